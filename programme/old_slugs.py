"""Old addresses: when a record with a page of its own gets a new slug, its old slug is kept as an
OldSlug, and the detail views answer it with a permanent redirect to the record's current address
(programme/views.py).

Signals, connected in programme/apps.py, so that every path that saves a record keeps its old
slug: admin forms, `seed`, `import_content` and `loaddata`, and the raw saves with which
django-reversion brings back an earlier version. pre_save reads the slug the database holds;
post_save, once the record is written, keeps it if it changed. QuerySet.update() sends no
signals: nothing in the portal changes slugs that way.
"""

from .models import Award, OldSlug, Page, Partner, Project, Source

# The models whose records have a page of their own, at an address made from their slug.
MODELS = (Project, Award, Partner, Source, Page)


# Each language's slug column.
COLUMNS = {"vi": "slug", "en": "slug_en"}


def read_slug_before_save(sender, instance, using, **kwargs):
    """pre_save: note the slugs the record has in the database (none for a new record)."""
    stored = sender._base_manager.using(using).filter(pk=instance.pk) if instance.pk else None
    row = stored.values(*COLUMNS.values()).first() if stored else None
    instance._slugs_in_database = row or {}


def keep_old_slug(sender, instance, using, **kwargs):
    """post_save: keep each slug the record had, if it changed, as leading to this record. The
    record's new slugs now mean this record, whatever record had them before."""
    before = instance.__dict__.pop("_slugs_in_database", {})
    kind = sender._meta.model_name
    for language, column in COLUMNS.items():
        old, new = before.get(column), getattr(instance, column)
        if old == new:
            continue
        if new:
            OldSlug.objects.using(using).filter(kind=kind, slug=new).delete()
        if old and old not in (instance.slug, instance.slug_en):
            OldSlug.objects.using(using).update_or_create(
                kind=kind, slug=old, defaults={"record_id": instance.pk, "language": language}
            )
