"""The admin side of review (programme/review.py): editors' saves of live records held as
pending changes, the publishers' list of them with the difference, the preview and the
decision, and scheduling."""

from functools import partialmethod

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AdminSplitDateTime
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _

from . import review, views
from .models import PendingChange, Project, PublicationStatus

GO_LIVE_FIELD = "changes_go_live_at"


class ReviewedForm(forms.ModelForm):
    """The change form of publishable content, with the time at which a publisher's changes to a
    live record go live (empty: at once)."""

    changes_go_live_at = forms.SplitDateTimeField(
        label=_("Make these changes live at"),
        required=False,
        widget=AdminSplitDateTime,
        help_text=_(
            "Leave empty to make your changes live at once. With a time, the public keeps "
            "seeing the published version until then."
        ),
    )

    def clean_changes_go_live_at(self):
        moment = self.cleaned_data.get(GO_LIVE_FIELD)
        if moment is not None and moment <= timezone.now():
            raise forms.ValidationError(_("Choose a time in the future."))
        return moment

    def clean(self):
        cleaned_data = super().clean()
        review.validate_schedule(self.instance, cleaned_data)
        return cleaned_data


class ReviewedChanges:
    """For the ModelAdmin of publishable content. Changes to a published record by someone who
    cannot publish it are held for review (PendingChange) instead of going live, and so are a
    publisher's changes given a time to go live. The form shows a record's pending change, so
    that nothing proposed is lost by opening it again."""

    form = ReviewedForm
    change_form_template = "admin/programme/reviewed_change_form.html"

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if object_id is not None:
            record = self.get_object(request, unquote(object_id))
            change = record and PendingChange.objects.of(record).select_related("reviewer").first()
            if change is not None and request.method != "POST":
                request.proposed_change = change
            extra_context = {
                **(extra_context or {}),
                "pending_change": change,
                "changes_reviewed": record is not None
                and record.publication_status == PublicationStatus.PUBLISHED
                and not review.can_publish(request, self.model),
            }
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        proposed = getattr(request, "proposed_change", None)
        if proposed is None:
            return form
        data, files = review.form_data(proposed)
        return type(form.__name__, (form,), {"__init__": partialmethod(form.__init__, data, files)})

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        proposed = getattr(request, "proposed_change", None)
        if proposed is not None:
            kwargs["data"], kwargs["files"] = review.form_data(proposed)
        return kwargs

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and review.can_publish(request, self.model) and review.is_live(obj):
            fieldsets = [*fieldsets, (_("Review and scheduling"), {"fields": (GO_LIVE_FIELD,)})]
        return fieldsets

    def holds(self, request, record, form):
        if getattr(request, "applying_change", None) is not None or not review.is_live(record):
            return False
        scheduled = form.cleaned_data.get(GO_LIVE_FIELD) is not None
        return scheduled or not review.can_publish(request, self.model)

    def save_model(self, request, obj, form, change):
        if change and self.holds(request, obj, form):
            request.held_for_review = True
            return
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        if getattr(request, "held_for_review", False):
            go_live_at = form.cleaned_data.get(GO_LIVE_FIELD)
            review.submit_change(request, form.instance, go_live_at=go_live_at)
            return
        super().save_related(request, form, formsets, change)
        if isinstance(form.instance, Project):
            review.children_follow(form.instance)
        if change and getattr(request, "applying_change", None) is None:
            # Saved live by a publisher, from the form that showed the pending change.
            PendingChange.objects.of(form.instance).delete()

    def construct_change_message(self, request, form, formsets, add=False):
        if getattr(request, "held_for_review", False):
            return _("Proposed a change for review.")
        return super().construct_change_message(request, form, formsets, add)

    def response_change(self, request, obj):
        if not getattr(request, "held_for_review", False):
            return super().response_change(request, obj)
        change = PendingChange.objects.of(obj).get()
        if change.status == PendingChange.Status.SCHEDULED:
            message = _("Your changes are scheduled to go live at %(time)s.") % {
                "time": formats_time(change.go_live_at)
            }
        else:
            message = _(
                "Your changes are saved and wait for a publisher's review: the public still "
                "sees the published version."
            )
        self.message_user(request, message, messages.SUCCESS)
        return HttpResponseRedirect(request.path)


def formats_time(moment):
    from django.utils.formats import date_format

    return date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


class DecisionForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment for the author"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    go_live_at = forms.SplitDateTimeField(
        label=_("Go live at"), required=False, widget=AdminSplitDateTime
    )

    def clean_go_live_at(self):
        moment = self.cleaned_data.get("go_live_at")
        if moment is not None and moment <= timezone.now():
            raise forms.ValidationError(_("Choose a time in the future."))
        return moment


@admin.register(PendingChange)
class PendingChangeAdmin(admin.ModelAdmin):
    # The first column links to each change's review page, as admin lists do.
    list_display = ("record_name", "kind", "author", "status", "created_at", "go_live_at")
    list_filter = ("status", ("content_type", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("content_type", "author")

    def get_queryset(self, request):
        changes = super().get_queryset(request).prefetch_related("record")
        if publishes_something(request.user):
            return changes
        return changes.filter(author=request.user)

    @admin.display(description=_("record"))
    def record_name(self, change):
        return str(change)

    @admin.display(description=_("kind"), ordering="content_type")
    def kind(self, change):
        return change.kind

    def has_add_permission(self, request):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def has_change_permission(self, request, obj=None):
        return self.has_view_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is None:
            return publishes_something(request.user)
        return obj.author_id == request.user.pk or decides(request, obj)

    def get_urls(self):
        preview = self.admin_site.admin_view(self.preview_view)
        return [
            path("<int:pk>/preview/<str:language>/", preview, name="programme_change_preview"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        change = self.get_object(request, unquote(object_id))
        if change is None:
            raise Http404
        may_decide = decides(request, change)
        form = DecisionForm(request.POST or None)
        if request.method == "POST":
            if not may_decide:
                raise PermissionDenied
            if form.is_valid():
                return self.decide(request, change, form)
        rows, errors = review.differences(change, request)
        model = change.content_type.model_class()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Review a change: %(record)s") % {"record": change},
            "change": change,
            "rows": rows,
            "errors": errors,
            "form": form,
            "may_decide": may_decide,
            "record_url": reverse(
                f"admin:{model._meta.app_label}_{model._meta.model_name}_change",
                args=[change.object_id],
            ),
            "previews": [
                (code, name, reverse("admin:programme_change_preview", args=[change.pk, code]))
                for code, name in (("vi", "Tiếng Việt"), ("en", "English"))
            ]
            if hasattr(model, "get_absolute_url") and model._meta.model_name != "milestone"
            else [],
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/programme/pendingchange/review.html", context)

    def decide(self, request, change, form):
        changelist = reverse("admin:programme_pendingchange_changelist")
        if "_send_back" in request.POST:
            review.send_back(change, reviewer=request.user, comment=form.cleaned_data["comment"])
            self.message_user(request, _("The change was sent back to its author."))
            return HttpResponseRedirect(changelist)
        moment = form.cleaned_data["go_live_at"]
        if "_schedule" in request.POST and moment is not None:
            review.schedule(change, reviewer=request.user, go_live_at=moment)
            message = _("The change will go live at %(time)s.") % {"time": formats_time(moment)}
            self.message_user(request, message, messages.SUCCESS)
            return HttpResponseRedirect(changelist)
        if "_schedule" in request.POST:
            self.message_user(request, _("Choose the time it goes live."), messages.ERROR)
            return HttpResponseRedirect(request.path)
        try:
            review.apply_change(change, request=request)
        except review.ChangeDoesNotFit:
            message = _("The record has changed since: this change no longer fits it.")
            self.message_user(request, message, messages.ERROR)
            return HttpResponseRedirect(request.path)
        self.message_user(request, _("The change is live."), messages.SUCCESS)
        return HttpResponseRedirect(changelist)

    def preview_view(self, request, pk, language):
        change = get_object_or_404(self.get_queryset(request), pk=pk)
        model = change.content_type.model_class()
        if language not in ("vi", "en") or model._meta.model_name == "milestone":
            raise Http404
        with translation.override(language):
            records = views.detail_records(model, request.user)
            record, children = review.proposed_record(change, request, records)
            if record is None:
                raise Http404(_("This change no longer fits its record."))
            response = views.render_detail(request, record, children=children, preview=True)
        patch_cache_control(response, private=True, no_store=True)
        return response


def publishes_something(user):
    return any(perm.split(".")[-1].startswith("publish_") for perm in user.get_all_permissions())


def decides(request, change):
    return review.can_publish(request, change.content_type.model_class())
