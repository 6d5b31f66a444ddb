"""Every public page runs a fixed number of queries, whatever the amount of content."""

import pytest
from django.utils import translation

from .content import make_programme

# Queries per page. Each count includes one for the footer's fixed pages.
PAGES = [
    ("home", lambda data: "/en/", 9),
    ("project list", lambda data: "/en/projects/", 6),
    ("filtered project list", lambda data: filtered(data), 6),
    ("project", lambda data: data["projects"][0].get_absolute_url(), 8),
    ("awards", lambda data: "/en/awards/", 3),
    ("partners", lambda data: "/en/partners/", 2),
    ("partner", lambda data: data["partners"][0].get_absolute_url(), 8),
    ("timeline", lambda data: "/en/timeline/", 5),
    ("sources", lambda data: "/en/sources/", 9),
    ("source", lambda data: data["sources"][0].get_absolute_url(), 9),
    ("page", lambda data: data["pages"][0].get_absolute_url(), 3),
]


def filtered(data):
    theme, locality = data["themes"][0].slug, data["localities"][0].slug
    return f"/en/projects/?theme={theme}&locality={locality}&status=operational"


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
