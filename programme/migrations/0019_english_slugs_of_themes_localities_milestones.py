# English addresses for what English pages name in filters and anchors: themes and localities
# (?theme=, ?locality=) and milestones (their anchors on the timeline).

from django.db import migrations, models

from programme.migrations._legacy_seed_hash import record_state
from programme.slugs import shorten_slug

NAMING = {"Theme": "name", "Locality": "name", "Milestone": "title"}
ADDED = {"slug_en"}


def make_english_slugs(apps, schema_editor):
    """The English slug of every record with an English name, as save() makes it."""
    for name, naming_field in NAMING.items():
        model = apps.get_model("programme", name)
        taken = set(model.objects.values_list("slug", flat=True))
        for record in model.objects.order_by("pk"):
            base = shorten_slug(getattr(record, f"{naming_field}_en") or "", 116)
            if not base:
                continue
            slug, suffix = base, 2
            while slug in taken and slug != record.slug:
                slug, suffix = f"{base}-{suffix}", suffix + 1
            taken.add(slug)
            model.objects.filter(pk=record.pk).update(slug_en=slug)


def hash_untouched_records_again(apps, schema_editor):
    """A seeded record nobody edited stays one that `seed` may update."""
    for name in NAMING:
        model = apps.get_model("programme", name)
        for record in model.objects.exclude(seed_key=None):
            if record_state(record, without=ADDED) == record.seed_state_hash:
                model.objects.filter(pk=record.pk).update(seed_state_hash=record_state(record))


class Migration(migrations.Migration):

    dependencies = [
        ("programme", "0018_pending_changes_and_unpublish_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="theme",
            name="slug_en",
            field=models.SlugField(blank=True, help_text="The record's address on English pages. Leave empty to make it from the English title; once set it changes only when you change it.", max_length=120, null=True, unique=True, verbose_name="English slug"),
        ),
        migrations.AddField(
            model_name="locality",
            name="slug_en",
            field=models.SlugField(blank=True, help_text="The record's address on English pages. Leave empty to make it from the English title; once set it changes only when you change it.", max_length=120, null=True, unique=True, verbose_name="English slug"),
        ),
        migrations.AddField(
            model_name="milestone",
            name="slug_en",
            field=models.SlugField(blank=True, help_text="The record's address on English pages. Leave empty to make it from the English title; once set it changes only when you change it.", max_length=120, null=True, unique=True, verbose_name="English slug"),
        ),
        migrations.RunPython(make_english_slugs, migrations.RunPython.noop),
        migrations.RunPython(hash_untouched_records_again, migrations.RunPython.noop),
    ]
