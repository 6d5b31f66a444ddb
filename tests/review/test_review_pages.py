"""The publisher's review page: the difference and the preview (issue 15, point 1)."""

import pytest
from django.urls import reverse

from programme.models import PendingChange, Project

from ..public.content import make_key_figure, make_project, make_theme
from .test_pending_changes import project_url, propose


@pytest.fixture
def change(client, editor, db):
    theme = make_theme(name_vi="Giao thông", name_en="Transport")
    project = make_project(title_vi="Làng thông minh", title_en="Smart Village", slug="lang")
    make_key_figure(project, label_vi="Diện tích", label_en="Area", value=22000)
    propose(
        client,
        editor,
        project,
        title_en="Digital Village",
        themes=[str(theme.pk)],
        **{
            "key_figures-0-value": "25000",
            "milestones-TOTAL_FORMS": "1",
            "milestones-0-title_vi": "Khởi công",
            "milestones-0-title_en": "Works begin",
            "milestones-0-kind": "event",
            "milestones-0-date": "2024-03-01",
            "milestones-0-date_precision": "day",
        },
    )
    return PendingChange.objects.get()


def text(shown):
    """A value of the difference as its cell reads."""
    return shown.text or ", ".join(shown.items) or shown.image or "—"


def test_review_page_lists_the_difference_field_by_field_children_included(
    client, publisher, change
):
    client.force_login(publisher)

    response = client.get(reverse("admin:programme_pendingchange_change", args=[change.pk]))

    rows = [(row.label, text(row.old), text(row.new)) for row in response.context["rows"]]
    assert rows == [
        ("Tiêu đề [en]", "Smart Village", "Digital Village"),
        ("Chủ đề", "—", "Giao thông"),
        # Numbers and dates as staff write them in Vietnamese.
        ("Chỉ số: Diện tích · Giá trị", "22.000", "25.000"),
        (
            "Cột mốc: Khởi công",
            "(mới)",
            "Trạng thái xuất bản: Đã xuất bản\nTiêu đề [vi]: Khởi công\nTiêu đề [en]: Works begin"
            "\nLoại: sự kiện\nNgày: 01/03/2024",
        ),
    ]


def test_preview_shows_the_proposed_page_without_saving_it_or_caching_it(client, publisher, change):
    client.force_login(publisher)
    url = reverse("admin:programme_change_preview", args=[change.pk, "en"])

    response = client.get(url)

    html = response.content.decode()
    assert response["Cache-Control"] == "private, no-store, max-age=0, no-cache, must-revalidate"
    assert ("Digital Village" in html, "Transport" in html, "Works begin" in html) == (
        True,
        True,
        True,
    )
    assert 'data-testid="preview-banner"' in html
    assert Project.objects.get().title_en == "Smart Village"
    client.logout()
    public = client.get("/en/projects/lang/").content.decode()
    assert ("Smart Village" in public, "Digital Village" in public) == (True, False)


def test_editor_previews_a_draft_with_no_store(client, editor):
    from programme.models import PublicationStatus

    make_project(slug="nhap", publication_status=PublicationStatus.DRAFT)
    client.force_login(editor)

    response = client.get("/vi/du-an/nhap/")

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_pending_change_list_shows_publishers_every_change(client, publisher, change):
    client.force_login(publisher)

    response = client.get(reverse("admin:programme_pendingchange_changelist"))

    assert list(response.context["cl"].result_list) == [change]


def test_record_form_links_its_pending_change(client, publisher, change):
    client.force_login(publisher)

    html = client.get(project_url(change.record)).content.decode()

    assert reverse("admin:programme_pendingchange_change", args=[change.pk]) in html
