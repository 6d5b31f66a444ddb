from django.contrib import admin, messages
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import (
    TabbedTranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)

from portal.cache import content_changed

from . import review
from .models import (
    Award,
    KeyFigure,
    Locality,
    Milestone,
    Page,
    Partner,
    Project,
    PublicationStatus,
    Source,
    Theme,
)
from .review_admin import ReviewedChanges
from .search_index import reindex

admin.site.site_header = _("Binh Duong Smart City portal")
admin.site.site_title = _("Smart City portal administration")
admin.site.index_title = _("Programme content")

PUBLICATION_FIELDS = ("publication_status", "publish_at", "unpublish_at")


class LacksEnglishFilter(admin.SimpleListFilter):
    title = _("English text")
    parameter_name = "english"

    def lookups(self, request, model_admin):
        return [("missing", _("missing somewhere")), ("complete", _("complete"))]

    def queryset(self, request, queryset):
        if self.value() == "missing":
            return queryset.filter(queryset.model.lacking_english())
        if self.value() == "complete":
            return queryset.exclude(queryset.model.lacking_english())
        return queryset


def year_filter(date_field):
    """A list filter by the year of `date_field`, offering only the years that occur."""

    class YearFilter(admin.SimpleListFilter):
        title = _("year")
        parameter_name = f"{date_field}_year"

        def lookups(self, request, model_admin):
            years = model_admin.get_queryset(request).dates(date_field, "year", order="DESC")
            return [(str(day.year), str(day.year)) for day in years]

        def queryset(self, request, queryset):
            if self.value() and self.value().isdigit():
                return queryset.filter(**{f"{date_field}__year": int(self.value())})
            return queryset

    return YearFilter


class ContentAdmin(TabbedTranslationAdmin):
    """Admin for translated content: tabs for Vietnamese and English, a column showing what
    still lacks English, and, for publishable content, the editor/publisher split."""

    list_per_page = 50
    # An address typed without its scheme is taken as https:// (Django 6's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    @admin.display(boolean=True, description=_("English complete"))
    def english_complete(self, obj):
        return not obj.fields_lacking_english()

    def get_list_filter(self, request):
        return (*super().get_list_filter(request), LacksEnglishFilter)


class PublishableAdmin(ReviewedChanges, ContentAdmin):
    actions = ["publish", "unpublish"]

    def has_publish_permission(self, request):
        return review.can_publish(request, self.model)

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if not self.has_publish_permission(request):
            fields = (*fields, *PUBLICATION_FIELDS)
        return fields

    def get_list_filter(self, request):
        return ("publication_status", *super().get_list_filter(request))

    @admin.display(description=_("publication"), ordering="publication_status")
    def publication(self, obj):
        if obj.publication_status == PublicationStatus.DRAFT:
            return _("Draft")
        if obj.is_public:
            return _("Published")
        if obj.unpublish_at is not None and obj.unpublish_at <= timezone.now():
            return _("Taken down")
        return _("Scheduled")

    @admin.action(description=_("Publish the selected records"), permissions=["publish"])
    def publish(self, request, queryset):
        count = self.set_publication(queryset, PublicationStatus.PUBLISHED)
        message = ngettext("%(count)d record published.", "%(count)d records published.", count)
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Unpublish the selected records"), permissions=["publish"])
    def unpublish(self, request, queryset):
        count = self.set_publication(queryset, PublicationStatus.DRAFT)
        message = ngettext("%(count)d record unpublished.", "%(count)d records unpublished.", count)
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

    def set_publication(self, queryset, status):
        """Set the status of the selected records; update() sends no signals, so the search
        index and the page cache follow here. The records are found again by their keys: the
        list's own filter (a status, say) may no longer match them."""
        with transaction.atomic():
            selected = list(queryset.values_list("pk", flat=True))
            count = queryset.update(publication_status=status)
            reindex(queryset.model.objects.filter(pk__in=selected))
            if queryset.model is Project:
                for project in Project.objects.filter(pk__in=selected):
                    review.children_follow(project)
            content_changed()
        return count


class KeyFigureInline(TranslationTabularInline):
    model = KeyFigure
    extra = 0
    fields = ("label", "value", "unit", "position")


class MilestoneInline(TranslationStackedInline):
    model = Milestone
    fk_name = "project"
    extra = 0
    fields = (
        "title",
        "kind",
        "date",
        "date_precision",
        "description",
        "sources",
    )
    autocomplete_fields = ("sources",)
    show_change_link = True


@admin.register(Source)
class SourceAdmin(PublishableAdmin):
    list_display = (
        "headline",
        "outlet",
        "published",
        "language",
        "publication",
        "english_complete",
    )
    list_filter = ("outlet", "language", year_filter("published_date"))
    search_fields = ("headline_vi", "headline_en", "outlet", "author")
    fieldsets = (
        (None, {"fields": ("headline", "outlet", "author", "url", "language", "note")}),
        (_("Publication date"), {"fields": ("published_date", "published_precision")}),
        (_("Address and publication"), {"fields": ("slug", *PUBLICATION_FIELDS)}),
    )


@admin.register(Theme)
class ThemeAdmin(ContentAdmin):
    list_display = ("name", "slug", "english_complete")
    search_fields = ("name_vi", "name_en", "description_vi", "description_en")
    fields = ("name", "slug", "description", "sources")
    autocomplete_fields = ("sources",)


@admin.register(Locality)
class LocalityAdmin(ContentAdmin):
    list_display = ("name", "kind", "slug", "english_complete")
    list_filter = ("kind",)
    search_fields = ("name_vi", "name_en")
    fields = ("name", "kind", "slug", "description", "sources")
    autocomplete_fields = ("sources",)


@admin.register(Partner)
class PartnerAdmin(PublishableAdmin):
    list_display = (
        "name",
        "short_name",
        "kind",
        "country",
        "since",
        "publication",
        "english_complete",
    )
    list_filter = ("kind", "country")
    search_fields = ("name_vi", "name_en", "short_name", "cooperation_vi", "cooperation_en")
    autocomplete_fields = ("sources",)
    fieldsets = (
        (None, {"fields": ("name", "short_name", "kind", "country", "website", "cooperation")}),
        (_("Partner since"), {"fields": ("since_date", "since_precision")}),
        (_("Place on the map"), {"fields": ("latitude", "longitude")}),
        (_("Citations"), {"fields": ("sources",)}),
        (_("Address and publication"), {"fields": ("slug", *PUBLICATION_FIELDS)}),
    )


@admin.register(Project)
class ProjectAdmin(PublishableAdmin):
    list_display = ("title", "status", "locality", "featured", "publication", "english_complete")
    list_filter = ("status", "themes", "locality", year_filter("start_date"), "featured")
    search_fields = ("title_vi", "title_en", "summary_vi", "summary_en")
    autocomplete_fields = ("themes", "locality", "lead_organisation", "partners", "sources")
    inlines = [KeyFigureInline, MilestoneInline]
    fieldsets = (
        (None, {"fields": ("title", "summary", "body", "status", "featured")}),
        (_("Where and who"), {"fields": ("locality", "themes", "lead_organisation", "partners")}),
        (
            _("Dates"),
            {"fields": (("start_date", "start_precision"), ("end_date", "end_precision"))},
        ),
        (_("Image"), {"fields": ("image", "image_alt")}),
        (_("Citations"), {"fields": ("sources",)}),
        (_("Address and publication"), {"fields": ("slug", *PUBLICATION_FIELDS)}),
    )


@admin.register(Award)
class AwardAdmin(PublishableAdmin):
    list_display = ("title", "level", "year", "announced", "publication", "english_complete")
    list_filter = ("level", "year")
    search_fields = ("title_vi", "title_en", "organiser_vi", "organiser_en")
    autocomplete_fields = ("project", "sources")
    fieldsets = (
        (None, {"fields": ("title", "organiser", "level", "year", "description", "project")}),
        (
            _("Announcement"),
            {"fields": ("announced_date", "announced_precision", "announced_place")},
        ),
        (_("Citations"), {"fields": ("sources",)}),
        (_("Address and publication"), {"fields": ("slug", *PUBLICATION_FIELDS)}),
    )


@admin.register(Milestone)
class MilestoneAdmin(PublishableAdmin):
    list_display = ("title", "when", "kind", "project", "publication", "english_complete")
    list_filter = ("kind", year_filter("date"))
    search_fields = ("title_vi", "title_en", "description_vi", "description_en")
    autocomplete_fields = ("project", "award", "partner", "sources")
    fieldsets = (
        (None, {"fields": ("title", "kind", "description")}),
        (_("Date"), {"fields": ("date", "date_precision")}),
        (_("Concerns"), {"fields": ("project", "award", "partner")}),
        (_("Citations"), {"fields": ("sources",)}),
        (_("Address and publication"), {"fields": ("slug", *PUBLICATION_FIELDS)}),
    )


@admin.register(Page)
class PageAdmin(PublishableAdmin):
    list_display = (
        "title",
        "role",
        "position",
        "show_in_footer",
        "publication",
        "english_complete",
    )
    search_fields = ("title_vi", "title_en", "body_vi", "body_en")
    autocomplete_fields = ("sources",)
    fieldsets = (
        (None, {"fields": ("title", "summary", "body", "role", "show_in_footer", "position")}),
        (_("Citations"), {"fields": ("sources",)}),
        (_("Address and publication"), {"fields": ("slug", *PUBLICATION_FIELDS)}),
    )
