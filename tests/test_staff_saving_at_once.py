"""Staff save at the same time through the portal served as `make run` serves it: on the embedded
SQLite database (WAL, immediate transactions and a busy timeout: portal/settings.py) and on
PostgreSQL, whichever the suite runs on, none of them gets an error and nothing is lost."""

import json
import re
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial

import pytest
from django.urls import reverse

from .portal_server import Server, StaffBrowser, make_run_environment, manage, scratch_database

# Slow (it drives gunicorn with many staff at once): `make test-fast` leaves it out.
pytestmark = pytest.mark.slow

STAFF = 8
# The workers `make run` starts on a machine of two CPUs, as CI's.
WORKERS = 3
SECONDS = 30
# Each staff member saves at least this often in that time: nobody waits for the others for long.
FEWEST_SAVES = 5
PASSWORD = "a long test password"

# Publishers all: an editor's save of a published project waits for review instead of going live
# (tests/review/), which this test, about saves going live at once, does not count.
CREATE_STAFF = """
import json
from django.contrib.auth.models import Group, User
from programme.models import Project
from programme.roles import PUBLISHERS

names = {names!r}
for number, name in enumerate(names):
    user = User.objects.create_user(name, password={password!r}, is_staff=True)
    user.groups.add(Group.objects.get(name=PUBLISHERS))
print(json.dumps(list(Project.objects.order_by("pk").values_list("pk", flat=True)[: len(names)])))
"""
SUMMARIES = """
import json
from programme.models import Project
print(json.dumps(dict(Project.objects.filter(pk__in={pks!r}).values_list("pk", "summary_vi"))))
"""


@dataclass
class Saving:
    saves: int = 0
    last_saved: str | None = None
    unexpected_answers: list = field(default_factory=list)


def save_until(deadline, browser, name, pk):
    """Saves the project `pk` through its admin change form again and again until `deadline`,
    each time with a summary of its own."""
    saving = Saving()
    change = reverse("admin:programme_project_change", args=[pk])
    saved = (302, reverse("admin:programme_project_changelist"))
    while time.monotonic() < deadline:
        summary = f"Tóm tắt do {name} lưu lần thứ {saving.saves + 1}."
        try:
            answer = browser.submit(change, "project_form", {"summary_vi": summary})
        except OSError as error:
            answer = repr(error)
        if answer == saved:
            saving.saves += 1
            saving.last_saved = summary
        else:
            saving.unexpected_answers.append(answer)
    return saving


@pytest.fixture
def database_url(tmp_path):
    """A database of this test, of the kind the suite runs on (see scratch_database)."""
    with scratch_database(tmp_path, "staff_load") as url:
        yield url


def test_staff_saving_different_projects_at_once_get_no_error_and_lose_nothing(
    database_url, tmp_path
):
    env = make_run_environment(tmp_path, database_url=database_url, workers=WORKERS)
    names = [f"staff{number}" for number in range(1, STAFF + 1)]
    pks = json.loads(
        manage(env, "shell", "-v0", "-c", CREATE_STAFF.format(names=names, password=PASSWORD))
    )
    log = tmp_path / "gunicorn.log"
    server = Server(env, log)
    try:
        server.wait_until_up()
        browsers = [StaffBrowser(server.base_url) for _name in names]
        with ThreadPoolExecutor(max_workers=STAFF) as pool:
            log_in = partial(StaffBrowser.log_in, password=PASSWORD)
            logins = list(pool.map(log_in, browsers, names))
            deadline = time.monotonic() + SECONDS
            savings = list(pool.map(partial(save_until, deadline), browsers, names, pks))
    finally:
        server.stop()
    in_database = json.loads(manage(env, "shell", "-v0", "-c", SUMMARIES.format(pks=pks)))
    last_saved = {str(pk): saving.last_saved for pk, saving in zip(pks, savings, strict=True)}
    saves = [saving.saves for saving in savings]
    trouble = re.findall(r"^.*(?:CRITICAL|ERROR|Traceback|locked).*$", log.read_text(), re.M)

    assert logins == [(302, reverse("admin:index"))] * STAFF
    assert [saving.unexpected_answers for saving in savings] == [[]] * STAFF
    assert trouble == []
    assert in_database == last_saved
    assert min(saves) >= FEWEST_SAVES, saves
