from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.cache import current_generation

from .models import Page

# How long the list of fixed pages is kept: a page scheduled with publish_at joins the header or
# footer at most this late. A change to content starts a new cache generation, so edits show at
# once (with the local-memory cache, in the server process that made them).
SITE_PAGES_SECONDS = 60


# The header's links: (URL name, label).
MAIN_NAV = (
    ("home", _("Home")),
    ("project-list", _("Projects")),
    ("award-list", _("Awards")),
    ("partner-list", _("Partners")),
    ("timeline", _("Timeline")),
    ("source-list", _("Sources")),
)


def fixed_pages():
    return list(Page.objects.published().only("slug", "title", "role", "show_in_footer"))


def site(request):
    """The fixed pages staff edit in admin: the about page for the header, the rest for the
    footer. Every page shows them, so they come from the cache: one query a minute at most."""
    content_version = current_generation()
    pages = cache.get_or_set(f"site.pages.{content_version}", fixed_pages, SITE_PAGES_SECONDS)
    # What templates keep with {% cache %} is keyed by the content's version and lives as long
    # as the pages do. Staff, who see previews and always get fresh pages, keep nothing.
    staff = settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_staff
    return {
        "content_version": "staff" if staff else content_version,
        "content_cache_seconds": 0 if staff else SITE_PAGES_SECONDS,
        "main_nav": [(reverse(name), label) for name, label in MAIN_NAV],
        "about_page": next((page for page in pages if page.role == Page.Role.ABOUT), None),
        "footer_pages": [page for page in pages if page.show_in_footer],
    }
