"""The programme's addresses outside the language prefixes: for search engines."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path

from .sitemaps import sitemaps
from .views import robots_txt

urlpatterns = [
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots-txt"),
]
