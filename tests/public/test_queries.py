"""Every public page runs a fixed number of queries, whatever the amount of content."""

import io

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from programme.models import Award, Page, Partner, Project, Source, Theme
from programme.views import SEARCH_RESULTS_PER_PAGE

from .content import make_programme, make_project

# Queries per page. Each count includes one for the footer's fixed pages; a page with projects
# reads their localities in one more (a project has several).
PAGES = [
    ("home", lambda data: "/en/", 10),
    ("project list", lambda data: "/en/projects/", 7),
    ("filtered project list", lambda data: filtered(data), 9),
    ("project", lambda data: data["projects"][0].get_absolute_url(), 9),
    ("awards", lambda data: "/en/awards/", 4),
    ("award", lambda data: data["awards"][0].get_absolute_url(), 3),
    ("partners", lambda data: "/en/partners/", 2),
    ("partner", lambda data: data["partners"][0].get_absolute_url(), 7),
    ("timeline", lambda data: "/en/timeline/", 7),
    ("sources", lambda data: "/en/sources/", 9),
    ("source", lambda data: data["sources"][0].get_absolute_url(), 9),
    ("page", lambda data: data["pages"][0].get_absolute_url(), 3),
    ("search", lambda data: "/en/search/?q=smart+city", 3),
    ("search by kind, page 2", lambda data: search_by_kind_page_two(data), 3),
    ("project list search", lambda data: "/en/projects/?q=centre&status=operational", 7),
]


def filtered(data):
    """The project list filtered as its menus write it: by the English slugs on English pages
    (any other value is redirected there)."""
    theme, locality = data["themes"][0].address_slug, data["localities"][0].address_slug
    return f"/en/projects/?theme={theme}&locality={locality}&status=operational"


def search_by_kind_page_two(data):
    """The second page of the projects found by a word they all have: a page's worth more than
    the programme's projects, so that it holds as many results as the programme has records."""
    for _ in range(SEARCH_RESULTS_PER_PAGE):
        make_project()
    return "/en/search/?q=centre&kind=projects&page=2"


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 10], ids=["one item", "ten items"])
@pytest.mark.parametrize(("name", "url", "queries"), PAGES, ids=[page[0] for page in PAGES])
def test_page_queries_are_fixed(client, django_assert_num_queries, size, name, url, queries):
    data = make_programme(size)
    with translation.override("en"):
        address = url(data)
    with django_assert_num_queries(queries):
        response = client.get(address)
    assert response.status_code == 200
    if name == "search by kind, page 2":
        assert response.content.decode().count('data-testid="search-result"') == size


def seeded_pages():
    """One URL of every page type, on seeded records that have links of every kind."""
    project = Project.objects.filter(seed_key__isnull=False).annotate(n=Count("partners"))
    partner = Partner.objects.filter(seed_key__isnull=False).annotate(n=Count("projects"))
    source = Source.objects.filter(seed_key__isnull=False).annotate(n=Count("cited_projects"))
    theme = Theme.objects.filter(seed_key__isnull=False).first()
    return [
        "/vi/",
        "/vi/du-an/",
        f"/vi/du-an/?theme={theme.slug}&status=operational",
        "/vi/du-an/?page=2",
        project.order_by("-n", "pk").first().get_absolute_url(),
        "/vi/giai-thuong/",
        Award.objects.filter(seed_key__isnull=False, sources__isnull=False)
        .first()
        .get_absolute_url(),
        "/vi/doi-tac/",
        partner.order_by("-n", "pk").first().get_absolute_url(),
        "/vi/dong-thoi-gian/",
        "/vi/nguon/",
        source.order_by("-n", "pk").first().get_absolute_url(),
        Page.objects.get(role=Page.Role.ABOUT).get_absolute_url(),
        "/vi/tim-kiem/?q=thong+minh",
        "/vi/tim-kiem/?q=thong+minh&kind=milestones&page=2",
    ]


def queries_per_page(client, urls):
    counts = {}
    for url in urls:
        for cache in caches.all():
            cache.clear()  # measure the page being built, not served from the page cache
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert (url, response.status_code) == (url, 200)
        counts[url] = len(queries)
    return counts


@pytest.mark.django_db
def test_page_queries_stay_the_same_with_ten_times_the_seed(client):
    call_command("seed", stdout=io.StringIO())
    with translation.override("vi"):
        urls = seeded_pages()
    with_seed = queries_per_page(client, urls)

    call_command("generate_content", copies=9, stdout=io.StringIO())

    assert Project.objects.count() == 10 * Project.objects.filter(seed_key__isnull=False).count()
    assert queries_per_page(client, urls) == with_seed
