"""Template helpers of the public pages: links to the same page in each language, text that
falls back to Vietnamese, Markdown and JSON-LD. Each returns data or renders a template of
templates/includes/."""

import json
from urllib.parse import quote, urlencode

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, override

from programme.models import Award, Partner, Project, Source
from programme.richtext import plain_text, render_markdown

register = template.Library()


def same_page_in(request, code, record=None, filter_records=None):
    """The current page in another language: same view, same record (at its address in that
    language, as slugs differ by language), same query string, with the values of the
    `filter_records` filters ({parameter: record}) in that language's slugs; the home page when
    the current page has no address in that language.
    Returns the URL and its path."""
    match = getattr(request, "resolver_match", None)
    with override(code):
        try:
            if record is not None and hasattr(record, "slug_in"):
                path = record.get_absolute_url()
            else:
                path = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
        except (AttributeError, NoReverseMatch):
            path = reverse("home")
            return path, path
    parameters = request.GET.copy()
    for name, filter_record in (filter_records or {}).items():
        if filter_record is not None and name in parameters:
            parameters[name] = filter_record.slug_in(code)
    query = parameters.urlencode()
    return (f"{path}?{query}" if query else path), path


@register.simple_tag(takes_context=True)
def language_links(context):
    """One entry per language: its own name, the URL of this page in it, and whether the page's
    record is written in it (hreflang alternates list only those)."""
    request = context.get("request")
    if request is None:
        return []
    record = context.get("record")
    available = record.languages() if record else [code for code, _ in settings.LANGUAGES]
    current = get_language()
    links = []
    for code, name in settings.LANGUAGES:
        url, path = same_page_in(request, code, record, context.get("filter_records"))
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


@register.inclusion_tag("includes/lang_attr.html")
def lang_attr(record, field):
    """` lang="vi"` on an element whose text falls back to Vietnamese on an English page."""
    return {"lang": record.fallback[field] if record is not None else ""}


@register.inclusion_tag("includes/record_link.html")
def link_to(record, field):
    """A link to a record named by one of its translated fields, marked as Vietnamese where
    the page's language has no text for it."""
    return {
        "url": record.get_absolute_url(),
        "text": getattr(record, field),
        "lang": record.fallback[field],
    }


def citable_sources(record):
    """The sources the markers of a record's texts may cite: a source's note cites the source
    itself; other records cite their own `sources` (prefetched: public ones only)."""
    return [record] if isinstance(record, Source) else record.sources.all()


@register.inclusion_tag("includes/rich_text.html", takes_context=True)
def paragraphs(context, record, field, citable=None):
    """A long text staff wrote in Markdown, marked as Vietnamese, with a note, where the page's
    language has no text for it; its markers numbered among the page's `citations`, where they
    name one of the `citable` sources (by default the record's own)."""
    text = getattr(record, field)
    citations = context.get("citations")
    if text and citations is not None:
        citable = citable_sources(record) if citable is None else citable
        text = render_markdown(text, citations, citable)
    else:
        text = render_markdown(text)
    return {"html": text, "lang": record.fallback[field]}


@register.inclusion_tag("includes/citation.html", takes_context=True)
def cite(context, sources):
    """References to `sources` (a source, or several: the public ones are cited) in the page's
    list of sources, as one group."""
    citations = context.get("citations")
    if isinstance(sources, Source) or sources is None:
        sources = [sources]
    public = [source for source in sources if source is not None and source.is_public]
    if citations is None or not public:
        return {}
    return citations.group_of(public)._asdict()


@register.inclusion_tag("includes/fallback_note.html")
def fallback_note(record, *fields):
    """A short note on an English page that some of these fields of the record are in
    Vietnamese."""
    return {"shown": record is not None and any(record.fallback[field] for field in fields)}


@register.inclusion_tag("includes/programme_figures.html")
def programme_figures():
    """The programme at a glance: its published projects by status, awards and partners."""
    projects_by_status = Project.objects.published().count_by("status")
    partners_by_kind = Partner.objects.published().count_by("kind")
    return {
        "project_total": sum(projects_by_status.values()),
        "status_figures": [
            (projects_by_status[status], label)
            for status, label in Project.Status.choices
            if status in projects_by_status
        ],
        "award_total": Award.objects.published().count(),
        "partner_total": sum(partners_by_kind.values()),
        "partner_place_total": partners_by_kind.get(Partner.Kind.CITY_OR_REGION, 0),
    }


@register.filter
def markdown(text):
    """Markdown that staff wrote, as sanitised HTML (programme/richtext.py)."""
    return render_markdown(text)


@register.filter
def as_text(markdown):
    """Markdown that staff wrote, as plain text (escaped again when the template shows it)."""
    return plain_text(markdown)


# JSON in a <script> must not contain "</script>" or "<!--": escape the characters that start them,
# as Django's json_script filter does.
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def json_ld(data):
    """`data` as JSON for a <script type="application/ld+json"> element."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES))


@register.filter
def with_page(filters, number):
    """The query string of a list's `filters` (a dict) with page `number`."""
    return urlencode({**(filters or {}), "page": number}, quote_via=quote)


@register.simple_tag(takes_context=True)
def absolute(context, url):
    request = context.get("request")
    return request.build_absolute_uri(url) if request else url
