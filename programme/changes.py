"""What differs between two states of a record (programme/states.py), as staff read it: the one
way the admin shows a value, in history, compare, review and the stale-form table. Values read
as staff write them in their language ("22.000" in Vietnamese, "6/2027", "June 2027"), links
and choices by name, images as thumbnails."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.storage import storages
from django.db import models
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext

from .content import child_relations
from .dates import DatePrecision, PartialDate, partial_dates
from .forms import format_partial_date
from .states import State, content_fields

PENDING_FILE = "pending:"


@dataclass
class Shown:
    """A value as the admin shows it (templates/admin/programme/includes/value.html)."""

    text: str = ""
    lines: bool = False  # a long text, shown with its line breaks
    items: list = field(default_factory=list)  # the records of a link
    image: str = ""  # the address of an image

    def __bool__(self):
        return bool(self.text or self.items or self.image)


@dataclass
class Difference:
    label: str
    old: Shown
    new: Shown


def label(kind, name):
    """A field's name in the active language, with its language for a translated column:
    "Tiêu đề [en]"."""
    model_field = kind._meta.get_field(name)
    original = getattr(model_field, "translated_field", None)
    if original is not None:
        return f"{capfirst(original.verbose_name)} [{model_field.language}]"
    return str(capfirst(model_field.verbose_name))


def precisions(kind):
    """{date field: its precision field} of the partial dates of `kind`."""
    return {attribute.date_field: attribute.precision_field for attribute in partial_dates(kind)}


def number(value):
    value = Decimal(str(value))
    whole = value == value.to_integral()
    return formats.number_format(
        value.to_integral() if whole else value.normalize(), force_grouping=True
    )


def shown(kind, name, fields):
    """The value of field `name` of a state's `fields` as staff read it (a file named
    "pending:NAME" is a pending change's, in the pending storage)."""
    model_field = kind._meta.get_field(name)
    value = fields.get(name)
    if value is None or value == "" or value == []:
        return Shown()
    if model_field.many_to_many:
        related = model_field.related_model._base_manager.in_bulk(value)
        return Shown(items=[str(related.get(pk) or deleted(pk)) for pk in value])
    if model_field.is_relation:
        related = model_field.related_model._base_manager.filter(pk=value).first()
        return Shown(str(related or deleted(value)))
    if model_field.choices:
        return Shown(str(dict(model_field.flatchoices).get(value, value)))
    if isinstance(model_field, models.BooleanField):
        return Shown(gettext("yes") if value else gettext("no"))
    if isinstance(model_field, models.FileField):
        if value.startswith(PENDING_FILE):
            return Shown(image=storages["pending"].url(value.removeprefix(PENDING_FILE)))
        return Shown(image=model_field.storage.url(value))
    if isinstance(model_field, models.DecimalField):
        return Shown(number(value))
    if isinstance(model_field, models.DateTimeField):
        moment = parse_datetime(value) if isinstance(value, str) else value
        return Shown(formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT"))
    if isinstance(model_field, models.DateField):
        day = datetime.date.fromisoformat(value) if isinstance(value, str) else value
        precision = fields.get(precisions(kind).get(name)) or DatePrecision.DAY
        return Shown(format_partial_date(PartialDate(day, precision)))
    if isinstance(model_field, models.TextField):
        return Shown(str(value), lines=True)
    return Shown(formats.localize(value) if isinstance(value, int) else str(value))


def deleted(pk):
    return gettext("record %(id)s, deleted") % {"id": pk}


def changed_names(kind, old, new):
    """The fields of `kind` whose values differ from `old` to `new` (a date with its
    precision, under the date's name)."""
    dates = precisions(kind)
    precision_fields = set(dates.values())
    names = []
    for model_field in content_fields(kind):
        name = model_field.name
        if name in precision_fields:
            continue
        if model_field.many_to_many:
            differs = sorted(old.links.get(name, [])) != sorted(new.links.get(name, []))
        else:
            differs = old.fields.get(name) != new.fields.get(name) or (
                name in dates and old.fields.get(dates[name]) != new.fields.get(dates[name])
            )
        if differs:
            names.append(name)
    return names


def values(state):
    return {**state.fields, **state.links}


def differences(kind, old, new, *, files=None):
    """[Difference] from state `old` to state `new` of a record of `kind`, its children
    included. `files`: the files a pending change brings, {field: name in the pending storage,
    or "" to remove the field's file}."""
    rows = []
    for name in changed_names(kind, old, new):
        rows.append(
            Difference(
                label(kind, name), shown(kind, name, values(old)), shown(kind, name, values(new))
            )
        )
    for name, stored in (files or {}).items():
        pending = {name: f"{PENDING_FILE}{stored}" if stored else ""}
        rows.append(
            Difference(label(kind, name), shown(kind, name, old.fields), shown(kind, name, pending))
        )
    for accessor, child_kind, link in child_relations(kind):
        rows += child_differences(
            child_kind, old.children.get(accessor, {}), new.children.get(accessor, {}), link
        )
    return rows


def child_name(child_kind, state):
    language = (get_language() or "vi")[:2]
    naming = child_kind.naming_field
    name = state.fields.get(f"{naming}_{language}") or state.fields.get(f"{naming}_vi") or ""
    return f"{capfirst(child_kind._meta.verbose_name)}: {name}"


def child_differences(child_kind, old, new, link):
    """Rows for each child added, deleted or changed; `link`, the child's field that names its
    parent, goes without saying."""
    rows = []
    for key in [*old, *(key for key in new if key not in old)]:
        if key not in new:
            rows.append(
                Difference(
                    child_name(child_kind, old[key]),
                    Shown(summary(child_kind, old[key], link), lines=True),
                    Shown(gettext("(deleted)")),
                )
            )
        elif key not in old:
            rows.append(
                Difference(
                    child_name(child_kind, new[key]),
                    Shown(gettext("(new)")),
                    Shown(summary(child_kind, new[key], link), lines=True),
                )
            )
        else:
            prefix = child_name(child_kind, new[key])
            for row in differences(child_kind, old[key], new[key]):
                if row.label == label(child_kind, link):
                    continue
                rows.append(Difference(f"{prefix} · {row.label}", row.old, row.new))
    return rows


def summary(child_kind, state, link):
    """A child in one text, each field that has a value on a line (but the link to its parent):
    what a new or deleted child holds."""
    lines = []
    for name in changed_names(child_kind, State({}), state):
        if name == link:
            continue
        value = shown(child_kind, name, values(state))
        text = value.text or ", ".join(value.items)
        if text:
            lines.append(f"{label(child_kind, name)}: {text}")
    return "\n".join(lines)


def conflict_labels(kind, conflicts):
    """The places [(accessor, child key, field)] where a change no longer fits, named."""
    names = []
    for accessor, _key, name in conflicts:
        owner = kind._meta.get_field(accessor).related_model if accessor else kind
        if name:
            names.append(label(owner, name))
        else:
            names.append(str(capfirst(owner._meta.verbose_name)))
    return names
