"""The admin reads dates and numbers as staff write them in their language, and a form with an
error keeps what they entered."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from programme.models import Award, Milestone, Partner, Project

from .test_admin import project_form as full_project_form
from .test_uploads import image_file


def project_form(**overrides):
    return full_project_form(publication_status="draft", **overrides)


def vietnamese(client, user):
    client.force_login(user)
    return client


def english(client, user):
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def input_value(html, name):
    return re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', html)[1]


def error_list(html, name):
    """The messages of the field's errors, as the admin shows them above it."""
    row = re.search(
        rf'<div class="form-row[^"]*field-{name}[^"]*">(.*?)</div>\s*</div>', html, re.S
    )
    return re.findall(r"<li>([^<]*)</li>", row[1]) if row else None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "date", "precision"),
    [
        ("25/2/2022", datetime.date(2022, 2, 25), "day"),
        ("25-02-2022", datetime.date(2022, 2, 25), "day"),
        ("01/06/2027", datetime.date(2027, 6, 1), "day"),
        ("2025", datetime.date(2025, 1, 1), "year"),
        ("6/2027", datetime.date(2027, 6, 1), "month"),
        ("06/2027", datetime.date(2027, 6, 1), "month"),
        ("tháng 6/2027", datetime.date(2027, 6, 1), "month"),
        ("Tháng 6 năm 2027", datetime.date(2027, 6, 1), "month"),
    ],
)
def test_vietnamese_admin_reads_day_first_and_partial_dates(
    client, publisher, typed, date, precision
):
    response = vietnamese(client, publisher).post(
        reverse("admin:programme_project_add"), project_form(start_date=typed)
    )

    assert response.status_code == 302
    assert Project.objects.values_list("start_date", "start_precision").get() == (date, precision)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "date", "precision"),
    [
        ("2022-02-25", datetime.date(2022, 2, 25), "day"),
        ("June 2027", datetime.date(2027, 6, 1), "month"),
        ("2025", datetime.date(2025, 1, 1), "year"),
    ],
)
def test_english_admin_reads_english_dates(client, publisher, typed, date, precision):
    response = english(client, publisher).post(
        reverse("admin:programme_project_add"), project_form(start_date=typed)
    )

    assert response.status_code == 302
    assert Project.objects.values_list("start_date", "start_precision").get() == (date, precision)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "shown"),
    [("vi", ["tháng 6/2027", "2025", "25/02/2022"]), ("en", ["June 2027", "2025", "2022-02-25"])],
)
def test_admin_shows_stored_dates_back_as_typed(client, publisher, language, shown):
    project = Project.objects.create(
        title_vi="Làng thông minh",
        summary_vi="Tóm tắt.",
        status="planned",
        start_date=datetime.date(2027, 6, 1),
        start_precision="month",
    )
    milestone = Milestone.objects.create(
        title_vi="Khởi công", date=datetime.date(2025, 1, 1), date_precision="year", project=project
    )
    Partner.objects.create(
        name_vi="Đối tác",
        kind="company",
        since_date=datetime.date(2022, 2, 25),
        since_precision="day",
    )
    client = english(client, publisher) if language == "en" else vietnamese(client, publisher)

    project_html = client.get(reverse("admin:programme_project_change", args=[project.pk])).content
    partner_html = client.get(
        reverse("admin:programme_partner_change", args=[Partner.objects.get().pk])
    ).content.decode()

    assert [
        input_value(project_html.decode(), "start_date"),
        input_value(project_html.decode(), "milestones-0-date"),
        input_value(partner_html, "since_date"),
    ] == shown
    assert milestone.pk == Milestone.objects.get().pk


@pytest.mark.django_db
def test_admin_form_has_no_precision_fields(client, publisher):
    html = (
        vietnamese(client, publisher).get(reverse("admin:programme_project_add")).content.decode()
    )

    assert re.findall(r'name="[^"]*precision"', html) == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "typed", "message"),
    [
        ("vi", "31/2/2022", "Nhập năm (2025), tháng (6/2027) hoặc ngày (25/2/2022)."),
        ("vi", "13/2027", "Nhập năm (2025), tháng (6/2027) hoặc ngày (25/2/2022)."),
        ("vi", "sớm", "Nhập năm (2025), tháng (6/2027) hoặc ngày (25/2/2022)."),
        ("en", "25/2/2022", "Enter a year (2025), a month (June 2027) or a day (2022-02-25)."),
    ],
)
def test_bad_date_is_explained_in_the_staff_language_and_kept(
    client, publisher, language, typed, message
):
    client = english(client, publisher) if language == "en" else vietnamese(client, publisher)

    response = client.post(reverse("admin:programme_project_add"), project_form(start_date=typed))
    html = response.content.decode()

    assert (response.status_code, Project.objects.count()) == (200, 0)
    assert error_list(html, "start_date") == [message]
    assert (input_value(html, "start_date"), input_value(html, "title_vi")) == (
        typed,
        "Làng thông minh",
    )


@pytest.mark.django_db
def test_date_out_of_range_is_refused_in_vietnamese(client, publisher):
    response = vietnamese(client, publisher).post(
        reverse("admin:programme_project_add"), project_form(start_date="1985")
    )

    assert error_list(response.content.decode(), "start_date") == [
        "Hãy nhập một ngày trong khoảng năm 1990 đến 2100."
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "typed", "value"),
    [
        ("vi", "22.000", Decimal("22000")),
        ("vi", "1.234,5", Decimal("1234.5")),
        ("vi", "2,75", Decimal("2.75")),
        ("en", "22,000", Decimal("22000")),
        ("en", "1,234.5", Decimal("1234.5")),
    ],
)
def test_admin_reads_numbers_as_the_language_writes_them(client, publisher, language, typed, value):
    client = english(client, publisher) if language == "en" else vietnamese(client, publisher)

    response = client.post(
        reverse("admin:programme_project_add"), project_form(**{"key_figures-0-value": typed})
    )

    assert response.status_code == 302
    assert Project.objects.get().key_figures.get().value == value


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "shown"), [("vi", "22.000,50"), ("en", "22,000.50")])
def test_admin_shows_numbers_as_the_language_writes_them(client, publisher, language, shown):
    project = Project.objects.create(title_vi="Làng", summary_vi="Tóm tắt.", status="planned")
    project.key_figures.create(label_vi="Diện tích", value=Decimal("22000.5"))
    client = english(client, publisher) if language == "en" else vietnamese(client, publisher)

    html = client.get(reverse("admin:programme_project_change", args=[project.pk])).content.decode()

    assert input_value(html, "key_figures-0-value") == shown


@pytest.mark.django_db
def test_bad_number_is_explained_in_vietnamese(client, publisher):
    response = vietnamese(client, publisher).post(
        reverse("admin:programme_project_add"), project_form(**{"key_figures-0-value": "hai mươi"})
    )
    html = response.content.decode()

    assert re.findall(r'<ul class="errorlist"[^>]*><li>([^<]*)</li>', html) == ["Nhập một số."]
    assert input_value(html, "key_figures-0-value") == "hai mươi"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "language", "message"),
    [
        (
            {"start_date": "sớm"},
            "vi",
            "Hãy chọn lại tệp này: trình duyệt không giữ được tệp đã chọn khi biểu mẫu có lỗi.",
        ),
        (
            {"key_figures-0-value": "nhiều"},
            "en",
            "Choose this file again: a browser cannot keep a chosen file when the form has errors.",
        ),
    ],
)
def test_form_with_an_error_asks_for_the_chosen_image_again(
    client, publisher, settings, tmp_path, overrides, language, message
):
    settings.MEDIA_ROOT = tmp_path
    client = english(client, publisher) if language == "en" else vietnamese(client, publisher)

    response = client.post(
        reverse("admin:programme_project_add"),
        project_form(image=image_file("phong.png"), image_alt_vi="Phòng điều hành", **overrides),
    )
    html = response.content.decode()

    assert (response.status_code, Project.objects.count()) == (200, 0)
    assert error_list(html, "image") == [message]
    assert input_value(html, "image_alt_vi") == "Phòng điều hành"


@pytest.mark.django_db
def test_publication_time_is_read_day_first_in_vietnamese(client, publisher):
    response = vietnamese(client, publisher).post(
        reverse("admin:programme_project_add"),
        project_form(publish_at_0="25/12/2099", publish_at_1="08:30"),
    )

    assert response.status_code == 302
    publish_at = timezone.localtime(Project.objects.get().publish_at)
    assert (publish_at.date(), publish_at.hour, publish_at.minute) == (
        datetime.date(2099, 12, 25),
        8,
        30,
    )


@pytest.mark.django_db
def test_award_list_writes_years_without_a_thousands_separator(client, publisher):
    Award.objects.create(title_vi="Smart21", year=2021, level="smart21")

    html = vietnamese(client, publisher).get(reverse("admin:programme_award_changelist")).content

    assert re.findall(r'<td class="field-award_year">([^<]*)</td>', html.decode()) == ["2021"]
