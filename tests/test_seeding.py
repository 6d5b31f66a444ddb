import shutil
import unicodedata
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from programme.models import (
    Award,
    Locality,
    Milestone,
    Page,
    Partner,
    Project,
    PublicationStatus,
    Source,
    Theme,
)
from programme.seeding import SEED_DIR

SAMPLE = Path(__file__).parent / "data" / "miniseed"
CITING_MODELS = (Theme, Locality, Partner, Project, Award, Milestone, Page)


@pytest.fixture
def seed_dir(tmp_path):
    """A small, valid set of seed files that each test may change."""
    folder = tmp_path / "seeds"
    shutil.copytree(SAMPLE, folder)
    return folder


def seed(folder):
    output = []

    class Out:
        def write(self, text):
            output.append(text)

        def flush(self):
            pass

    call_command("seed", seed_dir=str(folder), stdout=Out())
    return "".join(output).splitlines()


def edit(folder, file, old, new):
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def database_snapshot():
    return {
        model.__name__: sorted(
            (r.seed_key, r.seed_entry_hash, sorted(r.seed_state.items()))
            for r in model.objects.all()
        )
        for model in (Source, *CITING_MODELS)
    }


@pytest.mark.django_db
def test_seed_creates_published_records_with_their_relations(seed_dir):
    lines = seed(seed_dir)

    project = Project.objects.get(seed_key="wtc-expo")
    assert lines[-1] == "Seed: 9 created, 0 updated, 0 kept, 0 kept deleted, 0 unchanged."
    assert "Created: projects.toml [wtc-expo]" in lines
    assert (project.title_vi, project.title_en, project.slug) == (
        "Khu triển lãm WTC Expo",
        "WTC Expo exhibition centre",
        "khu-trien-lam-wtc-expo",
    )
    assert [p.seed_key for p in project.localities.all()] == ["thu-dau-mot"]
    assert str(project.start) == "2022"
    assert [p.seed_key for p in project.partners.all()] == ["eindhoven"]
    assert [(f.label_en, f.value) for f in project.key_figures.all()] == [
        ("Exhibition area", 22000)
    ]
    assert Milestone.objects.get().award == Award.objects.get()
    assert {
        m.publication_status
        for m in (Source, Project, Award, Milestone, Page, Partner)
        for m in m.objects.all()
    } == {PublicationStatus.PUBLISHED}


@pytest.mark.django_db
def test_seed_second_run_changes_nothing(seed_dir):
    seed(seed_dir)
    before = database_snapshot()

    lines = seed(seed_dir)

    assert lines == ["Seed: 0 created, 0 updated, 0 kept, 0 kept deleted, 9 unchanged."]
    assert database_snapshot() == before


@pytest.mark.django_db
def test_seed_keeps_a_record_staff_edited(seed_dir):
    seed(seed_dir)
    project = Project.objects.get(seed_key="wtc-expo")
    project.title_en = "WTC Expo, as staff renamed it"
    project.save()
    edit(seed_dir, "projects.toml", 'en = "An exhibition area."', 'en = "A big exhibition area."')

    lines = seed(seed_dir)

    project.refresh_from_db()
    assert (project.title_en, project.summary_en) == (
        "WTC Expo, as staff renamed it",
        "An exhibition area.",
    )
    assert lines == [
        "Kept (edited by staff since seeded): projects.toml [wtc-expo]",
        "Seed: 0 created, 0 updated, 1 kept, 0 kept deleted, 8 unchanged.",
    ]


@pytest.mark.django_db
def test_seed_keeps_a_record_whose_relations_staff_edited(seed_dir):
    seed(seed_dir)
    Project.objects.get(seed_key="wtc-expo").key_figures.update(value=23000)
    edit(seed_dir, "projects.toml", "value = 22000", "value = 22500")

    lines = seed(seed_dir)

    assert Project.objects.get(seed_key="wtc-expo").key_figures.get().value == 23000
    assert lines[-1] == "Seed: 0 created, 0 updated, 1 kept, 0 kept deleted, 8 unchanged."


@pytest.mark.django_db
def test_seed_updates_an_untouched_record_when_its_file_changes(seed_dir):
    seed(seed_dir)
    edit(seed_dir, "projects.toml", 'en = "An exhibition area."', 'en = "A big exhibition area."')

    lines = seed(seed_dir)

    assert Project.objects.get(seed_key="wtc-expo").summary_en == "A big exhibition area."
    assert lines == [
        "Updated: projects.toml [wtc-expo]",
        "Seed: 0 created, 1 updated, 0 kept, 0 kept deleted, 8 unchanged.",
    ]
    assert seed(seed_dir) == ["Seed: 0 created, 0 updated, 0 kept, 0 kept deleted, 9 unchanged."]


@pytest.mark.django_db
def test_seed_loads_staff_notes_status_dates_and_key_figure_sources_and_dates(seed_dir):
    edit(
        seed_dir,
        "projects.toml",
        'status_as_of = "2022"',
        'status_as_of = "2023-12"\nstaff_note = "Checked against 002."',
    )
    edit(
        seed_dir, "sources.toml", 'author = "Tiểu My"', 'author = "Tiểu My"\nstaff_note = "No URL."'
    )

    seed(seed_dir)

    project = Project.objects.get(seed_key="wtc-expo")
    assert (project.status_as_of.iso(), project.staff_note) == ("2023-12", "Checked against 002.")
    assert [(f.source.seed_key, f.as_of.iso()) for f in project.key_figures.all()] == [
        ("bdo-2019", "2022")
    ]
    assert Source.objects.get(seed_key="bdo-2019").staff_note == "No URL."


BROKEN_FILES = [
    (
        "missing Vietnamese title",
        "projects.toml",
        'title = { vi = "Khu triển lãm WTC Expo", en = "WTC Expo exhibition centre" }',
        'title = { en = "WTC Expo exhibition centre" }',
        "seeds/projects.toml [wtc-expo]: 'title' has no Vietnamese text ('title.vi')",
    ),
    (
        "unknown citation key",
        "themes.toml",
        'sources = ["bdo-2019"]',
        'sources = ["bdo-2091"]',
        "seeds/themes.toml [innovation]: 'sources' refers to unknown key 'bdo-2091'",
    ),
    (
        "duplicate slug",
        "themes.toml",
        'sources = ["bdo-2019"]',
        'sources = ["bdo-2019"]\n\n[innovation-again]\n'
        'name = { vi = "Đổi mới sáng tạo", en = "Again" }\nsources = ["bdo-2019"]',
        "seeds/themes.toml [innovation-again]: its slug 'doi-moi-sang-tao' is the same as that "
        "of 'innovation'",
    ),
    (
        "duplicate key",
        "themes.toml",
        'sources = ["bdo-2019"]',
        'sources = ["bdo-2019"]\n\n[innovation]\nname = { vi = "Khác", en = "Other" }',
        "seeds/themes.toml: not valid TOML: Cannot declare ('innovation',) twice (at line 5, "
        "column 12)",
    ),
    (
        "impossible date",
        "milestones.toml",
        'date = "2016"',
        'date = "2021-02-30"',
        "seeds/milestones.toml [approval]: 'date': '2021-02-30' is not a real date (day is out "
        "of range for month)",
    ),
    (
        "invalid date",
        "milestones.toml",
        'date = "2016"',
        'date = "late 2016"',
        "seeds/milestones.toml [approval]: 'date': 'late 2016' is not a date written as YYYY, "
        "YYYY-MM or YYYY-MM-DD",
    ),
    (
        "unknown field",
        "partners.toml",
        'kind = "city_region"',
        'kind = "city_region"\npopulation = 240000',
        "seeds/partners.toml [eindhoven]: unknown field(s): population",
    ),
    (
        "unknown choice",
        "projects.toml",
        'status = "planned"',
        'status = "dreaming"',
        "seeds/projects.toml [wtc-expo]: status: Giá trị 'dreaming' không phải là lựa chọn hợp lệ.",
    ),
    (
        "no citation",
        "localities.toml",
        'sources = ["bdo-2019"]',
        "sources = []",
        "seeds/localities.toml [thu-dau-mot]: 'sources' must cite at least one article",
    ),
    (
        "unknown key figure source",
        "projects.toml",
        'source = "bdo-2019"',
        'source = "bdo-2091"',
        "seeds/projects.toml [wtc-expo]: key figure 1: 'source' refers to unknown key 'bdo-2091'",
    ),
    (
        "key figure without a date",
        "projects.toml",
        '\nas_of = "2022"',
        "",
        "seeds/projects.toml [wtc-expo]: key figure 1: 'as_of' is missing (a figure is true as "
        "of a date: the one its article gives, as precise as that)",
    ),
    (
        "key figure dated in words",
        "projects.toml",
        '\nas_of = "2022"',
        '\nas_of = "early 2022"',
        "seeds/projects.toml [wtc-expo]: key figure 1: 'as_of': 'early 2022' is not a date "
        "written as YYYY, YYYY-MM or YYYY-MM-DD",
    ),
    (
        "key figure without a source",
        "projects.toml",
        'source = "bdo-2019"\n',
        "",
        "seeds/projects.toml [wtc-expo]: key figure 1: 'source' is missing (the seed key of the "
        "article the figure comes from)",
    ),
    (
        "present-tense status without an as-of date",
        "projects.toml",
        'status = "planned"\nstatus_as_of = "2022"',
        'status = "in_progress"',
        "seeds/projects.toml [wtc-expo]: 'status_as_of' is missing: the status 'in_progress' says "
        "how things stand, so it must say as of when (the date of the latest article that gives "
        "it)",
    ),
    (
        "a listed source that no marker cites",
        "pages.toml",
        'sources = ["bdo-2019"]',
        'sources = ["bdo-2019", "bdo-2022"]',
        "seeds/pages.toml [about]: 'sources' lists 'bdo-2022', which no marker of 'body' cites: "
        "cite it where it supports a statement, or take it off the list",
    ),
    (
        "paragraph citing nothing",
        "pages.toml",
        'Đoạn hai.[^bdo-2019]"""',
        'Đoạn hai.[^bdo-2019]\n\n- Một mục không dẫn nguồn"""',
        "seeds/pages.toml [about]: 'body.vi' paragraph 3 (\"Một mục không dẫn nguồn\") cites no "
        "source",
    ),
    (
        "marker to an unknown source",
        "pages.toml",
        'body.en = "One.[^bdo-2019]"',
        'body.en = "One.[^bdo-2091]"',
        "seeds/pages.toml [about]: 'body.en' paragraph 1 (\"One.[^bdo-2091]\") cites 'bdo-2091', "
        "which is no source's key",
    ),
    (
        "marker to a source the entry does not list",
        "pages.toml",
        'body.en = "One.[^bdo-2019]"',
        'body.en = "One.[^bdo-2019]\\n\\nTwo.[^bdo-2022]"',
        "seeds/pages.toml [about]: 'body.en' paragraph 2 (\"Two.[^bdo-2022]\") cites 'bdo-2022': "
        "it may cite only those its 'sources' list",
    ),
    (
        "marker in a heading",
        "pages.toml",
        'body.en = "One.[^bdo-2019]"',
        'body.en = "## Head[^x]\\n\\nOne.[^bdo-2019]"',
        "seeds/pages.toml [about]: 'body.en' cites 'x', which is no source's key",
    ),
    (
        "source note citing another source",
        "sources.toml",
        'author = "Tiểu My"',
        'author = "Tiểu My"\nnote = { vi = "Ghi chú.[^bdo-2022]" }',
        "seeds/sources.toml [bdo-2019]: 'note.vi' paragraph 1 (\"Ghi chú.[^bdo-2022]\") cites "
        "'bdo-2022': it may cite only the source itself",
    ),
    (
        "key figure citing a source the entry does not list",
        "projects.toml",
        'source = "bdo-2019"',
        'source = "bdo-2022"',
        "seeds/projects.toml [wtc-expo]: key figure 1: 'source' cites 'bdo-2022', which "
        "'sources' lacks",
    ),
    (
        "staff note not text",
        "themes.toml",
        'sources = ["bdo-2019"]',
        'sources = ["bdo-2019"]\nstaff_note = 3',
        "seeds/themes.toml [innovation]: 'staff_note' must be text",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [case[1:] for case in BROKEN_FILES],
    ids=[case[0] for case in BROKEN_FILES],
)
def test_seed_rejects_a_broken_file_and_leaves_the_database_as_it_was(
    seed_dir, file, old, new, message
):
    seed(seed_dir)
    edit(seed_dir, "sources.toml", 'en = "New momentum"', 'en = "New momentum, revised"')
    before = database_snapshot()
    edit(seed_dir, file, old, new)

    with pytest.raises(CommandError) as error:
        seed(seed_dir)

    assert str(error.value) == f"Nothing was loaded. {message}"
    assert database_snapshot() == before


@pytest.mark.django_db
def test_seed_of_the_portal_loads_and_every_record_cites_and_has_both_languages():
    seed(SEED_DIR)

    assert Project.objects.count() >= 15
    for model in CITING_MODELS:
        for record in model.objects.all():
            assert record.sources.exists(), f"{model.__name__} {record.seed_key} cites nothing"
            assert record.fields_lacking_english() == [], f"{record.seed_key} lacks English"
    for model in (Source, *CITING_MODELS):
        for record in model.objects.all():
            for field in model.translated_fields():
                text = getattr(record, f"{field}_vi") or ""
                assert unicodedata.is_normalized("NFC", text), f"{record.seed_key}.{field}"


@pytest.mark.django_db
def test_seed_of_the_portal_second_run_changes_nothing():
    seed(SEED_DIR)
    before = database_snapshot()

    lines = seed(SEED_DIR)

    assert lines[-1].startswith("Seed: 0 created, 0 updated, 0 kept, ")
    assert database_snapshot() == before
