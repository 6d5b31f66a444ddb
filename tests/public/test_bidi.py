"""Titles and names that staff type are shown isolated from the text around them (an element
with dir="auto", or <bdi>): a right-to-left override (U+202E) in one turns only its own text
around, never the page's words after it. (The SVG map's labels: by the stylesheet's
`unicode-bidi: isolate`, which tests/browser/test_map_and_citations_in_browser.py reads.)"""

import pytest
from lxml import html as lxml_html

from programme.models import Award, Locality, Milestone, Page, Partner, Project, Source, Theme

from .page_types import addresses, seed

OVERRIDE = "\u202e"
# The fields that name a record, each given an override at its start.
NAMES = {
    Project: ["title_vi", "title_en"],
    Award: ["title_vi", "title_en"],
    Milestone: ["title_vi", "title_en"],
    Page: ["title_vi", "title_en"],
    Partner: ["name_vi", "name_en"],
    Theme: ["name_vi", "name_en"],
    Locality: ["name_vi", "name_en"],
    Source: ["headline_vi", "headline_en", "outlet"],
}


def overridden_names():
    for model, fields in NAMES.items():
        for record in model._base_manager.all():
            for field in fields:
                value = getattr(record, field)
                if value:
                    setattr(record, field, OVERRIDE + value)
            model._base_manager.filter(pk=record.pk).update(
                **{field: getattr(record, field) for field in fields}
            )


def isolated(element):
    """Whether text in `element` is isolated from the text around it, below <body> (the text of
    a map label by the stylesheet)."""
    if element.tag == "text" and element.xpath("ancestor::*[contains(@class, 'map-label')]"):
        return True
    while element is not None and element.tag not in ("body", "head"):
        if element.tag == "bdi" or element.get("dir"):
            return True
        element = element.getparent()
    return element is not None and element.tag == "head"


def unisolated_overrides(content):
    tree = lxml_html.fromstring(content)
    found = []
    for text in tree.xpath("//body//text()[contains(., '\u202e')]"):
        element = text.getparent()
        if not isolated(element):
            found.append((element.tag, str(text).strip()[:60]))
    return found


@pytest.mark.slow
@pytest.mark.django_db
@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_page_type_isolates_the_names_it_shows(client, language):
    seed()
    overridden_names()
    found = {}
    shown = 0
    for name, address in addresses(language).items():
        response = client.get(address)
        assert (name, response.status_code) == (name, 200)
        shown += response.content.decode().count(OVERRIDE)
        if unisolated := unisolated_overrides(response.content):
            found[name] = unisolated

    assert shown > 100
    assert found == {}
