"""`make run` serves with several gunicorn workers and no Redis: they share one cache (files), so
that what staff publish or unpublish reaches the next anonymous visitor whichever worker answers."""

import collections
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
BIN = Path(sys.executable).parent
WORKERS = 3
# The worker's process id and the request's own number, so that each answer has its worker.
ACCESS_LOG = "%(p)s %({x-request-number}i)s %(s)s"

FIRST_PUBLISHED_PROJECT = """
from programme.models import Project
print(Project.objects.published().order_by("pk").first().get_absolute_url())
"""
UNPUBLISH = """
from django.contrib import admin
from programme.models import Project, PublicationStatus
projects = Project.objects.filter(slug="{slug}")
admin.site.get_model_admin(Project).set_publication(projects, PublicationStatus.DRAFT)
"""


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


class Server:
    """gunicorn started as `make run` starts it, with an access log that names each worker."""

    def __init__(self, env, log):
        self.log = log
        self.port = free_port()
        self.process = subprocess.Popen(
            [BIN / "gunicorn", "portal.wsgi", "--config", "gunicorn.conf.py"]
            + ["--access-logformat", ACCESS_LOG]
            # Not gunicorn's default control socket, which every gunicorn of the user shares.
            + ["--control-socket", str(log.with_name("gunicorn.ctl"))],
            cwd=ROOT,
            env={**env, "PORT": str(self.port)},
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
        )
        self.asked = 0

    def get(self, path, number=0):
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}", headers={"X-Request-Number": str(number)}
        )
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

    def workers_of(self, numbers):
        """The worker that answered each request, from the access log."""
        for _ in range(100):
            lines = re.findall(r"^<(\d+)> (\d+) \d+$", self.log.read_text(), re.M)
            answered = {number: worker for worker, number in lines}
            if all(str(number) in answered for number in numbers):
                return {number: answered[str(number)] for number in numbers}
            time.sleep(0.02)
        raise RuntimeError(f"requests missing from the access log:\n{self.log.read_text()}")

    def get_from_every_worker(self, path, burst=12, seconds=30):
        """Asks for `path`, `burst` at a time, until every worker has answered it at least once
        (a page from the cache takes a worker so little time that one may answer a whole burst)."""
        answers, workers = [], {}
        deadline = time.monotonic() + seconds
        with ThreadPoolExecutor(max_workers=burst) as pool:
            while time.monotonic() < deadline:
                numbers = range(self.asked + 1, self.asked + burst + 1)
                self.asked += burst
                answers += zip(numbers, pool.map(lambda n: self.get(path, n), numbers), strict=True)
                workers = self.workers_of([number for number, _answer in answers])
                if len(set(workers.values())) == WORKERS:
                    return [answer for _number, answer in answers], set(workers.values())
        answered = sorted(collections.Counter(workers.values()).values())
        raise AssertionError(f"{len(answers)} requests for {path}, per worker: {answered}")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


@pytest.fixture
def portal_env(tmp_path):
    """The environment of `make run`, with a database and a cache folder of this test."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("DJANGO_") and name not in ("DATABASE_URL", "REDIS_URL")
    }
    env.update(
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        DJANGO_CACHE_DIR=str(tmp_path / "cache"),
        DJANGO_HTTPS="false",
        DJANGO_SERVE_MEDIA="true",
        WEB_CONCURRENCY=str(WORKERS),
    )
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "seed")
    manage(env, "collectstatic", "--noinput", "-v0")
    return env


def test_make_run_workers_share_one_cache_so_unpublishing_reaches_them_all(portal_env, tmp_path):
    url = manage(portal_env, "shell", "-v0", "-c", FIRST_PUBLISHED_PROJECT).strip()
    slug = url.rstrip("/").rsplit("/", 1)[1]
    server = Server(portal_env, tmp_path / "gunicorn.log")
    try:
        server.wait_until_up()
        before, workers_before = server.get_from_every_worker(url)
        manage(portal_env, "shell", "-v0", "-c", UNPUBLISH.format(slug=slug))
        after, workers_after = server.get_from_every_worker(url)
    finally:
        server.stop()

    assert {status for status, _body in before} == {200}
    assert len(workers_before) == len(workers_after) == WORKERS
    assert {status for status, _body in after} == {404}
