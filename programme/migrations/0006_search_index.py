"""The search index (SearchEntry, see programme/search_index.py), filled from the records already
there, with pg_trgm GIN indexes on its folded text on PostgreSQL as migration 0004 made for each
model. The site search reads only the index now, so the awards', milestones', partners' and
sources' own search columns go; the project list's word filter keeps the projects'."""

import importlib

from django.db import migrations, models

from programme import search_index
from programme.search import COLUMNS, LANGUAGES, search_columns

search_columns_0004 = importlib.import_module("programme.migrations.0004_search_columns")

# The models whose own search columns this removes.
REPLACED = ("award", "milestone", "partner", "source")


def fill_index(apps, schema_editor):
    search_index.rebuild(apps)


def trigram_indexes(vendor):
    """(index, column) of the index's GIN indexes; none outside PostgreSQL."""
    if vendor != "postgresql":
        return []
    return [
        (f"programme_searchentry_{language}_trgm", f"search_text_{language}")
        for language in LANGUAGES
    ]


def add_trigram_indexes(apps, schema_editor):
    for index, column in trigram_indexes(schema_editor.connection.vendor):
        schema_editor.execute(
            f"CREATE INDEX {index} ON programme_searchentry USING gin ({column} gin_trgm_ops)"
        )


def drop_trigram_indexes(apps, schema_editor):
    for index, _column in trigram_indexes(schema_editor.connection.vendor):
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")


def restore_search_columns(apps, schema_editor):
    """Backwards: the removed columns filled and indexed again, as migration 0004 left them."""
    for name in REPLACED:
        model = apps.get_model("programme", name)
        rows = list(model._base_manager.all())
        for row in rows:
            for column, value in search_columns(row, *search_columns_0004.SEARCHED[name]).items():
                setattr(row, column, value)
        model._base_manager.bulk_update(rows, COLUMNS, batch_size=500)
    if schema_editor.connection.vendor == "postgresql":
        for table, column, index in search_columns_0004.index_names():
            if table.removeprefix("programme_") in REPLACED:
                schema_editor.execute(
                    f"CREATE INDEX {index} ON {table} USING gin ({column} gin_trgm_ops)"
                )


class Migration(migrations.Migration):

    dependencies = [
        ('programme', '0005_markdown_help_and_image_checks'),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, restore_search_columns),
        migrations.RemoveField(
            model_name='award',
            name='search_text_en',
        ),
        migrations.RemoveField(
            model_name='award',
            name='search_text_vi',
        ),
        migrations.RemoveField(
            model_name='award',
            name='search_title_en',
        ),
        migrations.RemoveField(
            model_name='award',
            name='search_title_vi',
        ),
        migrations.RemoveField(
            model_name='milestone',
            name='search_text_en',
        ),
        migrations.RemoveField(
            model_name='milestone',
            name='search_text_vi',
        ),
        migrations.RemoveField(
            model_name='milestone',
            name='search_title_en',
        ),
        migrations.RemoveField(
            model_name='milestone',
            name='search_title_vi',
        ),
        migrations.RemoveField(
            model_name='partner',
            name='search_text_en',
        ),
        migrations.RemoveField(
            model_name='partner',
            name='search_text_vi',
        ),
        migrations.RemoveField(
            model_name='partner',
            name='search_title_en',
        ),
        migrations.RemoveField(
            model_name='partner',
            name='search_title_vi',
        ),
        migrations.RemoveField(
            model_name='source',
            name='search_text_en',
        ),
        migrations.RemoveField(
            model_name='source',
            name='search_text_vi',
        ),
        migrations.RemoveField(
            model_name='source',
            name='search_title_en',
        ),
        migrations.RemoveField(
            model_name='source',
            name='search_title_vi',
        ),
        migrations.CreateModel(
            name='SearchEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('projects', 'Projects'), ('awards', 'Awards'), ('partners', 'Partners'), ('milestones', 'Timeline'), ('sources', 'Sources')], max_length=10)),
                ('record_id', models.BigIntegerField()),
                ('slug', models.CharField(max_length=120)),
                ('publication_status', models.CharField(choices=[('draft', 'Draft'), ('published', 'Published')], max_length=10)),
                ('publish_at', models.DateTimeField(blank=True, null=True)),
                ('title_vi', models.TextField()),
                ('title_en', models.TextField()),
                ('title_lang_vi', models.CharField(blank=True, max_length=2)),
                ('title_lang_en', models.CharField(blank=True, max_length=2)),
                ('texts_vi', models.JSONField(default=list)),
                ('texts_en', models.JSONField(default=list)),
                ('meta_vi', models.TextField(blank=True)),
                ('meta_en', models.TextField(blank=True)),
                ('search_title_vi', models.TextField(blank=True, default='')),
                ('search_text_vi', models.TextField(blank=True, default='')),
                ('search_title_en', models.TextField(blank=True, default='')),
                ('search_text_en', models.TextField(blank=True, default='')),
            ],
            options={
                'ordering': ['kind', 'record_id'],
                'verbose_name': 'search index entry',
                'verbose_name_plural': 'search index entries',
                'constraints': [models.UniqueConstraint(fields=('kind', 'record_id'), name='searchentry_one_per_record')],
            },
        ),
        migrations.RunPython(fill_index, migrations.RunPython.noop),
        migrations.RunPython(add_trigram_indexes, drop_trigram_indexes),
    ]
