"""A save from an admin change form older than the record is refused, for every content kind
(ContentForm, programme/admin/forms.py). Two staff members at once through the real gunicorn,
on SQLite and PostgreSQL: tests/test_concurrent_edits.py."""

import lxml.html
import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse
from django.utils.text import capfirst

from programme.content import KINDS
from programme.roles import PUBLISHERS

from .conftest import staff_member

CONTENT_MODELS = sorted(
    (model for model in KINDS if model in admin.site._registry),
    key=lambda model: model.__name__,
)


def change_form(html, form_id):
    """The fields of the form `form_id` as a browser would post them back."""
    form = lxml.html.fromstring(html).get_element_by_id(form_id)
    data = {}
    for name, value in form.form_values():
        data.setdefault(name, []).append(value)
    return data


def conflict_rows(html):
    """The table of what someone else changed, row by row, as text."""
    rows = lxml.html.fromstring(html).xpath("//*[@data-testid='edit-conflict']//tbody/tr")
    return [tuple(cell.text_content().strip() for cell in row) for row in rows]


def error_notes(html):
    return [
        item.text_content()
        for item in lxml.html.fromstring(html).xpath("//ul[contains(@class, 'nonfield')]/li")
    ]


@pytest.fixture
def two_publishers(db):
    first, second = Client(), Client()
    first.force_login(staff_member("publisher-one", PUBLISHERS))
    second.force_login(staff_member("publisher-two", PUBLISHERS))
    return first, second


def test_edit_check_covers_every_content_kind():
    assert [model.__name__ for model in CONTENT_MODELS] == [
        "Award",
        "Locality",
        "Milestone",
        "Page",
        "Partner",
        "Project",
        "Source",
        "Theme",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("model", CONTENT_MODELS, ids=lambda model: model.__name__)
def test_edit_check_refuses_a_save_from_an_older_form_of_any_kind(
    model, two_publishers, one_of_every_kind
):
    first, second = two_publishers
    record = model.objects.get(pk=1)
    naming = f"{model.naming_field}_vi"
    before = getattr(record, naming)
    url = reverse(f"admin:programme_{model._meta.model_name}_change", args=[record.pk])
    form_id = f"{model._meta.model_name}_form"
    first_form = change_form(first.get(url).content.decode(), form_id)
    second_form = change_form(second.get(url).content.decode(), form_id)

    saved = first.post(url, {**first_form, naming: "Tên mới của người thứ nhất"})
    refused = second.post(url, {**second_form, naming: "Tên mới của người thứ hai"})

    record.refresh_from_db()
    label = f"{capfirst(model._meta.get_field(model.naming_field).verbose_name)} [vi]"
    assert saved.status_code == 302
    assert refused.status_code == 200
    assert conflict_rows(refused.content.decode()) == [
        (label, before, "Tên mới của người thứ nhất")
    ]
    assert getattr(record, naming) == "Tên mới của người thứ nhất"


@pytest.mark.django_db
def test_edit_check_refuses_a_damaged_token_and_keeps_the_input(two_publishers, one_of_every_kind):
    first, _second = two_publishers
    url = reverse("admin:programme_theme_change", args=[1])
    form = change_form(first.get(url).content.decode(), "theme_form")

    refused = first.post(url, {**form, "edit_token": "damaged", "name_vi": "Tên gõ vào"})

    html = refused.content.decode()
    assert refused.status_code == 200
    assert error_notes(html) == [
        "Không so được biểu mẫu này với bản ghi nên những thay đổi của bạn chưa được lưu. "
        "Nội dung bạn nhập vẫn còn trong biểu mẫu: hãy mở lại bản ghi để xem bản ghi hiện nay."
    ]
    assert change_form(html, "theme_form")["name_vi"] == ["Tên gõ vào"]
