"""Onboarding: `make superuser` creates the first administrator, and the staff groups decide
who may sign in to the admin."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.urls import reverse

from programme.roles import EDITORS, PUBLISHERS

PASSWORD = "a long test password"


def staff_flags(username):
    return User.objects.filter(username=username).values_list("is_staff", flat=True).get()


@pytest.mark.django_db
def test_user_put_in_editors_group_signs_in_to_the_admin(client):
    user = User.objects.create_user("hang", password=PASSWORD)
    user.groups.add(Group.objects.get(name=EDITORS))

    response = client.post(
        reverse("admin:login"),
        {"username": "hang", "password": PASSWORD, "next": reverse("admin:index")},
        follow=True,
    )

    assert (response.redirect_chain, user.is_staff, staff_flags("hang")) == (
        [(reverse("admin:index"), 302)],
        True,
        True,
    )


@pytest.mark.django_db
def test_user_added_from_the_group_side_becomes_staff():
    user = User.objects.create_user("hang")

    Group.objects.get(name=PUBLISHERS).user_set.add(user)

    assert staff_flags("hang") is True


@pytest.mark.django_db
def test_user_in_another_group_only_is_not_made_staff():
    user = User.objects.create_user("hang")

    user.groups.add(Group.objects.create(name="Bản tin"))

    assert staff_flags("hang") is False


@pytest.mark.django_db
def test_user_removed_from_one_of_two_staff_groups_stays_staff():
    user = User.objects.create_user("hang")
    user.groups.add(*Group.objects.filter(name__in=[EDITORS, PUBLISHERS]))

    user.groups.remove(Group.objects.get(name=EDITORS))

    assert staff_flags("hang") is True


@pytest.mark.django_db
def test_user_removed_from_every_staff_group_is_no_longer_staff():
    user = User.objects.create_user("hang")
    editors = Group.objects.get(name=EDITORS)
    user.groups.add(editors)

    user.groups.remove(editors)

    assert (user.is_staff, staff_flags("hang")) == (False, False)


@pytest.mark.django_db
def test_group_cleared_of_its_users_leaves_them_without_staff_status():
    User.objects.create_user("hang").groups.add(Group.objects.get(name=EDITORS))
    User.objects.create_user("minh").groups.add(Group.objects.get(name=EDITORS))

    Group.objects.get(name=EDITORS).user_set.clear()

    assert (staff_flags("hang"), staff_flags("minh")) == (False, False)


@pytest.mark.django_db
def test_user_whose_groups_are_cleared_is_no_longer_staff():
    user = User.objects.create_user("hang")
    user.groups.add(Group.objects.get(name=PUBLISHERS))

    user.groups.clear()

    assert staff_flags("hang") is False


@pytest.mark.django_db
def test_superuser_taken_out_of_every_staff_group_stays_staff():
    user = User.objects.create_superuser("root", password=PASSWORD)
    editors = Group.objects.get(name=EDITORS)
    user.groups.add(editors)

    user.groups.remove(editors)

    assert staff_flags("root") is True


@pytest.mark.django_db
def test_staff_without_a_group_keeps_staff_status_when_other_groups_change():
    user = User.objects.create_user("hang", is_staff=True)

    user.groups.add(Group.objects.create(name="Bản tin"))

    assert staff_flags("hang") is True


@pytest.mark.django_db
def test_admin_user_form_putting_a_user_in_publishers_makes_them_staff(client):
    client.force_login(User.objects.create_superuser("root", password=PASSWORD))
    user = User.objects.create_user("hang")
    publishers = Group.objects.get(name=PUBLISHERS)

    response = client.post(
        reverse("admin:auth_user_change", args=[user.pk]),
        {
            "username": "hang",
            "is_active": "on",
            "groups": [publishers.pk],
            "date_joined_0": "30/11/2026",
            "date_joined_1": "08:00:00",
            "initial-date_joined_0": "30/11/2026",
            "initial-date_joined_1": "08:00:00",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert staff_flags("hang") is True


def test_make_superuser_creates_the_first_administrator_without_an_exported_key(tmp_path):
    database = tmp_path / "portal.sqlite3"
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "PYTEST"))
    }
    environment.update(
        DATABASE_URL=f"sqlite:///{database}",
        DJANGO_SUPERUSER_USERNAME="quantri",
        DJANGO_SUPERUSER_EMAIL="quantri@example.org",
        DJANGO_SUPERUSER_PASSWORD=PASSWORD,
        PYTHON=sys.executable,
    )
    venv = Path(sys.executable).parent.parent
    result = subprocess.run(
        # Under `make test` the inner make would print "Entering/Leaving directory" lines.
        [
            "make",
            "--no-print-directory",
            "-o",
            f"{venv}/.installed-run",
            f"VENV={venv}",
            "superuser",
        ],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
    )

    assert (result.returncode, result.stdout.splitlines()[-1]) == (
        0,
        "Superuser created successfully.",
    )
    with sqlite3.connect(database) as connection:
        administrators = connection.execute(
            "SELECT username FROM auth_user WHERE is_superuser AND is_staff"
        ).fetchall()
    assert administrators == [("quantri",)]
