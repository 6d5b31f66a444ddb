from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from portal.cache import content_version

from .models import Page

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
    return list(Page.objects.published().only("slug", "slug_en", "title", "role", "show_in_footer"))


def site(request):
    """The fixed pages staff edit in admin: the about page for the header, the rest for the
    footer. Every page shows them, so they come from the cache, kept as the pages are.

    What templates keep with {% cache %} is keyed by the content's version and lives as long as
    the pages do. Staff, who see previews and always get fresh pages, keep nothing."""
    version, seconds = content_version()
    pages = cache.get_or_set(f"site.pages.{version}", fixed_pages, seconds)
    staff = settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_staff
    return {
        "content_version": "staff" if staff else version,
        "content_cache_seconds": 0 if staff else seconds,
        "main_nav": MAIN_NAV,
        "about_page": next((page for page in pages if page.role == Page.Role.ABOUT), None),
        "footer_pages": [page for page in pages if page.show_in_footer],
    }
