"""Scheduling: changes and records go live, and records come down, on time, also from the page
cache (issue 15, points 2 and 3)."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from programme.models import Milestone, PendingChange, Project, PublicationStatus

from ..public.content import make_project
from .forms import decide
from .test_pending_changes import project_url, propose, public_page

HOUR = datetime.timedelta(hours=1)


@pytest.fixture
def now(time_machine):
    moment = timezone.now().replace(microsecond=0)
    time_machine.move_to(moment, tick=False)
    return moment


def local_parts(moment):
    local = timezone.localtime(moment)
    return local.strftime("%Y-%m-%d"), local.strftime("%H:%M:%S")


def test_scheduled_change_goes_live_on_time_by_the_command_and_leaves_the_page_cache(
    client, editor, publisher, now, time_machine
):
    project = make_project(title_vi="Làng thông minh", slug="lang")
    propose(client, editor, project, title_vi="Làng số")
    change = PendingChange.objects.get()
    client.force_login(publisher)
    day, time = local_parts(now + HOUR)
    decide(client, change, _schedule="1", go_live_at_0=day, go_live_at_1=time)
    assert "Làng thông minh" in public_page(client, project)  # Cached until the change.

    time_machine.move_to(now + HOUR + datetime.timedelta(seconds=1), tick=False)
    # No visitor's request applies it: `publish_scheduled`, run every minute, does.
    before_the_command = public_page(client, project)
    call_command("publish_scheduled", verbosity=0)

    page = public_page(client, project)
    assert ("Làng số" in page, "Làng thông minh" in page) == (True, False)
    assert "Làng thông minh" in before_the_command
    assert (Project.objects.get().title_vi, PendingChange.objects.count()) == ("Làng số", 0)


def test_publisher_schedules_own_changes_to_a_live_record(client, publisher, now, time_machine):
    project = make_project(title_vi="Làng thông minh", slug="lang")
    day, time = local_parts(now + HOUR)

    propose(
        client,
        publisher,
        project,
        title_vi="Làng số",
        changes_go_live_at_0=day,
        changes_go_live_at_1=time,
    )

    assert Project.objects.get().title_vi == "Làng thông minh"
    assert PendingChange.objects.get().status == "scheduled"
    time_machine.move_to(now + 2 * HOUR, tick=False)
    call_command("publish_scheduled", verbosity=0)
    assert Project.objects.get().title_vi == "Làng số"


def test_publish_time_ahead_on_a_live_record_is_refused(client, publisher, now):
    project = make_project(slug="lang")
    day, time = local_parts(now + HOUR)

    response = propose(client, publisher, project, publish_at_0=day, publish_at_1=time)

    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["publish_at"]
    assert Project.objects.get().publish_at is None


def test_record_comes_down_at_its_unpublish_time(client, db, now, time_machine):
    project = make_project(title_vi="Làng thông minh", slug="lang", unpublish_at=now + HOUR)
    assert "Làng thông minh" in public_page(client, project)

    time_machine.move_to(now + HOUR, tick=False)

    assert client.get("/vi/du-an/lang/").status_code == 404
    call_command("publish_scheduled", verbosity=0)
    project.refresh_from_db()
    assert (project.publication_status, project.unpublish_at) == (PublicationStatus.DRAFT, None)


def test_published_leaves_out_records_past_their_unpublish_time(db, now):
    make_project(slug="up", unpublish_at=now + HOUR)
    make_project(slug="down", unpublish_at=now)
    make_project(slug="always")

    assert sorted(Project.objects.published().values_list("slug", flat=True)) == ["always", "up"]


def test_new_record_goes_live_at_its_publish_time(client, db, now, time_machine):
    make_project(title_vi="Làng thông minh", slug="lang", publish_at=now + HOUR)
    assert client.get("/vi/du-an/lang/").status_code == 404

    time_machine.move_to(now + HOUR, tick=False)

    assert client.get("/vi/du-an/lang/").status_code == 200


def test_milestones_of_a_project_are_published_with_it(client, publisher):
    project = make_project(
        title_vi="Làng thông minh", slug="lang", publication_status=PublicationStatus.DRAFT
    )
    client.force_login(publisher)
    data_changes = {
        "publication_status": "published",
        "milestones-TOTAL_FORMS": "1",
        "milestones-0-title_vi": "Khởi công làng",
        "milestones-0-kind": "event",
        "milestones-0-date": "2024-03-01",
        "milestones-0-date_precision": "day",
    }
    propose(client, publisher, project, **data_changes)

    milestone = Milestone.objects.get()
    assert milestone.publication_status == PublicationStatus.PUBLISHED
    assert "Khởi công làng" in public_page(client, project)
    assert "Khởi công làng" in client.get("/vi/dong-thoi-gian/").content.decode()


def test_unpublishing_a_project_takes_its_milestones_down(client, publisher):
    project = make_project(slug="lang")
    Milestone.objects.create(
        title_vi="Khởi công",
        kind="event",
        date=datetime.date(2024, 3, 1),
        project=project,
        publication_status=PublicationStatus.PUBLISHED,
    )
    client.force_login(publisher)

    client.post(
        reverse("admin:programme_project_changelist"),
        {"action": "unpublish", "_selected_action": [project.pk]},
    )

    assert Milestone.objects.get().publication_status == PublicationStatus.DRAFT


def test_record_form_shows_a_pending_change_to_its_editor(client, editor):
    project = make_project(slug="lang")
    propose(client, editor, project, title_vi="Làng số")

    html = client.get(project_url(project)).content.decode()

    assert 'data-testid="pending-notice"' in html
