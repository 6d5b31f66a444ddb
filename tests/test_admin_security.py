"""Admin sign-in resists guessing: after five failures a user name is locked out from that
address for a while, and after twenty failures across names the address itself (django-axes),
with a message in the staff member's language. The visitor's address comes from X-Forwarded-For
only when a trusted proxy sends the request."""

import datetime
import re

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

PASSWORD = "a long test password"
HOME = "192.0.2.10"
ELSEWHERE = "198.51.100.20"


@pytest.fixture
def staff(db, settings):
    # Every attempt checks a password: a fast hasher keeps these tests quick.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    User.objects.create_user("staff", password=PASSWORD, is_staff=True)
    User.objects.create_user("colleague", password=PASSWORD, is_staff=True)


def sign_in(client, username, password, address=HOME, language="vi", **headers):
    client.logout()
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=address,
        HTTP_ACCEPT_LANGUAGE=language,
        **headers,
    )


def fail_five_times(client, username="staff", language="vi"):
    return [
        sign_in(client, username, "wrong guess", language=language).status_code for _ in range(5)
    ]


def lockout_message(response):
    html = response.content.decode()
    match = re.search(r'<p class="errornote" data-testid="locked-out">(.*?)</p>', html, re.S)
    return " ".join(match.group(1).split())


def signed_in(response):
    return response.status_code == 302 and response.url == reverse("admin:index")


def test_admin_sign_in_locks_out_after_five_failures_even_with_the_right_password(client, staff):
    assert fail_five_times(client) == [200, 200, 200, 200, 429]

    response = sign_in(client, "staff", PASSWORD)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_admin_lockout_is_for_that_user_from_that_address_only(client, staff):
    fail_five_times(client)

    assert [
        signed_in(sign_in(client, "colleague", PASSWORD)),
        signed_in(sign_in(client, "staff", PASSWORD, address=ELSEWHERE)),
        signed_in(sign_in(client, "staff", PASSWORD)),
    ] == [True, True, False]


PROXY = "10.0.0.2"


def test_admin_lockout_behind_a_proxy_counts_the_visitors_address(client, staff, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    for forged in range(5):  # a guesser forging a different address each time
        sign_in(client, "staff", "wrong", PROXY, HTTP_X_FORWARDED_FOR=f"203.0.113.{forged}, {HOME}")

    assert [
        signed_in(sign_in(client, "staff", PASSWORD, PROXY, HTTP_X_FORWARDED_FOR=ELSEWHERE)),
        signed_in(sign_in(client, "staff", PASSWORD, PROXY, HTTP_X_FORWARDED_FOR=HOME)),
    ] == [True, False]


def test_admin_lockout_through_two_trusted_proxies_counts_the_visitors_address(
    client, staff, settings
):
    settings.TRUSTED_PROXIES = ["10.0.0.2", "10.0.0.3"]
    for forged in range(5):
        forwarded = f"203.0.113.{forged}, {HOME}, 10.0.0.3"
        sign_in(client, "staff", "wrong", PROXY, HTTP_X_FORWARDED_FOR=forwarded)

    assert [
        signed_in(sign_in(client, "staff", PASSWORD, PROXY, HTTP_X_FORWARDED_FOR=ELSEWHERE)),
        signed_in(sign_in(client, "staff", PASSWORD, PROXY, HTTP_X_FORWARDED_FOR=HOME)),
    ] == [True, False]


def test_admin_lockout_ignores_forwarded_addresses_from_an_untrusted_sender(
    client, staff, settings
):
    """A request that reaches gunicorn directly cannot choose its address, even when a proxy is
    configured: only the proxy's X-Forwarded-For counts."""
    settings.TRUSTED_PROXIES = [PROXY]
    for n in range(5):
        sign_in(client, "staff", "wrong", HOME, HTTP_X_FORWARDED_FOR=f"{PROXY}, 203.0.113.{n}")

    assert signed_in(sign_in(client, "staff", PASSWORD, HTTP_X_FORWARDED_FOR=ELSEWHERE)) is False


def test_admin_lockout_takes_the_proxy_when_it_forwards_no_address(client, staff, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    for junk in ("", "not-an-address", "203.0.113.5\x00"):
        sign_in(client, "staff", "wrong", PROXY, HTTP_X_FORWARDED_FOR=junk)

    assert list(AccessAttempt.objects.values_list("ip_address", "failures_since_start")) == [
        (PROXY, 3)
    ]


def test_admin_lockout_counts_failures_of_an_address_across_user_names(client, staff):
    """Password spraying: one guess for each of many names from one address."""
    statuses = [
        sign_in(client, f"name-{n}", "Tr0ub4dor&3").status_code
        for n in range(settings.LOGIN_FAILURES_PER_ADDRESS)
    ]

    assert statuses == [200] * (settings.LOGIN_FAILURES_PER_ADDRESS - 1) + [429]
    assert [
        signed_in(sign_in(client, "staff", PASSWORD)),
        signed_in(sign_in(client, "staff", PASSWORD, address=ELSEWHERE)),
    ] == [False, True]
    assert lockout_message(sign_in(client, "colleague", PASSWORD, language="en")) == (
        "Signing in from this address failed 20 times, so it is locked for 15 minutes. "
        "Try again later, or ask an administrator to unlock it."
    )


def test_admin_sign_in_of_one_account_does_not_lift_the_lockout_of_its_address(client, staff):
    for n in range(settings.LOGIN_FAILURES_PER_ADDRESS - 1):
        sign_in(client, f"name-{n}", "wrong")

    colleague = signed_in(sign_in(client, "colleague", PASSWORD))
    last_guess = sign_in(client, "name-last", "wrong").status_code

    assert (colleague, last_guess) == (True, 429)


def test_admin_lockout_of_an_address_is_lifted_by_the_reset_command(client, staff):
    for n in range(settings.LOGIN_FAILURES_PER_ADDRESS):
        sign_in(client, f"name-{n}", "wrong")

    call_command("axes_reset_ip", HOME, verbosity=0)

    assert signed_in(sign_in(client, "staff", PASSWORD))


def test_admin_lockout_message_is_in_vietnamese_by_default(client, staff):
    fail_five_times(client)

    response = sign_in(client, "staff", PASSWORD)

    assert lockout_message(response) == (
        "Đăng nhập với tên “staff” từ địa chỉ này đã thất bại 5 lần nên bị khóa trong 15 phút. "
        "Hãy thử lại sau hoặc nhờ quản trị viên mở khóa."
    )
    assert '<html lang="vi"' in response.content.decode()


def test_admin_lockout_message_is_in_english_for_english_staff(client, staff):
    fail_five_times(client, language="en")

    response = sign_in(client, "staff", PASSWORD, language="en")

    assert lockout_message(response) == (
        "Signing in as “staff” from this address failed 5 times, so it is locked for 15 minutes. "
        "Try again later, or ask an administrator to unlock it."
    )


def test_admin_lockout_ends_after_the_cool_off(client, staff):
    fail_five_times(client)
    # Fifteen minutes and a second pass.
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - datetime.timedelta(minutes=15, seconds=1)
    )

    assert signed_in(sign_in(client, "staff", PASSWORD))


def test_admin_lockout_is_lifted_by_the_reset_command(client, staff):
    fail_five_times(client)

    call_command("axes_reset_username", "staff", verbosity=0)

    assert signed_in(sign_in(client, "staff", PASSWORD))


def test_admin_sign_in_success_clears_earlier_failures(client, staff):
    def four_failures():
        return [sign_in(client, "staff", "wrong guess").status_code for _ in range(4)]

    before = four_failures()
    success = signed_in(sign_in(client, "staff", PASSWORD))
    after = four_failures()

    assert (before, success, after) == ([200] * 4, True, [200] * 4)


def test_admin_lists_no_lockout_records_it_cannot_show_in_vietnamese(admin_client):
    html = admin_client.get(reverse("admin:index")).content.decode()

    assert (f'href="{reverse("admin:index")}axes/"' in html, "Access attempts" in html) == (
        False,
        False,
    )


def test_admin_sign_in_with_an_overlong_user_name_locks_out_that_name(client, staff):
    name = "a" * 2000

    statuses = fail_five_times(client, username=name)

    assert statuses == [200, 200, 200, 200, 429]
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["a" * 255]
