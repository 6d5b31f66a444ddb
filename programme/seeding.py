"""Loading seeds/*.toml into the database without ever overwriting what staff edited.

Each seeded record remembers a hash of the seed entry last applied to it and a digest of each
value the seed set (seeded_values()). On the next run a record whose values no longer match was
edited by staff and is kept, and so is one with a change waiting for review (PendingChange); one
whose entry changed is updated; the rest are left alone. Everything is checked before anything is
written. Each record is then read, compared and written in a transaction of its own with its row
locked, so that a staff save committed while seed runs is seen, and kept, rather than written
over; each write is recorded as a version (programme/versions.py). A seeded record that staff
deleted stays deleted: its last version, in the recycle bin, still has its seed key; once staff
restore it, it is seeded as usual.
"""

import copy
import datetime
import hashlib
import json
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from portal.cache import one_purge

from . import publishing, states
from .dates import DatePrecision
from .models import (
    Award,
    KeyFigure,
    Locality,
    Milestone,
    Page,
    Partner,
    PendingChange,
    Project,
    PublicationStatus,
    Source,
    Theme,
)
from .richtext import markers, paragraph_markers
from .slugs import make_slug
from .versions import deleted_seed_keys

SEED_DIR = settings.BASE_DIR / "seeds"
KEY_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
DATE_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")
LANGUAGES = ("vi", "en")


class SeedError(Exception):
    def __init__(self, file, key, message):
        self.file, self.key = file, key
        where = f"seeds/{file}" + (f" [{key}]" if key else "")
        super().__init__(f"{where}: {message}")


@dataclass
class Kind:
    """How one seed file maps onto one model."""

    file: str
    model: type
    translated: tuple = ()
    plain: tuple = ()
    dates: dict = field(default_factory=dict)  # seed name -> (date field, precision field)
    references: dict = field(default_factory=dict)  # seed name -> model
    many: dict = field(default_factory=dict)  # seed name -> model
    cited: bool = True

    def plain_fields(self):
        """Untranslated fields copied as they are; every kind has a note for staff."""
        return (*self.plain, "staff_note")

    def allowed(self):
        names = {*self.translated, *self.plain_fields(), *self.dates, *self.references, *self.many}
        if self.cited:
            names.add("sources")
        if self.model is Project:
            names.add("key_figures")
        return names


KINDS = [
    Kind(
        "sources.toml",
        Source,
        translated=("headline", "note"),
        plain=("outlet", "author", "url", "archive_url", "language"),
        dates={"published": ("published_date", "published_precision")},
        cited=False,
    ),
    Kind("themes.toml", Theme, translated=("name", "description"), plain=("icon",)),
    Kind(
        "localities.toml",
        Locality,
        translated=("name", "description"),
        plain=("kind",),
    ),
    Kind(
        "partners.toml",
        Partner,
        translated=("name", "short_name", "cooperation"),
        plain=("kind", "country", "website", "latitude", "longitude"),
        dates={"since": ("since_date", "since_precision")},
    ),
    Kind(
        "projects.toml",
        Project,
        translated=("title", "summary", "body"),
        plain=("status", "featured", "featured_order"),
        dates={
            "start": ("start_date", "start_precision"),
            "end": ("end_date", "end_precision"),
            "status_as_of": ("status_as_of_date", "status_as_of_precision"),
        },
        references={"lead_organisation": Partner},
        many={"themes": Theme, "localities": Locality, "partners": Partner},
    ),
    Kind(
        "awards.toml",
        Award,
        translated=("title", "organiser", "announced_place", "description"),
        plain=("level", "year"),
        dates={"announced": ("announced_date", "announced_precision")},
        references={"project": Project},
    ),
    Kind(
        "milestones.toml",
        Milestone,
        translated=("title", "description"),
        plain=("kind",),
        dates={"date": ("date", "date_precision")},
        references={"project": Project, "award": Award, "partner": Partner},
    ),
    Kind(
        "pages.toml",
        Page,
        translated=("title", "summary", "body"),
        plain=("role", "show_in_footer", "position"),
    ),
]
KEY_FIGURE_FIELDS = {"label", "value", "unit", "as_of", "source"}
# Statuses that say how things stand, true only as of a date (a completed project stays so).
STATUSES_AS_OF = {Project.Status.PLANNED, Project.Status.IN_PROGRESS, Project.Status.OPERATIONAL}
# Pages about the portal itself (not about the programme), whose paragraphs no article supports.
PAGES_ABOUT_THE_PORTAL = {"accessibility", "contact"}


@dataclass
class Report:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    kept: list = field(default_factory=list)
    kept_deleted: list = field(default_factory=list)
    unchanged: int = 0


def parse_date(value):
    """'2016' -> (2016-01-01, year); '2021-07' -> (2021-07-01, month); '2022-02-25' -> day."""
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value, DatePrecision.DAY
    match = DATE_PATTERN.match(value) if isinstance(value, str) else None
    if not match:
        raise ValueError(f"{value!r} is not a date written as YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = match.groups()
    try:
        parsed = datetime.date(int(year), int(month or 1), int(day or 1))
    except ValueError as error:
        raise ValueError(f"{value!r} is not a real date ({error})") from None
    precision = DatePrecision.DAY if day else DatePrecision.MONTH if month else DatePrecision.YEAR
    return parsed, precision


def read_files(seed_dir):
    entries = {}
    for kind in KINDS:
        path = seed_dir / kind.file
        if not path.exists():
            raise SeedError(kind.file, None, "the file is missing")
        try:
            entries[kind.file] = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            raise SeedError(kind.file, None, f"not valid TOML: {error}") from None
    return entries


def check_text(kind, key, name, value, required):
    if not isinstance(value, dict) or set(value) - set(LANGUAGES):
        raise SeedError(kind.file, key, f"'{name}' must be a table with 'vi' and 'en' texts")
    for language, text in value.items():
        if not isinstance(text, str):
            raise SeedError(kind.file, key, f"'{name}.{language}' must be text")
    if required and not value.get("vi", "").strip():
        raise SeedError(kind.file, key, f"'{name}' has no Vietnamese text ('{name}.vi')")
    return {lang: unicodedata.normalize("NFC", value.get(lang, "").strip()) for lang in LANGUAGES}


def check_entry(kind, key, entry, known_keys):
    """Check one entry against the rules a file cannot express; return it ready to apply."""
    if not KEY_PATTERN.match(key):
        raise SeedError(kind.file, key, "keys are lower-case ASCII words joined by hyphens")
    if not isinstance(entry, dict):
        raise SeedError(kind.file, key, "an entry must be a table")
    unknown = sorted(set(entry) - kind.allowed())
    if unknown:
        raise SeedError(kind.file, key, f"unknown field(s): {', '.join(unknown)}")
    for name in kind.translated:
        required = not kind.model._meta.get_field(name).blank
        if required and name not in entry:
            raise SeedError(kind.file, key, f"'{name}' is missing (it needs 'vi' at least)")
        if name in entry:
            entry[name] = check_text(kind, key, name, entry[name], required)
    if "staff_note" in entry:
        if not isinstance(entry["staff_note"], str):
            raise SeedError(kind.file, key, "'staff_note' must be text")
        entry["staff_note"] = unicodedata.normalize("NFC", entry["staff_note"].strip())
    for name in kind.dates:
        if name in entry:
            try:
                entry[name] = parse_date(entry[name])
            except ValueError as error:
                raise SeedError(kind.file, key, f"'{name}': {error}") from None
    references = {**kind.references, **kind.many}
    if kind.cited:
        references["sources"] = Source
        if not entry.get("sources"):
            raise SeedError(kind.file, key, "'sources' must cite at least one article")
    for name, model in references.items():
        if name not in entry:
            continue
        many = name in kind.many or name == "sources"
        wanted = entry[name] if many else [entry[name]]
        if not isinstance(wanted, list) or not all(isinstance(item, str) for item in wanted):
            raise SeedError(kind.file, key, f"'{name}' must name seed keys")
        for item in wanted:
            if item not in known_keys[model]:
                raise SeedError(kind.file, key, f"'{name}' refers to unknown key '{item}'")
    check_citations(kind, key, entry, known_keys[Source])
    for number, figure in enumerate(entry.get("key_figures", []), start=1):
        check_key_figure(kind, key, number, figure, entry, known_keys[Source])
    check_status_as_of(kind, key, entry)
    check_every_source_cited(kind, key, entry)
    return entry


def check_key_figure(kind, key, number, figure, entry, source_keys):
    """A key figure has a label, a value, the date it was true as of and the one article it
    comes from, which the entry cites."""
    if not isinstance(figure, dict):
        raise SeedError(kind.file, key, f"key figure {number} must be a table")
    unknown = sorted(set(figure) - KEY_FIGURE_FIELDS)
    if unknown:
        raise SeedError(
            kind.file, key, f"key figure {number}: unknown field(s): {', '.join(unknown)}"
        )
    for name in ("label", "value", "as_of", "source"):
        if name not in figure:
            raise SeedError(kind.file, key, f"key figure {number}: '{name}' is missing{WHY[name]}")
    figure["label"] = check_text(kind, key, "label", figure["label"], required=True)
    figure["unit"] = check_text(kind, key, "unit", figure.get("unit", {}), required=False)
    if not isinstance(figure["value"], int | float) or isinstance(figure["value"], bool):
        raise SeedError(kind.file, key, f"key figure {number}: 'value' must be a number")
    try:
        figure["as_of"] = parse_date(figure["as_of"])
    except ValueError as error:
        raise SeedError(kind.file, key, f"key figure {number}: 'as_of': {error}") from None
    source = figure["source"]
    if not isinstance(source, str) or source not in source_keys:
        raise SeedError(
            kind.file, key, f"key figure {number}: 'source' refers to unknown key '{source}'"
        )
    if source not in entry["sources"]:
        raise SeedError(
            kind.file, key, f"key figure {number}: 'source' cites '{source}', which 'sources' lacks"
        )


WHY = {
    "label": "",
    "value": "",
    "as_of": " (a figure is true as of a date: the one its article gives, as precise as that)",
    "source": " (the seed key of the article the figure comes from)",
}


def check_status_as_of(kind, key, entry):
    """A status that says how things stand is dated: as of when it was known."""
    dated = "status_as_of" in entry
    if kind.model is Project and entry.get("status") in STATUSES_AS_OF and not dated:
        raise SeedError(
            kind.file,
            key,
            f"'status_as_of' is missing: the status '{entry['status']}' says how things "
            "stand, so it must say as of when (the date of the latest article that gives it)",
        )


def check_every_source_cited(kind, key, entry):
    """Each article an entry lists in 'sources' is cited by a marker of its long texts or by a
    key figure: an article listed and never cited supports nothing the reader can find. An entry
    without long texts (its short texts carry no markers) is not checked."""
    if not kind.cited:
        return
    texts = [text for name in kind.model.cited_texts for text in entry.get(name, {}).values()]
    if not any(text.strip() for text in texts):
        return
    cited = {marker for text in texts for marker in markers(text)}
    cited |= {figure["source"] for figure in entry.get("key_figures", [])}
    for source in entry["sources"]:
        if source not in cited:
            names = " or ".join(f"'{name}'" for name in kind.model.cited_texts)
            raise SeedError(
                kind.file,
                key,
                f"'sources' lists '{source}', which no marker of {names} cites: cite it where "
                "it supports a statement, or take it off the list",
            )


def check_citations(kind, key, entry, source_keys):
    """Every paragraph of a long text cites a source the entry lists in 'sources' (a source's
    note cites the source itself) by a marker [^SOURCE-KEY], and every marker names one."""
    citable = {key} if not kind.cited else set(entry["sources"])
    about_the_portal = kind.model is Page and entry.get("role") in PAGES_ABOUT_THE_PORTAL
    for name in kind.model.cited_texts:
        for language, text in entry.get(name, {}).items():
            paragraphs = paragraph_markers(text)
            for number, (paragraph, names) in enumerate(paragraphs, start=1):
                where = f"'{name}.{language}' paragraph {number} (\"{words(paragraph)}\")"
                if not names and not about_the_portal:
                    raise SeedError(kind.file, key, f"{where} cites no source")
                for cited in names:
                    check_marker(kind, key, where, cited, citable, source_keys)
            # Markers outside paragraphs too (in headings, tables).
            for cited in markers(text):
                check_marker(kind, key, f"'{name}.{language}'", cited, citable, source_keys)


def words(paragraph, count=6):
    first = paragraph.split()
    return " ".join(first[:count]) + ("..." if len(first) > count else "")


def check_marker(kind, key, where, cited, citable, source_keys):
    if cited not in source_keys:
        raise SeedError(kind.file, key, f"{where} cites '{cited}', which is no source's key")
    if cited not in citable:
        reason = "only the source itself" if not kind.cited else "only those its 'sources' list"
        raise SeedError(kind.file, key, f"{where} cites '{cited}': it may cite {reason}")


def check_all(files):
    """Every entry of every file, checked; returns [(kind, key, entry)] in loading order."""
    known_keys = {kind.model: set(files[kind.file]) for kind in KINDS}
    checked = []
    for kind in KINDS:
        slugs = {}
        for key, entry in files[kind.file].items():
            entry = check_entry(kind, key, entry, known_keys)
            title = entry[kind.model.naming_field]["vi"]
            slug = make_slug(title)
            if slug in slugs:
                raise SeedError(
                    kind.file, key, f"its slug '{slug}' is the same as that of '{slugs[slug]}'"
                )
            slugs[slug] = key
            checked.append((kind, key, entry))
    return checked


def digest(data):
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def seeded_values(kind, record):
    """{field: short digest of its value} of each field `seed` sets on a record of `kind`, as
    the record holds it: compared field by field with what the last seed left, a record staff
    edited is told from one nobody touched. A field the digests of the last seed lack (one added
    since) is not compared, so that a new field needs no migration."""
    values = {}
    for name in kind.translated:
        for language in LANGUAGES:
            values[f"{name}_{language}"] = getattr(record, f"{name}_{language}")
    for name in kind.plain_fields():
        values[name] = record._meta.get_field(name).value_to_string(record)
    for date_field, precision_field in kind.dates.values():
        values[date_field] = str(getattr(record, date_field))
        values[precision_field] = getattr(record, precision_field)
    for name in kind.references:
        values[name] = getattr(record, f"{name}_id")
    for name in [*kind.many, *(["sources"] if kind.cited else [])]:
        values[name] = sorted(getattr(record, name).values_list("pk", flat=True))
    if kind.model is Project:
        values["key_figures"] = [
            [f.label_vi, f.label_en, str(f.value.normalize()), f.unit_vi, f.unit_en, f.source_id]
            for f in record.key_figures.order_by("position", "pk")
        ]
        # Apart from the figures' other values, so that what the last seed left before figures
        # had dates is still compared.
        values["key_figure_dates"] = [
            [str(f.as_of_date), f.as_of_precision]
            for f in record.key_figures.order_by("position", "pk")
        ]
    return {name: digest(value)[:16] for name, value in values.items()}


def edited_since_seeded(kind, record):
    """Whether anyone changed a field `seed` sets since the last seed wrote the record."""
    now, left = seeded_values(kind, record), record.seed_state
    compared = left.keys() & now.keys()
    return not compared or any(left[name] != now[name] for name in compared)


def apply_entry(record, kind, entry, objects):
    for name in kind.translated:
        for language in LANGUAGES:
            setattr(record, f"{name}_{language}", entry.get(name, {}).get(language, ""))
    for name in kind.plain_fields():
        default = kind.model._meta.get_field(name).get_default()
        value = entry.get(name, default)
        setattr(record, name, Decimal(str(value)) if isinstance(value, float) else value)
    for name, (date_field, precision_field) in kind.dates.items():
        value, precision = entry.get(name, (None, ""))
        setattr(record, date_field, value)
        setattr(record, precision_field, precision)
    for name, model in kind.references.items() if objects is not None else ():
        # None as well for a record staff deleted (kept deleted).
        setattr(record, name, objects[model][entry[name]] if name in entry else None)
    if hasattr(record, "publication_status"):
        record.publication_status = PublicationStatus.PUBLISHED


def check_records(checked):
    """Validate every entry as the record it makes, before anything is written. References were
    checked against the seed keys (check_entry), and no model's clean() reads them. A record
    already seeded is validated as a copy of itself, so that its constraints do not count it
    twice; the copies are never saved."""
    seeded = {
        kind.model: {r.seed_key: r for r in kind.model.objects.exclude(seed_key=None)}
        for kind in KINDS
    }
    for kind, key, entry in checked:
        record = seeded[kind.model].get(key) or kind.model(seed_key=key)
        apply_entry(record, kind, entry, objects=None)
        try:
            record.full_clean(exclude=["slug", *kind.references], validate_unique=False)
        except ValidationError as error:
            problems = [
                f"{name}: {' '.join(errors)}" for name, errors in error.message_dict.items()
            ]
            raise SeedError(kind.file, key, "; ".join(problems)) from None


def entry_state(record, kind, entry, objects):
    """The state (programme/states.py) that the seed entry describes for `record`: its fields,
    links and key figures (matched to the record's own by position)."""
    described = copy.copy(record)
    apply_entry(described, kind, entry, objects)
    state = states.of(described, children=False)
    for name, model in {**kind.many, **({"sources": Source} if kind.cited else {})}.items():
        linked = [objects[model][item] for item in entry.get(name, [])]
        state.links[name] = sorted(other.pk for other in linked if other is not None)
    if kind.model is Project:
        existing = list(record.key_figures.order_by("position", "pk")) if record.pk else []
        figures = {}
        for position, figure in enumerate(entry.get("key_figures", [])):
            child = KeyFigure(
                label_vi=figure["label"]["vi"],
                label_en=figure["label"]["en"],
                value=Decimal(str(figure["value"])),
                unit_vi=figure["unit"]["vi"],
                unit_en=figure["unit"]["en"],
                as_of_date=figure["as_of"][0],
                as_of_precision=figure["as_of"][1],
                position=position,
                source=objects[Source][figure["source"]],
            )
            key = str(existing[position].pk) if position < len(existing) else f"new-{position}"
            figures[key] = states.of(child, children=False)
        state.children["key_figures"] = figures
    return state


def load_seeds(*, seed_dir=SEED_DIR):
    """Load every seed file; raise SeedError, having written nothing, if any is wrong."""
    checked = check_all(read_files(seed_dir))
    check_records(checked)
    report = Report()
    objects = {kind.model: {} for kind in KINDS}
    deleted = {kind.model: deleted_seed_keys(kind.model) for kind in KINDS}
    with one_purge():
        for kind, key, entry in checked:
            objects[kind.model][key] = seed_record(kind, key, entry, objects, report, deleted)
    return report


def has_pending_change(record):
    return PendingChange.objects.of(record).exists()


def seed_record(kind, key, entry, objects, report, deleted):
    """Create, update or keep the record of one seed entry, and say which in `report`.

    The record is read, compared and written in one transaction, its row locked (PostgreSQL's
    SELECT ... FOR UPDATE; SQLite's transactions take the write lock as they begin): a staff save
    waits for it, or it waits for the staff save and then sees the staff edit and keeps it. It is
    written as any publisher's change is, by programme/publishing.py, as a version."""
    entry_hash = digest(entry)
    label = f"{kind.file} [{key}]"
    with transaction.atomic():
        record = kind.model.objects.select_for_update().filter(seed_key=key).first()
        if record is None and key in deleted[kind.model]:
            report.kept_deleted.append(label)
            return None
        if record is None:
            record, changes = kind.model(seed_key=key), report.created
        elif edited_since_seeded(kind, record) or has_pending_change(record):
            # Staff's work, saved or waiting for review.
            report.kept.append(label)
            return record
        elif record.seed_entry_hash != entry_hash:
            changes = report.updated
        else:
            report.unchanged += 1
            return record
        changes.append(label)
        state = entry_state(record, kind, entry, objects)
        record = publishing.save(record, state, user=None, comment="manage.py seed")[0]
        record.refresh_from_db()
        record.seed_entry_hash, record.seed_state = entry_hash, seeded_values(kind, record)
        record.save(update_fields=["seed_entry_hash", "seed_state"])
    return record
