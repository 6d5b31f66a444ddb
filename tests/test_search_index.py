"""The search index (programme/search_index.py): what an entry holds, and that it follows every
path that writes the records it copies (admin forms and actions, seed, import_content,
generate_content, deletes) and rebuild_search_index."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from programme import search_index
from programme.models import (
    Award,
    Milestone,
    Partner,
    Project,
    PublicationStatus,
    SearchEntry,
    Source,
)
from programme.search import COLUMNS
from tests.public.content import (
    make_award,
    make_milestone,
    make_page,
    make_partner,
    make_project,
    make_source,
)
from tests.review.forms import edit_token
from tests.test_admin import project_form
from tests.test_transfer import empty_programme_tables

pytestmark = pytest.mark.django_db

KINDS = list(search_index.INDEXED_KINDS)
INDEXED_MODELS = (Project, Award, Partner, Milestone, Source)


def index():
    """Every entry, without its surrogate id, in a stable order."""
    fields = [field.name for field in SearchEntry._meta.concrete_fields if field.name != "id"]
    return list(SearchEntry.objects.order_by("kind", "record_id").values(*fields))


def entry_of(record):
    kind = search_index.INDEXED_MODELS[type(record)].kind
    return SearchEntry.objects.get(kind=kind, record_id=record.pk)


def indexed_records():
    """(kind, id) of every record of the five searchable models."""
    return sorted(
        (search_index.INDEXED_MODELS[model].kind, pk)
        for model in INDEXED_MODELS
        for pk in model.objects.values_list("pk", flat=True)
    )


def edit_in_admin(client, project, **fields):
    """Posts the project's change form in the admin with `fields`, adding no key figure."""
    url = reverse("admin:programme_project_change", args=[project.pk])
    token = edit_token(client, url)
    client.post(url, project_form(**fields, edit_token=token, **{"key_figures-TOTAL_FORMS": "0"}))


def found_ids(words, language="vi"):
    return [pk for pk, _kind in search_index.find(words, language)]


def test_entry_holds_what_a_result_shows_in_both_languages():
    project = make_project(
        slug="tan-uyen",
        title_vi="Làng thông minh Tân Uyên",
        title_en="",
        summary_vi="Tóm tắt.",
        summary_en="",
        body_vi="## Đoạn\n\nCó **trạm sạc**.",
        body_en="A **charging** station.",
        status="planned",
        publish_at=datetime.datetime(2020, 5, 4, tzinfo=datetime.UTC),
    )

    entry = entry_of(project)

    assert (entry.kind, entry.slug, entry.publication_status, entry.publish_at) == (
        "projects",
        "tan-uyen",
        "published",
        datetime.datetime(2020, 5, 4, tzinfo=datetime.UTC),
    )
    assert (entry.title_vi, entry.title_lang_vi, entry.title_en, entry.title_lang_en) == (
        "Làng thông minh Tân Uyên",
        "",
        "Làng thông minh Tân Uyên",
        "vi",
    )
    assert entry.texts_vi == [["Tóm tắt.", ""], ["Đoạn Có trạm sạc.", ""]]
    assert entry.texts_en == [["Tóm tắt.", "vi"], ["A charging station.", ""]]
    assert (entry.meta_vi, entry.meta_en) == ("đang lên kế hoạch", "planned")
    # The project list reads the project's own columns: the same words.
    assert [getattr(entry, column) for column in COLUMNS] == [
        getattr(project, column) for column in COLUMNS
    ]
    assert (entry.search_title_vi, entry.search_text_en) == (
        " lang thong minh tan uyen ",
        " lang thong minh tan uyen tom tat a charging station ",
    )


def test_entries_give_each_kind_its_short_line():
    records = [
        make_award(year=2021),
        make_partner(kind=Partner.Kind.UNIVERSITY),
        make_milestone(date=datetime.date(2021, 7, 1), date_precision="month"),
        make_source(outlet="VnExpress", published_date=datetime.date(2022, 3, 13)),
        make_source(outlet="VnExpress", published_date=None, published_precision=""),
    ]

    assert [(entry_of(r).meta_vi, entry_of(r).meta_en) for r in records] == [
        ("2021", "2021"),
        ("trường đại học, viện nghiên cứu", "university or institute"),
        ("tháng 7/2021", "July 2021"),
        ("VnExpress · 13/3/2022", "VnExpress · 13 March 2022"),
        ("VnExpress", "VnExpress"),
    ]


def test_pages_and_other_records_have_no_entry():
    make_page()

    assert index() == []


def test_search_finds_what_published_shows(publication_states):
    """Each kind in each state of fixtures/publication_states.json, where every title has the
    words "quan trắc"."""
    published = {
        (kind, slug)
        for kind, indexed in search_index.INDEXED_KINDS.items()
        for slug in indexed.model.objects.published().values_list("slug", flat=True)
    }

    found = SearchEntry.objects.filter(pk__in=found_ids(["quan", "trac"]))

    assert published == {
        (kind, slug) for kind in KINDS for slug in ("published", "publish-time-passed")
    }
    assert {(entry.kind, entry.slug) for entry in found} == published
    assert set(SearchEntry.objects.published().values_list("kind", "slug")) == published


def test_results_leave_out_an_entry_removed_since_the_search():
    kept, removed = make_project(slug="kept"), make_project(slug="removed")
    ids = [entry_of(kept).pk, entry_of(removed).pk]
    removed.delete()

    results = search_index.results(ids, ["du"], "vi")

    assert [result["url"] for result in results] == ["/vi/du-an/kept/"]


def test_index_follows_an_edit_in_the_admin(client, publisher):
    project = make_project(slug="lang", title_vi="Làng thông minh", status="planned")
    client.force_login(publisher)

    edit_in_admin(
        client,
        project,
        title_vi="Làng số Tân Uyên",
        title_en="",
        slug="lang",
        status="operational",
        publication_status="published",
    )

    entry = entry_of(project)
    assert (entry.title_vi, entry.title_en, entry.title_lang_en) == (
        "Làng số Tân Uyên",
        "Làng số Tân Uyên",
        "vi",
    )
    assert (entry.meta_en, entry.search_title_vi) == ("operational", " lang so tan uyen ")


@pytest.mark.parametrize("kind", KINDS)
def test_index_follows_the_publish_and_unpublish_actions_in_the_admin(
    client, publisher, publication_states, kind
):
    record = search_index.INDEXED_KINDS[kind].model.objects.get(slug="draft")
    changelist = reverse(f"admin:programme_{type(record)._meta.model_name}_changelist")
    client.force_login(publisher)

    client.post(changelist, {"action": "publish", "_selected_action": [record.pk]})
    published = entry_of(record).publication_status
    client.post(changelist, {"action": "unpublish", "_selected_action": [record.pk]})

    assert (published, entry_of(record).publication_status) == ("published", "draft")


def test_index_follows_a_publish_action_on_a_list_filtered_by_status(client, publisher):
    project = make_project(publication_status=PublicationStatus.DRAFT)
    changelist = reverse("admin:programme_project_changelist")
    client.force_login(publisher)

    client.post(
        f"{changelist}?publication_status__exact=draft",
        {"action": "publish", "_selected_action": [project.pk]},
    )

    assert entry_of(project).publication_status == "published"


def test_index_keeps_a_scheduled_record_until_its_time(client, publisher):
    # A draft: a publication time ahead on a live record is refused (tests/review).
    project = make_project(
        slug="later", title_vi="Dự án hẹn giờ", publication_status=PublicationStatus.DRAFT
    )
    client.force_login(publisher)

    edit_in_admin(
        client,
        project,
        title_vi="Dự án hẹn giờ",
        slug="later",
        publication_status="published",
        publish_at_0="01/01/2099",
        publish_at_1="08:00:00",
    )
    scheduled = found_ids(["hen", "gio"])
    project.refresh_from_db()
    project.publish_at = timezone.now() - datetime.timedelta(seconds=1)
    project.save()

    assert entry_of(project).publish_at == project.publish_at
    assert (scheduled, found_ids(["hen", "gio"])) == ([], [entry_of(project).pk])


def test_index_forgets_deleted_records(client, publisher):
    project = make_project()
    partners = [make_partner(), make_partner()]
    kept = make_award()
    client.force_login(publisher)

    client.post(reverse("admin:programme_project_delete", args=[project.pk]), {"post": "yes"})
    Partner.objects.filter(pk__in=[partner.pk for partner in partners]).delete()

    assert [(entry["kind"], entry["record_id"]) for entry in index()] == [("awards", kept.pk)]


def test_seed_indexes_every_searchable_record():
    call_command("seed", stdout=io.StringIO())

    entries = [(entry["kind"], entry["record_id"]) for entry in index()]
    assert len(entries) > 50
    assert entries == indexed_records()


def test_import_content_indexes_every_record(tmp_path):
    call_command("seed", stdout=io.StringIO())
    before = index()
    path = tmp_path / "content.json"
    call_command("export_content", output=str(path), stdout=io.StringIO(), stderr=io.StringIO())
    empty_programme_tables()

    call_command("import_content", str(path), stdout=io.StringIO())

    assert index() == before


def test_generate_content_indexes_the_copies():
    call_command("seed", stdout=io.StringIO())
    seeded = len(index())

    call_command("generate_content", copies=2, stdout=io.StringIO())

    assert [(entry["kind"], entry["record_id"]) for entry in index()] == indexed_records()
    assert len(index()) == 3 * seeded


def test_rebuild_search_index_makes_the_same_index_and_repairs_it():
    call_command("seed", stdout=io.StringIO())
    before = index()
    SearchEntry.objects.filter(kind="awards").delete()
    SearchEntry.objects.filter(kind="projects").update(title_vi="Cũ", meta_en="old")
    output = io.StringIO()

    call_command("rebuild_search_index", stdout=output)
    once = index()
    call_command("rebuild_search_index", stdout=io.StringIO())

    assert once == before
    assert index() == before
    assert output.getvalue() == f"Search index: {len(before)} entries.\n"
