"""What the staff dashboard on the admin's first page lists: a fixed number of queries,
whatever the amount of content."""

from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import BigIntegerField, CharField, F, Q, Value
from django.db.models.functions import Cast, Coalesce
from django.urls import reverse
from django.utils import timezone

from .content import KINDS, publishable_kinds
from .models import Notice, PendingChange, PublicationStatus

# How many entries each list shows at most.
SHOWN = 50


def entries(querysets, **fields):
    """Rows of several models in one query: (kind, pk, label, parent, *fields), where `fields`
    are expressions by name."""
    rows = [
        queryset.order_by()
        .annotate(
            entry_kind=Value(queryset.model._meta.model_name, output_field=CharField()),
            entry_label=Cast(F(f"{queryset.model.naming_field}_vi"), CharField()),
            entry_parent=F("project_id")
            if queryset.model._meta.model_name == "keyfigure"
            # Typed, for PostgreSQL's union.
            else Cast(Value(None), BigIntegerField()),
        )
        # Annotations alone, so that every query of the union gives its columns in this order.
        .annotate(entry_pk=F("pk"), **{f"entry_{name}": value for name, value in fields.items()})
        .values_list(
            "entry_kind",
            "entry_pk",
            "entry_label",
            "entry_parent",
            *(f"entry_{name}" for name in fields),
        )
        for queryset in querysets
    ]
    first, *others = rows
    return first.union(*others, all=True)


def linked(rows, *fields):
    """Rows as dicts, each with the kind's name and the address of the form that edits it."""
    models = {model._meta.model_name: model for model in KINDS}
    result = []
    for kind, pk, label, parent, *values in rows:
        model = models[kind]
        if parent is not None:  # A key figure is edited in its project's form.
            url = reverse("admin:programme_project_change", args=[parent])
        else:
            url = reverse(f"admin:programme_{kind}_change", args=[pk])
        entry = {"kind": model._meta.verbose_name, "label": label, "url": url}
        result.append(entry | dict(zip(fields, values, strict=True)))
    return result


def my_drafts(user):
    """The drafts `user` created."""
    types = ContentType.objects.get_for_models(*publishable_kinds())
    added = LogEntry.objects.filter(user=user, action_flag=ADDITION)
    drafts = [
        model.objects.drafts().filter(
            pk__in=added.filter(content_type=types[model])
            .annotate(record=Cast("object_id", BigIntegerField()))
            .values("record")
        )
        for model in publishable_kinds()
    ]
    return linked(
        entries(drafts, updated_at=F("updated_at")).order_by("-entry_updated_at")[:SHOWN],
        "updated_at",
    )


def scheduled_records():
    """Published records that go live or come down at a time ahead, soonest first."""
    now = timezone.now()
    records = [
        model.objects.filter(publication_status=PublicationStatus.PUBLISHED).filter(
            Q(publish_at__gt=now) | Q(unpublish_at__gt=now)
        )
        for model in publishable_kinds()
    ]
    rows = entries(
        records,
        publish_at=F("publish_at"),
        unpublish_at=F("unpublish_at"),
        moment=Coalesce("publish_at", "unpublish_at"),
    ).order_by("entry_moment")
    return linked(rows[:SHOWN], "publish_at", "unpublish_at", "moment")


def lacking_english():
    """Every record, of every kind, children included, with Vietnamese that lacks its
    English: (the first SHOWN of them, their number)."""
    records = [model.objects.filter(model.lacking_english()) for model in KINDS]
    rows = entries(records)
    return linked(rows.order_by("entry_kind", "entry_label")[:SHOWN]), rows.count()


def changes_for(user, *, publishes):
    """The pending changes `user` is to see: their own, and every one waiting for review or
    scheduled when they publish."""
    changes = PendingChange.objects.select_related("content_type", "author", "reviewer")
    if publishes:
        changes = changes.filter(Q(author=user) | ~Q(status=PendingChange.Status.SENT_BACK))
    else:
        changes = changes.filter(author=user)
    return list(changes.prefetch_related("record")[: 3 * SHOWN])


def dashboard(user, *, publishes):
    changes = changes_for(user, publishes=publishes)
    lacking, lacking_count = lacking_english()
    status = PendingChange.Status
    return {
        "drafts": my_drafts(user),
        "sent_back": [
            c for c in changes if c.status == status.SENT_BACK and c.author_id == user.pk
        ],
        "mine_waiting": [
            c for c in changes if c.status == status.PENDING and c.author_id == user.pk
        ],
        "to_review": [c for c in changes if c.status == status.PENDING] if publishes else [],
        "problems": [c for c in changes if c.problem],
        "notices": list(Notice.objects.filter(user=user)[:10]),
        "scheduled_changes": sorted(
            (c for c in changes if c.status == status.SCHEDULED), key=lambda c: c.go_live_at
        ),
        "scheduled_records": scheduled_records(),
        "lacking_english": lacking,
        "lacking_english_count": lacking_count,
        "publishes": publishes,
    }
