"""Admin search ignores diacritics and case on every list, in both languages."""

import datetime
import re

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from programme.models import Award, Locality, Milestone, Page, Partner, Project, Source, Theme


def listed(client, url_name, query):
    html = client.get(reverse(url_name), {"q": query}).content.decode()
    return sorted(re.findall(r'<th class="field-[a-z_]+"><a href="[^"]+">([^<]+)</a>', html))


@pytest.fixture
def admin_client_vi(client, db):
    superuser = User.objects.create_superuser("root", password="a long test password")
    client.force_login(superuser)
    return client


@pytest.mark.parametrize("query", ["lang thong minh", "LANG", "Làng Thông", "làng thông minh"])
def test_project_search_ignores_diacritics_and_case(admin_client_vi, query):
    Project.objects.create(title_vi="Làng thông minh", summary_vi="Tóm tắt.", status="planned")
    Project.objects.create(title_vi="Trung tâm điều hành", summary_vi="Tóm tắt.", status="planned")

    assert listed(admin_client_vi, "admin:programme_project_changelist", query) == [
        "Làng thông minh"
    ]


def test_project_search_finds_english_without_case(admin_client_vi):
    Project.objects.create(
        title_vi="Làng thông minh",
        title_en="Smart Village",
        summary_vi="Tóm tắt.",
        status="planned",
    )
    Project.objects.create(title_vi="Trung tâm", summary_vi="Tóm tắt.", status="planned")

    assert listed(admin_client_vi, "admin:programme_project_changelist", "smart VILLAGE") == [
        "Làng thông minh"
    ]


def test_project_search_needs_every_word(admin_client_vi):
    Project.objects.create(title_vi="Làng thông minh", summary_vi="Đô thị.", status="planned")

    assert listed(admin_client_vi, "admin:programme_project_changelist", "lang sao") == []
    assert listed(admin_client_vi, "admin:programme_project_changelist", "lang do thi") == [
        "Làng thông minh"
    ]


def test_search_of_every_list_folds_d_with_stroke(admin_client_vi):
    Source.objects.create(headline_vi="Đề án đô thị", outlet="Báo Bình Dương")
    Theme.objects.create(name_vi="Đô thị số")
    Locality.objects.create(name_vi="Thủ Dầu Một", kind="city")
    Partner.objects.create(name_vi="Đại học Quốc gia", kind="university")
    Award.objects.create(title_vi="Giải thưởng Đổi mới", year=2021, level="national")
    Milestone.objects.create(
        title_vi="Quyết định đề án", date=datetime.date(2016, 1, 1), kind="decision"
    )
    Page.objects.create(title_vi="Giới thiệu Đề án", body_vi="")

    found = {
        name: listed(admin_client_vi, f"admin:programme_{name}_changelist", query)
        for name, query in [
            ("source", "DE AN"),
            ("theme", "do thi"),
            ("locality", "thu dau mot"),
            ("partner", "dai hoc"),
            ("award", "doi moi"),
            ("milestone", "quyet dinh"),
            ("page", "gioi thieu de an"),
        ]
    }

    assert found == {
        "source": ["Đề án đô thị"],
        "theme": ["Đô thị số"],
        "locality": ["Thủ Dầu Một"],
        "partner": ["Đại học Quốc gia"],
        "award": ["Giải thưởng Đổi mới"],
        "milestone": ["Quyết định đề án"],
        "page": ["Giới thiệu Đề án"],
    }


def test_user_search_ignores_diacritics(admin_client_vi):
    User.objects.create_user("btv", first_name="Nguyễn", last_name="Thị Hằng")

    assert listed(admin_client_vi, "admin:auth_user_changelist", "nguyen hang") == ["btv"]


def test_autocomplete_ignores_diacritics(admin_client_vi):
    Project.objects.create(title_vi="Làng thông minh", summary_vi="Tóm tắt.", status="planned")
    Project.objects.create(title_vi="Trung tâm", summary_vi="Tóm tắt.", status="planned")

    response = admin_client_vi.get(
        reverse("admin:autocomplete"),
        {
            "term": "lang thong",
            "app_label": "programme",
            "model_name": "award",
            "field_name": "project",
        },
    )

    assert [result["text"] for result in response.json()["results"]] == ["Làng thông minh"]
