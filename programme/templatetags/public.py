"""Template helpers of the public pages: links to the same page in each language, text that
falls back to Vietnamese, and JSON-LD."""

import json
from html import escape as html_escape

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext, override

from programme.richtext import plain_text, render_markdown
from programme.search import translated_text

register = template.Library()


def escaped(value):
    """conditional_escape(), without the check for lazy translations that Django wraps it in."""
    return value.__html__() if hasattr(value, "__html__") else html_escape(str(value))


def html_from(template, *args, **kwargs):
    """format_html(), for the pieces made here: a list page makes hundreds of values, and
    Django's checks for lazy translations around each escape took as long as the escaping."""
    args = [escaped(arg) for arg in args]
    kwargs = {name: escaped(value) for name, value in kwargs.items()}
    return mark_safe(template.format(*args, **kwargs))


def html_join(separator, template, rows):
    """format_html_join() with html_from()."""
    return mark_safe(separator.join(html_from(template, *row) for row in rows))


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


LANG_ATTRIBUTE = mark_safe(f' lang="{settings.LANGUAGE_CODE}"')


@register.simple_tag
def lang_attr(record, field):
    """` lang="vi"` on an element whose text falls back to Vietnamese on an English page."""
    if record is not None and record.shows_fallback(field):
        return LANG_ATTRIBUTE
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


def text_and_lang(record, field, language):
    """A translated field's text as a page in `language` shows it, and ` lang="vi"` when that
    text is the Vietnamese fallback."""
    text, falls_back = translated_text(record, field, language)
    return text, (LANG_ATTRIBUTE if falls_back else "")


@register.simple_tag
def project_card(project, heading_level=3):
    """A project's card in a list (with the columns, locality and themes that views.py gives
    cards). Made here rather than by an included template, which took the template engine 0.2 ms
    a card, three times as long: the list shows twelve."""
    language = get_language()
    title, title_lang = text_and_lang(project, "title", language)
    summary, summary_lang = text_and_lang(project, "summary", language)
    meta = html_from(
        '<span class="status status--{}">{}</span>', project.status, project.get_status_display()
    )
    if project.locality:
        meta += html_from(
            " · <span{1}>{0}</span>", *text_and_lang(project.locality, "name", language)
        )
    note = ""
    if title_lang or summary_lang:
        note = html_from(
            '\n  <span class="fallback-note">{}</span>',
            gettext("(in Vietnamese, not yet translated)"),
        )
    themes = ""
    if project.card_themes:
        items = html_join(
            "",
            "<li{1}>{0}</li>",
            (text_and_lang(theme, "name", language) for theme in project.card_themes),
        )
        themes = html_from('\n  <ul class="tags" aria-label="{}">{}</ul>', gettext("Themes"), items)
    return html_from(
        '<article class="card" data-testid="project-card">\n'
        '  <h{level}{title_lang}><a href="{url}">{title}</a></h{level}>\n'
        '  <p class="meta">{meta}</p>\n'
        "  <p{summary_lang}>{summary}</p>{note}{themes}\n"
        "</article>",
        level=heading_level,
        title_lang=title_lang,
        url=project.get_absolute_url(),
        title=title,
        meta=meta,
        summary_lang=summary_lang,
        summary=summary,
        note=note,
        themes=themes,
    )


@register.simple_tag
def source_item(source):
    """A source in a list of citations (with views.SOURCE_ITEM_FIELDS), made here for the
    reason project_card is."""
    headline, headline_lang = text_and_lang(source, "headline", get_language())
    html = html_from(
        '<li><cite{}><a href="{}">{}</a></cite> — {}',
        headline_lang,
        source.get_absolute_url(),
        headline,
        source.outlet,
    )
    if when := source.published:
        html += html_from(', <time datetime="{}">{}</time>', when.iso(), when.format())
    if source.url:
        read = gettext("Read the article on %(outlet)s") % {"outlet": source.outlet}
        html += html_from(
            ' · <a class="external" href="{}" rel="noopener">{}</a>', source.url, read
        )
    return html + mark_safe("</li>")


@register.simple_tag
def filter_options(choices, selected):
    """The <option>s of a filter menu, `selected` marked: `choices` are (value, label) pairs or
    records with a slug and a name, marked as Vietnamese when on an English page. Made here as
    project_card is: the template took twice as long for the project list's three menus."""
    language = get_language()
    options = []
    for choice in choices:
        if isinstance(choice, tuple):
            value, text, lang = choice[0], capfirst(choice[1]), ""
        else:
            value, (text, lang) = choice.slug, text_and_lang(choice, "name", language)
        options.append((value, SELECTED if value == selected else "", lang, text))
    return html_join("", '<option value="{}"{}{}>{}</option>', options)


SELECTED = mark_safe(" selected")


@register.simple_tag
def award_entry(award):
    """An award in the award history (with the fields of views.award_list()), made here for the
    reason project_card is: written as a template, an entry cost 0.15 ms, and a page has 20."""
    language = get_language()
    title, title_lang = text_and_lang(award, "title", language)
    organiser, organiser_lang = text_and_lang(award, "organiser", language)
    html = html_from(
        '<article class="award" id="{slug}" data-testid="award">\n'
        '  <h4{title_lang}><a href="{url}">{title}</a></h4>\n',
        slug=award.slug,
        title_lang=title_lang,
        url=award.get_absolute_url(),
        title=title,
    )
    if not award.is_public:
        html += html_from(
            '  <p class="preview-badge" data-testid="preview-badge">{}</p>\n',
            gettext("Preview: not public yet. Only staff can see it."),
        )
    html += html_from(
        '  <p class="meta">{} · <span{}>{}</span>',
        capfirst(award.get_level_display()),
        organiser_lang,
        organiser,
    )
    if award.project and award.project.is_public:
        html += html_from(" · {}", link_to(award.project, "title"))
    html += mark_safe("</p>\n")
    if title_lang or organiser_lang:
        html += html_from(
            '  <span class="fallback-note">{}</span>\n',
            gettext("(in Vietnamese, not yet translated)"),
        )
    return html + mark_safe("</article>")


@register.simple_tag
def link_to(record, field):
    """A link to a record named by one of its translated fields, marked when in Vietnamese on
    another language's page. Pages list dozens; each costs the template engine 25 µs written
    out as a template, a third of that here."""
    text, lang = text_and_lang(record, field, get_language())
    return html_from('<a href="{}"{}>{}</a>', record.get_absolute_url(), lang, text)


@register.simple_tag
def dated_title(milestone):
    """A milestone in a short timeline: its date and title, made here as link_to is."""
    title, lang = text_and_lang(milestone, "title", get_language())
    when = milestone.when
    return html_from(
        '<time datetime="{}">{}</time> <span{}>{}</span>', when.iso(), when.format(), lang, title
    )
