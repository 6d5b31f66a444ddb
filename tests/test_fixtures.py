"""The Django fixtures of fixtures/, the content tests share: each loads, alone and with the
others, on SQLite and PostgreSQL alike (`make test` runs on both), into records that pass
full_clean() and hold what the fixture's name says; and what `loaddata` saves is found by the
project list's word filter and the site search as a record saved in the admin is, though its
raw saves skip Model.save()."""

import json
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from modeltranslation.translator import translator

from programme import search_index
from programme.models import (
    Award,
    Locality,
    Milestone,
    Page,
    Partner,
    Project,
    PublicationStatus,
    SearchEntry,
    Source,
    Theme,
)
from programme.search import COLUMNS as SEARCH_COLUMNS
from programme.search import search_columns
from tests.public.test_search import cards, results

FIXTURES = sorted(path.stem for path in Path(settings.BASE_DIR, "fixtures").glob("*.json"))
PUBLISHABLE = [Project, Award, Partner, Milestone, Source, Page]
# Fields a fixture leaves out: the search columns and the seed fields are computed (on save, or
# by `seed`), and modeltranslation's plain "title" beside title_vi and title_en is not content
# (it holds the language active at the last save; a value given for it is not what is stored).
LEFT_OUT = {
    *SEARCH_COLUMNS,
    "seed_key",
    "seed_entry_hash",
    "seed_state",
    *(
        field
        for model in translator.get_registered_models()
        for field in translator.get_options_for_model(model).all_fields
    ),
}


def objects_in(names):
    """Every object of the named fixture files, as written."""
    return [
        item
        for name in names
        for item in json.loads(
            Path(settings.BASE_DIR, "fixtures", f"{name}.json").read_text(encoding="utf-8")
        )
    ]


def index():
    """Every search entry, without its surrogate id, in a stable order."""
    fields = [field.name for field in SearchEntry._meta.concrete_fields if field.name != "id"]
    return list(SearchEntry.objects.order_by("kind", "record_id").values(*fields))


def test_fixture_dirs_names_the_fixtures_folder():
    assert settings.FIXTURE_DIRS == [settings.BASE_DIR / "fixtures"]
    assert FIXTURES == ["english_fallbacks", "one_of_every_kind", "publication_states"]


@pytest.mark.parametrize("name", FIXTURES)
def test_fixture_is_nfc_text_without_computed_columns(name):
    text = Path(settings.BASE_DIR, "fixtures", f"{name}.json").read_text(encoding="utf-8")
    fields = {field for item in json.loads(text) for field in item["fields"]}

    assert unicodedata.is_normalized("NFC", text)
    assert fields & LEFT_OUT == set()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "names", [[name] for name in FIXTURES] + [FIXTURES], ids=[*FIXTURES, "all together"]
)
def test_fixtures_load_into_valid_records_with_their_search_columns_and_index(names):
    call_command("loaddata", *names, verbosity=0)

    objects = objects_in(names)
    records = [apps.get_model(item["model"])._base_manager.get(pk=item["pk"]) for item in objects]
    errors = {}
    for record in records:
        try:
            record.full_clean()
        except ValidationError as error:
            errors[f"{record._meta.label} {record.pk}"] = error.message_dict
    in_database = Counter(
        {
            model._meta.label_lower: model._base_manager.count()
            for model in apps.get_app_config("programme").get_models()
        }
    )
    projects = list(Project.objects.all())
    entries = index()
    search_index.rebuild()

    assert errors == {}
    assert +in_database == Counter(item["model"] for item in objects) + Counter(
        {"programme.searchentry": len(entries)}
    )
    # As Project.save() would have left them, and as rebuild_search_index makes the index.
    assert [[getattr(project, column) for column in SEARCH_COLUMNS] for project in projects] == [
        list(search_columns(project, *Project.searched_fields).values()) for project in projects
    ]
    assert entries == index()
    assert len(entries) == sum(model.objects.count() for model in search_index.INDEXED_MODELS)


@pytest.mark.django_db
def test_loaded_records_are_found_at_once_by_the_word_filter_and_the_search(client):
    call_command("loaddata", *FIXTURES, verbosity=0)

    projects = client.get("/vi/du-an/", {"q": "den duong"})
    search = client.get("/vi/tim-kiem/", {"q": "den duong"})

    assert cards(projects) == ["den-duong-thong-minh-thuan-an"]
    assert results(search) == [
        ("projects", "/vi/du-an/den-duong-thong-minh-thuan-an/"),
        ("milestones", "/vi/dong-thoi-gian/#khoi-cong-den-duong-thong-minh"),
        ("sources", "/vi/nguon/thuan-an-thap-sang-duong-pho/"),
        ("awards", "/vi/giai-thuong/giai-thuong-chieu-sang-xanh-2023/"),
        ("partners", "/vi/doi-tac/vien-chieu-sang-do-thi-phuong-nam/"),
    ]


def test_one_of_every_kind_is_public_linked_and_in_both_languages(one_of_every_kind):
    source, theme, locality = Source.objects.get(), Theme.objects.get(), Locality.objects.get()
    partner, project, page = Partner.objects.get(), Project.objects.get(), Page.objects.get()
    award, milestone = Award.objects.get(), Milestone.objects.get()
    citing = (theme, locality, partner, project, award, milestone, page)

    assert [record.is_public for record in (source, partner, project, award, milestone, page)] == [
        True
    ] * 6
    assert (
        list(project.themes.all()),
        list(project.localities.all()),
        project.lead_organisation,
        list(project.partners.all()),
        [figure.label_en for figure in project.key_figures.all()],
    ) == ([theme], [locality], partner, [partner], ["Lamp posts replaced", "Energy saved"])
    assert (award.project, milestone.project, milestone.partner, page.role) == (
        project,
        project,
        partner,
        Page.Role.ABOUT,
    )
    assert [list(record.sources.all()) for record in citing] == [[source]] * len(citing)
    assert [
        model._meta.model_name
        for model in translator.get_registered_models()
        if model.objects.filter(model.lacking_english()).exists()
    ] == []


def test_publication_states_are_what_their_slugs_say(publication_states):
    states = {
        "published": (PublicationStatus.PUBLISHED, None, True),
        "publish-time-passed": (PublicationStatus.PUBLISHED, 2020, True),
        "scheduled": (PublicationStatus.PUBLISHED, 2099, False),
        "draft": (PublicationStatus.DRAFT, None, False),
        "draft-time-passed": (PublicationStatus.DRAFT, 2020, False),
    }

    assert {
        model._meta.model_name: {
            record.slug: (
                record.publication_status,
                record.publish_at and record.publish_at.year,
                record.is_public,
            )
            for record in model.objects.all()
        }
        for model in PUBLISHABLE
    } == {model._meta.model_name: states for model in PUBLISHABLE}


def test_english_fallbacks_lack_english_in_every_record(english_fallbacks):
    lacking = {
        f"{record._meta.model_name} {record.pk}": record.fields_lacking_english()
        for model in translator.get_registered_models()
        for record in model.objects.all()
    }

    assert lacking == {
        "source 21": ["headline", "note"],
        "theme 21": ["description", "name"],
        "locality 21": ["description", "name"],
        "partner 21": ["cooperation", "name"],
        "project 21": ["body", "summary", "title"],
        "project 22": ["body"],
        "keyfigure 21": ["label"],
        "award 21": ["description", "organiser", "title"],
        "milestone 21": ["description", "title"],
        "page 21": ["body", "summary", "title"],
    }
    assert [record.is_public for model in PUBLISHABLE for record in model.objects.all()] == [
        True
    ] * 7
