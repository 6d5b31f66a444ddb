"""Public pages. Path words are gettext strings, so /vi/du-an/<slug>/ and /en/projects/<slug>/
are the same page; the Vietnamese words are in locale/vi/LC_MESSAGES/django.po."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import site_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("site.webmanifest", site_views.manifest, name="manifest"),
    path(_("projects/"), views.project_list, name="project-list"),
    path(_("projects/<slug:slug>/"), views.project_detail, name="project-detail"),
    path(_("awards/"), views.award_list, name="award-list"),
    path(_("awards/<slug:slug>/"), views.award_detail, name="award-detail"),
    path(_("partners/"), views.partner_list, name="partner-list"),
    path(_("partners/<slug:slug>/"), views.partner_detail, name="partner-detail"),
    path(_("timeline/"), views.timeline, name="timeline"),
    path(_("sources/"), views.source_list, name="source-list"),
    path(_("sources/<slug:slug>/"), views.source_detail, name="source-detail"),
    path(_("pages/<slug:slug>/"), views.page_detail, name="page-detail"),
    path(_("search/"), views.search, name="search"),
]
