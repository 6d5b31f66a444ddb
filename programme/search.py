"""Search that reads Vietnamese the way people type it: with or without diacritics, in any case.

A searchable record's text is kept folded (lower-case, diacritics removed, đ as d) and cut into
words, " like this ", in four columns: the title alone and the title with the body, per
language; the site search reads them from the search index (programme/search_index.py), the
project list from the projects' own columns. The English columns take the Vietnamese text of any
field that has no English, as the pages show it. A query is folded and cut the same way; a
record matches when each query word begins a word of its text ("dong" finds "Đông" and "cộng
đồng", "operation" finds "operations"). Records with the whole query in their title come first,
then those with more of its words in the title, then those with the whole query in their text.
The same LIKE queries run on SQLite and PostgreSQL; on PostgreSQL pg_trgm GIN indexes serve them
(migrations 0004 and 0006).
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Case, F, Func, TextField, Value, When
from django.db.models.functions import Collate

LANGUAGES = ("vi", "en")
COLUMNS = ("search_title_vi", "search_text_vi", "search_title_en", "search_text_en")
MAX_QUERY_LENGTH = 200
MAX_WORDS = 8
MIN_WORD_LENGTH = 2
SNIPPET_LENGTH = 160

# Letters and digits; "_" counts as a word character for \w but never in a search word.
WORD = re.compile(r"[^\W_]+")


def fold(text):
    """'Thủ Dầu Một' -> 'thu dau mot', 'ĐÔNG' -> 'dong'."""
    text = unicodedata.normalize("NFD", text.lower()).replace("đ", "d")
    return "".join(char for char in text if not unicodedata.combining(char))


def fold_value(value):
    """fold() for the database: SQLite calls it as PORTAL_FOLD()."""
    return None if value is None else fold(str(value))


def add_fold_function(sender, connection, **kwargs):
    """connection_created: gives each SQLite connection PORTAL_FOLD(), which Folded() calls."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("PORTAL_FOLD", 1, fold_value, deterministic=True)


class Folded(Func):
    """An expression's text folded as fold() does it, in the query: Python's own fold() on
    SQLite, PostgreSQL's unaccent (which also turns đ into d, enabled by migration 0010) and
    lower() there. For searching columns that keep no folded copy, such as the admin's."""

    function = "PORTAL_FOLD"
    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            template="LOWER(UNACCENT((%(expressions)s)::text))",
            **extra_context,
        )


def translated_text(record, name, language):
    """(text, falls back): a translated field's text as a page in `language` shows it, falling
    back to Vietnamese like modeltranslation does, and whether it fell back. Reads the language
    columns only, so it serves model instances and migrations' historical ones alike."""
    own = getattr(record, f"{name}_{language}") or ""
    if own or language == LANGUAGES[0]:
        return own, False
    vietnamese = getattr(record, f"{name}_{LANGUAGES[0]}") or ""
    return vietnamese, bool(vietnamese)


def field_text(record, name, language):
    """A field's text in a language (see translated_text()); fields that are not translated
    have one text for both."""
    if hasattr(record, f"{name}_vi"):
        return translated_text(record, name, language)[0]
    return getattr(record, name) or ""


def words_of(texts):
    """The folded words of some texts, between spaces: " thu dau mot "."""
    words = [word for text in texts for word in WORD.findall(fold(text))]
    return f" {' '.join(words)} " if words else ""


def search_columns(record, title_fields, body_fields):
    """The values of COLUMNS for a record (a model instance or a migration's historical one)."""
    values = {}
    for language in LANGUAGES:
        title = [field_text(record, name, language) for name in title_fields]
        body = [field_text(record, name, language) for name in body_fields]
        values[f"search_title_{language}"] = words_of(title)
        values[f"search_text_{language}"] = words_of(title + body)
    return values


@dataclass
class Query:
    """A visitor's query, cleaned: what to show back, the folded words to look for, and what
    was left out of it (for the messages on the page)."""

    text: str = ""
    words: list = field(default_factory=list)
    shortened: bool = False
    short_words: list = field(default_factory=list)
    dropped_words: list = field(default_factory=list)


def parse_query(raw):
    # Control characters (NUL among them) are never part of a word, and PostgreSQL refuses NUL.
    text = "".join(" " if unicodedata.category(char) == "Cc" else char for char in raw or "")
    text = " ".join(text.split())
    query = Query(text=text)
    if len(text) > MAX_QUERY_LENGTH:
        query.text, query.shortened = text[:MAX_QUERY_LENGTH].rstrip(), True
    words = []
    for word in WORD.findall(fold(query.text)):
        if len(word) < MIN_WORD_LENGTH:
            query.short_words.append(word)
        elif word not in words:
            words.append(word)
    query.words, query.dropped_words = words[:MAX_WORDS], words[MAX_WORDS:]
    return query


def rank(title, text, words):
    """How well a record matches, as one number to sort by: 100 when its title has the whole
    query, 10 for each query word its title has (8 words at most, so never 100), 1 when its
    text has the whole query."""
    phrase = " ".join(words)
    tests = [(title, phrase, 100), *((title, word, 10) for word in words), (text, phrase, 1)]
    return sum(
        (
            Case(When(**{f"{column}__contains": f" {value}"}, then=weight), default=0)
            for column, value, weight in tests
        ),
        Value(0),
    )


def search_column_names(language):
    """The folded (text, title) columns of a language; Vietnamese's for a language the site
    does not have."""
    language = language if language in LANGUAGES else LANGUAGES[0]
    return f"search_text_{language}", f"search_title_{language}"


def matching(queryset, words, language):
    """The records of `queryset` whose text in `language` has every word, best first (see the
    module's docstring), then in the order of their folded titles."""
    text, title = search_column_names(language)
    for word in words:
        queryset = queryset.filter(**{f"{text}__contains": f" {word}"})
    # Byte order of the folded title: the same order on SQLite (BINARY) and on PostgreSQL ("C"),
    # whatever the database's collation.
    by_title = Collate(F(title), "C") if connection.vendor == "postgresql" else F(title)
    return queryset.annotate(rank=rank(title, text, words)).order_by("-rank", by_title, "pk")


class FoldTable(dict):
    """str.translate() table folding one character at a time, filled as characters are met.
    `uneven` holds the characters that fold to none or to several."""

    def __init__(self):
        super().__init__()
        self.uneven = set()

    def __missing__(self, code):
        folded = self[code] = fold(chr(code))
        if len(folded) != 1:
            self.uneven.add(chr(code))
        return folded


FOLD_TABLE = FoldTable()


def folded_with_positions(text):
    """The folded text and, for each of its characters, the index of the original one."""
    folded = text.translate(FOLD_TABLE)
    if FOLD_TABLE.uneven.isdisjoint(text):  # Nearly always: one for one.
        return folded, range(len(text))
    folded, positions = [], []
    for index, char in enumerate(text):
        for folded_char in FOLD_TABLE[ord(char)]:
            folded.append(folded_char)
            positions.append(index)
    return "".join(folded), positions


def match_spans(text, words):
    """(start, end) in `text` of each word of it that begins with one of the words, compared
    without regard to case or diacritics; overlapping spans are merged."""
    folded, positions = folded_with_positions(text)
    spans = []
    for word in words:
        for found in re.finditer(rf"(?<![^\W_]){re.escape(word)}", folded):
            spans.append((positions[found.start()], positions[found.end() - 1] + 1))
    merged = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text, words, spans=None):
    """`text` as [(piece, matched)]: the occurrences of the words (or the given spans) are the
    matched pieces, for a template to mark."""
    spans = match_spans(text, words) if spans is None else spans
    pieces, last = [], 0
    for start, end in spans:
        if start > last:
            pieces.append((text[last:start], False))
        pieces.append((text[start:end], True))
        last = end
    if last < len(text):
        pieces.append((text[last:], False))
    return pieces


def snippet(texts, words, length=SNIPPET_LENGTH):
    """A short extract of the first text that holds one of the words, highlighted, cut at word
    boundaries around the first match; the start of the first text when none does.
    Returns (index of the text used, extract as highlight() gives it) or (None, []) when every
    text is empty. `texts` may be a generator: a text is made only when none before it holds a
    word."""
    read = []
    for index, text in enumerate(texts):
        text = " ".join(text.split())
        read.append(text)
        spans = match_spans(text, words)
        if spans:
            start = max(0, spans[0][0] - length // 3)
            if start:
                start = text.find(" ", start, spans[0][0]) + 1 or start
            return index, extract(text, start, length, spans)
    for index, text in enumerate(read):
        if text:
            return index, extract(text, 0, length, [])
    return None, []


def extract(text, start, length, spans):
    """About `length` characters of `text` from `start`, ended at a word boundary, with the
    `spans` of match_spans(text) that fall in them highlighted, and "…" where text was cut."""
    end = min(len(text), start + length)
    if end < len(text):
        end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > start else end
    piece = text[start:end]
    spans = [
        (max(first, start) - start, min(last, end) - start)
        for first, last in spans
        if first < end and last > start
    ]
    prefix = [("… ", False)] if start else []
    suffix = [(" …", False)] if end < len(text) else []
    return prefix + highlight(piece, (), spans) + suffix
