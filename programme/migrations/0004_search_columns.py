"""Folded search columns for the site search, filled for the rows already there, and on
PostgreSQL pg_trgm GIN indexes that serve the search's LIKE '%word%' on them (SQLite has no
such index and scans; it is the small, single-machine database)."""

from django.db import migrations, models

from programme.search import COLUMNS, LANGUAGES, search_columns

# (title fields, body fields) per model, frozen here as they were when this was written.
SEARCHED = {
    "source": (("headline",), ("outlet", "author", "note")),
    "partner": (("name", "short_name"), ("cooperation",)),
    "project": (("title",), ("summary", "body")),
    "award": (("title",), ("organiser", "announced_place", "description")),
    "milestone": (("title",), ("description",)),
}


def fill_search_columns(apps, schema_editor):
    for name, fields in SEARCHED.items():
        model = apps.get_model("programme", name)
        rows = list(model._base_manager.all())
        for row in rows:
            for column, value in search_columns(row, *fields).items():
                setattr(row, column, value)
        model._base_manager.bulk_update(rows, COLUMNS, batch_size=500)


def index_names():
    return [
        (f"programme_{name}", f"search_text_{language}", f"programme_{name}_{language}_trgm")
        for name in SEARCHED
        for language in LANGUAGES
    ]


def add_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # pg_trgm is a trusted extension: the database's owner may create it without superuser.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, column, index in index_names():
        schema_editor.execute(f"CREATE INDEX {index} ON {table} USING gin ({column} gin_trgm_ops)")


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _table, _column, index in index_names():
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")


class Migration(migrations.Migration):

    dependencies = [
        ('programme', '0003_page_role_project_image_size'),
    ]

    operations = [
        migrations.AddField(
            model_name='award',
            name='search_text_en',
            field=models.TextField(blank=True, default='', editable=False),
        ),
        migrations.AddField(
            model_name='award',
            name='search_text_vi',
            field=models.TextField(blank=True, default='', editable=False),
        ),
        migrations.AddField(
            model_name='award',
            name='search_title_en',
            field=models.TextField(blank=True, default='', editable=False),
        ),
        migrations.AddField(
            model_name='award',
            name='search_title_vi',
            field=models.TextField(blank=True, default='', editable=False),
        ),
        migrations.AddField(
            model_name='milestone',
            name='search_text_en',
            field=models.TextField(blank=True, default='', editable=False),
        ),
        migrations.AddField(
            model_name='milestone',
            name='search_text_vi',
            field=models.TextField(blank=True, default='', editable=False),
        ),
        migrations.AddField(
            model_name='milestone',
            name='search_title_en',
            field=models.TextField(blank=True, default='', editable=False),
        ),
        migrations.AddField(
            model_name='milestone',
            name='search_title_vi',
            field=models.TextField(blank=True, default='', editable=False),
        ),
        migrations.AddField(
            model_name='partner',
            name='search_text_en',
            field=models.TextField(blank=True, default='', editable=False),
        ),
        migrations.AddField(
            model_name='partner',
            name='search_text_vi',
            field=models.TextField(blank=True, default='', editable=False),
        ),
        migrations.AddField(
            model_name='partner',
            name='search_title_en',
            field=models.TextField(blank=True, default='', editable=False),
        ),
        migrations.AddField(
            model_name='partner',
            name='search_title_vi',
            field=models.TextField(blank=True, default='', editable=False),
        ),
        migrations.AddField(
            model_name='project',
            name='search_text_en',
            field=models.TextField(blank=True, default='', editable=False),
        ),
        migrations.AddField(
            model_name='project',
            name='search_text_vi',
            field=models.TextField(blank=True, default='', editable=False),
        ),
        migrations.AddField(
            model_name='project',
            name='search_title_en',
            field=models.TextField(blank=True, default='', editable=False),
        ),
        migrations.AddField(
            model_name='project',
            name='search_title_vi',
            field=models.TextField(blank=True, default='', editable=False),
        ),
        migrations.AddField(
            model_name='source',
            name='search_text_en',
            field=models.TextField(blank=True, default='', editable=False),
        ),
        migrations.AddField(
            model_name='source',
            name='search_text_vi',
            field=models.TextField(blank=True, default='', editable=False),
        ),
        migrations.AddField(
            model_name='source',
            name='search_title_en',
            field=models.TextField(blank=True, default='', editable=False),
        ),
        migrations.AddField(
            model_name='source',
            name='search_title_vi',
            field=models.TextField(blank=True, default='', editable=False),
        ),
        migrations.RunPython(fill_search_columns, migrations.RunPython.noop),
        migrations.RunPython(add_trigram_indexes, drop_trigram_indexes),
    ]
