"""The hash of a seeded record's state as `seed` computed it until migration 0022, frozen here for
the migrations that read it (0016, 0018 to 0022). Django's loader skips this module (its name
starts with an underscore)."""

import hashlib
import json

# The search columns of migration 0004.
SEARCH_COLUMNS = ("search_title_vi", "search_text_vi", "search_title_en", "search_text_en")


def digest(data):
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def record_state(record, *, without=()):
    """A hash of everything a person can change about a record, read back from the database;
    `without` names columns to leave out (see migration 0016, which reads historical models)."""
    # Search columns are derived from the text: a change of their folding is no staff edit.
    skip = {"id", "seed_key", "seed_entry_hash", "seed_state_hash", "created_at", "updated_at"}
    skip.update(SEARCH_COLUMNS, without)
    data = {
        f.attname: f.value_to_string(record)
        for f in record._meta.concrete_fields
        if f.attname not in skip
    }
    for m2m in record._meta.many_to_many:
        data[m2m.name] = sorted(getattr(record, m2m.name).values_list("pk", flat=True))
    if record._meta.model_name == "project":
        figures = record.key_figures.order_by("position", "pk")
        data["key_figures"] = [
            [
                f.value_to_string(figure)
                for f in figures.model._meta.concrete_fields
                if f.name != "id" and f.attname not in without
            ]
            for figure in figures
        ]
    return digest(data)
