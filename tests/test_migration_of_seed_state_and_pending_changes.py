"""Migrations 0016 and 0022 on a database as it stood before them: seeded records nobody edited
stay updatable by `seed`, edited ones are kept; pending changes saved as submitted forms become
values, and what cannot be read without its author's language is said, not lost."""

import hashlib
import importlib
import json

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from reversion.models import Version

from programme.migrations._legacy_seed_hash import record_state
from programme.models import Partner as LivePartner
from programme.models import PendingChange, Project
from programme.seeding import KINDS, edited_since_seeded

# Slow (it migrates the database backwards and forwards): `make test-fast` leaves it out.
pytestmark = pytest.mark.slow

BEFORE_0016 = ("programme", "0015_citation_help_language_labels")
BEFORE_0022 = ("programme", "0021_images_of_partners_and_pages_theme_icons")
english_slugs = importlib.import_module("programme.migrations.0016_english_slugs")


def migrate_to(target):
    executor = MigrationExecutor(connection)
    executor.migrate([target])
    executor.loader.build_graph()
    return executor.loader.project_state([target]).apps


def migrate_to_latest():
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def partner(apps, key, **fields):
    model = apps.get_model("programme", "Partner")
    return model.objects.create(
        seed_key=key,
        name=key,
        name_vi=f"Thành phố {key}",
        name_en=f"City of {key}",
        kind="city_region",
        slug=key,
        publication_status="published",
        **fields,
    )


# Migrating runs DDL, which SQLite refuses inside the transaction a plain db test runs in.
@pytest.mark.django_db(transaction=True)
def test_seeded_records_nobody_edited_stay_updatable_through_0016_and_0022():
    apps = migrate_to(english_slugs.Migration.dependencies[0])
    untouched, edited = partner(apps, "eindhoven"), partner(apps, "yamaguchi")
    model = apps.get_model("programme", "Partner")
    # Hashed as `seed` hashed before 0012, 0014 and 0016 added columns.
    for record in model.objects.filter(pk__in=[untouched.pk, edited.pk]):
        old_hash = record_state(record, without=english_slugs.ADDED)
        model.objects.filter(pk=record.pk).update(seed_state_hash=old_hash)
    model.objects.filter(pk=edited.pk).update(website="https://example.org/")

    migrate_to_latest()

    kind = next(kind for kind in KINDS if kind.model is LivePartner)
    untouched, edited = (
        LivePartner.objects.get(seed_key="eindhoven"),
        LivePartner.objects.get(seed_key="yamaguchi"),
    )
    assert (untouched.slug_en, edited.slug_en) == ("city-of-eindhoven", "city-of-yamaguchi")
    assert edited_since_seeded(kind, untouched) is False
    assert edited_since_seeded(kind, edited) is True


@pytest.mark.django_db(transaction=True)
def test_pending_changes_saved_as_forms_become_values_and_say_what_could_not_be_read():
    apps = migrate_to(BEFORE_0022)
    content_types = apps.get_model("contenttypes", "ContentType")
    project_model = apps.get_model("programme", "Project")
    project = project_model.objects.create(
        title="Làng thông minh",
        title_vi="Làng thông minh",
        title_en="Smart Village",
        summary_vi="Tóm tắt.",
        status="planned",
        slug="lang",
        publication_status="published",
    )
    figure = apps.get_model("programme", "KeyFigure").objects.create(
        project=project, label_vi="Diện tích", label_en="Area", value=22000, position=0
    )
    apps.get_model("programme", "PendingChange").objects.create(
        content_type=content_types.objects.get_or_create(app_label="programme", model="project")[0],
        object_id=project.pk,
        data={
            "title_vi": ["Làng số"],
            "title_en": ["Smart Village"],
            "summary_vi": ["Tóm tắt."],
            "status": ["in_progress"],
            "end_date": ["6/2027"],
            "key_figures-TOTAL_FORMS": ["1"],
            "key_figures-INITIAL_FORMS": ["1"],
            "key_figures-0-id": [str(figure.pk)],
            "key_figures-0-label_vi": ["Diện tích"],
            "key_figures-0-value": ["22.000"],
            "key_figures-0-position": ["0"],
        },
    )

    migrate_to_latest()

    change = PendingChange.objects.get()
    fields = change.proposed["fields"]
    figures = change.proposed["children"]["key_figures"]
    assert (fields["title_vi"], fields["status"]) == ("Làng số", "in_progress")
    assert (fields["end_date"], fields["end_precision"]) == ("2027-06-01", "month")
    assert figures[str(figure.pk)]["fields"]["value"] == "22000.00"  # kept as it was
    assert "key_figures-0-value = “22.000”" in change.problem["vi"]
    assert "key_figures-0-value = “22.000”" in change.problem["en"]
    assert change.base["fields"]["title_vi"] == Project.objects.get().title_vi == "Làng thông minh"


BEFORE_0024 = ("programme", "0023_source_archive_url")


@pytest.mark.django_db(transaction=True)
def test_0024_carries_a_projects_locality_into_its_localities_versions_and_pending_changes():
    apps = migrate_to(BEFORE_0024)
    content_types = apps.get_model("contenttypes", "ContentType")
    project_type = content_types.objects.get_or_create(app_label="programme", model="project")[0]
    place = apps.get_model("programme", "Locality").objects.create(
        name_vi="Thủ Dầu Một", kind="city", slug="thu-dau-mot"
    )
    project_model = apps.get_model("programme", "Project")
    untouched, edited = (
        project_model.objects.create(
            title_vi=title,
            summary_vi="Tóm tắt.",
            status="planned",
            slug=slug,
            locality=place,
            publication_status="published",
            seed_key=slug,
        )
        for title, slug in (("IOC", "ioc"), ("GIS", "gis"))
    )
    # As `seed` left them: the digest of the locality it set; staff changed the second since.
    project_model.objects.filter(pk=untouched.pk).update(seed_state={"locality": digest(place.pk)})
    project_model.objects.filter(pk=edited.pk).update(seed_state={"locality": digest(None)})
    state = {"fields": {"title_vi": "IOC", "locality": place.pk}, "links": {"themes": []}}
    apps.get_model("programme", "PendingChange").objects.create(
        content_type=project_type, object_id=untouched.pk, base=state, proposed=state
    )
    revision = apps.get_model("reversion", "Revision").objects.create(
        date_created=timezone.now(), comment=""
    )
    apps.get_model("reversion", "Version").objects.create(
        revision=revision,
        object_id=str(untouched.pk),
        content_type=project_type,
        db="default",
        format="json",
        serialized_data=json.dumps(
            [{"model": "programme.project", "pk": untouched.pk, "fields": {"locality": place.pk}}]
        ),
        object_repr="IOC",
    )

    migrate_to_latest()

    project = Project.objects.get(pk=untouched.pk)
    assert [locality.slug for locality in project.localities.all()] == ["thu-dau-mot"]
    change = PendingChange.objects.get()
    assert (change.proposed["links"]["localities"], "locality" in change.proposed["fields"]) == (
        [place.pk],
        False,
    )
    version = Version.objects.get()
    assert json.loads(version.serialized_data)[0]["fields"] == {"localities": [place.pk]}
    projects = KINDS[4]
    assert projects.model is Project
    assert (
        edited_since_seeded(projects, project),
        edited_since_seeded(projects, Project.objects.get(pk=edited.pk)),
    ) == (False, True)


def digest(value):
    return hashlib.sha256(json.dumps(value, sort_keys=True).encode()).hexdigest()[:16]
