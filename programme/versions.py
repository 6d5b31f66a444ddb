"""Versions of programme content, kept by django-reversion: every function of
programme/publishing.py records a revision (who, when, a comment) holding a version of each
record it changed.

A version holds every column of the record in each language (title_vi, title_en, ...) and its
links (themes, partners, sources); a project's version also holds its key figures and milestones
(followed), so that restoring it brings them back as they were. modeltranslation's single-language
shadow columns ("title") and the search columns are left out: they are derived, and a shadow
column given back to a record would overwrite the active language's text.

Deleting a record first records it, its children and the links other records have to it (rows of
the many-to-many tables, registered for this; and, as DeletedLink, the links that deletion
empties, such as a milestone's award) in a revision of its own, by whoever deletes it: the
recycle bin restores all of them from it.
"""

import reversion
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_noop
from modeltranslation.translator import translator
from reversion.models import Version

from .content import CHILDREN, KINDS
from .models import DeletedLink
from .search import COLUMNS as SEARCH_COLUMNS

# django-reversion ships no Vietnamese: the messages of its own that staff read, for our catalogue.
REVERSION_MESSAGES = (
    gettext_noop("Initial version."),
    gettext_noop("Reverted to previous version, saved on %(datetime)s"),
    gettext_noop("Could not load %(object_repr)s version - not found"),
)


def recorded_fields(model):
    """The fields a version holds: all but the derived columns (see the module's docstring)."""
    derived = set(SEARCH_COLUMNS)
    if model in translator.get_registered_models():
        derived |= set(translator.get_options_for_model(model).all_fields)
    fields = [*model._meta.local_fields, *model._meta.local_many_to_many]
    return [f.name for f in fields if f.name not in derived]


def register_models():
    """Register the content kinds, and the tables of their many-to-many links, with reversion.
    Called once modeltranslation has added its columns (programme/apps.py)."""
    for model in KINDS:
        if reversion.is_registered(model):
            continue
        reversion.register(model, fields=recorded_fields(model), follow=CHILDREN.get(model, ()))
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


def emptied_links(record):
    """[(other record, field)] of the links that deleting `record` empties (SET_NULL)."""
    found = []
    for relation in record._meta.related_objects:
        if relation.many_to_many or relation.on_delete is not models.SET_NULL:
            continue
        field = relation.field
        for other in field.model._base_manager.filter(**{field.name: record}):
            found.append((other, field))
    return found


def add_deletion_to_revision(record):
    """Record `record`, its children and the links to it before it is deleted (inside
    reversion.create_revision()), so that the recycle bin restores them together."""
    reversion.add_to_revision(record)
    for _relation, row in incoming_links(record):
        reversion.add_to_revision(row)
    for other, field in emptied_links(record):
        reversion.add_meta(
            DeletedLink,
            content_type=ContentType.objects.get_for_model(other),
            object_id=other.pk,
            field=field.name,
            target_id=record.pk,
        )


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
