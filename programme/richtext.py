"""Long texts that staff write (Markdown, or a little HTML) turned into HTML that is safe to show.

markdown-it-py follows CommonMark and refuses javascript:, vbscript:, file: and data: link
targets itself; whatever it renders, raw HTML included, then passes through nh3, which keeps only
the tags, attributes and link schemes below.

Citations: a marker `[^KEY]` after a sentence or at the end of a paragraph names the source it
comes from, by the source's seed key or slug (mdit-py-plugins' footnote references; nobody types
the definitions). Markers that follow each other make one group (a core rule below). A page
numbers the sources its texts cite in the order it first cites them (Citations); each group is
rendered, in the same pass as the rest of the text, as links to its sources' entries in the
page's list of sources, in ascending order, each with a name a screen reader can say. A marker
that names no source the text may cite is shown as the plain text it is.

Nothing a text contains is read back out of the rendered HTML: a group is rendered from its
token, with what the page's Citations decided for it, as mdit-py-plugins' own footnote renderer
does. Any text renders."""

import functools
import itertools
import secrets
from html import unescape
from typing import NamedTuple

import nh3
from django.template.loader import render_to_string
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

# "breaks": a single line break stays a line break, as in the plain text staff wrote before.
markdown = MarkdownIt("commonmark", {"html": True, "breaks": True}).enable("table")
# Every `[^KEY]` is a reference, defined or not; definitions typed in the text are not read.
footnote_plugin(markdown, inline=False, move_to_end=False, always_match_refs=True)
markdown.block.ruler.disable("footnote_def")


def group_citations(state):
    """Markers side by side ("[^a][^b]", or "[^a] [^b]") become one citation_group token, whose
    meta["labels"] are the names they give, in the order written."""
    for token in state.tokens:
        if token.type != "inline" or not token.children:
            continue
        children = []
        for child in token.children:
            if child.type == "footnote_ref":
                # Spaces between two markers: the group shows none.
                if spaces_after_group(children):
                    children.pop()
                if children and children[-1].type == "citation_group":
                    children[-1].meta["labels"].append(child.meta["label"])
                    continue
                group = Token("citation_group", "", 0)
                group.meta = {"labels": [child.meta["label"]]}
                children.append(group)
            else:
                children.append(child)
        token.children = children


def spaces_after_group(children):
    return (
        len(children) > 1
        and children[-1].type == "text"
        and not children[-1].content.strip()
        and children[-2].type == "citation_group"
    )


markdown.core.ruler.after("inline", "citation_groups", group_citations)


class Reference(NamedTuple):
    """A link to the entry of a source in the page's list of sources."""

    number: int
    anchor: str  # The link's own id, that the entry links back to.
    name: str  # What a screen reader says: "Source 1: outlet, date".


class Group(NamedTuple):
    """What a group of markers shows: references, in ascending order, then the markers that name
    no source the text may cite, as written."""

    references: tuple = ()
    unknown: tuple = ()

    @classmethod
    def as_written(cls, labels):
        return cls(unknown=tuple(labels))


HIDDEN = Group()


# The attributes that make a reference (an id, a class, a name) are written with this secret in
# front, and the sanitiser keeps those attributes only with it (taking it off): staff's own HTML,
# which cannot know it, never passes for a reference. It never reaches a page.
OWN_MARKUP = secrets.token_hex(16)
OWN_ATTRIBUTES = {("a", "id"), ("a", "aria-label"), ("sup", "class")}


def render_group(renderer, tokens, index, options, env):
    group = next(env["groups"])
    if group == HIDDEN:
        return ""
    context = {**group._asdict(), "own": OWN_MARKUP}
    return render_to_string("includes/citation.html", context).strip()


markdown.add_render_rule("citation_group", render_group)


def keep_attribute(element, attribute, value):
    """Attributes of a reference only as the renderer wrote them."""
    if (element, attribute) not in OWN_ATTRIBUTES:
        return value
    return value.removeprefix(OWN_MARKUP) if value.startswith(OWN_MARKUP) else None


sanitiser = nh3.Cleaner(
    tags={
        *("p", "br", "strong", "em", "a", "ul", "ol", "li", "h2", "h3", "h4", "sup"),
        *("blockquote", "code", "pre", "table", "thead", "tbody", "tr", "th", "td"),
    },
    # Dropped with their content, not just their tags.
    clean_content_tags={"script", "style", "iframe", "template"},
    # "*": no attribute on every tag (ammonia would allow lang and title). A reference
    # (templates/includes/citation.html) has an id, a name and a class of its own.
    attributes={"*": set(), "a": {"href", "id", "aria-label"}, "ol": {"start"}, "sup": {"class"}},
    attribute_filter=keep_attribute,
    url_schemes={"http", "https", "mailto"},
    link_rel="noopener",
    strip_comments=True,
)


@functools.lru_cache(maxsize=2048)
def parse(text):
    """The token stream of `text`: a pure function of it, and the costly half of rendering."""
    return tuple(markdown.parse(text, {}))


def groups(text):
    """[[the names a group of markers gives]] for each group of `text`, in the order rendered."""
    return [
        child.meta["labels"]
        for token in parse(text)
        if token.type == "inline"
        for child in token.children or ()
        if child.type == "citation_group"
    ]


def markers(text):
    """The names the markers of `text` give, in order (repeated ones included)."""
    return [label for labels in groups(text) for label in labels]


def paragraph_markers(text):
    """[(paragraph, [names its markers give])] for each paragraph of `text`, list items
    included, headings not."""
    tokens = parse(text)
    return [
        (
            token.content,
            [
                label
                for child in token.children or ()
                if child.type == "citation_group"
                for label in child.meta["labels"]
            ],
        )
        for position, token in enumerate(tokens)
        if token.type == "inline" and tokens[position - 1].type == "paragraph_open"
    ]


@functools.lru_cache(maxsize=2048)
def rendered(text, shown):
    """`text` as sanitised HTML, its groups of markers shown as `shown` (a Group for each):
    a pure function of both that costs far more than a lookup; a page shows the same few
    hundred texts again and again, so each server process keeps the latest results."""
    env = {"groups": iter(shown)}
    return sanitiser.clean(markdown.renderer.render(list(parse(text)), markdown.options, env))


def render_markdown(text, citations=None, citable=()):
    """`text` as sanitised HTML; its markers numbered by `citations` (a page's Citations) where
    they name one of the `citable` sources, and shown as written where they do not."""
    if not text:
        return mark_safe("")
    if citations is None:
        shown = tuple(Group.as_written(labels) for labels in groups(text))
    else:
        shown = tuple(citations.group(labels, citable) for labels in groups(text))
    return mark_safe(rendered(text, shown))


@functools.lru_cache(maxsize=2048)
def plain_text(text):
    """What Markdown reads as, without its marks and its markers: for summaries, meta
    descriptions and search."""
    if not text:
        return ""
    html = rendered(text, (HIDDEN,) * len(groups(text)))
    return " ".join(unescape(strip_tags(html)).split())


def accessible_name(number, source):
    """ "Source 1: Báo Bình Dương, 5/12/2023", in the page's language."""
    when = source.published
    if when is None:
        return _("Source %(number)s: %(outlet)s") % {"number": number, "outlet": source.outlet}
    return _("Source %(number)s: %(outlet)s, %(date)s") % {
        "number": number,
        "outlet": source.outlet,
        "date": when.format(),
    }


class Citations:
    """The sources one page cites, numbered in the order it first cites them: the same source
    cited twice, from any text of the page, has the same number. `listed` are the sources the
    page lists at its foot in any case (the record's own), after those cited; read lazily, so
    that a page served from the cache runs no query. Each reference has an id of its own, which
    the source's entry links back to."""

    def __init__(self, listed=()):
        self._listed = listed
        self._numbers = {}
        self._anchors = {}

    def source_named(self, name, citable):
        """The source among `citable` that `name` (a seed key or slug) names, or None."""
        return next((s for s in citable if name in (s.seed_key, s.slug)), None)

    def group(self, labels, citable):
        """The Group that markers side by side, giving `labels`, show."""
        references, unknown = {}, []
        for label in labels:
            source = self.source_named(label, citable)
            if source is None:
                unknown.append(label)
            else:
                number = self.cite(source)
                references.setdefault(number, source)
        return Group(
            tuple(self.reference(number, references[number]) for number in sorted(references)),
            tuple(unknown),
        )

    def group_of(self, sources):
        """The Group of references to `sources` (public ones), as one group of markers."""
        references = {self.cite(source): source for source in sources}
        return Group(tuple(self.reference(n, references[n]) for n in sorted(references)))

    def reference(self, number, source):
        anchors = self._anchors.setdefault(number, [])
        anchors.append(f"cite-{number}-{len(anchors) + 1}")
        return Reference(number, anchors[-1], accessible_name(number, source))

    def cite(self, source):
        return self._numbers.setdefault(source.pk, (len(self._numbers) + 1, source))[0]

    def entries(self):
        """[(number, source, [(id, letter) of each reference to it])]: the cited ones in order,
        then the other listed ones. The letters (a, b, ...) tell apart the places that cite a
        source more than once, as encyclopaedias do."""
        for source in self._listed:
            self.cite(source)
        return [
            (number, source, list(zip(self._anchors.get(number, []), letters(), strict=False)))
            for number, source in sorted(self._numbers.values(), key=lambda entry: entry[0])
        ]


def letters():
    """a, b, ..., z, aa, ab, ..."""
    alphabet = "abcdefghijklmnopqrstuvwxyz"
    for length in itertools.count(1):
        for letters in itertools.product(alphabet, repeat=length):
            yield "".join(letters)


class NoCitations(Citations):
    """A page that cites nothing: the portal's own statements, and a source's own page. Its
    texts' markers show nothing, and it lists no source."""

    def group(self, labels, citable):
        return HIDDEN

    def group_of(self, sources):
        return HIDDEN

    def entries(self):
        return []
