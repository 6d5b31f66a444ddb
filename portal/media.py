"""The uploaded files (project images) in the media storage, MEDIA_ROOT unless
DJANGO_MEDIA_STORAGE names another: which the database refers to, which are there, and their
checksums, for exports, imports, backups and restores."""

import hashlib
import posixpath

from django.apps import apps
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import models
from PIL import Image, UnidentifiedImageError

# The image formats a browser is given to show; any other file is sent as an attachment.
IMAGE_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}


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


def is_referenced(name):
    """Whether a record of any kind refers to the file `name` of the media storage in one of its
    file fields (drafts too: their images are under random names), or `name` is one of the sizes
    django-imagekit made of such a file (under IMAGEKIT_CACHEFILE_DIR, in a folder named for its
    source, as its default namer does). A name no file field can hold (NUL, which PostgreSQL
    refuses in text) is no record's."""
    if "\x00" in name:
        return False
    sources = [name]
    made_in = settings.IMAGEKIT_CACHEFILE_DIR.strip("/") + "/"
    if name.startswith(made_in):
        folder = posixpath.dirname(name[len(made_in) :])
        sources = [f"{folder}{extension}" for extension in (".jpg", ".jpeg", ".png", ".webp")]
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if not (isinstance(field, models.FileField) and field.storage is default_storage):
                continue
            if model._base_manager.filter(**{f"{field.attname}__in": sources}).exists():
                return True
    return False


def served_type(stream):
    """(content type, whether a browser may show it) of a file, by its content: the images that
    Pillow reads as one of IMAGE_TYPES, PDF by its signature; anything else is bytes to save."""
    try:
        with Image.open(stream) as image:
            image_type = IMAGE_TYPES.get(image.format)
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError, ValueError):
        image_type = None
    stream.seek(0)
    if image_type:
        return image_type, True
    if stream.read(5) == b"%PDF-":
        stream.seek(0)
        return "application/pdf", False
    stream.seek(0)
    return "application/octet-stream", False
