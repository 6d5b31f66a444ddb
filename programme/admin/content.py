"""The admin of every kind of content. A form's save is handed to programme/publishing.py as
values (admin/forms.py's form_state()): the admin decides nothing about what goes live."""

import json

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.db import models, transaction
from django.forms.models import BaseInlineFormSet, model_to_dict
from django.http import HttpResponseRedirect
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import (
    TabbedTranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)

from .. import publishing
from ..dates import partial_dates
from ..forms import PartialDateField, PartialDatesForm
from ..models import (
    Award,
    KeyFigure,
    Locality,
    Milestone,
    Page,
    Partner,
    PendingChange,
    Project,
    PublicationStatus,
    Publishable,
    Source,
    Theme,
)
from ..sanitised import removed_by_sanitiser
from .forms import (
    FORMFIELD_OVERRIDES,
    GO_LIVE_FIELD,
    CitingForm,
    ContentForm,
    GoLiveForm,
    form_files,
    form_state,
)
from .history import HistoryViews
from .lists import CheckedChoices, CheckedSelection, FoldedSearch, LacksEnglishFilter, year_filter

PUBLICATION_FIELDS = publishing.PUBLICATION_FIELDS
STAFF_NOTE = (_("For staff only"), {"fields": ("staff_note",)})


class StaffInput(CheckedChoices):
    """Dates and numbers as staff write them: a partial date in one box (its precision is what
    was typed), numbers grouped as in the staff member's language ("22.000,5", "22,000.5")."""

    formfield_overrides = FORMFIELD_OVERRIDES

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in {a.date_field for a in partial_dates(self.model)}:
            return PartialDateField(
                required=not db_field.blank,
                label=capfirst(db_field.verbose_name),
                help_text=_("A year (2025), a month (June 2027) or a day (2022-02-25)."),
            )
        if isinstance(db_field, models.DecimalField):
            kwargs["localize"] = True
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_fieldsets(self, request, obj=None):
        precisions = {a.precision_field for a in partial_dates(self.model)}

        def without_precisions(names):
            kept = []
            for name in names:
                if isinstance(name, list | tuple):
                    name = tuple(without_precisions(name))
                    name = name[0] if len(name) == 1 else name
                if name and name not in precisions:
                    kept.append(name)
            return kept

        return [
            (title, {**options, "fields": without_precisions(options["fields"])})
            for title, options in super().get_fieldsets(request, obj)
        ]


class ProposedChildren(BaseInlineFormSet):
    """Inline forms that show, unbound, the children a record built from a pending change holds
    (publishing.editing()): changed ones as they would be, new ones as extra forms."""

    def get_queryset(self):
        proposed = getattr(self.instance, "proposed_children", None)
        if self.is_bound or proposed is None:
            return super().get_queryset()
        return [child for child in proposed.get(self.prefix, []) if child.pk is not None]


def new_children(record, accessor):
    return [c for c in getattr(record, "proposed_children", {}).get(accessor, []) if c.pk is None]


def initial_of(child):
    """The initial values of an extra inline form showing a child not yet saved."""
    initial = model_to_dict(child)
    for name, related in getattr(child, "_prefetched_objects_cache", {}).items():
        initial[name] = list(related)
    for attribute in partial_dates(type(child)):
        initial[attribute.date_field] = attribute.__get__(child)
    return initial


class ContentInline(StaffInput):
    """The children a record's form edits with it (content.CHILDREN), under `accessor`."""

    formset = ProposedChildren
    accessor = None

    def get_extra(self, request, obj=None, **kwargs):
        return len(new_children(obj, self.accessor))


class ContentAdmin(
    CheckedSelection, HistoryViews, StaffInput, FoldedSearch, TabbedTranslationAdmin
):
    """Admin for translated content: tabs for Vietnamese and English, a column showing what
    still lacks English, history and restore (admin/history.py), and, for publishable kinds,
    the editor/publisher split of programme/publishing.py."""

    form = ContentForm
    change_form_template = "admin/programme/change_form.html"
    change_list_template = "admin/programme/change_list.html"
    list_per_page = 50
    actions = ["publish", "unpublish"]

    # The form: what a staff member may edit, and what it shows them.

    def publishes(self, request):
        return publishing.may_publish(request.user, self.model)

    def live_for_publisher(self, request, obj):
        return obj is not None and self.publishes(request) and publishing.is_live(obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        """The form for this staff member: with the time for changes to go live where they may
        set one (a publisher's form of a live record), and nowhere else."""
        base = kwargs.pop("form", self.form)
        if self.live_for_publisher(request, obj):
            base = type(base.__name__, (GoLiveForm, base), {})
        form = super().get_form(request, obj, change=change, form=base, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self.live_for_publisher(request, obj):
            fieldsets = [*fieldsets, (_("Review and scheduling"), {"fields": (GO_LIVE_FIELD,)})]
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if not self.publishes(request):
            fields = (*fields, *(f for f in PUBLICATION_FIELDS if hasattr(self.model, f)))
        return fields

    def get_object(self, request, object_id, from_field=None):
        """On a change form's GET, the record as the staff member edits it (with the pending
        change they edit on top of); on a save, the record as stored, its row locked until the
        save ends."""
        record = super().get_object(request, object_id, from_field)
        if record is None:
            return None
        if request.method == "POST":
            if transaction.get_connection().in_atomic_block:
                record = type(record)._base_manager.select_for_update().get(pk=record.pk)
            return record
        if request.resolver_match and request.resolver_match.url_name.endswith("_change"):
            record = publishing.editing_record(record, request.user)
        return record

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if request.method != "POST" and new_children(obj, prefix):
            kwargs["initial"] = [initial_of(child) for child in new_children(obj, prefix)]
        return kwargs

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        context = dict(extra_context or {})
        record = None
        if object_id is not None:
            record = admin.ModelAdmin.get_object(self, request, unquote(object_id))
            if record is not None:
                context |= {
                    "showing_change": publishing.change_shown(record, request.user) is not None,
                    "pending_change": PendingChange.objects.of(record)
                    .select_related("author", "reviewer")
                    .first(),
                    "changes_reviewed": publishing.is_live(record) and not self.publishes(request),
                    "may_submit": issubclass(self.model, Publishable)
                    and not publishing.is_live(record)
                    and not self.publishes(request),
                }
        return super().changeform_view(request, object_id, form_url, context)

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

    # Saving: the admin hands the values to publishing.save().

    def save_model(self, request, obj, form, change):
        """Nothing here: save_related() saves the record with its links and children at once."""

    def save_related(self, request, form, formsets, change):
        shown = publishing.change_shown(form.instance, request.user) if change else None
        for formset in formsets:
            formset.save(commit=False)  # Lists what it changes, for the message; saves nothing.
        comment = self.construct_change_message(request, form, formsets, not change)
        record, saved = publishing.save(
            form.instance,
            form_state(form, formsets),
            user=request.user,
            files=form_files(form),
            go_live_at=form.cleaned_data.get(GO_LIVE_FIELD),
            comment=json.dumps(comment),
            on_top_of=shown,
        )
        form.instance.pk, form.instance.saved_as = record.pk, saved
        for name, removed in removed_texts(form):
            self.message_user(
                request,
                gettext("Shown without what is unsafe in “%(field)s”: %(removed)s.")
                % {"field": form.fields[name].label, "removed": ", ".join(removed)},
                messages.WARNING,
            )

    def log_change(self, request, obj, message):
        if getattr(obj, "saved_as", None) in (
            publishing.Saved.PROPOSED,
            publishing.Saved.SCHEDULED,
        ):
            message = [{"proposed": {}}]
        return super().log_change(request, obj, message)

    def response_add(self, request, obj, post_url_continue=None):
        if "_submit" in request.POST and obj.saved_as is publishing.Saved.DRAFT:
            return self.submitted(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        saved = getattr(obj, "saved_as", None)
        if "_submit" in request.POST and saved is publishing.Saved.DRAFT:
            return self.submitted(request, obj)
        if saved not in (publishing.Saved.PROPOSED, publishing.Saved.SCHEDULED):
            return super().response_change(request, obj)
        change = PendingChange.objects.of(obj).get()
        if saved is publishing.Saved.SCHEDULED:
            when = formats.date_format(
                timezone.localtime(change.go_live_at), "SHORT_DATETIME_FORMAT"
            )
            message = gettext("Your changes are scheduled to go live at %(time)s.") % {"time": when}
        else:
            message = gettext(
                "Your changes are saved and wait for a publisher's review: the public still "
                "sees the published version."
            )
        self.message_user(request, message, messages.SUCCESS)
        return HttpResponseRedirect(request.path)

    def submitted(self, request, obj):
        publishing.submit_for_review(obj, user=request.user)
        self.message_user(
            request,
            gettext("Saved and submitted for review: a publisher will publish it or send it back."),
            messages.SUCCESS,
        )
        return HttpResponseRedirect(request.path)

    def delete_model(self, request, obj):
        publishing.delete([obj], user=request.user)

    def delete_queryset(self, request, queryset):
        publishing.delete(list(queryset), user=request.user)

    # Lists

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not issubclass(self.model, Publishable):
            actions.pop("publish", None)
            actions.pop("unpublish", None)
        return actions

    def get_changelist_instance(self, request):
        """Edits in the list go live at once: offered to those who publish."""
        changelist = super().get_changelist_instance(request)
        if not self.publishes(request):
            changelist.list_editable = ()
        return changelist

    def get_list_filter(self, request):
        publication = ("publication_status",) if issubclass(self.model, Publishable) else ()
        return (*publication, *super().get_list_filter(request), LacksEnglishFilter)

    def has_publish_permission(self, request):
        return self.publishes(request)

    @admin.action(description=_("Publish the selected records"), permissions=["publish"])
    def publish(self, request, queryset):
        count = publishing.publish(
            queryset, user=request.user, comment=gettext("Published from the list.")
        )
        message = ngettext("%(count)d record published.", "%(count)d records published.", count)
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Unpublish the selected records"), permissions=["publish"])
    def unpublish(self, request, queryset):
        count = publishing.unpublish(
            queryset, user=request.user, comment=gettext("Unpublished from the list.")
        )
        message = ngettext("%(count)d record unpublished.", "%(count)d records unpublished.", count)
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

    @admin.display(description=_("publication"), ordering="publication_status")
    def publication(self, obj):
        if obj.publication_status == PublicationStatus.DRAFT:
            return _("Draft")
        if obj.is_public:
            return _("Published")
        if obj.unpublish_at is not None and obj.unpublish_at <= timezone.now():
            return _("Taken down")
        return _("Scheduled")

    @admin.display(boolean=True, description=_("English complete"))
    def english_complete(self, obj):
        return not obj.fields_lacking_english()


def removed_texts(form):
    """[(field, what showing it leaves out)] for the Markdown texts of a form."""
    found = []
    for text in getattr(form._meta.model, "cited_texts", ()):
        for code, _language in settings.LANGUAGES:
            name = f"{text}_{code}"
            removed = removed_by_sanitiser(form.cleaned_data.get(name) or "")
            if name in form.fields and removed:
                found.append((name, removed))
    return found


class KeyFigureInlineForm(PartialDatesForm):
    """A key figure inside its project's form: its 'as of' date read as staff type it."""


class KeyFigureInline(ContentInline, TranslationTabularInline):
    model = KeyFigure
    accessor = "key_figures"
    form = KeyFigureInlineForm
    fields = ("label", "value", "unit", "as_of_date", "as_of_precision", "source", "position")
    autocomplete_fields = ("source",)


class MilestoneInlineForm(CitingForm, PartialDatesForm):
    """A milestone inside its project's form: markers checked, its date read as staff type it."""


class MilestoneInline(ContentInline, TranslationStackedInline):
    model = Milestone
    accessor = "milestones"
    form = MilestoneInlineForm
    fk_name = "project"
    fields = ("title", "kind", "date", "date_precision", "description", "sources", "staff_note")
    autocomplete_fields = ("sources",)
    show_change_link = True


ADDRESS_AND_PUBLICATION = (
    _("Address and publication"),
    {"fields": ("slug", "slug_en", *PUBLICATION_FIELDS)},
)
CITATIONS = (_("Citations"), {"fields": ("sources",)})


@admin.register(Source)
class SourceAdmin(ContentAdmin):
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
        ADDRESS_AND_PUBLICATION,
        STAFF_NOTE,
    )


@admin.register(Theme)
class ThemeAdmin(ContentAdmin):
    list_display = ("name", "slug", "english_complete")
    search_fields = ("name_vi", "name_en", "description_vi", "description_en")
    fields = ("name", "icon", "slug", "slug_en", "description", "sources", "staff_note")
    autocomplete_fields = ("sources",)


@admin.register(Locality)
class LocalityAdmin(ContentAdmin):
    list_display = ("name", "kind", "slug", "english_complete")
    list_filter = ("kind",)
    search_fields = ("name_vi", "name_en")
    fields = ("name", "kind", "slug", "slug_en", "description", "sources", "staff_note")
    autocomplete_fields = ("sources",)


@admin.register(Partner)
class PartnerAdmin(ContentAdmin):
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
    search_fields = (
        *("name_vi", "name_en", "short_name_vi", "short_name_en"),
        *("cooperation_vi", "cooperation_en"),
    )
    autocomplete_fields = ("sources",)
    fieldsets = (
        (None, {"fields": ("name", "short_name", "kind", "country", "website", "cooperation")}),
        (_("Partner since"), {"fields": ("since_date", "since_precision")}),
        (_("Place on the map"), {"fields": ("latitude", "longitude")}),
        (_("Image"), {"fields": ("image", "image_alt")}),
        CITATIONS,
        ADDRESS_AND_PUBLICATION,
        STAFF_NOTE,
    )


@admin.register(Project)
class ProjectAdmin(ContentAdmin):
    list_display = ("title", "status", "places", "featured", "featured_order", "publication")
    # The home page's featured projects are put in order from the list (filter it by featured).
    list_editable = ("featured", "featured_order")
    list_filter = ("status", "themes", "localities", year_filter("start_date"), "featured")
    search_fields = ("title_vi", "title_en", "summary_vi", "summary_en")
    autocomplete_fields = ("themes", "localities", "lead_organisation", "partners", "sources")
    inlines = [KeyFigureInline, MilestoneInline]
    fieldsets = (
        (None, {"fields": ("title", "summary", "body", "status", ("featured", "featured_order"))}),
        (_("Status as of"), {"fields": (("status_as_of_date", "status_as_of_precision"),)}),
        (_("Where and who"), {"fields": ("localities", "themes", "lead_organisation", "partners")}),
        (
            _("Dates"),
            {"fields": (("start_date", "start_precision"), ("end_date", "end_precision"))},
        ),
        (_("Image"), {"fields": ("image", "image_alt")}),
        CITATIONS,
        ADDRESS_AND_PUBLICATION,
        STAFF_NOTE,
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("localities")

    @admin.display(description=_("localities"))
    def places(self, obj):
        return ", ".join(locality.name for locality in obj.localities.all())


@admin.register(Award)
class AwardAdmin(ContentAdmin):
    list_display = ("title", "level", "award_year", "announced", "publication", "english_complete")
    list_filter = ("level", "year")
    search_fields = ("title_vi", "title_en", "organiser_vi", "organiser_en")
    autocomplete_fields = ("project", "sources")
    fieldsets = (
        (None, {"fields": ("title", "organiser", "level", "year", "description", "project")}),
        (
            _("Announcement"),
            {"fields": ("announced_date", "announced_precision", "announced_place")},
        ),
        CITATIONS,
        ADDRESS_AND_PUBLICATION,
        STAFF_NOTE,
    )

    @admin.display(description=_("year"), ordering="year")
    def award_year(self, obj):
        """The year as it is written (2021), not as an amount (2.021)."""
        return str(obj.year)


@admin.register(Milestone)
class MilestoneAdmin(ContentAdmin):
    list_display = ("title", "when", "kind", "project", "publication", "english_complete")
    list_filter = ("kind", year_filter("date"))
    search_fields = ("title_vi", "title_en", "description_vi", "description_en")
    autocomplete_fields = ("project", "award", "partner", "sources")
    fieldsets = (
        (None, {"fields": ("title", "kind", "description")}),
        (_("Date"), {"fields": ("date", "date_precision")}),
        (_("Concerns"), {"fields": ("project", "award", "partner")}),
        CITATIONS,
        (_("Address and publication"), {"fields": ("slug", "slug_en", *PUBLICATION_FIELDS)}),
        STAFF_NOTE,
    )


@admin.register(Page)
class PageAdmin(ContentAdmin):
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
        (_("Image"), {"fields": ("image", "image_alt")}),
        CITATIONS,
        ADDRESS_AND_PUBLICATION,
        STAFF_NOTE,
    )
