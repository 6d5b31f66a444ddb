import datetime
import operator
import re
from functools import reduce

import reversion
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import lookup_spawns_duplicates, unquote
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.text import capfirst, smart_split, unescape_string_literal
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import (
    TabbedTranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)
from reversion.admin import VersionAdmin
from reversion.models import Version

from portal.cache import content_changed

from . import review
from .dates import partial_dates
from .edit_conflicts import EditConflictAdmin, EditConflictForm
from .forms import PartialDateField, PartialDatesForm
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
from .review_admin import ReviewedChanges, ReviewedForm
from .richtext import markers
from .search import Folded, fold
from .search_index import reindex
from .slugs import make_slug
from .versions import (
    add_deletion_to_revision,
    changed_fields,
    compare,
    register_models,
    same_text,
)

# Before the admin classes: VersionAdmin registers any model not yet registered, with every
# column (see programme/versions.py).
register_models()

admin.site.site_header = _("Binh Duong Smart City portal")
admin.site.site_title = _("Smart City portal administration")
admin.site.index_title = _("Programme content")

PUBLICATION_FIELDS = ("publication_status", "publish_at", "unpublish_at")
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
            year = self.value() or ""
            # ASCII digits only ("²" is a digit to str.isdigit()), and a year a date can have.
            if re.fullmatch(r"[0-9]{1,4}", year) and int(year) >= datetime.MINYEAR:
                return queryset.filter(**{f"{date_field}__year": int(year)})
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


class UnixLinesField(forms.CharField):
    """Long text with the line endings stored texts have (\n), whatever the browser sends
    (\r\n): a text staff did not touch is no change, in the form and in its versions."""

    def to_python(self, value):
        return same_text(super().to_python(value))


FORMFIELD_OVERRIDES = {
    # An address typed without its scheme is taken as https:// (Django 6's default).
    models.URLField: {"assume_scheme": "https"},
    models.TextField: {"form_class": UnixLinesField},
}


def describe_deletion(record):
    """What deleting `record` does besides, in words staff read: the records deleted with it,
    those that keep existing without their link to it, and its links."""
    lines = []
    for relation in record._meta.related_objects:
        kind = relation.related_model._meta.verbose_name
        if relation.many_to_many:
            template = gettext("link from %(kind)s “%(name)s”")
        elif relation.on_delete is models.CASCADE:
            template = gettext("%(kind)s “%(name)s”, deleted with it")
        elif relation.on_delete is models.SET_NULL:
            template = gettext("%(kind)s “%(name)s” stays, without its link to it")
        else:  # PROTECT: Django's page lists what prevents the deletion.
            continue
        linked = relation.related_model._base_manager.filter(**{relation.field.name: record})
        lines.extend(template % {"kind": kind, "name": other} for other in linked)
    for many in record._meta.many_to_many:
        kind = many.related_model._meta.verbose_name
        lines.extend(
            gettext("link to %(kind)s “%(name)s”") % {"kind": kind, "name": other}
            for other in getattr(record, many.name).all()
        )
    return lines


class FoldedSearch:
    """Admin search that ignores diacritics and case, as staff type: "lang thong minh" and
    "LANG" find "Làng thông minh". Each word must occur in one of search_fields (which name
    both languages' columns of a translated field); the fields' prefixes (^, =, @) are read as
    plain "contains"."""

    def get_search_results(self, request, queryset, search_term):
        paths = [name.lstrip("^=@") for name in self.get_search_fields(request)]
        words = []
        for bit in smart_split(search_term):
            if bit.startswith(('"', "'")) and bit[0] == bit[-1]:
                bit = unescape_string_literal(bit)
            if fold(bit).strip():
                words.append(fold(bit).strip())
        if not paths or not words:
            return queryset, False
        folded = {f"folded_{index}": Folded(path) for index, path in enumerate(paths)}
        queryset = queryset.alias(**folded)
        for word in words:
            matches = (Q(**{f"{name}__contains": word}) for name in folded)
            queryset = queryset.filter(reduce(operator.or_, matches))
        return queryset, any(lookup_spawns_duplicates(self.opts, path) for path in paths)


class StaffInput:
    """Forms that read dates and numbers as staff write them in their language: a partial date
    is one box (the precision is what was typed, see programme/forms.py), numbers are grouped
    ("22.000,5" in Vietnamese, "22,000.5" in English)."""

    form = PartialDatesForm

    def partial_date_fields(self):
        return {attribute.date_field for attribute in partial_dates(self.model)}

    def precision_fields(self):
        return {attribute.precision_field for attribute in partial_dates(self.model)}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in self.partial_date_fields():
            return PartialDateField(
                required=not db_field.blank,
                label=capfirst(db_field.verbose_name),
                help_text=_("A year (2025), a month (June 2027) or a day (2022-02-25)."),
            )
        if isinstance(db_field, models.DecimalField):
            kwargs["localize"] = True
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_fieldsets(self, request, obj=None):
        precisions = self.precision_fields()

        def without_precisions(names):
            kept = []
            for name in names:
                if isinstance(name, (list, tuple)):
                    name = tuple(without_precisions(name))
                    if len(name) == 1:
                        name = name[0]
                if name and name not in precisions:
                    kept.append(name)
            return kept

        return [
            (title, {**options, "fields": without_precisions(options["fields"])})
            for title, options in super().get_fieldsets(request, obj)
        ]


admin.site.unregister(User)
admin.site.unregister(Group)


# Django stores permissions' names in English ("Can add project") and shows them as stored.
DEFAULT_PERMISSION_NAMES = {
    "add": _("Can add %(name)s"),
    "change": _("Can change %(name)s"),
    "delete": _("Can delete %(name)s"),
    "view": _("Can view %(name)s"),
}


def permission_label(permission):
    """A permission as Django shows it ("app | model | name"), in the active language."""
    action, _separator, model_name = permission.codename.partition("_")
    model = permission.content_type.model_class()
    if action in DEFAULT_PERMISSION_NAMES and model and model._meta.model_name == model_name:
        name = DEFAULT_PERMISSION_NAMES[action] % {"name": model._meta.verbose_name}
    else:
        name = gettext(permission.name)
    return f"{permission.content_type} | {name}"


class TranslatedPermissions:
    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name in ("permissions", "user_permissions"):
            field.label_from_instance = permission_label
        return field


@admin.register(User)
class StaffUserAdmin(FoldedSearch, TranslatedPermissions, UserAdmin):
    pass


@admin.register(Group)
class StaffGroupAdmin(FoldedSearch, TranslatedPermissions, GroupAdmin):
    pass


class ContentForm(EditConflictForm, CitingForm, PartialDatesForm):
    """Refuses a save from an older form and markers to sources not chosen, and reads partial
    dates as staff type them."""


class ContentAdmin(
    EditConflictAdmin, StaffInput, FoldedSearch, VersionAdmin, TabbedTranslationAdmin
):
    """Admin for translated content: tabs for Vietnamese and English, a column showing what
    still lacks English, and, for publishable content, the editor/publisher split. Every save
    records a version (django-reversion, programme/versions.py); staff see each record's
    history and compare its versions, publishers restore them and deleted records. A change form
    refuses to save over another person's newer change (programme/edit_conflicts.py)."""

    form = ContentForm
    list_per_page = 50
    formfield_overrides = FORMFIELD_OVERRIDES
    # Django's templates, found in templates/admin/programme/ first, rather than reversion's.
    change_list_template = None
    object_history_template = None
    # The recycle bin's order.
    history_latest_first = True

    def log_addition(self, request, obj, message):
        return self.keep_change_message(super().log_addition(request, obj, message))

    def log_change(self, request, obj, message):
        return self.keep_change_message(super().log_change(request, obj, message))

    def keep_change_message(self, entry):
        """The version's comment is the change message as Django stores it, not as it read in
        the saver's language, so that history shows it in the reader's (staff.change_message)."""
        if reversion.is_active():
            reversion.set_comment(entry.change_message)
        return entry

    def has_restore_permission(self, request):
        """Publishers restore versions and deleted records; editors see the history."""
        user = request.user
        return user.is_superuser or any(
            perm.startswith("programme.publish_") for perm in user.get_all_permissions()
        )

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        compare_url = path(
            "<path:object_id>/history/compare/",
            self.admin_site.admin_view(self.compare_view),
            name="{}_{}_compare".format(*info),
        )
        return [compare_url, *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        """Without VersionAdmin's revision around the whole list: a revision keeps only the
        records that still exist when it ends, so deleting the selected records (delete_queryset)
        records them in a revision of its own first; the publication actions make theirs."""
        context = {"can_restore": self.has_restore_permission(request), **(extra_context or {})}
        return super(VersionAdmin, self).changelist_view(request, context)

    def history_view(self, request, object_id, extra_context=None):
        """Every version of the record, newest first, each with the fields it changed."""
        versions = list(
            Version.objects.get_for_object_reference(self.model, unquote(object_id))
            .select_related("revision__user")
            .prefetch_related("revision__version_set")
            .order_by("revision__date_created", "pk")
        )
        history = [
            {"version": version, "changed": changed_fields(earlier, version) if earlier else None}
            for earlier, version in zip([None, *versions], versions, strict=False)
        ]
        context = {
            "history": history[::-1],
            "can_restore": self.has_restore_permission(request),
            **(extra_context or {}),
        }
        return super().history_view(request, object_id, context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        if not self.has_restore_permission(request):
            raise PermissionDenied
        context = {"title": gettext("Restore a version"), **(extra_context or {})}
        return super().revision_view(request, object_id, version_id, context)

    def recover_view(self, request, version_id, extra_context=None):
        if not self.has_restore_permission(request):
            raise PermissionDenied
        version = get_object_or_404(Version, pk=version_id)
        title = gettext("Restore “%(name)s” from the recycle bin") % {"name": version.object_repr}
        return super().recover_view(request, version_id, {"title": title, **(extra_context or {})})

    def recoverlist_view(self, request, extra_context=None):
        if not self.has_restore_permission(request):
            raise PermissionDenied
        title = gettext("Recycle bin: deleted %(kind)s") % {"kind": self.opts.verbose_name_plural}
        return super().recoverlist_view(request, {"title": title, **(extra_context or {})})

    def compare_view(self, request, object_id):
        """Two versions of a record side by side: each changed field, old value beside new."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        record_versions = Version.objects.get_for_object_reference(self.model, object_id)
        old = get_object_or_404(record_versions, pk=request.GET.get("old", "").strip() or 0)
        new = get_object_or_404(record_versions, pk=request.GET.get("new", "").strip() or 0)
        if old.revision.date_created > new.revision.date_created:
            old, new = new, old
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "object_id": object_id,
            "title": gettext("Compare versions of “%(name)s”") % {"name": new.object_repr},
            "comparison": compare(old, new),
            "can_restore": self.has_restore_permission(request),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/programme/compare.html", context)

    def record_before_deletion(self, request, records):
        """A revision of the records about to be deleted, saved while they still exist: the
        recycle bin restores them from it."""
        with self.create_revision(request):
            reversion.set_comment(gettext("Deleted (kept in the recycle bin)."))
            for record in records:
                add_deletion_to_revision(record)

    def delete_model(self, request, obj):
        self.record_before_deletion(request, [obj])
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        self.record_before_deletion(request, queryset)
        super().delete_queryset(request, queryset)

    def get_deleted_objects(self, objs, request):
        """Django's checks of permissions and protected records, but what is affected described
        in staff's words, never as rows of link tables ("Award_sources object (9)")."""
        _deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        readable = []
        for record in objs:
            kind = capfirst(record._meta.verbose_name)
            readable.extend([f"{kind}: {record}", describe_deletion(record)])
        link_tables = {
            str(model._meta.verbose_name_plural)
            for model in self.opts.apps.get_models(include_auto_created=True)
            if model._meta.auto_created
        }
        model_count = {
            name: count for name, count in model_count.items() if str(name) not in link_tables
        }
        return readable, model_count, perms_needed, protected

    def render_change_form(self, request, context, *args, **kwargs):
        """A form sent back with errors keeps what staff typed, except the files they chose,
        which browsers cannot fill in again: say so next to each of them."""
        form = context["adminform"].form
        for name in request.FILES if request.method == "POST" else ():
            if name in form.fields and name not in form.errors:
                form.errors[name] = form.error_class(
                    [
                        _(
                            "Choose this file again: a browser cannot keep a chosen file "
                            "when the form has errors."
                        )
                    ]
                )
        return super().render_change_form(request, context, *args, **kwargs)

    @admin.display(boolean=True, description=_("English complete"))
    def english_complete(self, obj):
        return not obj.fields_lacking_english()

    def get_list_filter(self, request):
        return (*super().get_list_filter(request), LacksEnglishFilter)


class PublishableForm(ReviewedForm, ContentForm):
    """Content form of publishable records: a time for the changes to go live, besides."""


class PublishableAdmin(ReviewedChanges, ContentAdmin):
    form = PublishableForm
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
        count = self.set_publication(queryset, PublicationStatus.PUBLISHED, user=request.user)
        message = ngettext("%(count)d record published.", "%(count)d records published.", count)
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Unpublish the selected records"), permissions=["publish"])
    def unpublish(self, request, queryset):
        count = self.set_publication(queryset, PublicationStatus.DRAFT, user=request.user)
        message = ngettext("%(count)d record unpublished.", "%(count)d records unpublished.", count)
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

    def set_publication(self, queryset, status, *, user=None):
        """Set the status of the selected records; update() sends no signals, so the search
        index, the page cache and the records' versions (by `user`) follow here. The records
        are found again by their keys: the list's own filter (a status, say) may no longer
        match them."""
        if status == PublicationStatus.PUBLISHED:
            comment = gettext("Published from the list.")
        else:
            comment = gettext("Unpublished from the list.")
        with transaction.atomic(), reversion.create_revision():
            reversion.set_user(user)
            reversion.set_comment(comment)
            selected = list(queryset.values_list("pk", flat=True))
            count = queryset.update(publication_status=status)
            changed = queryset.model.objects.filter(pk__in=selected)
            for record in changed:
                reversion.add_to_revision(record)
            reindex(changed)
            if queryset.model is Project:
                for project in Project.objects.filter(pk__in=selected):
                    review.children_follow(project)
            content_changed()
        return count


class KeyFigureInline(StaffInput, TranslationTabularInline):
    model = KeyFigure
    extra = 0
    fields = ("label", "value", "unit", "source", "position")
    autocomplete_fields = ("source",)


class MilestoneInlineForm(CitingForm, PartialDatesForm):
    """A milestone inside its project's form: markers checked, its date read as staff type it."""


class MilestoneInline(StaffInput, TranslationStackedInline):
    model = Milestone
    form = MilestoneInlineForm
    fk_name = "project"
    extra = 0
    formfield_overrides = FORMFIELD_OVERRIDES
    fields = (
        "title",
        "kind",
        "date",
        "date_precision",
        "description",
        "sources",
        "staff_note",
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
        (
            None,
            {"fields": ("headline", "outlet", "author", "url", "archive_url", "language", "note")},
        ),
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
    list_display = (
        "title",
        "status",
        "locality",
        "featured",
        "featured_order",
        "publication",
        "english_complete",
    )
    # The home page's featured projects are put in order from the list (filter it by featured).
    list_editable = ("featured", "featured_order")
    list_filter = ("status", "themes", "locality", year_filter("start_date"), "featured")
    search_fields = ("title_vi", "title_en", "summary_vi", "summary_en")
    autocomplete_fields = ("themes", "locality", "lead_organisation", "partners", "sources")
    inlines = [KeyFigureInline, MilestoneInline]
    fieldsets = (
        (None, {"fields": ("title", "summary", "body", "status", ("featured", "featured_order"))}),
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
    list_display = ("title", "level", "award_year", "announced", "publication", "english_complete")
    list_filter = ("level", "year")

    @admin.display(description=_("year"), ordering="year")
    def award_year(self, obj):
        """The year as it is written (2021), not as an amount (2.021)."""
        return str(obj.year)

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
