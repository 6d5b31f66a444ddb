from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import (
    TabbedTranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)

from portal.cache import content_changed

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
from .richtext import markers
from .search_index import reindex
from .slugs import make_slug

admin.site.site_header = _("Binh Duong Smart City portal")
admin.site.site_title = _("Smart City portal administration")
admin.site.index_title = _("Programme content")

PUBLICATION_FIELDS = ("publication_status", "publish_at")
STAFF_NOTE = (_("For staff only"), {"fields": ("staff_note",)})


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


class CitingForm(forms.ModelForm):
    """Refuses a marker [^KEY] in a long text that names none of the sources the record may
    cite: those chosen under Sources, or, in a source's note, the source itself."""

    def clean(self):
        cleaned = super().clean()
        if isinstance(self.instance, Source):
            slug = cleaned.get("slug") or self.instance.slug
            slug = slug or make_slug(cleaned.get("headline_vi") or "")
            citable, message = {self.instance.seed_key, slug}, SOURCE_CITES_ITSELF
        elif "sources" in cleaned:
            sources = cleaned["sources"]
            citable = {s.seed_key for s in sources} | {s.slug for s in sources}
            message = CITES_UNCHOSEN_SOURCE
        else:
            return cleaned
        for field in self._meta.model.cited_texts:
            for code, _name in settings.LANGUAGES:
                name = f"{field}_{code}"
                wrong = [
                    given for given in markers(cleaned.get(name) or "") if given not in citable
                ]
                if wrong and name in self.fields:
                    self.add_error(name, message % {"marker": f"[^{wrong[0]}]"})
        return cleaned


CITES_UNCHOSEN_SOURCE = _(
    "The marker %(marker)s names no source chosen under Sources. Choose that source there, or "
    "write the key or slug of one that is chosen."
)
SOURCE_CITES_ITSELF = _(
    "The marker %(marker)s does not name this source: a source's note cites the source itself, "
    "by its key or slug."
)


class ContentAdmin(TabbedTranslationAdmin):
    """Admin for translated content: tabs for Vietnamese and English, a column showing what
    still lacks English, and, for publishable content, the editor/publisher split."""

    list_per_page = 50
    form = CitingForm
    # An address typed without its scheme is taken as https:// (Django 6's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    @admin.display(boolean=True, description=_("English complete"))
    def english_complete(self, obj):
        return not obj.fields_lacking_english()

    def get_list_filter(self, request):
        return (*super().get_list_filter(request), LacksEnglishFilter)


class PublishableAdmin(ContentAdmin):
    actions = ["publish", "unpublish"]

    def publication_permission(self):
        return f"{self.opts.app_label}.publish_{self.opts.model_name}"

    def has_publish_permission(self, request):
        return request.user.has_perm(self.publication_permission())

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
            content_changed()
        return count


class KeyFigureInline(TranslationTabularInline):
    model = KeyFigure
    extra = 0
    fields = ("label", "value", "unit", "source", "position")
    autocomplete_fields = ("source",)


class MilestoneInline(TranslationStackedInline):
    model = Milestone
    form = CitingForm
    fk_name = "project"
    extra = 0
    fields = (
        "title",
        "kind",
        "date",
        "date_precision",
        "description",
        "sources",
        *PUBLICATION_FIELDS,
        "staff_note",
    )
    autocomplete_fields = ("sources",)
    show_change_link = True

    def get_readonly_fields(self, request, obj=None):
        if request.user.has_perm("programme.publish_milestone"):
            return self.readonly_fields
        return (*self.readonly_fields, *PUBLICATION_FIELDS)


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
        (_("Address and publication"), {"fields": ("slug", "slug_en", *PUBLICATION_FIELDS)}),
        STAFF_NOTE,
    )


@admin.register(Theme)
class ThemeAdmin(ContentAdmin):
    list_display = ("name", "slug", "english_complete")
    search_fields = ("name_vi", "name_en", "description_vi", "description_en")
    fields = ("name", "slug", "description", "sources", "staff_note")
    autocomplete_fields = ("sources",)


@admin.register(Locality)
class LocalityAdmin(ContentAdmin):
    list_display = ("name", "kind", "slug", "english_complete")
    list_filter = ("kind",)
    search_fields = ("name_vi", "name_en")
    fields = ("name", "kind", "slug", "description", "sources", "staff_note")
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
        (_("Address and publication"), {"fields": ("slug", "slug_en", *PUBLICATION_FIELDS)}),
        STAFF_NOTE,
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
        (_("Status as of"), {"fields": (("status_as_of_date", "status_as_of_precision"),)}),
        (_("Where and who"), {"fields": ("locality", "themes", "lead_organisation", "partners")}),
        (
            _("Dates"),
            {"fields": (("start_date", "start_precision"), ("end_date", "end_precision"))},
        ),
        (_("Image"), {"fields": ("image", "image_alt")}),
        (_("Citations"), {"fields": ("sources",)}),
        (_("Address and publication"), {"fields": ("slug", "slug_en", *PUBLICATION_FIELDS)}),
        STAFF_NOTE,
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
        (_("Address and publication"), {"fields": ("slug", "slug_en", *PUBLICATION_FIELDS)}),
        STAFF_NOTE,
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
        STAFF_NOTE,
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
        (_("Address and publication"), {"fields": ("slug", "slug_en", *PUBLICATION_FIELDS)}),
        STAFF_NOTE,
    )
