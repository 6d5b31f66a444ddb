"""The public pages. Every query of public content starts from `published()`; staff also see
drafts and scheduled records on detail pages and on the award and timeline lists, as a preview.
Each page runs a fixed number of queries whatever the amount of content."""

import re
from collections import Counter
from functools import wraps
from itertools import chain
from urllib.parse import quote, urlencode

from django.core.paginator import Paginator
from django.core.validators import slug_re
from django.db.models import Case, Prefetch, Q, When
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from portal import cache as page_cache
from portal.cache import page_parameters

from . import search_index
from .models import (
    Award,
    Locality,
    Milestone,
    Page,
    Partner,
    Project,
    SearchEntry,
    Source,
    Theme,
    public_sources,
)
from .partner_map import partner_map
from .richtext import Citations, NoCitations
from .search import MAX_QUERY_LENGTH, MAX_WORDS, matching, parse_query

PROJECTS_PER_PAGE = 12
AWARDS_PER_PAGE = 20
SEARCH_RESULTS_PER_PAGE = 10
FEATURED_PROJECTS = 6
TIMELINE_START = 2016


def province_json_ld(request, awards=()):
    """schema.org description of the province's government, with its awards."""
    data = {
        "@context": "https://schema.org",
        "@type": "GovernmentOrganization",
        "name": _("Binh Duong Provincial People's Committee"),
        "url": request.build_absolute_uri(reverse("home")),
        "areaServed": {"@type": "AdministrativeArea", "name": _("Binh Duong Province")},
    }
    if awards:
        data["award"] = [f"{award.title} ({award.year})" for award in awards]
    return data


@require_safe
def home(request):
    """The programme at a glance. Its content is made once per version of the content and
    language (see the template): the querysets here run only then."""
    context = {
        "featured": Project.objects.published().featured().for_cards(),
        "awards": Award.objects.published().newest_first(),
        "milestones": Milestone.objects.published()
        .select_related("award", "project", "partner")
        .order_by("-date", "-pk"),
        "partners": Partner.objects.published().places().by_kind(),
        "province_json_ld": province_json_ld(request),
    }
    return render(request, "programme/home.html", context)


def canonical_address(request, canonical):
    """A redirect to the page's address with its `canonical` query parameters (a dict of
    strings, None for a parameter to drop), or None when the request asked for just that: an
    unknown theme or kind, a malformed year, "?page=01" each lead to the address that means what
    the page shows, and make no page of their own in the page cache."""
    declared = getattr(request.resolver_match.func, "page_parameters", ())
    wanted = {name: value for name, value in canonical.items() if value is not None}
    # A filter left empty in the list's form (theme=) means no filter, as the form sends it.
    asked = {
        name: request.GET.getlist(name)
        for name in declared
        if name in request.GET and not (request.GET.getlist(name) == [""] and name not in wanted)
    }
    if asked == {name: [value] for name, value in wanted.items()}:
        return None
    query = urlencode(wanted, quote_via=quote)
    return HttpResponseRedirect(f"{request.path}?{query}" if query else request.path)


def page_of(request, items, per_page):
    """The page `request` asks for of `items`: the first without `page`; 404 for a page that
    is not one of the list's, written as the list writes it ("2", not "02", "2.0" or "x")."""
    paginator = Paginator(items, per_page)
    asked = request.GET.get("page")
    if asked is None:
        return paginator.page(1)
    if not re.fullmatch(r"[1-9][0-9]{0,5}", asked) or int(asked) > paginator.num_pages:
        raise Http404
    return paginator.page(int(asked))


def search_results_page(response, found):
    """A page of search results is kept in the page cache only when the search found something,
    and then within the cache's share for searches: words nobody else types make no entries."""
    if found:
        return page_cache.within_share(response, "search")
    return page_cache.never_cached(response)


def chosen(records, slug):
    """The record of `records` whose slug in either language is `slug` (the page's language
    first), or None: unknown values, and values that cannot be slugs (a NUL, which PostgreSQL
    refuses), are ignored."""
    if not (slug and slug_re.match(slug)):
        return None
    own = "slug_en" if get_language() == "en" else "slug"
    matching = records.filter(Q(slug=slug) | Q(slug_en=slug))
    return matching.order_by(Case(When(**{own: slug}, then=0), default=1)).first()


@page_parameters("theme", "locality", "status", "q", "page")
@require_safe
def project_list(request):
    """Published projects, a page at a time, by theme, status, locality and words."""
    theme = chosen(Theme.objects, request.GET.get("theme"))
    locality = chosen(Locality.objects, request.GET.get("locality"))
    status = request.GET.get("status") if request.GET.get("status") in Project.Status else None
    query = parse_query(request.GET.get("q"))
    moved = canonical_address(
        request,
        {
            "theme": theme and theme.address_slug,
            "locality": locality and locality.address_slug,
            "status": status,
            "q": request.GET.get("q"),
            "page": request.GET.get("page"),
        },
    )
    if moved:
        return moved

    projects = Project.objects.published()
    if theme:
        projects = projects.filter(themes=theme)
    if locality:
        projects = projects.filter(localities=locality)
    if status:
        projects = projects.filter(status=status)
    if query.words:
        projects = matching(projects, query.words, get_language())
    else:
        projects = projects.in_list_order()
    filters = {"theme": theme and theme.address_slug, "status": status}
    filters |= {"locality": locality and locality.address_slug, "q": query.text}
    page = page_of(request, projects.for_cards(), PROJECTS_PER_PAGE)
    context = {
        "page_obj": page,
        "themes": Theme.objects.alphabetical(),
        "localities": Locality.objects.alphabetical(),
        "statuses": Project.Status.choices,
        "theme": theme,
        "locality": locality,
        "status": status and Project.Status(status),
        "query": query,
        "filters": {key: value for key, value in filters.items() if value},
        # The language switch gives these filters' values in the other language's slugs.
        "filter_records": {"theme": theme, "locality": locality},
    }
    response = render(request, "programme/project_list.html", context)
    if query.words:
        return search_results_page(response, page.object_list)
    return response


@page_parameters("q", "kind", "page")
@require_safe
def search(request):
    """One list of results across kinds, best first, with the number of results of each kind;
    `kind` narrows the list to one. Reads the search index (programme/search_index.py)."""
    query = parse_query(request.GET.get("q"))
    found = search_index.find(query.words, get_language()) if query.words else []
    counts = Counter(kind for _pk, kind in found)
    kind = request.GET.get("kind") if request.GET.get("kind") in counts else None
    moved = canonical_address(
        request, {"q": request.GET.get("q"), "kind": kind, "page": request.GET.get("page")}
    )
    if moved:
        return moved
    ids = [pk for pk, found_kind in found if kind in (None, found_kind)]
    page = page_of(request, ids, SEARCH_RESULTS_PER_PAGE)
    context = {
        "query": query,
        "total": len(found),
        "kinds": [
            (value, label, counts[value])
            for value, label in SearchEntry.Kind.choices
            if value in counts
        ],
        "kind": kind and SearchEntry.Kind(kind),
        "project_total": counts[SearchEntry.Kind.PROJECTS],
        "page_obj": page,
        "results": search_index.results(page.object_list, query.words, get_language()),
        "filters": {"q": query.text, **({"kind": kind} if kind else {})},
        "max_length": MAX_QUERY_LENGTH,
        "max_words": MAX_WORDS,
    }
    return search_results_page(render(request, "programme/search.html", context), found)


class Moved(Exception):
    """The record asked for has its address in the page's language at another slug."""

    def __init__(self, record):
        self.record = record


def record_at(records, slug):
    """The record of `records` whose address in the page's language has `slug`; else, raising
    Moved, the one whose address in another language has it; else Http404."""
    own = "slug_en" if get_language() == "en" else "slug"
    at_slug = records.filter(Q(slug=slug) | Q(slug_en=slug))
    record = at_slug.order_by(Case(When(**{own: slug}, then=0), default=1)).first()
    if record is None:
        raise Http404
    if record.address_slug != slug:
        raise Moved(record)
    return record


def follows_old_slugs(model):
    """For the detail view of `model`: the record's slug in the other language, or a slug that a
    record had before (OldSlug), answers with a permanent redirect to the record's current
    address in the page's language, when the visitor may see the record; else the view's 404
    stands. A record's current slug never comes here: the view finds it."""

    def decorator(view):
        @wraps(view)
        def detail(request, slug):
            try:
                return view(request, slug)
            except Moved as moved:
                record = moved.record
            except Http404:
                record = model.objects.visible_to(request.user).formerly_at(slug).first()
                if record is None:
                    raise
            query = request.META.get("QUERY_STRING")
            url = record.get_absolute_url()
            return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)

        return detail

    return decorator


def detail_records(model, user):
    """The records of `model` whose page `user` may open, with what the page reads of them."""
    records = model.objects.visible_to(user)
    if model is Project:
        return records.select_related("lead_organisation").prefetch_related(
            Prefetch("localities", Locality.objects.alphabetical())
        )
    if model is Award:
        return records.select_related("project").prefetch_related(public_sources())
    if model is Partner:
        milestones = Prefetch("milestones", Milestone.objects.published())
        return records.prefetch_related(milestones, public_sources())
    if model is Source:
        return records.with_citing_records()
    return records.prefetch_related(public_sources())


def render_detail(request, record, *, children=None, preview=False):
    """The page of `record`: a row, or, as a `preview`, a record built in memory from a change
    under review, with the key figures and milestones of its form as `children`."""
    name = type(record)._meta.model_name
    context = {name: record, "record": record, "change_preview": preview}
    if isinstance(record, Project):
        sources = record.sources.published()
        context |= {
            "themes": record.themes.alphabetical(),
            "partners": record.partners.published().by_kind(),
            "awards": record.awards.published().newest_first(),
            "sources": sources,
            "citations": Citations(listed=sources),
        }
        context |= children or {
            "key_figures": record.key_figures.select_related("source"),
            "milestones": record.milestones.published(),
        }
    elif isinstance(record, Source) or getattr(record, "is_own_statement", False):
        # A source's page does not cite itself; the portal's own statements cite nothing.
        context["citations"] = NoCitations()
    else:
        context["citations"] = Citations(record.sources.all())
    if isinstance(record, Partner):
        projects = Project.objects.published().linked_to(record)
        context["projects"] = projects.for_cards().alphabetical()
    response = render(request, f"programme/{name}_detail.html", context)
    if preview or not record.is_public:
        # A preview: never kept by a browser or a proxy.
        patch_cache_control(response, private=True, no_store=True)
    return response


@require_safe
@follows_old_slugs(Project)
def project_detail(request, slug):
    return render_detail(request, record_at(detail_records(Project, request.user), slug))


@page_parameters("page")
@require_safe
def award_list(request):
    """The award history, newest first, a page at a time, after the ICF story at a glance."""
    awards = Award.objects.visible_to(request.user)
    page = page_of(request, awards.newest_first().select_related("project"), AWARDS_PER_PAGE)
    context = {
        "awards": awards,
        "page_obj": page,
        "json_ld_data": province_json_ld(request, page.object_list),
    }
    return render(request, "programme/award_list.html", context)


@require_safe
@follows_old_slugs(Award)
def award_detail(request, slug):
    return render_detail(request, record_at(detail_records(Award, request.user), slug))


@require_safe
def partner_list(request):
    partners = Partner.objects.published().by_kind()
    context = {"partners": partners, "map": partner_map(partners)}
    return render(request, "programme/partner_list.html", context)


@require_safe
@follows_old_slugs(Partner)
def partner_detail(request, slug):
    partners = detail_records(Partner, request.user)
    return render_detail(request, record_at(partners, slug))


def year_from(value, years):
    """`value` as one of `years`, or None."""
    return next((year for year in years if str(year) == value), None)


@page_parameters("kind", "year")
@require_safe
def timeline(request):
    """Milestones, and the awards that no milestone already tells, from TIMELINE_START on,
    oldest first; `kind` and `year` narrow it."""
    milestones = Milestone.objects.visible_to(request.user).filter(date__year__gte=TIMELINE_START)
    awards = Award.objects.visible_to(request.user).filter(year__gte=TIMELINE_START)
    awards = awards.exclude(milestones__in=Milestone.objects.published())
    years = {date.year for date in milestones.dates("date", "year")}
    years = sorted(years | set(awards.order_by().values_list("year", flat=True).distinct()))
    kind = request.GET.get("kind") if request.GET.get("kind") in Milestone.Kind else None
    year = year_from(request.GET.get("year"), years)
    moved = canonical_address(request, {"kind": kind, "year": year and str(year)})
    if moved:
        return moved

    if kind:
        milestones = milestones.filter(kind=kind)
        awards = awards if kind == Milestone.Kind.AWARD else awards.none()
    if year:
        milestones, awards = milestones.filter(date__year=year), awards.filter(year=year)
    entries = sorted(
        chain(
            milestones.select_related("award", "project", "partner").prefetch_related(
                public_sources()
            ),
            awards.select_related("project").prefetch_related(public_sources()),
        ),
        # By date; entries dated alike by the year of what they tell (the Smart21 list for
        # 2020, announced in 2019, after the one for 2019), then by address.
        key=lambda entry: (entry.when.date, entry.year_told, entry.slug),
    )
    context = {
        "entries": entries,
        "kinds": Milestone.Kind.choices,
        "kind": kind and Milestone.Kind(kind),
        "years": years,
        "year": year,
        "json_ld_data": timeline_json_ld(request, entries),
        "citations": Citations(),
    }
    return render(request, "programme/timeline.html", context)


def timeline_json_ld(request, entries):
    """schema.org events of the timeline."""
    events = [
        {
            "@type": "Event",
            "name": entry.title,
            "startDate": entry.when.iso(),
            "url": request.build_absolute_uri(entry.get_absolute_url()),
            "location": {"@type": "Place", "name": _("Binh Duong Province")},
        }
        for entry in entries
    ]
    return {"@context": "https://schema.org", "@graph": events}


@require_safe
def source_list(request):
    sources = Source.objects.published().with_citing_records()
    return render(request, "programme/source_list.html", {"sources": sources})


@require_safe
@follows_old_slugs(Source)
def source_detail(request, slug):
    sources = detail_records(Source, request.user)
    return render_detail(request, record_at(sources, slug))


@require_safe
@follows_old_slugs(Page)
def page_detail(request, slug):
    pages = detail_records(Page, request.user)
    return render_detail(request, record_at(pages, slug))


@require_safe
def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    # No Disallow of the admin: its path is kept from the public, and it asks for a sign-in.
    lines = ["User-agent: *", "Disallow:", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
