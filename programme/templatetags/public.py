"""Template helpers of the public pages: links to the same page in each language, text that
falls back to Vietnamese, and JSON-LD."""

import json

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, override

from programme.richtext import plain_text, render_markdown

register = template.Library()

# The field that names a record; a record "has" a language when this field is written in it.
NAMING_FIELDS = ("title", "name", "headline")


def record_languages(record):
    """The languages a record is really written in: Vietnamese always, others when named."""
    field = next(name for name in NAMING_FIELDS if hasattr(record, f"{name}_vi"))
    return [
        code
        for code, _name in settings.LANGUAGES
        if code == settings.LANGUAGE_CODE or getattr(record, f"{field}_{code}")
    ]


def same_page_in(request, code):
    """The current page in another language: same view, same record, same query string; the
    home page when the current page has no address in that language.
    Returns the URL and its path."""
    match = getattr(request, "resolver_match", None)
    with override(code):
        try:
            path = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
        except (AttributeError, NoReverseMatch):
            path = reverse("home")
            return path, path
    query = request.GET.urlencode()
    return (f"{path}?{query}" if query else path), path


@register.simple_tag(takes_context=True)
def language_links(context):
    """One entry per language: its own name, the URL of this page in it, and whether the page's
    record is written in it (hreflang alternates list only those)."""
    request = context.get("request")
    if request is None:
        return []
    record = context.get("record")
    available = record_languages(record) if record else [code for code, _ in settings.LANGUAGES]
    current = get_language()
    links = []
    for code, name in settings.LANGUAGES:
        url, path = same_page_in(request, code)
        links.append(
            {
                "code": code,
                "name": name,
                "url": url,
                "absolute_url": request.build_absolute_uri(path),
                "available": code in available,
                "current": code == current,
            }
        )
    return links


@register.simple_tag
def lang_attr(record, field):
    """` lang="vi"` on an element whose text falls back to Vietnamese on an English page."""
    if record is not None and record.shows_fallback(field):
        return mark_safe(f' lang="{settings.LANGUAGE_CODE}"')
    return ""


@register.simple_tag
def paragraphs(record, field):
    """A long text staff wrote in Markdown, sanitised, marked as Vietnamese when it falls back,
    with a note."""
    value = getattr(record, field)
    if not value:
        return ""
    if record.shows_fallback(field):
        return format_html(
            '<p class="fallback-note">{}</p><div lang="{}">{}</div>',
            gettext("Not yet translated into English; shown in Vietnamese."),
            settings.LANGUAGE_CODE,
            render_markdown(value),
        )
    return render_markdown(value)


@register.simple_tag
def fallback_note(record, *fields):
    """A short note on an English page that these fields of the record are in Vietnamese."""
    if record is not None and any(record.shows_fallback(field) for field in fields):
        return format_html(
            '<span class="fallback-note">{}</span>', gettext("(in Vietnamese, not yet translated)")
        )
    return ""


# JSON in a <script> must not contain "</script>" or "<!--": escape the characters that start them.
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.simple_tag
def json_ld(data):
    text = json.dumps(data, ensure_ascii=False, indent=None).translate(JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.filter
def as_text(markdown):
    """Markdown that staff wrote, as plain text (escaped again when the template shows it)."""
    return plain_text(markdown)


@register.simple_tag(takes_context=True)
def absolute(context, url):
    request = context.get("request")
    return request.build_absolute_uri(url) if request else url
