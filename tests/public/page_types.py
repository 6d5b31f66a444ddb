"""One address of every public page type, on the seeded content, in a language: the tests that
read every page (years, addresses, links) crawl these."""

import io

from django.core.management import call_command
from django.db.models import Count
from django.urls import reverse
from django.utils import translation

from programme.models import Award, Locality, Page, Partner, Project, Source, Theme


def seed():
    call_command("seed", stdout=io.StringIO())


def addresses(language):
    """{page type: address} in `language`, each on a seeded record with links of every kind."""
    project = Project.objects.published().annotate(n=Count("partners")).order_by("-n", "pk")
    partner = Partner.objects.published().annotate(n=Count("projects")).order_by("-n", "pk")
    source = Source.objects.published().annotate(n=Count("cited_projects")).order_by("-n", "pk")
    award = Award.objects.published().filter(sources__isnull=False).order_by("-year", "pk")
    with translation.override(language):
        theme, locality = Theme.objects.first(), Locality.objects.first()
        projects = reverse("project-list")
        return {
            "home": reverse("home"),
            "project list": projects,
            "filtered project list": f"{projects}?theme={theme.slug_in(language)}"
            f"&locality={locality.slug_in(language)}",
            "project list page 2": f"{projects}?page=2",
            "project": project.first().get_absolute_url(),
            "awards": reverse("award-list"),
            "award": award.first().get_absolute_url(),
            "partners": reverse("partner-list"),
            "partner": partner.first().get_absolute_url(),
            "timeline": reverse("timeline"),
            "timeline of a year": f"{reverse('timeline')}?year=2023",
            "sources": reverse("source-list"),
            "source": source.first().get_absolute_url(),
            "page": Page.objects.get(role=Page.Role.ABOUT).get_absolute_url(),
            "search": f"{reverse('search')}?q=2023",
        }
