"""Checks on uploaded images, by their content: Django's ImageField already refuses a file that
Pillow cannot read; these keep the size, the dimensions and the format within what the site shows.
An image stored earlier is not checked again, so that a lower limit never blocks editing."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models.fields.files import FieldFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image

# Pillow's names for the formats browsers show and the site accepts.
IMAGE_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}


def new_upload(value):
    """The file just uploaded for a file field, or None when the value is the stored file."""
    if isinstance(value, FieldFile):
        # Django's own marker (see FileField.pre_save): False until the upload is saved.
        return None if value._committed else value.file
    return value


def validate_image_size(value):
    upload = new_upload(value)
    if upload is not None and upload.size > settings.IMAGE_UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("This image is %(size)s; an image may be at most %(limit)s."),
            code="image_too_large",
            params={
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(settings.IMAGE_UPLOAD_MAX_BYTES),
            },
        )


def read_image(upload):
    """Pillow's format name and (width, height) of an upload, reading only its header."""
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            return image.format, image.size
    except (OSError, Image.DecompressionBombError):
        raise ValidationError(
            _("This file is not an image that the site can show."), code="invalid_image"
        ) from None
    finally:
        upload.seek(0)


def validate_image_format(value):
    upload = new_upload(value)
    if upload is None:
        return
    image_format, _size = read_image(upload)
    if image_format not in IMAGE_FORMATS:
        raise ValidationError(
            _("This image is in %(format)s format; upload a JPEG, PNG or WebP image."),
            code="image_format",
            params={"format": image_format},
        )


def validate_image_dimensions(value):
    upload = new_upload(value)
    if upload is None:
        return
    _format, (width, height) = read_image(upload)
    limit = settings.IMAGE_UPLOAD_MAX_SIDE
    if width > limit or height > limit:
        raise ValidationError(
            _(
                "This image is %(width)d×%(height)d pixels; an image may be at most "
                "%(limit)d pixels wide and %(limit)d pixels high."
            ),
            code="image_dimensions",
            params={"width": width, "height": height, "limit": limit},
        )


IMAGE_VALIDATORS = [validate_image_size, validate_image_format, validate_image_dimensions]
