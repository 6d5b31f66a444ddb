"""The search as a person meets it: the box in every page's header, the results page in both
languages (axe-core, 320 px phones), its kinds and pages, and the language switch keeping the
query."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.public.content import make_programme, make_project

LANGUAGES = ["vi", "en"]


@pytest.fixture
def content(transactional_db):
    data = make_programme(2)
    data["untranslated"] = make_project(
        slug="chua-dich", title_vi="Làng thông minh Tân Uyên", title_en="", summary_en=""
    )
    return data


def search_addresses(language):
    with translation.override(language):
        search, projects = reverse("search"), reverse("project-list")
    return {
        "results": f"{search}?q=th%C3%B4ng+minh",
        "results of one kind, second page": f"{search}?q=th%C3%B4ng+minh&kind=projects&page=2",
        "English falling back to Vietnamese": f"{search}?q=tan+uyen",
        "no results": f"{search}?q=khong+co+gi",
        "no words": f"{search}?q=%21%21",
        "empty": search,
        "project list with words": f"{projects}?q=thong+minh&status=operational",
    }


def test_search_box_in_the_header_leads_to_highlighted_results(live_server, page, content):
    page.goto(f"{live_server.url}/en/partners/")
    page.get_by_test_id("site-search-input").fill("Intelligent  OPERATIONS")
    page.get_by_test_id("site-search-input").press("Enter")

    assert page.url == f"{live_server.url}/en/search/?q=Intelligent++OPERATIONS"
    assert page.get_by_test_id("search-summary").inner_text() == (
        "2 results for “Intelligent OPERATIONS”"
    )
    first = page.get_by_test_id("search-result").first
    assert first.locator("mark").all_inner_texts() == ["Intelligent", "Operations"]
    title, address = first.locator("a").inner_text(), first.locator("a").get_attribute("href")
    first.locator("a").click()
    assert page.url == live_server.url + address
    assert page.locator("h1").inner_text() == title


def test_search_box_works_with_the_keyboard_alone(live_server, page, content):
    page.goto(f"{live_server.url}/vi/")
    # The skip link, the site's name, the other language and the main menu's links come first.
    stops = []
    for _ in range(20):
        page.keyboard.press("Tab")
        stops.append(page.evaluate("document.activeElement.id || document.activeElement.tagName"))
        if stops[-1] == "site-search-q":
            break
    assert stops[-1] == "site-search-q", stops
    assert len(stops) <= 12, stops
    page.keyboard.type("trung tam dieu hanh")
    page.keyboard.press("Enter")
    page.wait_for_url("**/vi/tim-kiem/?q=trung+tam+dieu+hanh")
    assert page.get_by_test_id("search-kind-projects").inner_text() == "Dự án (3)"


@pytest.mark.parametrize("language", LANGUAGES)
def test_axe_finds_no_violations_on_search_pages(live_server, page, content, language):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    found = {}
    for name, address in search_addresses(language).items():
        page.goto(live_server.url + address)
        results = axe.run(page)
        if results.violations_count:
            found[name] = results.generate_report()
    assert found == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_search_pages_fit_a_320px_phone(live_server, browser, content, language):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    phone = context.new_page()
    too_wide = {}
    for name, address in search_addresses(language).items():
        phone.goto(live_server.url + address)
        width = phone.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            too_wide[name] = width
    context.close()
    assert too_wide == {}


def test_kind_chips_narrow_the_results_and_pages_follow_them(live_server, page, content):
    for n in range(11):
        make_project(slug=f"lang-{n:02}", title_vi=f"Làng số {n:02}", title_en=f"Village {n:02}")
    page.goto(f"{live_server.url}/en/search/?q=village")

    page.get_by_test_id("search-kind-projects").click()
    first = page.get_by_test_id("search-result").count()
    page.get_by_test_id("pagination").get_by_role("link", name="Next page").click()

    assert page.url == f"{live_server.url}/en/search/?q=village&kind=projects&page=2"
    assert (first, page.get_by_test_id("search-result").count()) == (10, 1)
    assert page.get_by_test_id("search-kind-projects").get_attribute("aria-current") == "page"
    assert page.locator("#results-heading").inner_text() == "Projects (11)"


def test_language_switch_keeps_the_query(live_server, page, content):
    page.goto(f"{live_server.url}/en/search/?q=th%C3%B4ng+minh")
    page.get_by_test_id("switch-vi").click()

    assert page.url == f"{live_server.url}/vi/tim-kiem/?q=th%C3%B4ng+minh"
    assert page.get_by_test_id("search-input").input_value() == "thông minh"
    assert page.locator("html").get_attribute("lang") == "vi"
