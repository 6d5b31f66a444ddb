"""Long texts that staff write (Markdown, or a little HTML) turned into HTML that is safe to show.

markdown-it-py follows CommonMark and refuses javascript:, vbscript:, file: and data: link
targets itself; whatever it renders, raw HTML included, then passes through nh3, which keeps only
the tags, attributes and link schemes below.

Citations: a marker `[^KEY]` after a sentence or at the end of a paragraph names the source it
comes from, by the source's seed key or slug (mdit-py-plugins' footnote references; nobody types
the definitions). A page numbers the sources its texts cite in the order it first cites them
(Citations), each marker becomes a link to its source's entry in the page's list of sources,
and a marker that names no source the text may cite is shown as the plain text it is."""

import functools
import html
import re

import nh3
from django.template.loader import render_to_string
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

# "breaks": a single line break stays a line break, as in the plain text staff wrote before.
markdown = MarkdownIt("commonmark", {"html": True, "breaks": True}).enable("table")
# Every `[^KEY]` is a reference, defined or not; definitions typed in the text are not read.
footnote_plugin(markdown, inline=False, move_to_end=False, always_match_refs=True)
markdown.block.ruler.disable("footnote_def")

sanitiser = nh3.Cleaner(
    tags={
        *("p", "br", "strong", "em", "a", "ul", "ol", "li", "h2", "h3", "h4", "sup"),
        *("blockquote", "code", "pre", "table", "thead", "tbody", "tr", "th", "td"),
    },
    # Dropped with their content, not just their tags.
    clean_content_tags={"script", "style", "iframe", "template"},
    # "*": no attribute on every tag (ammonia would allow lang and title).
    attributes={"*": set(), "a": {"href"}, "ol": {"start"}, "sup": {"class"}},
    url_schemes={"http", "https", "mailto"},
    link_rel="noopener",
    strip_comments=True,
)


def markers(text):
    """The names the markers of `text` give, in order (repeated ones included)."""
    return [token.meta["label"] for token in references(text)]


def references(text):
    return [
        child
        for token in parse(text)
        if token.type == "inline"
        for child in token.children or ()
        if child.type == "footnote_ref"
    ]


def paragraph_markers(text):
    """[(paragraph, [names its markers give])] for each paragraph of `text`, list items
    included, headings not."""
    tokens = parse(text)
    return [
        (token.content, [c.meta["label"] for c in token.children or () if c.type == "footnote_ref"])
        for position, token in enumerate(tokens)
        if token.type == "inline" and tokens[position - 1].type == "paragraph_open"
    ]


@functools.lru_cache(maxsize=2048)
def parse(text):
    """The token stream of `text`: a pure function of it, and the costly half of rendering."""
    return tuple(markdown.parse(text, {}))


# A marker is rendered as PLACEHOLDER around its position among the text's markers; once the
# HTML is sanitised, render_markdown() puts in its numbered reference. Staff cannot type
# the placeholder: its characters (of Unicode's private use area) are taken out of every text.
PLACEHOLDER = re.compile("\ue000(\\d+)\ue001")
UNTYPABLE = str.maketrans("", "", "\ue000\ue001")


def render_reference(renderer, tokens, index, options, env):
    env["markers"].append(tokens[index].meta["label"])
    return f"\ue000{len(env['markers']) - 1}\ue001"


markdown.add_render_rule("footnote_ref", render_reference)


@functools.lru_cache(maxsize=2048)
def sanitised(text):
    """(HTML with a placeholder for each marker, [the names the markers give]): a pure function
    of the text that costs far more than a lookup; a page shows the same few hundred texts again
    and again, so each server process keeps the latest results."""
    env = {"markers": []}
    rendered = markdown.renderer.render(list(parse(text)), markdown.options, env)
    return sanitiser.clean(rendered), tuple(env["markers"])


def render_markdown(text, citations=None, citable=()):
    """`text` as sanitised HTML; its markers numbered by `citations` (a page's Citations) where
    they name one of the `citable` sources, and shown as written where they do not."""
    if not text:
        return mark_safe("")
    rendered, names = sanitised(text.translate(UNTYPABLE))

    def reference(match):
        name = names[int(match.group(1))]
        number = citations.number(name, citable) if citations is not None else None
        if number is None:
            return html.escape(f"[^{name}]")
        return render_to_string("includes/citation.html", {"number": number}).strip()

    return mark_safe(PLACEHOLDER.sub(reference, rendered))


@functools.lru_cache(maxsize=2048)
def plain_text(text):
    """What Markdown reads as, without its marks and its markers: for summaries, meta
    descriptions and search."""
    if not text:
        return ""
    rendered = PLACEHOLDER.sub("", sanitised(text.translate(UNTYPABLE))[0])
    return " ".join(html.unescape(strip_tags(rendered)).split())


class Citations:
    """The sources one page cites, numbered in the order it first cites them: the same source
    cited twice, from any text of the page, has the same number. `listed` are the sources the
    page lists at its foot in any case (the record's own), after those cited; read lazily, so
    that a page served from the cache runs no query."""

    def __init__(self, listed=()):
        self._listed = listed
        self._numbers = {}

    def number(self, name, citable):
        """The number of the source among `citable` that `name` (a seed key or slug) names, or
        None."""
        source = next((s for s in citable if name in (s.seed_key, s.slug)), None)
        return None if source is None else self.cite(source)

    def cite(self, source):
        return self._numbers.setdefault(source.pk, (len(self._numbers) + 1, source))[0]

    def entries(self):
        """[(number, source)]: the cited ones in order, then the other listed ones."""
        for source in self._listed:
            self.cite(source)
        return sorted(self._numbers.values(), key=lambda entry: entry[0])
