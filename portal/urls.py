from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.views.static import serve

from programme.sitemaps import sitemaps
from programme.views import robots_txt

from . import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path(settings.ADMIN_PATH, admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots-txt"),
]
if settings.SERVE_MEDIA:
    urlpatterns.append(
        re_path(
            rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.+)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    )
if settings.BENCHMARK_VIEWS:
    urlpatterns += [
        path("reference/constant", views.reference_constant, name="reference-constant"),
        path("reference/one-query", views.reference_one_query, name="reference-one-query"),
    ]
urlpatterns += i18n_patterns(path("", include("programme.urls")))
