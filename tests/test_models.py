import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from programme.dates import DatePrecision, PartialDate
from programme.models import Award, Milestone, Partner, Project, PublicationStatus, Theme
from programme.slugs import make_slug


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Đề án", "de-an"),
        ("Đường Nguyễn Huệ", "duong-nguyen-hue"),
        ("Đề án Thành phố thông minh Bình Dương", "de-an-thanh-pho-thong-minh-binh-duong"),
        (
            "Trung tâm Giám sát, điều hành thông minh (IOC)",
            "trung-tam-giam-sat-dieu-hanh-thong-minh-ioc",
        ),
        ("Thủ Dầu Một", "thu-dau-mot"),
        ("ĐỒNG THÁP", "dong-thap"),
    ],
)
def test_make_slug_folds_vietnamese_letters(text, slug):
    assert make_slug(text) == slug


def make_project(**fields):
    values = {"title_vi": "Làng thông minh", "summary_vi": "Tóm tắt.", "status": "planned"}
    values.update(fields)
    return Project.objects.create(**values)


@pytest.mark.django_db
def test_project_slug_made_from_vietnamese_title_when_empty():
    project = make_project(title_vi="Đường Nguyễn Huệ", title_en="Nguyen Hue Street")

    assert project.slug == "duong-nguyen-hue"


@pytest.mark.django_db
def test_project_slug_made_unique_with_a_number():
    first = make_project()
    second = make_project()

    assert (first.slug, second.slug) == ("lang-thong-minh", "lang-thong-minh-2")


@pytest.mark.django_db
def test_published_project_slug_kept_when_title_changes():
    project = make_project(publication_status=PublicationStatus.PUBLISHED)

    project.title_vi = "Làng thông minh Bình Dương"
    project.save()

    project.refresh_from_db()
    assert project.slug == "lang-thong-minh"


@pytest.mark.parametrize(
    ("precision", "language", "text"),
    [
        (DatePrecision.YEAR, "vi", "2016"),
        (DatePrecision.YEAR, "en", "2016"),
        (DatePrecision.MONTH, "vi", "tháng 7/2021"),
        (DatePrecision.MONTH, "en", "July 2021"),
        (DatePrecision.DAY, "vi", "25/2/2022"),
        (DatePrecision.DAY, "en", "25 February 2022"),
    ],
)
def test_partial_date_renders_only_what_is_known(precision, language, text):
    dates = {
        DatePrecision.YEAR: datetime.date(2016, 1, 1),
        DatePrecision.MONTH: datetime.date(2021, 7, 1),
        DatePrecision.DAY: datetime.date(2022, 2, 25),
    }

    with translation.override(language):
        assert str(PartialDate(dates[precision], precision)) == text


def test_partial_date_iso_form_has_only_the_known_part():
    assert [
        PartialDate(datetime.date(2016, 1, 1), DatePrecision.YEAR).iso(),
        PartialDate(datetime.date(2021, 7, 1), DatePrecision.MONTH).iso(),
        PartialDate(datetime.date(2022, 2, 25), DatePrecision.DAY).iso(),
    ] == ["2016", "2021-07", "2022-02-25"]


@pytest.mark.django_db
def test_milestones_sort_by_date_whatever_their_precision():
    for title, date, precision in [
        ("C", datetime.date(2022, 2, 25), DatePrecision.DAY),
        ("A", datetime.date(2016, 1, 1), DatePrecision.YEAR),
        ("B", datetime.date(2021, 7, 1), DatePrecision.MONTH),
    ]:
        Milestone.objects.create(title_vi=title, kind="event", date=date, date_precision=precision)

    assert [m.title for m in Milestone.objects.all()] == ["A", "B", "C"]


@pytest.mark.django_db
def test_clean_stores_a_month_precise_date_as_its_first_day():
    milestone = Milestone(
        title_vi="Kế hoạch",
        kind="decision",
        date=datetime.date(2021, 6, 17),
        date_precision="month",
    )

    milestone.full_clean()

    assert milestone.date == datetime.date(2021, 6, 1)


def test_published_excludes_drafts_and_future_publish_times(publication_states):
    # Also left out: the project scheduled for 2099, and the drafts with and without a
    # publication time that has passed.
    assert {p.slug for p in Project.objects.published()} == {"published", "publish-time-passed"}


@pytest.mark.django_db
def test_english_falls_back_to_vietnamese_and_says_so():
    project = make_project(title_vi="Làng thông minh", title_en="")

    with translation.override("en"):
        assert (project.title, project.shows_fallback("title")) == ("Làng thông minh", True)
    with translation.override("vi"):
        assert project.shows_fallback("title") is False


def test_lacking_english_finds_records_with_an_untranslated_field(
    one_of_every_kind, english_fallbacks
):
    # Left out: the project of one_of_every_kind, written in both languages.
    assert [p.slug for p in Project.objects.filter(Project.lacking_english()).order_by("pk")] == [
        "nong-trai-thong-minh-bau-bang",  # no English at all
        "cho-nong-san-truc-tuyen",  # English but for its body
    ]


def assert_rejected(**fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_project(**fields)


@pytest.mark.django_db
def test_database_rejects_end_before_start():
    assert_rejected(
        start_date=datetime.date(2022, 1, 1),
        start_precision="year",
        end_date=datetime.date(2021, 1, 1),
        end_precision="year",
    )


@pytest.mark.django_db
def test_database_rejects_a_date_without_precision():
    assert_rejected(start_date=datetime.date(2022, 1, 1), start_precision="")


@pytest.mark.django_db
def test_database_rejects_dates_out_of_range():
    assert_rejected(start_date=datetime.date(1890, 1, 1), start_precision="year")


@pytest.mark.django_db
def test_database_rejects_award_years_out_of_range():
    with pytest.raises(IntegrityError), transaction.atomic():
        Award.objects.create(title_vi="Giải", organiser_vi="ICF", level="smart21", year=3021)


@pytest.mark.django_db
def test_database_rejects_coordinates_out_of_range():
    with pytest.raises(IntegrityError), transaction.atomic():
        Partner.objects.create(name_vi="Eindhoven", kind="city_region", latitude=95, longitude=5)


@pytest.mark.django_db
def test_database_rejects_duplicate_slugs():
    make_project(slug="lang")
    assert_rejected(slug="lang")


@pytest.mark.django_db
def test_clean_explains_end_before_start_to_staff():
    project = Project(
        title_vi="Dự án",
        summary_vi="Tóm tắt.",
        status="planned",
        start_date=datetime.date(2022, 1, 1),
        start_precision="year",
        end_date=datetime.date(2021, 1, 1),
        end_precision="year",
    )

    with pytest.raises(ValidationError) as error, translation.override("vi"):
        project.full_clean()

    assert error.value.message_dict["end_date"] == ["Ngày kết thúc không thể trước ngày bắt đầu."]


@pytest.mark.django_db
def test_deleting_a_theme_or_partner_or_source_keeps_the_project():
    from programme.models import Source

    theme = Theme.objects.create(name_vi="Đổi mới sáng tạo")
    partner = Partner.objects.create(name_vi="Becamex IDC", kind="company")
    source = Source.objects.create(outlet="BDO", headline_vi="Tin")
    project = make_project(lead_organisation=partner)
    project.themes.add(theme)
    project.partners.add(partner)
    project.sources.add(source)

    theme.delete()
    partner.delete()
    source.delete()

    project.refresh_from_db()
    assert (project.lead_organisation, project.themes.count(), project.sources.count()) == (
        None,
        0,
        0,
    )
