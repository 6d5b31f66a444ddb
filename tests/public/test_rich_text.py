"""Long texts staff write are Markdown or a little HTML; what reaches the page is sanitised."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from .content import make_award, make_milestone, make_page, make_partner, make_project
from .markup import markup


def project_body(client, body_en):
    make_project(slug="ioc", body_en=body_en)
    html = client.get("/en/projects/ioc/").content.decode()
    return re.search(r'<h2 id="body-heading">[^<]*</h2>\s*(.*?)\s*</section>', html, re.S).group(1)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "shown"),
    [
        ("<script>alert(1)</script>\n\nText.", "<p>Text.</p>"),
        ('Photo <img src="x" onerror="alert(1)"> here.', "<p>Photo  here.</p>"),
        ('<p onclick="alert(1)" style="color:red">Styled</p>', "<p>Styled</p>"),
        (
            '<a href="javascript:alert(1)">HTML link</a>',
            '<p><a rel="noopener">HTML link</a></p>',
        ),
        (
            '<a href="javascript&#58;alert(1)">Encoded link</a>',
            '<p><a rel="noopener">Encoded link</a></p>',
        ),
        (
            '<a href="JaVaScRiPt&#x3A;alert(1)">Mixed case</a>',
            '<p><a rel="noopener">Mixed case</a></p>',
        ),
        ("[Markdown link](javascript:alert(1))", "<p>[Markdown link](javascript:alert(1))</p>"),
        (
            "[Encoded](javascript&#58;alert(1))",
            "<p>[Encoded](javascript:alert(1))</p>",
        ),
        (
            "[Data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
            "<p>[Data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)</p>",
        ),
        (
            '<a href="data:text/html,<script>alert(1)</script>">Data link</a>',
            '<p><a rel="noopener">Data link</a></p>',
        ),
        ('<iframe src="https://example.com/"></iframe>After.', "After."),
        ('<form action="https://example.com/"><input name="q"></form>Form.', "Form."),
        ("<style>body { display: none }</style>\n\nShown.", "<p>Shown.</p>"),
    ],
    ids=[
        "script",
        "onerror",
        "style and onclick",
        "javascript link",
        "encoded javascript link",
        "mixed-case encoded javascript link",
        "markdown javascript link",
        "markdown encoded javascript link",
        "markdown data link",
        "data link",
        "iframe",
        "form",
        "style element",
    ],
)
def test_rich_text_drops_what_could_run_or_restyle_the_page(client, body, shown):
    assert project_body(client, body) == shown


@pytest.mark.django_db
def test_rich_text_renders_markdown(client):
    body = (
        "A **bold** and *quiet* start,\nwith a line break.\n\n"
        "## Phases\n\n"
        "- first\n- second\n\n"
        "1. one\n2. two\n\n"
        "> Quoted.\n\n"
        "See [the plan](https://binhduong.gov.vn/plan) or [write](mailto:tp@binhduong.gov.vn)."
    )
    assert project_body(client, body) == (
        "<p>A <strong>bold</strong> and <em>quiet</em> start,<br>\nwith a line break.</p>\n"
        "<h2>Phases</h2>\n"
        "<ul>\n<li>first</li>\n<li>second</li>\n</ul>\n"
        "<ol>\n<li>one</li>\n<li>two</li>\n</ol>\n"
        "<blockquote>\n<p>Quoted.</p>\n</blockquote>\n"
        '<p>See <a href="https://binhduong.gov.vn/plan" rel="noopener">the plan</a> or '
        '<a href="mailto:tp@binhduong.gov.vn" rel="noopener">write</a>.</p>'
    )


@pytest.mark.django_db
def test_rich_text_keeps_the_allowed_html(client):
    body = (
        '<p lang="en">Plain <strong>HTML</strong> with '
        '<a href="https://example.com/" title="t">a link</a>.</p>'
    )
    assert project_body(client, body) == (
        '<p>Plain <strong>HTML</strong> with <a href="https://example.com/" rel="noopener">'
        "a link</a>.</p>"
    )


def test_rich_text_in_vietnamese_on_an_english_page_keeps_the_fallback_note(
    client, english_fallbacks
):
    # A project written in English but for its body.
    html = markup(client.get("/en/projects/online-farm-produce-market/").content.decode())
    assert (
        '<p class="fallback-note">Not yet translated into English; shown in Vietnamese.</p>'
        '<div lang="vi"><p>Người mua đặt hàng trước<strong>một ngày</strong>.</p></div>'
    ) in html


@pytest.mark.django_db
def test_rich_text_is_sanitised_in_every_long_text_the_site_shows(client):
    def attack(name):
        return f'<script>alert(1)</script><a href="javascript:alert(1)" onclick="x()">{name}</a>'

    award = make_award(slug="award", description_en=attack("Award"))
    make_milestone(slug="milestone", description_en=attack("Milestone"))
    partner = make_partner(cooperation_en=attack("Partner"))
    page = make_page(body_en=attack("Page"))
    with translation.override("en"):
        pages = {
            award.get_absolute_url(): "Award",
            reverse("timeline"): "Milestone",
            partner.get_absolute_url(): "Partner",
            page.get_absolute_url(): "Page",
        }
    html = {url: client.get(url).content.decode() for url in pages}
    assert {
        url: ("<script>alert" in text, 'href="javascript' in text, 'onclick="' in text)
        for url, text in html.items()
    } == dict.fromkeys(pages, (False, False, False))
    assert {url: f'<a rel="noopener">{name}</a>' in html[url] for url, name in pages.items()} == (
        dict.fromkeys(pages, True)
    )


@pytest.mark.django_db
def test_markdown_is_read_as_text_in_summaries_and_descriptions(client):
    cooperation = (
        "## Hợp tác\n\n**Vùng đổi mới sáng tạo** với [Eindhoven](https://example.org) & Singapore."
    )
    partner = make_partner(cooperation_en="", cooperation_vi=cooperation)
    text = "Hợp tác Vùng đổi mới sáng tạo với Eindhoven &amp; Singapore."

    list_html = client.get("/vi/doi-tac/").content.decode()
    detail_html = client.get(partner.get_absolute_url()).content.decode()

    assert f'<p dir="auto">{text}</p>' in list_html
    assert f'<meta name="description" content="{text}">' in detail_html
