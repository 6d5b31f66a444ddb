"""Generated content for benchmarks and scale tests: copies of every record already in the
database (normally the seed), linked among themselves as the originals are.

Copy n of a record gets the slug "<slug>-copy-<n>", its naming field ends in " (n)" in every
language, and it carries no seed key, so `seed` leaves it alone. Themes, localities and fixed
pages are not copied: more projects do not bring more districts to Binh Duong, more themes to
the programme or more about pages to the site; copies link to the originals. Rows are written
with bulk_create, so ten thousand projects take seconds, not minutes.
"""

from django.db import transaction

from portal.cache import content_changed

from .models import Award, KeyFigure, Milestone, Partner, Project, Source
from .search_index import rebuild

# Referenced models before the models that refer to them.
COPIED_MODELS = [Source, Partner, Project, KeyFigure, Award, Milestone]
NAMING_FIELDS = ("title", "name", "headline")
BATCH_SIZE = 500


def generate_copies(*, copies):
    """Add `copies` copies of every record of COPIED_MODELS; returns the number made per model."""
    originals = {model: list(model.objects.order_by("pk")) for model in COPIED_MODELS}
    made = {
        model._meta.verbose_name_plural: len(rows) * copies for model, rows in originals.items()
    }
    with transaction.atomic():
        for n in range(1, copies + 1):
            new_pk = {}  # (model, original pk) -> pk of copy n
            for model in COPIED_MODELS:
                rows = [copy_of(record, n, new_pk) for record in originals[model]]
                created = model.objects.bulk_create(rows, batch_size=BATCH_SIZE)
                for record, row in zip(originals[model], created, strict=True):
                    new_pk[(model, record.pk)] = row.pk
                copy_links(model, new_pk)
        # bulk_create sends no signals.
        rebuild()
        content_changed()
    return made


def copy_of(record, n, new_pk):
    row = type(record)()
    for field in record._meta.concrete_fields:
        if field.primary_key:
            continue
        value = getattr(record, field.attname)
        if field.is_relation and value is not None:
            # Links to copied models point at the same copy; others (themes, localities) stay.
            value = new_pk.get((field.related_model, value), value)
        setattr(row, field.attname, value)
    if hasattr(row, "slug"):
        suffix = f"-copy-{n}"
        room = record._meta.get_field("slug").max_length - len(suffix)
        row.slug = record.slug[:room] + suffix
    if getattr(row, "slug_en", None):
        row.slug_en = record.slug_en[:room] + suffix
    if hasattr(row, "seed_key"):
        row.seed_key = None
    for name in NAMING_FIELDS:
        for field in record._meta.concrete_fields:
            if field.name == name or field.name.startswith(f"{name}_"):
                text = getattr(record, field.attname)
                if text:
                    setattr(row, field.attname, f"{text} ({n})")
    if hasattr(row, "fill_search_columns"):  # bulk_create does not call save().
        row.fill_search_columns()
    return row


def copy_links(model, new_pk):
    """Give the copy of each `model` record the links of its original, to copies where the
    linked model is copied too."""
    originals = [pk for (linked_model, pk) in new_pk if linked_model is model]
    for field in model._meta.local_many_to_many:
        through = field.remote_field.through
        own, other = field.m2m_column_name(), field.m2m_reverse_name()
        pairs = through.objects.filter(**{f"{own}__in": originals}).values_list(own, other)
        links = [
            through(
                **{
                    own: new_pk[(model, own_pk)],
                    other: new_pk.get((field.related_model, other_pk), other_pk),
                }
            )
            for own_pk, other_pk in pairs
        ]
        through.objects.bulk_create(links, batch_size=BATCH_SIZE)
