"""The search index: one SearchEntry per project, award, partner, milestone and source, with
everything the search page looks through and shows, in both languages.

It follows every write. post_save and post_delete (connected in programme/apps.py) write or
remove the entry of the record saved or deleted, whatever saved it: admin forms, `seed`,
`import_content`, `loaddata` (a raw save skips Model.save(), but an entry reads only the columns
it has written). QuerySet.update() and bulk_create() send no signals, so the admin's publish
actions call reindex() and `generate_content` calls rebuild(). `manage.py rebuild_search_index`
makes the whole index again, as the migration that created it did: after a deploy that changes
what an entry holds (this module, or the translation of a status or kind it copies).

The search page reads it with find() and results(), two queries whatever the amount of content.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps as installed_apps
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from .dates import DatePrecision, PartialDate
from .models import (
    Award,
    Milestone,
    Partner,
    Project,
    SearchEntry,
    Source,
)
from .richtext import plain_text
from .search import (
    LANGUAGES,
    field_text,
    highlight,
    matching,
    search_columns,
    snippet,
    translated_text,
)

# The searched fields staff write in Markdown (see programme/richtext.py).
MARKDOWN_FIELDS = {"body", "cooperation", "description", "note"}


@dataclass(frozen=True)
class Indexed:
    """How the records of one model appear in the search."""

    kind: str
    model: type
    title: str  # the field shown as the result's title
    texts: tuple  # the fields a snippet reads, in order
    meta: Callable  # the short line under the title, in the active language
    url: Callable  # a record's address from its slug, as its get_absolute_url() gives it


def partial_date(date, precision):
    return str(PartialDate(date, precision or DatePrecision.DAY)) if date else ""


INDEXED = [
    Indexed(
        SearchEntry.Kind.PROJECTS,
        Project,
        "title",
        ("summary", "body"),
        lambda project: str(Project.Status(project.status).label),
        lambda slug: reverse("project-detail", kwargs={"slug": slug}),
    ),
    Indexed(
        SearchEntry.Kind.AWARDS,
        Award,
        "title",
        ("description", "organiser", "announced_place"),
        lambda award: str(award.year),
        lambda slug: reverse("award-detail", kwargs={"slug": slug}),
    ),
    Indexed(
        SearchEntry.Kind.PARTNERS,
        Partner,
        "name",
        ("cooperation",),
        lambda partner: str(Partner.Kind(partner.kind).label),
        lambda slug: reverse("partner-detail", kwargs={"slug": slug}),
    ),
    Indexed(
        SearchEntry.Kind.MILESTONES,
        Milestone,
        "title",
        ("description",),
        lambda milestone: partial_date(milestone.date, milestone.date_precision),
        lambda slug: f"{reverse('timeline')}#{slug}",
    ),
    Indexed(
        SearchEntry.Kind.SOURCES,
        Source,
        "headline",
        ("note",),
        lambda source: " · ".join(
            filter(
                None,
                [source.outlet, partial_date(source.published_date, source.published_precision)],
            )
        ),
        lambda slug: reverse("source-detail", kwargs={"slug": slug}),
    ),
]
INDEXED_MODELS = {indexed.model: indexed for indexed in INDEXED}
INDEXED_KINDS = {indexed.kind: indexed for indexed in INDEXED}


def fallback_language(record, name, language):
    """The lang attribute of a field on a page in `language`: "vi" where the page shows the
    field's Vietnamese for want of its own text, else ""."""
    return LANGUAGES[0] if translated_text(record, name, language)[1] else ""


def entry_fields(indexed, record):
    """The SearchEntry fields of a record: a model instance, or a migration's historical one
    (this reads the record's columns only)."""
    fields = {
        "kind": indexed.kind,
        "record_id": record.pk,
        "slug": record.slug,
        "slug_en": getattr(record, "slug_en", None) or "",
        "publication_status": record.publication_status,
        "publish_at": record.publish_at,
        **search_columns(record, *indexed.model.searched_fields),
    }
    # A migration's historical record may come from before `unpublish_at`.
    if hasattr(record, "unpublish_at"):
        fields["unpublish_at"] = record.unpublish_at
    for language in LANGUAGES:
        with translation.override(language):
            texts = []
            for name in indexed.texts:
                text = field_text(record, name, language)
                if text:
                    text = plain_text(text) if name in MARKDOWN_FIELDS else text
                    texts.append([text, fallback_language(record, name, language)])
            fields[f"title_{language}"] = field_text(record, indexed.title, language)
            fields[f"title_lang_{language}"] = fallback_language(record, indexed.title, language)
            fields[f"texts_{language}"] = texts
            fields[f"meta_{language}"] = indexed.meta(record)
    return fields


def index(record):
    """Write the entry of one record (after it is saved)."""
    indexed = INDEXED_MODELS[type(record)]
    fields = entry_fields(indexed, record)
    SearchEntry.objects.update_or_create(
        kind=fields.pop("kind"), record_id=fields.pop("record_id"), defaults=fields
    )


def unindex(record):
    """Remove the entry of one record (after it is deleted)."""
    indexed = INDEXED_MODELS[type(record)]
    SearchEntry.objects.filter(kind=indexed.kind, record_id=record.pk).delete()


def record_saved(sender, instance, **kwargs):
    index(instance)


def record_deleted(sender, instance, **kwargs):
    unindex(instance)


def reindex(records):
    """Write the entries of some records of one model again, e.g. after records.update()."""
    indexed = INDEXED_MODELS.get(records.model)
    if indexed is None:
        return
    entries = [SearchEntry(**entry_fields(indexed, record)) for record in records]
    with transaction.atomic():
        SearchEntry.objects.filter(
            kind=indexed.kind, record_id__in=[entry.record_id for entry in entries]
        ).delete()
        SearchEntry.objects.bulk_create(entries, batch_size=500)


def rebuild(apps=installed_apps):
    """Make the whole index again from the records; returns the number of entries.
    `apps` is a migration's historical app registry, or the installed one."""
    entry_model = apps.get_model("programme", "SearchEntry")
    # A migration's SearchEntry may have fewer columns than today's.
    columns = {f.name for f in entry_model._meta.fields}
    entries = [
        entry_model(**{k: v for k, v in entry_fields(indexed, record).items() if k in columns})
        for indexed in INDEXED
        for record in apps.get_model(indexed.model._meta.label)._base_manager.order_by("pk")
    ]
    with transaction.atomic():
        entry_model._base_manager.all().delete()
        entry_model._base_manager.bulk_create(entries, batch_size=500)
    return len(entries)


def find(words, language):
    """[(id, kind)] of the published entries whose text in `language` has every word, best
    first (see programme/search.py). All of them: their kinds are counted, and pages cut from
    them, without a second pass over the table."""
    entries = matching(SearchEntry.objects.published(), words, language)
    return list(entries.values_list("id", "kind"))


def results(ids, words, language):
    """What the results page shows of the entries `ids`, in that order, with the words
    highlighted. An entry removed since find() is left out."""
    language = language if language in LANGUAGES else LANGUAGES[0]
    entries = SearchEntry.objects.in_bulk(ids)
    return [result(entries[pk], words, language) for pk in ids if pk in entries]


def result(entry, words, language):
    texts = getattr(entry, f"texts_{language}")
    index, extract = snippet((text for text, _language in texts), words)
    indexed = INDEXED_KINDS[entry.kind]
    return {
        "kind": entry.kind,
        "kind_name": indexed.model._meta.verbose_name,
        "url": indexed.url((language == "en" and entry.slug_en) or entry.slug),
        "title": highlight(getattr(entry, f"title_{language}"), words),
        "title_lang": getattr(entry, f"title_lang_{language}"),
        "snippet": extract,
        "snippet_lang": texts[index][1] if extract else "",
        "meta": getattr(entry, f"meta_{language}"),
    }
