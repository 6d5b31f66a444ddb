"""A record's old addresses lead to its current one: a renamed slug answers 301, in both
languages, whatever wrote the change, while the sitemap lists current addresses only."""

import re

import pytest
from django.core import serializers
from django.urls import reverse

from programme.models import OldSlug, Page, Project, PublicationStatus

from ..review.forms import edit_token
from .conftest import url_in
from .content import make_award, make_page, make_partner, make_project, make_source

KINDS = {
    "project-detail": make_project,
    "award-detail": make_award,
    "partner-detail": make_partner,
    "source-detail": make_source,
    "page-detail": make_page,
}


def rename(record, slug):
    """A new address in both languages."""
    record.slug = record.slug_en = slug
    record.save()


def answer(client, url):
    """(status, the address redirected to, or the record shown)."""
    response = client.get(url)
    if response.status_code == 200:
        return 200, response.context["record"].slug
    return response.status_code, response.get("Location")


@pytest.mark.django_db
@pytest.mark.parametrize("name", KINDS)
def test_old_slugs_answer_301_to_the_current_address_in_both_languages(client, name):
    record = KINDS[name](slug="first")
    rename(record, "second")
    rename(record, "third")

    answers = [
        answer(client, url_in(language, name, slug=slug))
        for language in ("vi", "en")
        for slug in ("first", "second", "third")
    ]

    assert answers == [
        (301, url_in("vi", name, slug="third")),
        (301, url_in("vi", name, slug="third")),
        (200, "third"),
        (301, url_in("en", name, slug="third")),
        (301, url_in("en", name, slug="third")),
        (200, "third"),
    ]


@pytest.mark.django_db
def test_old_slug_redirect_keeps_the_query_string_and_makes_two_queries(
    client, django_assert_num_queries
):
    rename(make_project(slug="cu"), "moi")

    with django_assert_num_queries(2):  # The current slug, then the old one.
        response = client.get("/en/projects/cu/?utm_source=zalo&x=%C4%91")

    assert (response.status_code, response["Location"]) == (
        301,
        "/en/projects/moi/?utm_source=zalo&x=%C4%91",
    )


@pytest.mark.django_db
def test_current_slug_wins_and_an_old_slug_leads_to_its_last_holder(client):
    first = make_project(slug="a")
    rename(first, "b")
    second = make_project(slug="a")  # Takes the old address: it is now this project's.

    taken = [answer(client, f"/vi/du-an/{slug}/") for slug in ("a", "b")]
    rename(second, "c")

    assert taken == [(200, "a"), (200, "b")]
    assert [answer(client, f"/vi/du-an/{slug}/") for slug in ("a", "b", "c")] == [
        (301, "/vi/du-an/c/"),
        (200, "b"),
        (200, "c"),
    ]
    assert list(OldSlug.objects.values_list("kind", "record_id", "slug")) == [
        ("project", second.pk, "a")
    ]


@pytest.mark.django_db
def test_slug_renamed_back_is_current_again(client):
    project = make_project(slug="a")
    rename(project, "b")
    rename(project, "a")

    assert [answer(client, f"/vi/du-an/{slug}/") for slug in ("a", "b")] == [
        (200, "a"),
        (301, "/vi/du-an/a/"),
    ]


@pytest.mark.django_db
def test_slugs_of_other_kinds_lead_nowhere(client):
    rename(make_page(slug="gioi-thieu"), "ve-de-an")

    assert client.get("/vi/du-an/gioi-thieu/").status_code == 404


@pytest.mark.django_db
def test_old_slug_of_a_draft_is_404_for_the_public_and_a_redirect_for_staff(client, admin_client):
    rename(make_project(slug="nhap", publication_status=PublicationStatus.DRAFT), "nhap-moi")

    assert answer(client, "/vi/du-an/nhap/") == (404, None)
    assert answer(admin_client, "/vi/du-an/nhap/") == (301, "/vi/du-an/nhap-moi/")


@pytest.mark.django_db
def test_old_slug_of_a_deleted_record_is_404(client):
    project = make_project(slug="cu")
    rename(project, "moi")
    project.delete()

    assert answer(client, "/vi/du-an/cu/") == (404, None)


@pytest.mark.django_db
def test_slug_made_from_a_title_leaves_old_addresses_to_their_records(client):
    first = make_project(title_vi="Đô thị thông minh")
    rename(first, "do-thi-thong-minh-2020")

    second = make_project(title_vi="Đô thị thông minh")

    assert (first.slug, second.slug) == ("do-thi-thong-minh-2020", "do-thi-thong-minh-2")
    assert answer(client, "/vi/du-an/do-thi-thong-minh/") == (
        301,
        "/vi/du-an/do-thi-thong-minh-2020/",
    )


@pytest.mark.django_db
def test_slug_changed_in_admin_keeps_the_old_address(client, admin_client):
    page = make_page(slug="lien-he", title_vi="Liên hệ", title_en="Contact")
    form = {
        "title_vi": "Liên hệ",
        "title_en": "Contact",
        "summary_vi": "",
        "summary_en": "",
        "body_vi": "",
        "body_en": "",
        "role": "",
        "show_in_footer": "on",
        "position": "0",
        "slug": "lien-he-voi-chung-toi",
        "publication_status": "published",
    }

    change = reverse("admin:programme_page_change", args=[page.pk])
    form["edit_token"] = edit_token(admin_client, change)
    response = admin_client.post(change, form)

    assert (response.status_code, Page.objects.get().slug) == (302, "lien-he-voi-chung-toi")
    # The English slug, left empty in the form, is made again from the English title.
    assert answer(client, "/en/pages/lien-he/") == (301, "/en/pages/contact/")


@pytest.mark.django_db
def test_earlier_version_saved_raw_keeps_the_slug_it_replaces(client):
    """As django-reversion restores a version, and loaddata and import_content save: raw."""
    project = make_project(slug="ban-dau")
    earlier = serializers.serialize("json", [project])
    rename(project, "doi-ten")

    for version in serializers.deserialize("json", earlier):
        version.save()

    assert Project.objects.get().slug == "ban-dau"
    assert answer(client, "/vi/du-an/doi-ten/") == (301, "/vi/du-an/ban-dau/")


@pytest.mark.django_db
def test_sitemap_lists_only_current_addresses(client):
    project = make_project(slug="ten-cu")
    rename(project, "ten-moi")

    xml = client.get("/sitemap.xml").content.decode()

    assert re.findall(r"<loc>http://testserver(/[^<]*/(?:du-an|projects)/[^<]+)</loc>", xml) == [
        "/vi/du-an/ten-moi/",
        "/en/projects/ten-moi/",
    ]
