"""The uploaded files (project images) in the media storage, MEDIA_ROOT unless
DJANGO_MEDIA_STORAGE names another: which the database refers to, which are there, and their
checksums, for exports, imports, backups and restores."""

import hashlib
import posixpath

from django.core.files.storage import default_storage
from django.db import models


def referenced_files(record_models):
    """Names of the files that the records of `record_models` refer to, in their file and image
    fields."""
    names = set()
    for model in record_models:
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                stored = model._base_manager.exclude(**{field.attname: ""})
                names.update(stored.values_list(field.attname, flat=True))
    names.discard(None)
    return names


def missing_files(names):
    """Those of `names` that are not in the media storage, in order."""
    return sorted(name for name in names if not default_storage.exists(name))


def stored_files(folder=""):
    """Names of every file in the media storage, in order."""
    if folder == "" and not default_storage.exists(""):
        return []  # No upload yet: the folder is made with the first one.
    folders, files = default_storage.listdir(folder)
    names = [posixpath.join(folder, name) for name in files]
    for name in folders:
        names += stored_files(posixpath.join(folder, name))
    return sorted(names)


def sha256_of(stream):
    digest = hashlib.sha256()
    for chunk in iter(lambda: stream.read(1024 * 1024), b""):
        digest.update(chunk)
    return digest.hexdigest()


def stored_checksum(name):
    """The SHA-256 of a file in the media storage, or None when it is not there."""
    if not default_storage.exists(name):
        return None
    with default_storage.open(name, "rb") as stream:
        return sha256_of(stream)
