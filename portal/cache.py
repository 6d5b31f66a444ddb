"""The page cache: public pages as anonymous visitors see them, per language, until content
changes or the next scheduled change falls due.

Lifetime. Pages are stored under a generation kept in the cache itself. `purge_pages()` starts
a new generation, so that every process sharing the cache stops finding the old pages at once;
they then expire on their own. Content also changes by itself: a record published with a
`publish_at` ahead appears at that moment, with no save to purge anything. So a generation starts
with the next such moment (settings.PAGE_CACHE_NEXT_CHANGE, one query), whatever is made from
content is kept until then (PAGE_CACHE_SECONDS at most), and the first request after it starts a
new generation. A quiet site keeps its pages all day. Serving a page never writes to the
database.

Sharing. The cache is Redis when REDIS_URL is set, else a folder of files that every process of
the machine shares (settings.CACHES): a purge reaches every gunicorn worker at once.

Failing open. When Redis is stopped, unreachable or slow, django-redis logs and ignores its
errors after a short timeout: reads miss, writes are lost, and pages are made fresh. A purge lost
that way would let Redis come back with pages older than the content, still under the current
generation. So a process that could not purge, or found the cache silent (another process may
have failed to purge meanwhile), owes a purge: it neither reads nor stores pages until it has
made it, and tries again at each request for a public page.

Secrets. A stored page is served to every anonymous visitor: storable() refuses a page that holds
a CSRF token or a CSP nonce, sets a cookie or read a session with data. GZipMiddleware runs
inside this middleware, so that a page is stored as sent, compressed for the clients that accept
gzip (one entry per Accept-Encoding, as the response varies on it), and served byte for byte
with the same ETag.
"""

import contextlib
import datetime
import hashlib
import logging
import threading
import time
import uuid
from importlib import import_module

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse, QueryDict
from django.http.request import split_domain_port
from django.middleware.gzip import re_accepts_gzip
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control, set_response_etag
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class RecentPages:
    """The pages this process has served lately, by their generation's name and key: a page asked
    for again costs one small read of the shared cache (whether its generation is still the
    current one), not a read of the page. A generation's pages never change, so what is kept
    here is never stale; each answer is a new response, as a read of the shared cache gives."""

    def __init__(self, size):
        self.size = size
        self.pages = {}

    def get(self, name, key):
        page = self.pages.get((name, key))
        if page is None:
            return None
        expires, status, headers, content = page
        if expires <= time.time():
            del self.pages[(name, key)]
            return None
        return HttpResponse(content, status=status, headers=headers)

    def keep(self, name, key, response, expires):
        """Keep `response` until `expires` (a time.time()), as the shared cache does."""
        if len(self.pages) >= self.size:
            del self.pages[next(iter(self.pages))]  # The one kept first.
        self.pages[(name, key)] = (
            expires,
            response.status_code,
            dict(response.headers),
            response.content,
        )


pages_here = RecentPages(size=200)

# The current generation: (its name, the next scheduled change of content it knows or None).
GENERATION_KEY = "pages.generation"
# How long anything made from content is kept at most when the page cache is off
# (PAGE_CACHE_SECONDS = 0): the fixed pages of the header and footer are cached even then.
LONGEST_WITHOUT_PAGE_CACHE = datetime.timedelta(days=1).total_seconds()

# Set while this process owes the cache a purge (see "Failing open" above).
purge_owed = threading.Event()


def new_generation():
    """A generation starts with the next scheduled change of content as of now, which the
    function named by settings.PAGE_CACHE_NEXT_CHANGE tells (one query)."""
    return (uuid.uuid4().hex, import_string(settings.PAGE_CACHE_NEXT_CHANGE)())


def purge_pages(*, ends_by=None):
    """Forget every cached page, on every server that shares the cache. Returns the new
    generation, or None when the cache did not take it. `ends_by`: a moment at which the new
    generation is to end at the latest, whatever the schedule says."""
    name, changes_at = new_generation()
    if ends_by is not None and (changes_at is None or ends_by < changes_at):
        changes_at = ends_by
    generation = (name, changes_at)
    cache.set(GENERATION_KEY, generation, None)
    # Read back, as django-redis ignores a failed write. Another process's purge in between reads
    # as a failure too, and costs one more purge.
    if cache.get(GENERATION_KEY) == generation:
        purge_owed.clear()
        return generation
    # Said once an outage: a process that owes a purge tries again at every request.
    if not purge_owed.is_set():
        logger.warning("The cache did not take the purge of its pages: it is made again later.")
    purge_owed.set()
    return None


# Set inside one_purge(): the changes made there are purged for once, as it ends.
gathering = threading.local()


@contextlib.contextmanager
def one_purge():
    """Content changed inside the block purges the pages once, as the block ends, rather than
    once for every row and link written: saving a record with its children and links writes
    dozens, and each purge reads the schedule."""
    if getattr(gathering, "changes", None) is not None:
        yield  # An enclosing block purges.
        return
    gathering.changes = []
    try:
        yield
    finally:
        changes, gathering.changes = gathering.changes, None
        for using in dict.fromkeys(changes):
            content_changed(using=using)


def content_changed(using=None, **kwargs):
    """Purge after a change to the content: a signal receiver, and called where content changes
    without signals (QuerySet.update, bulk_create)."""
    if getattr(gathering, "changes", None) is not None:
        gathering.changes.append(using)
        return
    # This purge reads the schedule inside the change's transaction, which may still roll back:
    # the new generation ends no later than the one it replaces, made from committed rows.
    replaced = cache.get(GENERATION_KEY)
    purge_pages(ends_by=replaced[1] if isinstance(replaced, tuple) else None)
    # Once more when the transaction commits: a page made meanwhile from the old rows would
    # otherwise be cached under the new generation.
    transaction.on_commit(purge_pages, using=using)


def trusted_generation():
    """The current generation (a new one when the cache has none), or None when the cache does
    not answer or this process owes it a purge: nothing in it is then to be trusted."""
    if purge_owed.is_set():
        return None
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = new_generation()
        if not cache.add(GENERATION_KEY, generation, None):
            generation = cache.get(GENERATION_KEY)
    if generation is None:
        purge_owed.set()
        return None
    # A plain name is a generation left by the version before scheduled expiry.
    if not isinstance(generation, tuple):
        return purge_pages()
    # Scheduled content has appeared: what was made before it belongs to the past. (An approved
    # change due now goes live when `publish_scheduled` applies it, which purges again.)
    if generation[1] is not None and generation[1] <= timezone.now():
        return purge_pages()
    return generation


def content_version():
    """(name, seconds): the generation that keys what is cached from content now, and how long
    something made now may be kept. When the cache cannot be trusted, a new name that no other
    request uses and 0 seconds: nothing made meanwhile is found or kept."""
    generation = trusted_generation()
    if generation is None:
        return uuid.uuid4().hex, 0
    return generation[0], max(seconds_until(generation[1]), 0)


def seconds_until(changes_at):
    """How long something made now from content may be kept: until the next scheduled change
    (None: none), PAGE_CACHE_SECONDS at most. 0 or less: not at all."""
    longest = settings.PAGE_CACHE_SECONDS or LONGEST_WITHOUT_PAGE_CACHE
    if changes_at is None:
        return longest
    return min(longest, (changes_at - timezone.now()).total_seconds())


class PageCacheMiddleware:
    """Serves GET and HEAD of the public pages (/vi/..., /en/...) from the cache to visitors
    without a session, and stores the 200 responses they get.

    Staff have a session, so they always get a freshly made page (and their previews); a session
    cookie that names no session is ignored, and its request served as any visitor's. A page is
    stored with the name of its generation, under a key of its own: its address with the query
    parameters the page reads (page_parameters), in a fixed order, and whether the client accepts
    gzip. Other parameters are dropped before the page is made, so they neither make new entries
    nor appear in the page. Cookies do not make the key: every anonymous visitor gets the same
    page (see storable()). Each process also keeps the pages it served lately (RecentPages):
    serving one again then costs one small read of the shared cache, the current generation.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.public_paths = tuple(f"/{code}/" for code, _name in settings.LANGUAGES)

    def __call__(self, request):
        if not self.applies_to(request):
            return self.get_response(request)
        as_anonymous_visitor(request)
        if purge_owed.is_set():
            purge_pages()
        # GET and HEAD share a page: Django makes the whole page for HEAD too, and the server
        # leaves its body out.
        key = page_key(request)
        generation = trusted_generation()
        if generation is None:
            return self.get_response(request)
        # The next scheduled change as known before the page is made: a page made from rows read
        # before that change must not outlive it.
        name, changes_at = generation
        response = pages_here.get(name, key)
        if response is not None:
            return response
        stored = cache.get(key)
        if stored is not None and stored[0] == name:
            _name, expires, response = stored
            pages_here.keep(name, key, response, expires)
            return response
        response = self.get_response(request)
        if storable(request, response) and within_its_share(response, name):
            # Browsers and proxies may keep the page but must ask each time (ETag, 304), so that
            # a purge reaches every visitor at once.
            patch_cache_control(response, no_cache=True)
            # Stored with its ETag, so that HEAD has it too and it is computed once.
            set_response_etag(response)
            timeout = seconds_until(changes_at)
            if timeout > 0:
                expires = time.time() + timeout
                cache.set(key, (name, expires, response), timeout)
                pages_here.keep(name, key, response, expires)
        return response

    def applies_to(self, request):
        return (
            settings.PAGE_CACHE_SECONDS > 0
            and request.method in ("GET", "HEAD")
            and request.path_info.startswith(self.public_paths)
            and not has_session(request)
        )


def never_cached(response):
    """Marks `response` as a page the page cache does not keep (search results of a search that
    found nothing: any words make one)."""
    response.page_cache_share = NOT_KEPT
    return response


def within_share(response, share):
    """Marks `response` as one of the pages of `share` (a name in settings.PAGE_CACHE_SHARES),
    of which the cache keeps that many at most in a generation: visitors can make as many as
    they type, and they must not push the other pages out."""
    response.page_cache_share = share
    return response


NOT_KEPT = object()


def within_its_share(response, generation):
    """Whether a page made now may be stored as far as its share goes (see within_share()): one
    count more of its share in `generation`, unless the share is full."""
    share = getattr(response, "page_cache_share", None)
    if share is None:
        return True
    if share is NOT_KEPT:
        return False
    key = f"pages.share.{share}.{generation}"
    cache.add(key, 0, settings.PAGE_CACHE_SECONDS or None)
    try:
        count = cache.incr(key)
    except ValueError:  # Gone meanwhile (expired, or the cache is away).
        return False
    return count is not None and count <= settings.PAGE_CACHE_SHARES[share]


def has_session(request):
    """Whether the request's session cookie names a session that exists (staff's): one query of
    the session table's primary key. A made-up cookie names none."""
    key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not key:
        return False
    # Django's session keys are up to 40 letters and digits: anything else needs no query.
    if not (len(key) <= 40 and key.isascii() and key.isalnum()):
        return False
    return import_module(settings.SESSION_ENGINE).SessionStore().exists(key)


def page_parameters(*names):
    """Declares the query parameters a public view reads: the page cache keys its pages by these
    alone, and drops the others before the page is made."""

    def declare(view):
        view.page_parameters = tuple(sorted(names))
        return view

    return declare


def parameters_read_by(request):
    language = translation.get_language_from_path(request.path_info)
    with translation.override(language):
        try:
            view = resolve(request.path_info).func
        except Resolver404:
            return ()
    return getattr(view, "page_parameters", ())


def as_anonymous_visitor(request):
    """Makes `request` what the page cache keys by and makes a page from: no session cookie (it
    names no session), and in request.GET only the query parameters that the page reads, in a
    fixed order. The query string itself is left whole for the redirects of old addresses (a
    301 is never stored), which pass it on."""
    request.COOKIES.pop(settings.SESSION_COOKIE_NAME, None)
    # Pages made for the cache name the site by its configured host, whatever the request's Host
    # says of ports: one page for every way of asking.
    if settings.SITE_HOST:
        request.META["HTTP_HOST"] = settings.SITE_HOST
    query = QueryDict(mutable=True)
    for name in parameters_read_by(request):
        if name in request.GET:
            query.setlist(name, request.GET.getlist(name))
    request.GET = QueryDict(query.urlencode())


def page_key(request):
    """The key of a public page: its address with the query parameters the page reads (see
    as_anonymous_visitor()), and whether the client accepts gzip, which is what GZipMiddleware
    decides by (the one header the pages vary on besides Cookie). The host is the configured one
    (settings.SITE_HOST), else the request's host name without its port: a request to every port
    of an address makes one entry."""
    accepts_gzip = re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", ""))
    host = settings.SITE_HOST or split_domain_port(request.get_host())[0]
    address = f"{request.scheme}://{host}{request.path}?{request.GET.urlencode()}"
    url = hashlib.md5(address.encode(), usedforsecurity=False).hexdigest()
    return f"pages.{'gzip' if accepts_gzip else 'plain'}.{url}"


def storable(request, response):
    """A complete page that is the same for every anonymous visitor and holds no secret."""
    cache_control = response.get("Cache-Control", "").lower()
    session = getattr(request, "session", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        # get_token() sets this key when a page asks for a CSRF token; CsrfViewMiddleware sets
        # it back to False once it has sent the cookie, but never removes it.
        and "CSRF_COOKIE_NEEDS_UPDATE" not in request.META
        and not (session is not None and session.accessed and not session.is_empty())
        # django-csp makes a nonce per request, when a template asks for one.
        and not getattr(request, "csp_nonce", None)
        and not any(word in cache_control for word in ("private", "no-cache", "no-store"))
    )
