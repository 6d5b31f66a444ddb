"""Staff save at the same time through the portal served as `make run` serves it: on the embedded
SQLite database (WAL, immediate transactions and a busy timeout: portal/settings.py) and on
PostgreSQL, whichever the suite runs on, none of them gets an error and nothing is lost."""

import http.cookiejar
import json
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial

import lxml.html
import psycopg
import pytest
from django.conf import settings
from django.urls import reverse
from psycopg import sql

from .portal_server import Server, make_run_environment, manage

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


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class StaffBrowser:
    """One staff member's browser: cookies of its own, and forms posted back with every field as
    the page holds it (lxml.html's form_values), changed where asked; redirects not followed."""

    def __init__(self, base_url):
        self.base_url = base_url
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirects
        )

    def open(self, path, fields=None):
        """The status, Location and body of a GET, or of a POST of `fields` (name, value pairs)."""
        data = None if fields is None else urllib.parse.urlencode(fields).encode()
        request = urllib.request.Request(
            self.base_url + path, data=data, headers={"Origin": self.base_url}
        )
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.headers["Location"], response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers["Location"], error.read().decode()

    def submit(self, path, form_id, changes):
        """Opens the page at `path` and posts its form `form_id` back to it with `changes`: the
        status and Location of the answer."""
        status, _location, body = self.open(path)
        if status != 200:
            return status, None
        form = lxml.html.fromstring(body).get_element_by_id(form_id)
        form.fields.update(changes)
        status, location, _body = self.open(path, form.form_values())
        return status, location

    def log_in(self, name):
        changes = {"username": name, "password": PASSWORD}
        return self.submit(reverse("admin:login"), "login-form", changes)


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
    """A database of this test, of the kind the suite runs on: a SQLite file, or a PostgreSQL
    database named after the suite's with "_staff_load", made and dropped here."""
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        yield f"sqlite:///{tmp_path / 'db.sqlite3'}"
        return
    suites = urllib.parse.urlsplit(os.environ["DATABASE_URL"])
    name = f"{suites.path.lstrip('/')}_staff_load"
    server = suites._replace(path="/postgres").geturl()
    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(drop)
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield suites._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(server, autocommit=True) as connection:
            connection.execute(drop)


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
            logins = list(pool.map(StaffBrowser.log_in, browsers, names))
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
