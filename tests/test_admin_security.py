"""Admin sign-in resists guessing: after five failures a user name is locked out from that
address for a while (django-axes), with a message in the staff member's language."""

import datetime
import re

import pytest
from axes.models import AccessAttempt
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


def test_admin_lockout_behind_a_proxy_counts_the_visitors_address(client, staff, settings):
    settings.PROXY_COUNT = 1
    proxy = "10.0.0.2"
    for forged in range(5):  # a guesser forging a different address each time
        sign_in(client, "staff", "wrong", proxy, HTTP_X_FORWARDED_FOR=f"203.0.113.{forged}, {HOME}")

    assert [
        signed_in(sign_in(client, "staff", PASSWORD, proxy, HTTP_X_FORWARDED_FOR=ELSEWHERE)),
        signed_in(sign_in(client, "staff", PASSWORD, proxy, HTTP_X_FORWARDED_FOR=HOME)),
    ] == [True, False]


def test_admin_lockout_ignores_forwarded_addresses_without_a_proxy(client, staff):
    for n in range(5):
        sign_in(client, "staff", "wrong", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")

    assert signed_in(sign_in(client, "staff", PASSWORD, HTTP_X_FORWARDED_FOR=ELSEWHERE)) is False


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
