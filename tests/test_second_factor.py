"""Staff's second factor (portal/two_factor.py): set up at the first sign-in with a QR code,
asked for at each sign-in (an app's code or a recovery code), required wherever the portal runs
over HTTPS; staff sessions that end after 8 idle hours and on "sign out everywhere"; passwords of
12 characters or more that are not common."""

import io
import re
from urllib.parse import unquote

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "a long test password"


@pytest.fixture
def required(settings):
    settings.SECOND_FACTOR_REQUIRED = True


@pytest.fixture
def staff(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return User.objects.create_user("staff", password=PASSWORD, is_staff=True, is_superuser=True)


def app_code(device):
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


def confirmed_device(user):
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def sign_in(client, language="vi"):
    return client.post(
        reverse("admin:login"),
        {"username": "staff", "password": PASSWORD, "next": reverse("admin:index")},
        HTTP_ACCEPT_LANGUAGE=language,
        follow=True,
    )


def errors(response):
    return response.context["form"].errors["code"]


WRONG_CODE_VI = [
    "Mã này không đúng hoặc đã được dùng. Hãy nhập mã ứng dụng đang hiển thị, hoặc một mã "
    "dự phòng chưa dùng; sau vài lần nhập sai, hãy đợi vài giây trước khi thử lại."
]


def administrator_makes_a_link(settings, username="staff"):
    """The staff list's action, as a superuser who has given their own second factor (here, by
    asking for none while they make it)."""
    boss = User.objects.get_or_create(username="boss", is_staff=True, is_superuser=True)[0]
    admin = Client()
    admin.force_login(boss)
    pk = User.objects.get(username=username).pk
    required, settings.SECOND_FACTOR_REQUIRED = settings.SECOND_FACTOR_REQUIRED, False
    page = admin.post(
        reverse("admin:auth_user_changelist"),
        {"action": "make_second_factor_links", "_selected_action": [pk], "index": "0"},
    )
    settings.SECOND_FACTOR_REQUIRED = required
    (link,) = re.findall(r'data-testid="second-factor-link">([^<]+)<', page.content.decode())
    return link.replace("&amp;", "&").removeprefix("http://testserver")


def test_first_sign_in_without_a_link_cannot_set_up_an_app(client, staff, required):
    """Knowing the password is not enough to take the account's second factor."""
    page = sign_in(client)

    assert page.redirect_chain[-1] == (f"{reverse('second-factor-setup')}?next=%2Fadmin%2F", 302)
    assert page.status_code == 403
    assert 'data-testid="second-factor-link-needed"' in page.content.decode()
    assert "Hãy nhờ quản trị viên" in page.content.decode()
    assert TOTPDevice.objects.filter(user=staff).exists() is False


def test_staff_set_up_their_app_through_the_administrators_one_time_link(
    client, staff, required, settings
):
    link = administrator_makes_a_link(settings)
    sign_in(client)

    page = client.get(link)

    html = page.content.decode()
    assert re.search(r'<img src="data:image/svg\+xml;base64,[A-Za-z0-9+/=]+"', html) is not None
    device = TOTPDevice.objects.get(user=staff)
    assert (device.confirmed, client.get(reverse("admin:index")).status_code) == (False, 302)

    token = link.split("enrol=")[1]
    shown = client.post(
        reverse("second-factor-setup"),
        {"code": app_code(device), "next": "/admin/", "enrol": unquote(token)},
    )

    codes = re.findall(r"<li><code>(\w+)</code></li>", shown.content.decode())
    assert (len(codes), sorted(StaticToken.objects.values_list("token", flat=True))) == (
        10,
        sorted(codes),
    )
    device.refresh_from_db()
    assert (device.confirmed, client.get(reverse("admin:index")).status_code) == (True, 200)
    # Used: the link sets up nothing more, for anyone.
    again = Client()
    again.force_login(staff)
    assert again.get(link).status_code == 302


def test_a_link_works_only_for_its_own_account_and_only_the_newest(
    client, staff, required, settings
):
    first = administrator_makes_a_link(settings)
    newest = administrator_makes_a_link(settings)
    User.objects.create_user("other", password=PASSWORD, is_staff=True)
    other = Client()
    other.force_login(User.objects.get(username="other"))
    sign_in(client)

    assert [
        other.get(newest).status_code,
        client.get(first).status_code,
        client.get(newest).status_code,
    ] == [403, 403, 200]


def test_setup_refuses_a_wrong_code_in_vietnamese(client, staff, required, settings):
    link = administrator_makes_a_link(settings)
    sign_in(client)

    response = client.post(
        reverse("second-factor-setup"),
        {"code": "000000", "enrol": unquote(link.split("enrol=")[1])},
    )

    assert errors(response) == WRONG_CODE_VI
    assert TOTPDevice.objects.get(user=staff).confirmed is False


def test_recovery_codes_are_refused_before_an_app_is_set_up(client, staff):
    """Over plain http the second factor is optional: codes alone would switch it on."""
    client.force_login(staff)

    response = client.post(reverse("recovery-codes"), follow=True)

    assert response.redirect_chain == [(reverse("account-security"), 302)]
    assert StaticToken.objects.exists() is False
    assert client.get(reverse("admin:index")).status_code == 200
    assert [str(m) for m in response.context["messages"]] == [
        "Mã dự phòng đi kèm ứng dụng xác thực: hãy thiết lập ứng dụng trước."
    ]


WRONG_CODE_EN = [
    "This code is not right, or it has been used already. Type the code your app shows now, "
    "or an unused recovery code; after several wrong codes, wait a few seconds before the next."
]


def test_sign_in_asks_for_the_apps_code(client, staff, required):
    device = confirmed_device(staff)

    page = sign_in(client, language="en")
    right = client.post(
        reverse("second-factor-verify"), {"code": app_code(device), "next": "/admin/"}
    )

    assert page.redirect_chain[-1] == (f"{reverse('second-factor-verify')}?next=%2Fadmin%2F", 302)
    assert (right.status_code, right.url) == (302, "/admin/")
    assert client.get(reverse("admin:index")).status_code == 200


def test_sign_in_refuses_a_wrong_code(client, staff, required):
    confirmed_device(staff)
    sign_in(client, language="en")

    wrong = client.post(
        reverse("second-factor-verify"), {"code": "12345"}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert errors(wrong) == WRONG_CODE_EN
    assert client.get(reverse("admin:index")).status_code == 302


def test_recovery_code_signs_in_once(client, staff, required):
    device = confirmed_device(staff)
    client.force_login(staff)
    client.post(reverse("second-factor-verify"), {"code": app_code(device)})
    codes = re.findall(
        r"<code>(\w+)</code>", client.post(reverse("recovery-codes")).content.decode()
    )
    first, second = Client(), Client()
    for browser in (first, second):
        sign_in(browser, language="en")

    used = first.post(reverse("second-factor-verify"), {"code": codes[0]})
    used_again = second.post(reverse("second-factor-verify"), {"code": codes[0]})

    assert (used.status_code, first.get(reverse("admin:index")).status_code) == (302, 200)
    assert (errors(used_again), StaticToken.objects.count()) == (WRONG_CODE_VI, 9)


def test_staff_without_the_second_step_see_public_pages_as_visitors(
    client, staff, required, publication_states
):
    draft = "/vi/du-an/draft/"
    sign_in(client)
    before = client.get(draft).status_code
    client.force_login(staff)
    device = confirmed_device(staff)
    client.post(reverse("second-factor-verify"), {"code": app_code(device)})

    response = client.get(draft)

    assert (before, response.status_code, response["Cache-Control"]) == (
        404,
        200,
        "private, no-store",
    )


def test_second_factor_is_optional_over_plain_http(client, staff, settings):
    settings.SECOND_FACTOR_REQUIRED = False

    page = sign_in(client)

    assert (page.redirect_chain, page.status_code) == ([("/admin/", 302)], 200)


def test_second_factor_is_required_over_https_by_default():
    from tests.test_settings import PRODUCTION, django_says

    assert django_says("settings.SECOND_FACTOR_REQUIRED", **PRODUCTION) == "True"
    assert django_says("settings.SECOND_FACTOR_REQUIRED", **PRODUCTION, DJANGO_HTTPS="false") == (
        "False"
    )


def test_admin_pages_for_staff_are_private_and_not_stored(admin_client):
    response = admin_client.get(reverse("admin:programme_project_changelist"))

    assert set(response["Cache-Control"].split(", ")) >= {"private", "no-store"}


def test_staff_session_ends_after_eight_idle_hours(client, staff):
    sign_in(client)

    response = client.get(reverse("admin:index"))

    assert (response.status_code, response.cookies["sessionid"]["max-age"]) == (200, 8 * 60 * 60)


def test_sign_out_everywhere_ends_every_session_of_that_member(client, staff):
    other_browser, colleague = Client(), Client()
    for browser in (client, other_browser):
        sign_in(browser)
    User.objects.create_user("colleague", password=PASSWORD, is_staff=True)
    colleague.force_login(User.objects.get(username="colleague"))

    response = client.post(reverse("sign-out-everywhere"))

    assert (response.status_code, response.url) == (302, reverse("admin:login"))
    assert [
        browser.get(reverse("admin:index")).status_code
        for browser in (client, other_browser, colleague)
    ] == [302, 302, 200]


def test_reset_second_factor_command_makes_staff_set_up_again_through_its_link(
    client, staff, required
):
    confirmed_device(staff)
    output = io.StringIO()
    call_command("reset_second_factor", "staff", stdout=output)
    link = output.getvalue().split(": ")[-1].strip()

    page = sign_in(client)

    assert page.redirect_chain[-1][0].startswith(reverse("second-factor-setup"))
    assert (page.status_code, client.get(link).status_code) == (403, 200)
    assert TOTPDevice.objects.filter(user=staff, confirmed=True).exists() is False


def change_password(client, staff, password):
    client.force_login(staff)
    return client.post(
        reverse("admin:password_change"),
        {"old_password": PASSWORD, "new_password1": password, "new_password2": password},
        HTTP_ACCEPT_LANGUAGE="en",
    )


@pytest.mark.parametrize(
    ("password", "error"),
    [
        ("Tr0ub4dor", "This password is too short. It must contain at least 12 characters."),
        ("password1234", "This password is too common."),
    ],
)
def test_staff_password_short_or_common_is_refused(client, staff, password, error):
    response = change_password(client, staff, password)

    assert response.context["form"].errors["new_password2"] == [error]


def test_staff_password_long_and_uncommon_is_taken(client, staff):
    response = change_password(client, staff, "mưa rào chiều thứ bảy")

    assert (response.status_code, response.url) == (302, reverse("admin:password_change_done"))
