"""export_content and import_content: a round trip through the file gives back every row."""

import datetime
import io
import json
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.core.management.color import no_style
from django.db import connection
from modeltranslation.translator import translator

from programme.models import (
    Award,
    KeyFigure,
    Locality,
    Milestone,
    Page,
    Partner,
    Project,
    PublicationStatus,
    SearchEntry,
    Source,
    Theme,
)
from programme.transfer import content_models

# Pending changes are staff's work in progress, not content: export_content leaves them out.
# Staff's work in progress and what goes with it (pending changes, notices, the links a deletion
# emptied, tied to versions) stays behind: content alone moves.
PROGRAMME_MODELS = [
    model
    for model in apps.get_app_config("programme").get_models()
    if model._meta.model_name not in ("pendingchange", "notice", "deletedlink")
]
PUBLISH_AT = datetime.datetime(2031, 5, 4, 3, 2, 1, 123456, tzinfo=datetime.UTC)


def quiet():
    return {"stdout": io.StringIO(), "stderr": io.StringIO()}


def programme_tables():
    """{table: (columns, ordering)} for every programme model and many-to-many table.

    Left out: modeltranslation's single-language shadow columns (a plain "title" beside title_vi
    and title_en), which hold whatever language was active at the last save and are not content
    (see programme/transfer.py), and the surrogate id of many-to-many rows and search entries.
    """
    tables = {}
    for model in PROGRAMME_MODELS:
        shadows = set()
        if model in translator.get_registered_models():
            shadows = set(translator.get_options_for_model(model).all_fields)
        columns = [f.column for f in model._meta.local_concrete_fields if f.name not in shadows]
        tables[model._meta.db_table] = (columns, [model._meta.pk.column])
        if model is SearchEntry:
            columns = [column for column in columns if column != "id"]
            tables[model._meta.db_table] = (columns, ["kind", "record_id"])
        for field in model._meta.local_many_to_many:
            pair = [field.m2m_column_name(), field.m2m_reverse_name()]
            tables[field.remote_field.through._meta.db_table] = (pair, pair)
    return tables


def snapshot():
    """Every row of every programme table as the database holds it, read with plain SQL."""
    name = connection.ops.quote_name
    rows = {}
    with connection.cursor() as cursor:
        for table, (columns, ordering) in programme_tables().items():
            cursor.execute(
                f"SELECT {', '.join(map(name, columns))} FROM {name(table)} "
                f"ORDER BY {', '.join(map(name, ordering))}"
            )
            rows[table] = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    return rows


def empty_programme_tables():
    """Leave the programme's tables as a fresh migrate does: no rows, ids starting again at 1."""
    connection.check_constraints()  # PostgreSQL cannot truncate with deferred checks pending.
    statements = connection.ops.sql_flush(
        no_style(), list(programme_tables()), reset_sequences=True
    )
    connection.ops.execute_sql_flush(statements)


def add_content_the_seed_lacks():
    """Records beyond the seed's: English left empty, a scheduled draft, every kind of link."""
    source = Source.objects.create(
        outlet="Báo Bình Dương",
        headline_vi="Một bài báo chưa dịch",
        published_date=datetime.date(2024, 3, 1),
        published_precision="month",
    )
    theme = Theme.objects.create(name_vi="Chủ đề chưa dịch", name_en="")
    theme.sources.set([source])
    locality = Locality.objects.create(name_vi="Phường thử", name_en="Test ward", kind="area")
    partner = Partner.objects.create(
        name_vi="Đối tác thử",
        kind="company",
        country="KR",
        latitude=Decimal("10.98012"),
        longitude=Decimal("106.65432"),
        since_date=datetime.date(2020, 1, 1),
        since_precision="year",
    )
    project = Project.objects.create(
        title_vi="Dự án có số liệu",
        title_en="A project with figures",
        summary_vi="Tóm tắt.",
        status=Project.Status.IN_PROGRESS,
        lead_organisation=partner,
        start_date=datetime.date(2022, 7, 1),
        start_precision="month",
        image="projects/test.jpg",
        image_width=640,
        image_height=480,
        image_alt_vi="Ảnh thử",
        publication_status=PublicationStatus.PUBLISHED,
    )
    project.themes.set([theme])
    project.localities.set([locality])
    project.partners.set([partner])
    project.sources.set([source])
    KeyFigure.objects.create(
        project=project,
        label_vi="Diện tích",
        label_en="Area",
        value=Decimal("1234.50"),
        unit_vi="ha",
    )
    KeyFigure.objects.create(project=project, label_vi="Vốn", value=Decimal("7"), position=1)
    award = Award.objects.create(
        title_vi="Giải thử", organiser_vi="ICF", level="top7", year=2021, project=project
    )
    Milestone.objects.create(
        title_vi="Mốc thử",
        kind="event",
        date=datetime.date(2021, 6, 1),
        date_precision="month",
        project=project,
        award=award,
        partner=partner,
    )
    page = Page.objects.create(
        title_vi="Trang nháp hẹn giờ",
        body_en="Only the body is in English.",
        publication_status=PublicationStatus.DRAFT,
        publish_at=PUBLISH_AT,
        show_in_footer=False,
    )
    page.slug = "trang-nhap-doi-dia-chi"  # Its first address is kept as an old one (OldSlug).
    page.save()
    return page


@pytest.fixture
def content(db):
    call_command("seed", **quiet())
    add_content_the_seed_lacks()


@pytest.fixture
def exported(content, tmp_path):
    path = tmp_path / "content.json"
    call_command("export_content", output=str(path), **quiet())
    return path


def test_import_content_restores_every_row_exported(exported):
    before = snapshot()
    assert [table for table, rows in before.items() if not rows] == []  # Every table is tested.
    empty_programme_tables()
    assert {table: rows for table, rows in snapshot().items() if rows} == {}

    call_command("import_content", str(exported), **quiet())

    assert snapshot() == before


def test_import_content_new_records_follow_the_imported_ids(exported):
    last_id = Source.objects.order_by("pk").last().pk
    empty_programme_tables()
    call_command("import_content", str(exported), **quiet())

    source = Source.objects.create(outlet="BDO", headline_vi="Bài mới sau khi nhập")

    assert source.pk == last_id + 1


def test_export_content_keeps_missing_english_empty(exported):
    objects = json.loads(exported.read_text(encoding="utf-8"))["objects"]
    theme = Theme.objects.get(name_vi="Chủ đề chưa dịch")
    page = Page.objects.get(title_vi="Trang nháp hẹn giờ")

    (theme_fields,) = [
        o["fields"] for o in objects if (o["model"], o["pk"]) == ("programme.theme", theme.pk)
    ]
    (page_fields,) = [
        o["fields"] for o in objects if (o["model"], o["pk"]) == ("programme.page", page.pk)
    ]

    assert (theme_fields["name_vi"], theme_fields["name_en"]) == ("Chủ đề chưa dịch", "")
    assert (page_fields["title_en"], page_fields["body_en"]) == (
        None,
        "Only the body is in English.",
    )
    assert (page_fields["publication_status"], page_fields["publish_at"]) == (
        "draft",
        "2031-05-04T03:02:01.123456+00:00",
    )


def test_export_content_without_output_writes_the_file_to_stdout(content):
    stdout, stderr = io.StringIO(), io.StringIO()

    call_command("export_content", stdout=stdout, stderr=stderr)

    document = json.loads(stdout.getvalue())
    total = sum(model._base_manager.count() for model in content_models())
    assert (document["format"], document["version"], len(document["objects"])) == (
        "binhduong-portal-content",
        1,
        total,
    )
    assert stderr.getvalue().startswith(f"Exported {total} records: ")


def test_import_content_into_a_database_with_content_is_refused(exported):
    before = snapshot()

    with pytest.raises(CommandError) as error:
        call_command("import_content", str(exported), **quiet())

    assert str(error.value).startswith(
        "Nothing was imported. The database already has programme content (programme.Source, "
    )
    assert snapshot() == before


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("not json", "The file is not valid JSON: Expecting value: line 1 column 1 (char 0)"),
        ("[]", "The file is not a portal content export (format 'binhduong-portal-content')."),
        (
            '{"format": "binhduong-portal-content", "version": 2, "objects": []}',
            "The file is in version 2 of the format; this portal reads version 1.",
        ),
        (
            '{"format": "binhduong-portal-content", "version": 1, "objects": '
            '[{"model": "auth.user", "pk": 1, "fields": {"username": "x"}}]}',
            "Object 0 is a 'auth.user', not programme content.",
        ),
        (
            '{"format": "binhduong-portal-content", "version": 1, "objects": '
            '[{"model": "programme.theme", "pk": 1, "fields": {"colour": "red"}}]}',
            "The file does not fit this portal's models: Theme has no field named 'colour'",
        ),
    ],
)
def test_import_content_junk_file_is_refused_clearly(db, tmp_path, text, message):
    path = tmp_path / "junk.json"
    path.write_text(text, encoding="utf-8")

    with pytest.raises(CommandError) as error:
        call_command("import_content", str(path), **quiet())

    assert str(error.value) == f"Nothing was imported. {message}"


def test_import_content_refused_record_leaves_nothing_behind(exported):
    objects = json.loads(exported.read_text(encoding="utf-8"))["objects"]
    themes = [o for o in objects if o["model"] == "programme.theme"]
    broken = {
        "model": "programme.page",
        "pk": 1,
        "fields": {"title_vi": "Trang", "created_at": None},
    }
    exported.write_text(
        json.dumps(
            {"format": "binhduong-portal-content", "version": 1, "objects": [*themes, broken]}
        ),
        encoding="utf-8",
    )
    empty_programme_tables()

    with pytest.raises(CommandError) as error:
        call_command("import_content", str(exported), **quiet())

    assert str(error.value).startswith(
        "Nothing was imported. The database refused the file's content: "
    )
    assert Theme.objects.count() == 0


def with_image(name):
    """A project whose image file is `name` in the media storage."""
    return Project.objects.create(
        title_vi=f"Dự án có ảnh {name}",
        summary_vi="Tóm tắt.",
        status=Project.Status.PLANNED,
        image=name,
        image_width=1,
        image_height=1,
        image_alt_vi="Ảnh",
    )


@pytest.fixture
def media(settings, tmp_path):
    """An empty media folder, but for projects/co-that.png."""
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media" / "projects").mkdir(parents=True)
    (tmp_path / "media" / "projects" / "co-that.png").write_bytes(b"an image")
    return tmp_path / "media"


def test_export_content_names_media_files_that_are_missing(db, media, tmp_path):
    with_image("projects/co-that.png")
    with_image("projects/đã mất.png")
    with_image("projects/bị xoá.jpg")
    stdout, stderr = io.StringIO(), io.StringIO()

    call_command("export_content", output=str(tmp_path / "c.json"), stdout=stdout, stderr=stderr)

    assert stdout.getvalue() == (
        "Exported 3 records: 0 programme.Source, 0 programme.Theme, 0 programme.Locality, "
        "0 programme.Partner, 3 programme.Project, 0 programme.KeyFigure, 0 programme.Award, "
        "0 programme.Milestone, 0 programme.Page, 0 programme.OldSlug.\n"
    )
    assert stderr.getvalue() == (
        "Missing from the media storage, though the records refer to them (2): "
        "projects/bị xoá.jpg, projects/đã mất.png. A copy of the media folder will lack them "
        "too: upload them again in admin.\n"
    )


def test_import_content_imports_the_records_and_names_media_files_that_are_missing(
    db, media, tmp_path
):
    with_image("projects/co-that.png")
    with_image("projects/đã mất.png")
    call_command("export_content", output=str(tmp_path / "c.json"), **quiet())
    before = snapshot()
    empty_programme_tables()
    stdout, stderr = io.StringIO(), io.StringIO()

    call_command("import_content", str(tmp_path / "c.json"), stdout=stdout, stderr=stderr)

    assert snapshot() == before
    assert stdout.getvalue().startswith("Imported 2 records: ")
    assert stderr.getvalue() == (
        "Missing from the media storage, though the records refer to them (1): "
        "projects/đã mất.png. Copy them there from the old site's media folder, or upload them "
        "again in admin: until then they do not show.\n"
    )


def test_import_content_with_every_media_file_in_place_warns_of_nothing(db, media, tmp_path):
    with_image("projects/co-that.png")
    call_command("export_content", output=str(tmp_path / "c.json"), **quiet())
    empty_programme_tables()
    stderr = io.StringIO()

    call_command("import_content", str(tmp_path / "c.json"), stdout=io.StringIO(), stderr=stderr)

    assert (stderr.getvalue(), Project.objects.get().image.name) == ("", "projects/co-that.png")
