"""PostgreSQL's unaccent, with which the admin's search ignores diacritics (search.Folded)."""

from django.db import migrations


def add_unaccent(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # unaccent is a trusted extension: the database's owner may create it without superuser.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")


class Migration(migrations.Migration):
    dependencies = [("programme", "0009_old_slugs")]

    operations = [migrations.RunPython(add_unaccent, migrations.RunPython.noop)]
