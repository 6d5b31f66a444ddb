# Partners and pages may have an image, as projects do (uploads of each kind in a folder of
# their own); each theme has an icon, which also illustrates its projects without an image.

from django.db import migrations, models

import programme.models
import programme.uploads
import programme.validators
from programme.migrations._legacy_seed_hash import record_state

ADDED = {"image", "image_alt", "image_alt_vi", "image_alt_en", "image_width", "image_height", "icon"}


def hash_untouched_records_again(apps, schema_editor):
    for name in ("Theme", "Partner", "Page"):
        model = apps.get_model("programme", name)
        for record in model.objects.exclude(seed_key=None):
            if record_state(record, without=ADDED) == record.seed_state_hash:
                model.objects.filter(pk=record.pk).update(seed_state_hash=record_state(record))


class Migration(migrations.Migration):

    dependencies = [
        ("programme", "0020_partner_short_name_per_language"),
    ]

    operations = [
        migrations.AddField(
            model_name="page",
            name="image",
            field=programme.uploads.RandomlyNamedImageField(blank=True, height_field="image_height", help_text="A JPEG, PNG or WebP image.", upload_to=programme.models.image_folder, validators=[programme.validators.validate_image_size, programme.validators.validate_image_format, programme.validators.validate_image_dimensions], verbose_name="image", width_field="image_width"),
        ),
        migrations.AddField(
            model_name="page",
            name="image_alt",
            field=models.CharField(blank=True, help_text="What the image shows, for people who cannot see it.", max_length=250, verbose_name="image description (alt text)"),
        ),
        migrations.AddField(
            model_name="page",
            name="image_alt_en",
            field=models.CharField(blank=True, help_text="What the image shows, for people who cannot see it.", max_length=250, null=True, verbose_name="image description (alt text)"),
        ),
        migrations.AddField(
            model_name="page",
            name="image_alt_vi",
            field=models.CharField(blank=True, help_text="What the image shows, for people who cannot see it.", max_length=250, null=True, verbose_name="image description (alt text)"),
        ),
        migrations.AddField(
            model_name="page",
            name="image_height",
            field=models.PositiveIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="page",
            name="image_width",
            field=models.PositiveIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.AddConstraint(
            model_name="page",
            constraint=models.CheckConstraint(condition=models.Q(("image", ""), models.Q(("image_alt_vi", ""), _negated=True), _connector="OR"), name="page_image_has_alt"),
        ),
        migrations.AddField(
            model_name="partner",
            name="image",
            field=programme.uploads.RandomlyNamedImageField(blank=True, height_field="image_height", help_text="A JPEG, PNG or WebP image.", upload_to=programme.models.image_folder, validators=[programme.validators.validate_image_size, programme.validators.validate_image_format, programme.validators.validate_image_dimensions], verbose_name="image", width_field="image_width"),
        ),
        migrations.AddField(
            model_name="partner",
            name="image_alt",
            field=models.CharField(blank=True, help_text="What the image shows, for people who cannot see it.", max_length=250, verbose_name="image description (alt text)"),
        ),
        migrations.AddField(
            model_name="partner",
            name="image_alt_en",
            field=models.CharField(blank=True, help_text="What the image shows, for people who cannot see it.", max_length=250, null=True, verbose_name="image description (alt text)"),
        ),
        migrations.AddField(
            model_name="partner",
            name="image_alt_vi",
            field=models.CharField(blank=True, help_text="What the image shows, for people who cannot see it.", max_length=250, null=True, verbose_name="image description (alt text)"),
        ),
        migrations.AddField(
            model_name="partner",
            name="image_height",
            field=models.PositiveIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="partner",
            name="image_width",
            field=models.PositiveIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.AddConstraint(
            model_name="partner",
            constraint=models.CheckConstraint(condition=models.Q(("image", ""), models.Q(("image_alt_vi", ""), _negated=True), _connector="OR"), name="partner_image_has_alt"),
        ),
        migrations.AddField(
            model_name="theme",
            name="icon",
            field=models.CharField(choices=[("government", "government and operations"), ("innovation", "innovation"), ("industry", "industry"), ("trade", "trade and investment"), ("urban", "city, transport and housing"), ("agriculture", "agriculture"), ("cooperation", "international cooperation"), ("people", "people and skills"), ("general", "general")], default="general", help_text="The drawing that stands for the theme, and for its projects without an image.", max_length=12, verbose_name="icon"),
        ),
        migrations.AlterField(
            model_name="project",
            name="image",
            field=programme.uploads.RandomlyNamedImageField(blank=True, height_field="image_height", help_text="A JPEG, PNG or WebP image.", upload_to=programme.models.image_folder, validators=[programme.validators.validate_image_size, programme.validators.validate_image_format, programme.validators.validate_image_dimensions], verbose_name="image", width_field="image_width"),
        ),
        migrations.RunPython(hash_untouched_records_again, migrations.RunPython.noop),
    ]
