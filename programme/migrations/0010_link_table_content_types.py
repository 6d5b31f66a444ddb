from django.db import migrations


def create_link_table_content_types(apps, schema_editor):
    """Content types of the many-to-many link tables (project_sources, ...), whose rows versions
    record when a record is deleted (programme/versions.py). migrate makes content types for
    the other models only; made on demand instead, inside a transaction that may roll back, one
    would stay in Django's content type cache without its row."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    database = schema_editor.connection.alias
    for model in apps.get_app_config("programme").get_models(include_auto_created=True):
        if model._meta.auto_created:
            ContentType.objects.using(database).get_or_create(
                app_label=model._meta.app_label, model=model._meta.model_name
            )


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("programme", "0009_old_slugs"),
    ]

    operations = [
        migrations.RunPython(create_link_table_content_types, migrations.RunPython.noop),
    ]
