"""The publishers' side of review: the pending changes, each with its difference from the live
record, a preview in either language, and the decision (programme/publishing.py decides)."""

import mimetypes

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AdminSplitDateTime
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .. import changes, publishing, states, views
from ..models import PendingChange
from .lists import CheckedSelection, staff_page


class DecisionForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment for the author"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    go_live_at = forms.SplitDateTimeField(
        label=_("Go live at"), required=False, widget=AdminSplitDateTime
    )
    # What the page showed: a decision on anything else is refused (publishing.OutOfDate).
    seen = forms.CharField(widget=forms.HiddenInput)

    def clean_go_live_at(self):
        moment = self.cleaned_data.get("go_live_at")
        if moment is not None and moment <= timezone.now():
            raise forms.ValidationError(_("Choose a time in the future."))
        return moment


def publishes_something(user):
    return any(perm.split(".")[-1].startswith("publish_") for perm in user.get_all_permissions())


def decides(request, change):
    return publishing.may_publish(request.user, change.content_type.model_class())


@admin.register(PendingChange)
class PendingChangeAdmin(CheckedSelection, admin.ModelAdmin):
    # The first column links to each change's review page, as admin lists do.
    list_display = ("record_name", "kind", "action", "author", "status", "updated_at", "go_live_at")
    list_filter = ("status", "action", ("content_type", admin.RelatedOnlyFieldListFilter))
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

    def delete_model(self, request, obj):
        publishing.withdraw(obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for change in queryset:
            publishing.withdraw(change, user=request.user)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/preview/<str:language>/",
                view(self.preview_view),
                name="programme_change_preview",
            ),
            path("file/<str:name>", view(self.file_view), name="programme_pendingchange_file"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        change = self.get_object(request, unquote(object_id))
        if change is None or change.record is None:
            raise Http404
        may_decide = decides(request, change)
        form = DecisionForm(request.POST or None, initial={"seen": publishing.fingerprint(change)})
        if request.method == "POST":
            if "_withdraw" in request.POST and change.author_id == request.user.pk:
                publishing.withdraw(change, user=request.user)
                self.message_user(request, gettext("Your change is withdrawn."), messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:index"))
            if not may_decide:
                raise PermissionDenied
            if form.is_valid():
                response = self.decide(request, change, form)
                if response is not None:
                    return response
                form = DecisionForm(initial={"seen": publishing.fingerprint(change)})
        return self.review_page(request, change, form, may_decide)

    def review_page(self, request, change, form, may_decide):
        kind = change.content_type.model_class()
        record = change.record
        if change.action == PendingChange.Action.PUBLISH:
            now, proposed, conflicts = states.State({}), states.of(record), []
        else:
            now = states.of(record)
            proposed, conflicts = publishing.proposal(change, record)
        has_page = hasattr(kind, "get_absolute_url") and kind._meta.model_name != "milestone"
        context = {
            "change": change,
            "rows": changes.differences(kind, now, proposed, files=change.files),
            "conflicts": changes.conflict_labels(kind, conflicts),
            "form": form,
            "may_decide": may_decide,
            "record_url": reverse(
                f"admin:programme_{kind._meta.model_name}_change", args=[change.object_id]
            ),
            "previews": [
                (code, name, reverse("admin:programme_change_preview", args=[change.pk, code]))
                for code, name in (("vi", "Tiếng Việt"), ("en", "English"))
            ]
            if has_page
            else [],
            "media": self.media + form.media,
        }
        title = gettext("Review: %(record)s") % {"record": change}
        return staff_page(
            self, request, "admin/programme/pendingchange/review.html", title, **context
        )

    def decide(self, request, change, form):
        """Carry out the decision; None when the page is to be shown again, as it is now."""
        seen, moment = form.cleaned_data["seen"], form.cleaned_data["go_live_at"]
        changelist = HttpResponseRedirect(reverse("admin:programme_pendingchange_changelist"))
        try:
            if "_send_back" in request.POST:
                publishing.send_back(
                    change, user=request.user, comment=form.cleaned_data["comment"], seen=seen
                )
                self.message_user(request, gettext("The change was sent back to its author."))
                return changelist
            if "_schedule" in request.POST:
                if moment is None:
                    self.message_user(
                        request, gettext("Choose the time it goes live."), messages.ERROR
                    )
                    return None
                publishing.approve_for(change, user=request.user, go_live_at=moment, seen=seen)
                when = date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")
                message = gettext("The change will go live at %(time)s.") % {"time": when}
                self.message_user(request, message, messages.SUCCESS)
                return changelist
            publishing.approve(change, user=request.user, seen=seen)
        except publishing.OutOfDate:
            message = gettext(
                "The change or the record changed after you opened this page, so nothing was "
                "decided. Below is the difference as it is now."
            )
            self.message_user(request, message, messages.ERROR)
            return None
        except publishing.ChangeDoesNotFit as error:
            message = gettext("This change no longer fits the record as it is now: %(problem)s") % {
                "problem": error.problem.get(translation.get_language()[:2], "")
            }
            self.message_user(request, message, messages.ERROR)
            return None
        self.message_user(request, gettext("The change is live."), messages.SUCCESS)
        return changelist

    def preview_view(self, request, pk, language):
        change = get_object_or_404(self.get_queryset(request), pk=pk)
        kind = change.content_type.model_class()
        if (
            language not in ("vi", "en")
            or kind._meta.model_name == "milestone"
            or change.record is None
        ):
            raise Http404
        with translation.override(language):
            records = views.detail_records(kind, request.user)
            record = records.filter(pk=change.object_id).first()
            if record is None:
                raise Http404
            state = publishing.proposal(change, record)[0]
            built = states.build(record, state)
            response = views.render_detail(
                request, built, children=built.proposed_children, preview=True
            )
        patch_cache_control(response, private=True, no_store=True)
        return response

    def file_view(self, request, name):
        """A file a pending change brings, to staff who may see the change."""
        visible = PendingChange.objects.all()
        if not publishes_something(request.user):
            visible = visible.filter(author=request.user)
        if not any(name in files.values() for files in visible.values_list("files", flat=True)):
            raise Http404
        storage = publishing.pending_storage()
        if not storage.exists(name):
            raise Http404
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        response = FileResponse(storage.open(name), content_type=content_type)
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        patch_cache_control(response, private=True, no_store=True)
        return response
