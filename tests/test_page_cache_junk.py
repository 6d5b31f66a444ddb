"""The page cache keeps only pages worth keeping: a query parameter value a page does not accept
is a 404 or a redirect to the address that means what the page shows, and neither is stored;
searches are stored only when they find something, and then within their share of the cache; the
key names the configured host, never the port a request names."""

import itertools
import secrets

import pytest
from django.core.cache import cache

from .public.content import make_programme


@pytest.fixture
def content(db):
    return make_programme(size=3)


def keys():
    """How many entries the tests' file cache holds."""
    return len(cache._list_cache_files())


def junk_word():
    return secrets.token_hex(5)


# Each kind of junk the page cache was flooded with, as requests (address, extra headers).
KINDS = {
    "page=<junk>": lambda n: (f"/en/projects/?page={junk_word()}", {}),
    "page=0...01": lambda n: (f"/en/projects/?page={'0' * (n % 50 + 1)}1", {}),
    "page past the last": lambda n: (f"/vi/giai-thuong/?page={n + 2}", {}),
    "theme=<unknown>": lambda n: (f"/en/projects/?theme={junk_word()}", {}),
    "search words": lambda n: (f"/vi/tim-kiem/?q={junk_word()}", {}),
    "year and kind": lambda n: (f"/en/timeline/?year={junk_word()}&kind={junk_word()}", {}),
    "port": lambda n: ("/en/", {"HTTP_HOST": f"127.0.0.1:{1024 + n}"}),
}


@pytest.mark.slow
@pytest.mark.parametrize("kind", KINDS)
def test_a_thousand_junk_requests_add_at_most_a_handful_of_keys(client, content, kind):
    client.get("/en/")
    before = keys()

    statuses = set()
    for n in range(1000):
        address, headers = KINDS[kind](n)
        statuses.add(client.get(address, **headers).status_code)

    assert statuses <= {200, 302, 404}
    assert keys() - before <= 5


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("address", "status", "location"),
    [
        ("/en/projects/?page=x", 404, None),
        ("/en/projects/?page=02", 404, None),
        ("/en/projects/?page=99", 404, None),
        ("/en/projects/?theme=nothing-such&status=planned", 302, "/en/projects/?status=planned"),
        ("/en/projects/?theme=&status=", 200, None),
        ("/en/timeline/?year=20x3&kind=nothing", 302, "/en/timeline/"),
        ("/en/search/?q=city&kind=nothing", 302, "/en/search/?q=city"),
    ],
)
def test_a_value_the_page_does_not_accept_is_404_or_a_redirect(
    client, content, address, status, location
):
    response = client.get(address)

    assert (response.status_code, response.get("Location")) == (status, location)


def test_searches_that_find_nothing_are_not_stored_and_others_within_their_share(
    client, content, settings
):
    settings.PAGE_CACHE_SHARES = {"search": 2}
    client.get("/en/")
    before = keys()

    client.get("/en/search/?q=nothingwhatsoever")
    nothing = keys() - before
    found = [client.get(f"/en/search/?q={word}") for word in ("city", "smart", "centre", "2023")]

    assert nothing == 0
    assert [page.status_code for page in found] == [200] * 4
    # The share's counter and two pages.
    assert keys() - before == 3


def test_the_key_names_the_configured_host_whatever_the_request_names(client, content, settings):
    settings.SITE_HOST = "portal.example"
    settings.ALLOWED_HOSTS = ["portal.example", "127.0.0.1", "testserver"]

    pages = [
        client.get("/en/", HTTP_HOST=host)
        for host in itertools.chain(["127.0.0.1:8000", "127.0.0.1:9999"], ["testserver"])
    ]

    assert [page.status_code for page in pages] == [200] * 3
    assert len({page.content for page in pages}) == 1
    assert 'href="http://portal.example/en/"' in pages[0].content.decode()
