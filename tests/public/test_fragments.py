"""Parts of the busiest pages are kept with {% cache %} under the content's version and the
language: made again after any change of content, never shared between languages, filters or
pages, and never kept for staff."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from programme.models import Award, Project

from .content import make_award, make_programme, make_project
from .markup import markup

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _without_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "url",
    [
        lambda data: "/en/",
        lambda data: "/en/projects/",
        lambda data: data["projects"][0].get_absolute_url(),
        lambda data: "/en/awards/",
    ],
    ids=["home", "project list", "project", "awards"],
)
def test_kept_part_saves_its_queries_the_second_time(client, url):
    address = url(make_programme())

    first, second = queries(client, address), queries(client, address)

    assert second < first
    assert client.get(address).content == client.get(address).content


def test_kept_part_follows_a_change_of_content(client):
    project = make_project(title_en="Smart Village", featured=True)
    client.get("/en/")

    project.title_en = "Smart Village of Tan Uyen"
    project.save()

    assert "Smart Village of Tan Uyen" in client.get("/en/").content.decode()


def test_kept_part_stays_until_the_content_version_changes(client):
    project = make_project(title_en="Smart Village", featured=True)
    client.get("/en/")

    # update() sends no signal, so nothing tells the cache: what was kept is shown.
    Project.objects.filter(pk=project.pk).update(title_en="Renamed behind the cache")

    assert "Renamed behind the cache" not in client.get("/en/").content.decode()


def test_kept_parts_are_per_language(client):
    make_project(title_vi="Làng thông minh", title_en="Smart Village", featured=True)

    vietnamese, english = client.get("/vi/"), client.get("/en/")

    assert ("Làng thông minh" in vietnamese.content.decode()) is True
    assert ("Smart Village" in english.content.decode()) is True
    assert ("Smart Village" in client.get("/vi/").content.decode()) is False


def test_kept_project_list_is_per_filter_and_page(client):
    for n in range(13):
        make_project(title_en=f"Planned {n:02}", status=Project.Status.PLANNED)
    make_project(title_en="Running", status=Project.Status.OPERATIONAL)
    client.get("/en/projects/")

    planned = markup(client.get("/en/projects/?status=planned&page=2").content.decode())
    running = markup(client.get("/en/projects/?status=operational").content.decode())

    assert ('">Planned 12</a>' in planned, '">Running</a>' in planned) == (True, False)
    assert ('">Running</a>' in running, '">Planned 0' in running) == (True, False)


def test_staff_never_get_a_kept_part(client, publisher):
    make_award(title_en="Smart21 2019", year=2019)
    client.get("/en/awards/")
    Award.objects.update(title_en="Renamed behind the cache")
    staff = Client()
    staff.force_login(publisher)

    html = staff.get("/en/awards/").content.decode()

    assert ("Renamed behind the cache" in html, "Smart21 2019" in html) == (True, False)
