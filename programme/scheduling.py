"""When published content changes by itself: a record published with a `publish_at` in the future
becomes public at that moment, and one with an `unpublish_at` comes down at that moment, with no
save, no signal and no purge of the page cache; an approved change scheduled for a time
(PendingChange.go_live_at) is applied by the first request of the page cache's next generation
or by `manage.py publish_scheduled`, whichever comes first. The page cache (portal/cache.py)
keeps its pages until the next such moment at most."""

from django.apps import apps
from django.db.models import F
from django.utils import timezone

from .models import PendingChange, PublicationStatus, Publishable

# The fields of published records that hold a moment at which the public sees them change.
SCHEDULED_FIELDS = ("publish_at", "unpublish_at")


def scheduled_models():
    """The programme's models whose records are published (Publishable)."""
    return [
        model
        for model in apps.get_app_config("programme").get_models()
        if issubclass(model, Publishable)
    ]


def next_scheduled_change():
    """The earliest moment after now at which a published record changes by itself, or None when
    nothing is scheduled. One query, whatever the number of models and fields."""
    now = timezone.now()
    moments = [
        model.objects.filter(
            publication_status=PublicationStatus.PUBLISHED, **{f"{field}__gt": now}
        )
        .order_by()
        .annotate(moment=F(field))
        .values_list("moment", flat=True)
        for model in scheduled_models()
        for field in SCHEDULED_FIELDS
        if any(model_field.name == field for model_field in model._meta.fields)
    ]
    moments.append(
        PendingChange.objects.scheduled()
        .filter(go_live_at__gt=now)
        .order_by()
        .annotate(moment=F("go_live_at"))
        .values_list("moment", flat=True)
    )
    first, *others = moments
    return first.union(*others, all=True).order_by("moment").first()


def apply_due_changes():
    """Apply the approved changes whose time has come (programme/review.py); the first request
    after the page cache's generation ends calls it. Returns their number."""
    from . import review

    return review.apply_due_changes()


def publish_scheduled():
    """Apply the approved changes whose time has come and make drafts of the records past their
    `unpublish_at` (which the public no longer sees already); returns (changes applied, records
    taken down). Run by `manage.py publish_scheduled`."""
    from . import review

    return review.apply_due_changes(), review.take_down_expired()
