"""The backup drill: `manage.py backup` on a database with content, an uploaded image, staff
accounts in their groups, old addresses and (with django-reversion) versions; `manage.py restore`
into an empty database and media folder gives back every row of every table and every file.

The commands run in processes of their own against temporary databases of the kind the tests
run on (the tests' own database lives in memory on SQLite, where no backup can reach it): SQLite
files, or PostgreSQL databases named after the configured one (portal_backup_source for portal),
dropped at the end."""

import hashlib
import io
import json
import os
import secrets
import shutil
import stat
import subprocess
import sys
import tarfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import dj_database_url
import pytest
from django.conf import settings

from tests.portal_server import WORKER

# One xdist worker runs the whole module: its backup and databases are made once for it.
pytestmark = [pytest.mark.xdist_group("test_backups"), pytest.mark.slow]

ROOT = Path(settings.BASE_DIR)
PYTHON = Path(sys.executable)
IMAGE = "projects/ảnh_dự_án.png"
LOST_IMAGE = "projects/đã mất.jpg"

MAKE_CONTENT = f"""
import io
from django.apps import apps
from django.contrib.auth.models import Group, User
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from PIL import Image
from programme.models import Project
from programme.roles import EDITORS, PUBLISHERS

call_command("loaddata", "one_of_every_kind", verbosity=0)
editor = User.objects.create_user("bien-tap", password="mật khẩu của biên tập", is_staff=True)
editor.groups.add(Group.objects.get(name=EDITORS))
publisher = User.objects.create_user("xuat-ban", password="mật khẩu của xuất bản", is_staff=True)
publisher.groups.add(Group.objects.get(name=PUBLISHERS))
png = io.BytesIO()
Image.new("RGB", (8, 6), "#1a7f5a").save(png, "PNG")
project = Project.objects.get()
# Stored under a name of its own (uploads get random ones), to check names in Vietnamese.
project.image = default_storage.save("{IMAGE}", ContentFile(png.getvalue()))
project.image_alt_vi = "Ảnh dự án"
project.slug = "dia-chi-moi"
project.save()
if apps.is_installed("reversion"):
    import reversion
    if reversion.is_registered(Project):
        with reversion.create_revision():
            reversion.set_user(editor)
            reversion.add_to_revision(project)
Project.objects.create(
    title_vi="Dự án mất ảnh",
    summary_vi="Ảnh của dự án này đã mất trước khi sao lưu.",
    status="planned",
    image="{LOST_IMAGE}",
    image_width=1,
    image_height=1,
    image_alt_vi="Ảnh",
)
default_storage.save("tai-lieu/ghi chú.txt", ContentFile("Không bản ghi nào nhắc tới.".encode()))
"""

# Every row of every model's table (many-to-many tables and the migration records included),
# read with Django's own QuerySet, which modeltranslation does not rewrite, and the names of
# every table of the database.
SNAPSHOT = """
import json
from django.apps import apps
from django.db import connection, models
from django.db.migrations.recorder import MigrationRecorder

def rows(model):
    columns = [field.attname for field in model._meta.concrete_fields]
    return [list(row) for row in models.QuerySet(model).order_by("pk").values_list(*columns)]

everything = [*apps.get_models(include_auto_created=True), MigrationRecorder.Migration]
tables = {model._meta.db_table: rows(model) for model in everything}
names = sorted(connection.introspection.table_names())
print(json.dumps({"tables": names, "rows": tables}, default=str))
"""
TABLES = "from django.db import connection; print(connection.introspection.table_names())"
NEW_SOURCE = """
from programme.models import Source
print(Source.objects.create(outlet="BDO", headline_vi="Bài mới sau khi khôi phục").pk)
"""


def manage(env, *args):
    return subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


def shell(env, code):
    done = manage(env, "shell", "-v0", "-c", code)
    assert done.returncode == 0, done.stderr
    return done.stdout


def snapshot(env):
    return json.loads(shell(env, SNAPSHOT))


def checksums(folder):
    """{name: SHA-256} of every file under `folder`."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def portal_env(database_url, place):
    """The environment of a portal with its database at `database_url`, and its media, backups
    and cache in `place`."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("DJANGO_") and name not in ("DATABASE_URL", "REDIS_URL")
    }
    env.update(
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_LOG_LEVEL="WARNING",
        DATABASE_URL=database_url,
        DJANGO_MEDIA_ROOT=str(place / "media"),
        DJANGO_BACKUP_DIR=str(place / "backups"),
        DJANGO_CACHE_DIR=str(place / "cache"),
    )
    return env


def configured_postgres():
    url = os.environ.get("DATABASE_URL", "")
    return urlsplit(url) if url.startswith(("postgres://", "postgresql://")) else None


def postgres(server, command, *args):
    """createdb or dropdb (PostgreSQL's client tools, as pg_dump and pg_restore are) on the
    configured server."""
    subprocess.run(
        [command, "-h", server.hostname or "localhost", "-p", str(server.port or 5432)]
        + ["-U", server.username or "postgres", *args],
        env={**os.environ, "PGPASSWORD": server.password or ""},
        check=True,
        capture_output=True,
    )


@pytest.fixture(scope="module")
def new_database(tmp_path_factory):
    """new_database(name): the URL of a new, empty database of the kind the tests run on."""
    server = configured_postgres()
    made = []

    def new(name):
        if server is None:
            return f"sqlite:///{tmp_path_factory.mktemp('databases') / name}.sqlite3"
        database = f"{server.path.strip('/')}_backup_{name}{WORKER}"
        postgres(server, "dropdb", "--if-exists", database)  # Left by an interrupted run.
        postgres(server, "createdb", database)
        made.append(database)
        return urlunsplit(server._replace(path=f"/{database}"))

    yield new
    for database in made:
        postgres(server, "dropdb", "--if-exists", database)


@dataclass
class Backup:
    env: dict  # the backed-up portal's
    made: subprocess.CompletedProcess  # `manage.py backup`
    folder: Path
    snapshot: dict
    media: dict


@pytest.fixture(scope="module")
def backup(new_database, tmp_path_factory):
    place = tmp_path_factory.mktemp("source")
    env = portal_env(new_database("source"), place)
    assert manage(env, "migrate", "--noinput", "-v0").returncode == 0
    shell(env, MAKE_CONTENT)
    made = manage(env, "backup")
    assert made.returncode == 0, made.stderr
    (folder,) = (place / "backups").iterdir()
    return Backup(env, made, folder, snapshot(env), checksums(place / "media"))


def copy_of(backup, place):
    shutil.copytree(backup.folder, place / "backup")
    return place / "backup", json.loads((place / "backup" / "manifest.json").read_text())


def test_backup_says_where_it_is_and_names_the_media_files_already_missing(backup):
    assert (backup.made.stdout, backup.made.stderr) == (
        f"Backed up the database and 2 media files to {backup.folder}\n",
        "Missing from the media storage, though the database refers to them (1): "
        f"{LOST_IMAGE}. The backup lacks them too: upload them again in admin.\n",
    )


def test_backup_files_are_their_owners_alone(backup):
    """They hold password hashes, second-factor seeds and live sessions."""
    modes = {path.name: stat.S_IMODE(path.stat().st_mode) for path in backup.folder.iterdir()}

    assert stat.S_IMODE(backup.folder.stat().st_mode) == 0o700
    assert len(modes) == 4
    assert set(modes.values()) == {0o600}


def test_restore_gives_back_every_row_account_version_and_file(backup, new_database, tmp_path):
    env = portal_env(new_database("restored"), tmp_path)

    restored = manage(env, "restore", str(backup.folder))

    assert (restored.returncode, restored.stdout, restored.stderr) == (
        0,
        f"Restored the database and 2 media files from {backup.folder}; "
        "every media file matches its checksum.\n",
        f"Already missing when the backup was made (1): {LOST_IMAGE}.\n",
    )
    rows = backup.snapshot["rows"]
    counted = ("auth_user", "auth_user_groups", "programme_oldslug")
    assert [len(rows[table]) for table in counted] == [2, 2, 1]
    assert list(backup.media) == [IMAGE, "tai-lieu/ghi chú.txt"]
    assert snapshot(env) == backup.snapshot
    assert checksums(tmp_path / "media") == backup.media
    # The ids go on where they were: a new record does not collide with a restored one.
    next_id = max(row[0] for row in rows["programme_source"]) + 1
    assert shell(env, NEW_SOURCE) == f"{next_id}\n"


def test_restore_names_a_media_file_damaged_after_the_backup_and_fails(
    backup, new_database, tmp_path
):
    folder, _manifest = copy_of(backup, tmp_path)
    archive = folder / "media.tar"
    archived = io.BytesIO(archive.read_bytes())
    with tarfile.open(fileobj=archived) as old, tarfile.open(archive, "w") as new:
        for member in old:
            data = old.extractfile(member).read()
            if member.name == IMAGE:
                data = data[:-1] + bytes([data[-1] ^ 1])  # One bit changed.
            new.addfile(member, io.BytesIO(data))
    env = portal_env(new_database("damaged_media"), tmp_path)

    restored = manage(env, "restore", str(folder))

    assert (restored.returncode, restored.stderr) == (
        1,
        f"Already missing when the backup was made (1): {LOST_IMAGE}.\n"
        "CommandError: The database was restored, but not every media file: media.tar differs "
        f"from its checksum in the manifest; {IMAGE} differs from the file backed up. Restore "
        "those from another backup, or upload them again in admin.\n",
    )
    assert snapshot(env) == backup.snapshot


def test_restore_refuses_a_damaged_database_file_and_restores_nothing(
    backup, new_database, tmp_path
):
    folder, manifest = copy_of(backup, tmp_path)
    database = folder / manifest["database"]
    with database.open("r+b") as stream:
        stream.seek(100)
        stream.write(b"\0damaged\0")
    env = portal_env(new_database("damaged_database"), tmp_path)

    refused = manage(env, "restore", str(folder))

    assert (refused.returncode, refused.stderr) == (
        1,
        f"CommandError: Nothing was restored. {manifest['database']} in {folder} is missing or "
        "differs from its checksum in the manifest: the backup was damaged after it was made. "
        "Restore another backup.\n",
    )
    assert (shell(env, TABLES), (tmp_path / "media").exists()) == ("[]\n", False)


def test_restore_refuses_a_database_that_has_tables_and_changes_nothing(backup):
    refused = manage(backup.env, "restore", str(backup.folder))

    name = dj_database_url.parse(backup.env["DATABASE_URL"])["NAME"]
    tables = len(backup.snapshot["tables"])
    assert (refused.returncode, refused.stderr) == (
        1,
        f"CommandError: Nothing was restored. The database {name} already has {tables} tables: "
        "a backup restores into an empty database only, so that nothing in it is lost. Create "
        "a new one, or move this one away first.\n",
    )
    assert snapshot(backup.env) == backup.snapshot


def test_backup_folder_is_its_owners_alone(backup):
    assert backup.folder.stat().st_mode & 0o777 == 0o700
