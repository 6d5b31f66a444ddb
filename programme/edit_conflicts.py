"""Refusing a save made from an admin change form that is older than the record.

When a change form opens it carries, signed (django.core.signing), the values its fields and its
inline children had then. The save reads the record again with its row locked and compares: if
someone else changed any of those values meanwhile, the save is refused, the form is shown again
with the staff member's input, and beside it what the other person changed, field by field, with
who and when (from the admin's LogEntry). The form shown again carries the record's current
values, so that saving it once more, deliberately, goes through.
"""

import datetime
import decimal
from dataclasses import dataclass

from django import forms
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.exceptions import FieldDoesNotExist
from django.db import transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext, gettext_lazy

SALT = "programme.edit-conflicts"
REFUSED_OUTDATED = gettext_lazy(
    "Someone else saved this record after you opened this form, so your changes have not been "
    "saved. What they changed is shown below; your input is still in the form."
)
REFUSED_UNREADABLE = gettext_lazy(
    "This form could not be compared with the record, so your changes have not been saved. "
    "Your input is still in the form: open the record again to see it as it is now."
)


class EditToken(forms.CharField):
    """The hidden field of the signed values; never part of what staff changed."""

    widget = forms.HiddenInput

    def has_changed(self, initial, data):
        return False


@dataclass
class Difference:
    part: str  # the inline child it concerns, "" for the record itself
    label: str
    opened: str
    now: str
    child: object = None  # that child, while it exists


@dataclass
class Conflict:
    differences: list
    last_change: LogEntry | None


def comparable(field, instance):
    """A field's value as JSON can carry it and as the database holds it."""
    if field.many_to_many:
        return sorted(str(related.pk) for related in getattr(instance, field.name).all())
    if field.value_from_object(instance) is None:
        return None
    return field.value_to_string(instance)


def model_fields(model, names):
    found = {}
    for name in names:
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if field.concrete and not field.primary_key:
            found[name] = field
    return found


def field_values(instance, names):
    return {
        name: comparable(field, instance)
        for name, field in model_fields(type(instance), names).items()
    }


def editing_state(form_class, inline_formsets, instance):
    """What the change form of `instance` edits: its own fields and each inline child's."""
    state = {"record": field_values(instance, form_class.base_fields)}
    for formset_class in inline_formsets:
        formset = formset_class(instance=instance)
        fields = model_fields(formset.model, formset_class.form.base_fields)
        many = [name for name, field in fields.items() if field.many_to_many]
        state[formset.prefix] = {
            str(child.pk): field_values(child, fields)
            for child in formset.get_queryset().prefetch_related(*many)
        }
    return state


def sign(state):
    return signing.dumps(
        {"opened_at": timezone.now().isoformat(), "state": state}, salt=SALT, compress=True
    )


def shown(field, value):
    """A value of `field` as comparable() gave it, as staff read it."""
    if value is None or value in ("", []):
        return ""
    if field.many_to_many:
        related = field.related_model._default_manager.filter(pk__in=value)
        return ", ".join(sorted(str(record) for record in related))
    if field.many_to_one:
        record = field.related_model._default_manager.filter(pk=value).first()
        return str(record) if record is not None else value
    python = field.to_python(value)
    if field.choices:
        return str(dict(field.flatchoices).get(python, python))
    if isinstance(python, bool):
        return gettext("yes") if python else gettext("no")
    if isinstance(python, datetime.datetime):
        return formats.localize(timezone.localtime(python))
    if isinstance(python, datetime.date | decimal.Decimal | int | float):
        return formats.localize(python)
    return value


def label_of(field):
    """A field's name in the active language; modeltranslation's own labels ("Title [vi]") are
    fixed in English when the models load."""
    original = getattr(field, "translated_field", None)
    if original is not None:
        return f"{capfirst(original.verbose_name)} [{field.language}]"
    return str(capfirst(field.verbose_name))


def differences_of(model, opened, now, part="", child=None):
    found = []
    for name, field in model_fields(model, [*opened, *now]).items():
        if opened.get(name) != now.get(name):
            was, is_now = shown(field, opened.get(name)), shown(field, now.get(name))
            found.append(Difference(part, label_of(field), was, is_now, child))
    return found


class EditConflictForm(forms.ModelForm):
    """The admin form of every content kind: see the module's docstring. The admin gives each
    change form `editing_state`, a function of the record."""

    edit_token = EditToken(required=False)
    editing_state = None
    inline_models = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.edit_conflict = None
        if self.checks_edits() and not self.is_bound:
            self.fields["edit_token"].initial = sign(self.editing_state(self.instance))

    def checks_edits(self):
        return self.editing_state is not None and self.instance.pk is not None

    def clean(self):
        cleaned_data = super().clean()
        token = cleaned_data.get("edit_token")
        if token and self.checks_edits():
            self.check_not_outdated(token)
        return cleaned_data

    def check_not_outdated(self, token):
        now = self.editing_state(self.instance)
        try:
            opened = signing.loads(token, salt=SALT)
        except signing.BadSignature:
            self.refuse(now, REFUSED_UNREADABLE)
            return
        differences = self.differences(opened["state"], now)
        if differences:
            opened_at = datetime.datetime.fromisoformat(opened["opened_at"])
            changed = [self.instance, *(d.child for d in differences if d.child is not None)]
            self.edit_conflict = Conflict(differences, last_change(changed, opened_at))
            self.refuse(now, REFUSED_OUTDATED)

    def refuse(self, now, message):
        """Refuse the save; the form shown again holds the staff member's input and the record's
        current values in its token, so that saving it again is deliberate."""
        self.data = self.data.copy()
        self.data[self.add_prefix("edit_token")] = sign(now)
        raise forms.ValidationError(message, code="outdated")

    def differences(self, opened, now):
        found = differences_of(self._meta.model, opened["record"], now["record"])
        for prefix, model in self.inline_models.items():
            children_opened, children_now = opened.get(prefix, {}), now.get(prefix, {})
            for pk in sorted({*children_opened, *children_now}, key=int):
                found += child_differences(model, pk, children_opened.get(pk), children_now.get(pk))
        return found


def child_differences(model, pk, opened, now):
    """How one inline child differs: added, deleted, or field by field."""
    child = model._default_manager.filter(pk=pk).first()
    values = now or opened
    naming = getattr(model, "naming_field", "")
    name = values.get(f"{naming}_{get_language()[:2]}") or values.get(f"{naming}_vi") or child
    part = f"{capfirst(model._meta.verbose_name)}: {name or pk}"
    whole = gettext("the whole entry")
    if opened is None:
        return [Difference(part, whole, "", gettext("added"), child)]
    if now is None:
        return [Difference(part, whole, gettext("there"), gettext("deleted"))]
    return differences_of(model, opened, now, part, child)


def last_change(records, since):
    """The admin's entry of the latest change made after `since` to any of `records`."""
    changed = Q(pk__in=[])
    for record in records:
        content_type = ContentType.objects.get_for_model(record, for_concrete_model=False)
        changed |= Q(content_type=content_type, object_id=str(record.pk))
    return (
        LogEntry.objects.filter(changed, action_time__gt=since)
        .select_related("user")
        .order_by("-action_time")
        .first()
    )


class EditConflictAdmin:
    """A ModelAdmin mixin: change forms refuse to save over a change made since they opened."""

    form = EditConflictForm
    change_form_template = "admin/programme/change_form_with_edit_check.html"

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is None or not issubclass(form, EditConflictForm):
            return form
        formsets = [formset for formset, _inline in self.get_formsets_with_inlines(request, obj)]
        inline_models = {formset.get_default_prefix(): formset.model for formset in formsets}

        def state(instance):
            return editing_state(form, formsets, instance)

        attributes = {"editing_state": staticmethod(state), "inline_models": inline_models}
        return type(form.__name__, (form,), attributes)

    def get_object(self, request, object_id, from_field=None):
        """On a save, the record as it is now, its row locked until the save ends."""
        obj = super().get_object(request, object_id, from_field)
        if (
            obj is not None
            and request.method == "POST"
            and transaction.get_connection().in_atomic_block
        ):
            obj = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
        return obj
