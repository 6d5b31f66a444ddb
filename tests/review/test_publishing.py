"""Staff never lose pending work (issue 21): the problems found by trying the review workflow as
staff would (A to G) and the ways around review (H1 to H6), each as a test."""

import datetime
import io

import pytest
from django.core.files.storage import default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from reversion.models import Version

from programme import publishing, states
from programme.models import PendingChange, Project, Theme

from ..public.content import make_award, make_key_figure, make_milestone, make_project, make_theme
from .forms import decide, form_values, seen_on_review_page

PROJECT_FORM = "project_form"
HOUR = datetime.timedelta(hours=1)
WRITES = ("INSERT", "UPDATE", "DELETE")


def url_of(record):
    return reverse(f"admin:programme_{record._meta.model_name}_change", args=[record.pk])


def opened(client, record, language="vi", **changes):
    """The change form of `record` as its page shows it in `language`, with `changes` made."""
    html = client.get(url_of(record), headers={"accept-language": language}).content.decode()
    values = form_values(html, f"{record._meta.model_name}_form")
    values.pop("csrfmiddlewaretoken", None)
    for name, value in changes.items():
        values[name] = value if isinstance(value, list) else [value]
    return values


def save(client, record, values, language="vi", files=None):
    data = {**values, **(files or {})}
    return client.post(url_of(record), data, headers={"accept-language": language})


def propose(client, user, record, language="vi", **changes):
    client.force_login(user)
    return save(client, record, opened(client, record, language, **changes), language)


def public_text(client, path):
    client.logout()
    return client.get(path).content.decode()


def image_upload(name="anh.png"):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def live_project(db):
    project = make_project(
        title_vi="Làng thông minh",
        title_en="Smart Village",
        slug="lang",
        end_date=datetime.date(2027, 6, 1),
        end_precision="month",
    )
    make_key_figure(project, label_vi="Diện tích", label_en="Area", value=22000, unit_vi="m²")
    return project


@pytest.fixture
def other_editor(db):
    from programme.roles import EDITORS

    from ..conftest import staff_member

    return staff_member("editor2", EDITORS)


@pytest.fixture
def now(time_machine):
    moment = timezone.now().replace(microsecond=0)
    time_machine.move_to(moment, tick=False)
    return moment


def schedule_at(client, change, moment, language="vi"):
    local = timezone.localtime(moment)
    with translation.override(language):
        day = local.strftime("%d/%m/%Y" if language == "vi" else "%Y-%m-%d")
    return decide(
        client,
        change,
        language,
        _schedule="1",
        go_live_at_0=day,
        go_live_at_1=local.strftime("%H:%M:%S"),
    )


# A. What a change holds and how it applies does not depend on anyone's language.


def test_a_change_typed_in_vietnamese_applies_at_its_time_in_english(
    client, editor, publisher, live_project, now, time_machine
):
    propose(client, editor, live_project, title_vi="Làng số")
    change = PendingChange.objects.get()
    client.force_login(publisher)
    schedule_at(client, change, now + HOUR, language="en")

    time_machine.move_to(now + HOUR + datetime.timedelta(seconds=1), tick=False)
    with translation.override("en"):
        call_command("publish_scheduled", stdout=io.StringIO())

    live_project.refresh_from_db()
    figure = live_project.key_figures.get()
    assert (live_project.title_vi, figure.value, live_project.end_precision) == (
        "Làng số",
        22000,
        "month",
    )
    assert (live_project.end_date, PendingChange.objects.count()) == (
        datetime.date(2027, 6, 1),
        0,
    )


def test_a_publisher_in_english_sees_the_values_and_approves(
    client, editor, publisher, live_project
):
    propose(client, editor, live_project, title_vi="Làng số")
    change = PendingChange.objects.get()
    client.force_login(publisher)

    review = client.get(
        reverse("admin:programme_pendingchange_change", args=[change.pk]),
        headers={"accept-language": "en"},
    ).content.decode()
    preview = client.get(reverse("admin:programme_change_preview", args=[change.pk, "en"]))
    decide(client, change, "en", _approve="1")

    assert ("Làng thông minh" in review, "Làng số" in review) == (True, True)
    assert "—" not in review.split('data-testid="difference"')[1].split("</table>")[0]
    assert preview.status_code == 200
    assert Project.objects.get().title_vi == "Làng số"


# B. Editors are not offered edits in the project list, which would go live at once.


def test_b_editor_cannot_edit_a_live_project_in_the_list(client, editor, live_project):
    client.force_login(editor)
    listing = client.get(reverse("admin:programme_project_changelist")).content.decode()
    client.post(
        reverse("admin:programme_project_changelist"),
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": str(live_project.pk),
            "form-0-featured": "on",
            "form-0-featured_order": "3",
            "_save": "1",
        },
    )

    live_project.refresh_from_db()
    assert ('name="form-0-featured"' in listing, live_project.featured) == (False, False)
    assert PendingChange.objects.count() == 0
    form = client.get(url_of(live_project)).content.decode()
    assert 'value="Làng thông minh"' in form


# C. A publisher's edit in the list keeps editors' pending changes, which keep the edit.


def test_c_publisher_list_edit_keeps_the_pending_change(client, editor, publisher, live_project):
    propose(client, editor, live_project, title_vi="Làng số")
    client.force_login(publisher)
    client.post(
        reverse("admin:programme_project_changelist"),
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": str(live_project.pk),
            "form-0-featured": "on",
            "form-0-featured_order": "3",
            "_save": "1",
        },
    )
    change = PendingChange.objects.get()
    decide(client, change, _approve="1")

    live_project.refresh_from_db()
    assert (live_project.title_vi, live_project.featured, live_project.featured_order) == (
        "Làng số",
        True,
        3,
    )


# D. Two editors: the second edits on top of the first's change; an older form is refused.


def test_d_second_editor_edits_on_top_and_an_older_form_is_refused(
    client, editor, other_editor, live_project
):
    client.force_login(editor)
    first_form_later_stale = opened(client, live_project, summary_vi="Tóm tắt của người thứ nhất.")
    propose(client, editor, live_project, title_vi="Làng số")
    client.force_login(other_editor)
    html = client.get(url_of(live_project)).content.decode()
    propose(client, other_editor, live_project, title_en="Digital Village")
    client.force_login(editor)
    refused = save(client, live_project, first_form_later_stale)

    change = PendingChange.objects.get()
    notice = html.split('data-testid="pending-notice"')[1].split("</ul>")[0]
    assert ('value="Làng số"' in html, "editor" in notice) == (True, True)
    assert change.proposed["fields"]["title_vi"] == "Làng số"
    assert change.proposed["fields"]["title_en"] == "Digital Village"
    assert change.author == other_editor
    assert 'data-testid="edit-conflict"' in refused.content.decode()
    assert change.proposed["fields"]["summary_vi"] != "Tóm tắt của người thứ nhất."


# E. A file in a pending change stays until the change is applied or withdrawn.


def test_e_pending_image_survives_a_send_back_and_a_second_save(
    client, editor, publisher, live_project, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path / "media"
    client.force_login(editor)
    values = opened(client, live_project, image_alt_vi="Ảnh làng")
    save(client, live_project, values, files={"image": image_upload()})
    change = PendingChange.objects.get()
    stored = change.files["image"]
    client.force_login(publisher)
    decide(client, change, _send_back="1", comment="Sửa mô tả ảnh.")
    propose(client, editor, live_project, image_alt_vi="Ảnh làng, nhìn từ trên cao")
    form = client.get(url_of(live_project)).content.decode()
    client.force_login(publisher)
    with django_capture_on_commit_callbacks(execute=True):
        decide(client, PendingChange.objects.get(), _approve="1")

    live_project.refresh_from_db()
    assert storages["pending"].url(stored) in form
    assert live_project.image_alt_vi == "Ảnh làng, nhìn từ trên cao"
    assert default_storage.exists(live_project.image.name)
    assert not storages["pending"].exists(stored)


# F. Whatever goes live is a version of its own, with who approved it.


def test_f_approved_changes_are_versions_now_and_at_their_time(
    client, editor, publisher, live_project, now, time_machine
):
    propose(client, editor, live_project, title_vi="Làng số")
    client.force_login(publisher)
    decide(client, PendingChange.objects.get(), _approve="1")
    propose(client, editor, live_project, title_vi="Làng số hai")
    client.force_login(publisher)
    schedule_at(client, PendingChange.objects.get(), now + HOUR)
    time_machine.move_to(now + 2 * HOUR, tick=False)
    call_command("publish_scheduled", stdout=io.StringIO())

    versions = Version.objects.get_for_object(live_project).select_related("revision__user")
    newest, before = versions[0], versions[1]
    assert (newest.field_dict["title_vi"], newest.revision.user) == ("Làng số hai", publisher)
    assert (before.field_dict["title_vi"], before.revision.user) == ("Làng số", publisher)
    assert "editor" in newest.revision.comment

    publishing.restore_version(before, user=publisher)
    assert Project.objects.get().title_vi == "Làng số"


# G. Restores lose nothing: a project's version holds its children, the bin relinks.


def test_g_restoring_a_seeded_projects_first_version_keeps_its_milestones(publisher):
    call_command("seed", stdout=io.StringIO())
    project = Project.objects.filter(milestones__isnull=False).distinct().first()
    milestones = sorted(project.milestones.values_list("pk", flat=True))
    first = Version.objects.get_for_object(project).order_by("revision__date_created").first()

    publishing.restore_version(first, user=publisher)

    assert sorted(project.milestones.values_list("pk", flat=True)) == milestones


def test_g_restoring_an_award_from_the_bin_relinks_its_milestone(client, publisher):
    award = make_award(title_vi="Top 7 2021")
    milestone = make_milestone(title_vi="Vào Top 7", award=award)
    client.force_login(publisher)
    client.post(reverse("admin:programme_award_delete", args=[award.pk]), {"post": "yes"})
    milestone.refresh_from_db()
    assert milestone.award is None
    deleted = Version.objects.get_deleted(type(award)).get()
    bin_page = client.get(reverse("admin:programme_award_recyclebin")).content.decode()

    client.post(reverse("admin:programme_award_recover", args=[deleted.pk]))

    milestone.refresh_from_db()
    assert milestone.award_id == award.pk
    assert (deleted.revision.user, "publisher" in bin_page) == (publisher, True)


def test_g_restore_shows_what_it_adds_changes_and_removes(client, publisher, live_project):
    call_command("createinitialrevisions", "programme.project", verbosity=0)
    first = Version.objects.get_for_object(live_project).first()
    client.force_login(publisher)
    values = opened(client, live_project, title_vi="Làng số")
    values["key_figures-0-DELETE"] = ["on"]
    save(client, live_project, values)
    restore = reverse("admin:programme_project_restore", args=[live_project.pk, first.pk])

    plan = client.get(restore).content.decode()

    assert ("Làng số" in plan, "Làng thông minh" in plan, "(mới)" in plan) == (True, True, True)
    assert Project.objects.get().title_vi == "Làng số"  # Nothing restored until confirmed.


# H1. An editor cannot schedule, however they post.


def test_h1_editor_posting_a_go_live_time_only_proposes(client, editor, live_project, now):
    client.force_login(editor)
    local = timezone.localtime(now + datetime.timedelta(minutes=1))
    values = opened(
        client,
        live_project,
        title_vi="Làng số",
        changes_go_live_at_0=local.strftime("%d/%m/%Y"),
        changes_go_live_at_1=local.strftime("%H:%M:%S"),
    )
    save(client, live_project, values)

    change = PendingChange.objects.get()
    assert (change.status, change.reviewer, change.go_live_at) == ("pending", None, None)


# H2. Only the form's own files, validated, kept outside any public address.


def test_h2_extra_file_parts_are_not_stored(client, editor, live_project, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "pending": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "pending", "base_url": "/admin/pending/"},
        },
    }
    storages._storages.pop("pending", None)
    client.force_login(editor)
    values = opened(client, live_project, title_vi="Làng số")
    page = SimpleUploadedFile("x.html", b"<script>alert(1)</script>", content_type="text/html")
    save(client, live_project, values, files={"evil": page})

    change = PendingChange.objects.get()
    stored = [p.name for p in tmp_path.rglob("*") if p.is_file()]
    storages._storages.pop("pending", None)
    assert (change.files, stored) == ({}, [])


def test_h2_a_withdrawn_change_deletes_its_file(
    client, editor, live_project, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    values = opened(client, live_project, image_alt_vi="Ảnh")
    save(client, live_project, values, files={"image": image_upload()})
    change = PendingChange.objects.get()
    stored = change.files["image"]
    assert storages["pending"].exists(stored)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:programme_pendingchange_change", args=[change.pk]), {"_withdraw": "1"}
        )

    assert (PendingChange.objects.count(), storages["pending"].exists(stored)) == (0, False)


# H3. An approval applies what the publisher saw.


def test_h3_a_change_saved_after_the_review_opened_refuses_the_approval(
    client, editor, publisher, live_project
):
    propose(client, editor, live_project, title_vi="Làng số")
    change = PendingChange.objects.get()
    client.force_login(publisher)
    seen = seen_on_review_page(client, change)
    propose(client, editor, live_project, title_vi="Làng số (bản 2)")
    client.force_login(publisher)

    response = decide(client, change, _approve="1", seen=seen)

    assert response.status_code == 200
    assert "Làng số (bản 2)" in response.content.decode()
    assert Project.objects.get().title_vi == "Làng thông minh"


# H4. A draft attached to a live project does not go live with the project's change.


def test_h4_a_draft_milestone_stays_a_draft_when_its_projects_change_goes_live(
    client, editor, publisher, live_project
):
    draft = make_milestone(title_vi="Mốc nháp", project=live_project, publication_status="draft")
    propose(client, editor, live_project, title_vi="Làng số")
    client.force_login(publisher)
    decide(client, PendingChange.objects.get(), _approve="1")

    draft.refresh_from_db()
    assert (Project.objects.get().title_vi, draft.publication_status) == ("Làng số", "draft")


# H5. Themes and localities are reviewed too.


def test_h5_an_editors_theme_rename_waits_for_review(client, editor, publisher, live_project):
    theme = make_theme(name_vi="Chính quyền số", name_en="Digital government")
    live_project.themes.add(theme)
    propose(client, editor, theme, name_vi="Chính quyền điện tử")

    assert "Chính quyền số" in public_text(client, "/vi/du-an/")
    assert Theme.objects.get().name_vi == "Chính quyền số"
    client.force_login(publisher)
    decide(client, PendingChange.objects.get(), _approve="1")
    assert Theme.objects.get().name_vi == "Chính quyền điện tử"


def test_h5_editors_cannot_add_themes(client, editor):
    client.force_login(editor)

    response = client.get(reverse("admin:programme_theme_add"))

    assert response.status_code == 403


# H6. A save without its edit token is refused as a stale one.


def test_h6_a_save_without_the_edit_token_is_refused(client, publisher, live_project):
    client.force_login(publisher)
    values = opened(client, live_project, title_vi="Làng số")
    del values["edit_token"]

    response = save(client, live_project, values)

    assert response.status_code == 200
    assert Project.objects.get().title_vi == "Làng thông minh"


# Drafts go through review too.


def test_editor_submits_a_draft_and_the_publisher_publishes_it(client, editor, publisher):
    draft = make_project(title_vi="Dự án nháp", publication_status="draft")
    client.force_login(editor)
    values = opened(client, draft)
    values["_submit"] = ["1"]
    save(client, draft, values)
    client.force_login(publisher)
    dashboard = client.get(reverse("admin:index")).content.decode()

    decide(client, PendingChange.objects.get(), _approve="1")

    draft.refresh_from_db()
    client.force_login(editor)
    news = client.get(reverse("admin:index")).content.decode()
    assert "Dự án nháp" in dashboard.split('data-testid="dashboard-to-review"')[1].split("</ul>")[0]
    assert draft.publication_status == "published"
    assert "Dự án nháp" in news.split('data-testid="dashboard-notices"')[1].split("</ul>")[0]


def test_sanitised_markdown_is_named_when_saved(client, publisher, live_project):
    client.force_login(publisher)
    values = opened(
        client,
        live_project,
        body_vi="Xem [trang](javascript:alert(1)). <script>alert(2)</script>",
    )

    response = save(client, live_project, values)

    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("<script>" in m and "javascript:" in m for m in messages)


# Every way of going live is a version, with who and what, that can be restored.


def way_publishers_save(client, publisher, project):
    client.force_login(publisher)
    save(client, project, opened(client, project, title_vi="Sau"))


def way_list_action(client, publisher, project):
    publishing.unpublish([project], user=publisher)
    project.refresh_from_db()
    project.title_vi = "Sau"
    project.save()
    client.force_login(publisher)
    client.post(
        reverse("admin:programme_project_changelist"),
        {"action": "publish", "_selected_action": [str(project.pk)]},
    )


def way_approve_now(client, publisher, project, editor):
    propose(client, editor, project, title_vi="Sau")
    client.force_login(publisher)
    decide(client, PendingChange.objects.get(), _approve="1")


@pytest.mark.parametrize("way", ["save", "list", "approve"])
def test_each_way_of_going_live_is_a_restorable_version(client, editor, publisher, way):
    project = make_project(title_vi="Trước")
    if way == "save":
        way_publishers_save(client, publisher, project)
    elif way == "list":
        way_list_action(client, publisher, project)
    else:
        way_approve_now(client, publisher, project, editor)

    newest = Version.objects.get_for_object(project).select_related("revision__user").first()
    assert (newest.field_dict["title_vi"], newest.revision.user) == ("Sau", publisher)
    assert newest.revision.comment
    Project.objects.filter(pk=project.pk).update(title_vi="Khác")
    publishing.restore_version(newest, user=publisher)
    assert Project.objects.get().title_vi == "Sau"


def test_take_down_at_its_time_is_a_version(publisher, now, time_machine):
    project = make_project(title_vi="Dự án", unpublish_at=now + HOUR)
    time_machine.move_to(now + 2 * HOUR, tick=False)

    call_command("publish_scheduled", stdout=io.StringIO())

    newest = Version.objects.get_for_object(project).first()
    assert (
        newest.field_dict["publication_status"],
        "publish_scheduled" in newest.revision.comment,
    ) == (
        "draft",
        True,
    )


def test_import_and_seed_records_are_restorable_versions(tmp_path, publisher):
    call_command("seed", stdout=io.StringIO())
    project = Project.objects.exclude(seed_key=None).first()
    version = Version.objects.get_for_object(project).first()
    assert version.revision.comment == "manage.py seed"
    Project.objects.filter(pk=project.pk).update(title_vi="Khác")

    publishing.restore_version(version, user=publisher)

    assert Project.objects.get(pk=project.pk).title_vi == version.field_dict["title_vi"]


# What the public sees, and when.


def test_a_proposal_leaves_the_page_cache_as_it_was(client, editor, live_project):
    from django.core.cache import cache

    from portal.cache import GENERATION_KEY

    public_text(client, "/vi/du-an/lang/")
    generation = cache.get(GENERATION_KEY)

    propose(client, editor, live_project, title_vi="Làng số")

    assert cache.get(GENERATION_KEY) == generation


def test_scheduled_change_changes_a_live_record_only_by_its_command(
    client, editor, publisher, live_project, now, time_machine
):
    propose(client, editor, live_project, title_vi="Làng số")
    client.force_login(publisher)
    schedule_at(client, PendingChange.objects.get(), now + HOUR)
    time_machine.move_to(now + HOUR + datetime.timedelta(seconds=1), tick=False)

    before_command = public_text(client, "/vi/du-an/lang/")
    call_command("publish_scheduled", stdout=io.StringIO())
    after_command = public_text(client, "/vi/du-an/lang/")

    assert ("Làng thông minh" in before_command, "Làng số" in after_command) == (True, True)


def test_a_scheduled_change_that_no_longer_fits_stays_and_both_are_told(
    client,
    editor,
    publisher,
    live_project,
    now,
    time_machine,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.SEND_STAFF_EMAIL = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    editor.email, publisher.email = "editor@example.org", "publisher@example.org"
    editor.save()
    publisher.save()
    propose(client, editor, live_project, title_vi="Làng số")
    client.force_login(publisher)
    schedule_at(client, PendingChange.objects.get(), now + HOUR, language="en")
    # Someone changes the same field live meanwhile.
    state = states.of(Project.objects.get())
    state.fields["title_vi"] = "Làng khác"
    publishing.save(Project.objects.get(), state, user=publisher)
    time_machine.move_to(now + 2 * HOUR, tick=False)

    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        call_command("publish_scheduled", stdout=io.StringIO())

    from django.core import mail

    change = PendingChange.objects.get()
    assert (change.status, bool(change.problem["vi"]), bool(change.problem["en"])) == (
        "pending",
        True,
        True,
    )
    assert sorted(m.to[0] for m in mail.outbox) == ["editor@example.org", "publisher@example.org"]
    bodies = {m.to[0]: m.body for m in mail.outbox}
    assert "Thay đổi" in bodies["editor@example.org"]
    assert "The change" in bodies["publisher@example.org"]
    assert Project.objects.get().title_vi == "Làng khác"


def test_no_visitor_request_writes_to_the_database(
    client, editor, publisher, one_of_every_kind, now, time_machine
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    live_project = make_project(title_vi="Làng thông minh", slug="lang")
    propose(client, editor, live_project, title_vi="Làng số")
    client.force_login(publisher)
    schedule_at(client, PendingChange.objects.get(), now + HOUR)
    time_machine.move_to(now + 2 * HOUR, tick=False)
    client.logout()
    paths = [
        "/vi/",
        "/en/",
        "/vi/du-an/",
        "/vi/du-an/lang/",
        "/en/projects/",
        "/vi/giai-thuong/",
        "/en/awards/",
        "/vi/doi-tac/",
        "/vi/dong-thoi-gian/",
        "/vi/nguon/",
        "/vi/tim-kiem/?q=lang",
        "/sitemap.xml",
        "/robots.txt",
    ]
    for detail in Project.objects.exclude(pk=live_project.pk):
        paths.append(detail.get_absolute_url())

    with CaptureQueriesContext(connection) as queries:
        for path in paths:
            client.get(path)
            client.head(path)

    writes = [
        q["sql"] for q in queries if q["sql"].split()[0].upper() in ("INSERT", "UPDATE", "DELETE")
    ]
    assert writes == []
    assert Project.objects.get(pk=live_project.pk).title_vi == "Làng thông minh"
