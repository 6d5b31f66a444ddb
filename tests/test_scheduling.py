"""next_scheduled_change(): the moment published content next changes by itself."""

import datetime

import pytest
from django.utils import timezone

from programme.content import publishable_kinds
from programme.models import PublicationStatus
from programme.scheduling import next_scheduled_change

from .public.content import (
    make_award,
    make_milestone,
    make_page,
    make_partner,
    make_project,
    make_source,
)

HOUR = datetime.timedelta(hours=1)


@pytest.fixture
def now(time_machine):
    moment = timezone.now()
    time_machine.move_to(moment, tick=False)
    return moment


def test_scheduled_models_are_every_published_kind():
    assert [model.__name__ for model in publishable_kinds()] == [
        "Source",
        "Partner",
        "Project",
        "Award",
        "Milestone",
        "Page",
    ]


def test_next_scheduled_change_is_none_when_nothing_is_scheduled(
    db, now, django_assert_num_queries
):
    make_project()
    make_page(publish_at=now - HOUR)

    with django_assert_num_queries(1):
        assert next_scheduled_change() is None


@pytest.mark.parametrize(
    "make", [make_source, make_partner, make_project, make_award, make_milestone, make_page]
)
def test_next_scheduled_change_is_the_earliest_of_every_kind(
    db, now, django_assert_num_queries, make
):
    make_project(publish_at=now + 3 * HOUR)
    make_page(publish_at=now + 2 * HOUR)
    make(publish_at=now + HOUR)

    with django_assert_num_queries(1):
        assert next_scheduled_change() == now + HOUR


def test_next_scheduled_change_ignores_drafts_and_the_past(db, now):
    make_project(publish_at=now + 2 * HOUR)
    make_award(publish_at=now + HOUR, publication_status=PublicationStatus.DRAFT)
    make_milestone(publish_at=now - HOUR)
    make_source(publish_at=now)

    assert next_scheduled_change() == now + 2 * HOUR
