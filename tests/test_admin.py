import re

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from programme.models import Milestone, Page, Project, PublicationStatus, Source

from .review.forms import edit_token


def project_form(**overrides):
    """The admin's add/change form for a project, as a browser would post it."""
    data = {
        "title_vi": "Làng thông minh",
        "title_en": "Smart Village",
        "summary_vi": "Mô hình làng thông minh gắn với nông thôn mới.",
        "summary_en": "A smart village model tied to new rural development.",
        "body_vi": "",
        "body_en": "",
        "status": "planned",
        "featured_order": "0",
        "slug": "",
        "image_alt_vi": "",
        "image_alt_en": "",
        "key_figures-TOTAL_FORMS": "1",
        "key_figures-INITIAL_FORMS": "0",
        "key_figures-0-label_vi": "Diện tích",
        "key_figures-0-label_en": "Area",
        "key_figures-0-value": "22000",
        "key_figures-0-unit_vi": "m²",
        "key_figures-0-unit_en": "m²",
        "key_figures-0-position": "0",
        "milestones-TOTAL_FORMS": "0",
        "milestones-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_staff_creates_a_project_in_both_languages_through_the_admin(client, publisher):
    client.force_login(publisher)

    response = client.post(
        reverse("admin:programme_project_add"),
        project_form(publication_status="published"),
    )

    assert response.status_code == 302
    project = Project.objects.get()
    assert (project.title_vi, project.title_en, project.slug) == (
        "Làng thông minh",
        "Smart Village",
        "lang-thong-minh",
    )
    assert [(f.label_en, f.value, f.unit_vi) for f in project.key_figures.all()] == [
        ("Area", 22000, "m²")
    ]
    assert project.publication_status == PublicationStatus.PUBLISHED


@pytest.mark.django_db
def test_admin_form_shows_vietnamese_and_english_tabs_with_local_scripts(client, publisher):
    client.force_login(publisher)

    html = client.get(reverse("admin:programme_project_add")).content.decode()

    assert 'name="title_vi"' in html
    assert 'name="title_en"' in html
    assert "/static/vendor/jquery-ui/jquery-ui.min.js" in html
    assert "modeltranslation/js/tabbed_translation_fields.js" in html
    assert re.findall(r'<script[^>]+src="(?:https?:)?//', html) == []


@pytest.mark.django_db
def test_admin_speaks_vietnamese_by_default(client, publisher):
    client.force_login(publisher)

    html = client.get(reverse("admin:programme_project_changelist")).content.decode()

    assert '<html lang="vi"' in html
    assert "Chọn dự án để thay đổi" in html


@pytest.mark.django_db
def test_admin_form_labels_each_language_in_vietnamese(client, publisher):
    client.force_login(publisher)

    html = client.get(reverse("admin:programme_project_add")).content.decode()

    assert re.findall(r'<label[^>]*for="id_title_(?:vi|en)"[^>]*>([^<]*)</label>', html) == [
        "Tiêu đề [vi]:",
        "Tiêu đề [en]:",
    ]


@pytest.mark.django_db
def test_editor_creates_only_drafts_even_when_posting_published(client, editor):
    client.force_login(editor)

    response = client.post(
        reverse("admin:programme_project_add"),
        project_form(publication_status="published"),
    )

    assert response.status_code == 302
    assert Project.objects.get().publication_status == PublicationStatus.DRAFT


@pytest.mark.django_db
def test_editor_cannot_publish_or_unpublish_an_existing_project(client, editor):
    draft = Project.objects.create(title_vi="Nháp", summary_vi="Tóm tắt.", status="planned")
    live = Project.objects.create(
        title_vi="Đã xuất bản",
        summary_vi="Tóm tắt.",
        status="planned",
        publication_status=PublicationStatus.PUBLISHED,
    )
    client.force_login(editor)

    for project, wanted in ((draft, "published"), (live, "draft")):
        client.post(
            reverse("admin:programme_project_change", args=[project.pk]),
            project_form(title_vi=project.title_vi, publication_status=wanted),
        )
    changelist = reverse("admin:programme_project_changelist")
    response = client.post(changelist, {"action": "publish", "_selected_action": [draft.pk]})

    draft.refresh_from_db()
    live.refresh_from_db()
    assert (draft.publication_status, live.publication_status) == ("draft", "published")
    assert response.status_code == 200  # the action is not offered: the list is shown again
    assert 'value="publish"' not in client.get(changelist).content.decode()


@pytest.mark.django_db
def test_editor_cannot_delete(client, editor):
    project = Project.objects.create(title_vi="Dự án", summary_vi="Tóm tắt.", status="planned")
    client.force_login(editor)

    response = client.post(
        reverse("admin:programme_project_delete", args=[project.pk]), {"post": "yes"}
    )

    assert response.status_code == 403
    assert Project.objects.filter(pk=project.pk).exists()


@pytest.mark.django_db
def test_publisher_publishes_and_unpublishes_with_the_list_actions(client, publisher):
    project = Project.objects.create(title_vi="Dự án", summary_vi="Tóm tắt.", status="planned")
    client.force_login(publisher)
    changelist = reverse("admin:programme_project_changelist")

    client.post(changelist, {"action": "publish", "_selected_action": [project.pk]})
    project.refresh_from_db()
    published = project.publication_status
    client.post(changelist, {"action": "unpublish", "_selected_action": [project.pk]})
    project.refresh_from_db()

    assert (published, project.publication_status) == ("published", "draft")


@pytest.mark.django_db
def test_publisher_schedules_publication_in_the_change_form(client, publisher):
    project = Project.objects.create(title_vi="Dự án", summary_vi="Tóm tắt.", status="planned")
    client.force_login(publisher)

    change = reverse("admin:programme_project_change", args=[project.pk])
    client.post(
        change,
        project_form(
            title_vi="Dự án",
            publication_status="published",
            publish_at_0="01/01/2099",
            publish_at_1="08:00:00",
            edit_token=edit_token(client, change),
        ),
    )

    project.refresh_from_db()
    assert (project.publication_status, project.publish_at.year) == ("published", 2099)
    assert list(Project.objects.published()) == []


@pytest.mark.django_db
def test_publisher_deletes(client, publisher):
    project = Project.objects.create(title_vi="Dự án", summary_vi="Tóm tắt.", status="planned")
    client.force_login(publisher)

    client.post(reverse("admin:programme_project_delete", args=[project.pk]), {"post": "yes"})

    assert not Project.objects.filter(pk=project.pk).exists()


@pytest.mark.django_db
def test_changelist_filters_records_lacking_english(client, publisher):
    Project.objects.create(
        title_vi="Một", title_en="One", summary_vi="Tóm.", summary_en="Sum.", status="planned"
    )
    Project.objects.create(title_vi="Hai", summary_vi="Tóm.", status="planned")
    client.force_login(publisher)

    response = client.get(reverse("admin:programme_project_changelist"), {"english": "missing"})

    assert [p.title_vi for p in response.context["cl"].result_list] == ["Hai"]


@pytest.mark.django_db
def test_history_records_who_changed_which_fields(client, editor):
    project = Project.objects.create(title_vi="Dự án", summary_vi="Tóm tắt.", status="planned")
    client.force_login(editor)

    change = reverse("admin:programme_project_change", args=[project.pk])
    client.post(
        change,
        project_form(
            title_vi="Dự án",
            title_en="A project",
            summary_vi="Tóm tắt.",
            slug=project.slug,
            edit_token=edit_token(client, change),
        ),
    )

    entry = LogEntry.objects.get(object_id=str(project.pk))
    assert entry.user == editor
    assert entry.get_change_message() == (
        # Django stores the changed fields' labels untranslated, as their English msgids.
        "Đã thay đổi Title [en] và Summary [en]. Đã thêm chỉ số “Diện tích: 22000 m²”."
    )


@pytest.mark.django_db
def test_milestone_changelist_filters_by_year_and_kind(client, publisher):
    import datetime

    for year, kind in ((2016, "decision"), (2021, "award"), (2021, "decision")):
        Milestone.objects.create(
            title_vi=f"{kind} {year}",
            kind=kind,
            date=datetime.date(year, 1, 1),
            date_precision="year",
        )
    client.force_login(publisher)

    response = client.get(
        reverse("admin:programme_milestone_changelist"), {"date_year": "2021", "kind": "decision"}
    )

    assert [m.title_vi for m in response.context["cl"].result_list] == ["decision 2021"]


@pytest.mark.django_db
def test_admin_refuses_a_second_page_with_the_same_role_in_vietnamese(client, publisher):
    Page.objects.create(title_vi="Giới thiệu", role=Page.Role.ABOUT)
    client.force_login(publisher)

    response = client.post(
        reverse("admin:programme_page_add"),
        {
            "title_vi": "Giới thiệu lần hai",
            "title_en": "About again",
            "summary_vi": "",
            "summary_en": "",
            "body_vi": "",
            "body_en": "",
            "role": "about",
            "show_in_footer": "on",
            "position": "0",
            "slug": "",
            "publication_status": "draft",
        },
    )

    assert response.status_code == 200
    assert "Một trang khác đã có vai trò này." in response.content.decode()
    assert Page.objects.count() == 1


@pytest.mark.django_db
def test_admin_takes_an_address_typed_without_scheme_as_https(client, publisher):
    client.force_login(publisher)

    response = client.post(
        reverse("admin:programme_source_add"),
        {
            "outlet": "Báo Bình Dương",
            "headline_vi": "Bình Dương vào Top 7",
            "headline_en": "Binh Duong in the Top 7",
            "author": "",
            "published_date": "",
            "published_precision": "",
            "url": "baobinhduong.vn/top7.html",
            "language": "vi",
            "note_vi": "",
            "note_en": "",
            "slug": "",
            "publication_status": "draft",
        },
    )

    assert response.status_code == 302
    assert Source.objects.get().url == "https://baobinhduong.vn/top7.html"


@pytest.mark.django_db
def test_admin_refuses_a_marker_to_a_source_not_chosen_in_the_staff_members_language(
    client, publisher
):
    chosen = Source.objects.create(outlet="BDO", headline_vi="Bài một", slug="bai-mot")
    Source.objects.create(outlet="BDO", headline_vi="Bài hai", slug="bai-hai")
    client.force_login(publisher)
    form = project_form(body_vi="Đoạn.[^bai-hai]", body_en="Text.[^bai-mot]", sources=[chosen.pk])

    vietnamese = client.post(reverse("admin:programme_project_add"), form)
    english = client.post(
        reverse("admin:programme_project_add"), form, headers={"accept-language": "en"}
    )

    assert "Dấu dẫn nguồn [^bai-hai] không trỏ tới nguồn nào" in vietnamese.content.decode()
    assert "The marker [^bai-hai] names no source chosen under Sources." in english.content.decode()
    assert Project.objects.count() == 0


@pytest.mark.django_db
def test_admin_takes_markers_to_chosen_sources_by_key_or_slug_and_a_note_for_staff(
    client, publisher
):
    chosen = Source.objects.create(
        outlet="BDO", headline_vi="Bài một", slug="bai-mot", seed_key="bdo-2019"
    )
    client.force_login(publisher)
    form = project_form(
        body_vi="Đoạn.[^bdo-2019]",
        body_en="Text.[^bai-mot]",
        sources=[chosen.pk],
        staff_note="Checked against the article.",
        publication_status="draft",
    )

    response = client.post(reverse("admin:programme_project_add"), form)

    assert response.status_code == 302
    project = Project.objects.get()
    assert (project.body_en, project.staff_note) == (
        "Text.[^bai-mot]",
        "Checked against the article.",
    )
    change = client.get(reverse("admin:programme_project_change", args=[project.pk]))
    assert "Checked against the article." in change.content.decode()


@pytest.mark.django_db
def test_admin_lets_a_source_note_cite_only_the_source_itself(client, publisher):
    other = Source.objects.create(outlet="BDO", headline_vi="Bài khác", slug="bai-khac")
    client.force_login(publisher)
    form = {
        "outlet": "Báo Bình Dương",
        "headline_vi": "Bình Dương vào Top 7",
        "headline_en": "Binh Duong in the Top 7",
        "author": "",
        "published_date": "",
        "published_precision": "",
        "url": "",
        "language": "vi",
        "note_vi": "Bài phỏng vấn.[^binh-duong-vao-top-7]",
        "note_en": f"An interview.[^{other.slug}]",
        "slug": "",
        "staff_note": "",
        "publication_status": "draft",
    }

    refused = client.post(reverse("admin:programme_source_add"), form)
    form["note_en"] = "An interview.[^binh-duong-vao-top-7]"
    taken = client.post(reverse("admin:programme_source_add"), form)

    assert "Dấu dẫn nguồn [^bai-khac] không phải nguồn này" in refused.content.decode()
    assert taken.status_code == 302
    assert Source.objects.get(slug="binh-duong-vao-top-7").note_en == form["note_en"]
