"""Two staff members edit the same record at once, and `seed` runs while staff save, against the
portal served as `make run` serves it (gunicorn, its workers sharing one database of the kind the
suite runs on): nobody's change is silently written over (issue 14, point 4)."""

import json
import re
import shutil
import subprocess
import time

import lxml.html
import psycopg
import pytest
from django.urls import reverse

from programme.seeding import SEED_DIR

from .portal_server import (
    BIN,
    ROOT,
    Server,
    StaffBrowser,
    make_run_environment,
    manage,
    scratch_database,
)

# One xdist worker runs the whole module: its gunicorn and seeded database are made once for it.
pytestmark = [pytest.mark.xdist_group("test_concurrent_edits"), pytest.mark.slow]

PASSWORD = "a long test password"
CREATE_STAFF = f"""
import json
from django.contrib.auth.models import Group, User
from programme.models import Project
from programme.roles import PUBLISHERS

for name in ("lan", "minh"):
    user = User.objects.create_user(name, password={PASSWORD!r}, is_staff=True)
    # Publishers: their saves go live at once (an editor's would wait for review).
    user.groups.add(Group.objects.get(name=PUBLISHERS))
print(json.dumps(dict(Project.objects.values_list("seed_key", "pk"))))
"""
# A staff save held open: the record's row written, the transaction committed only when the test
# sends a line, as an admin save that is still running.
STAFF_SAVE_HELD_OPEN = """
from django.db import transaction
from programme.models import Project

with transaction.atomic():
    project = Project.objects.select_for_update().get(seed_key="ioc")
    project.title_en = "Binh Duong IOC, as staff renamed it"
    project.save()
    print("written", flush=True)
    input()
print("committed", flush=True)
"""


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    """gunicorn with two workers on a seeded database, two editors (lan and minh), and the
    projects' keys by seed key."""
    folder = tmp_path_factory.mktemp("concurrent_edits")
    with scratch_database(folder, "concurrent_edits") as database_url:
        env = make_run_environment(folder, database_url=database_url, workers=2)
        projects = json.loads(manage(env, "shell", "-v0", "-c", CREATE_STAFF))
        server = Server(env, folder / "gunicorn.log")
        try:
            server.wait_until_up()
            yield server, env, database_url, projects
        finally:
            server.stop()


def logged_in(server, name, language=None):
    browser = StaffBrowser(server.base_url, language)
    assert browser.log_in(name, PASSWORD) == (302, reverse("admin:index"))
    return browser


def change_url(pk):
    return reverse("admin:programme_project_change", args=[pk])


def open_form(browser, pk):
    """The project's change form as `browser` holds it."""
    status, _location, body = browser.open(change_url(pk))
    assert status == 200
    return form_in(body)


def form_in(body):
    return lxml.html.fromstring(body).get_element_by_id("project_form")


def save(browser, pk, form, **changes):
    form.fields.update(changes)
    return browser.open(change_url(pk), form.form_values())


def value(form, name):
    """A field's value as a browser shows it (without the newline that starts a textarea)."""
    return form.fields[name].removeprefix("\n")


def conflict(body):
    """The refusal: the form's note, who changed the record and when, and each change."""
    page = lxml.html.fromstring(body)
    block = page.xpath("//*[@data-testid='edit-conflict']")[0]
    rows = [
        tuple(cell.text_content().strip() for cell in row) for row in block.xpath(".//tbody/tr")
    ]
    who = " ".join(block.xpath(".//*[@data-testid='edit-conflict-who']")[0].text_content().split())
    notes = [item.text_content() for item in page.xpath("//ul[contains(@class, 'nonfield')]/li")]
    return notes, who, rows


def test_save_from_an_older_form_is_refused_showing_the_change_and_keeping_the_input(portal):
    server, _env, _database_url, projects = portal
    pk = projects["innovation-region"]
    lan, minh = logged_in(server, "lan"), logged_in(server, "minh")
    lans_form, minhs_form = open_form(lan, pk), open_form(minh, pk)
    old_title = value(lans_form, "title_vi")

    saved = save(lan, pk, lans_form, title_vi="Vùng đổi mới sáng tạo, tên do Lan đặt")
    refused = save(minh, pk, minhs_form, summary_vi="Tóm tắt do Minh viết lại.")

    notes, who, rows = conflict(refused[2])
    refused_form = form_in(refused[2])
    now = open_form(lan, pk)
    assert saved[:2] == (302, reverse("admin:programme_project_changelist"))
    assert refused[0] == 200
    assert notes == [
        "Người khác đã lưu bản ghi này sau khi bạn mở biểu mẫu, nên những thay đổi của bạn chưa "
        "được lưu. Những gì họ đã thay đổi được nêu bên dưới; nội dung bạn nhập vẫn còn trong "
        "biểu mẫu."
    ]
    assert re.fullmatch(r"Lần lưu gần nhất: lan, lúc .+\.", who), who
    assert rows == [("Tiêu đề [vi]", old_title, "Vùng đổi mới sáng tạo, tên do Lan đặt")]
    assert (value(refused_form, "summary_vi"), value(refused_form, "title_vi")) == (
        "Tóm tắt do Minh viết lại.",
        old_title,
    )
    assert value(now, "title_vi") == "Vùng đổi mới sáng tạo, tên do Lan đặt"
    assert value(now, "summary_vi") != "Tóm tắt do Minh viết lại."

    # Minh brings Lan's title into the form shown again and saves it deliberately.
    saved_again = save(minh, pk, refused_form, title_vi="Vùng đổi mới sáng tạo, tên do Lan đặt")

    now = open_form(lan, pk)
    assert saved_again[:2] == (302, reverse("admin:programme_project_changelist"))
    assert (value(now, "title_vi"), value(now, "summary_vi")) == (
        "Vùng đổi mới sáng tạo, tên do Lan đặt",
        "Tóm tắt do Minh viết lại.",
    )


def test_save_from_a_reopened_form_goes_through(portal):
    server, _env, _database_url, projects = portal
    pk = projects["smart-village"]
    lan, minh = logged_in(server, "lan"), logged_in(server, "minh")
    minhs_old_form = open_form(minh, pk)
    save(lan, pk, open_form(lan, pk), title_en="Smart village, renamed by Lan")
    assert save(minh, pk, minhs_old_form, summary_en="Minh's summary.")[0] == 200

    saved = save(minh, pk, open_form(minh, pk), summary_en="Minh's summary.")

    now = open_form(lan, pk)
    assert saved[:2] == (302, reverse("admin:programme_project_changelist"))
    assert (value(now, "title_en"), value(now, "summary_en")) == (
        "Smart village, renamed by Lan",
        "Minh's summary.",
    )


def test_refusal_speaks_english_in_the_english_admin(portal):
    server, _env, _database_url, projects = portal
    pk = projects["wtc-bdnc"]
    lan, minh = logged_in(server, "lan"), logged_in(server, "minh", language="en")
    lans_form, minhs_form = open_form(lan, pk), open_form(minh, pk)
    old_summary = value(lans_form, "summary_en")

    save(lan, pk, lans_form, summary_en="The WTC district, summed up by Lan.", status="planned")
    refused = save(minh, pk, minhs_form, title_en="WTC Binh Duong New City, by Minh")

    notes, who, rows = conflict(refused[2])
    assert notes == [
        "Someone else saved this record after you opened this form, so your changes have not "
        "been saved. What they changed is shown below; your input is still in the form."
    ]
    assert re.fullmatch(r"Last saved by lan at .+\.", who), who
    assert rows == [
        ("Summary [en]", old_summary, "The WTC district, summed up by Lan."),
        ("Status", "in progress", "planned"),
    ]
    assert value(form_in(refused[2]), "title_en") == "WTC Binh Duong New City, by Minh"


def test_save_from_an_older_form_keeps_another_persons_key_figure(portal):
    server, _env, _database_url, projects = portal
    pk = projects["wtc-expo"]
    lan, minh = logged_in(server, "lan"), logged_in(server, "minh")
    lans_form, minhs_form = open_form(lan, pk), open_form(minh, pk)
    label = value(lans_form, "key_figures-0-label_vi")

    save(lan, pk, lans_form, **{"key_figures-0-value": "23000"})
    refused = save(minh, pk, minhs_form, summary_vi="Tóm tắt do Minh viết.")

    _notes, _who, rows = conflict(refused[2])
    now = open_form(lan, pk)
    # Numbers as the Vietnamese admin writes them: "." groups thousands, "," marks decimals,
    # which a whole number has none of in the table (the form's box shows its two places).
    assert rows == [(f"Chỉ số: {label} · Giá trị", "22.000", "23.000")]
    assert (value(now, "key_figures-0-value"), value(now, "summary_vi")) == (
        "23.000,00",
        value(lans_form, "summary_vi"),
    )


def locks_awaited(database_url):
    with psycopg.connect(database_url, autocommit=True) as connection:
        return connection.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        ).fetchone()[0]


def test_seed_keeps_a_staff_edit_committed_while_it_runs(portal, tmp_path):
    server, env, database_url, projects = portal
    seeds = tmp_path / "seeds"
    shutil.copytree(SEED_DIR, seeds)
    projects_file = seeds / "projects.toml"
    text = projects_file.read_text(encoding="utf-8")
    old_summary = 'summary.en = "The core of the programme, where'
    projects_file.write_text(
        text.replace(old_summary, 'summary.en = "Revised by the seed: the core of the programme')
    )
    lan = logged_in(server, "lan")
    summary_before = value(open_form(lan, projects["ioc"]), "summary_en")
    command = [BIN / "python", "manage.py"]
    staff = subprocess.Popen(
        [*command, "shell", "-v0", "-c", STAFF_SAVE_HELD_OPEN],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert staff.stdout.readline() == "written\n"
    seed = subprocess.Popen(
        [*command, "seed", "--seed-dir", str(seeds)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    if database_url.startswith("postgres"):
        # Commit only once the seed waits for the staff save's row. (On SQLite the staff save
        # holds the database's write lock, which every write of the seed waits for.)
        while not locks_awaited(database_url):
            assert seed.poll() is None, seed.stdout.read()
            time.sleep(0.05)
    staff.stdin.write("\n")
    staff.stdin.close()
    assert staff.stdout.read() == "committed\n"
    seed_output = seed.communicate(timeout=120)[0].splitlines()

    now = open_form(lan, projects["ioc"])
    assert (value(now, "title_en"), value(now, "summary_en")) == (
        "Binh Duong IOC, as staff renamed it",
        summary_before,
    )
    assert "Kept (edited by staff since seeded): projects.toml [ioc]" in seed_output
    assert [line for line in seed_output if line.startswith(("Created", "Updated"))] == []
    assert staff.wait() == seed.returncode == 0
