import re
import socket

import pytest
from django.db import OperationalError, connection
from django.test import Client

from portal.settings import redis_cache

from .public.page_types import addresses, seed


@pytest.mark.django_db
def test_healthz_answers_200_when_the_database_and_the_cache_answer(client):
    response = client.get("/healthz")

    assert (response.status_code, response.json()) == (
        200,
        {"status": "ok", "database": "up", "cache": "up"},
    )


def dead_port():
    """A local port where nothing listens."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.django_db
def test_healthz_reports_a_dead_redis_as_degraded(client, settings):
    settings.CACHES = {"default": redis_cache(f"redis://127.0.0.1:{dead_port()}/0")}

    response = client.get("/healthz")

    assert (response.status_code, response.json()) == (
        200,
        {"status": "degraded", "database": "up", "cache": "down"},
    )


@pytest.mark.django_db
def test_healthz_reports_a_cache_folder_it_cannot_write_as_degraded(client, settings, tmp_path):
    not_a_folder = tmp_path / "cache"
    not_a_folder.write_text("a file where the cache's folder should be")
    backend = "django.core.cache.backends.filebased.FileBasedCache"
    settings.CACHES = {"default": {"BACKEND": backend, "LOCATION": not_a_folder}}

    response = client.get("/healthz")

    assert (response.status_code, response.json()) == (
        200,
        {"status": "degraded", "database": "up", "cache": "down"},
    )


def unreachable_database(monkeypatch):
    """Point the connection at nothing: PostgreSQL at a closed port; the tests' in-memory
    SQLite cannot be closed, so its cursor fails as a vanished database file would."""
    if connection.vendor == "sqlite":

        def fail():
            raise OperationalError("unable to open database file")

        monkeypatch.setattr(connection, "cursor", fail)
    else:
        connection.close()
        monkeypatch.setitem(connection.settings_dict, "PORT", "1")


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_does_not(client, monkeypatch):
    unreachable_database(monkeypatch)
    try:
        response = client.get("/healthz")
    finally:
        monkeypatch.undo()
        connection.close()

    assert (response.status_code, response.json()) == (
        503,
        {"status": "unavailable", "database": "down", "cache": "up"},
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("vi", "Cổng thông tin sẽ trở lại trong giây lát"),
        ("en", "The portal will be back in a moment"),
    ],
)
@pytest.mark.django_db
def test_every_page_type_answers_503_in_its_language_when_the_database_does_not(
    monkeypatch, language, heading
):
    """Uncached pages: the page cache is empty. The site comes back by itself (test_healthz_...)."""
    seed()
    pages = addresses(language)
    client = Client(raise_request_exception=False)
    unreachable_database(monkeypatch)
    try:
        responses = {name: client.get(address) for name, address in pages.items()}
    finally:
        monkeypatch.undo()
        connection.close()

    assert {name: r.status_code for name, r in responses.items()} == dict.fromkeys(pages, 503)
    assert {r["Retry-After"] for r in responses.values()} == {"60"}
    assert {
        re.search(r"<h1>(.*?)</h1>", r.content.decode()).group(1) for r in responses.values()
    } == {heading}
    assert {r["Content-Language"] for r in responses.values()} == {language}
