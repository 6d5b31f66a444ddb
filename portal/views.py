import logging
import posixpath
import sys
import uuid

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import FileResponse, HttpResponse, HttpResponseNotFound, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_redis import get_redis_connection
from redis import RedisError

from programme.models import Theme

from . import media as media_files

logger = logging.getLogger(__name__)


def database_answers():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.error("Health check: the database did not answer: %s", error)
        return False
    return True


def cache_answers():
    """Whether the cache keeps and returns a value. Redis is asked through its own client, as
    the cache backend ignores Redis errors (and would report a dead Redis as an empty one)."""
    key, value = f"healthz.{uuid.uuid4().hex}", uuid.uuid4().hex
    try:
        try:
            redis = get_redis_connection()
        except NotImplementedError:  # Not Redis: the files of DJANGO_CACHE_DIR.
            cache.set(key, value, 10)
            answered = cache.get(key) == value
            cache.delete(key)
        else:
            key = cache.make_key(key)
            redis.set(key, value, ex=10)
            answered = redis.get(key) == value.encode()
            redis.delete(key)
    except (RedisError, OSError) as error:
        logger.error("Health check: the cache did not answer: %s", error)
        return False
    if not answered:
        logger.error("Health check: the cache did not give back what it was given.")
    return answered


@never_cache
@require_safe
def healthz(request):
    """For load balancers and monitoring: 200 while the database answers, 503 when it does not.
    A silent cache makes the portal slower, not unavailable: "degraded", still 200."""
    database, cache_up = database_answers(), cache_answers()
    report = {"database": "up" if database else "down", "cache": "up" if cache_up else "down"}
    if not database:
        return JsonResponse({"status": "unavailable", **report}, status=503)
    return JsonResponse({"status": "ok" if cache_up else "degraded", **report})


# How long a visitor, or a crawler, is asked to wait when the database does not answer.
RETRY_AFTER_SECONDS = 60


def server_error(request):
    """Django's 500 page (handler500), except when the database does not answer (stopped,
    unreachable, restarting): then 503 with Retry-After, and a page in the visitor's language
    saying that the site will be back. Made without the request's context, which reads the
    database."""
    error = sys.exc_info()[1]
    if not isinstance(error, OperationalError | InterfaceError):
        return defaults.server_error(request)
    logger.error("The database does not answer: %s", error)
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    with translation.override(language):
        page = render_to_string("503.html")
    return HttpResponse(
        page,
        status=503,
        headers={"Retry-After": str(RETRY_AFTER_SECONDS), "Content-Language": language},
    )


# Every answer under /media/: a file there is never a page, whatever its name says. The sandbox
# keeps even a file a browser did open as a page from running scripts or reaching the site.
MEDIA_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
}


@require_safe
def media(request, path):
    """An uploaded file, where the portal serves them itself (SERVE_MEDIA): only a file that a
    record refers to (or a size made of one), with the type its content has; an image to show,
    anything else to save. Any other name is 404, without looking at the folder: a file put there
    by other means, a path that climbs out of it, a name the file system cannot hold: each
    logged in one line, as any 404 is, without a traceback."""
    if not media_files.is_referenced(path):
        return media_not_found()
    try:
        stream = default_storage.open(path, "rb")
    except (OSError, SuspiciousFileOperation):
        return media_not_found()
    content_type, shown = media_files.served_type(stream)
    response = FileResponse(
        stream,
        content_type=content_type,
        as_attachment=not shown,
        filename=posixpath.basename(path),
        headers=MEDIA_HEADERS,
    )
    return response


def media_not_found():
    return HttpResponseNotFound(
        "404", content_type="text/plain; charset=utf-8", headers=MEDIA_HEADERS
    )


# The two reference views of `make bench`, routed only with DJANGO_BENCHMARK_VIEWS=true: the
# portal's pages are measured against what the same server does with no work (a constant page
# of 10 KB) and with little work (a small template over one query).
PARAGRAPH = "<p>Binh Duong Smart City: a constant paragraph of the reference page.</p>\n"
CONSTANT_PAGE = (
    '<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Reference</title>'
    "</head><body>\n" + PARAGRAPH * (10 * 1024 // len(PARAGRAPH)) + "</body></html>\n"
)


@require_safe
def reference_constant(request):
    return HttpResponse(CONSTANT_PAGE)


@require_safe
def reference_one_query(request):
    # Without the request, so that no context processor adds queries.
    themes = Theme.objects.order_by("name_vi")[:10]
    return HttpResponse(render_to_string("portal/reference.html", {"themes": themes}))
