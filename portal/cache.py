"""The page cache: public pages as anonymous visitors see them, per language, until content
changes.

Pages are stored under a generation key kept in the cache itself. `purge_pages()` starts a new
generation, so that every process sharing the cache stops finding the old pages at once; they
then expire on their own. The cache is Redis when REDIS_URL is set, else a folder of files that
every process of the machine shares (settings.CACHES): a purge reaches every gunicorn worker.
"""

import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.cache import (
    get_cache_key,
    learn_cache_key,
    patch_cache_control,
    set_response_etag,
)

GENERATION_KEY = "pages.generation"


def purge_pages():
    """Forget every cached page, on every server that shares the cache."""
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)


def content_changed(using=None, **kwargs):
    """Purge after a change to the content: a signal receiver, and called where content changes
    without signals (QuerySet.update, bulk_create)."""
    purge_pages()
    # Once more when the transaction commits: a page made meanwhile from the old rows would
    # otherwise be cached under the new generation.
    transaction.on_commit(purge_pages, using=using)


def current_generation():
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = uuid.uuid4().hex
        if not cache.add(GENERATION_KEY, generation, None):
            generation = cache.get(GENERATION_KEY, generation)
    return generation


class PageCacheMiddleware:
    """Serves GET and HEAD of the public pages (/vi/..., /en/...) from the cache to visitors
    without a session, and stores the 200 responses they get.

    Staff have a session cookie, so they always get a freshly made page (and their previews).
    Keys are Django's cache-middleware keys: the full URL with its query string, the language,
    and the request headers the response varies on.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.public_paths = tuple(f"/{code}/" for code, _name in settings.LANGUAGES)

    def __call__(self, request):
        if not self.applies_to(request):
            return self.get_response(request)
        prefix = current_generation()
        # A HEAD request is answered from the GET page; its body is never sent.
        for method in ("GET", "HEAD") if request.method == "HEAD" else ("GET",):
            key = get_cache_key(request, prefix, method, cache=cache)
            response = cache.get(key) if key else None
            if response is not None:
                return response
        response = self.get_response(request)
        if storable(request, response):
            # Browsers and proxies may keep the page but must ask each time (ETag, 304), so that
            # a purge reaches every visitor at once.
            patch_cache_control(response, no_cache=True)
            # Stored with its ETag, so that HEAD has it too and it is computed once.
            set_response_etag(response)
            timeout = settings.PAGE_CACHE_SECONDS
            key = learn_cache_key(request, response, timeout, prefix, cache=cache)
            cache.set(key, response, timeout)
        return response

    def applies_to(self, request):
        return (
            settings.PAGE_CACHE_SECONDS > 0
            and request.method in ("GET", "HEAD")
            and request.path_info.startswith(self.public_paths)
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
        )


def storable(request, response):
    """A complete page that is the same for every anonymous visitor: no cookie, and no
    Content-Security-Policy nonce (django-csp makes one per request, when a template asks)."""
    cache_control = response.get("Cache-Control", "").lower()
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not getattr(request, "csp_nonce", None)
        and not any(word in cache_control for word in ("private", "no-cache", "no-store"))
    )
