import logging

from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from programme.models import Theme

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def healthz(request):
    """200 when the database answers a query, 503 when it does not (for load balancers)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.error("Health check: the database did not answer: %s", error)
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "up"})


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
