"""Language prefixes, translated path words, the language switcher and its <head> links."""

import re

import pytest

from programme.models import Partner

from .conftest import url_in
from .content import make_partner, make_project, make_theme


def head_links(html, rel):
    return re.findall(rf'<link rel="{rel}"(?: hreflang="([^"]+)")? href="([^"]+)">', html)


@pytest.mark.django_db
def test_root_redirects_to_vietnamese_by_default(client):
    response = client.get("/")
    assert (response.status_code, response["Location"]) == (302, "/vi/")


@pytest.mark.django_db
def test_root_redirects_to_english_for_an_english_browser(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert (response.status_code, response["Location"]) == (302, "/en/")


@pytest.mark.django_db
def test_path_words_are_translated():
    assert url_in("vi", "project-detail", slug="iot") == "/vi/du-an/iot/"
    assert url_in("en", "project-detail", slug="iot") == "/en/projects/iot/"
    assert [url_in("vi", name) for name in ("award-list", "partner-list", "timeline")] == [
        "/vi/giai-thuong/",
        "/vi/doi-tac/",
        "/vi/dong-thoi-gian/",
    ]


@pytest.mark.django_db
def test_record_links_follow_the_page_language(client):
    make_project(slug="iot", title_en="IoT")
    # Each page twice: the second time the links come from the kept URLs.
    for _ in range(2):
        assert 'href="/vi/du-an/iot/"' in client.get("/vi/du-an/").content.decode()
        assert 'href="/en/projects/iot/"' in client.get("/en/projects/").content.decode()


@pytest.mark.django_db
def test_html_lang_follows_the_url_language(client):
    assert '<html lang="vi">' in client.get("/vi/").content.decode()
    assert '<html lang="en">' in client.get("/en/").content.decode()


@pytest.mark.django_db
def test_language_switcher_keeps_the_record(client):
    project = make_project(slug="ioc")
    html = client.get(url_in("vi", "project-detail", slug=project.slug)).content.decode()
    switch = re.search(
        r'<a href="([^"]+)" hreflang="en" lang="en"\s+data-testid="switch-en">', html
    )
    assert switch.group(1) == "/en/projects/ioc/"


@pytest.mark.django_db
def test_language_switcher_keeps_the_filters(client):
    theme = make_theme(slug="innovation")
    make_project(themes=[theme])
    html = client.get("/en/projects/?theme=innovation&status=operational").content.decode()
    switch = re.search(
        r'<a href="([^"]+)" hreflang="vi" lang="vi"\s+data-testid="switch-vi">', html
    )
    # The page cache keeps the page's own parameters in a fixed order (portal/cache.py).
    assert switch.group(1) == "/vi/du-an/?status=operational&amp;theme=innovation"


@pytest.mark.django_db
def test_head_has_canonical_alternates_and_x_default(client):
    make_project(slug="ioc")
    html = client.get("/en/projects/ioc/").content.decode()
    assert head_links(html, "canonical") == [("", "http://testserver/en/projects/ioc/")]
    assert head_links(html, "alternate") == [
        ("vi", "http://testserver/vi/du-an/ioc/"),
        ("x-default", "http://testserver/vi/du-an/ioc/"),
        ("en", "http://testserver/en/projects/ioc/"),
    ]


def test_head_alternates_leave_out_a_language_the_record_lacks(client, english_fallbacks):
    html = client.get("/vi/du-an/nong-trai-thong-minh-bau-bang/").content.decode()
    vietnamese = "http://testserver/vi/du-an/nong-trai-thong-minh-bau-bang/"
    assert head_links(html, "alternate") == [("vi", vietnamese), ("x-default", vietnamese)]


def names_in(html, pattern):
    return [" ".join(name.split()) for name in re.findall(pattern, html, re.S)]


@pytest.mark.django_db
def test_english_pages_order_and_filter_by_english_text(client):
    """Each page lists in the alphabetical order of what it shows: an English page by the
    English names, and by the Vietnamese ones where a record has no English; the word filter
    reads the page's language."""
    health = make_theme(name_vi="Y tế", name_en="Health")
    make_theme(name_vi="Giao thông", name_en="Transport")
    make_theme(name_vi="Nông nghiệp", name_en="")
    make_project(title_vi="An ninh", title_en="Security", summary_en="Cameras", themes=[health])
    make_project(title_vi="Bệnh viện", title_en="Hospital", summary_en="Care for patients")
    make_project(title_vi="Chợ", title_en="", summary_en="")
    make_partner(name_vi="Học viện A", name_en="Zeta University", kind=Partner.Kind.UNIVERSITY)
    make_partner(name_vi="Viện B", name_en="Alpha Institute", kind=Partner.Kind.UNIVERSITY)

    def menu(html):
        select = re.search(r'<select id="filter-theme".*?</select>', html, re.S).group()
        return names_in(select, r"<option value=\"[^\"]+\"[^>]*>(.*?)</option>")

    english, vietnamese = client.get("/en/projects/"), client.get("/vi/du-an/")
    cards = r'data-testid="project-card">\s*<h\d[^>]*><a [^>]+>(.*?)</a>'
    assert menu(english.content.decode()) == ["Health", "Nông nghiệp", "Transport"]
    assert menu(vietnamese.content.decode()) == ["Giao thông", "Nông nghiệp", "Y tế"]
    assert names_in(english.content.decode(), cards) == ["Chợ", "Hospital", "Security"]
    assert names_in(vietnamese.content.decode(), cards) == ["An ninh", "Bệnh viện", "Chợ"]

    partners = r'<h3[^>]*>\s*<a href="/\w+/[^/]+/[^/]+/"[^>]*>(.*?)</a>'
    english_partners = client.get("/en/partners/").content.decode()
    assert names_in(english_partners, partners) == ["Alpha Institute", "Zeta University"]
    assert names_in(client.get("/vi/doi-tac/").content.decode(), partners) == [
        "Học viện A",
        "Viện B",
    ]

    patients = client.get("/en/projects/", {"q": "patients"}).content.decode()
    assert names_in(patients, cards) == ["Hospital"]
    assert names_in(client.get("/vi/du-an/", {"q": "patients"}).content.decode(), cards) == []
