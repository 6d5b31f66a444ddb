"""The search index: one SearchEntry per project, award, partner, milestone and source, with
everything the search page looks through and shows, in both languages.

It follows every write. post_save and post_delete (connected in programme/apps.py) write or
remove the entry of the record saved or deleted, whatever saved it: admin forms, `seed`,
`import_content`. QuerySet.update() and bulk_create() send no signals, so the admin's publish
actions call reindex() and `generate_content` calls rebuild(). `manage.py rebuild_search_index`
makes the whole index again, as the migration that created it did: after a deploy that changes
what an entry holds (this module, or the translation of a status or kind it copies).

The search page reads it with find() and shown(), two queries in plain SQL: Django takes longer
to build a query than SQLite takes to run these.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps as installed_apps
from django.db import connection, transaction
from django.utils import translation

from .dates import DatePrecision, PartialDate
from .models import (
    Award,
    Milestone,
    Partner,
    Project,
    SearchEntry,
    Source,
    choice_label,
    public_url,
    published_sql,
)
from .richtext import plain_text
from .search import (
    LANGUAGES,
    byte_order_sql,
    field_text,
    rank_sql,
    search_column_names,
    search_columns,
    translated_text,
    words_sql,
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
        lambda project: choice_label(Project.Status, project.status),
        lambda slug: public_url("project-detail", slug),
    ),
    Indexed(
        SearchEntry.Kind.AWARDS,
        Award,
        "title",
        ("description", "organiser", "announced_place"),
        lambda award: str(award.year),
        lambda slug: public_url("award-detail", slug),
    ),
    Indexed(
        SearchEntry.Kind.PARTNERS,
        Partner,
        "name",
        ("cooperation",),
        lambda partner: choice_label(Partner.Kind, partner.kind),
        lambda slug: public_url("partner-detail", slug),
    ),
    Indexed(
        SearchEntry.Kind.MILESTONES,
        Milestone,
        "title",
        ("description",),
        lambda milestone: partial_date(milestone.date, milestone.date_precision),
        lambda slug: public_url("timeline") + f"#{slug}",
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
        lambda slug: public_url("source-detail", slug),
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
        "publication_status": record.publication_status,
        "publish_at": record.publish_at,
        **search_columns(record, *indexed.model.searched_fields),
    }
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
    entries = [
        entry_model(**entry_fields(indexed, record))
        for indexed in INDEXED
        for record in apps.get_model(indexed.model._meta.label)._base_manager.order_by("pk")
    ]
    with transaction.atomic():
        entry_model._base_manager.all().delete()
        entry_model._base_manager.bulk_create(entries, batch_size=500)
    return len(entries)


def find(words, language):
    """[(id, kind)] of the published entries whose text in `language` has every word, best
    first (see programme/search.py), then in the byte order of their folded titles, then by kind
    and record. All of them: their kinds are counted, and pages cut from them, without a second
    pass over the table."""
    text, title = search_column_names(language)
    has_words, word_params = words_sql(text, words)
    rank, rank_params = rank_sql(title, text, words)
    published, published_params = published_sql(connection)
    sql = f"""
        SELECT id, kind FROM {SearchEntry._meta.db_table}
        WHERE {published} AND {has_words}
        ORDER BY {rank} DESC, {byte_order_sql(title)}, kind, record_id
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [*published_params, *word_params, *rank_params])
        return cursor.fetchall()


def shown(ids, language):
    """What the results page shows of the entries `ids`, in that order: (kind, slug, title,
    title_lang, texts, meta) in `language`. An entry removed since find() is left out."""
    if not ids:
        return []
    language = language if language in LANGUAGES else LANGUAGES[0]
    sql = f"""
        SELECT id, kind, slug, title_{language}, title_lang_{language}, texts_{language},
            meta_{language}
        FROM {SearchEntry._meta.db_table} WHERE id IN ({", ".join(["%s"] * len(ids))})
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, ids)
        rows = {pk: row for pk, *row in cursor.fetchall()}
    return [
        (kind, slug, title, title_lang, json.loads(texts), meta)
        for kind, slug, title, title_lang, texts, meta in (rows[pk] for pk in ids if pk in rows)
    ]
