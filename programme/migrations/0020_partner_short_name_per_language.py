# A partner's short name in each language: "UBND tỉnh" is Vietnamese only, "ICF" is both.

from django.db import migrations, models

from programme.migrations._legacy_seed_hash import record_state

ADDED = {"short_name_vi", "short_name_en"}


def split_short_names(apps, schema_editor):
    """The short name as it was is the Vietnamese one; it is the English one too where it is
    written in plain ASCII letters (an acronym such as ICF), not where it has Vietnamese letters."""
    Partner = apps.get_model("programme", "Partner")
    for partner in Partner.objects.exclude(short_name=""):
        english = partner.short_name if partner.short_name.isascii() else ""
        Partner.objects.filter(pk=partner.pk).update(
            short_name_vi=partner.short_name, short_name_en=english
        )


def hash_untouched_records_again(apps, schema_editor):
    Partner = apps.get_model("programme", "Partner")
    for record in Partner.objects.exclude(seed_key=None):
        if record_state(record, without=ADDED) == record.seed_state_hash:
            Partner.objects.filter(pk=record.pk).update(seed_state_hash=record_state(record))


class Migration(migrations.Migration):

    dependencies = [
        ("programme", "0019_english_slugs_of_themes_localities_milestones"),
    ]

    operations = [
        migrations.AddField(
            model_name="partner",
            name="short_name_en",
            field=models.CharField(blank=True, help_text="An acronym such as ICF or WTA.", max_length=40, null=True, verbose_name="short name"),
        ),
        migrations.AddField(
            model_name="partner",
            name="short_name_vi",
            field=models.CharField(blank=True, help_text="An acronym such as ICF or WTA.", max_length=40, null=True, verbose_name="short name"),
        ),
        migrations.RunPython(split_short_names, migrations.RunPython.noop),
        migrations.RunPython(hash_untouched_records_again, migrations.RunPython.noop),
    ]
