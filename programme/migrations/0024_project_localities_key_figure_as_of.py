"""A project concerns every place it names (the IOC, the province and Thu Dau Mot), so its one
locality becomes a set of localities; and a key figure says as of when it was true.

Each project keeps the locality it had, now as its only one; and so do what refers to it: the
versions (restoring one brings its locality back), the pending changes (a change of locality
stays a change of localities) and what `seed` remembers of the value it set (a locality staff
changed is still told from one nobody touched).
"""

import hashlib
import json

import datetime
from django.db import migrations, models


def digest(value):
    """As programme.seeding.seeded_values() keeps a value: a short digest of its JSON."""
    text = json.dumps(value, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def locality_to_localities(apps, schema_editor):
    Project = apps.get_model("programme", "Project")
    for project in Project.objects.exclude(locality=None):
        project.localities.add(project.locality_id)
    for project in Project.objects.exclude(seed_state={}):
        seeded = dict(project.seed_state)
        if "locality" not in seeded:
            continue
        left = seeded.pop("locality")
        if left == digest(project.locality_id):
            # As `seed` left it: the same locality, as a set.
            ids = [project.locality_id] if project.locality_id is not None else []
            seeded["localities"] = digest(sorted(ids))
        else:
            # Changed by staff: a digest no set of localities has keeps it theirs.
            seeded["localities"] = left
        Project.objects.filter(pk=project.pk).update(seed_state=seeded)
    convert_pending_changes(apps, to_many=True)
    convert_versions(apps, to_many=True)


def localities_to_locality(apps, schema_editor):
    Project = apps.get_model("programme", "Project")
    for project in Project.objects.all():
        first = project.localities.order_by("pk").first()
        Project.objects.filter(pk=project.pk).update(locality=first)
    convert_pending_changes(apps, to_many=False)
    convert_versions(apps, to_many=False)


def converted_state(state, to_many):
    if not state:
        return state
    fields, links = dict(state.get("fields") or {}), dict(state.get("links") or {})
    if to_many and "locality" in fields:
        value = fields.pop("locality")
        links["localities"] = [int(value)] if value not in (None, "") else []
    elif not to_many and "localities" in links:
        ids = links.pop("localities")
        fields["locality"] = min(ids) if ids else None
    return {**state, "fields": fields, "links": links}


def convert_pending_changes(apps, *, to_many):
    ContentType = apps.get_model("contenttypes", "ContentType")
    PendingChange = apps.get_model("programme", "PendingChange")
    project_type = ContentType.objects.filter(app_label="programme", model="project").first()
    if project_type is None:
        return
    for change in PendingChange.objects.filter(content_type=project_type):
        change.base = converted_state(change.base, to_many)
        change.proposed = converted_state(change.proposed, to_many)
        change.save(update_fields=["base", "proposed"])


def convert_versions(apps, *, to_many):
    """A version holds the project as JSON (django-reversion's serialized_data)."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Version = apps.get_model("reversion", "Version")
    project_type = ContentType.objects.filter(app_label="programme", model="project").first()
    if project_type is None:
        return
    for version in Version.objects.filter(content_type=project_type, format="json"):
        objects = json.loads(version.serialized_data)
        for serialized in objects:
            fields = serialized.get("fields", {})
            if to_many and "locality" in fields:
                value = fields.pop("locality")
                fields["localities"] = [value] if value is not None else []
            elif not to_many and "localities" in fields:
                ids = fields.pop("localities")
                fields["locality"] = min(ids) if ids else None
        version.serialized_data = json.dumps(objects)
        version.save(update_fields=["serialized_data"])


class Migration(migrations.Migration):

    dependencies = [
        ('programme', '0023_source_archive_url'),
        ('reversion', '0002_add_index_on_version_for_content_type_and_db'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.AddField(
            model_name='keyfigure',
            name='as_of_date',
            field=models.DateField(blank=True, help_text='When the figure was true: the date its article gives, as precise as that.', null=True, verbose_name='as of'),
        ),
        migrations.AddField(
            model_name='keyfigure',
            name='as_of_precision',
            field=models.CharField(blank=True, choices=[('year', 'year'), ('month', 'month'), ('day', 'day')], max_length=5, verbose_name="precision of 'as of'"),
        ),
        # Named apart from the locality's reverse accessor until that field is gone.
        migrations.AddField(
            model_name='project',
            name='localities',
            field=models.ManyToManyField(blank=True, related_name='+', to='programme.locality'),
        ),
        migrations.RunPython(locality_to_localities, localities_to_locality),
        migrations.RemoveField(
            model_name='project',
            name='locality',
        ),
        migrations.AlterField(
            model_name='project',
            name='localities',
            field=models.ManyToManyField(blank=True, help_text='Every place the project concerns: the province for what it does province-wide, and each city, town or area its sources name.', related_name='projects', to='programme.locality', verbose_name='localities'),
        ),
        migrations.AddConstraint(
            model_name='keyfigure',
            constraint=models.CheckConstraint(condition=models.Q(('as_of_date__isnull', True), models.Q(('as_of_date__gte', datetime.date(1990, 1, 1)), ('as_of_date__lte', datetime.date(2100, 12, 31))), _connector='OR'), name='keyfigure_as_of_in_range'),
        ),
        migrations.AddConstraint(
            model_name='keyfigure',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('as_of_date__isnull', True), ('as_of_precision', '')), models.Q(('as_of_date__isnull', False), models.Q(('as_of_precision', ''), _negated=True)), _connector='OR'), name='keyfigure_as_of_has_precision'),
        ),
    ]
