import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.static import serve
from django_redis import get_redis_connection
from redis import RedisError

from programme.models import Theme

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


def media(request, path):
    """An uploaded file, where the portal serves them itself (SERVE_MEDIA). A name the file system
    cannot hold (too long, say) names no file: Django's view would answer 500."""
    try:
        return serve(request, path, document_root=settings.MEDIA_ROOT)
    except OSError:
        raise Http404(path) from None


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
