"""The staff dashboard on the admin's first page (issue 15, point 4)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from programme.models import PendingChange, PublicationStatus

from ..public.content import make_award, make_key_figure, make_milestone, make_project
from ..test_admin import project_form
from .test_pending_changes import project_url, propose


def dashboard_lists(html):
    import lxml.html

    tree = lxml.html.fromstring(html)
    return {
        element.get("data-testid"): [" ".join(item.text_content().split()) for item in element]
        for element in tree.xpath('//*[@data-testid="dashboard"]//ul[@data-testid]')
    }


def test_dashboard_lists_what_lacks_english_across_kinds_children_included(client, publisher):
    project = make_project(title_vi="Làng thông minh", title_en="Smart Village")
    make_key_figure(project, label_vi="Diện tích", label_en="")
    make_award(title_vi="Giải thưởng", title_en="")
    client.force_login(publisher)

    html = client.get(reverse("admin:index")).content.decode()

    assert dashboard_lists(html)["dashboard-lacking-english"] == [
        "Giải thưởng (giải thưởng)",
        "Diện tích (chỉ số)",
    ]
    assert f'href="{project_url(project)}"' in html


def test_dashboard_shows_the_editor_drafts_and_changes_sent_back(client, editor, publisher):
    live = make_project(title_vi="Làng thông minh", slug="lang")
    propose(client, editor, live, title_vi="Làng số")
    change = PendingChange.objects.get()
    change.status, change.comment, change.reviewer = "sent_back", "Giữ tên cũ.", publisher
    change.save()
    client.post(reverse("admin:programme_project_add"), project_form(title_vi="Dự án nháp"))

    lists = dashboard_lists(client.get(reverse("admin:index")).content.decode())

    assert lists["dashboard-sent-back"] == ["Làng thông minh: Giữ tên cũ. (publisher)"]
    assert [entry.split(" (")[0] for entry in lists["dashboard-drafts"]] == ["Dự án nháp"]


def test_dashboard_shows_publishers_what_waits_and_what_is_scheduled(client, editor, publisher):
    soon = timezone.now() + datetime.timedelta(days=1)
    make_project(title_vi="Sắp ra mắt", publish_at=soon)
    make_milestone(title_vi="Sắp gỡ", unpublish_at=soon)
    live = make_project(title_vi="Làng thông minh", slug="lang")
    propose(client, editor, live, title_vi="Làng số")

    client.force_login(publisher)
    lists = dashboard_lists(client.get(reverse("admin:index")).content.decode())

    assert [entry.split(" (")[0] for entry in lists["dashboard-to-review"]] == ["Làng thông minh"]
    assert [entry.split("· ")[-1] for entry in lists["dashboard-scheduled"]] == [
        "Sắp ra mắt (dự án)",
        "Sắp gỡ (cột mốc)",
    ]


@pytest.mark.parametrize("size", [1, 4])
def test_dashboard_query_count_does_not_grow_with_content(
    client, editor, publisher, django_assert_num_queries, size
):
    soon = timezone.now() + datetime.timedelta(days=1)
    for n in range(size):
        project = make_project(title_vi=f"Dự án {n}", title_en="", publish_at=soon)
        make_key_figure(project, label_en="")
        make_award(title_en="", publication_status=PublicationStatus.DRAFT)
        live = make_project(title_vi=f"Làng {n}", slug=f"lang-{n}")
        propose(client, editor, live, title_vi=f"Làng số {n}")
    client.force_login(publisher)
    client.get(reverse("admin:index"))  # Sessions, content types and the like, cached.

    with django_assert_num_queries(QUERIES):
        client.get(reverse("admin:index"))


# Notices of one's work are one query of their own.
QUERIES = 17
