"""The programme's migrations can be undone and done again, staff roles included."""

import importlib

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from programme.roles import EDITORS, PUBLISHERS

# Slow (it migrates the database backwards and forwards): `make test-fast` leaves it out.
pytestmark = pytest.mark.slow

staff_roles = importlib.import_module("programme.migrations.0002_staff_roles")


def programme_tables():
    return sorted(t for t in connection.introspection.table_names() if t.startswith("programme_"))


def roles():
    return {
        group.name: sorted(group.permissions.values_list("codename", flat=True))
        for group in Group.objects.filter(name__in=[EDITORS, PUBLISHERS])
    }


def unapplied_migrations():
    executor = MigrationExecutor(connection)
    return executor.migration_plan(executor.loader.graph.leaf_nodes())


# Migrating runs DDL, which SQLite refuses inside the transaction a plain db test runs in; the
# test ends migrated forwards again, so the tables the flush after it empties are all there.
@pytest.mark.django_db(transaction=True)
def test_programme_migrations_backwards_then_forwards_restore_schema_and_roles():
    tables = programme_tables()

    call_command("migrate", "programme", "zero", verbosity=0)
    undone = (programme_tables(), roles())
    call_command("migrate", verbosity=0)

    assert undone == ([], {})
    assert programme_tables() == tables
    # 0002's roles, as 0019 left them: themes and localities are live at once, so publishers
    # alone add them and make their changes live.
    editors = set(staff_roles.role_permissions(EDITORS)) - {"add_theme", "add_locality"}
    publishers = set(staff_roles.role_permissions(PUBLISHERS)) | {
        "publish_theme",
        "publish_locality",
    }
    assert roles() == {EDITORS: sorted(editors), PUBLISHERS: sorted(publishers)}
    assert unapplied_migrations() == []
