from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from portal.cache import cache_timeout, current_generation

from .models import Page, public_url

# How long the list of fixed pages is kept: a page scheduled with publish_at joins the header or
# footer at most this late. A change to content starts a new cache generation, so edits show at
# once (with the local-memory cache, in the server process that made them).
SITE_PAGES_SECONDS = 60


# The header's links: (URL name, label), their URLs kept per process by public_url().
MAIN_NAV = (
    ("home", _("Home")),
    ("project-list", _("Projects")),
    ("award-list", _("Awards")),
    ("partner-list", _("Partners")),
    ("timeline", _("Timeline")),
    ("source-list", _("Sources")),
)


def fixed_pages():
    return list(
        Page.objects.published().only("slug", "title_vi", "title_en", "role", "show_in_footer")
    )


def site(request):
    """The fixed pages staff edit in admin: the about page for the header, the rest for the
    footer. Every page shows them, so they come from the cache: one query a minute at most."""
    key = f"site.pages.{current_generation()}"
    pages = cache.get_or_set(key, fixed_pages, cache_timeout())
    return {
        "main_nav": [(public_url(name), label) for name, label in MAIN_NAV],
        "about_page": next((page for page in pages if page.role == Page.Role.ABOUT), None),
        "footer_pages": [page for page in pages if page.show_in_footer],
    }
