"""The files every page refers to besides its content: the share image drawn from a page's title
(og:image), the web app manifest, and the print stylesheet's address of the site (so that printed
pages write links out in full)."""

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse, JsonResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language, gettext_lazy, override
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from .images import draw_share_image, share_key
from .models import Award, Page, Partner, Project, Source

# The pages without a record of their own, by URL name: their title on the share image.
SECTIONS = {
    "home": gettext_lazy("Binh Duong Smart City Programme"),
    "project-list": gettext_lazy("Projects"),
    "award-list": gettext_lazy("Awards"),
    "partner-list": gettext_lazy("Partners"),
    "timeline": gettext_lazy("Timeline"),
    "source-list": gettext_lazy("Sources"),
    "search": gettext_lazy("Search"),
}
RECORDS = {"project": Project, "award": Award, "partner": Partner, "source": Source, "page": Page}
SHARE_IMAGE_SECONDS = 30 * 24 * 60 * 60


def share_text(kind, record=None):
    """(title, kicker, site name) of the share image of a record, or of a section (`kind` is then
    its URL name), in the active language."""
    site_name = _("Binh Duong Smart City")
    if record is None:
        return str(SECTIONS.get(kind, SECTIONS["home"])), _("Smart City Programme"), site_name
    title = getattr(record, record.naming_field)
    return title, str(record._meta.verbose_name), site_name


def share_image_address(kind, record=None):
    """The address of the drawn share image, with a digest of what it shows, so that browsers and
    sites that show previews may keep it for good."""
    language = (get_language() or settings.LANGUAGE_CODE)[:2]
    key = share_key(*share_text(kind, record))
    name = f"{record.pk}-{key}" if record is not None else f"{kind}-{key}"
    return reverse(
        "share-image",
        kwargs={"language": language, "kind": "section" if record is None else kind, "name": name},
    )


@require_safe
def share_image(request, language, kind, name):
    if language not in dict(settings.LANGUAGES):
        raise Http404
    with override(language):
        if kind == "section":
            section, _dash, key = name.rpartition("-")
            if section not in SECTIONS:
                raise Http404
            text = share_text(section)
        elif kind in RECORDS:
            pk, _dash, key = name.partition("-")
            if not pk.isdigit():
                raise Http404
            record = RECORDS[kind].objects.published().filter(pk=int(pk)).first()
            if record is None:
                raise Http404
            text = share_text(kind, record)
        else:
            raise Http404
    current = share_key(*text)
    cache_key = f"share-image.{language}.{current}"
    png = cache.get(cache_key)
    if png is None:
        png = draw_share_image(*text)
        cache.set(cache_key, png, SHARE_IMAGE_SECONDS)
    response = HttpResponse(png, content_type="image/png")
    if key == current:
        patch_cache_control(response, public=True, max_age=SHARE_IMAGE_SECONDS, immutable=True)
    else:  # The title changed since the page was made: the image of the title as it is now.
        patch_cache_control(response, public=True, max_age=300)
    return response


@require_safe
def manifest(request):
    """The web app manifest, in the page's language."""
    data = {
        "name": _("Binh Duong Smart City"),
        "short_name": _("Smart Binh Duong"),
        "lang": request.LANGUAGE_CODE,
        "start_url": reverse("home"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0b3c5d",
        "icons": [
            {"src": static("img/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("img/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("img/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
            {"src": static("img/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
        ],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response


@require_safe
def print_origin(request):
    """The site's address as a CSS string, which static/css/site.css's print rules put before
    every link of the site, so that a printed page writes each link out in full."""
    origin = request.build_absolute_uri("/").rstrip("/")
    escaped = origin.replace("\\", "\\\\").replace('"', '\\"')
    response = HttpResponse(f':root {{ --origin: "{escaped}"; }}\n', content_type="text/css")
    patch_cache_control(response, public=True, max_age=24 * 60 * 60)
    return response
