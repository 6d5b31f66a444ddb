"""The Content-Security-Policy in a real browser: no page, public or admin, has anything blocked,
and the admin's Vietnamese/English tabs still work under it."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import translation

from tests.public.content import make_programme, make_project

PASSWORD = "a long test password"

# Chromium reports each blocked script, style or image both as a console error and as a
# securitypolicyviolation event; the page keeps the events for the test to read, and the
# test listens to the console.
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


@pytest.fixture
def content(transactional_db):
    data = make_programme(2)
    data["untranslated"] = make_project(slug="chua-dich", title_en="", summary_en="", body_en="")
    User.objects.create_superuser("admin", password=PASSWORD)
    return data


def is_csp_report(message):
    return "Content Security Policy" in message.text


@pytest.fixture
def watched(page):
    """The page, with every CSP violation it meets reported on the console kept in
    `page.problems` (other console errors, such as the admin's missing favicon, are not ours)."""
    page.problems = []
    page.add_init_script(RECORD_VIOLATIONS)
    page.on(
        "console",
        lambda message: page.problems.append(message.text) if is_csp_report(message) else None,
    )
    return page


def visit(page, url):
    page.goto(url)
    page.wait_for_load_state("load")
    return page.evaluate("window.cspViolations")


def public_addresses(data):
    addresses = []
    for language in ("vi", "en"):
        with translation.override(language):
            addresses += [
                reverse("home"),
                reverse("project-list"),
                data["projects"][0].get_absolute_url(),
                data["untranslated"].get_absolute_url(),
                reverse("award-list"),
                data["awards"][0].get_absolute_url(),
                reverse("partner-list"),
                data["partners"][0].get_absolute_url(),
                reverse("timeline"),
                reverse("source-list"),
                data["sources"][0].get_absolute_url(),
                data["pages"][0].get_absolute_url(),
            ]
    return addresses


def sign_in(page, base_url):
    page.goto(base_url + reverse("admin:login"))
    page.fill("#id_username", "admin")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(base_url + reverse("admin:index"))


def test_public_pages_break_no_content_security_policy_rule(live_server, watched, content):
    violations = {
        address: visit(watched, live_server.url + address) for address in public_addresses(content)
    }

    assert {address: found for address, found in violations.items() if found} == {}
    assert watched.problems == []


def test_admin_works_under_the_content_security_policy(live_server, watched, content):
    project = content["projects"][0]
    sign_in(watched, live_server.url)
    admin_pages = [
        reverse("admin:index"),
        reverse("admin:programme_project_changelist"),
        reverse("admin:programme_project_change", args=[project.pk]),
        reverse("admin:programme_project_add"),
    ]

    violations = {url: visit(watched, live_server.url + url) for url in admin_pages[:-1]}
    # The change form is open last: its tabs must have been built by the admin's scripts.
    watched.goto(live_server.url + admin_pages[2])
    tabs = watched.locator(".ui-tabs").first
    tabs.get_by_role("tab", name="en").click()
    shown = [
        watched.locator("#id_title_en").is_visible(),
        watched.locator("#id_title_vi").is_visible(),
    ]
    violations[admin_pages[3]] = visit(watched, live_server.url + admin_pages[3])

    assert {url: found for url, found in violations.items() if found} == {}
    assert watched.problems == []
    assert shown == [True, False]
