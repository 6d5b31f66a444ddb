"""`make run` serves with several gunicorn workers and no Redis: they share one cache (files), so
that what staff publish or unpublish reaches the next anonymous visitor whichever worker answers."""

import collections
import re
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from . import portal_server
from .portal_server import make_run_environment, manage

# Slow (it starts gunicorn): `make test-fast` leaves it out.
pytestmark = pytest.mark.slow

WORKERS = 3
# The worker's process id and the request's own number, so that each answer has its worker.
ACCESS_LOG = "%(p)s %({x-request-number}i)s %(s)s"

FIRST_PUBLISHED_PROJECT = """
from programme.models import Project
print(Project.objects.published().order_by("pk").first().get_absolute_url())
"""
UNPUBLISH = """
from programme import publishing
from programme.models import Project
publishing.unpublish(Project.objects.filter(slug="{slug}"), user=None)
"""


class Server(portal_server.Server):
    """The portal's gunicorn with an access log that names the worker of each request."""

    def __init__(self, env, log):
        super().__init__(env, log, "--access-logformat", ACCESS_LOG)
        self.asked = 0

    def get_numbered(self, path, number):
        return self.get(path, headers={"X-Request-Number": str(number)})

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
                answers += zip(
                    numbers, pool.map(lambda n: self.get_numbered(path, n), numbers), strict=True
                )
                workers = self.workers_of([number for number, _answer in answers])
                if len(set(workers.values())) == WORKERS:
                    return [answer for _number, answer in answers], set(workers.values())
        answered = sorted(collections.Counter(workers.values()).values())
        raise AssertionError(f"{len(answers)} requests for {path}, per worker: {answered}")


@pytest.fixture
def portal_env(tmp_path):
    """The environment of `make run`, with a database and a cache folder of this test."""
    return make_run_environment(
        tmp_path, database_url=f"sqlite:///{tmp_path / 'db.sqlite3'}", workers=WORKERS
    )


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
