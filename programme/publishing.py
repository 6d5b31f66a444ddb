"""Every way published content changes, as plain functions that the admin (forms, list actions,
review pages), the commands (seed, import_content, publish_scheduled), the shell and the tests
call alike.

Each runs in one transaction, asks may_publish() who may do it, records a version of each
record it changes (django-reversion: who, when, a comment in the staff member's language) and
purges the page cache only when what the public sees changes. A record is *live* when the public
may see it: published (whether or not its time has come), or of a kind that has no drafts
(themes, localities). A live record changes only by a publisher's hand: what others save is held
as its PendingChange, values in the model's own terms (programme/states.py) that a publisher
approves, now or for a time, or sends back. A draft is its editors' own until one of them submits
it for review. `publish_scheduled()` (the command of the same name, run every minute) applies
what is due; no visitor's request ever writes.
"""

import enum
import os
from contextlib import contextmanager

import reversion
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.storage import storages
from django.core.mail import send_mail
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_lazy

from portal.cache import content_changed

from . import states
from .changes import PENDING_FILE
from .content import child_relations, parent_of
from .models import (
    KeyFigure,
    Milestone,
    Notice,
    PendingChange,
    Project,
    PublicationStatus,
    Publishable,
)
from .richtext import markers
from .uploads import random_name

PUBLICATION_FIELDS = ("publication_status", "publish_at", "unpublish_at")


class Saved(enum.Enum):
    LIVE = "live"  # the public sees it (or will at its publication time)
    DRAFT = "draft"  # written to a draft
    PROPOSED = "proposed"  # held for review
    SCHEDULED = "scheduled"  # approved to go live at a time


class ChangeDoesNotFit(Exception):
    """A change can no longer be made on its record as the record is now: `problem` says why,
    {language: text}."""

    def __init__(self, problem):
        super().__init__(problem.get(settings.LANGUAGE_CODE, ""))
        self.problem = problem


class OutOfDate(Exception):
    """What a publisher decided on is no longer what the change holds or the record is."""


# Who may do what: the one answer the admin, its buttons and these functions all ask.


def may_publish(user, kind):
    """Whether `user` makes records of `kind` live: publishes, unpublishes, schedules, approves
    and restores them. None is a command run by the site's operator."""
    if user is None:
        return True
    if kind._meta.model_name == "keyfigure":
        kind = Project
    return user.is_active and user.has_perm(f"programme.publish_{kind._meta.model_name}")


def may_edit(user, kind):
    return user is None or (
        user.is_active and user.has_perm(f"programme.change_{kind._meta.model_name}")
    )


def check(allowed):
    if not allowed:
        raise PermissionDenied(gettext("You may not do this."))


def is_live(record):
    """Whether the public may see `record`, as stored: published, or of a kind without drafts."""
    if record.pk is None:
        return False
    if not isinstance(record, Publishable):
        return True
    stored = type(record)._base_manager.filter(pk=record.pk).values_list("publication_status")
    return stored.first() == (PublicationStatus.PUBLISHED,)


def in_every_language(message, **values):
    """{language: `message` % `values`}, each translated into that language (lazy texts)."""
    texts = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            texts[code] = str(message) % {name: str(value) for name, value in values.items()}
    return texts


def is_draft(record):
    """Whether the public never sees `record` as it is: a draft, or a draft's key figure."""
    if isinstance(record, Publishable):
        return record.publication_status == PublicationStatus.DRAFT
    project_id = getattr(record, "project_id", None) if isinstance(record, KeyFigure) else None
    return project_id is not None and Project.objects.drafts().filter(pk=project_id).exists()


def public_content_written(sender, instance=None, using=None, **kwargs):
    """post_save, post_delete and m2m_changed of content: the page cache is purged, unless what
    was written is a draft's (unpublish() purges itself)."""
    if not is_draft(instance):
        content_changed(using=using)


def forget_pending_change(sender, instance, **kwargs):
    """post_delete of a record: its pending change, and the change's files, go with it."""
    for change in PendingChange.objects.of(instance):
        discard(change)


def language_of_request():
    return (translation.get_language() or settings.LANGUAGE_CODE)[:2]


# Versions


@contextmanager
def recording(user, comment):
    """One transaction and one revision of django-reversion, by `user`, with `comment`."""
    with transaction.atomic(), reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(str(comment))
        yield


def add_version(record):
    """Add `record` to the current revision with its children, and its parent with theirs."""
    reversion.add_to_revision(record)
    parent = parent_of(record)
    if parent is not None:
        reversion.add_to_revision(parent)


def record_deletion(records, *, user, comment):
    """A revision of `records`, their children and the links to them, while they still exist:
    the recycle bin restores them from it, and names who deleted them and when."""
    from .versions import add_deletion_to_revision

    with recording(user, comment):
        for record in records:
            add_deletion_to_revision(record)


# Writing a state


def write(record, state, *, files=None, user=None):
    """Save `record` as `state` has it: fields, links and children (children it lacks are
    deleted, into the recycle bin). `files`: {field: a file to store, or "" to remove it}."""
    states.assign(record, state.fields)
    for name, content in (files or {}).items():
        if content:
            getattr(record, name).save(os.path.basename(content.name), content, save=False)
        else:
            setattr(record, name, "")
    record.save()
    for name, pks in state.links.items():
        related = type(record)._meta.get_field(name).related_model
        getattr(record, name).set(related._base_manager.filter(pk__in=pks))
    for accessor, child_kind, link in child_relations(type(record)):
        if accessor not in state.children:
            continue
        wanted = state.children[accessor]
        current = {str(child.pk): child for child in getattr(record, accessor).all()}
        for key, child in current.items():
            if key not in wanted:
                child.delete()
        for key, child_state in wanted.items():
            # A child restored from a version comes back under its own key.
            child = current.get(key) or child_kind(pk=int(key) if key.isdigit() else None)
            states.assign(child, child_state.fields)
            setattr(child, link, record)
            child.save()
            for name, pks in child_state.links.items():
                related = child_kind._meta.get_field(name).related_model
                getattr(child, name).set(related._base_manager.filter(pk__in=pks))


def removed_children(record, state):
    """The children of `record` that `state` no longer has."""
    removed = []
    for accessor, _child_kind, _link in child_relations(type(record)):
        if accessor in state.children:
            removed += [
                child
                for child in getattr(record, accessor).all()
                if str(child.pk) not in state.children[accessor]
            ]
    return removed


def validate(record, state, *, pending=None):
    """Raise ValidationError unless `record` as `state` has it is valid: its fields, its
    children, and its citations against its links (the checks of the admin's forms)."""
    built = states.build(record, state)
    for name, stored in (pending or {}).items():
        file = getattr(built, name)
        file.name, file.storage = stored or None, pending_storage()
    files = [f.name for f in type(record)._meta.fields if isinstance(f, models.FileField)]
    built.full_clean(exclude=files)
    check_markers(built)
    for accessor, _child_kind, link in child_relations(type(record)):
        for child in built.proposed_children.get(accessor, []):
            child.full_clean(exclude=[link, "slug"])
            check_markers(child)


def check_markers(record):
    """A marker [^KEY] in a long text names a source the record cites (see CitingForm)."""
    if not hasattr(record, "sources"):
        return
    citable = set()
    for source in record.sources.all():
        citable |= {source.seed_key, source.slug}
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


def follow_publication(record, state):
    """Children added to a record take its publication, as the difference shows."""
    for accessor, child_kind, _link in child_relations(type(record)):
        if not issubclass(child_kind, Publishable):
            continue
        for key, child in state.children.get(accessor, {}).items():
            if key.startswith("new-"):
                for name in PUBLICATION_FIELDS:
                    child.fields[name] = state.fields[name]


# What a form shows, and saving what staff made in it


def editing(record, user):
    """What the form of `record` shows `user`: (a State, the pending change it shows or None).
    Whoever would save into the record's pending change edits on top of it: its author, and
    anyone who may not publish the record. A publisher sees the record as it is live, with the
    change beside it, which their save keeps. A file the change brings is named "pending:NAME"."""
    change = PendingChange.objects.of(record).filter(action=PendingChange.Action.CHANGE).first()
    mine = change is not None and change.author_id == getattr(user, "pk", None)
    if change is None or not (mine or not may_publish(user, type(record))):
        return states.of(record), None
    state = proposal(change, record)[0]
    for name, stored in change.files.items():
        state.fields[name] = f"{PENDING_FILE}{stored}" if stored else ""
    return state, change


def editing_record(record, user):
    """The record as its form shows `user` (see editing()), built in memory, the files of its
    pending change read from the pending storage."""
    state, change = editing(record, user)
    if change is None:
        return record
    for name in change.files:
        state.fields.pop(name)
    built = states.build(record, state)
    for name, stored in change.files.items():
        file = getattr(built, name)
        file.name, file.storage = stored or None, pending_storage()
    return built


def save(record, state, *, user, files=None, go_live_at=None, comment="", on_top_of=None):
    """Save `state`, what `user` made of `record` (a new one when it has no key yet): live at
    once when they may publish it, else held as its pending change while it is live; written to
    it while it is a draft. `files` {field: an uploaded file, or "" to remove it} as the form
    validated them. `go_live_at`: a time at which a publisher's change to a live record goes
    live. `on_top_of`: the pending change the state was made on (see editing()), which a
    publisher's save makes live with it; any other pending change stays. Returns (the record,
    Saved)."""
    kind = type(record)
    publishes = may_publish(user, kind)
    if record.pk is None:
        check(user is None or user.has_perm(f"programme.add_{kind._meta.model_name}"))
        check(publishes or state.fields.get("publication_status") != PublicationStatus.PUBLISHED)
        with recording(user, comment or gettext("Added.")):
            follow_publication(record, state)
            write(record, state, files=files)
            add_version(record)
        return record, (Saved.LIVE if is_live(record) else Saved.DRAFT)
    check(may_edit(user, kind))
    current = kind._base_manager.get(pk=record.pk)
    if not publishes:
        changed = [
            name
            for name in PUBLICATION_FIELDS
            if name in state.fields
            and state.fields[name] != states.of(current, children=False).fields[name]
        ]
        check(not changed)
    waiting = PendingChange.objects.of(current).filter(action=PendingChange.Action.CHANGE).first()
    if is_live(current) and (go_live_at is not None or not publishes):
        if waiting is not None and on_top_of is None:
            raise ValueError("A change made beside another's pending change would replace it.")
        change = propose(current, state, user=user, files=files, go_live_at=go_live_at)
        return current, (Saved.SCHEDULED if change.go_live_at else Saved.PROPOSED)
    check(go_live_at is None)
    if on_top_of is not None:
        files = {**{n: pending_file(f) for n, f in on_top_of.files.items()}, **(files or {})}
    goes_live = state.fields.get(
        "publication_status"
    ) == PublicationStatus.PUBLISHED or not isinstance(current, Publishable)
    with transaction.atomic():
        current = kind._base_manager.select_for_update().get(pk=record.pk)
        was_live = is_live(current)
        removed = removed_children(current, state)
        if removed:
            record_deletion(
                removed, user=user, comment=gettext("Deleted with a change to its parent.")
            )
        with recording(user, comment or gettext("Changed.")):
            follow_publication(current, state)
            write(current, state, files=files)
            if isinstance(current, Project) and not was_live and goes_live:
                children_follow(current)
            add_version(current)
        own = PendingChange.objects.of(current).filter(author=user).first() if user else None
        request = (
            PendingChange.objects.of(current).filter(action=PendingChange.Action.PUBLISH).first()
        )
        if own is not None and own.action == PendingChange.Action.CHANGE:
            # The form showed it: what it held is live now, with the publisher's own edits.
            discard(own)
        if request is not None and goes_live:
            notify_decision(request, user, gettext_lazy("“%(record)s” was published by %(user)s."))
            discard(request)
        if was_live or is_live(current):
            content_changed()
    return current, (Saved.LIVE if is_live(current) else Saved.DRAFT)


def propose(record, state, *, user, files=None, go_live_at=None):
    """Hold `state` as the change to live `record` that `user` proposes (or, with
    `go_live_at`, that a publisher approves for that time), on top of the change it already
    has: whoever opens the record's form edits what the change would make of it."""
    kind = type(record)
    check(may_edit(user, kind))
    if go_live_at is not None:
        check(may_publish(user, kind))
    with transaction.atomic():
        record = kind._base_manager.select_for_update().get(pk=record.pk)
        change = PendingChange.objects.of(record).select_for_update().first()
        kept_files = dict(change.files) if change is not None else {}
        if change is None:
            change = PendingChange(
                content_type=ContentType.objects.get_for_model(record), object_id=record.pk
            )
        follow_publication(record, state)
        change.action = PendingChange.Action.CHANGE
        change.base = states.of(record).as_json()
        change.proposed = state.as_json()
        change.files = {**kept_files, **store_pending(files or {})}
        change.author, change.author_language = user, language_of_request()
        change.comment, change.problem = "", {}
        if go_live_at is not None:
            change.status, change.go_live_at = PendingChange.Status.SCHEDULED, go_live_at
            change.reviewer, change.reviewer_language = user, language_of_request()
        else:
            change.status, change.go_live_at, change.reviewer = (
                PendingChange.Status.PENDING,
                None,
                None,
            )
        change.save()
        replaced = [name for name in kept_files if kept_files[name] != change.files.get(name)]
        transaction.on_commit(lambda: forget_files([kept_files[name] for name in replaced]))
    return change


def submit_for_review(record, *, user):
    """Ask the publishers to publish the draft `record`, as it is when they decide."""
    check(may_edit(user, type(record)))
    if is_live(record):
        raise ValueError("A live record's changes are proposed, not submitted.")
    with transaction.atomic():
        change, _created = PendingChange.objects.update_or_create(
            content_type=ContentType.objects.get_for_model(record),
            object_id=record.pk,
            defaults={
                "action": PendingChange.Action.PUBLISH,
                "base": None,
                "proposed": None,
                "status": PendingChange.Status.PENDING,
                "author": user,
                "author_language": language_of_request(),
                "reviewer": None,
                "comment": "",
                "problem": {},
                "go_live_at": None,
            },
        )
    return change


def withdraw(change, *, user):
    """The author (or a publisher) takes a change back; its files go with it."""
    check(
        change.author_id == getattr(user, "pk", None)
        or may_publish(user, change.content_type.model_class())
    )
    with transaction.atomic():
        discard(change)


def discard(change):
    files = [name for name in change.files.values() if name]
    change.delete()
    transaction.on_commit(lambda: forget_files(files))


def delete(records, *, user):
    """Delete `records` (of one kind) into the recycle bin, recorded as deleted by `user`."""
    records = list(records)
    if not records:
        return
    kind = type(records[0])
    check(user is None or user.has_perm(f"programme.delete_{kind._meta.model_name}"))
    with transaction.atomic():
        record_deletion(records, user=user, comment=gettext("Deleted (kept in the recycle bin)."))
        for record in records:
            record.delete()


# Restoring versions and deleted records


def restoring(version):
    """(the record, the state restoring `version` makes of it): the content the version holds,
    its links and children, with the record's publication as it is now and, for fields the
    version predates, the values now. (None, None) when the record no longer exists."""
    kind = version._model
    record = kind._base_manager.filter(pk=version.object_id).first()
    if record is None:
        return None, None
    now, old = states.of(record), states.from_version(version)
    held = version_fields(version)
    fields = {**now.fields, **{n: v for n, v in old.fields.items() if n in held}}
    for name in PUBLICATION_FIELDS:
        if name in now.fields:
            fields[name] = now.fields[name]
    links = {**now.links, **{n: v for n, v in old.links.items() if n in held}}
    children = dict(old.children)
    for accessor, child_kind, _link in child_relations(kind):
        if issubclass(child_kind, Publishable):
            # Records of their own (milestones): restored as the version had them, never
            # removed, as they have their own history and publication.
            children[accessor] = {**now.children.get(accessor, {}), **old.children[accessor]}
    return record, states.State(fields, links, children)


def version_fields(version):
    import json

    return set(json.loads(version.serialized_data)[0]["fields"])


def restore_version(version, *, user):
    """Make the record as `version` had it (see restoring()), live: itself a new version.
    Raises ValidationError when it no longer can be (a slug another record took since)."""
    record, state = restoring(version)
    check(may_publish(user, type(record)))
    validate(record, state)
    when = timezone.localtime(version.revision.date_created).strftime("%Y-%m-%d %H:%M")
    comment = gettext("Restored the version of %(date)s.") % {"date": when}
    return save(record, state, user=user, comment=comment)[0]


def recovering(version):
    """What restoring the deleted record of `version` brings back, as versions and emptied
    links of its deletion's revision: {"record", "children", "links", "relinks"}."""
    kind = version._model
    revision = version.revision
    children, links = [], []
    for other in revision.version_set.all():
        if other.pk == version.pk:
            continue
        values = other.field_dict
        relation = next(
            (
                f
                for f in other._model._meta.fields
                if f.is_relation
                and f.related_model is kind
                and values.get(f.attname) == int(version.object_id)
            ),
            None,
        )
        if relation is None:
            continue
        (links if other._model._meta.auto_created else children).append(other)
    relinks = list(
        revision.deletedlink_set.filter(target_id=version.object_id).select_related("content_type")
    )
    return {"record": version, "children": children, "links": links, "relinks": relinks}


def restore_deleted(version, *, user):
    """Restore the deleted record of `version` from the recycle bin: with its children, the links
    other records had to it, and the links its deletion emptied that are still empty."""
    kind = version._model
    check(may_publish(user, kind))
    parts = recovering(version)
    with recording(user, gettext("Restored from the recycle bin.")):
        version.revert()
        for child in parts["children"]:
            child.revert()
        for link in parts["links"]:
            ends = [f for f in link._model._meta.fields if f.is_relation]
            if all(
                f.related_model._base_manager.filter(pk=link.field_dict[f.attname]).exists()
                for f in ends
            ):
                link.revert()
        record = kind._base_manager.get(pk=version.object_id)
        for emptied in parts["relinks"]:
            other = (
                emptied.content_type.model_class()
                ._base_manager.filter(pk=emptied.object_id)
                .first()
            )
            field = type(other)._meta.get_field(emptied.field) if other is not None else None
            if other is not None and getattr(other, field.attname) is None:
                setattr(other, field.attname, record.pk)
                other.save()
                add_version(other)
        add_version(record)
    content_changed()
    return record


# Deciding on a pending change


def proposal(change, record=None):
    """(the state `change` makes of its record as the record is now, the places it no longer
    fits); a draft's publication proposes the draft as it is."""
    record = record or change.record
    now = states.of(record)
    if change.action == PendingChange.Action.PUBLISH:
        return now, []
    return states.merge(
        now, states.State.from_json(change.base), states.State.from_json(change.proposed)
    )


def fingerprint(change):
    """What a publisher sees of `change` on its review page: the change and the record now.
    Deciding refuses a fingerprint that is no longer the change's (see OutOfDate)."""
    record = change.record
    seen = states.State(
        {
            "action": change.action,
            "base": change.base,
            "proposed": change.proposed,
            "files": change.files,
            "record": states.of(record).as_json() if record is not None else None,
        }
    )
    return seen.digest()


def check_seen(change, seen):
    if seen is not None and seen != fingerprint(change):
        raise OutOfDate


def approve(change, *, user, seen=None):
    """Make `change` live now, exactly as its publisher saw it (`seen`, its fingerprint)."""
    kind = change.content_type.model_class()
    check(may_publish(user, kind))
    with transaction.atomic():
        change = PendingChange.objects.select_for_update().get(pk=change.pk)
        check_seen(change, seen)
        change.reviewer, change.reviewer_language = user, language_of_request()
        record = apply(change, user=user)
    return record


def approve_for(change, *, user, go_live_at, seen=None):
    """Approve `change` to go live at `go_live_at`: `publish_scheduled` applies it then."""
    check(may_publish(user, change.content_type.model_class()))
    with transaction.atomic():
        change = PendingChange.objects.select_for_update().get(pk=change.pk)
        check_seen(change, seen)
        change.status, change.go_live_at = PendingChange.Status.SCHEDULED, go_live_at
        change.reviewer, change.reviewer_language = user, language_of_request()
        change.problem = {}
        change.save()
    return change


def send_back(change, *, user, comment, seen=None):
    """Return `change` to its author with `comment`: it stays, for them to rework."""
    check(may_publish(user, change.content_type.model_class()))
    with transaction.atomic():
        change = PendingChange.objects.select_for_update().get(pk=change.pk)
        check_seen(change, seen)
        change.status, change.go_live_at = PendingChange.Status.SENT_BACK, None
        change.reviewer, change.reviewer_language, change.comment = (
            user,
            language_of_request(),
            comment,
        )
        change.save()
        notify_decision(
            change, user, gettext_lazy("%(user)s sent back your change to “%(record)s”.")
        )
    return change


def apply(change, *, user):
    """Make `change` live (inside a transaction, the change locked): carried onto its record as
    the record is now, validated as the record will be, recorded as a version. Raises
    ChangeDoesNotFit, writing nothing, when it no longer fits."""
    kind = change.content_type.model_class()
    record = kind._base_manager.select_for_update().filter(pk=change.object_id).first()
    if record is None:
        raise ChangeDoesNotFit(in_every_language(gettext_lazy("The record was deleted.")))
    state, conflicts = proposal(change, record)
    if conflicts:
        raise ChangeDoesNotFit(conflict_problem(kind, conflicts))
    try:
        validate(record, state, pending=change.files)
    except ValidationError as error:
        raise ChangeDoesNotFit(validation_problem(error)) from None
    if change.action == PendingChange.Action.PUBLISH:
        state.fields["publication_status"] = PublicationStatus.PUBLISHED
        comment = gettext_lazy(
            "Published after review: submitted by %(author)s, approved by %(reviewer)s."
        )
    else:
        comment = gettext_lazy(
            "Change made live after review: proposed by %(author)s, approved by %(reviewer)s."
        )
    names = {"author": change.author or "—", "reviewer": change.reviewer or "—"}
    removed = removed_children(record, state)
    if removed:
        record_deletion(removed, user=user, comment=gettext("Deleted with a change to its parent."))
    files = {name: pending_file(stored) for name, stored in change.files.items()}
    with recording(user, str(comment) % {key: str(value) for key, value in names.items()}):
        was_live = is_live(record)
        write(record, state, files=files)
        if isinstance(record, Project) and not was_live:
            children_follow(record)
        add_version(record)
    for opened in files.values():
        if opened:
            opened.close()
    stored_files = [stored for stored in change.files.values() if stored]
    change.delete()
    transaction.on_commit(lambda: forget_files(stored_files))
    notify_decision(
        change,
        change.reviewer,
        gettext_lazy("Your change to “%(record)s” is live, approved by %(user)s."),
    )
    content_changed()
    return record


def conflict_problem(kind, conflicts):
    from .changes import conflict_labels

    texts = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            labels = "; ".join(conflict_labels(kind, conflicts))
            texts[code] = gettext(
                "Changed by someone else since this change was made: %(fields)s."
            ) % {"fields": labels}
    return texts


def validation_problem(error):
    texts = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            texts[code] = " ".join(str(message) for message in error.messages)
    return texts


# Publication of whole records


def publish(records, *, user, comment=None):
    """Publish `records` (of one kind) at once; a project's milestones come with it. Returns how
    many were drafts."""
    return set_publication(
        records, PublicationStatus.PUBLISHED, user=user, comment=comment or gettext("Published.")
    )


def unpublish(records, *, user, comment=None):
    """Take `records` (of one kind) off the site; a project's milestones go with it."""
    return set_publication(
        records, PublicationStatus.DRAFT, user=user, comment=comment or gettext("Unpublished.")
    )


def set_publication(records, status, *, user, comment):
    records = list(records)
    if not records:
        return 0
    kind = type(records[0])
    check(may_publish(user, kind))
    count = 0
    with recording(user, comment):
        for record in kind._base_manager.select_for_update().filter(pk__in=[r.pk for r in records]):
            if record.publication_status == status:
                continue
            record.publication_status = status
            record.save()
            if isinstance(record, Project):
                children_follow(record)
            add_version(record)
            count += 1
            request = (
                PendingChange.objects.of(record).filter(action=PendingChange.Action.PUBLISH).first()
            )
            if request is not None and status == PublicationStatus.PUBLISHED:
                notify_decision(
                    request, user, gettext_lazy("“%(record)s” was published by %(user)s.")
                )
                discard(request)
        content_changed()
    return count


def children_follow(project):
    """A project's milestones take its publication when it is published or taken down as a
    whole (its difference lists them)."""
    for milestone in Milestone.objects.filter(project=project):
        for name in PUBLICATION_FIELDS:
            setattr(milestone, name, getattr(project, name))
        milestone.save()


def take_down_expired():
    """Make drafts of the published records whose `unpublish_at` has passed (the public already
    no longer sees them). Returns their number."""
    from .content import publishable_kinds

    count = 0
    now = timezone.now()
    for kind in publishable_kinds():
        expired = kind.objects.filter(
            publication_status=PublicationStatus.PUBLISHED, unpublish_at__lte=now
        )
        with recording(None, gettext("Taken down at its time (manage.py publish_scheduled).")):
            for record in expired.select_for_update():
                record.publication_status, record.unpublish_at = PublicationStatus.DRAFT, None
                record.save()
                add_version(record)
                count += 1
    if count:
        content_changed()
    return count


def publish_scheduled():
    """Apply the approved changes whose time has come, each as its approver, in the approver's
    language, and take down what has expired: (applied, could not be applied, taken down). A
    change that no longer fits stays, back in review, and its author and approver are told why."""
    applied = failed = 0
    for change in PendingChange.objects.due().select_related("reviewer", "author"):
        with translation.override(change.reviewer_language), transaction.atomic():
            # Another process may have applied it meanwhile.
            current = PendingChange.objects.due().select_for_update().filter(pk=change.pk).first()
            if current is None:
                continue
            try:
                with transaction.atomic():
                    apply(current, user=current.reviewer)
                applied += 1
            except ChangeDoesNotFit as error:
                current.status, current.go_live_at = PendingChange.Status.PENDING, None
                current.problem = error.problem
                current.save()
                failed += 1
                text = problem_notice(current)
                notify(current.author, text, language=current.author_language, link=current)
                if current.reviewer != current.author:
                    notify(current.reviewer, text, language=current.reviewer_language, link=current)
    return applied, failed, take_down_expired()


def problem_notice(change):
    texts = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            texts[code] = gettext(
                "The change to “%(record)s” could not go live at its time: %(problem)s"
            ) % {"record": str(change), "problem": change.problem.get(code, "")}
    return texts


# Files of pending changes


def pending_storage():
    return storages["pending"]


def store_pending(files):
    """Keep uploaded `files` in the pending storage under random names: {field: name or ""}."""
    kept = {}
    for name, upload in files.items():
        kept[name] = (
            pending_storage().save(random_name(upload.name, upload), upload) if upload else ""
        )
    return kept


def pending_file(stored):
    return File(pending_storage().open(stored), name=stored) if stored else ""


def forget_files(names):
    for name in names:
        if name:
            pending_storage().delete(name)


# Notices


def notify_decision(change, user, message):
    """Tell the author of `change` what `user` decided: `message` with %(record)s and %(user)s."""
    if change.author is not None and change.author != user:
        text = in_every_language(message, record=change, user=user or "—")
        notify(change.author, text, language=change.author_language)


def notify(user, text, *, language, link=None):
    """Leave `text` ({language: text}) for `user` on the admin's first page, linking to the
    pending change `link`, and e-mail it in `language` when the site sends e-mail. The notice is
    saved first: a mail server that fails loses nothing."""
    if user is None:
        return
    address = ""
    if link is not None:
        from django.urls import reverse

        address = reverse("admin:programme_pendingchange_change", args=[link.pk])
    Notice.objects.create(user=user, text=text, link=address)
    if settings.SEND_STAFF_EMAIL and user.email:
        subject, body = gettext("Binh Duong Smart City portal"), text.get(language) or text["vi"]
        transaction.on_commit(
            lambda: send_mail(subject, body, None, [user.email], fail_silently=True)
        )
