"""Any text staff type renders: arbitrary Unicode, markers [^KEY] (known, unknown, half-typed),
HTML and character references (private-use ones included, which the renderer once took for its
own placeholders) are thrown at the renderer and at every public page that shows a long text.
Examples are bounded so that the whole module runs in seconds."""

import re
from html.parser import HTMLParser

import pytest
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from programme.richtext import Citations, plain_text, render_markdown

from .content import make_award, make_milestone, make_page, make_partner, make_project, make_source

KNOWN = ("first-article", "second-article")

fragments = st.one_of(
    st.text(max_size=8),
    st.sampled_from(
        [*(f"[^{key}]" for key in KNOWN), "[^nobody]", "[^", "]", "^", " ", "\n", "\n\n"]
        + ["- ", "1. ", "## ", "> ", "`", "**", "_", "|", "|-|", "[x](", ")", "\\", "<", ">", "&"]
    ),
    st.text(
        alphabet=st.characters(codec="utf-8", exclude_characters=" \n]"), min_size=1, max_size=6
    ).map(lambda key: f"[^{key}]"),
    st.integers(0, 0x10FFFF).map(lambda n: f"&#{n};"),
    st.integers(0, 0x10FFFF).map(lambda n: f"&#x{n:X};"),
    st.sampled_from(
        ["&#xE000;", "&#xE001;", "&#57344;", "&#57345;", "\ue000", "\ue001", "&amp;", "&nbsp;"]
        + ["&#xE000;7&#xE001;", "&#57344;0&#57345;", "\ue0000\ue001", "&#0;", "&#xD800;"]
    ),
    st.sampled_from(
        ["<script>alert(1)</script>", '<a href="javascript:alert(1)">', "<b>", "</sup>", "<!--"]
        + ['<sup class="citations">', '<a id="cite-1-1" href="#source-1" onclick="x()">']
    ),
)
texts = st.lists(fragments, max_size=24).map("".join)
# What the databases store: PostgreSQL refuses NUL in text, and forms refuse it before.
stored_texts = texts.map(lambda text: text.replace("\x00", ""))
# Titles and names: any character but NUL, as long as the shortest of their columns allows.
names = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), min_size=1, max_size=40)

ALLOWED = {
    "p": set(),
    "br": set(),
    "strong": set(),
    "em": set(),
    "a": {"href", "id", "aria-label", "rel"},
    "ul": set(),
    "ol": {"start"},
    "li": set(),
    "h2": set(),
    "h3": set(),
    "h4": set(),
    "sup": {"class"},
    "blockquote": set(),
    "code": set(),
    "pre": set(),
    "table": set(),
    "thead": set(),
    "tbody": set(),
    "tr": set(),
    "th": set(),
    "td": set(),
}


class Elements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def elements(html):
    parser = Elements()
    parser.feed(html)
    parser.close()
    return parser.found


class Article:
    def __init__(self, pk, key):
        self.pk, self.seed_key, self.slug = pk, key, key
        self.outlet, self.published = "Báo Bình Dương", None


ARTICLES = [Article(1, KNOWN[0]), Article(2, KNOWN[1])]


@settings(max_examples=300, deadline=None)
@given(text=texts)
def test_rich_text_renders_any_text_to_allowed_markup_only(text):
    citations = Citations()
    html = render_markdown(text, citations, ARTICLES)
    plain = plain_text(text)

    found = elements(html)
    assert [(tag, sorted(set(attrs) - ALLOWED.get(tag, set()))) for tag, attrs in found] == [
        (tag, []) for tag, _attrs in found
    ]
    assert all(
        attrs.get("href", "#").startswith(("#source-", "http:", "https:", "mailto:"))
        or not re.match(r"[a-z]+:", attrs.get("href", "#"), re.I)
        for tag, attrs in found
        if tag == "a"
    )
    assert "<" not in plain or "<" in text or "&" in text


@settings(max_examples=300, deadline=None)
@given(text=texts)
def test_rich_text_numbers_only_what_markers_cite(text):
    citations = Citations()
    html = render_markdown(text, citations, ARTICLES)
    numbered = citations.entries()

    references = re.findall(r'<a href="#source-(\d+)" id="(cite-(\d+)-\d+)"', html)
    # Each reference goes to an entry of the list, and has an id of its own.
    assert {int(target) for target, _id, _number in references} <= {n for n, *_ in numbered}
    assert all(target == number for target, _id, number in references)
    assert len({anchor for _target, anchor, _number in references}) == len(references)
    # No marker, no reference: character references are text, whatever they decode to.
    if "[^" not in text:
        assert references == []
        assert numbered == []


@settings(max_examples=200, deadline=None)
@given(text=texts)
def test_rich_text_groups_markers_side_by_side_in_ascending_order(text):
    html = render_markdown(text, Citations(), ARTICLES)

    for group in re.findall(r'<sup class="citations">(.*?)</sup>', html):
        numbers = [int(n) for n in re.findall(r'href="#source-(\d+)"', group)]
        assert numbers == sorted(set(numbers))


@pytest.mark.parametrize(
    "text",
    ["See &#xE000;7&#xE001; below.", "&#57344;0&#57345; again.", "Typed \ue0000\ue001 here."],
)
def test_rich_text_private_use_characters_are_text(text):
    html = render_markdown(text, Citations(), ARTICLES)

    assert "source-" not in html
    assert "\ue000" in html


@pytest.fixture
def site(db):
    """One published record of each kind that shows a long text, citing the same two sources."""
    first = make_source(slug=KNOWN[0])
    second = make_source(slug=KNOWN[1])
    sources = [first, second]
    records = [
        make_project(slug="project", sources=sources),
        make_award(slug="award", sources=sources),
        make_partner(slug="partner"),
        make_milestone(slug="milestone", sources=sources),
        make_page(slug="page", sources=sources),
        first,
    ]
    records[2].sources.set(sources)
    with translation.override("en"):
        urls = [record.get_absolute_url() for record in records]
    urls += ["/en/partners/", "/en/timeline/", "/vi/dong-thoi-gian/", "/en/sources/"]
    return records, urls


SHORT_TEXTS = {
    "project": ("title_en", "summary_en"),
    "award": ("title_en", "organiser_en"),
    "partner": ("name_en", "short_name"),
    "milestone": ("title_en",),
    "page": ("title_en", "summary_en"),
    "source": ("headline_en", "outlet", "author"),
}
LONG_TEXTS = {
    "project": ("body_vi", "body_en"),
    "award": ("description_vi", "description_en"),
    "partner": ("cooperation_vi", "cooperation_en"),
    "milestone": ("description_vi", "description_en"),
    "page": ("body_vi", "body_en"),
    "source": ("note_vi", "note_en"),
}


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=stored_texts, vietnamese=stored_texts, name=names)
def test_every_page_with_a_long_text_shows_any_text(client, site, text, vietnamese, name):
    records, urls = site
    for record in records:
        kind = type(record)._meta.model_name
        vi_field, en_field = LONG_TEXTS[kind]
        setattr(record, vi_field, vietnamese or "Đoạn.")
        setattr(record, en_field, text)
        for field in SHORT_TEXTS[kind]:
            setattr(record, field, name)
        record.save()

    pages = {url: client.get(url) for url in urls}

    assert {url: page.status_code for url, page in pages.items()} == dict.fromkeys(urls, 200)
    for page in pages.values():
        html = page.content.decode()
        listed = set(re.findall(r'<li id="source-(\d+)"', html))
        cited = set(re.findall(r'<a href="#source-(\d+)" id="cite-', html))
        assert cited <= listed
        anchors = re.findall(r' id="(cite-\d+-\d+)"', html)
        assert len(anchors) == len(set(anchors))
