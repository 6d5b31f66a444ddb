"""PostgreSQL's unaccent, with which the admin's search ignores diacritics (search.Folded)."""

from django.db import migrations


def add_unaccent(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # unaccent is a trusted extension: the database's owner may create it without superuser.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")


class Migration(migrations.Migration):
    dependencies = [("programme", "0010_link_table_content_types")]

    operations = [migrations.RunPython(add_unaccent, migrations.RunPython.noop)]
