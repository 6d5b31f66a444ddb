"""A record's content as plain values: the fields staff edit (each language's column of a
translated field), its links and its children (a project's key figures and milestones).

A State is what a version holds, what a pending change proposes and what a restore brings back:
values in the model's own terms, as JSON keeps them, that depend on no language, form or
widget. `of()` reads one from a record, `from_version()` from a django-reversion version,
`merge()` carries a change made against one state onto another, `build()` makes the record a
state describes in memory (previews, forms, `validate()`) and `write()` saves it.
"""

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from modeltranslation.translator import translator

from .content import child_relations
from .richtext import markers
from .search import COLUMNS as SEARCH_COLUMNS


def content_fields(kind):
    """The fields of `kind` that staff edit, in the model's order: concrete and many-to-many,
    without the primary key, modeltranslation's shadow column ("title": the languages' columns
    hold the text) and the search columns (derived from the text)."""
    hidden = set(SEARCH_COLUMNS)
    if kind in translator.get_registered_models():
        hidden |= set(translator.get_options_for_model(kind).all_fields)
    return [
        model_field
        for model_field in (*kind._meta.concrete_fields, *kind._meta.many_to_many)
        if model_field.editable and not model_field.primary_key and model_field.name not in hidden
    ]


def stored_value(model_field, record):
    """A field's value as JSON keeps it, equal for equal values: a decimal with the places the
    database keeps, a text with plain line breaks (and "" when empty), a date in ISO form, a
    file by its name."""
    value = model_field.value_from_object(record)
    text = isinstance(model_field, models.CharField | models.TextField) and not model_field.unique
    if value is None:
        # An empty text is one value, whether the database holds it as NULL or as "".
        return "" if text else None
    if isinstance(model_field, models.FileField):
        return value.name or ""
    if isinstance(model_field, models.DecimalField):
        places = Decimal(1).scaleb(-model_field.decimal_places)
        return str(model_field.to_python(value).quantize(places))
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("\r", "\n")
    if isinstance(value, bool | int | float):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return model_field.value_to_string(record)


@dataclass
class State:
    fields: dict
    links: dict = field(default_factory=dict)  # many-to-many name -> sorted primary keys
    # accessor -> {key: State}: a child's key is its primary key, or "new-N" for one to add.
    children: dict = field(default_factory=dict)

    def as_json(self):
        return asdict(self)

    @classmethod
    def from_json(cls, data):
        children = {
            accessor: {key: cls.from_json(child) for key, child in kids.items()}
            for accessor, kids in (data.get("children") or {}).items()
        }
        return cls(dict(data["fields"]), dict(data.get("links") or {}), children)

    def digest(self):
        text = json.dumps(self.as_json(), sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()


def of(record, *, children=True):
    """The state of `record` as it is in memory; its links and children as the database has them
    (or as prefetched)."""
    kind = type(record)
    fields, links = {}, {}
    for model_field in content_fields(kind):
        if model_field.many_to_many:
            linked = getattr(record, model_field.name).all() if record.pk is not None else []
            links[model_field.name] = sorted(other.pk for other in linked)
        else:
            fields[model_field.name] = stored_value(model_field, record)
    state = State(fields, links)
    if children and record.pk is not None:
        for accessor, _child_kind, _link in child_relations(kind):
            state.children[accessor] = {
                str(child.pk): of(child, children=False)
                for child in getattr(record, accessor).all()
            }
    return state


def from_version(version):
    """The state a django-reversion version holds, its children taken from the other versions
    of its revision (read through revision.version_set.all(), which a page may prefetch)."""
    kind = version._model
    state = version_state(version)
    for accessor, child_kind, link in child_relations(kind):
        state.children[accessor] = {}
        for other in version.revision.version_set.all():
            if other._model is not child_kind:
                continue
            child = version_state(other)
            if str(child.fields.get(link)) == str(version.object_id):
                state.children[accessor][str(other.object_id)] = child
    return state


def version_state(version):
    deserialized = version._object_version
    record, stored_links = deserialized.object, deserialized.m2m_data or {}
    fields, links = {}, {}
    for model_field in content_fields(type(record)):
        if model_field.many_to_many:
            links[model_field.name] = sorted(
                int(pk) for pk in stored_links.get(model_field.name, [])
            )
        else:
            fields[model_field.name] = stored_value(model_field, record)
    return State(fields, links)


def assign(record, fields):
    """Set `record`'s fields to the values of a state (those it names). A file field takes
    another file's name only: the file is not read again when the name stays."""
    kind = type(record)
    for name, value in fields.items():
        model_field = kind._meta.get_field(name)
        if isinstance(model_field, models.FileField):
            if (value or "") != (getattr(record, name).name or ""):
                setattr(record, name, value or "")
        elif value is None:
            setattr(record, model_field.attname, None)
        elif model_field.is_relation:
            setattr(record, model_field.attname, model_field.target_field.to_python(value))
        else:
            setattr(record, model_field.attname, model_field.to_python(value))


def copy_of(record):
    """A copy of `record` of its own, as if read again from the database (without a query):
    its files and related records are its own, so that building on it changes nothing of the
    record."""
    fields = record._meta.concrete_fields
    values = [
        getattr(record, f.attname).name
        if isinstance(f, models.FileField)
        else getattr(record, f.attname)
        for f in fields
    ]
    copied = type(record).from_db(record._state.db, [f.attname for f in fields], values)
    copied._state.fields_cache = dict(record._state.fields_cache)
    return copied


def build(record, state):
    """The record `state` describes, made in memory from `record` (a row, never saved): its
    links readable as record.themes.all() and the like, and its children, in their order, in
    `record.proposed_children` {accessor: [instances]}."""
    built = copy_of(record)
    assign(built, state.fields)
    built._prefetched_objects_cache = {}
    for name, pks in state.links.items():
        related = type(record)._meta.get_field(name).related_model
        built._prefetched_objects_cache[name] = related._default_manager.filter(pk__in=pks)
    built.proposed_children = {}
    for accessor, child_kind, link in child_relations(type(record)):
        existing = {str(child.pk): child for child in getattr(record, accessor).all()}
        kids = []
        for key, child_state in state.children.get(accessor, {}).items():
            child = build(existing.get(key) or child_kind(), child_state)
            setattr(child, link, record)
            kids.append(child)
        ordering = child_kind._meta.ordering
        kids.sort(key=lambda child: tuple(sort_key(child, name) for name in ordering))
        built.proposed_children[accessor] = kids
    return built


def sort_key(record, name):
    value = getattr(record, name.lstrip("-"), None)
    return (value is None, value if value is not None else 0)


def merge(now, base, proposed):
    """The state `now` becomes when the change from `base` to `proposed` is made on it, and the
    places where it no longer fits: [(accessor, child key, field)] where the record changed
    since, differently ("" for the record itself; field "" for a whole child). Links add and
    remove what the change added and removed; children the change did not touch stay as they
    are now."""
    result = State(dict(now.fields), {name: list(pks) for name, pks in now.links.items()})
    conflicts = []
    for name, value in proposed.fields.items():
        was = base.fields.get(name)
        if value == was:
            continue
        if now.fields.get(name) not in (was, value):
            conflicts.append(("", "", name))
            continue
        result.fields[name] = value
    for name, pks in proposed.links.items():
        before = set(base.links.get(name, []))
        added, removed = set(pks) - before, before - set(pks)
        result.links[name] = sorted((set(now.links.get(name, [])) | added) - removed)
    for accessor in {*now.children, *proposed.children}:
        kids, conflicting = merge_children(
            now.children.get(accessor, {}),
            base.children.get(accessor, {}),
            proposed.children.get(accessor, {}),
        )
        result.children[accessor] = kids
        conflicts += [(accessor, key, name) for key, name in conflicting]
    return result, conflicts


def merge_children(now, base, proposed):
    merged, conflicts = dict(now), []
    for key, child in proposed.items():
        if key not in base:
            merged[key] = child
        elif key not in now:
            if child != base[key]:
                conflicts.append((key, ""))
        else:
            merged[key], conflicting = merge(now[key], base[key], child)
            conflicts += [(key, name) for _accessor, _key, name in conflicting]
    for key in base.keys() - proposed.keys():
        if key not in now:
            continue
        if now[key] != base[key]:
            conflicts.append((key, ""))
        else:
            del merged[key]
    return merged, conflicts


# Saving what a state describes


def write(record, state, *, files=None):
    """Save `record` as `state` has it: fields, links and children (children it lacks are
    deleted). `files`: {field: a file to store, or "" to remove it}."""
    assign(record, state.fields)
    for name, content in (files or {}).items():
        if content:
            getattr(record, name).save(os.path.basename(content.name), content, save=False)
        else:
            setattr(record, name, "")
    record.save()
    set_links(record, state.links)
    for accessor, child_kind, link in child_relations(type(record)):
        if accessor not in state.children:
            continue
        wanted = state.children[accessor]
        for child in getattr(record, accessor).all():
            if str(child.pk) not in wanted:
                child.delete()
        current = {str(child.pk): child for child in getattr(record, accessor).all()}
        for key, child_state in wanted.items():
            # A child restored from a version comes back under its own key.
            child = current.get(key) or child_kind(pk=int(key) if key.isdigit() else None)
            assign(child, child_state.fields)
            setattr(child, link, record)
            child.save()
            set_links(child, child_state.links)


def set_links(record, links):
    for name, pks in links.items():
        related = type(record)._meta.get_field(name).related_model
        getattr(record, name).set(related._base_manager.filter(pk__in=pks))


def removed_children(record, state):
    """The children of `record` that `state` no longer has."""
    if record.pk is None:
        return []
    return [
        child
        for accessor, _child_kind, _link in child_relations(type(record))
        if accessor in state.children
        for child in getattr(record, accessor).all()
        if str(child.pk) not in state.children[accessor]
    ]


def validate(record, state, *, files=None, storage=None):
    """Raise ValidationError unless `record` as `state` has it is valid: its fields, its
    children, and the markers of its long texts against the sources it cites (what the admin's
    forms check). `files`: names in `storage` of files the state brings."""
    built = build(record, state)
    for name, stored in (files or {}).items():
        file = getattr(built, name)
        file.name, file.storage = stored or None, storage
    for checked, exclude in [
        (built, []),
        *(
            (child, [link, "slug"])
            for accessor, _kind, link in child_relations(type(record))
            for child in built.proposed_children.get(accessor, [])
        ),
    ]:
        files_of = [f.name for f in type(checked)._meta.fields if isinstance(f, models.FileField)]
        checked.full_clean(exclude=[*exclude, *files_of])
        check_markers(checked)


def check_markers(record):
    """Each marker [^KEY] of a long text names a source the record cites (see CitingForm)."""
    if not hasattr(record, "sources"):
        return
    citable = {key for source in record.sources.all() for key in (source.seed_key, source.slug)}
    for name in getattr(record, "cited_texts", ()):
        for code, _language in settings.LANGUAGES:
            wrong = [
                key
                for key in markers(getattr(record, f"{name}_{code}") or "")
                if key not in citable
            ]
            if wrong:
                raise ValidationError(
                    gettext("The marker %(marker)s names no source chosen under Sources.")
                    % {"marker": f"[^{wrong[0]}]"}
                )
