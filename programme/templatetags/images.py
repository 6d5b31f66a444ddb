"""Template helpers for images: an uploaded image as a responsive <picture>, a record's
illustration when it has none, and the share image (og:image) of every page."""

from django import template

from programme import images
from programme.site_views import share_image_address

register = template.Library()


@register.inclusion_tag("includes/picture.html")
def picture(record, sizes="100vw", lazy=True, css_class=""):
    """`record`'s image in the sizes made for it (WebP, JPEG for older browsers), its width and
    height set; loaded when near the screen (`lazy`), or at once for an image in the first
    screen. Nothing when the record has no image."""
    if not record.image or not record.image_width:
        return {"image": None}
    return {
        "image": images.responsive(record.image, record.image_width, record.image_height),
        "alt": record.image_alt,
        "lang": record.fallback["image_alt"],
        "sizes": sizes,
        "lazy": lazy,
        "class": css_class,
    }


@register.simple_tag(takes_context=True)
def share_image(context, image=None):
    """The address of the page's share image: the record's own image cropped to 1200 x 630, or
    one drawn from the page's title (programme/site_views.py)."""
    if image:
        return images.share_image_of(image)
    record = context.get("record")
    if (
        record is not None
        and record.pk
        and type(record)._meta.model_name
        in (
            "project",
            "award",
            "partner",
            "source",
            "page",
        )
    ):
        return share_image_address(type(record)._meta.model_name, record)
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    return share_image_address(match.url_name if match else "home")
