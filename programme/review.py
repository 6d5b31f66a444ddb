"""Changes to live content under review: held, compared, previewed, approved, scheduled.

An editor's save of a published record is held as a PendingChange: the submitted change form
(its files saved to the media storage). Applying it binds the same ModelAdmin form and inline
formsets to that data against the record as it is then, validates them as the admin does, and
saves through the ModelAdmin (so links, translations, key figures and milestones follow, and the
search index and the page cache with them). The same bound forms give the difference from the
live version and the preview, built in memory and never saved.
"""

import os

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.forms import all_valid
from django.http import HttpRequest, QueryDict
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _

from portal.cache import content_changed

from .models import Milestone, PendingChange, PublicationStatus, Publishable
from .search_index import reindex

# What a submitted form holds that is no part of the change.
NOT_CONTENT = (
    "csrfmiddlewaretoken",
    "_save",
    "_continue",
    "_addanother",
    "_saveasnew",
    # The time it goes live, which the change records (go_live_at).
    "changes_go_live_at_0",
    "changes_go_live_at_1",
)
PENDING_FILES = "pending"


class ChangeDoesNotFit(Exception):
    """The record changed since the change was made, so that its form no longer validates."""

    def __init__(self, errors):
        super().__init__(errors)
        self.errors = errors


def can_publish(request, model):
    """Whether the user of `request` publishes records of `model`; never while a change made by
    an editor is applied, which runs the form the editor saw (see ProposedForms)."""
    if getattr(request, "as_editor", False):
        return False
    return request.user.has_perm(f"{model._meta.app_label}.publish_{model._meta.model_name}")


def is_live(record):
    """Published, as stored: its changes are reviewed before the public sees them."""
    return (
        record.pk is not None
        and type(record)
        .objects.filter(pk=record.pk, publication_status=PublicationStatus.PUBLISHED)
        .exists()
    )


def submit_change(request, record, *, go_live_at=None):
    """Hold the change form of `request` as the pending change of `record`, replacing any
    earlier one. A publisher's change with `go_live_at` is approved for that time."""
    data = {name: values for name, values in request.POST.lists() if name not in NOT_CONTENT}
    files = {}
    for name, upload in request.FILES.items():
        files[name] = default_storage.save(f"{PENDING_FILES}/{upload.name}", upload)
    scheduled = go_live_at is not None
    change, _created = PendingChange.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        defaults={
            "data": data,
            "files": files,
            "author": request.user,
            "status": PendingChange.Status.SCHEDULED if scheduled else PendingChange.Status.PENDING,
            "reviewer": request.user if scheduled else None,
            "go_live_at": go_live_at,
            "comment": "",
        },
    )
    return change


def form_data(change):
    """The submitted form of `change` as a request carries it: (POST, FILES)."""
    data = QueryDict(mutable=True)
    for name, values in change.data.items():
        data.setlist(name, values)
    files = MultiValueDict(
        {
            name: [File(default_storage.open(stored), name=os.path.basename(stored))]
            for name, stored in change.files.items()
            if default_storage.exists(stored)
        }
    )
    return data, files


class ProposedForms:
    """The admin form and inline formsets of a record, bound to a pending change's data as the
    admin binds a submitted form, and validated."""

    def __init__(self, change, request, *, record=None):
        self.change = change
        self.model_admin = admin.site._registry[change.content_type.model_class()]
        data, files = form_data(change)
        # The form its author saw: an editor's has no publication fields.
        self.request = HttpRequest()
        self.request.method, self.request.user = "POST", request.user
        self.request.POST, self.request.FILES = data, files
        self.request.as_editor = "publication_status" not in data
        self.request.applying_change = change
        if record is None:
            record = self.model_admin.get_object(self.request, str(change.object_id))
        self.record = record
        ModelForm = self.model_admin.get_form(self.request, record)
        self.form = ModelForm(data, files, instance=record)
        # The admin's own way of building inline formsets (prefixes, view-only inlines).
        self.formsets, _inlines = self.model_admin._create_formsets(
            self.request, record, change=True
        )
        self.valid = self.form.is_valid() & all_valid(self.formsets)

    def errors(self):
        errors = [f"{name}: {' '.join(messages)}" for name, messages in self.form.errors.items()]
        for formset in self.formsets:
            errors += [str(error) for error in formset.non_form_errors()]
            for form in formset.forms:
                errors += [
                    f"{name}: {' '.join(messages)}" for name, messages in form.errors.items()
                ]
        return errors

    def children(self):
        """{related name: the records each inline will hold}, in memory, in their order."""
        children = {}
        for formset in self.formsets:
            kept = [
                form.instance
                for form in formset.forms
                if form not in formset.deleted_forms and (form.instance.pk or form.has_changed())
            ]
            ordering = formset.model._meta.ordering
            if "position" in ordering:
                kept.sort(key=lambda child: child.position)
            elif "date" in ordering:
                kept.sort(key=lambda child: child.date)
            children[formset.prefix] = kept
        return children


def apply_change(change, *, request):
    """Make `change` live: save its form through the ModelAdmin, as if submitted now, and
    delete it. Raises ChangeDoesNotFit, saving nothing, when its form no longer validates."""
    with transaction.atomic():
        proposed = ProposedForms(change, request)
        if proposed.record is None or not proposed.valid:
            raise ChangeDoesNotFit(proposed.errors() if proposed.record else [])
        model_admin, form, formsets = proposed.model_admin, proposed.form, proposed.formsets
        record = model_admin.save_form(proposed.request, form, change=True)
        model_admin.save_model(proposed.request, record, form, change=True)
        model_admin.save_related(proposed.request, form, formsets, change=True)
        if request.user.pk is not None:
            message = model_admin.construct_change_message(proposed.request, form, formsets)
            model_admin.log_change(proposed.request, record, message)
        PendingChange.objects.filter(pk=change.pk).delete()
        transaction.on_commit(lambda: forget_files(change))
    return record


def forget_pending_change(sender, instance, **kwargs):
    """post_delete of a publishable record (connected in programme/apps.py)."""
    for change in PendingChange.objects.of(instance):
        change.delete()
        transaction.on_commit(lambda change=change: forget_files(change))


def forget_files(change):
    for stored in change.files.values():
        default_storage.delete(stored)


def proposed_record(change, request, records):
    """The record as `change` would make it, built in memory from a row of `records` (the
    public page's queryset, with what it prefetches), never saved: (record, children), or
    (None, None) when the change no longer validates."""
    record = records.filter(pk=change.object_id).first()
    if record is None:
        return None, None
    proposed = ProposedForms(change, request, record=record)
    if not proposed.valid:
        return None, None
    # Links as the form has them: record.themes.all() and the like read these.
    if not hasattr(record, "_prefetched_objects_cache"):
        record._prefetched_objects_cache = {}
    for field in type(record)._meta.many_to_many:
        if field.name in proposed.form.cleaned_data:
            links = proposed.form.cleaned_data[field.name]
            if issubclass(field.related_model, Publishable):
                links = links.published()
            record._prefetched_objects_cache[field.name] = links
    return record, proposed.children()


def differences(change, request):
    """What `change` changes, field by field: [(label, live value, proposed value)], each inline
    child by its label; [] when the change no longer validates (see its errors)."""
    proposed = ProposedForms(change, request)
    if proposed.record is None:
        return [], []
    rows = form_differences(proposed.form, "")
    for formset in proposed.formsets:
        name = formset.model._meta.verbose_name
        # The forms' instances hold the proposed values by now: named as they are live.
        children = formset.model._default_manager.filter(pk__in=formset.get_queryset())
        live = {child.pk: str(child) for child in children}
        for form in formset.forms:
            if form.instance.pk in live:
                title = f"{name}: {live[form.instance.pk]}"
            else:
                title = _("new %(kind)s") % {"kind": name}
            if form in getattr(formset, "deleted_forms", []) and form.instance.pk in live:
                rows.append((title, live[form.instance.pk], _("(deleted)")))
            elif form.has_changed():
                rows += form_differences(form, f"{title} · ")
    return rows, proposed.errors()


def form_differences(form, prefix):
    rows = []
    for name in form.changed_data:
        if name == "DELETE" or name not in form.fields:
            continue
        field = form.fields[name]
        live = form.get_initial_for_field(field, name)
        new = form.cleaned_data.get(name) if hasattr(form, "cleaned_data") else form.data.get(name)
        live, new = shown(field, live), shown(field, new)
        # Browsers send text areas' line breaks as CRLF: no difference to staff.
        if live.replace("\r\n", "\n") != new.replace("\r\n", "\n"):
            rows.append((f"{prefix}{field.label}", live, new))
    return rows


def shown(field, value):
    """A form value as staff read it."""
    if value in (None, "", [], ()):
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, models.QuerySet | list | tuple):
        items = value if isinstance(value, list | tuple) else list(value)
        if items and not isinstance(items[0], models.Model):
            queryset = getattr(field, "queryset", None)
            items = list(queryset.filter(pk__in=items)) if queryset is not None else items
        return ", ".join(str(item) for item in items) or "—"
    if isinstance(value, int | str) and getattr(field, "queryset", None) is not None:
        return str(field.queryset.filter(pk=value).first() or value)
    choices = dict(getattr(field, "choices", None) or [])
    if choices and value in choices:
        return str(choices[value])
    return str(value)


def send_back(change, *, reviewer, comment):
    change.status = PendingChange.Status.SENT_BACK
    change.reviewer, change.comment, change.go_live_at = reviewer, comment, None
    change.save()


def schedule(change, *, reviewer, go_live_at):
    change.status = PendingChange.Status.SCHEDULED
    change.reviewer, change.go_live_at = reviewer, go_live_at
    change.save()


def system_request(user):
    """A request for applying a scheduled change outside the admin, as its approver."""
    request = HttpRequest()
    request.method = "POST"
    request.user = user or get_user_model()(username="publish_scheduled", is_superuser=True)
    return request


def apply_due_changes():
    """Apply the approved changes whose time has come; one that no longer fits its record is
    sent back to its author with the reason. Returns the number applied."""
    applied = 0
    for change in PendingChange.objects.due().select_related("reviewer", "content_type"):
        with transaction.atomic():
            # Another process may have applied it meanwhile.
            current = PendingChange.objects.due().select_for_update().filter(pk=change.pk).first()
            if current is None:
                continue
            try:
                apply_change(current, request=system_request(change.reviewer))
                applied += 1
            except ChangeDoesNotFit as error:
                comment = _("It could not go live at its time: %(errors)s") % {
                    "errors": "; ".join(error.errors)
                }
                send_back(current, reviewer=change.reviewer, comment=comment)
    return applied


def take_down_expired():
    """Make drafts of the published records whose `unpublish_at` has passed (the public already
    no longer sees them: published() leaves them out). Returns their number."""
    from .scheduling import scheduled_models

    now = timezone.now()
    count = 0
    for model in scheduled_models():
        expired = model.objects.filter(
            publication_status=PublicationStatus.PUBLISHED, unpublish_at__lte=now
        )
        selected = list(expired.values_list("pk", flat=True))
        if selected:
            count += expired.update(publication_status=PublicationStatus.DRAFT, unpublish_at=None)
            reindex(model.objects.filter(pk__in=selected))
    if count:
        content_changed()
    return count


def children_follow(project):
    """The project's milestones take its publication: published, scheduled and taken down with
    it (key figures have none: they show with their project)."""
    milestones = Milestone.objects.filter(project=project)
    milestones.update(
        publication_status=project.publication_status,
        publish_at=project.publish_at,
        unpublish_at=project.unpublish_at,
    )
    reindex(milestones)


def validate_schedule(record, cleaned_data):
    """A live record is not taken off the site by a publish time ahead: that is for
    `unpublish_at`, and changes are scheduled with the form's own time."""
    publish_at = cleaned_data.get("publish_at")
    if record.pk and publish_at and publish_at > timezone.now() and record.is_public:
        raise ValidationError(
            {
                "publish_at": _(
                    "This record is on the site: a publication time ahead would take it off "
                    "until then. To schedule your changes, fill in “Make these changes live "
                    "at”; to take the record down at a time, fill in “unpublish at”."
                )
            }
        )
