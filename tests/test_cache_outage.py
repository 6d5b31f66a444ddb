"""The cache fails open: with Redis stopped, at a dead port or hanging, every page is served,
made fresh, and /healthz reports the cache as down; when Redis comes back with pages older than
the content, none of them is served."""

import contextlib
import logging
import shutil
import signal
import socket
import subprocess
import threading
import time

import pytest
import redis
from django.core.cache import cache
from redis.backoff import NoBackoff
from redis.retry import Retry

from portal import cache as page_cache
from portal.settings import redis_cache
from programme.models import Project

from .portal_server import free_port
from .public.content import make_programme
from .test_caching import heading

# Slow (it starts gunicorn and Redis servers): `make test-fast` leaves it out.
pytestmark = pytest.mark.slow

REDIS_SERVER = shutil.which("redis-server")
DEGRADED = {"status": "degraded", "database": "up", "cache": "down"}
OK = {"status": "ok", "database": "up", "cache": "up"}


class RedisServer:
    """A redis-server of this test alone, on a free port, keeping its data in `folder` only when
    told to (SHUTDOWN SAVE), so that it can come back with what it held."""

    def __init__(self, folder):
        self.folder = folder
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
            + ["--appendonly", "no", "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port, socket_connect_timeout=0.5)
        for _ in range(100):
            try:
                client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError(f"redis-server did not start on port {self.port}")

    def shut_down(self, *, keep_data=False):
        # Without redis-py's retries, which would wait seconds for the server it has just stopped.
        client = redis.Redis(port=self.port, retry=Retry(NoBackoff(), 0))
        with contextlib.suppress(redis.ConnectionError):
            client.shutdown(save=keep_data, nosave=not keep_data)
        self.process.wait(timeout=10)

    def hang(self):
        self.process.send_signal(signal.SIGSTOP)

    def resume(self):
        self.process.send_signal(signal.SIGCONT)

    def kill(self):
        if self.process.poll() is None:
            self.resume()
            self.process.kill()
            self.process.wait(timeout=10)


@pytest.fixture
def redis_server(tmp_path, settings):
    """The portal's cache on a redis-server the test may stop."""
    if REDIS_SERVER is None:
        pytest.skip("redis-server is not installed")
    server = RedisServer(tmp_path)
    server.start()
    # Asked again at once after a failure: these tests stop and start Redis within a second.
    settings.CACHES = {"default": redis_cache(server.url, retry_after=0)}
    yield server
    server.kill()
    page_cache.purge_owed.clear()


@pytest.fixture
def content(db):
    return make_programme()


@pytest.fixture
def project_page(content):
    return f"/en/projects/{content['projects'][0].slug_en}/"


def rename(project, title):
    Project.objects.filter(pk=project.pk).update(title_en=title)


class TooSlow(Exception):
    """Not a TimeoutError, which redis-py would take for its own socket timeout."""


@contextlib.contextmanager
def at_most(seconds):
    """Fails, instead of hanging, when the block takes longer than `seconds`."""

    def interrupt(signum, frame):
        raise TooSlow(f"took more than {seconds} seconds")

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


PAGES = ["/vi/", "/en/", "/en/projects/", "/vi/giai-thuong/", "/en/partners/", "/en/search/?q=city"]


def test_every_page_is_served_fresh_with_redis_at_a_dead_port(client, content, settings):
    settings.CACHES = {"default": redis_cache(f"redis://127.0.0.1:{free_port()}/0")}
    project = content["projects"][0]
    client.get(f"/en/projects/{project.slug_en}/")
    rename(project, "Renamed while the cache is away")

    with at_most(10):
        pages = [client.get(url) for url in PAGES]
        own_page = client.get(f"/en/projects/{project.slug_en}/")
        health = client.get("/healthz")

    assert [page.status_code for page in pages] == [200] * len(PAGES)
    assert (own_page.status_code, heading(own_page)) == (200, "Renamed while the cache is away")
    assert (health.status_code, health.json()) == (200, DEGRADED)


def test_every_page_is_served_fresh_once_redis_stops(
    client, content, project_page, redis_server, django_assert_num_queries
):
    client.get(project_page)
    with django_assert_num_queries(0):
        cached = client.get(project_page)
    health_before = client.get("/healthz")

    redis_server.shut_down()
    rename(content["projects"][0], "Renamed while Redis is stopped")
    with at_most(10):
        pages = [client.get(url) for url in PAGES]
        own_page = client.get(project_page)
        health = client.get("/healthz")

    assert (cached.status_code, health_before.json()) == (200, OK)
    assert [page.status_code for page in pages] == [200] * len(PAGES)
    assert (own_page.status_code, heading(own_page)) == (200, "Renamed while Redis is stopped")
    assert (health.status_code, health.json()) == (200, DEGRADED)


def test_every_page_is_served_fresh_while_redis_hangs(client, content, project_page, redis_server):
    client.get(project_page)

    redis_server.hang()
    rename(content["projects"][0], "Renamed while Redis hangs")
    try:
        with at_most(10):
            own_page = client.get(project_page)
            health = client.get("/healthz")
    finally:
        redis_server.resume()

    assert (own_page.status_code, heading(own_page)) == (200, "Renamed while Redis hangs")
    assert (health.status_code, health.json()) == (200, DEGRADED)


def test_redis_back_with_pages_older_than_a_change_serves_the_change(
    client, content, project_page, redis_server, django_assert_num_queries
):
    """The purge of a change made while Redis is away is lost; Redis then comes back with the
    generation and pages it had. The process that made the change purges once it can."""
    client.get(project_page)
    generation = cache.get(page_cache.GENERATION_KEY)
    redis_server.shut_down(keep_data=True)

    project = content["projects"][0]
    project.title_en = "Renamed while Redis is away"
    project.save()
    during = client.get(project_page)
    redis_server.start()
    generation_on_return = cache.get(page_cache.GENERATION_KEY)
    after = client.get(project_page)
    with django_assert_num_queries(0):
        cached_again = client.get(project_page)

    assert generation_on_return == generation
    assert [heading(page) for page in (during, after, cached_again)] == [project.title_en] * 3
    assert client.get("/healthz").json() == OK


def test_redis_back_after_an_outage_this_process_saw_serves_what_changed_meanwhile(
    client, content, project_page, redis_server
):
    """A process that found the cache silent cannot know what other processes changed and failed
    to purge meanwhile (update() stands for such a change here: it purges nothing)."""
    client.get(project_page)
    redis_server.shut_down(keep_data=True)

    client.get(project_page)
    rename(content["projects"][0], "Renamed by another process")
    redis_server.start()
    after = client.get(project_page)

    assert (after.status_code, heading(after)) == (200, "Renamed by another process")


class SilentServer:
    """A port that accepts connections and never answers, as a hung Redis or a dropped network
    does: every attempt costs the client its socket timeout. Counts the connections made."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(100)
        self.url = f"redis://127.0.0.1:{self.sock.getsockname()[1]}/0"
        self.connections = []
        self.thread = threading.Thread(target=self.accept, daemon=True)
        self.thread.start()

    def accept(self):
        with contextlib.suppress(OSError):
            while True:
                self.connections.append(self.sock.accept()[0])

    def close(self):
        self.sock.close()
        for connection in self.connections:
            connection.close()


@pytest.fixture
def silent_redis(settings):
    server = SilentServer()
    settings.CACHES = {"default": redis_cache(server.url, retry_after=60)}
    yield server
    server.close()
    page_cache.purge_owed.clear()


def test_a_silent_redis_is_waited_for_once_then_skipped_and_logged_in_one_line(
    client, content, silent_redis, caplog
):
    with caplog.at_level(logging.INFO, logger="portal.cache"), at_most(10):
        pages = [client.get(url) for url in PAGES * 5]

    logged = [(r.levelname, r.getMessage(), r.exc_info) for r in caplog.records]
    assert [page.status_code for page in pages] == [200] * len(PAGES) * 5
    # One wait for the socket (redis-py may retry within it), not one per request.
    assert len(silent_redis.connections) <= 3
    assert [(level, message.split(" (")[0], exc_info) for level, message, exc_info in logged] == [
        ("ERROR", f"Redis at {silent_redis.url} does not answer", None)
    ]
    assert logged[0][1].endswith(
        "pages are made without the cache, and Redis is asked again every 60 seconds."
    )


@pytest.mark.slow
def test_a_silent_redis_keeps_at_least_half_the_throughput_of_no_cache(
    client, content, silent_redis, settings
):
    def seconds_for_pages():
        started = time.perf_counter()
        for url in PAGES * 10:
            assert client.get(url).status_code == 200
        return time.perf_counter() - started

    client.get("/en/")  # The one wait for the socket.
    with_silent_redis = seconds_for_pages()
    settings.PAGE_CACHE_SECONDS = 0
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    without_cache = seconds_for_pages()

    assert with_silent_redis <= 2 * without_cache


def test_redis_back_after_an_outage_is_used_again_and_logged_in_one_line(
    client, content, project_page, redis_server, caplog, django_assert_num_queries
):
    redis_server.shut_down(keep_data=True)
    with caplog.at_level(logging.INFO, logger="portal.cache"):
        client.get(project_page)
        redis_server.start()
        client.get(project_page)
        client.get(project_page)
    with django_assert_num_queries(0):
        cached = client.get(project_page)

    assert cached.status_code == 200
    assert [(r.levelname, r.getMessage().split(" (")[0]) for r in caplog.records] == [
        ("ERROR", f"Redis at {redis_server.url} does not answer"),
        ("WARNING", f"Redis at {redis_server.url} answers again."),
    ]
