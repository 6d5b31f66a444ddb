"""sitemap.xml, robots.txt, Open Graph, JSON-LD, and the error pages."""

import json
import re

import pytest
from django.test import Client

from .content import make_award, make_milestone, make_project


def json_ld(html):
    return [
        json.loads(block)
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    ]


def test_sitemap_lists_records_only_in_the_languages_they_have(
    client, publication_states, english_fallbacks
):
    xml = client.get("/sitemap.xml").content.decode()
    locations = re.findall(r"<loc>http://testserver(/[^<]*/(?:du-an|projects)/[^<]+)</loc>", xml)
    # Neither drafts nor scheduled projects; a project with an English title but a Vietnamese
    # body (cho-nong-san-truc-tuyen) in both languages, one without English only in Vietnamese.
    assert sorted(locations) == [
        "/en/projects/online-farm-produce-market/",
        "/en/projects/publish-time-passed/",
        "/en/projects/published/",
        "/vi/du-an/cho-nong-san-truc-tuyen/",
        "/vi/du-an/nong-trai-thong-minh-bau-bang/",
        "/vi/du-an/publish-time-passed/",
        "/vi/du-an/published/",
    ]


@pytest.mark.django_db
def test_sitemap_gives_alternates_and_x_default(client):
    make_project(slug="both")
    xml = client.get("/sitemap.xml").content.decode()
    entry = xml.split("<loc>http://testserver/en/projects/both/</loc>")[1].split("</url>")[0]
    assert re.findall(r'hreflang="([^"]+)" href="([^"]+)"', entry) == [
        ("vi", "http://testserver/vi/du-an/both/"),
        ("en", "http://testserver/en/projects/both/"),
        ("x-default", "http://testserver/vi/du-an/both/"),
    ]


@pytest.mark.django_db
def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == (
        "User-agent: *\nDisallow:\nSitemap: http://testserver/sitemap.xml\n"
    )


@pytest.mark.django_db
def test_project_page_has_title_description_and_open_graph(client):
    make_project(slug="ioc", title_en="Intelligent Operations Center", summary_en="Runs the city.")
    html = client.get("/en/projects/ioc/").content.decode()
    share_image = re.search(
        r'og:image" content="(http://testserver/share/en/project/[^"]+)"', html
    ).group(1)
    assert "<title>Intelligent Operations Center | Binh Duong Smart City</title>" in html
    assert '<meta name="description" content="Runs the city.">' in html
    assert re.findall(r'<meta property="(og:[a-z_:]+)" content="([^"]*)">', html) == [
        ("og:title", "Intelligent Operations Center"),
        ("og:description", "Runs the city."),
        ("og:type", "article"),
        ("og:image", share_image),
        ("og:image:width", "1200"),
        ("og:image:height", "630"),
        ("og:url", "http://testserver/en/projects/ioc/"),
        ("og:site_name", "Binh Duong Smart City"),
        ("og:locale", "en_GB"),
    ]


@pytest.mark.django_db
def test_home_describes_the_province_in_json_ld(client):
    assert json_ld(client.get("/en/").content.decode()) == [
        {
            "@context": "https://schema.org",
            "@type": "GovernmentOrganization",
            "name": "Binh Duong Provincial People's Committee",
            "url": "http://testserver/en/",
            "areaServed": {"@type": "AdministrativeArea", "name": "Binh Duong Province"},
        }
    ]


@pytest.mark.django_db
def test_awards_page_lists_awards_in_json_ld(client):
    make_award(title_en="Smart21 Communities", year=2020)
    [data] = json_ld(client.get("/en/awards/").content.decode())
    assert data["award"] == ["Smart21 Communities (2020)"]


@pytest.mark.django_db
def test_timeline_lists_events_in_json_ld(client):
    milestone = make_milestone(title_en="Programme </script> approved")
    [data] = json_ld(client.get("/en/timeline/").content.decode())
    assert data["@graph"] == [
        {
            "@type": "Event",
            "name": "Programme </script> approved",
            "startDate": "2016",
            "url": f"http://testserver/en/timeline/#{milestone.slug_en}",
            "location": {"@type": "Place", "name": "Binh Duong Province"},
        }
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "heading"),
    [("/en/no-such-page/", "Page not found"), ("/vi/khong-co/", "Không tìm thấy trang")],
)
def test_unknown_address_gives_the_404_page_in_its_language(client, url, heading):
    response = client.get(url)
    assert response.status_code == 404
    assert f"<h1>{heading}</h1>" in response.content.decode()


@pytest.mark.django_db
def test_server_error_gives_the_500_page_in_the_site_design(client, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("broken on purpose")

    monkeypatch.setattr("programme.views.province_json_ld", broken)
    response = Client(raise_request_exception=False).get("/en/awards/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "<h1>Something went wrong on our side</h1>" in html
    assert '<html lang="en">' in html
