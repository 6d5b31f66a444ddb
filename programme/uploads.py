"""Uploaded images are stored under a random name, so that the address of a draft's image cannot
be guessed, with the extension of the format their content has, whatever the uploaded name said
(a JPEG sent as "x.pdf" is stored and served as .jpg)."""

import posixpath
import uuid

from django.db import models
from django.db.models.fields.files import ImageFieldFile
from PIL import Image, UnidentifiedImageError

# The extension of each format the site accepts (programme/validators.py checks them).
EXTENSIONS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}


def image_format(file):
    """Pillow's name for the format of `file`'s content, reading its header only; None when
    Pillow cannot read it."""
    file.seek(0)
    try:
        with Image.open(file) as image:
            return image.format
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError):
        return None
    finally:
        file.seek(0)


def random_name(name, content):
    """32 random hex digits and the extension of `content`'s format (of `name` when Pillow
    cannot tell, for a save that skipped the form's checks)."""
    extension = EXTENSIONS.get(image_format(content)) or posixpath.splitext(name)[1].lower()
    return f"{uuid.uuid4().hex}{extension}"


class RandomlyNamedImageFieldFile(ImageFieldFile):
    def save(self, name, content, save=True):
        super().save(random_name(name, content), content, save)


class RandomlyNamedImageField(models.ImageField):
    """An ImageField whose files are stored under random_name(): the name is chosen where the
    content is at hand, whether the admin's form or code saves the file."""

    attr_class = RandomlyNamedImageFieldFile
