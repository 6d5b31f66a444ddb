"""Every way published content changes, as plain functions that the admin (forms, list actions,
review pages), the commands (seed, import_content, publish_scheduled), the shell and the tests
call alike.

Each asks may_publish() who may do it, runs in one transaction, records a version of each record
it changes (django-reversion: who, when, a comment in the staff member's language) and purges
the page cache only when what the public sees changes. A record is *live* when the public may see
it: published (whether or not its time has come), or of a kind that has no drafts (themes,
localities). A live record changes only by a publisher's hand: what others save is held as its
PendingChange, values in the model's own terms (programme/states.py) that a publisher approves,
now or for a time, or sends back. A draft is its editors' own until one of them submits it for
review. `publish_scheduled()` (the command of the same name, run every minute) applies what is
due: no visitor's request ever writes.
"""

import enum
import json
from contextlib import contextmanager

import reversion
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.storage import storages
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop

from portal.cache import content_changed, one_purge

from . import states
from .changes import PENDING_FILE, conflict_labels
from .content import child_relations, parent_of, publishable_kinds
from .models import KeyFigure, Milestone, PendingChange, Project, PublicationStatus, Publishable
from .notices import in_every_language, notify, tell_author
from .uploads import random_name
from .versions import add_deletion_to_revision

PUBLICATION_FIELDS = ("publication_status", "publish_at", "unpublish_at")
CHANGE, PUBLISH = PendingChange.Action.CHANGE, PendingChange.Action.PUBLISH


class Saved(enum.Enum):
    LIVE = "live"  # the public sees it (or will at its publication time)
    DRAFT = "draft"  # written to a draft
    PROPOSED = "proposed"  # held for review
    SCHEDULED = "scheduled"  # approved to go live at a time


class ChangeDoesNotFit(Exception):
    """A change no longer fits its record as the record is now: `problem`, {language: why}."""

    def __init__(self, problem):
        super().__init__(problem[settings.LANGUAGE_CODE])
        self.problem = problem


class OutOfDate(Exception):
    """What a publisher decided on is no longer what the change holds or the record is."""


# Who may do what: the one answer that the admin, its buttons and these functions all ask.


def may_publish(user, kind):
    """Whether `user` makes records of `kind` live: publishes, unpublishes, schedules, approves
    and restores them. None is a command run by the site's operator."""
    if user is None:
        return True
    kind = Project if kind is KeyFigure else kind
    return user.is_active and user.has_perm(f"programme.publish_{kind._meta.model_name}")


def may(user, action, kind):
    """Whether `user` may `action` ("add", "change", "delete") records of `kind`."""
    return user is None or user.has_perm(f"programme.{action}_{kind._meta.model_name}")


def check(allowed):
    if not allowed:
        raise PermissionDenied(gettext("You may not do this."))


def is_live(record):
    """Whether the public may see `record`, as stored: published, or of a kind without drafts."""
    if record.pk is None or not isinstance(record, Publishable):
        return record.pk is not None
    stored = type(record)._base_manager.filter(pk=record.pk).values_list("publication_status")
    return stored.first() == (PublicationStatus.PUBLISHED,)


def is_draft(record):
    """Whether the public never sees `record` as it is: a draft, or a draft's key figure."""
    if isinstance(record, KeyFigure):
        return Project.objects.drafts().filter(pk=record.project_id).exists()
    return getattr(record, "publication_status", None) == PublicationStatus.DRAFT


def public_content_written(sender, instance=None, using=None, **kwargs):
    """post_save, post_delete and m2m_changed of content: purge the page cache, unless what was
    written is a draft's (unpublish() purges itself)."""
    if not is_draft(instance):
        content_changed(using=using)


def language():
    return (translation.get_language() or settings.LANGUAGE_CODE)[:2]


# Versions


@contextmanager
def recording(user, comment):
    """One transaction and one revision of django-reversion, by `user`, with `comment`."""
    with one_purge(), transaction.atomic(), reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(str(comment))
        yield


def add_version(record):
    """Add `record` to the current revision with its children, and its parent with theirs."""
    reversion.add_to_revision(record)
    if parent_of(record) is not None:
        reversion.add_to_revision(parent_of(record))


def record_deletion(records, *, user, comment):
    """A revision of `records`, their children and the links to them, while they still exist:
    the recycle bin restores them from it, and names who deleted them and when."""
    if records:
        with recording(user, comment):
            for record in records:
                add_deletion_to_revision(record)


def write_live(record, state, *, user, comment, files=None):
    """Write `state` onto `record` as one version, its removed children into the recycle bin,
    a project's milestones following it when it goes live as a whole."""
    was_live = is_live(record)
    removed = states.removed_children(record, state)
    record_deletion(removed, user=user, comment=gettext("Deleted with a change to its parent."))
    with recording(user, comment):
        states.write(record, state, files=files)
        if isinstance(record, Project) and not was_live and is_live(record):
            children_follow(record)
        add_version(record)
    if was_live or is_live(record):
        content_changed()


def follow_publication(record, state):
    """Children added to a record take its publication, as the difference shows."""
    for accessor, child_kind, _link in child_relations(type(record)):
        if issubclass(child_kind, Publishable):
            for key, child in state.children.get(accessor, {}).items():
                if key.startswith("new-"):
                    child.fields |= {name: state.fields[name] for name in PUBLICATION_FIELDS}


# What a form shows, and saving what staff made in it


def change_shown(record, user):
    """The pending change that the form of `record` shows `user`, who edits on top of it: its
    author, and anyone who may not publish the record. A publisher sees the record as it is
    live, with the change beside it, which their save keeps."""
    change = PendingChange.objects.of(record).filter(action=CHANGE).first()
    if change is None or (change.author != user and may_publish(user, type(record))):
        return None
    return change


def editing(record, user):
    """What the form of `record` shows `user`: (a State, the pending change it shows or None;
    see change_shown()). A file the change brings is named "pending:NAME"."""
    change = change_shown(record, user)
    if change is None:
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
        del state.fields[name]
    built = states.build(record, state)
    for name, stored in change.files.items():
        file = getattr(built, name)
        file.name, file.storage = stored or None, pending_storage()
    return built


def save(record, state, *, user, files=None, go_live_at=None, comment="", on_top_of=None):
    """Save `state`, what `user` made of `record` (a new record when it has no key yet): live
    at once when they may publish it, else held as its pending change while it is live, and
    written to it while it is a draft. `files`: {field: an uploaded file, or "" to remove it},
    as a form validated them. `go_live_at`: a time at which a publisher's change to a live
    record goes live. `on_top_of`: the pending change the state was made on (see editing()),
    which goes live with it; any other pending change stays. Returns (the record, Saved)."""
    kind = type(record)
    publishes = may_publish(user, kind)
    if record.pk is None:
        check(may(user, "add", kind))
        check(publishes or state.fields.get("publication_status") != PublicationStatus.PUBLISHED)
        follow_publication(record, state)
        write_live(record, state, user=user, comment=comment or gettext("Added."), files=files)
        return record, (Saved.LIVE if is_live(record) else Saved.DRAFT)
    check(may(user, "change", kind))
    with transaction.atomic():
        current = kind._base_manager.select_for_update().get(pk=record.pk)
        stored = states.of(current, children=False).fields
        check(
            publishes
            or all(state.fields[n] == stored[n] for n in PUBLICATION_FIELDS if n in stored)
        )
        waiting = PendingChange.objects.of(current).first()
        if is_live(current) and (go_live_at is not None or not publishes):
            if waiting is not None and waiting.action == CHANGE and on_top_of != waiting:
                raise ValueError("A change beside another's pending change would replace it.")
            change = propose(current, state, user=user, files=files, go_live_at=go_live_at)
            return current, (Saved.SCHEDULED if change.go_live_at else Saved.PROPOSED)
        check(go_live_at is None)
        if on_top_of is not None:
            files = {**{n: pending_file(f) for n, f in on_top_of.files.items()}, **(files or {})}
        follow_publication(current, state)
        write_live(current, state, user=user, comment=comment or gettext("Changed."), files=files)
        if (
            waiting is not None
            and (waiting == on_top_of or waiting.action == PUBLISH)
            and is_live(current)
        ):
            # What it held is live now, with the publisher's own edits.
            tell_author(waiting, user, gettext_noop("“%(record)s” was published by %(user)s."))
            discard(waiting)
    return current, (Saved.LIVE if is_live(current) else Saved.DRAFT)


def propose(record, state, *, user, files=None, go_live_at=None):
    """Hold `state` as the change to live `record` that `user` proposes (or, with `go_live_at`,
    that a publisher approves for that time), made on top of the change it already has: whoever
    opens the record's form edits what the change would make of it."""
    kind = type(record)
    check(may(user, "change", kind) and (go_live_at is None or may_publish(user, kind)))
    with transaction.atomic():
        record = kind._base_manager.select_for_update().get(pk=record.pk)
        change = PendingChange.objects.of(record).select_for_update().first() or PendingChange(
            content_type=ContentType.objects.get_for_model(record), object_id=record.pk
        )
        kept = dict(change.files)
        follow_publication(record, state)
        change.action, change.base, change.proposed = (
            CHANGE,
            states.of(record).as_json(),
            state.as_json(),
        )
        change.files = {**kept, **store_pending(files or {})}
        change.author, change.author_language, change.comment, change.problem = (
            user,
            language(),
            "",
            {},
        )
        scheduled = go_live_at is not None
        change.status = (
            PendingChange.Status.SCHEDULED if scheduled else PendingChange.Status.PENDING
        )
        change.go_live_at, change.reviewer = go_live_at, user if scheduled else None
        change.reviewer_language = language()
        change.save()
        replaced = [stored for name, stored in kept.items() if stored != change.files[name]]
        transaction.on_commit(lambda: forget_files(replaced))
    return change


def submit_for_review(record, *, user):
    """Ask the publishers to publish the draft `record`, as it is when they decide."""
    check(may(user, "change", type(record)) and not is_live(record))
    change, _created = PendingChange.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        defaults={
            **{"action": PUBLISH, "base": None, "proposed": None, "files": {}},
            **{"status": PendingChange.Status.PENDING, "go_live_at": None, "reviewer": None},
            **{"author": user, "author_language": language(), "comment": "", "problem": {}},
        },
    )
    return change


def withdraw(change, *, user):
    """The author (or a publisher) takes a change back; its files go with it."""
    check(change.author == user or may_publish(user, change.content_type.model_class()))
    with transaction.atomic():
        discard(change)


def discard(change):
    files = list(change.files.values())
    change.delete()
    transaction.on_commit(lambda: forget_files(files))


def forget_pending_change(sender, instance, **kwargs):
    """post_delete of a record: its pending change, and the change's files, go with it."""
    for change in PendingChange.objects.of(instance):
        discard(change)


def delete(records, *, user):
    """Delete `records` (of one kind) into the recycle bin, recorded as deleted by `user`."""
    records = list(records)
    check(all(may(user, "delete", type(record)) for record in records))
    with transaction.atomic():
        record_deletion(records, user=user, comment=gettext("Deleted (kept in the recycle bin)."))
        for record in records:
            record.delete()


# Deciding on a pending change


def proposal(change, record=None):
    """(the state `change` makes of its record as the record is now, the places where it no
    longer fits); a draft's publication proposes the draft as it is."""
    now = states.of(record or change.record)
    if change.action == PUBLISH:
        return now, []
    return states.merge(
        now, states.State.from_json(change.base), states.State.from_json(change.proposed)
    )


def fingerprint(change):
    """What a publisher sees of `change` on its review page: the change and its record now.
    A decision refuses any other (OutOfDate)."""
    record = change.record
    seen = [change.action, change.base, change.proposed, change.files]
    seen.append(states.of(record).as_json() if record is not None else None)
    return states.State({"seen": seen}).digest()


def deciding(change, user, seen):
    """The change, locked, once `user` may decide on it and it is what they saw (`seen`, its
    fingerprint; None in the shell: as it is now)."""
    check(may_publish(user, change.content_type.model_class()))
    change = PendingChange.objects.select_for_update().get(pk=change.pk)
    if seen is not None and seen != fingerprint(change):
        raise OutOfDate
    change.reviewer, change.reviewer_language = user, language()
    return change


def approve(change, *, user, seen=None):
    """Make `change` live now, exactly as its publisher saw it (`seen`, its fingerprint)."""
    with transaction.atomic():
        return apply(deciding(change, user, seen), user=user)


def approve_for(change, *, user, go_live_at, seen=None):
    """Approve `change` to go live at `go_live_at`, when `publish_scheduled` applies it."""
    with transaction.atomic():
        change = deciding(change, user, seen)
        change.status, change.go_live_at, change.problem = (
            PendingChange.Status.SCHEDULED,
            go_live_at,
            {},
        )
        change.save()
    return change


def send_back(change, *, user, comment, seen=None):
    """Return `change` to its author with `comment`: it stays, for them to rework."""
    with transaction.atomic():
        change = deciding(change, user, seen)
        change.status, change.go_live_at, change.comment = (
            PendingChange.Status.SENT_BACK,
            None,
            comment,
        )
        change.save()
        tell_author(change, user, gettext_noop("%(user)s sent back your change to “%(record)s”."))
    return change


def apply(change, *, user):
    """Make `change` live (inside a transaction): carried onto its record as the record is now,
    validated as the record will be, written as a version. Raises ChangeDoesNotFit, writing
    nothing, when it no longer fits."""
    kind = change.content_type.model_class()
    record = kind._base_manager.select_for_update().filter(pk=change.object_id).first()
    if record is None:
        raise ChangeDoesNotFit(in_every_language(lambda: gettext("The record was deleted.")))
    state, conflicts = proposal(change, record)
    if conflicts:
        raise ChangeDoesNotFit(in_every_language(lambda: conflict_text(kind, conflicts)))
    try:
        states.validate(record, state, files=change.files, storage=pending_storage())
    except ValidationError as error:
        # Its messages read in the language active when they are read.
        raise ChangeDoesNotFit(in_every_language(lambda e=error: " ".join(e.messages))) from None
    if change.action == PUBLISH:
        state.fields["publication_status"] = PublicationStatus.PUBLISHED
        comment = gettext(
            "Published after review: submitted by %(author)s, approved by %(reviewer)s."
        )
    else:
        comment = gettext(
            "Change made live after review: proposed by %(author)s, approved by %(reviewer)s."
        )
    comment %= {"author": change.author or "—", "reviewer": change.reviewer or "—"}
    files = {name: pending_file(stored) for name, stored in change.files.items()}
    write_live(record, state, user=user, comment=comment, files=files)
    for opened in filter(None, files.values()):
        opened.close()
    discard(change)
    live = gettext_noop("Your change to “%(record)s” is live, approved by %(user)s.")
    tell_author(change, change.reviewer, live)
    return record


def conflict_text(kind, conflicts):
    return gettext("Changed by someone else since this change was made: %(fields)s.") % {
        "fields": "; ".join(conflict_labels(kind, conflicts))
    }


def could_not_go_live(change):
    return gettext("The change to “%(record)s” could not go live at its time: %(problem)s") % {
        "record": change,
        "problem": change.problem_text,
    }


# Publication of whole records


def publish(records, *, user, comment=None):
    """Publish `records` (of one kind) at once; a project's milestones come with it. Returns
    how many were drafts."""
    return set_publication(
        records, PublicationStatus.PUBLISHED, user=user, comment=comment or gettext("Published.")
    )


def unpublish(records, *, user, comment=None):
    """Take `records` (of one kind) off the site; a project's milestones go with it."""
    return set_publication(
        records, PublicationStatus.DRAFT, user=user, comment=comment or gettext("Unpublished.")
    )


def set_publication(records, status, *, user, comment):
    count = 0
    with recording(user, comment):
        for record in records:
            check(may_publish(user, type(record)))
            record = type(record)._base_manager.select_for_update().get(pk=record.pk)
            if record.publication_status == status:
                continue
            record.publication_status = status
            record.save()
            if isinstance(record, Project):
                children_follow(record)
            add_version(record)
            count += 1
            request = PendingChange.objects.of(record).filter(action=PUBLISH).first()
            if request is not None and status == PublicationStatus.PUBLISHED:
                tell_author(request, user, gettext_noop("“%(record)s” was published by %(user)s."))
                discard(request)
        content_changed()
    return count


def children_follow(project):
    """A project's milestones take its publication when it is published or taken down as a
    whole (its review lists them)."""
    for milestone in Milestone.objects.filter(project=project):
        for name in PUBLICATION_FIELDS:
            setattr(milestone, name, getattr(project, name))
        milestone.save()


def take_down_expired():
    """Make drafts of the published records whose `unpublish_at` has passed (the public already
    no longer sees them), each as a version. Returns their number."""
    count = 0
    with recording(None, gettext("Taken down at its time (manage.py publish_scheduled).")):
        for kind in publishable_kinds():
            published = kind.objects.filter(publication_status=PublicationStatus.PUBLISHED)
            for record in published.filter(unpublish_at__lte=timezone.now()).select_for_update():
                record.publication_status, record.unpublish_at = PublicationStatus.DRAFT, None
                record.save()
                add_version(record)
                count += 1
    if count:
        content_changed()
    return count


def publish_scheduled():
    """Apply the approved changes whose time has come, each as its approver and in the
    approver's language, and take down what has expired: (applied, could not be applied, taken
    down). A change that no longer fits goes back to review, and author and approver are told
    why, each in their language."""
    applied = failed = 0
    for due in PendingChange.objects.due():
        with translation.override(due.reviewer_language), transaction.atomic():
            # Another process may have applied it meanwhile.
            change = PendingChange.objects.due().select_for_update().filter(pk=due.pk).first()
            if change is None:
                continue
            try:
                with transaction.atomic():
                    apply(change, user=change.reviewer)
                applied += 1
            except ChangeDoesNotFit as error:
                change.status, change.go_live_at, change.problem = (
                    PendingChange.Status.PENDING,
                    None,
                    error.problem,
                )
                change.save()
                failed += 1
                text = in_every_language(lambda c=change: could_not_go_live(c))
                notify(change.author, text, language=change.author_language, change=change)
                if change.reviewer != change.author:
                    notify(change.reviewer, text, language=change.reviewer_language, change=change)
    return applied, failed, take_down_expired()


# Restoring versions and deleted records


def restoring(version):
    """(the record, the state restoring `version` makes of it): what the version holds, with the
    record's publication as it is now, and the values now of fields the version predates;
    milestones, records of their own, restored as the version had them but never removed.
    (None, None) when the record no longer exists."""
    kind = version._model
    record = kind._base_manager.filter(pk=version.object_id).first()
    if record is None:
        return None, None
    now, old = states.of(record), states.from_version(version)
    held = set(json.loads(version.serialized_data)[0]["fields"]) - set(PUBLICATION_FIELDS)
    fields = {**now.fields, **{n: v for n, v in old.fields.items() if n in held}}
    links = {**now.links, **{n: v for n, v in old.links.items() if n in held}}
    children = dict(old.children)
    for accessor, child_kind, _link in child_relations(kind):
        if issubclass(child_kind, Publishable):
            children[accessor] = {**now.children.get(accessor, {}), **old.children[accessor]}
    return record, states.State(fields, links, children)


def restore_version(version, *, user):
    """Make the record as `version` had it (see restoring()), live: itself a new version.
    Raises ValidationError when it no longer can be (a slug another record took since)."""
    record, state = restoring(version)
    check(may_publish(user, type(record)))
    states.validate(record, state)
    when = timezone.localtime(version.revision.date_created).strftime("%Y-%m-%d %H:%M")
    comment = gettext("Restored the version of %(date)s.") % {"date": when}
    return save(record, state, user=user, comment=comment)[0]


def recovering(version):
    """What restoring the deleted record of `version` brings back, from its deletion's
    revision: {"children": versions, "links": versions of link rows, "relinks": DeletedLinks}."""
    kind, pk = version._model, int(version.object_id)
    children, links = [], []
    for other in version.revision.version_set.exclude(pk=version.pk):
        values = other.field_dict
        if any(
            f.related_model is kind and values.get(f.attname) == pk
            for f in other._model._meta.fields
        ):
            (links if other._model._meta.auto_created else children).append(other)
    relinks = version.revision.deletedlink_set.filter(target_id=pk).select_related("content_type")
    return {"children": children, "links": links, "relinks": list(relinks)}


def restore_deleted(version, *, user):
    """Restore the deleted record of `version` from the recycle bin: with its children, the
    links other records had to it (to those that still exist), and the links its deletion
    emptied that are still empty."""
    kind = version._model
    check(may_publish(user, kind))
    parts = recovering(version)
    with recording(user, gettext("Restored from the recycle bin.")):
        version.revert()
        for child in parts["children"]:
            # A child that outlived it (a milestone) keeps what it is now: it is relinked below.
            if not child._model._base_manager.filter(pk=child.object_id).exists():
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
            other = emptied.content_type.get_all_objects_for_this_type(pk=emptied.object_id).first()
            if other is not None and getattr(other, emptied.field) is None:
                setattr(other, emptied.field, record)
                other.save()
                add_version(other)
        add_version(record)
    content_changed()
    return record


# Files of pending changes: in a storage of their own, out of public reach, under random names.


def pending_storage():
    return storages["pending"]


def store_pending(files):
    """{field: name in the pending storage, or ""} of uploaded `files` ({field: file or ""})."""
    return {
        name: pending_storage().save(random_name(upload.name, upload), upload) if upload else ""
        for name, upload in files.items()
    }


def pending_file(stored):
    return File(pending_storage().open(stored), name=stored) if stored else ""


def forget_files(names):
    for name in filter(None, names):
        pending_storage().delete(name)
