from django.db import migrations, models

from programme import search_index


def rebuild_search_index(apps, schema_editor):
    """Search results on English pages link to English addresses."""
    search_index.rebuild(apps)


class Migration(migrations.Migration):

    dependencies = [
        ('programme', '0016_english_slugs'),
    ]

    operations = [
        migrations.AddField(
            model_name='searchentry',
            name='slug_en',
            field=models.CharField(blank=True, max_length=120),
        ),
        migrations.RunPython(rebuild_search_index, migrations.RunPython.noop),
    ]
