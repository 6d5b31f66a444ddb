"""History, compare, restore and the recycle bin of every kind of content: the versions that
django-reversion keeps (programme/versions.py), read as states (programme/states.py) and
shown as staff read them (programme/changes.py). A restore shows first what it will add, change
and remove, and is itself made by programme/publishing.py."""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext
from reversion.models import Version

from .. import changes, publishing, states, versions
from .lists import is_key, staff_page


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


def version_of(queryset, value):
    """The version of `queryset` whose key is `value` as a query gave it, or 404: junk is no
    version."""
    if not is_key(Version._meta.pk, value):
        raise Http404
    return get_object_or_404(queryset, pk=int(value))


class HistoryViews:
    """A ModelAdmin's history (each version with the fields it changed), compare, restore and
    recycle bin. Everyone who sees a record sees its history; publishers restore."""

    object_history_template = "admin/programme/object_history.html"

    def has_restore_permission(self, request):
        return publishing.may_publish(request.user, self.model)

    def get_urls(self):
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        view = self.admin_site.admin_view
        return [
            path("recycle-bin/", view(self.recycle_bin_view), name=f"{info}_recyclebin"),
            path("recycle-bin/<str:version_id>/", view(self.recover_view), name=f"{info}_recover"),
            path(
                "<path:object_id>/history/compare/", view(self.compare_view), name=f"{info}_compare"
            ),
            path(
                "<path:object_id>/history/<str:version_id>/restore/",
                view(self.restore_view),
                name=f"{info}_restore",
            ),
            *super().get_urls(),
        ]

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

    def changelist_view(self, request, extra_context=None):
        context = {"can_restore": self.has_restore_permission(request), **(extra_context or {})}
        return super().changelist_view(request, context)

    def history_view(self, request, object_id, extra_context=None):
        """Every version of the record, newest first, each with the fields it changed."""
        found = list(
            Version.objects.get_for_object_reference(self.model, unquote(object_id))
            .select_related("revision__user")
            .prefetch_related("revision__version_set")
            .order_by("revision__date_created", "pk")
        )
        read = [states.from_version(version) for version in found]
        history = [
            {
                "version": version,
                "changed": None
                if earlier is None
                else [
                    changes.label(self.model, name)
                    for name in changes.changed_names(self.model, earlier, state)
                ]
                + [
                    str(
                        self.model._meta.get_field(accessor).related_model._meta.verbose_name_plural
                    )
                    for accessor in state.children
                    if earlier.children.get(accessor) != state.children[accessor]
                ],
            }
            for earlier, version, state in zip([None, *read], found, read, strict=False)
        ]
        context = {
            "history": history[::-1],
            "can_restore": self.has_restore_permission(request),
            **(extra_context or {}),
        }
        return super().history_view(request, object_id, context)

    def compare_view(self, request, object_id):
        """Two versions of a record side by side: each changed field, old value beside new."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        record_versions = Version.objects.get_for_object_reference(self.model, unquote(object_id))
        old = version_of(record_versions, request.GET.get("old"))
        new = version_of(record_versions, request.GET.get("new"))
        if old.revision.date_created > new.revision.date_created:
            old, new = new, old
        rows = changes.differences(self.model, states.from_version(old), states.from_version(new))
        title = gettext("Compare versions of “%(name)s”") % {"name": new.object_repr}
        return staff_page(
            self,
            request,
            "admin/programme/compare.html",
            title,
            object_id=object_id,
            old=old,
            new=new,
            rows=rows,
            can_restore=self.has_restore_permission(request),
        )

    def restore_view(self, request, object_id, version_id):
        """What restoring a version adds, changes and removes; restored on confirmation."""
        if not self.has_restore_permission(request):
            raise PermissionDenied
        version = version_of(
            Version.objects.get_for_object_reference(self.model, unquote(object_id)), version_id
        )
        record, state = publishing.restoring(version)
        if record is None:
            raise Http404
        errors = []
        if request.method == "POST":
            try:
                publishing.restore_version(version, user=request.user)
            except ValidationError as error:
                errors = error.messages
            else:
                self.message_user(
                    request,
                    gettext("The version is restored: it is itself a new version."),
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(
                    reverse(
                        f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
                        args=[record.pk],
                    )
                )
        title = gettext("Restore the version of %(date)s") % {"date": version.revision.date_created}
        rows = changes.differences(self.model, states.of(record), state)
        return staff_page(
            self,
            request,
            "admin/programme/restore.html",
            title,
            record=record,
            version=version,
            rows=rows,
            errors=errors,
        )

    def recycle_bin_view(self, request):
        if not self.has_restore_permission(request):
            raise PermissionDenied
        deleted = versions.deleted_versions(self.model).select_related("revision__user")
        title = gettext("Recycle bin: deleted %(kind)s") % {"kind": self.opts.verbose_name_plural}
        return staff_page(self, request, "admin/programme/recycle_bin.html", title, deleted=deleted)

    def recover_view(self, request, version_id):
        """What restoring a deleted record brings back; restored on confirmation."""
        if not self.has_restore_permission(request):
            raise PermissionDenied
        version = version_of(versions.deleted_versions(self.model), version_id)
        coming_back = publishing.recovering(version)
        errors = []
        if request.method == "POST":
            try:
                record = publishing.restore_deleted(version, user=request.user)
            except ValidationError as error:
                errors = error.messages
            else:
                self.message_user(
                    request, gettext("Restored from the recycle bin."), messages.SUCCESS
                )
                return HttpResponseRedirect(
                    reverse(
                        f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
                        args=[record.pk],
                    )
                )
        title = gettext("Restore “%(name)s” from the recycle bin") % {"name": version.object_repr}
        return staff_page(
            self,
            request,
            "admin/programme/recover.html",
            title,
            version=version,
            coming_back=coming_back,
            errors=errors,
        )
