"""Long texts that staff write (Markdown, or a little HTML) turned into HTML that is safe to show.

markdown-it-py follows CommonMark and refuses javascript:, vbscript:, file: and data: link
targets itself; whatever it renders, raw HTML included, then passes through nh3, which keeps only
the tags, attributes and link schemes below."""

import functools
import html

import nh3
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from markdown_it import MarkdownIt

# "breaks": a single line break stays a line break, as in the plain text staff wrote before.
markdown = MarkdownIt("commonmark", {"html": True, "breaks": True}).enable("table")

sanitiser = nh3.Cleaner(
    tags={
        *("p", "br", "strong", "em", "a", "ul", "ol", "li", "h2", "h3", "h4"),
        *("blockquote", "code", "pre", "table", "thead", "tbody", "tr", "th", "td"),
    },
    # Dropped with their content, not just their tags.
    clean_content_tags={"script", "style", "iframe", "template"},
    # "*": no attribute on every tag (ammonia would allow lang and title).
    attributes={"*": set(), "a": {"href"}, "ol": {"start"}},
    url_schemes={"http", "https", "mailto"},
    link_rel="noopener",
    strip_comments=True,
)


# Both are pure functions of the text and cost far more than a lookup: a page shows the same few
# hundred texts again and again, so each server process keeps the latest results.
@functools.lru_cache(maxsize=2048)
def render_markdown(text):
    return mark_safe(sanitiser.clean(markdown.render(text)))


@functools.lru_cache(maxsize=2048)
def plain_text(text):
    """What Markdown reads as, without its marks: for summaries, meta descriptions and search."""
    return " ".join(html.unescape(strip_tags(render_markdown(text))).split()) if text else ""
