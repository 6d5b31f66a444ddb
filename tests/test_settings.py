import ast
import os
import string
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent


def start_django(**env):
    """Load the settings in a fresh interpreter, as gunicorn or manage.py would."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(env, DJANGO_SETTINGS_MODULE="portal.settings")
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings;"
            " print(settings.DEBUG)",
        ],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )


def test_production_without_a_secret_key_refuses_to_start():
    result = start_django()

    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == (
        "django.core.exceptions.ImproperlyConfigured: DJANGO_SECRET_KEY is not set. Production "
        "refuses to start without it; set it, or set DJANGO_DEBUG=true on a development machine."
    )


def test_debug_is_off_unless_asked_for():
    assert [
        start_django(DJANGO_SECRET_KEY="k").stdout,
        start_django(DJANGO_SECRET_KEY="k", DJANGO_DEBUG="no").stdout,
        start_django(DJANGO_DEBUG="true").stdout,
    ] == ["False\n", "False\n", "True\n"]


# A key as long and varied as production's must be (check --deploy tells a weak one).
PRODUCTION = {
    "DJANGO_SECRET_KEY": string.ascii_letters + string.digits,
    "DJANGO_ALLOWED_HOSTS": "portal.example",
}


def django_says(expression, **env):
    """The repr of a Python expression evaluated once the settings are loaded from `env`."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(env, DJANGO_SETTINGS_MODULE="portal.settings")
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings;"
            f" from django.urls import reverse; print(repr({expression}))",
        ],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_check_deploy_is_clean_in_production():
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(PRODUCTION, DJANGO_SETTINGS_MODULE="portal.settings")

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )

    assert (result.returncode, result.stdout) == (
        0,
        "System check identified no issues (1 silenced).\n",
    )


def test_production_serves_https_only_and_debug_or_a_single_machine_keep_http():
    expression = (
        "(settings.SECURE_SSL_REDIRECT, settings.SESSION_COOKIE_SECURE,"
        " settings.CSRF_COOKIE_SECURE, settings.SECURE_HSTS_SECONDS)"
    )
    assert [
        django_says(expression, **PRODUCTION),
        django_says(expression, **PRODUCTION, DJANGO_SECURE_HSTS_SECONDS="600"),
        django_says(expression, DJANGO_DEBUG="true"),
        django_says(expression, **PRODUCTION, DJANGO_HTTPS="false"),
    ] == [
        "(True, True, True, 31536000)",
        "(True, True, True, 600)",
        "(False, False, False, 0)",
        # Django sends HSTS only in answers over https, so plain http goes without.
        "(False, False, False, 31536000)",
    ]


def test_admin_path_comes_from_the_environment():
    assert [
        django_says("reverse('admin:index')", **PRODUCTION),
        django_says("reverse('admin:index')", **PRODUCTION, DJANGO_ADMIN_PATH="/quan-tri-7f3a/"),
    ] == ["'/admin/'", "'/quan-tri-7f3a/'"]


def test_media_storage_comes_from_the_environment():
    expression = (
        "(settings.STORAGES['default'], settings.MEDIA_URL,"
        " settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'])"
    )
    assert [
        django_says(expression, **PRODUCTION),
        django_says(
            expression,
            **PRODUCTION,
            DJANGO_MEDIA_STORAGE="storages.backends.s3.S3Storage",
            DJANGO_MEDIA_STORAGE_OPTIONS='{"bucket_name": "portal-media"}',
            DJANGO_MEDIA_URL="https://media.portal.example/",
        ),
    ] == [
        "({'BACKEND': 'django.core.files.storage.FileSystemStorage', 'OPTIONS': {}},"
        " '/media/', [\"'self'\", 'data:'])",
        "({'BACKEND': 'storages.backends.s3.S3Storage',"
        " 'OPTIONS': {'bucket_name': 'portal-media'}}, 'https://media.portal.example/',"
        " [\"'self'\", 'data:', 'https://media.portal.example'])",
    ]


def test_each_database_has_a_cache_folder_of_its_own():
    def cache_dir(**env):
        return django_says("str(settings.CACHE_DIR)", **PRODUCTION, **env)

    one = cache_dir(DATABASE_URL="sqlite:////tmp/portal-one.sqlite3")

    assert [
        cache_dir(DATABASE_URL="sqlite:////tmp/portal-one.sqlite3") == one,
        cache_dir(DATABASE_URL="sqlite:////tmp/portal-two.sqlite3") == one,
        cache_dir(DATABASE_URL="postgres://postgres@127.0.0.1:5432/portal") == one,
        Path(ast.literal_eval(one)).parent == ROOT / "cache",
        cache_dir(DJANGO_CACHE_DIR="/srv/portal-cache"),
    ] == [True, False, False, True, "'/srv/portal-cache'"]


def test_sqlite_writers_wait_their_turn_unless_the_database_url_says_otherwise():
    def options(url):
        return django_says(
            "settings.DATABASES['default'].get('OPTIONS')", **PRODUCTION, DATABASE_URL=url
        )

    assert [
        options("sqlite:////tmp/portal.sqlite3"),
        options("sqlite:////tmp/portal.sqlite3?timeout=5"),
        options("postgres://postgres@127.0.0.1:5432/portal"),
    ] == [
        "{'transaction_mode': 'IMMEDIATE', 'timeout': 20,"
        " 'init_command': 'PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL'}",
        "{'transaction_mode': 'IMMEDIATE', 'timeout': 5,"
        " 'init_command': 'PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL'}",
        "{'connect_timeout': 5}",
    ]


def policy(header):
    """A Content-Security-Policy header as {directive: value}, whatever the order."""
    return dict(directive.split(" ", 1) for directive in header.split("; "))


@pytest.mark.django_db
def test_every_response_carries_the_security_headers(client):
    urls = ["/vi/", "/en/projects/", "/healthz", reverse("admin:login"), "/vi/no-such-page/"]

    responses = {url: client.get(url, secure=True) for url in urls}

    assert {
        url: (
            policy(response["Content-Security-Policy"]),
            response.get("Strict-Transport-Security"),
            response.get("X-Content-Type-Options"),
            response.get("X-Frame-Options"),
            response.get("Referrer-Policy"),
            response.get("Permissions-Policy"),
        )
        for url, response in responses.items()
    } == dict.fromkeys(
        urls,
        (
            {
                "default-src": "'self'",
                "script-src": "'self'",
                "style-src": "'self'",
                "img-src": "'self' data:",
                "object-src": "'none'",
                "base-uri": "'self'",
                "form-action": "'self'",
                "frame-ancestors": "'none'",
            },
            "max-age=31536000; includeSubDomains",
            "nosniff",
            "DENY",
            "same-origin",
            "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
            "microphone=(), payment=(), usb=()",
        ),
    )


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_http_only(client, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    User.objects.create_user("staff", password="a long test password", is_staff=True)

    form = client.get(reverse("admin:login"))
    signed_in = client.post(
        reverse("admin:login"), {"username": "staff", "password": "a long test password"}
    )

    assert (form.cookies["csrftoken"]["httponly"], signed_in.cookies["sessionid"]["httponly"]) == (
        True,
        True,
    )


@pytest.mark.django_db
def test_http_is_redirected_to_https_except_the_health_check(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    responses = [client.get("/vi/du-an/"), client.get("/healthz")]

    assert [(r.status_code, r.get("Location")) for r in responses] == [
        (301, "https://testserver/vi/du-an/"),
        (200, None),
    ]
