"""Backups of the whole portal and their restore: `manage.py backup` and `manage.py restore`.

A backup holds the whole database, whatever tables it has (content and its old addresses,
versions, staff accounts, groups and permissions, sessions), and every file of the media storage.
django-dbbackup does the copying: the database with SQLite's backup API (a consistent copy while
the site runs) or PostgreSQL's pg_dump (restored with pg_restore), the media files into a tar
archive. Each backup is a folder of BACKUP_DIR named by its time, 2026-11-30-101500:

    database.sqlite3 or database.psql.bin, and its .metadata   the database
    media.tar                                                   every media file
    manifest.json                                               the checksums

The manifest names the format and the database's engine, and gives the SHA-256 of each of those
files and of every media file in the archive, and the files that the database referred to but
the media storage lacked at the time. It is written last: a folder without it is no backup.

A restore goes into an empty database (no tables: a new one) and an empty media storage, and
refuses anything else, so that it never overwrites what is there. It checks the database file
against the manifest before restoring it, and after restoring the media files checks each one
against its checksum: a file missing or different is named, and the restore fails.
"""

import json
import shutil
import tarfile

from dbbackup.db.base import get_connector
from dbbackup.db.exceptions import CommandConnectorError
from django.apps import apps
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import DatabaseError, connection
from django.utils import timezone

from .cache import purge_pages
from .media import missing_files, referenced_files, sha256_of, stored_checksum, stored_files

FORMAT = "binhduong-portal-backup"
VERSION = 1
MANIFEST = "manifest.json"
MEDIA_ARCHIVE = "media.tar"


class BackupError(Exception):
    """The backup or restore cannot be done; the message says why, for the operator."""


def library_verbosity(verbosity):
    """django-dbbackup's commands tell each step; ours sum them up, and let them tell from -v 2."""
    return max(verbosity - 1, 0)


def checksum(path):
    with open(path, "rb") as stream:
        return sha256_of(stream)


def archived_checksums(archive):
    """{name: SHA-256} of every file in a media archive."""
    with tarfile.open(archive) as tar:
        return {
            member.name: sha256_of(tar.extractfile(member)) for member in tar if member.isfile()
        }


def make_backup(*, verbosity=1):
    """Back up the database and the media files into a new folder of BACKUP_DIR; return the
    folder and its manifest."""
    name = timezone.localtime().strftime("%Y-%m-%d-%H%M%S")
    folder = settings.BACKUP_DIR / name
    try:
        # Its owner's alone: the database holds staff's password hashes and sessions.
        folder.mkdir(mode=0o700, parents=True)
    except FileExistsError:
        raise BackupError(f"{folder} already exists: try again in a second.") from None
    try:
        manifest = write_backup(folder, verbosity=verbosity)
    except BaseException:
        shutil.rmtree(folder)  # Half a backup restores nothing: none is left to mislead.
        raise
    return folder, manifest


def write_backup(folder, *, verbosity):
    database = f"database.{get_connector().extension}"
    # The database first: every file it refers to is then in the archive, unless removed since.
    try:
        call_command(
            "dbbackup",
            output_path=str(folder / database),
            interactive=False,
            verbosity=library_verbosity(verbosity),
        )
    except CommandConnectorError as error:
        raise BackupError(f"The database could not be copied: {error}") from None
    if default_storage.exists(""):
        call_command(
            "mediabackup",
            output_path=str(folder / MEDIA_ARCHIVE),
            interactive=False,
            verbosity=library_verbosity(verbosity),
        )
    else:  # No upload yet, so no media folder, which mediabackup needs.
        tarfile.open(folder / MEDIA_ARCHIVE, "w").close()
    files = [database, f"{database}.metadata", MEDIA_ARCHIVE]
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "created_at": timezone.now().isoformat(),
        "engine": connection.settings_dict["ENGINE"],
        "database": database,
        "files": {name: checksum(folder / name) for name in files},
        "media": archived_checksums(folder / MEDIA_ARCHIVE),
        "missing_media": missing_files(referenced_files(apps.get_models())),
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
    # Each file its owner's alone too, wherever the folder is copied: they hold staff's password
    # hashes, second-factor seeds and live sessions.
    for path in folder.iterdir():
        path.chmod(0o600)
    return manifest


def read_manifest(folder):
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except FileNotFoundError:
        raise BackupError(f"{folder} has no {MANIFEST}: it is not a complete backup.") from None
    except (OSError, ValueError) as error:
        raise BackupError(f"{folder / MANIFEST} cannot be read: {error}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{folder} is not a backup of this portal (format '{FORMAT}').")
    if manifest.get("version") != VERSION:
        raise BackupError(
            f"{folder} is in version {manifest.get('version')!r} of the backup format; "
            f"this portal reads version {VERSION}."
        )
    return manifest


def damaged(folder, manifest, names):
    """Those of the backup's files `names` that are missing or differ from the manifest."""
    return [
        name
        for name in names
        if not (folder / name).is_file() or checksum(folder / name) != manifest["files"][name]
    ]


def check_target_is_empty(folder, manifest):
    engine = connection.settings_dict["ENGINE"]
    if manifest["engine"] != engine:
        raise BackupError(
            f"{folder} is a backup of a {manifest['engine']} database, and this portal's "
            f"database is {engine}: a backup restores into the same kind of database only "
            "(export_content and import_content move content between the two)."
        )
    try:
        tables = connection.introspection.table_names()
    except DatabaseError as error:
        raise BackupError(
            f"The database cannot be reached ({str(error).strip()}): create it first, empty."
        ) from None
    connection.close()  # The restore may replace the database's file (SQLite).
    if tables:
        raise BackupError(
            f"The database {connection.settings_dict['NAME']} already has {len(tables)} tables: "
            "a backup restores into an empty database only, so that nothing in it is lost. "
            "Create a new one, or move this one away first."
        )
    if stored_files():
        raise BackupError(
            f"The media storage ({settings.MEDIA_ROOT}) already has files: a backup restores "
            "into an empty one only. Point DJANGO_MEDIA_ROOT at an empty folder, or move these "
            "files away first."
        )


def restore_backup(*, folder, verbosity=1):
    """Restore the backup in `folder` into the empty database and media storage, then check
    every media file against the manifest. Return the manifest and what is wrong with the media
    files restored, one sentence each; raise BackupError when nothing was restored."""
    manifest = read_manifest(folder)
    check_target_is_empty(folder, manifest)
    database = manifest["database"]
    bad = damaged(folder, manifest, [database, f"{database}.metadata"])
    if bad:
        raise BackupError(
            f"{', '.join(bad)} in {folder} is missing or differs from its checksum in the "
            "manifest: the backup was damaged after it was made. Restore another backup."
        )
    try:
        call_command(
            "dbrestore",
            input_path=str(folder / database),
            interactive=False,
            verbosity=library_verbosity(verbosity),
        )
    except CommandConnectorError as error:
        raise BackupError(f"The database could not be restored: {error}") from None

    problems = []
    if damaged(folder, manifest, [MEDIA_ARCHIVE]):
        problems.append(f"{MEDIA_ARCHIVE} differs from its checksum in the manifest")
    try:
        call_command(
            "mediarestore",
            input_path=str(folder / MEDIA_ARCHIVE),
            interactive=False,
            verbosity=library_verbosity(verbosity),
        )
    except (tarfile.TarError, EOFError, OSError) as error:
        problems.append(f"{MEDIA_ARCHIVE} cannot be read ({error})")
    for name, expected in sorted(manifest["media"].items()):
        found = stored_checksum(name)
        if found is None:
            problems.append(f"{name} is missing")
        elif found != expected:
            problems.append(f"{name} differs from the file backed up")
    # Pages cached from a database of the same name before it was made again are of the past.
    purge_pages()
    return manifest, problems
