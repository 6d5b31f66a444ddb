"""Changes to live content wait for review; drafts do not (issue 15, point 1)."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from programme.models import PendingChange, Project, PublicationStatus

from ..public.content import make_key_figure, make_project
from .forms import change_form, decide

PROJECT_FORM = "project_form"


def project_url(project):
    return reverse("admin:programme_project_change", args=[project.pk])


def public_page(client, project, language="vi"):
    path = {"vi": "du-an", "en": "projects"}[language]
    client.logout()
    return client.get(f"/{language}/{path}/{project.slug}/").content.decode()


def propose(client, user, project, **changes):
    client.force_login(user)
    data = change_form(client, project_url(project), PROJECT_FORM, **changes)
    return client.post(project_url(project), data)


@pytest.fixture
def live_project(db):
    project = make_project(title_vi="Làng thông minh", title_en="Smart Village", slug="lang")
    make_key_figure(project, label_vi="Diện tích", label_en="Area", value=22000)
    return project


def test_editor_change_to_a_published_record_waits_and_the_public_sees_the_live_one(
    client, editor, live_project
):
    assert "Làng thông minh" in public_page(client, live_project)  # Now in the page cache.

    response = propose(client, editor, live_project, title_vi="Làng số", title_en="Digital Village")

    assert response.status_code == 302
    assert [str(message) for message in get_messages(response.wsgi_request)] == [
        "Thay đổi của bạn đã được lưu và chờ người xuất bản duyệt: công chúng vẫn thấy phiên "
        "bản đã xuất bản."
    ]
    live_project.refresh_from_db()
    assert (live_project.title_vi, live_project.title_en) == ("Làng thông minh", "Smart Village")
    change = PendingChange.objects.get()
    assert (change.record, change.author, change.status) == (live_project, editor, "pending")
    page = public_page(client, live_project)
    assert ("Làng thông minh" in page, "Làng số" in page) == (True, False)
    english = public_page(client, live_project, "en")
    assert ("Smart Village" in english, "Digital Village" in english) == (True, False)


def test_editor_edits_a_draft_at_once(client, editor):
    draft = make_project(title_vi="Nháp", publication_status=PublicationStatus.DRAFT)

    propose(client, editor, draft, title_vi="Nháp mới")

    draft.refresh_from_db()
    assert (draft.title_vi, PendingChange.objects.count()) == ("Nháp mới", 0)


def test_editor_sees_the_pending_change_in_the_form_and_saving_again_replaces_it(
    client, editor, live_project
):
    propose(client, editor, live_project, title_vi="Làng số")

    html = client.get(project_url(live_project)).content.decode()
    assert 'value="Làng số"' in html
    propose(client, editor, live_project, summary_vi="Tóm tắt mới.")

    change = PendingChange.objects.get()
    proposed = change.proposed["fields"]
    assert (proposed["title_vi"], proposed["summary_vi"]) == ("Làng số", "Tóm tắt mới.")


def test_publisher_approves_and_the_change_is_live_at_once_cache_included(
    client, editor, publisher, live_project
):
    propose(
        client,
        editor,
        live_project,
        title_vi="Làng số",
        **{"key_figures-0-value": "25000", "key_figures-0-label_en": "Land area"},
    )
    public_page(client, live_project)  # Cached again.

    client.force_login(publisher)
    change = PendingChange.objects.get()
    response = decide(client, change, _approve="1")

    assert response.status_code == 302
    live_project.refresh_from_db()
    assert live_project.title_vi == "Làng số"
    assert [(f.label_en, f.value) for f in live_project.key_figures.all()] == [("Land area", 25000)]
    assert PendingChange.objects.count() == 0
    page = public_page(client, live_project)
    assert ("Làng số" in page, "Làng thông minh" in page) == (True, False)


def test_publisher_sends_back_and_the_editor_sees_the_comment_on_the_form(
    client, editor, publisher, live_project
):
    propose(client, editor, live_project, title_vi="Làng số")
    change = PendingChange.objects.get()
    client.force_login(publisher)
    decide(client, change, _send_back="1", comment="Giữ tên cũ, chỉ sửa tóm tắt.")

    client.force_login(editor)
    html = client.get(project_url(live_project)).content.decode()

    change.refresh_from_db()
    assert (change.status, change.comment, change.reviewer) == (
        "sent_back",
        "Giữ tên cũ, chỉ sửa tóm tắt.",
        publisher,
    )
    assert '<q data-testid="review-comment">Giữ tên cũ, chỉ sửa tóm tắt.</q>' in html
    assert 'value="Làng số"' in html
    assert Project.objects.get().title_vi == "Làng thông minh"


def test_editor_cannot_approve(client, editor, live_project):
    propose(client, editor, live_project, title_vi="Làng số")
    change = PendingChange.objects.get()

    response = client.post(
        reverse("admin:programme_pendingchange_change", args=[change.pk]), {"_approve": "1"}
    )

    assert response.status_code == 403
    assert Project.objects.get().title_vi == "Làng thông minh"


def test_publisher_saves_a_published_record_live(client, publisher, live_project):
    propose(client, publisher, live_project, title_vi="Làng số")

    assert (Project.objects.get().title_vi, PendingChange.objects.count()) == ("Làng số", 0)


def test_deleting_a_record_deletes_its_pending_change(client, editor, live_project):
    propose(client, editor, live_project, title_vi="Làng số")

    live_project.delete()

    assert PendingChange.objects.count() == 0


def test_seed_keeps_a_record_with_a_pending_change(client, editor, db):
    from django.core.management import call_command

    call_command("seed", verbosity=0)
    project = Project.objects.exclude(seed_key=None).order_by("pk").first()
    propose(client, editor, project, title_vi="Tên mới do biên tập viên đề xuất")
    # The seed entry seems to have changed since it was applied: seed would apply it again.
    Project.objects.filter(pk=project.pk).update(seed_entry_hash="")

    call_command("seed", verbosity=0)

    assert Project.objects.get(pk=project.pk).seed_entry_hash == ""
