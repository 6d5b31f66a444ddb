"""The portal served as `make run` serves it (gunicorn with gunicorn.conf.py and several workers),
for the tests that need real worker processes sharing one database."""

import contextlib
import fcntl
import http.cookiejar
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import lxml.html
import psycopg
from django.conf import settings
from django.urls import reverse
from psycopg import sql

ROOT = Path(settings.BASE_DIR)
BIN = Path(sys.executable).parent


# The xdist worker this process is ("gw0", ...), or "" outside xdist: databases and folders that
# outlive a test are named with it, so that workers never share one.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")


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
        DJANGO_MEDIA_ROOT=str(folder / "media"),
        DJANGO_PENDING_FILES_ROOT=str(folder / "pending"),
        DJANGO_HTTPS="false",
        DJANGO_SERVE_MEDIA="true",
        WEB_CONCURRENCY=str(workers),
    )
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "seed")
    # Workers share STATIC_ROOT: one collects at a time, and the others then find it up to date.
    with open(ROOT / ".collectstatic.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
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


@contextlib.contextmanager
def scratch_database(folder, suffix):
    """The address of a database of the kind the suite runs on: a SQLite file in `folder`, or a
    PostgreSQL database named after the suite's with `_<suffix>`, made here and dropped after."""
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        yield f"sqlite:///{folder / 'db.sqlite3'}"
        return
    suites = urllib.parse.urlsplit(os.environ["DATABASE_URL"])
    name = f"{suites.path.lstrip('/')}_{suffix}{WORKER}"
    server = suites._replace(path="/postgres").geturl()
    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(drop)
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield suites._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(server, autocommit=True) as connection:
            connection.execute(drop)


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class StaffBrowser:
    """One staff member's browser: cookies of its own, the languages it asks for
    (Accept-Language), and forms posted back with every field as the page holds it (lxml.html's
    form_values), changed where asked; redirects not followed."""

    def __init__(self, base_url, language=None):
        self.base_url = base_url
        self.headers = {"Origin": base_url, **({"Accept-Language": language} if language else {})}
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirects
        )

    def open(self, path, fields=None):
        """The status, Location and body of a GET, or of a POST of `fields` (name, value pairs)."""
        data = None if fields is None else urllib.parse.urlencode(fields).encode()
        request = urllib.request.Request(self.base_url + path, data=data, headers=self.headers)
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.headers["Location"], response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers["Location"], error.read().decode()

    def submit(self, path, form_id, changes):
        """Opens the page at `path` and posts its form `form_id` back to it with `changes`: the
        status and Location of the answer."""
        status, _location, body = self.open(path)
        if status != 200:
            return status, None
        form = lxml.html.fromstring(body).get_element_by_id(form_id)
        form.fields.update(changes)
        status, location, _body = self.open(path, form.form_values())
        return status, location

    def log_in(self, name, password):
        changes = {"username": name, "password": password}
        return self.submit(reverse("admin:login"), "login-form", changes)
