"""The seeded site as people meet it on a 320-360 px phone and a laptop: the record in the first
screen, no sideways scrolling, no word broken inside, tap targets of 44 px, a menu that opens
without JavaScript, the awards chart, and axe-core at 320 and 1280 px on every page type."""

import pytest
from django.urls import reverse
from django.utils import translation

from programme.models import Award, Milestone
from tests.public.page_types import addresses, seed

LANGUAGES = ["vi", "en"]


@pytest.fixture
def seeded(transactional_db):
    seed()


def every_page(language):
    pages = addresses(language)
    pages["not found"] = f"/{language}/no-such-page/"
    return pages


# Words that a line break splits: a Range over each word of the page's text that has more than
# one line box. Addresses (.url, .external) may break anywhere and are left out.
BROKEN_WORDS = """() => {
  const broken = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const parent = node.parentElement;
    if (!parent || parent.closest('.url, .external, .visually-hidden, script, style, svg'))
      continue;
    if (!parent.getClientRects().length) continue;
    for (const match of node.data.matchAll(/[^\\s\\-–—/]+/g)) {
      if (match[0].length < 2) continue;
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const tops = new Set(
        [...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
      if (tops.size > 1) broken.push(match[0]);
    }
  }
  return broken;
}"""

# Links and controls that stand alone (not inside a sentence) and are smaller than 44 x 44 px.
SMALL_TARGETS = """() => {
  const small = [];
  for (const el of document.querySelectorAll('a[href], button, input, select, summary')) {
    const box = el.getBoundingClientRect();
    const hidden = el.closest('.visually-hidden') || el.classList.contains('skip-link');
    if (!el.checkVisibility() || hidden) continue;
    const block = el.closest('p, li, dd, td, h1, h2, h3, h4, figcaption, div');
    const alone = !block || block.textContent.trim() === el.textContent.trim();
    const inCard = el.closest('.card');
    if (inCard) continue;  // the whole card is the target (its title link covers it)
    if (alone && (box.height < 44 || box.width < 44) && el.type !== 'hidden')
      small.push(`${el.tagName} "${el.textContent.trim().slice(0, 30)}" `
        + `${Math.round(box.width)}x${Math.round(box.height)}`);
  }
  return small;
}"""


@pytest.mark.parametrize("language", LANGUAGES)
def test_phone_pages_fit_320px_break_no_word_and_have_44px_targets(
    live_server, browser, seeded, language
):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    phone = context.new_page()
    problems = {}
    for name, address in every_page(language).items():
        phone.goto(live_server.url + address)
        width = phone.evaluate("document.documentElement.scrollWidth")
        broken = phone.evaluate(BROKEN_WORDS)
        small = phone.evaluate(SMALL_TARGETS)
        if width > 320 or broken or small:
            problems[name] = {"width": width, "broken words": broken, "small targets": small}
    context.close()
    assert problems == {}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("width", [320, 1280])
def test_axe_finds_nothing_on_seeded_pages(live_server, browser, seeded, language, width):
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    axe, found = Axe(), {}
    for name, address in every_page(language).items():
        page.goto(live_server.url + address)
        results = axe.run(page)
        if results.violations_count:
            found[name] = results.generate_report()
    context.close()
    assert found == {}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("width", "height"), [(360, 800), (1366, 900)])
def test_home_shows_the_record_in_the_first_screen(
    live_server, browser, seeded, language, width, height
):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(f"{live_server.url}/{language}/")
    title = page.get_by_test_id("record-title")
    run = page.get_by_test_id("icf-run-year")
    bottom = max(
        box["y"] + box["height"]
        for box in [title.bounding_box()] + [run.nth(i).bounding_box() for i in range(run.count())]
    )
    top_award = Award.objects.get(seed_key="icf-top1-2023")
    with translation.override(language):
        expected = {
            "title": top_award.title,
            "link": top_award.get_absolute_url(),
            "years": [
                (str(a.year), a.get_absolute_url())
                for a in (
                    Award.objects.get(seed_key=key)
                    for key in (
                        "icf-smart21-2019",
                        "icf-smart21-2020",
                        "icf-top7-2021",
                        "icf-smart21-2022",
                        "icf-top1-2023",
                    )
                )
            ],
            "history": reverse("award-list"),
        }
    found = {
        "title": title.inner_text().strip(),
        "link": title.locator("a").get_attribute("href"),
        "years": [
            (run.nth(i).locator("strong").inner_text(), run.nth(i).get_attribute("href"))
            for i in range(run.count())
        ],
        "history": page.get_by_test_id("award-history").get_attribute("href"),
    }
    context.close()
    assert found == expected
    assert bottom <= height


def test_menu_opens_without_javascript_on_a_phone(live_server, browser, seeded):
    context = browser.new_context(viewport={"width": 360, "height": 800}, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/vi/")
    header = page.get_by_test_id("site-header").bounding_box()
    nav = page.get_by_role("navigation", name="Chính")
    assert not nav.is_visible()
    page.get_by_test_id("menu-button").click()
    assert nav.is_visible()
    nav.get_by_role("link", name="Giải thưởng").click()
    assert page.url == f"{live_server.url}/vi/giai-thuong/"
    context.close()
    assert header["height"] <= 72


def test_wide_screens_show_the_menu_as_a_row(live_server, page, seeded):
    page.goto(f"{live_server.url}/en/")
    assert page.get_by_role("navigation", name="Main").is_visible()
    assert not page.get_by_test_id("menu-button").is_visible()
    assert page.get_by_test_id("site-header").bounding_box()["height"] <= 130


def test_awards_chart_fits_320px_and_every_bar_links_to_its_award(live_server, browser, seeded):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(f"{live_server.url}/en/awards/")
    chart = page.get_by_test_id("icf-story")
    box = chart.bounding_box()
    bars = page.get_by_test_id("icf-bar")
    hrefs = [bars.nth(i).get_attribute("href") for i in range(bars.count())]
    clipped = page.evaluate(
        "() => [...document.querySelectorAll('[data-testid=icf-bar]')].filter("
        "b => b.scrollWidth > b.clientWidth + 1 || b.getBoundingClientRect().right > 320).length"
    )
    with translation.override("en"):
        expected = [
            Award.objects.get(seed_key=key).get_absolute_url()
            for key in (
                "icf-smart21-2019",
                "icf-smart21-2020",
                "icf-top7-2021",
                "icf-smart21-2022",
                "icf-top1-2023",
            )
        ]
    context.close()
    assert (hrefs, clipped) == (expected, 0)
    assert box["x"] >= 0 and box["x"] + box["width"] <= 320


def test_language_switch_keeps_the_anchor(live_server, page, seeded):
    milestone = Milestone.objects.get(seed_key__isnull=False, award__seed_key="icf-top7-2021")
    with translation.override("vi"):
        vi_anchor = milestone.timeline_anchor
    with translation.override("en"):
        en_anchor = milestone.timeline_anchor
    assert vi_anchor != en_anchor
    page.goto(f"{live_server.url}/vi/dong-thoi-gian/#{vi_anchor}")
    page.get_by_test_id("switch-en").click()
    page.wait_for_url(f"{live_server.url}/en/timeline/#{vi_anchor}")
    # The entry has its id in each language: the English page scrolls to it.
    target = page.locator(f"[id='{vi_anchor}']")
    assert target.count() == 1
    assert page.locator(f"#{en_anchor}").get_attribute("data-testid") == "timeline-entry"
