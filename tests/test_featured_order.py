"""Staff set the order of the featured projects on the home page."""

import re

import pytest
from django.urls import reverse

from programme.models import Project

from .public.content import make_project


def home_titles(client):
    html = client.get("/en/").content.decode()
    return re.findall(r'<article class="card".*?<a href="[^"]+">([^<]+)</a>', html, re.S)


@pytest.mark.django_db
def test_home_shows_featured_projects_in_the_order_staff_set(client):
    make_project(title_en="Alpha", featured=True, featured_order=3)
    make_project(title_en="Bravo", featured=True, featured_order=1)
    make_project(title_en="Charlie", featured=True, featured_order=2)
    make_project(title_en="Delta", featured=True, featured_order=2)
    make_project(title_en="Echo", featured=False, featured_order=0)

    assert home_titles(client) == ["Bravo", "Charlie", "Delta", "Alpha"]


@pytest.mark.django_db
def test_publisher_reorders_featured_projects_from_the_list(client, publisher):
    # A publisher's change goes live at once; an editor's would wait for review.
    first = make_project(title_en="Alpha", featured=True, featured_order=1)
    second = make_project(title_en="Bravo", featured=True, featured_order=2)
    client.force_login(publisher)

    response = client.post(
        reverse("admin:programme_project_changelist") + "?featured__exact=1",
        {
            "form-TOTAL_FORMS": "2",
            "form-INITIAL_FORMS": "2",
            "form-0-id": str(first.pk),
            "form-0-featured": "on",
            "form-0-featured_order": "2",
            "form-1-id": str(second.pk),
            "form-1-featured": "on",
            "form-1-featured_order": "1",
            "_save": "Lưu",
        },
    )

    assert response.status_code == 302
    assert list(Project.objects.featured().values_list("title_en", flat=True)) == ["Bravo", "Alpha"]
    assert home_titles(client) == ["Bravo", "Alpha"]
