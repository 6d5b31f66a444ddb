"""The kinds of programme content, listed once: what staff edit, version, review and publish."""

from .models import (
    Award,
    KeyFigure,
    Locality,
    Milestone,
    Page,
    Partner,
    Project,
    Publishable,
    Source,
    Theme,
)

# Every kind, records that others refer to before those that refer to them.
KINDS = (Source, Theme, Locality, Partner, Project, KeyFigure, Award, Milestone, Page)

# The children a record's form edits with it: they are versioned, reviewed, published and
# restored with their parent. {parent kind: accessors of its children}
CHILDREN = {Project: ("key_figures", "milestones")}


def publishable_kinds():
    """The kinds that are drafts until a publisher publishes them."""
    return [kind for kind in KINDS if issubclass(kind, Publishable)]


def parent_of(record):
    """The record whose form edits `record` as one of its children, or None."""
    for parent_kind, accessors in CHILDREN.items():
        for accessor in accessors:
            relation = parent_kind._meta.get_field(accessor)
            if isinstance(record, relation.related_model):
                return getattr(record, relation.field.name)
    return None


def child_relations(kind):
    """[(accessor, child kind, name of the child's field that points at the parent)]"""
    relations = []
    for accessor in CHILDREN.get(kind, ()):
        relation = kind._meta.get_field(accessor)
        relations.append((accessor, relation.related_model, relation.field.name))
    return relations
