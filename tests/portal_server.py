"""The portal served as `make run` serves it (gunicorn with gunicorn.conf.py and several workers),
for the tests that need real worker processes sharing one database."""

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
BIN = Path(sys.executable).parent


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env, *args):
    return subprocess.run(
        [BIN / "python", "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def make_run_environment(folder, *, database_url, workers):
    """The environment of `make run` on `database_url`, migrated and seeded, with a cache folder
    in `folder`."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("DJANGO_") and name not in ("DATABASE_URL", "REDIS_URL")
    }
    env.update(
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=database_url,
        DJANGO_CACHE_DIR=str(folder / "cache"),
        DJANGO_HTTPS="false",
        DJANGO_SERVE_MEDIA="true",
        WEB_CONCURRENCY=str(workers),
    )
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "seed")
    manage(env, "collectstatic", "--noinput", "-v0")
    return env


class Server:
    """gunicorn started as `make run` starts it, on a free port, logging to `log`; `options` are
    more of gunicorn's command-line options."""

    def __init__(self, env, log, *options):
        self.log = log
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [BIN / "gunicorn", "portal.wsgi", "--config", "gunicorn.conf.py", *options]
            # Not gunicorn's default control socket, which every gunicorn of the user shares.
            + ["--control-socket", str(log.with_name("gunicorn.ctl"))],
            cwd=ROOT,
            env={**env, "PORT": str(self.port)},
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
        )

    def get(self, path, headers=None):
        request = urllib.request.Request(f"{self.base_url}{path}", headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def wait_until_up(self):
        for _ in range(200):
            try:
                if self.get("/healthz")[0] == 200:
                    return
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.05)
        raise RuntimeError(f"gunicorn did not answer:\n{self.log.read_text()}")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)
