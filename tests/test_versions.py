"""Versions of programme content (django-reversion, programme/versions.py): every admin save,
action, restore, `seed` and `import_content` records one; staff compare two side by side,
publishers restore one, and deleted records wait in the recycle bin."""

import io
from collections import defaultdict

import lxml.html
import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from reversion.models import Revision, Version

from programme.models import KeyFigure, Page, Project, PublicationStatus, Source
from programme.transfer import content_models
from programme.versions import deleted_versions

from .public.content import make_key_figure, make_project, make_source, make_theme
from .test_admin import project_form
from .test_seeding import SAMPLE, seed


def versions_of(record):
    return list(Version.objects.get_for_object(record).order_by("pk"))


def page_form(response, form_id):
    """The form `form_id` of a page as a browser would post it back: {name: [values]}."""
    form = lxml.html.fromstring(response.content.decode()).get_element_by_id(form_id)
    data = defaultdict(list)
    for name, value in form.form_values():
        data[name].append(value)
    return dict(data)


def change_project(client, project, **changes):
    url = reverse("admin:programme_project_change", args=[project.pk])
    data = page_form(client.get(url), "project_form")
    data.update(
        {name: [value] if isinstance(value, str) else value for name, value in changes.items()}
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]


def comparison_rows(client, project, old, new):
    url = reverse("admin:programme_project_compare", args=[project.pk])
    response = client.get(url, {"old": old.pk, "new": new.pk})
    assert response.status_code == 200
    [table] = lxml.html.fromstring(response.content.decode()).xpath(
        "//*[@data-testid='comparison']"
    )
    return [
        [" ".join(cell.text_content().split()) for cell in row.xpath("./th|./td")]
        for row in table.xpath(".//tr[@data-testid='change']")
    ]


@pytest.mark.django_db
def test_admin_save_records_a_version_with_its_inlines_user_and_comment(client, publisher):
    client.force_login(publisher)

    client.post(reverse("admin:programme_project_add"), project_form(publication_status="draft"))

    project = Project.objects.get()
    [version] = versions_of(project)
    revision = version.revision
    # The comment is Django's change message, shown in the reader's language.
    comments = {}
    for language in ("vi", "en"):
        with translation.override(language):
            comments[language] = revision.get_comment()
    assert (revision.user, comments) == (
        publisher,
        {
            "vi": "Được thêm. Đã thêm chỉ số “Diện tích: 22000 m²”.",
            "en": "Added. Added key figure “Diện tích: 22000 m²”.",
        },
    )
    figure = KeyFigure.objects.get()
    assert [v.object_id for v in revision.version_set.filter(content_type__model="keyfigure")] == [
        str(figure.pk)
    ]
    assert (version.field_dict["title_vi"], version.field_dict["title_en"]) == (
        "Làng thông minh",
        "Smart Village",
    )


@pytest.mark.django_db
def test_publish_and_unpublish_actions_record_versions(client, publisher):
    client.force_login(publisher)
    project = make_project(publication_status=PublicationStatus.DRAFT)
    changelist = reverse("admin:programme_project_changelist")

    client.post(changelist, {"action": "publish", "_selected_action": [project.pk]})
    client.post(changelist, {"action": "unpublish", "_selected_action": [project.pk]})

    assert [
        (v.revision.user, v.revision.comment, v.field_dict["publication_status"])
        for v in versions_of(project)
    ] == [
        (publisher, "Đã xuất bản từ danh sách.", "published"),
        (publisher, "Đã thôi xuất bản từ danh sách.", "draft"),
    ]


@pytest.mark.django_db
def test_seed_records_a_version_of_each_record_it_writes(tmp_path):
    seed(SAMPLE)

    # One revision per record: seed writes each record in a transaction of its own.
    assert {(r.user, r.comment) for r in Revision.objects.all()} == {(None, "manage.py seed")}
    project = Project.objects.get()
    [project_version] = versions_of(project)
    assert Version.objects.get_for_object(Page.objects.get()).count() == 1
    assert project_version.revision.version_set.filter(content_type__model="keyfigure").count() == 1


@pytest.mark.django_db
def test_import_content_records_a_version_of_each_record(one_of_every_kind, tmp_path):
    exported = tmp_path / "content.json"
    call_command("export_content", output=str(exported), stdout=io.StringIO())
    for model in reversed(content_models()):
        model._base_manager.all().delete()

    call_command("import_content", str(exported), stdout=io.StringIO(), stderr=io.StringIO())

    [revision] = Revision.objects.all()
    assert revision.comment == "manage.py import_content"
    project = Project.objects.get()
    assert [v.field_dict["title_vi"] for v in versions_of(project)] == [project.title_vi]
    assert Version.objects.get_for_object(Source.objects.get()).count() == 1


@pytest.mark.django_db
def test_compare_shows_old_and_new_values_in_both_languages_with_vietnamese_names(
    client, publisher
):
    client.force_login(publisher)
    client.post(reverse("admin:programme_project_add"), project_form(publication_status="draft"))
    project = Project.objects.get()

    change_project(
        client, project, title_vi="Làng thông minh Bình Dương", title_en="Smart Village BD"
    )

    first, second = versions_of(project)
    assert comparison_rows(client, project, first, second) == [
        ["Tiêu đề [vi]", "Làng thông minh", "Làng thông minh Bình Dương"],
        ["Tiêu đề [en]", "Smart Village", "Smart Village BD"],
    ]


@pytest.mark.django_db
def test_line_endings_alone_are_no_change(client, publisher):
    client.force_login(publisher)
    project = make_project(body_vi="Đoạn một.\n\nĐoạn hai.")

    change_project(client, project, title_en="Before")
    change_project(client, project, body_vi="Đoạn một.\r\n\r\nĐoạn hai.", title_en="Renamed")

    project.refresh_from_db()
    assert project.body_vi == "Đoạn một.\n\nĐoạn hai."
    history = client.get(reverse("admin:programme_project_history", args=[project.pk]))
    [table] = lxml.html.fromstring(history.content.decode()).xpath("//*[@data-testid='versions']")
    assert [
        " ".join(row.xpath("./td")[-1].text_content().split()) for row in table.xpath(".//tbody/tr")
    ] == [
        "Tiêu đề [en]",
        "Phiên bản đầu tiên",
    ]


@pytest.mark.django_db
def test_compare_counts_no_change_of_line_endings_between_versions(client, publisher):
    client.force_login(publisher)
    project = make_project(body_vi="Một.\r\nHai.")
    change_project(client, project, title_en="First")
    Project.objects.filter(pk=project.pk).update(body_vi="Một.\nHai.")
    change_project(client, project, title_en="Second")

    first, second = versions_of(project)

    assert comparison_rows(client, project, first, second) == [["Tiêu đề [en]", "First", "Second"]]


@pytest.mark.django_db
def test_restore_brings_back_links_and_key_figures_as_a_new_version(client, publisher):
    client.force_login(publisher)
    theme, other_theme = make_theme(), make_theme()
    project = make_project(themes=[theme])
    make_key_figure(project, label_vi="Diện tích", value=100)
    change_project(client, project, title_en="Before")
    [before] = versions_of(project)
    KeyFigure.objects.filter(project=project).delete()
    make_key_figure(project, label_vi="Dân số", value=5)
    change_project(client, project, title_en="After", themes=[str(other_theme.pk)])

    url = reverse("admin:programme_project_restore", args=[project.pk, before.pk])
    plan = client.get(url).content.decode()
    response = client.post(url)

    # What restoring adds, changes and removes is shown before it is done.
    assert ("Dân số" in plan, "(đã xóa)" in plan, "Before" in plan) == (True, True, True)
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.title_en == "Before"
    assert list(project.themes.all()) == [theme]
    assert [(f.label_vi, f.value) for f in project.key_figures.all()] == [("Diện tích", 100)]
    latest = versions_of(project)[-1]
    assert latest.revision.user == publisher
    assert latest.revision.comment.startswith("Đã khôi phục phiên bản lúc ")


@pytest.mark.django_db
def test_delete_page_says_in_vietnamese_what_is_affected_and_where_it_goes(client, publisher):
    client.force_login(publisher)
    source = make_source(headline_vi="Bài về WTC", outlet="Báo Bình Dương")
    project = make_project(title_vi="Trung tâm Hội chợ WTC", sources=[source])
    make_key_figure(project, label_vi="Diện tích", value=22000, unit_vi="m²")

    project_page = client.get(reverse("admin:programme_project_delete", args=[project.pk]))
    source_page = client.get(reverse("admin:programme_source_delete", args=[source.pk]))

    def affected(response):
        html = lxml.html.fromstring(response.content.decode())
        return [
            " ".join(li.text_content().split())
            for li in html.get_element_by_id("deleted-objects").xpath(".//li/ul/li")
        ]

    assert affected(project_page) == [
        "chỉ số “Diện tích: 22.000 m²”, bị xoá cùng",
        "liên kết tới nguồn “Báo Bình Dương: Bài về WTC”",
    ]
    assert affected(source_page) == ["liên kết từ dự án “Trung tâm Hội chợ WTC”"]
    for response in (project_page, source_page):
        text = response.content.decode()
        assert "object (" not in text
        assert "thùng rác" in text


@pytest.mark.django_db
def test_deleted_project_is_restored_from_the_recycle_bin_with_links_and_children(
    client, publisher
):
    client.force_login(publisher)
    theme, source = make_theme(), make_source()
    project = make_project(themes=[theme], sources=[source], title_vi="Dự án bị xoá")
    make_key_figure(project, label_vi="Diện tích", value=100)
    citing = make_project(sources=[source])

    client.post(reverse("admin:programme_project_delete", args=[project.pk]), {"post": "yes"})
    client.post(reverse("admin:programme_source_delete", args=[source.pk]), {"post": "yes"})
    assert not Project.objects.filter(pk=project.pk).exists()
    bin_page = client.get(reverse("admin:programme_project_recyclebin")).content.decode()
    assert "Dự án bị xoá" in bin_page

    for model in (Source, Project):
        [deleted] = deleted_versions(model)
        url = reverse(f"admin:programme_{model._meta.model_name}_recover", args=[deleted.pk])
        assert client.get(url).status_code == 200
        response = client.post(url)
        assert response.status_code == 302

    project = Project.objects.get(pk=project.pk)
    assert list(project.themes.all()) == [theme]
    assert list(project.sources.all()) == [source]
    assert [(f.label_vi, f.value) for f in project.key_figures.all()] == [("Diện tích", 100)]
    assert list(citing.sources.all()) == [source]
    assert list(deleted_versions(Project)) == []


@pytest.mark.django_db
def test_seed_keeps_a_seeded_record_staff_deleted_until_it_is_restored(client, publisher):
    seed(SAMPLE)
    client.force_login(publisher)
    page = Page.objects.get(seed_key="about")
    client.post(reverse("admin:programme_page_delete", args=[page.pk]), {"post": "yes"})

    lines = seed(SAMPLE)

    assert not Page.objects.exists()
    assert lines == [
        "Kept deleted (staff deleted it; restore it from the recycle bin to seed it again): "
        "pages.toml [about]",
        "Seed: 0 created, 0 updated, 0 kept, 1 kept deleted, 8 unchanged.",
    ]
    [deleted] = deleted_versions(Page)
    client.post(reverse("admin:programme_page_recover", args=[deleted.pk]))
    assert seed(SAMPLE) == ["Seed: 0 created, 0 updated, 0 kept, 0 kept deleted, 9 unchanged."]


@pytest.mark.django_db
def test_editor_sees_history_and_compares_but_cannot_restore(client, editor, publisher):
    project = make_project()
    client.force_login(publisher)
    change_project(client, project, title_en="One")
    client.post(
        reverse("admin:programme_project_delete", args=[make_project().pk]), {"post": "yes"}
    )
    [version] = versions_of(project)
    [deleted] = deleted_versions(Project)
    client.force_login(editor)

    history = client.get(reverse("admin:programme_project_history", args=[project.pk]))
    revision_url = reverse("admin:programme_project_restore", args=[project.pk, version.pk])

    assert history.status_code == 200
    assert revision_url not in history.content.decode()
    assert client.get(revision_url).status_code == 403
    assert client.post(revision_url, {}).status_code == 403
    assert client.get(reverse("admin:programme_project_recyclebin")).status_code == 403
    recover_url = reverse("admin:programme_project_recover", args=[deleted.pk])
    assert client.post(recover_url, {}).status_code == 403
    assert comparison_rows(client, project, version, version) == []


@pytest.mark.django_db
def test_deleting_selected_records_from_the_list_puts_them_in_the_recycle_bin(client, publisher):
    client.force_login(publisher)
    first, second = make_source(), make_source()
    make_project(sources=[first, second], title_vi="Dự án trích dẫn")
    changelist = reverse("admin:programme_source_changelist")
    selection = {"action": "delete_selected", "_selected_action": [first.pk, second.pk]}

    confirmation = client.post(changelist, selection).content.decode()
    client.post(changelist, {**selection, "post": "yes"})

    assert "object (" not in confirmation
    assert confirmation.count("liên kết từ dự án “Dự án trích dẫn”") == 2
    assert sorted(v.object_id for v in deleted_versions(Source)) == sorted(
        [str(first.pk), str(second.pk)]
    )
    assert [v.revision.comment for v in deleted_versions(Source)] == [
        "Đã xoá (còn giữ trong thùng rác).",
        "Đã xoá (còn giữ trong thùng rác).",
    ]


@pytest.mark.django_db
def test_history_page_queries_do_not_grow_with_versions(client, publisher):
    client.force_login(publisher)
    project = make_project()
    make_key_figure(project)
    url = reverse("admin:programme_project_history", args=[project.pk])

    def queries_of_history():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    change_project(client, project, title_en="1")
    change_project(client, project, title_en="2")
    with_two = queries_of_history()
    for number in range(3, 7):
        change_project(client, project, title_en=str(number))

    assert queries_of_history() == with_two
