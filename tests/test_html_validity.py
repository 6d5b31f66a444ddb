"""Every page type, saved as a visitor gets it, and the page shown while the database does not
answer, pass the W3C Nu HTML Checker (npm vnu-jar, which `make test` installs with Java) with
no error."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.test import Client

from tests.public.page_types import addresses, seed
from tests.test_health import unreachable_database

# Slow (it runs the Nu HTML checker (Java) on every page type): `make test-fast` leaves it out.
pytestmark = pytest.mark.slow

VNU = Path(settings.BASE_DIR) / ".vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@pytest.mark.django_db
def test_every_page_type_passes_the_nu_html_checker(client, tmp_path, monkeypatch):
    java = shutil.which("java")
    if java is None or not VNU.exists():
        pytest.skip("Java and vnu.jar are needed: make test installs them")
    seed()
    projects = {}
    for language in ("vi", "en"):
        pages = addresses(language) | {"not found": f"/{language}/no-such-page/"}
        for name, address in pages.items():
            response = client.get(address)
            assert response.status_code in (200, 404)
            (tmp_path / f"{language}-{name.replace(' ', '-')}.html").write_bytes(response.content)
        projects[language] = pages["project"]
    # Last: on PostgreSQL, the outage closes the connection that holds the test's transaction.
    for language, address in projects.items():
        unavailable = unavailable_page(address, monkeypatch)
        (tmp_path / f"{language}-unavailable.html").write_bytes(unavailable)
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    errors = sorted(
        f"{Path(m['url']).name}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] == "error"
    )
    assert errors == []


def unavailable_page(address, monkeypatch):
    """The page a visitor gets at `address` while the database does not answer (503), made
    anew: the page cache is emptied first."""
    for cache in caches.all():
        cache.clear()
    unreachable_database(monkeypatch)
    try:
        response = Client(raise_request_exception=False).get(address)
    finally:
        monkeypatch.undo()
        connection.close()
    assert response.status_code == 503
    return response.content
