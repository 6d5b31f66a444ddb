"""Versions of programme content, kept by django-reversion: every save through the admin, its
publish and unpublish actions, a restore, `seed` and `import_content` records a revision (who,
when, a comment) holding a version of each record it changed.

A version holds every column of the record in each language (title_vi, title_en, ...) and its
links (themes, partners, sources); a project's version also holds its key figures and milestones
(followed), so that restoring it brings them back as they were. modeltranslation's single-language
shadow columns ("title") and the search columns are left out: they are derived, and a shadow
column given back to a record would overwrite the active language's text.

Deleting a record first records it, its children and the links other records have to it (rows of
the many-to-many tables, registered for this) in a revision of its own: the recycle bin (the
admin's "recover" list) restores all of them from it.
"""

from dataclasses import dataclass, field
from decimal import Decimal

import reversion
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from modeltranslation.translator import translator
from reversion.models import Version

from .models import Award, KeyFigure, Locality, Milestone, Page, Partner, Project, Source, Theme
from .search import COLUMNS as SEARCH_COLUMNS

# django-reversion ships no Vietnamese: the messages of its own that staff read, for our catalogue.
REVERSION_MESSAGES = (
    gettext_noop("Initial version."),
    gettext_noop("Reverted to previous version, saved on %(datetime)s"),
    gettext_noop("Could not load %(object_repr)s version - not found"),
)

# The children a record's version includes, restored with it.
FOLLOW = {Project: ("key_figures", "milestones")}
MODELS = (Source, Theme, Locality, Partner, Project, KeyFigure, Award, Milestone, Page)


def recorded_fields(model):
    """The fields a version holds: all but the derived columns (see the module's docstring)."""
    derived = set(SEARCH_COLUMNS)
    if model in translator.get_registered_models():
        derived |= set(translator.get_options_for_model(model).all_fields)
    fields = [*model._meta.local_fields, *model._meta.local_many_to_many]
    return [f.name for f in fields if f.name not in derived]


def register_models():
    """Register the content models, and the tables of their many-to-many links, with reversion.
    Called once modeltranslation has added its columns (programme/admin.py, before the admin
    classes, whose VersionAdmin would otherwise register the models with every column)."""
    for model in MODELS:
        if reversion.is_registered(model):
            continue
        reversion.register(model, fields=recorded_fields(model), follow=FOLLOW.get(model, ()))
        for many in model._meta.local_many_to_many:
            if not reversion.is_registered(many.remote_field.through):
                reversion.register(many.remote_field.through)


def incoming_links(record):
    """The rows of many-to-many tables that link other records to `record` (the projects that
    cite a source, say), with the relation they belong to."""
    for relation in record._meta.related_objects:
        if relation.many_to_many:
            through = relation.through
            column = relation.field.m2m_reverse_field_name()
            for row in through._base_manager.filter(**{column: record}).select_related():
                yield relation, row


def add_deletion_to_revision(record):
    """Record `record`, its children and the links to it before it is deleted (inside
    reversion.create_revision()), so that the recycle bin restores them together."""
    reversion.add_to_revision(record)
    for _relation, row in incoming_links(record):
        reversion.add_to_revision(row)


def deleted_versions(model):
    """The last version of each deleted record of `model`: the recycle bin's content."""
    return Version.objects.get_deleted(model)


def deleted_seed_keys(model):
    """The seed keys of the deleted records of `model` (seeded records staff deleted)."""
    keys = set()
    for version in deleted_versions(model):
        key = version.field_dict.get("seed_key")
        if key:
            keys.add(key)
    return keys


def same_text(value):
    """A value as compared: a text's line endings do not count (browsers send \\r\\n)."""
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("\r", "\n")
    return value


def comparable(value):
    """A value whose repr is the same for equal values: 22000 typed, 22000.00 read back."""
    if isinstance(value, Decimal):
        return value.normalize()
    return same_text(value)


@dataclass
class Change:
    """One field of a record in two versions, as the compare page shows it."""

    name: str
    old: object
    new: object
    shape: str = "text"  # "lines": long text shown with its line breaks; "list": of records.


@dataclass
class Comparison:
    old: Version
    new: Version
    changes: list = field(default_factory=list)


def shown_fields(model):
    """The fields staff edit, in the model's order: each language's column of a translated
    field (title_vi, title_en), never modeltranslation's shadow column (title)."""
    hidden = set(SEARCH_COLUMNS)
    if model in translator.get_registered_models():
        hidden |= set(translator.get_options_for_model(model).all_fields)
    return [
        model_field
        for model_field in (*model._meta.concrete_fields, *model._meta.many_to_many)
        if model_field.editable and not model_field.primary_key and model_field.name not in hidden
    ]


def deleted_record(pk):
    return _("record %(id)s, deleted") % {"id": pk}


def display(model_field, value):
    """A stored value as staff read it."""
    if value is None or value == "":
        return ""
    if model_field.many_to_many:
        related = model_field.related_model._base_manager.in_bulk(value)
        return [str(related[pk]) if pk in related else deleted_record(pk) for pk in value]
    if model_field.is_relation:
        related = model_field.related_model._base_manager.filter(pk=value).first()
        return str(related) if related else deleted_record(value)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.BooleanField):
        return _("yes") if value else _("no")
    return same_text(str(value))


def children(version, accessor):
    """The children (key figures, milestones) a version of a record holds: [(values, text)],
    their values to compare (a decimal read back from the database equals the one typed) and
    how staff read them."""
    relation = version._model._meta.get_field(accessor)
    child_model = relation.related_model
    column = relation.field.attname
    # all(): the history page prefetches every revision's versions.
    content_type = ContentType.objects.get_for_model(child_model)
    found = []
    for child in version.revision.version_set.all():
        if child.content_type_id != content_type.pk:
            continue
        values = child.field_dict
        if str(values.get(column)) != str(version.object_id):
            continue
        compared = tuple(
            comparable(values.get(f.attname))
            for f in shown_fields(child_model)
            if not f.many_to_many
        )
        found.append((compared, child.object_repr))
    return sorted(found, key=lambda item: item[1])


def shape_of(model_field):
    if model_field.many_to_many:
        return "list"
    return "lines" if isinstance(model_field, models.TextField) else "text"


def differences(old, new):
    """[(field, old value, new value)] for each field that differs from version `old` to
    `new` of one record, as stored."""
    before, after = old.field_dict, new.field_dict
    found = []
    for model_field in shown_fields(new._model):
        name = model_field.attname
        if model_field.many_to_many:
            old_value = sorted(before.get(name) or [])
            new_value = sorted(after.get(name) or [])
        else:
            old_value, new_value = same_text(before.get(name)), same_text(after.get(name))
        if old_value != new_value:
            found.append((model_field, old_value, new_value))
    return found


def changed_children(old, new):
    """[(relation, old children, new children)] for each kind of child that differs."""
    found = []
    for accessor in FOLLOW.get(new._model, ()):
        old_children, new_children = children(old, accessor), children(new, accessor)
        # By repr: a None beside a text cannot be sorted.
        if sorted(repr(key) for key, _text in old_children) != sorted(
            repr(key) for key, _text in new_children
        ):
            relation = new._model._meta.get_field(accessor)
            found.append((relation, old_children, new_children))
    return found


def compare(old, new):
    """What changed from version `old` to version `new` of one record, field by field."""
    comparison = Comparison(old=old, new=new)
    for model_field, old_value, new_value in differences(old, new):
        comparison.changes.append(
            Change(
                name=str(model_field.verbose_name),
                old=display(model_field, old_value),
                new=display(model_field, new_value),
                shape=shape_of(model_field),
            )
        )
    for relation, old_children, new_children in changed_children(old, new):
        comparison.changes.append(
            Change(
                name=str(relation.related_model._meta.verbose_name_plural),
                old=[text for _key, text in old_children],
                new=[text for _key, text in new_children],
                shape="list",
            )
        )
    return comparison


def changed_fields(old, new):
    """The names of the fields (and children) that differ from version `old` to `new`, read
    without a query of their own (the history page lists them for every version)."""
    names = [str(model_field.verbose_name) for model_field, _old, _new in differences(old, new)]
    names += [
        str(relation.related_model._meta.verbose_name_plural)
        for relation, _old, _new in changed_children(old, new)
    ]
    return names
