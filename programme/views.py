"""The public pages. Every query of public content starts from `published()`; staff also see
drafts and scheduled records on detail pages, as a preview with a banner.

Each view runs a fixed number of queries whatever the amount of content: related rows come
through select_related/Prefetch or a query of their own (records_of()), never from a loop in a
template.
"""

import datetime
from collections import Counter

from django.conf import settings
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import F, Prefetch, Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from . import search_index
from .dates import DatePrecision, PartialDate
from .models import (
    Award,
    KeyFigure,
    Locality,
    Milestone,
    Page,
    Partner,
    Project,
    Publishable,
    PublishableQuerySet,
    SearchEntry,
    Source,
    Theme,
    published_sql,
)
from .search import (
    MAX_QUERY_LENGTH,
    MAX_WORDS,
    highlight,
    matching,
    parse_query,
    snippet,
)

PROJECTS_PER_PAGE = 12
AWARDS_PER_PAGE = 20
SEARCH_RESULTS_PER_PAGE = 10
TIMELINE_START = 2016


def rows(model):
    """A model's records through Django's own QuerySet rather than modeltranslation's, which
    spends about 0.2 ms a query rewriting field names. So what these querysets filter, order or
    load names the language columns ("title_vi", see in_every_language()), never "title"; the
    records still show "title" in the current language."""
    return (PublishableQuerySet if issubclass(model, Publishable) else QuerySet)(model)


def in_every_language(*fields):
    """("title", "locality__name") -> ("title_vi", "title_en", "locality__name_vi", ...)"""
    return tuple(f"{field}_{code}" for field in fields for code, _name in settings.LANGUAGES)


# The columns that lists show (see the templates). A model instance costs Django time per column
# it loads, and most columns of a record (its body, search text, seed hashes) no list shows.
# What a project card shows of the project itself; its locality and themes come from
# with_place() and with_themes().
CARD_COLUMNS = ("slug", "status", "locality_id", *in_every_language("title", "summary"))
LINK_FIELDS = {
    Award: ("slug", "year", *in_every_language("title")),
    Milestone: ("slug", "date", "date_precision", *in_every_language("title")),
    Partner: ("slug", *in_every_language("name")),
}
SOURCE_ITEM_FIELDS = ("slug", "outlet", "published_date", "published_precision", "url")
SOURCE_ITEM_FIELDS += in_every_language("headline")
NAME_FIELDS = ("slug", *in_every_language("name"))  # Themes and localities.
PROJECT_PAGE_FIELDS = (
    *("slug", "status", "image", "image_width", "image_height", "publication_status"),
    *("publish_at", "start_date", "start_precision", "end_date", "end_precision"),
    *in_every_language("title", "summary", "body", "image_alt", "locality__name"),
    *("locality__slug", "lead_organisation__slug", *in_every_language("lead_organisation__name")),
    *("lead_organisation__publication_status", "lead_organisation__publish_at"),
)


def visible(request, model):
    """The records a visitor may open: published ones, and for staff every one (a preview)."""
    if request.user.is_staff:
        return rows(model)
    return rows(model).published()


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


# awards_newest_first() in SQL, for records_of().
NEWEST_AWARDS_FIRST = (
    "record.year DESC, record.announced_date DESC NULLS LAST, record.title_vi, record.id"
)


def awards_newest_first(awards=None):
    awards = rows(Award).published() if awards is None else awards
    return awards.order_by("-year", F("announced_date").desc(nulls_last=True), "title_vi")


def citations(**cited_by):
    """Published sources with what a citation shows (source_item in templatetags/public.py)."""
    return rows(Source).published().only(*SOURCE_ITEM_FIELDS).filter(**cited_by)


def published_sources():
    return Prefetch("sources", citations())


def records_of(
    model, fields, order_by, where="", params=(), join="", limit=None, offset=0, drafts=False
):
    """Records of `model` with `fields` (and their id), published ones only when the model is
    Publishable (unless `drafts`, for staff), from one hand-written query on its table named
    `record`: `where`, `join` and `order_by` are SQL. For the lists of the most visited pages:
    Django takes 0.2 to 0.3 ms to build such a query, SQLite 0.03 ms to run it. A field with a
    dot is a column of a joined table ("link.project_id AS card_of"), and becomes an attribute
    of the records."""
    conditions, params = ([where] if where else []), list(params)
    if issubclass(model, Publishable) and not drafts:
        published, published_params = published_sql(connection, "record")
        conditions.append(published)
        params += published_params
    columns = ", ".join(field if "." in field else f"record.{field}" for field in ("id", *fields))
    sql = f"SELECT {columns} FROM {model._meta.db_table} record {join}"
    if conditions:
        sql += f" WHERE {' AND '.join(conditions)}"
    sql += f" ORDER BY {order_by}"
    if limit:
        sql += f" LIMIT {int(limit)} OFFSET {int(offset)}"
    return list(rows(model).raw(sql, params))


def placeholders(values):
    """ "%s, %s, %s" for three values: an SQL list for `IN (...)`."""
    return ", ".join(["%s"] * len(values))


def records_by_id(model, fields, ids):
    """{id: record} of the records of `model` among `ids` (see records_of())."""
    ids = list(set(ids) - {None})
    if not ids:
        return {}
    where = f"record.id IN ({placeholders(ids)})"
    return {record.pk: record for record in records_of(model, fields, "record.id", where, ids)}


def published_counts():
    """Published projects by status, partners by kind, and awards: {"project": {status: n},
    "partner": {kind: n}, "award": {"": n}}.

    One hand-written query where the ORM would build three: building a query costs Django ten
    times what the database takes to run this one.
    """
    published, params = published_sql(connection)
    sql = f"""
        SELECT 'project', status, COUNT(*) FROM {Project._meta.db_table}
        WHERE {published} GROUP BY status
        UNION ALL
        SELECT 'partner', kind, COUNT(*) FROM {Partner._meta.db_table}
        WHERE {published} GROUP BY kind
        UNION ALL
        SELECT 'award', '', COUNT(*) FROM {Award._meta.db_table} WHERE {published}
    """
    counts = {"project": {}, "partner": {}, "award": {}}
    with connection.cursor() as cursor:
        cursor.execute(sql, params * 3)
        for key, value, count in cursor.fetchall():
            counts[key][value] = count
    return counts


@require_safe
def home(request):
    counts = published_counts()
    status_counts, partner_counts = counts["project"], counts["partner"]
    latest_award = records_of(
        Award,
        (*LINK_FIELDS[Award], *in_every_language("organiser")),
        NEWEST_AWARDS_FIRST,
        limit=1,
    )
    figures = [
        (status_counts.get(value, 0), label)
        for value, label in Project.Status.choices
        if status_counts.get(value)
    ]
    return render(
        request,
        "programme/home.html",
        {
            "project_total": sum(status_counts.values()),
            "status_figures": figures,
            "award_total": sum(counts["award"].values()),
            "partner_total": sum(partner_counts.values()),
            "partner_locality_total": partner_counts.get(Partner.Kind.CITY_OR_REGION, 0),
            "featured": featured_projects(),
            "latest_award": (latest_award or [None])[0],
            "highlights": records_of(
                Milestone, LINK_FIELDS[Milestone], "record.date DESC, record.id DESC", limit=5
            ),
            "province_json_ld": province_json_ld(request),
            "partners": records_of(
                Partner,
                LINK_FIELDS[Partner],
                "record.kind, record.name_vi, record.id",
                "record.kind IN (%s, %s)",
                [Partner.Kind.CITY_OR_REGION, Partner.Kind.INTERNATIONAL],
                limit=12,
            ),
        },
    )


def featured_projects():
    """The home page's six featured projects, ready for their cards."""
    featured = records_of(
        Project, CARD_COLUMNS, "record.title_vi, record.id", "record.featured = %s", [True], limit=6
    )
    return with_themes(with_place(featured))


def cards_in_order(ids):
    """The projects `ids` in that order, ready for their cards: hand-written queries take half
    the time Django takes to build and load the same with select_related()."""
    projects = records_by_id(Project, CARD_COLUMNS, ids)
    return with_themes(with_place([projects[pk] for pk in ids if pk in projects]))


def with_place(projects):
    """The projects, each with its locality, from one query."""
    localities = records_by_id(Locality, NAME_FIELDS, (p.locality_id for p in projects))
    for project in projects:
        project.locality = localities.get(project.locality_id)
    return projects


def with_themes(projects):
    """The projects as a list, each with its themes as `card_themes` for its card. One
    hand-written query: Django's prefetch_related() takes 0.7 ms to build its own, and SQLite
    runs this in 0.05 ms."""
    projects = list(projects)
    by_id = {project.pk: project for project in projects}
    for project in projects:
        project.card_themes = []
    if not projects:
        return projects
    themes = records_of(
        Theme,
        (*NAME_FIELDS, "link.project_id AS card_of"),
        "record.name_vi, record.id",
        where=f"link.project_id IN ({placeholders(by_id)})",
        params=list(by_id),
        join=f"JOIN {Project.themes.through._meta.db_table} link ON link.theme_id = record.id",
    )
    for theme in themes:
        by_id[theme.card_of].card_themes.append(theme)
    return projects


def pick(options, value):
    """The option whose slug is `value`, or None: unknown values are ignored, not errors."""
    return next((option for option in options if option.slug == value), None)


@require_safe
def project_list(request):
    themes = records_of(Theme, NAME_FIELDS, "record.name_vi, record.id")
    localities = records_of(Locality, NAME_FIELDS, "record.name_vi, record.id")
    theme = pick(themes, request.GET.get("theme"))
    locality = pick(localities, request.GET.get("locality"))
    status = request.GET.get("status")
    if status not in Project.Status.values:
        status = None
    query = parse_query(request.GET.get("q"))

    projects = rows(Project).published()
    if query.words:
        projects = matching(projects, query.words, get_language())
    if theme:
        projects = projects.filter(themes=theme)
    if locality:
        projects = projects.filter(locality=locality)
    if status:
        projects = projects.filter(status=status)

    filters = {
        key: value
        for key, value in (
            ("theme", theme and theme.slug),
            ("status", status),
            ("locality", locality and locality.slug),
            ("q", query.text),
        )
        if value
    }
    ids = projects.values_list("id", flat=True)
    page = Paginator(ids, PROJECTS_PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = cards_in_order(list(page.object_list))
    return render(
        request,
        "programme/project_list.html",
        {
            "page_obj": page,
            "themes": themes,
            "localities": localities,
            "statuses": Project.Status.choices,
            "theme": theme,
            "locality": locality,
            "status": status,
            "status_label": status and Project.Status(status).label,
            "query": query,
            "filters": filters,
        },
    )


def search_result(row, words):
    """What the results page shows of an entry of the search index, with the query's words
    highlighted."""
    kind, slug, title, title_lang, texts, meta = row
    index, extract = snippet((text for text, _language in texts), words)
    return {
        "kind": kind,
        "kind_name": search_index.INDEXED_KINDS[kind].model._meta.verbose_name,
        "url": search_index.INDEXED_KINDS[kind].url(slug),
        "title": highlight(title, words),
        "title_lang": title_lang,
        "snippet": extract,
        "snippet_lang": texts[index][1] if extract else "",
        "meta": meta,
    }


@require_safe
def search(request):
    """One list of results across kinds, best first, SEARCH_RESULTS_PER_PAGE a page, with the
    number of results of each kind; `kind` narrows the list to one. Two queries on the search
    index (programme/search_index.py), whatever the amount of content."""
    query = parse_query(request.GET.get("q"))
    language = get_language()
    found = search_index.find(query.words, language) if query.words else []
    counts = Counter(kind for _pk, kind in found)
    kind = request.GET.get("kind")
    if kind not in counts:
        kind = None
    ids = [pk for pk, found_kind in found if kind in (None, found_kind)]
    page = Paginator(ids, SEARCH_RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "programme/search.html",
        {
            "query": query,
            "total": len(found),
            "kinds": [
                (value, label, counts[value])
                for value, label in SearchEntry.Kind.choices
                if value in counts
            ],
            "kind": kind,
            "kind_label": kind and SearchEntry.Kind(kind).label,
            "project_total": counts[SearchEntry.Kind.PROJECTS],
            "page_obj": page,
            "results": [
                search_result(entry, query.words)
                for entry in search_index.shown(page.object_list, language)
            ],
            "filters": {"q": query.text, **({"kind": kind} if kind else {})},
            "max_length": MAX_QUERY_LENGTH,
            "max_words": MAX_WORDS,
        },
    )


def linked_to_project(project, model, fields, order_by, relation=None):
    """The records of `model` (see records_of()) that name `project` in their `project`
    column or, with `relation` (a many-to-many field of Project), that it links to."""
    if not relation:
        return records_of(model, fields, order_by, "record.project_id = %s", [project.pk])
    link = Project._meta.get_field(relation)
    return records_of(
        model,
        fields,
        order_by,
        f"link.{link.m2m_column_name()} = %s",
        [project.pk],
        join=f"JOIN {link.m2m_db_table()} link ON link.{link.m2m_reverse_name()} = record.id",
    )


@require_safe
def project_detail(request, slug):
    project = get_object_or_404(
        visible(request, Project)
        .only(*PROJECT_PAGE_FIELDS)
        .select_related("locality", "lead_organisation"),
        slug=slug,
    )
    lead = project.lead_organisation
    figure_fields = ("value", *in_every_language("unit", "label"))
    return render(
        request,
        "programme/project_detail.html",
        {
            "project": project,
            "record": project,
            "lead_organisation": lead if lead and lead.is_public else None,
            "themes": linked_to_project(
                project, Theme, NAME_FIELDS, "record.name_vi, record.id", relation="themes"
            ),
            "key_figures": linked_to_project(
                project, KeyFigure, figure_fields, "record.position, record.id"
            ),
            "partners": linked_to_project(
                project,
                Partner,
                LINK_FIELDS[Partner],
                "record.kind, record.name_vi, record.id",
                relation="partners",
            ),
            "milestones": linked_to_project(
                project, Milestone, LINK_FIELDS[Milestone], "record.date, record.id"
            ),
            "awards": linked_to_project(
                project,
                Award,
                LINK_FIELDS[Award],
                NEWEST_AWARDS_FIRST,
            ),
            "sources": linked_to_project(
                project,
                Source,
                SOURCE_ITEM_FIELDS,
                "record.published_date DESC, record.outlet, record.id",
                relation="sources",
            ),
        },
    )


def icf_story(years_and_levels):
    """One row per year of ICF recognition, with the highest level reached that year."""
    rank = {Award.Level.SMART21: 1, Award.Level.TOP7: 2, Award.Level.COMMUNITY_OF_THE_YEAR: 3}
    best = {}
    for year, level in years_and_levels:
        if level in rank and rank[level] > rank.get(best.get(year), 0):
            best[year] = level
    return [
        {"year": year, "level": level, "label": Award.Level(level).label, "rank": rank[level]}
        for year, level in sorted(best.items())
    ]


@require_safe
def award_list(request):
    """The award history, newest first, a page at a time; each award's own page has its
    description and sources. Staff also see drafts and scheduled awards, marked as a preview."""
    years_and_levels = list(visible(request, Award).values_list("year", "level"))
    # The rows above count the awards: the paginator needs no query of its own.
    page = Paginator(range(len(years_and_levels)), AWARDS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    awards = records_of(
        Award,
        ("slug", "level", "year", "publication_status", "publish_at", "project_id")
        + in_every_language("title", "organiser"),
        NEWEST_AWARDS_FIRST,
        limit=AWARDS_PER_PAGE,
        offset=max(page.start_index() - 1, 0),
        drafts=request.user.is_staff,
    )
    projects = records_by_id(
        Project,
        ("slug", "publication_status", "publish_at", *in_every_language("title")),
        (award.project_id for award in awards),
    )
    for award in awards:
        # Only a published project is linked: set here, the others are left out.
        award.project = projects.get(award.project_id)
    return render(
        request,
        "programme/award_list.html",
        {
            "page_obj": page,
            "awards": awards,
            "icf_years": icf_story(years_and_levels),
            "json_ld_data": province_json_ld(request, awards),
        },
    )


@require_safe
def award_detail(request, slug):
    award = get_object_or_404(visible(request, Award).select_related("project"), slug=slug)
    return render(
        request,
        "programme/award_detail.html",
        {"award": award, "record": award, "sources": citations(cited_awards=award)},
    )


# Binh Duong on the 360 x 180 map below (10.98 N, 106.65 E).
HOME_X, HOME_Y = 286.7, 79.0


def map_points(partners):
    """Partners with coordinates, placed on a 360 x 180 equirectangular map. A point is
    labelled unless it sits on Binh Duong or on a point already labelled."""
    points, labelled = [], [(HOME_X, HOME_Y)]
    for partner in partners:
        if partner.latitude is None:
            continue
        x, y = round(float(partner.longitude) + 180, 1), round(90 - float(partner.latitude), 1)
        label = not any(abs(x - lx) < 14 and abs(y - ly) < 5 for lx, ly in labelled)
        if label:
            labelled.append((x, y))
        points.append({"partner": partner, "x": x, "y": y, "label": label, "label_x": x + 3})
    return points


@require_safe
def partner_list(request):
    """Partners grouped by kind, in the order the kinds are declared: cities and regions first."""
    kind_order = {kind: position for position, kind in enumerate(Partner.Kind.values)}
    partners = sorted(rows(Partner).published(), key=lambda partner: kind_order[partner.kind])
    return render(
        request,
        "programme/partner_list.html",
        {"partners": partners, "points": map_points(partners)},
    )


@require_safe
def partner_detail(request, slug):
    partner = get_object_or_404(
        visible(request, Partner).prefetch_related(
            Prefetch("milestones", rows(Milestone).published()), published_sources()
        ),
        slug=slug,
    )
    ids = (
        rows(Project)
        .published()
        .filter(Q(partners=partner) | Q(lead_organisation=partner))
        .order_by()
        .values_list("id", flat=True)
        .distinct()
    )
    return render(
        request,
        "programme/partner_detail.html",
        {
            "partner": partner,
            "record": partner,
            "projects": sorted(cards_in_order(list(ids)), key=lambda project: project.title),
            "points": map_points([partner]),
        },
    )


def year_only(year):
    return PartialDate(datetime.date(year, 1, 1), DatePrecision.YEAR)


def year_from(value, years):
    try:
        year = int(value)
    except (TypeError, ValueError):
        return None
    return year if year in years else None


@require_safe
def timeline(request):
    """Milestones and the awards no milestone already tells, from 2016 on, oldest first.
    Staff also see drafts and scheduled ones, marked as a preview."""
    milestones = visible(request, Milestone).filter(date__year__gte=TIMELINE_START)
    awards = (
        awards_newest_first(visible(request, Award))
        .filter(year__gte=TIMELINE_START)
        .exclude(milestones__in=rows(Milestone).published())
    )
    years = sorted(
        {date.year for date in milestones.dates("date", "year")}
        | set(awards.values_list("year", flat=True).distinct())
    )
    kind = request.GET.get("kind")
    if kind not in Milestone.Kind.values:
        kind = None
    year = year_from(request.GET.get("year"), years)

    if kind:
        milestones = milestones.filter(kind=kind)
        if kind != Milestone.Kind.AWARD:
            awards = awards.none()
    if year:
        milestones = milestones.filter(date__year=year)
        awards = awards.filter(year=year)

    entries = [
        {
            "slug": milestone.slug,
            "when": milestone.when,
            "kind": milestone.get_kind_display(),
            "record": milestone,
            "title_field": "title",
            "text_field": "description",
            "project": milestone.project,
            "partner": milestone.partner,
        }
        for milestone in milestones.select_related("project", "partner")
    ]
    entries += [
        {
            "slug": award.slug,
            "when": award.announced or year_only(award.year),
            "kind": Milestone.Kind.AWARD.label,
            "record": award,
            "title_field": "title",
            "text_field": "description",
            "project": award.project,
            "partner": None,
        }
        for award in awards.select_related("project")
    ]
    entries.sort(key=lambda entry: (entry["when"].date, entry["slug"]))
    events = [
        {
            "@type": "Event",
            "name": entry["record"].title,
            "startDate": entry["when"].iso(),
            "url": request.build_absolute_uri(f"{reverse('timeline')}#{entry['slug']}"),
            "location": {"@type": "Place", "name": _("Binh Duong Province")},
        }
        for entry in entries
    ]
    return render(
        request,
        "programme/timeline.html",
        {
            "entries": entries,
            "kinds": Milestone.Kind.choices,
            "kind": kind,
            "kind_label": kind and Milestone.Kind(kind).label,
            "years": years,
            "year": year,
            "json_ld_data": {"@context": "https://schema.org", "@graph": events},
        },
    )


def citing_content():
    """Prefetches of everything that cites a source, public records only."""
    return [
        Prefetch("cited_projects", rows(Project).published()),
        Prefetch("cited_partners", rows(Partner).published()),
        Prefetch("cited_awards", rows(Award).published()),
        Prefetch("cited_milestones", rows(Milestone).published()),
        Prefetch("cited_pages", rows(Page).published()),
        "cited_themes",
        "cited_localitys",
    ]


@require_safe
def source_list(request):
    sources = rows(Source).published().prefetch_related(*citing_content())
    return render(request, "programme/source_list.html", {"sources": sources})


@require_safe
def source_detail(request, slug):
    source = get_object_or_404(
        visible(request, Source).prefetch_related(*citing_content()), slug=slug
    )
    return render(request, "programme/source_detail.html", {"source": source, "record": source})


@require_safe
def page_detail(request, slug):
    pages = visible(request, Page).prefetch_related(published_sources())
    page = get_object_or_404(pages, slug=slug)
    return render(request, "programme/page_detail.html", {"page": page, "record": page})


@require_safe
def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = ["User-agent: *", f"Disallow: /{settings.ADMIN_PATH}", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
