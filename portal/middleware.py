from django.conf import settings
from django.http import HttpResponseBadRequest
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _


def permissions_policy(get_response):
    """Adds the Permissions-Policy header from settings.PERMISSIONS_POLICY to every response:
    {"camera": []} refuses the camera to everyone, {"fullscreen": ["self"]} allows it here."""
    header = ", ".join(
        f"{feature}=({' '.join(allowed)})"
        for feature, allowed in settings.PERMISSIONS_POLICY.items()
    )

    def middleware(request):
        response = get_response(request)
        response.headers.setdefault("Permissions-Policy", header)
        return response

    return middleware


def refuse_nul_bytes(get_response):
    """Answers 400 to an admin query or form with a NUL character in a name or value: no form or
    filter takes one, and PostgreSQL refuses it in a string (a 500 deep in Django's admin). The
    public pages read few parameters and drop NULs themselves (search words)."""
    admin_path = f"/{settings.ADMIN_PATH}"

    def middleware(request):
        if not request.path_info.startswith(admin_path):
            return get_response(request)
        for values in (request.GET, request.POST):
            if any("\x00" in text for name, items in values.lists() for text in (name, *items)):
                return HttpResponseBadRequest(
                    _("This request contains a NUL character, which this site never accepts."),
                    content_type="text/plain; charset=utf-8",
                )
        return get_response(request)

    return middleware


def private_for_staff(get_response):
    """Pages made for signed-in staff (the admin, previews of drafts) are never kept by a browser's
    cache or a proxy, whatever else they say."""

    def middleware(request):
        response = get_response(request)
        if signed_in_staff(request):
            patch_cache_control(response, private=True, no_store=True)
        return response

    return middleware


def signed_in_staff(request):
    """Whether a staff member made the request. Without a session cookie the session is not
    read: reading it would make the response vary on Cookie."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_staff
