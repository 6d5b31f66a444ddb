"""Exporting all of the programme's content to one JSON file and restoring it into an empty
database: backups, and moving the portal between machines or from SQLite to PostgreSQL.

The file is Django's own "python" serialization of every programme model (primary keys, every
column in every language, foreign keys and many-to-many links by primary key), wrapped in an
object that names the format and its version:

    {"format": "binhduong-portal-content", "version": 1, "exported_at": "...", "objects": [...]}

Content only: staff accounts, groups and permissions (django.contrib.auth) are not in the file;
the groups come from migrations and accounts are made again by hand. Uploaded files (project
images) are referred to by their path under MEDIA_ROOT and must be copied separately: both
commands name those the records refer to and the media storage lacks. `manage.py backup`
(portal/backups.py) saves the whole database and the media files instead.

modeltranslation keeps, besides title_vi and title_en, a column named plainly "title" that holds
whichever language was active when the record was last saved. Nothing reads it (modeltranslation
reads and queries the language columns), so it is not exported; import fills it with the
Vietnamese text, as a save in Vietnamese would.
"""

import datetime
import json

import reversion
from django.core import serializers
from django.core.exceptions import FieldDoesNotExist
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, connection, transaction
from django.utils import timezone, translation
from modeltranslation.translator import translator

from .content import KINDS
from .models import OldSlug
from .search import COLUMNS as SEARCH_COLUMNS

FORMAT = "binhduong-portal-content"
VERSION = 1
DEFAULT_LANGUAGE = "vi"


class TransferError(Exception):
    """The file cannot be imported; the message says why, for the operator."""


class ContentEncoder(DjangoJSONEncoder):
    """Django's encoder, but keeping times to the microsecond (Django's stops at milliseconds,
    so created_at and publish_at would not survive a round trip unchanged)."""

    def default(self, o):
        if isinstance(o, datetime.datetime):
            return o.isoformat()
        return super().default(o)


def content_models():
    """Every kind of content, referenced before referring, and the old addresses of records.
    The search index is not content: saving the records writes it again. Pending changes and
    notices are staff's work in progress, tied to their accounts, which stay behind too."""
    return [*KINDS, OldSlug]


def exported_fields(model):
    """Names of the fields the file carries: all but the primary key (written as "pk"),
    modeltranslation's single-language shadow columns (see the module's docstring) and the
    search columns, which import makes again from the text."""
    shadows = set(SEARCH_COLUMNS)
    if model in translator.get_registered_models():
        shadows |= set(translator.get_options_for_model(model).all_fields)
    fields = [*model._meta.local_fields, *model._meta.local_many_to_many]
    return [f.name for f in fields if not f.primary_key and f.name not in shadows]


def export_content(*, stream):
    """Write every programme record to `stream` as one JSON document; return {model: count}."""
    objects = []
    counts = {}
    read_consistently = not connection.in_atomic_block
    with transaction.atomic(), translation.override(DEFAULT_LANGUAGE):
        if read_consistently and connection.vendor == "postgresql":
            # One snapshot for every table, even while staff keep editing.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        for model in content_models():
            many = [f.name for f in model._meta.local_many_to_many]
            records = model._base_manager.order_by("pk").prefetch_related(*many)
            serialized = serializers.serialize("python", records, fields=exported_fields(model))
            for record in serialized:
                for name in many:  # In the order of their keys, so that exports compare well.
                    record["fields"][name].sort()
            objects.extend(serialized)
            counts[model._meta.label] = len(serialized)
    document = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timezone.now(),
        "objects": objects,
    }
    stream.write(json.dumps(document, cls=ContentEncoder, ensure_ascii=False, indent=2))
    return counts


def read_document(stream):
    """The file's list of objects, once it is known to be a content file this portal reads."""
    try:
        document = json.load(stream)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise TransferError(f"The file is not valid JSON: {error}") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise TransferError(f"The file is not a portal content export (format '{FORMAT}').")
    if document.get("version") != VERSION:
        raise TransferError(
            f"The file is in version {document.get('version')!r} of the format; "
            f"this portal reads version {VERSION}."
        )
    objects = document.get("objects")
    if not isinstance(objects, list):
        raise TransferError("The file has no list of 'objects'.")
    labels = {model._meta.label_lower for model in content_models()}
    for position, item in enumerate(objects):
        if not (isinstance(item, dict) and "pk" in item and isinstance(item.get("fields"), dict)):
            raise TransferError(
                f"Object {position} is not a record with 'model', 'pk' and 'fields'."
            )
        if item.get("model") not in labels:
            raise TransferError(
                f"Object {position} is a {item.get('model')!r}, not programme content."
            )
    return objects


def import_content(*, stream):
    """Restore a file written by export_content into a database without programme content;
    all or nothing. Return {model: count}; raise TransferError if it cannot be done."""
    objects = read_document(stream)
    counts = {model._meta.label: 0 for model in content_models()}
    try:
        with (
            transaction.atomic(),
            translation.override(DEFAULT_LANGUAGE),
            reversion.create_revision(),
        ):
            present = [m._meta.label for m in content_models() if m._base_manager.exists()]
            if present:
                raise TransferError(
                    "The database already has programme content "
                    f"({', '.join(present)}); import only restores into an empty one."
                )
            # A raw save: save() does not run, post_save fills a project's search columns. Every
            # record gets its first version, in one revision.
            reversion.set_comment("manage.py import_content")
            for deserialized in serializers.deserialize("python", objects):
                deserialized.save()
                counts[deserialized.object._meta.label] += 1
            # Rows came with their primary keys: move the id sequences past them (PostgreSQL).
            with connection.cursor() as cursor:
                for statement in connection.ops.sequence_reset_sql(no_style(), content_models()):
                    cursor.execute(statement)
    except (DeserializationError, FieldDoesNotExist) as error:
        raise TransferError(f"The file does not fit this portal's models: {error}") from None
    except DatabaseError as error:
        raise TransferError(f"The database refused the file's content: {error}") from None
    return counts
