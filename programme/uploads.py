"""Where uploaded images are stored: under a random name, so that the address of a draft's image
cannot be guessed, with the extension of the format the content has, whatever the uploaded name
said (a JPEG sent as "x.pdf" is stored and served as .jpg)."""

import posixpath
import uuid

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


def project_image_name(project, filename):
    """upload_to of Project.image: projects/<32 random hex digits>.<format's extension>."""
    extension = EXTENSIONS.get(image_format(project.image.file))
    if extension is None:  # Saved without the form's checks: keep what the name says.
        extension = posixpath.splitext(filename)[1].lower()
    return f"projects/{uuid.uuid4().hex}{extension}"
