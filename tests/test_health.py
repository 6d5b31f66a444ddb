import pytest
from django.db import OperationalError, connection


@pytest.mark.django_db
def test_healthz_answers_200_when_the_database_answers(client):
    response = client.get("/healthz")

    assert (response.status_code, response.json()) == (200, {"status": "ok", "database": "up"})


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
        {"status": "unavailable", "database": "down"},
    )
