"""The programme's addresses outside the language prefixes: for search engines, share images
and printing."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path

from . import site_views
from .sitemaps import sitemaps
from .views import robots_txt

urlpatterns = [
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots-txt"),
    path(
        "share/<str:language>/<slug:kind>/<slug:name>.png",
        site_views.share_image,
        name="share-image",
    ),
    path("print-origin.css", site_views.print_origin, name="print-origin"),
]
