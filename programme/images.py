"""Images staff upload, in the sizes each place shows them, made on the server by django-imagekit
(WebP, with JPEG for browsers without it) the first time a page asks for them and kept in the
media storage (CACHE/images/); and the share image (og:image, 1200 x 630) of every page: the
record's own image cropped to that size, or one drawn with Pillow from the page's title in the
site's design, kept in the cache.

django-imagekit rather than sorl-thumbnail: its specs are declared once in code, and it learns
whether a size exists from the storage and the cache, never from the database (sorl-thumbnail
keeps its key-value store in a table), so that a page's queries stay the same with images."""

import hashlib
import io
import textwrap
from functools import cache
from pathlib import Path

from django.conf import settings
from imagekit import ImageSpec, register
from imagekit.cachefiles import ImageCacheFile
from imagekit.processors import ResizeToFill, ResizeToFit
from PIL import Image, ImageDraw, ImageFont

# The widths an image is made in, for srcset; a browser picks one by the size it shows.
WIDTHS = (400, 800, 1200)
SHARE_SIZE = (1200, 630)
FORMATS = {"webp": "WEBP", "jpeg": "JPEG"}


def spec_class(width, image_format):
    return type(
        f"Width{width}{image_format}",
        (ImageSpec,),
        {
            "processors": [ResizeToFit(width=width, upscale=False)],
            "format": image_format,
            "options": {"quality": 82},
        },
    )


@cache
def spec(width, name):
    """The spec of one width and format (an image narrower than every width is made in its own),
    registered: imagekit makes the files of registered specs only."""
    made_spec = spec_class(width, FORMATS[name])
    register.generator(f"programme:width-{width}-{name}", made_spec)
    return made_spec


class ShareSpec(ImageSpec):
    processors = [ResizeToFill(*SHARE_SIZE)]
    format = "JPEG"
    options = {"quality": 85}


register.generator("programme:share", ShareSpec)


def made(spec):
    """The address of the image `spec` makes, made now unless the storage has it."""
    return ImageCacheFile(spec).url


def responsive(image, width, height):
    """The sizes of an uploaded image for a <picture>: srcset strings of WebP and of JPEG, the
    JPEG for browsers that read no srcset, and the width and height of the largest size."""
    widths = [w for w in WIDTHS if w < width] + [min(width, WIDTHS[-1])]
    widths = sorted(set(widths))
    sources = {name: [] for name in FORMATS}
    for w in widths:
        for name in FORMATS:
            sources[name].append(f"{made(spec(w, name)(source=image))} {w}w")
    largest = widths[-1]
    return {
        "webp": ", ".join(sources["webp"]),
        "jpeg": ", ".join(sources["jpeg"]),
        "src": sources["jpeg"][-1].rsplit(" ", 1)[0],
        "width": largest,
        "height": round(height * largest / width),
    }


def share_image_of(image):
    """The address of `image` cropped to the share size."""
    return made(ShareSpec(source=image))


# The share image drawn from a title: the site's colours (static/css/site.css) and its typeface.
FONTS = Path(settings.BASE_DIR) / "programme" / "fonts"
NAVY, TEAL, GOLD, WHITE, MIST = "#0b3c5d", "#0f7c8c", "#f2b33d", "#ffffff", "#cfe3ee"


@cache
def font(size, bold=True):
    name = "BeVietnamPro-Bold.ttf" if bold else "BeVietnamPro-Regular.ttf"
    return ImageFont.truetype(str(FONTS / name), size)


def share_key(title, kicker, site_name):
    """What a drawn share image depends on, as a short digest for its address and the cache."""
    text = "\n".join((title, kicker, site_name, "design-1"))
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def draw_share_image(title, kicker, site_name):
    """A 1200 x 630 PNG: the wordmark's emblem and the site's name, the kind of page (`kicker`)
    and its title, on the site's navy."""
    width, height = SHARE_SIZE
    image = Image.new("RGB", SHARE_SIZE, NAVY)
    draw = ImageDraw.Draw(image)
    # A band of the programme's teal and a gold rule, as the site's header has.
    draw.rectangle((0, height - 28, width, height), fill=TEAL)
    draw.rectangle((0, height - 34, width, height - 28), fill=GOLD)
    # The emblem: a gold roof over three rising bars, as static/img/wordmark.svg draws it.
    x, y = 80, 70
    draw.rounded_rectangle((x, y, x + 72, y + 72), radius=14, fill=WHITE)
    draw.polygon([(x + 12, y + 32), (x + 36, y + 14), (x + 60, y + 32)], fill=GOLD)
    for i, bar in enumerate((16, 24, 32)):
        left = x + 16 + i * 15
        draw.rectangle((left, y + 60 - bar, left + 10, y + 60), fill=NAVY)
    draw.text((x + 96, y + 8), site_name, font=font(34), fill=WHITE)
    draw.text((x + 96, y + 50), kicker.upper(), font=font(24, bold=False), fill=MIST)
    size, lines = 64, []
    for size in (64, 56, 48, 42):
        lines = textwrap.wrap(title, width=int(1900 / size))
        if len(lines) <= 4:
            break
    lines = lines[:4]
    top = 210 + (4 - len(lines)) * size * 0.6
    for number, line in enumerate(lines):
        draw.text((80, top + number * size * 1.25), line, font=font(size), fill=WHITE)
    output = io.BytesIO()
    image.save(output, "PNG", optimize=True)
    return output.getvalue()
