"""sitemap.xml: every public page in both languages, each record only in the languages it
really has (a record without English text is listed in Vietnamese only)."""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Award, Page, Partner, Project, Source


class LanguageSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    def _urls(self, page, protocol, domain):
        """Point x-default at the Vietnamese page: Django writes the unprefixed address, which
        only exists with prefix_default_language=False."""
        urls = super()._urls(page, protocol, domain)
        for url in urls:
            default = {a["lang_code"]: a["location"] for a in url["alternates"]}
            for alternate in url["alternates"]:
                if alternate["lang_code"] == "x-default":
                    alternate["location"] = default[settings.LANGUAGE_CODE]
        return urls


class SectionSitemap(LanguageSitemap):
    """The home page and the list pages."""

    priority = 0.8

    def items(self):
        return ["home", "project-list", "award-list", "partner-list", "timeline", "source-list"]

    def location(self, item):
        return reverse(item)


class RecordSitemap(LanguageSitemap):
    model = None

    def items(self):
        return self.model.objects.published().order_by("pk")

    def lastmod(self, item):
        return item.updated_at

    def get_languages_for_item(self, item):
        return item.languages()


class ProjectSitemap(RecordSitemap):
    model = Project


class AwardSitemap(RecordSitemap):
    model = Award


class PartnerSitemap(RecordSitemap):
    model = Partner


class SourceSitemap(RecordSitemap):
    model = Source


class PageSitemap(RecordSitemap):
    model = Page


sitemaps = {
    "sections": SectionSitemap,
    "projects": ProjectSitemap,
    "awards": AwardSitemap,
    "partners": PartnerSitemap,
    "sources": SourceSitemap,
    "pages": PageSitemap,
}
