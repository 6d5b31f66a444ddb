"""Links where people expect them, English addresses on English pages, and the small things that
made pages read wrong: a Vietnamese abbreviation in English, a date said twice, a list out of date
order, a map with a single dot."""

import datetime
import io
import re

import pytest
from django.utils import translation
from lxml import html as lxml_html
from PIL import Image

from programme.models import Milestone, Partner, Source, Theme
from programme.slugs import shorten_slug

from .content import make_award, make_milestone, make_partner, make_project, make_theme
from .page_types import addresses, seed


def tree_of(client, address):
    response = client.get(address)
    assert response.status_code == 200, address
    return lxml_html.fromstring(response.content)


@pytest.mark.django_db
def test_english_pages_use_english_filter_values_anchors_and_addresses(client):
    seed()
    english = {}
    for name, address in addresses("en").items():
        tree = tree_of(client, address)
        values = tree.xpath('//select[@name="theme" or @name="locality"]/option/@value')
        links = tree.xpath("//main//a/@href")
        ids = tree.xpath('//*[@data-testid="timeline-entry" or @data-testid="award"]/@id')
        english[name] = [v for v in values + links + ids if re.search(r"chinh-quyen|thanh-pho", v)]
    assert {name: found for name, found in english.items() if found} == {}
    theme = Theme.objects.get(seed_key="digital-government")
    assert theme.slug_en == "digital-government-and-intelligent-operations"


def test_a_slug_is_cut_between_words():
    title = "Báo Bình Dương: Bình Dương là Cộng đồng thông minh của năm 2023 (Top 1 ICF)"
    assert shorten_slug(title, 40) == "bao-binh-duong-binh-duong-la-cong-dong"
    assert shorten_slug("short title", 40) == "short-title"


@pytest.mark.django_db
def test_no_source_slug_is_cut_inside_a_word(client):
    seed()
    for source in Source.objects.all():
        for slug, headline in (
            (source.slug, source.headline_vi),
            (source.slug_en, source.headline_en),
        ):
            words = set(shorten_slug(headline, 1000).split("-"))
            assert set(slug.split("-")) <= words | {str(n) for n in range(2, 9)}, slug


@pytest.mark.django_db
def test_english_pages_show_no_vietnamese_abbreviation(client):
    seed()
    committee = Partner.objects.get(seed_key="provincial-peoples-committee")
    with translation.override("en"):
        committee_page = committee.get_absolute_url()
    for address in ("/en/partners/", committee_page):
        assert "UBND" not in tree_of(client, address).text_content()
    assert "(ICF)" in tree_of(client, "/en/partners/").text_content()
    assert "(UBND tỉnh)" in tree_of(client, "/vi/doi-tac/").text_content()


@pytest.mark.django_db
def test_no_date_is_said_twice(client):
    seed()
    twice = re.compile(r"(tháng \d+/\d{4}|[A-Z][a-z]+ \d{4}|\d{4}) .*\((đến |by |)\1\)")
    for address in ("/vi/", "/en/", "/vi/dong-thoi-gian/", "/en/timeline/"):
        tree = tree_of(client, address)
        entries = tree.xpath(
            '//*[@data-testid="newest-milestone" or @data-testid="timeline-entry"]'
        )
        assert len(entries) > 4
        for entry in entries:
            heading = entry.xpath('.//p[@class="when"]|.//time|.//h2|./a')
            text = " ".join(" ".join(part.text_content().split()) for part in heading)
            assert not twice.search(text), text
        assert "(Top 1 ICF) (2023)" not in tree.text_content()


@pytest.mark.django_db
def test_the_timeline_lists_the_2019_listing_before_the_list_for_2020(client):
    seed()
    told = {}
    for entry in Milestone.objects.filter(
        award__seed_key__in=["icf-smart21-2019", "icf-smart21-2020"]
    ):
        told[entry.award.year] = entry.slug_en
    assert told[2019] and told[2020]
    ids = tree_of(client, "/en/timeline/").xpath('//*[@data-testid="timeline-entry"]/@id')
    assert [i for i in ids if i in told.values()] == [told[2019], told[2020]]


@pytest.mark.django_db
def test_timeline_entries_and_home_milestones_link_to_their_records(client):
    project = make_project(slug="ioc")
    award = make_award(slug="top7", year=2021)
    make_milestone(title_en="About the IOC", project=project, date=datetime.date(2020, 1, 1))
    make_milestone(title_en="About the award", award=award, date=datetime.date(2021, 7, 1))
    alone = make_milestone(title_en="Alone", date=datetime.date(2019, 1, 1))
    timeline = tree_of(client, "/en/timeline/")
    links = {
        entry.xpath("string(.//h2)").strip(): entry.xpath(".//h2/a/@href")
        for entry in timeline.xpath('//*[@data-testid="timeline-entry"]')
    }
    # The award is told by its milestone, which links to it.
    assert links == {
        "Alone": [f"#{alone.slug_en}"],
        "About the IOC": ["/en/projects/ioc/"],
        "About the award": ["/en/awards/top7/"],
    }
    home = tree_of(client, "/en/")
    assert home.xpath('//*[@data-testid="newest-milestone"]/a/@href') == [
        "/en/awards/top7/",
        "/en/projects/ioc/",
        f"/en/timeline/#{alone.slug_en}",
    ]
    assert home.xpath('//*[@data-testid="award-history"]/@href') == ["/en/awards/"]


@pytest.mark.django_db
def test_the_newest_is_headed_with_its_date(client):
    make_milestone(title_en="Newest", date=datetime.date(2023, 12, 1), date_precision="month")
    make_milestone(title_en="Older", date=datetime.date(2021, 1, 1))
    heading = tree_of(client, "/en/").xpath('string(//*[@id="timeline-heading"])')
    assert " ".join(heading.split()) == "Latest milestones, up to December 2023"
    heading = tree_of(client, "/vi/").xpath('string(//*[@id="timeline-heading"])')
    assert " ".join(heading.split()) == "Các mốc mới nhất, đến tháng 12/2023"


@pytest.mark.django_db
def test_a_partner_page_draws_no_one_dot_map(client):
    partner = make_partner(slug="eindhoven")
    tree = tree_of(client, "/en/partners/eindhoven/")
    assert tree.xpath('//*[@data-testid="partner-map"]') == []
    assert partner.latitude is not None


@pytest.mark.django_db
def test_project_cards_say_as_of_when_their_status_is_known(client):
    make_project(
        title_en="Smart Village",
        featured=True,
        status_as_of_date=datetime.date(2022, 3, 1),
        status_as_of_precision="month",
    )
    for address in ("/en/", "/en/projects/"):
        card = tree_of(client, address).xpath('//*[@data-testid="project-card"]')[0]
        status = " ".join(card.xpath('string(.//*[@class="card-status"])').split())
        assert status == "In progress as of March 2022" or status == "Operational as of March 2022"


@pytest.mark.django_db
def test_a_theme_without_projects_images_gives_its_drawing_to_cards(client):
    theme = make_theme(icon=Theme.Icon.AGRICULTURE)
    make_project(themes=[theme], featured=True)
    card = tree_of(client, "/en/").xpath('//*[@data-testid="project-card"]')[0]
    assert card.xpath(".//use/@href")[0].endswith("#theme-agriculture")


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_page_has_a_share_image_of_1200_by_630(client, language):
    seed()
    for name, address in addresses(language).items():
        tree = tree_of(client, address)
        share = tree.xpath('//meta[@property="og:image"]/@content')
        assert len(share) == 1, name
        response = client.get(share[0].removeprefix("http://testserver"))
        image = Image.open(io.BytesIO(response.content))
        assert (name, response.status_code, image.size) == (name, 200, (1200, 630))
        assert "immutable" in response["Cache-Control"]


@pytest.mark.django_db
def test_share_image_of_an_unpublished_record_is_not_found(client):
    project = make_project(slug="draft", publication_status="draft")
    assert client.get(f"/share/en/project/{project.pk}-0.png").status_code == 404
    assert client.get("/share/xx/section/home-0.png").status_code == 404
    assert client.get("/share/en/section/nothing-0.png").status_code == 404


@pytest.mark.django_db
def test_favicon_touch_icon_and_manifest(client):
    for address, kind in (("/favicon.ico", "ICO"), ("/apple-touch-icon.png", "PNG")):
        response = client.get(address)
        body = b"".join(response.streaming_content)
        assert (response.status_code, Image.open(io.BytesIO(body)).format) == (200, kind)
    manifest = client.get("/vi/site.webmanifest")
    assert manifest["Content-Type"] == "application/manifest+json"
    data = manifest.json()
    assert (data["name"], data["start_url"], data["lang"]) == (
        "Thành phố thông minh Bình Dương",
        "/vi/",
        "vi",
    )
    assert {icon["sizes"] for icon in data["icons"]} == {"192x192", "512x512", "any"}
    assert client.get("/en/site.webmanifest").json()["name"] == "Binh Duong Smart City"


@pytest.mark.django_db
def test_printed_pages_are_given_the_site_address_for_links(client):
    response = client.get("/print-origin.css")
    assert response.content.decode() == ':root { --origin: "http://testserver"; }\n'
    home = client.get("/vi/").content.decode()
    assert '<link rel="stylesheet" href="/print-origin.css" media="print">' in home


@pytest.mark.django_db
def test_milestones_have_english_anchors_and_keep_the_vietnamese_one(client):
    milestone = make_milestone(slug="phe-duyet", title_en="Programme approved")
    assert milestone.slug_en == "phe-duyet"
    other = Milestone.objects.create(
        title_vi="Ký kết",
        title_en="Agreement signed",
        kind="event",
        date=datetime.date(2020, 1, 1),
        publication_status="published",
    )
    tree = tree_of(client, "/en/timeline/")
    entry = tree.xpath('//*[@id="agreement-signed"]')[0]
    assert entry.xpath(".//span/@id") == [other.slug]
