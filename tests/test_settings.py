import os
import subprocess
import sys
from pathlib import Path

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
