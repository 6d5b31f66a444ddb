"""The pages as a person meets them: accessibility (axe-core), the language switch, the
project filters, the keyboard, and phones 320 px wide."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.public.content import make_programme, make_project

LANGUAGES = ["vi", "en"]


@pytest.fixture
def content(transactional_db):
    data = make_programme(2)
    data["untranslated"] = make_project(slug="chua-dich", title_en="", summary_en="", body_en="")
    return data


def addresses(data, language):
    """One address of every page type, in one language."""
    with translation.override(language):
        return {
            "home": reverse("home"),
            "project list": reverse("project-list"),
            "project": data["projects"][0].get_absolute_url(),
            "project without English": data["untranslated"].get_absolute_url(),
            "awards": reverse("award-list"),
            "award": data["awards"][0].get_absolute_url(),
            "partners": reverse("partner-list"),
            "partner": data["partners"][0].get_absolute_url(),
            "timeline": reverse("timeline"),
            "sources": reverse("source-list"),
            "source": data["sources"][0].get_absolute_url(),
            "page": data["pages"][0].get_absolute_url(),
            "not found": f"/{language}/no-such-page/",
        }


@pytest.mark.parametrize("language", LANGUAGES)
def test_axe_finds_no_violations_on_any_page_type(live_server, page, content, language):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    found = {}
    for name, address in addresses(content, language).items():
        page.goto(live_server.url + address)
        results = axe.run(page)
        if results.violations_count:
            found[name] = results.generate_report()
    assert found == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_fits_a_320px_phone_without_horizontal_scrolling(
    live_server, browser, content, language
):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    phone = context.new_page()
    too_wide = {}
    for name, address in addresses(content, language).items():
        phone.goto(live_server.url + address)
        width = phone.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            too_wide[name] = width
    context.close()
    assert too_wide == {}


def test_language_switch_keeps_the_record_and_the_filters(live_server, page, content):
    project = content["projects"][0]
    theme = content["themes"][0]
    page.goto(f"{live_server.url}/vi/du-an/{project.slug}/")
    page.get_by_test_id("switch-en").click()
    assert page.url == f"{live_server.url}/en/projects/{project.slug_en}/"

    page.goto(f"{live_server.url}/en/projects/?theme={theme.slug}&status=operational")
    page.get_by_test_id("switch-vi").click()
    # In the page cache's fixed order of the page's parameters (portal/cache.py).
    assert page.url == f"{live_server.url}/vi/du-an/?status=operational&theme={theme.slug}"
    assert page.locator("html").get_attribute("lang") == "vi"


def test_project_filters_narrow_the_list_and_stay_in_the_url(live_server, page, content):
    locality = content["localities"][1]
    page.goto(f"{live_server.url}/en/projects/")
    assert page.get_by_test_id("project-card").count() == 3
    page.get_by_test_id("filter-locality").select_option(locality.slug)
    page.get_by_test_id("filter-status").select_option("operational")
    page.get_by_test_id("filter-submit").click()
    assert page.url == (
        f"{live_server.url}/en/projects/?q=&theme=&status=operational&locality={locality.slug}"
    )
    assert (
        page.get_by_test_id("project-card")
        .all_inner_texts()[0]
        .startswith(content["projects"][1].title_en)
    )
    assert page.get_by_test_id("project-card").count() == 1


def test_keyboard_reaches_the_main_content_through_the_skip_link(live_server, page, content):
    page.goto(f"{live_server.url}/en/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.testid") == "skip-link"
    assert page.get_by_test_id("skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    assert page.evaluate("document.getElementById('main').contains(document.activeElement)")
