"""What only a browser shows of the partner map and of citations: labels readable on a phone and
never over one another, references a finger can tap, the source entry a reference opens
highlighted with a way back, and no axe-core violation at 320 and 1280 px.

With SCREENSHOT_DIR set, the partner list and a page with citations are saved there at 360 and
1366 px, in both languages, for people to look at."""

import itertools
import os
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation

from programme.models import Project

PHONE, LAPTOP = 360, 1366


@pytest.fixture
def seeded(transactional_db):
    call_command("seed", verbosity=0, stdout=StringIO())
    project = Project.objects.get(seed_key="ioc")
    with translation.override("en"):
        english = project.get_absolute_url()
    return {
        "partners": {"vi": "/vi/doi-tac/", "en": "/en/partners/"},
        "citations": {"vi": project.get_absolute_url(), "en": english},
    }


def open_at(browser, url, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(url)
    return context, page


def screenshot(page, name, *, full_page=True):
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder, f"{name}.png")), full_page=full_page)


# Client rectangles of each label's text and of each dot, per panel.
LAYOUT = """() => [...document.querySelectorAll('svg.map')].map(svg => ({
  labels: [...svg.querySelectorAll('.map-label text')].map(text => {
    const r = text.getBoundingClientRect();
    return {text: text.textContent, link: !!text.closest('a[href]'),
            bidi: getComputedStyle(text).unicodeBidi, box: [r.left, r.top, r.right, r.bottom]};
  }),
  dots: [...svg.querySelectorAll('.map-dot')].map(dot => {
    const r = dot.getBoundingClientRect();
    return [r.left, r.top, r.right, r.bottom];
  }),
}))"""


def overlap(a, b):
    return not (a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1])


def test_map_labels_are_readable_links_that_never_overlap(live_server, browser, seeded):
    layouts = {}
    for width, language in itertools.product([PHONE, LAPTOP], ["vi", "en"]):
        context, page = open_at(browser, live_server.url + seeded["partners"][language], width)
        screenshot(page, f"partners-{language}-{width}")
        layouts[language, width] = page.evaluate(LAYOUT)
        context.close()

    for panels in layouts.values():
        labels = [label for panel in panels for label in panel["labels"]]
        assert len(panels) == 3
        assert len(labels) == 10
        # The text's box is at least as tall as 12 px type draws it.
        assert [label["text"] for label in labels if label["box"][3] - label["box"][1] < 13] == []
        assert [label["text"] for label in labels if not label["link"]] == []
        # A name staff typed is isolated: a right-to-left mark in it turns only itself.
        assert [label["text"] for label in labels if label["bidi"] != "isolate"] == []
        assert [
            (a["text"], b["text"])
            for panel in panels
            for a, b in itertools.combinations(panel["labels"], 2)
            if overlap(a["box"], b["box"])
        ] == []
        assert [
            label["text"]
            for panel in panels
            for label in panel["labels"]
            for dot in panel["dots"]
            if overlap(label["box"], dot)
        ] == []


def test_reference_opens_its_highlighted_source_which_links_back(live_server, browser, seeded):
    context, page = open_at(browser, live_server.url + seeded["citations"]["en"], PHONE)
    reference = page.locator("sup.citations a").first
    box = reference.bounding_box()
    name = reference.get_attribute("aria-label")
    number = reference.inner_text()

    reference.click()
    screenshot(page, f"citations-en-{PHONE}-source-opened", full_page=False)
    entry = page.locator(f"#source-{number}")
    highlighted = entry.evaluate("e => getComputedStyle(e).backgroundColor")
    plain = page.locator(".sources li:not(:target)").first.evaluate(
        "e => getComputedStyle(e).backgroundColor"
    )
    entry.locator(".back-link").first.click()
    back = page.evaluate("location.hash")
    context.close()

    assert (box["width"] >= 24, box["height"] >= 24) == (True, True)
    assert name.startswith(f"Source {number}: ")
    assert highlighted != plain
    assert back == f"#cite-{number}-1"


def test_axe_finds_no_violations_on_the_map_and_citations(live_server, browser, seeded):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    found = {}
    for width, (kind, urls) in itertools.product([320, 1280], seeded.items()):
        for language, url in urls.items():
            context, page = open_at(browser, live_server.url + url, width)
            results = axe.run(page)
            if results.violations_count:
                found[f"{kind} {language} {width}"] = results.generate_report()
            context.close()
    assert found == {}


def test_citations_fit_the_screen(live_server, browser, seeded):
    widths = {}
    for width, (language, url) in itertools.product([PHONE, LAPTOP], seeded["citations"].items()):
        context, page = open_at(browser, live_server.url + url, width)
        screenshot(page, f"citations-{language}-{width}")
        widths[language, width] = page.evaluate("document.documentElement.scrollWidth")
        context.close()
    assert widths == {(language, width): width for language, width in widths}
