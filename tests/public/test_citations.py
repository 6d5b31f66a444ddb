"""Claim-level citations: markers [^KEY] in long texts become numbered references to the page's
list of sources."""

import datetime
import re

import pytest
from django.utils import translation

from programme.models import PublicationStatus

from .content import (
    make_key_figure,
    make_milestone,
    make_page,
    make_partner,
    make_programme,
    make_project,
    make_source,
)
from .markup import markup

LINKED = ("projects", "awards", "partners", "sources", "pages")


def section(html, test_id):
    return re.search(rf'<section[^>]*data-testid="{test_id}".*?</section>', html, re.S).group(0)


def body(html):
    return re.search(r'<h2 id="body-heading">[^<]*</h2>(.*?)</section>', html, re.S).group(1)


def entries(html):
    """(number, address, headline) of each entry of the page's list of sources."""
    return re.findall(
        r'<li id="source-(\d+)">.*?<cite[^>]*><a href="([^"]+)">([^<]*)</a>',
        section(html, "sources"),
    )


def ref(*numbers):
    """A group of references as cited(html) shows it."""
    return "[" + ", ".join(str(number) for number in numbers) + "]"


def cited(html):
    """`html` with each group of references shown as "[1, 2]": the numbers its links show, once
    each link is checked to go to its source's entry."""

    def numbers(match):
        links = re.findall(r'<a href="#source-(\d+)"[^>]*>(\d+)</a>', match.group(1))
        assert all(target == shown for target, shown in links)
        return ref(*(shown for _target, shown in links))

    return re.sub(r'<sup class="citations">\[(.*?)\]</sup>', numbers, html)


@pytest.fixture
def two_sources():
    first = make_source(
        headline_en="First article", seed_key="bdo-2019", published_date=datetime.date(2019, 1, 1)
    )
    second = make_source(headline_en="Second article", published_date=datetime.date(2022, 1, 1))
    return first, second


@pytest.mark.django_db
def test_citations_number_sources_in_order_of_first_citation_and_repeat_numbers(
    client, two_sources
):
    first, second = two_sources
    make_project(
        slug="ioc",
        sources=[first, second],
        body_en=(
            f"Opened in 2022.[^{second.slug}]\n\n"
            "Phase one is done.[^bdo-2019][^" + second.slug + "]\n\n"
            f"Again.[^{first.slug}]"
        ),
    )

    html = markup(client.get("/en/projects/ioc/").content.decode())

    assert cited(body(html)) == (
        f"<p>Opened in 2022.{ref(1)}</p><p>Phase one is done.{ref(1, 2)}</p><p>Again.{ref(2)}</p>"
    )
    assert section(html, "sources").startswith(
        '<section class="sources" aria-labelledby="sources-heading" data-testid="sources">'
        '<h2 id="sources-heading">Sources</h2><ol><li id="source-1">'
    )
    assert entries(html) == [
        ("1", second.get_absolute_url(), "Second article"),
        ("2", first.get_absolute_url(), "First article"),
    ]


@pytest.mark.django_db
def test_citations_list_uncited_sources_after_the_cited_ones(client, two_sources):
    first, second = two_sources
    make_project(slug="ioc", sources=[first, second], body_en=f"Text.[^{second.slug}]")

    html = markup(client.get("/en/projects/ioc/").content.decode())

    assert [entry[:2] for entry in entries(html)] == [
        ("1", second.get_absolute_url()),
        ("2", first.get_absolute_url()),
    ]


@pytest.mark.django_db
def test_citations_in_vietnamese_page_have_the_list_named_in_vietnamese(client, two_sources):
    first, _second = two_sources
    make_project(slug="ioc", sources=[first], body_vi="Đoạn.[^bdo-2019]")

    html = markup(client.get("/vi/du-an/ioc/").content.decode())

    assert f"<p>Đoạn.{ref(1)}</p>" in cited(html)
    assert '<h2 id="sources-heading">Nguồn</h2><ol><li id="source-1">' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Unknown.[^nobody]", "<p>Unknown.[^nobody]</p>"),
        (
            "Hostile.[^<script>alert(1)</script>]",
            "<p>Hostile.[^&lt;script&gt;alert(1)&lt;/script&gt;]</p>",
        ),
        (
            'Quote.[^"><img/src=x/onerror=alert(1)>]',
            '<p>Quote.[^"&gt;&lt;img/src=x/onerror=alert(1)&gt;]</p>',
        ),
        ("Amp.[^a&amp;b]", "<p>Amp.[^a&amp;amp;b]</p>"),
        (
            "Typed definition.[^x]\n\n[^x]: Some note.",
            "<p>Typed definition.[^x]</p><p>[^x]: Some note.</p>",
        ),
    ],
    ids=["unknown", "script", "attribute", "entity", "typed definition"],
)
def test_citations_unknown_or_hostile_markers_show_as_escaped_text(client, text, shown):
    make_project(slug="ioc", sources=[make_source()], body_en=text)

    html = markup(client.get("/en/projects/ioc/").content.decode())

    assert body(html) == shown


@pytest.mark.django_db
def test_citations_of_an_unpublished_or_unlisted_source_stay_plain_text(client, two_sources):
    first, second = two_sources
    draft = make_source(publication_status=PublicationStatus.DRAFT)
    make_project(
        slug="ioc", sources=[first, draft], body_en=f"A.[^{draft.slug}] B.[^{second.slug}]"
    )

    html = markup(client.get("/en/projects/ioc/").content.decode())

    assert body(html) == f"<p>A.[^{draft.slug}] B.[^{second.slug}]</p>"
    assert draft.get_absolute_url() not in html


@pytest.mark.django_db
def test_citations_of_key_figures_share_the_numbers_of_the_text(client, two_sources):
    first, second = two_sources
    project = make_project(slug="ioc", sources=[first, second], body_en=f"A.[^{second.slug}]")
    make_key_figure(project, label_en="Exhibition area", source=first)
    make_key_figure(project, label_en="Visitors", source=second)

    html = cited(markup(client.get("/en/projects/ioc/").content.decode()))

    figures = re.search(r'data-testid="key-figures">(.*?)</ul>', html).group(1)
    assert re.findall(r'<span dir="auto">([^<]+)</span>(\[[^]]+\])', figures) == [
        ("Exhibition area", ref(1)),
        ("Visitors", ref(2)),
    ]
    assert body(html) == f"<p>A.{ref(2)}</p>"


@pytest.mark.django_db
def test_citations_on_the_timeline_number_each_entry_and_list_the_sources(client, two_sources):
    first, second = two_sources
    make_milestone(
        sources=[second],
        description_en=f"Approved.[^{second.slug}]",
        date=datetime.date(2016, 1, 1),
    )
    make_milestone(
        sources=[first, second],
        description_en="Planned.[^bdo-2019]",
        date=datetime.date(2017, 1, 1),
    )

    html = cited(markup(client.get("/en/timeline/").content.decode()))

    assert f'<p>Approved.{ref(1)}</p><p class="entry-sources">Sources:{ref(1)}</p>' in html
    assert f'<p>Planned.{ref(2)}</p><p class="entry-sources">Sources:{ref(1, 2)}</p>' in html
    assert [entry[:2] for entry in entries(html)] == [
        ("1", second.get_absolute_url()),
        ("2", first.get_absolute_url()),
    ]


@pytest.mark.django_db
def test_citations_leave_no_marker_in_meta_descriptions(client, two_sources):
    first, _second = two_sources
    partner = make_partner(slug="eindhoven", cooperation_en="**Design** week.[^bdo-2019]")
    partner.sources.set([first])
    make_source(slug="article", note_en="An interview.[^article]")

    partner_html = client.get("/en/partners/eindhoven/").content.decode()
    source_html = cited(markup(client.get("/en/sources/article/").content.decode()))

    assert '<meta name="description" content="Design week.">' in partner_html
    assert '<meta name="description" content="An interview.">' in source_html


@pytest.mark.django_db
def test_staff_notes_never_reach_a_public_page(client):
    data = make_programme(1)
    for records in data.values():
        for record in records:
            record.staff_note = "STAFF-ONLY original headline unknown"
            record.save()
    urls = ["/vi/", "/en/", "/en/projects/", "/en/awards/", "/en/partners/", "/en/timeline/"]
    urls += ["/en/sources/", "/vi/nguon/", "/en/search/?q=headline+unknown", "/sitemap.xml"]
    urls += [records[0].get_absolute_url() for kind, records in data.items() if kind in LINKED]

    pages = {url: client.get(url) for url in urls}

    assert {url: response.status_code for url, response in pages.items()} == dict.fromkeys(
        urls, 200
    )
    assert [url for url, response in pages.items() if b"STAFF-ONLY" in response.content] == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prefix", "label"),
    [("/en", "Language of the article</dt><dd>Vietnamese"), ("/vi", "Tiếng Việt")],
)
def test_source_language_label_is_in_the_pages_language(client, prefix, label):
    source = make_source(slug="article", language="vi")
    with translation.override(prefix[1:]):
        url = source.get_absolute_url()

    html = markup(client.get(url).content.decode())

    assert label in html
    assert ("Tiếng Việt</dd>" in html) == (prefix == "/vi")


@pytest.mark.django_db
def test_citations_a_reference_is_named_by_its_source_and_its_entry_links_back(client, two_sources):
    first, second = two_sources
    make_project(
        slug="ioc",
        sources=[first, second],
        body_en=f"One.[^{second.slug}][^bdo-2019]\n\nTwo.[^{second.slug}]",
    )

    html = markup(client.get("/en/projects/ioc/").content.decode())

    assert body(html) == (
        '<p>One.<sup class="citations">['
        '<a href="#source-1" id="cite-1-1" aria-label="Source 1: Báo Bình Dương, 1 January 2022"'
        ' rel="noopener">1</a>,'
        '<a href="#source-2" id="cite-2-1" aria-label="Source 2: Báo Bình Dương, 1 January 2019"'
        ' rel="noopener">2</a>]</sup></p>'
        '<p>Two.<sup class="citations">['
        '<a href="#source-1" id="cite-1-2" aria-label="Source 1: Báo Bình Dương, 1 January 2022"'
        ' rel="noopener">1</a>]</sup></p>'
    )
    entries = dict(re.findall(r'<li id="source-(\d)">(.*?)<cite', section(html, "sources")))
    back = 'class="back-link" href="#cite-{}" aria-label="Back to the text that cites it'
    assert entries == {
        "1": '<span class="back-links"><span aria-hidden="true">↑</span>'
        f'<a {back.format("1-1")} (a)">a</a><a {back.format("1-2")} (b)">b</a></span>',
        "2": f'<a {back.format("2-1")}">↑</a>',
    }


@pytest.mark.django_db
def test_citations_in_vietnamese_are_named_nguon(client, two_sources):
    first, _second = two_sources
    make_project(slug="ioc", sources=[first], body_vi="Đoạn.[^bdo-2019]")

    html = markup(client.get("/vi/du-an/ioc/").content.decode())

    assert 'aria-label="Nguồn 1: Báo Bình Dương, 1/1/2019"' in html
    assert 'aria-label="Quay lại đoạn văn trích dẫn nguồn này">↑</a>' in html


@pytest.mark.django_db
def test_citations_a_source_shows_outlet_headline_date_author_and_its_links(client):
    archived = make_source(
        headline_en="Top7 article",
        author="Tiến Lực, Chí Tưởng",
        url="https://example.vn/top7.html",
        archive_url="https://web.archive.org/web/2021/https://example.vn/top7.html",
    )
    bare = make_source(
        headline_en="Undated article", published_date=None, published_precision="", url=""
    )
    make_project(
        slug="ioc", sources=[archived, bare], body_en=f"A.[^{archived.slug}] B.[^{bare.slug}]"
    )

    project = markup(client.get("/en/projects/ioc/").content.decode())
    detail = markup(client.get(archived.get_absolute_url()).content.decode())
    listing = markup(client.get("/en/sources/").content.decode())

    first, second = re.findall(r'<li id="source-\d">.*?</li>', section(project, "sources"))
    assert re.sub(r"^.*?<cite", "<cite", first) == (
        f'<cite dir="auto"><a href="{archived.get_absolute_url()}">Top7 article</a></cite>'
        '—<bdi>Báo Bình Dương</bdi>,<time datetime="2022-03-13">13 March 2022</time>,'
        '<bdi>Tiến Lực, Chí Tưởng</bdi><span class="source-links">·<a class="external" '
        'href="https://example.vn/top7.html" '
        'rel="noopener">Read the article on Báo Bình Dương</a>·<a class="external" '
        'href="https://web.archive.org/web/2021/https://example.vn/top7.html" rel="noopener">'
        "Archived copy</a></span></li>"
    )
    assert re.sub(r"^.*?<cite", "<cite", second) == (
        f'<cite dir="auto"><a href="{bare.get_absolute_url()}">Undated article</a></cite>'
        "—<bdi>Báo Bình Dương</bdi></li>"
    )
    assert (
        '<dt>Archived copy</dt><dd><a class="external" '
        'href="https://web.archive.org/web/2021/https://example.vn/top7.html" rel="noopener">'
    ) in detail
    assert listing.count("Archived copy</a>") == 1


@pytest.mark.django_db
def test_citations_a_source_page_does_not_cite_itself(client):
    source = make_source(slug="article", note_en="An interview.[^article]\n\nMore.[^article]")

    html = markup(client.get("/en/sources/article/").content.decode())

    assert "<p>An interview.</p><p>More.</p>" in html
    assert ('data-testid="sources"' in html, 'class="citations"' in html) == (False, False)
    assert f'<a href="{source.get_absolute_url()}' not in html


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["accessibility", "contact"])
def test_citations_are_left_out_of_the_portals_own_statements(client, two_sources, role):
    first, second = two_sources
    page = make_page(
        slug="statement", role=role, sources=[first, second], body_en="How we cite.[^bdo-2019]"
    )
    about = make_page(slug="about", role="about", sources=[first], body_en="Aim.[^bdo-2019]")

    with translation.override("en"):
        urls = page.get_absolute_url(), about.get_absolute_url()

    statement = markup(client.get(urls[0]).content.decode())
    programme = cited(markup(client.get(urls[1]).content.decode()))

    assert "<p>How we cite.</p>" in statement
    assert ('data-testid="sources"' in statement, "citations" in statement) == (False, False)
    assert f"<p>Aim.{ref(1)}</p>" in programme
