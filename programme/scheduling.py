"""When published content changes by itself: a record published with a `publish_at` in the future
becomes public at that moment, and one with an `unpublish_at` comes down at that moment, with no
save and no purge of the page cache; an approved change scheduled for a time
(PendingChange.go_live_at) is applied by `manage.py publish_scheduled`, run every minute, which
purges. The page cache (portal/cache.py, through settings.PAGE_CACHE_NEXT_CHANGE) keeps its pages
until the next such moment at most, so that the public sees each at its time, never before."""

from django.db.models import F
from django.utils import timezone

from .content import publishable_kinds
from .models import PendingChange, PublicationStatus

# The fields of published records that hold a moment at which the public sees them change.
SCHEDULED_FIELDS = ("publish_at", "unpublish_at")


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
        for model in publishable_kinds()
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
