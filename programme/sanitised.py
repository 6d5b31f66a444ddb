"""What showing a staff member's Markdown leaves out for the visitor's safety, named, so that the
admin can say so when it is saved (programme/richtext.py renders and sanitises it)."""

import re
from html.parser import HTMLParser

from .richtext import markdown, sanitiser

MARKER = re.compile(r"\[\^[^\]\s]*\]")
# An inline link or image in Markdown, and the scheme of its target: [text](scheme:...)
LINK_SCHEME = re.compile(r"\]\(\s*<?\s*([A-Za-z][A-Za-z0-9+.-]*):")
ALLOWED_SCHEMES = {"http", "https", "mailto"}


class Markup(HTMLParser):
    """The tags and attributes an HTML text holds."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.tags, self.attributes = set(), set()
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        for name, value in attrs:
            scheme = (value or "").split(":", 1)[0].strip().lower() if name == "href" else ""
            self.attributes.add(f"{name}={scheme}:" if ":" in (value or "") and scheme else name)


def removed_by_sanitiser(text):
    """What of `text` the public page leaves out: ["<script>", "onclick", "javascript:"]."""
    if not text:
        return []
    rendered = markdown.render(MARKER.sub("", text))
    before, after = Markup(rendered), Markup(sanitiser.clean(rendered))
    removed = [f"<{tag}>" for tag in sorted(before.tags - after.tags)]
    removed += sorted(before.attributes - after.attributes)
    schemes = {match.lower() for match in LINK_SCHEME.findall(text)} - ALLOWED_SCHEMES
    removed += [f"{scheme}:" for scheme in sorted(schemes) if f"href={scheme}:" not in removed]
    return [item.replace("href=", "") if item.startswith("href=") else item for item in removed]
