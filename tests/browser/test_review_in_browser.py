"""The editor-to-publisher path end to end, in a browser: an editor changes a published project,
the public keeps the published version, a publisher sees the difference and the preview and
approves, and the public sees the change (issue 15, point 9)."""

import importlib

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.urls import reverse

from programme.roles import EDITORS, PUBLISHERS

from ..public.content import make_project

PASSWORD = "a long browser test password"


def staff_role(role):
    """The group of `role`, as migration 0002 makes it: a transactional test before this one may
    have flushed it away."""
    roles = importlib.import_module("programme.migrations.0002_staff_roles")
    group, _created = Group.objects.get_or_create(name=role)
    codenames = roles.role_permissions(role)
    group.permissions.set(Permission.objects.filter(codename__in=codenames))
    return group


@pytest.fixture
def project(transactional_db):
    for username, role in (("editor", EDITORS), ("publisher", PUBLISHERS)):
        user = User.objects.create_user(username, password=PASSWORD, is_staff=True)
        user.groups.add(staff_role(role))
    return make_project(title_vi="Làng thông minh", title_en="Smart Village", slug="lang")


def sign_in(page, base_url, username):
    page.context.clear_cookies()
    page.goto(base_url + reverse("admin:login"))
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(base_url + reverse("admin:index"))


@pytest.fixture
def page(browser):
    """A page of a browser set to Vietnamese, as the province's staff have it."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def public_title(browser, url):
    context = browser.new_context()
    visitor = context.new_page()
    visitor.goto(url)
    title = visitor.locator("h1").inner_text()
    context.close()
    return title


def test_editor_change_is_reviewed_and_approved_in_the_browser(browser, page, live_server, project):
    public_url = live_server.url + "/vi/du-an/lang/"
    assert public_title(browser, public_url) == "Làng thông minh"

    sign_in(page, live_server.url, "editor")
    page.goto(live_server.url + reverse("admin:programme_project_change", args=[project.pk]))
    assert page.get_by_test_id("review-notice").is_visible()
    page.fill("#id_title_vi", "Làng số Bình Dương")
    page.click("input[name=_save]")
    assert page.locator(".messagelist .success").inner_text() == (
        "Thay đổi của bạn đã được lưu và chờ người xuất bản duyệt: công chúng vẫn thấy phiên "
        "bản đã xuất bản."
    )
    assert public_title(browser, public_url) == "Làng thông minh"

    sign_in(page, live_server.url, "publisher")
    page.get_by_test_id("dashboard-to-review").get_by_role("link").click()
    rows = page.get_by_test_id("difference").locator("tbody tr")
    rows.first.wait_for()
    assert rows.all_inner_texts() == ["Tiêu đề [vi]\tLàng thông minh\tLàng số Bình Dương"]
    page.get_by_test_id("preview-vi").click()
    assert page.locator("h1").inner_text() == "Làng số Bình Dương"
    assert page.get_by_test_id("preview-banner").is_visible()
    page.go_back()
    page.get_by_test_id("approve").click()
    assert page.locator(".messagelist .success").inner_text() == "Thay đổi đã lên trang."

    assert public_title(browser, public_url) == "Làng số Bình Dương"


def staff_page(browser, locale, width=1366, height=900):
    context = browser.new_context(viewport={"width": width, "height": height}, locale=locale)
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


def test_vietnamese_editor_proposes_and_english_publisher_approves(browser, live_server, project):
    """The change holds values, not a form: numbers and dates the editor typed in Vietnamese
    read right to a publisher whose browser speaks English, and go live as typed."""
    from ..public.content import make_key_figure

    make_key_figure(project, label_vi="Diện tích", label_en="Area", value=22000, unit_vi="m²")
    editor = staff_page(browser, "vi-VN")
    sign_in(editor, live_server.url, "editor")
    editor.goto(live_server.url + reverse("admin:programme_project_change", args=[project.pk]))
    editor.fill("#id_key_figures-0-value", "25.000")
    editor.fill("#id_end_date", "6/2027")
    editor.click("input[name=_save]")
    assert editor.locator(".messagelist .success").inner_text().startswith("Thay đổi của bạn")

    publisher = staff_page(browser, "en-US")
    sign_in(publisher, live_server.url, "publisher")
    publisher.get_by_test_id("dashboard-to-review").get_by_role("link").first.click()
    rows = publisher.get_by_test_id("difference").locator("tbody tr")
    rows.first.wait_for()
    texts = rows.all_inner_texts()
    assert "End\tJune 2027" in " ".join(texts).replace("(empty)", "").replace("\t\t", "\t")
    assert any(row.endswith("22,000\t25,000") for row in texts)
    publisher.get_by_test_id("approve").click()
    assert publisher.locator(".messagelist .success").inner_text() == "The change is live."

    project.refresh_from_db()
    figure = project.key_figures.get()
    assert (figure.value, project.end_date.isoformat(), project.end_precision) == (
        25000,
        "2027-06-01",
        "month",
    )
    for page in (editor, publisher):
        page.context.close()


@pytest.mark.parametrize("width", [1366, 360])
def test_project_list_and_form_fit_the_screen(browser, live_server, project, width):
    """No sideways scroll on a laptop; on a phone, no table wider than the screen."""
    page = staff_page(browser, "vi-VN", width=width, height=800)
    sign_in(page, live_server.url, "publisher")
    for url in (
        reverse("admin:programme_project_changelist"),
        reverse("admin:programme_project_change", args=[project.pk]),
    ):
        page.goto(live_server.url + url)
        overflow = page.evaluate(
            """() => ({
                page: document.documentElement.scrollWidth - window.innerWidth,
                tables: [...document.querySelectorAll('table')]
                    .map(t => t.getBoundingClientRect().right - window.innerWidth)
                    .filter(excess => excess > 1).length,
            })"""
        )
        if width >= 1366:
            assert overflow["page"] <= 0, url
        else:
            assert overflow["tables"] == 0, url
    page.context.close()
