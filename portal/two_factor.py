"""Staff's second factor (django-otp): a code from an authenticator app (TOTP), or one of ten
single-use recovery codes. Required of every staff member when SECOND_FACTOR_REQUIRED (HTTPS,
production), and of anyone who has set one up; set up at the first sign-in. Until a staff member
has given a code in this session, the admin shows only the pages that ask for it, and public
pages treat them as a visitor (no previews). The app is set up through a one-time link that an
administrator makes (enrolment_path()) and hands over, so that knowing a password is not enough
to take an account's second factor."""

import base64

import django_otp
import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import logout
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.models import Session
from django.core import signing
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .middleware import signed_in_staff


def needs_second_factor(user):
    return settings.SECOND_FACTOR_REQUIRED or django_otp.user_has_device(user)


def second_factor_required(get_response):
    """Sends staff who have not given their second factor in this session to the page that asks
    for it (or sets it up), from every admin page but those few."""

    def middleware(request):
        user = request.user
        if signed_in_staff(request) and not user.is_verified() and needs_second_factor(user):
            if not request.path_info.startswith(f"/{settings.ADMIN_PATH}"):
                request.user = AnonymousUser()
            elif request.path_info not in open_paths():
                return redirect_to_second_factor(request)
        return get_response(request)

    return middleware


def open_paths():
    """The admin pages that staff reach before giving their second factor."""
    names = ["second-factor-verify", "second-factor-setup", "admin:login", "admin:logout"]
    return {reverse(name) for name in names}


def redirect_to_second_factor(request):
    has_device = django_otp.user_has_device(request.user)
    page = reverse("second-factor-verify" if has_device else "second-factor-setup")
    next_page = request.get_full_path() if request.method == "GET" else reverse("admin:index")
    return redirect(f"{page}?{urlencode({'next': next_page})}")


def next_page(request):
    """Where to go once the code is given: the page asked for, if it is on this site."""
    candidate = request.POST.get("next") or request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("admin:index")


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )

    def __init__(self, *args, device=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.device, self.user = device, user

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split()).lower()
        if self.device is not None:
            matched = self.device if self.device.verify_token(code) else None
        else:
            matched = django_otp.match_token(self.user, code)
        if matched is None:
            raise forms.ValidationError(
                _(
                    "This code is not right, or it has been used already. Type the code your "
                    "app shows now, or an unused recovery code; after several wrong codes, wait "
                    "a few seconds before the next."
                ),
                code="wrong_code",
            )
        self.device = matched
        return code


def admin_page(request, template, context, status=200):
    context = {**admin.site.each_context(request), **context}
    return render(request, template, context, status=status)


def qr_code_data_url(text):
    """`text` as a QR code: an SVG image in a data: address, made here (no outside service)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return "data:image/svg+xml;base64," + base64.b64encode(image.to_string()).decode()


def new_recovery_codes(user):
    """Ten new single-use recovery codes for `user`, replacing any earlier ones: shown once."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=str(_("Recovery codes")))
        codes = [StaticToken.random_token() for _ in range(settings.RECOVERY_CODES)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


ENROLMENT_SALT = "portal.second-factor-enrolment"
ENROLMENT_DAYS = 7


def enrolment_path(user):
    """A new one-time address at which `user`, signed in, sets up their authenticator app: what
    an administrator hands over to a new staff member, or to one whose second factor was reset.
    It replaces `user`'s app and recovery codes (a reset) and any earlier link, and stops working
    once used, after ENROLMENT_DAYS, or when another is made."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        name = str(_("Authenticator app"))
        device = TOTPDevice.objects.create(user=user, name=name, confirmed=False)
    token = signing.dumps({"user": user.pk, "device": device.pk}, salt=ENROLMENT_SALT)
    return f"{reverse('second-factor-setup')}?{urlencode({'enrol': token})}"


def enrolling_device(request):
    """The app, not yet confirmed, that the enrolment link of this request names for the signed-in
    staff member, or None: no link, someone else's, used, replaced or expired."""
    token = request.POST.get("enrol") or request.GET.get("enrol", "")
    try:
        named = signing.loads(token, salt=ENROLMENT_SALT, max_age=ENROLMENT_DAYS * 24 * 60 * 60)
    except signing.BadSignature:
        return None
    if not isinstance(named, dict) or named.get("user") != request.user.pk:
        return None
    return TOTPDevice.objects.filter(
        user=request.user, pk=named.get("device"), confirmed=False
    ).first()


@admin.site.admin_view
def setup(request):
    """Setting up the app, through the enrolment link an administrator handed over (never by
    whoever happens to sign in first with the password): the app scans a QR code, and its first
    code confirms it. Without a valid link, the page says to ask for one."""
    user = request.user
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return redirect(reverse("account-security"))
    device = enrolling_device(request)
    if device is None:
        context = {"title": _("Ask for your set-up link")}
        return admin_page(request, "admin/two_factor/link_needed.html", context, status=403)
    form = CodeForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        django_otp.login(request, device)
        context = {"codes": new_recovery_codes(user), "next": next_page(request)}
        return admin_page(request, "admin/two_factor/recovery_codes.html", context)
    context = {
        "title": _("Set up your second sign-in step"),
        "form": form,
        "qr_code": qr_code_data_url(device.config_url),
        "key": base64.b32encode(device.bin_key).decode(),
        "next": next_page(request),
        "enrol": request.POST.get("enrol") or request.GET.get("enrol"),
    }
    return admin_page(request, "admin/two_factor/setup.html", context)


@admin.site.admin_view
def verify(request):
    """The second step of each sign-in: a code from the app, or a recovery code."""
    if request.user.is_verified():
        return redirect(next_page(request))
    form = CodeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        django_otp.login(request, form.device)
        return redirect(next_page(request))
    context = {"title": _("Second sign-in step"), "form": form, "next": next_page(request)}
    return admin_page(request, "admin/two_factor/verify.html", context)


@admin.site.admin_view
def account(request):
    """The staff member's second factor, recovery codes, and signing out everywhere."""
    user = request.user
    context = {
        "title": _("Account security"),
        "has_app": TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
        "recovery_codes_left": StaticToken.objects.filter(device__user=user).count(),
    }
    return admin_page(request, "admin/two_factor/account.html", context)


@require_POST
@admin.site.admin_view
def recovery_codes(request):
    """New recovery codes, for a staff member whose app is set up: codes without an app would
    turn the second factor on with nothing but the codes to give."""
    if not TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        messages.error(
            request, _("Recovery codes come with an authenticator app: set one up first.")
        )
        return redirect(reverse("account-security"))
    context = {"codes": new_recovery_codes(request.user), "next": reverse("account-security")}
    return admin_page(request, "admin/two_factor/recovery_codes.html", context)


def end_sessions_of(user):
    """Ends every session of `user`, on every browser. Only staff have sessions, so there are few
    to read."""
    sessions = Session.objects.filter(expire_date__gt=timezone.now())
    ended = [s.pk for s in sessions if s.get_decoded().get("_auth_user_id") == str(user.pk)]
    Session.objects.filter(pk__in=ended).delete()


@require_POST
@admin.site.admin_view
def sign_out_everywhere(request):
    end_sessions_of(request.user)
    logout(request)
    return redirect(reverse("admin:login"))
