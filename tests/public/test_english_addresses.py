"""English pages have English addresses: a slug made from the English title; each language's
slug on the other language's page answers 301 to the right address."""

import importlib
import io
import re

import pytest
from django.apps import apps
from django.core.management import call_command

from programme.models import OldSlug, Partner, Project

from .content import make_award, make_page, make_partner, make_project, make_source

MAKERS = {
    "project": (make_project, "title", "/vi/du-an/", "/en/projects/"),
    "award": (make_award, "title", "/vi/giai-thuong/", "/en/awards/"),
    "partner": (make_partner, "name", "/vi/doi-tac/", "/en/partners/"),
    "source": (make_source, "headline", "/vi/nguon/", "/en/sources/"),
    "page": (make_page, "title", "/vi/trang/", "/en/pages/"),
}


def answer(client, url):
    response = client.get(url)
    if response.status_code == 200:
        return 200, response.context["record"].pk
    return response.status_code, response.get("Location")


@pytest.mark.django_db
@pytest.mark.parametrize("kind", MAKERS)
def test_english_slug_is_made_from_the_english_title_and_each_slug_leads_to_its_language(
    client, kind
):
    make, naming, vi, en = MAKERS[kind]
    record = make(**{f"{naming}_vi": "Thành phố Eindhoven", f"{naming}_en": "Eindhoven"})

    answers = [
        answer(client, url)
        for url in (
            f"{en}eindhoven/",
            f"{en}thanh-pho-eindhoven/?a=1",
            f"{vi}thanh-pho-eindhoven/",
            f"{vi}eindhoven/",
        )
    ]

    assert (record.slug, record.slug_en) == ("thanh-pho-eindhoven", "eindhoven")
    assert answers == [
        (200, record.pk),
        (301, f"{en}eindhoven/?a=1"),
        (200, record.pk),
        (301, f"{vi}thanh-pho-eindhoven/"),
    ]


@pytest.mark.django_db
def test_record_without_english_title_keeps_its_vietnamese_slug_on_english_pages(client):
    project = make_project(title_vi="Chợ nông sản", title_en="")

    assert project.slug_en is None
    assert answer(client, "/en/projects/cho-nong-san/") == (200, project.pk)


@pytest.mark.django_db
def test_english_slugs_are_unique_per_kind_and_never_another_records_slug(client):
    first = make_partner(name_vi="Eindhoven", name_en="Brainport")
    second = make_partner(name_vi="Vùng Brainport", name_en="Brainport")
    third = make_partner(name_vi="Khác", name_en="Eindhoven")
    project = make_project(title_vi="Dự án", title_en="Eindhoven")

    assert [(p.slug, p.slug_en) for p in (first, second, third)] == [
        ("eindhoven", "brainport"),
        ("vung-brainport", "brainport-2"),
        ("khac", "eindhoven-2"),
    ]
    assert project.slug_en == "eindhoven"


@pytest.mark.django_db
def test_language_switch_and_hreflang_lead_to_the_same_record_in_the_other_language(client):
    make_partner(name_vi="Thành phố Eindhoven", name_en="Eindhoven")

    english = client.get("/en/partners/eindhoven/").content.decode()
    vietnamese = client.get("/vi/doi-tac/thanh-pho-eindhoven/").content.decode()

    assert re.search(r'<a href="([^"]+)" hreflang="vi"', english).group(1) == (
        "/vi/doi-tac/thanh-pho-eindhoven/"
    )
    assert re.search(r'<a href="([^"]+)" hreflang="en"', vietnamese).group(1) == (
        "/en/partners/eindhoven/"
    )
    alternates = re.findall(r'<link rel="alternate" hreflang="(\w+)" href="([^"]+)">', english)
    assert alternates == [
        ("vi", "http://testserver/vi/doi-tac/thanh-pho-eindhoven/"),
        ("en", "http://testserver/en/partners/eindhoven/"),
    ]
    assert '<link rel="canonical" href="http://testserver/en/partners/eindhoven/">' in english


@pytest.mark.django_db
def test_sitemap_lists_each_languages_current_address(client):
    make_partner(name_vi="Thành phố Eindhoven", name_en="Eindhoven")

    xml = client.get("/sitemap.xml").content.decode()

    assert re.findall(r"<loc>http://testserver(/[^<]*/(?:doi-tac|partners)/[^<]+)</loc>", xml) == [
        "/vi/doi-tac/thanh-pho-eindhoven/",
        "/en/partners/eindhoven/",
    ]


@pytest.mark.django_db
def test_old_english_slug_answers_301_and_is_kept_as_english(client):
    partner = make_partner(name_vi="Thành phố Eindhoven", name_en="Eindhoven")
    partner.slug_en = "eindhoven-netherlands"
    partner.save()

    assert answer(client, "/en/partners/eindhoven/") == (301, "/en/partners/eindhoven-netherlands/")
    assert answer(client, "/vi/doi-tac/eindhoven/") == (301, "/vi/doi-tac/thanh-pho-eindhoven/")
    assert list(OldSlug.objects.values_list("kind", "slug", "language")) == [
        ("partner", "eindhoven", "en")
    ]


@pytest.mark.django_db
def test_migration_gives_english_slugs():
    """(Its re-hashing of untouched seeded records: tests/test_migration_of_seed_state_...)"""
    migration = importlib.import_module("programme.migrations.0016_english_slugs")
    call_command("seed", stdout=io.StringIO())
    for model in (Project, Partner):
        model.objects.update(slug_en=None)

    migration.make_english_slugs(apps, None)

    assert Project.objects.filter(slug_en=None).count() == 0
    assert Partner.objects.filter(slug_en=None).count() == 0
