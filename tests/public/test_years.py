"""Years read as years: no page, filter option, sitemap or admin list writes one as an amount
("2.023", "2,023"), while counts and areas keep their separators."""

import re

import pytest
from django.contrib.auth.models import User
from django.utils import translation
from lxml import html as lxml_html

from programme.models import KeyFigure, Milestone

from .content import make_key_figure, make_project
from .page_types import addresses, seed

LANGUAGES = ["vi", "en"]
# A year between 1990 and 2100 with a thousands separator in it.
YEAR_AS_AMOUNT = re.compile(r"(?<![\d.,])(?:1[.,]99\d|2[.,]0\d\d|2[.,]100)(?![\d])")


def text_and_values(content):
    """The text of a page, and the values of its form fields and options."""
    tree = lxml_html.fromstring(content)
    for element in tree.xpath("//script|//style"):
        element.drop_tree()
    values = tree.xpath("//option/@value|//input/@value|//option/text()")
    return " ".join(tree.text_content().split()), values


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_no_page_writes_a_year_as_an_amount(client, language):
    seed()
    found = {}
    for name, address in addresses(language).items():
        response = client.get(address)
        assert (name, response.status_code) == (name, 200)
        text, values = text_and_values(response.content)
        amounts = YEAR_AS_AMOUNT.findall(text) + [v for v in values if YEAR_AS_AMOUNT.search(v)]
        if amounts:
            found[name] = amounts
    assert found == {}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "timeline"), [("vi", "/vi/dong-thoi-gian/"), ("en", "/en/timeline/")]
)
def test_the_timeline_year_filter_offers_years_and_shows_only_that_year(client, language, timeline):
    seed()
    tree = lxml_html.fromstring(client.get(timeline).content)
    years = tree.xpath('//select[@name="year"]/option/@value')[1:]
    assert years == sorted(years) and all(re.fullmatch(r"\d{4}", year) for year in years)
    assert tree.xpath('//select[@name="year"]/option/text()')[1:] == years
    every = len(tree.xpath('//*[@data-testid="timeline-entry"]'))
    for year in years:
        page = lxml_html.fromstring(client.get(f"{timeline}?year={year}").content)
        dates = page.xpath('//*[@data-testid="timeline-entry"]//p[@class="when"]/time/@datetime')
        entries = page.xpath('//*[@data-testid="timeline-entry"]')
        assert 0 < len(entries) < every
        assert {date[:4] for date in dates} <= {year, str(int(year) - 1)}
        assert page.xpath('//select[@name="year"]/option[@selected]/@value') == [year]


@pytest.mark.django_db
def test_milestones_of_2016_are_found_by_the_year_filter(client):
    seed()
    on_2016 = Milestone.objects.published().filter(date__year=2016).count()
    for address in ("/vi/dong-thoi-gian/?year=2016", "/en/timeline/?year=2016"):
        tree = lxml_html.fromstring(client.get(address).content)
        assert len(tree.xpath('//*[@data-testid="timeline-entry"]')) == on_2016 > 0


@pytest.mark.django_db
def test_sitemap_and_admin_lists_write_years_as_years(client):
    seed()
    assert not YEAR_AS_AMOUNT.search(client.get("/sitemap.xml").content.decode())
    client.force_login(User.objects.create_superuser("root", password="a long test password"))
    for model in ("award", "milestone", "project", "source", "partner"):
        for language in LANGUAGES:
            response = client.get(f"/admin/programme/{model}/", HTTP_ACCEPT_LANGUAGE=language)
            assert response.status_code == 200
            text, values = text_and_values(response.content)
            assert (model, language, YEAR_AS_AMOUNT.findall(text)) == (model, language, [])


@pytest.mark.django_db
def test_areas_and_counts_keep_their_separators(client):
    project = make_project()
    make_key_figure(project, value=22000)
    assert KeyFigure.objects.count() == 1
    page = lxml_html.fromstring(client.get(project.get_absolute_url()).content)
    vi = " ".join(page.text_content().split())
    assert "22.000 m²" in vi
    with translation.override("en"):
        address = project.get_absolute_url()
    en = " ".join(lxml_html.fromstring(client.get(address).content).text_content().split())
    assert "22,000 m²" in en
