"""Every URL pattern of the portal, in both languages, requested with junk: odd path values,
bad query parameters, wrong methods and odd headers. None may answer with a server error."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django.utils import translation

from programme.models import Award, Locality, Milestone, Page, Partner, Project, Source, Theme

# Path values: random and very long slugs, odd Unicode (right-to-left marks, emoji, combining
# accents, invalid UTF-8, NUL), path traversal, markup and SQL.
JUNK_VALUES = [
    "khong-co-trang-nay",
    "x7Gq-02_kZ",
    "-",
    "a" * 2000,
    "đề-án-" * 300,
    "\u200f\u202egnp.exe",
    "%E2%80%AE%E2%80%8F",
    "🏙️🚇✨",
    "e\u0301\u0302\u0303\u0323",
    "%00",
    "nul%00byte",
    "%FF%FE",
    "../../etc/passwd",
    "..%2F..%2Fetc%2Fpasswd",
    "%2e%2e%2f%2e%2e%2f",
    "<script>alert(1)</script>",
    "'; DROP TABLE programme_project; --",
]
# Query values: not numbers, negative, past any integer type, empty, NUL, long, odd Unicode,
# traversal and invalid UTF-8; repeated and as arrays below.
BAD_QUERY_VALUES = [
    "abc",
    "-1",
    "99999999999999999999",
    "",
    "%00",
    "x" * 2000,
    "%E2%80%AE🏙️é",
    "..%2F..%2Fetc%2Fpasswd%FF",
]
WRONG_METHODS = ["post", "put", "patch", "delete", "options"]
VIEW_MODULES = ["programme/views.py", "portal/views.py"]
# Read by Django's own views: the sitemap's page number and the admin login's next address.
OTHER_PARAMETERS = ["p", "next"]


def query_parameters():
    """Every query parameter our views read, found in their source."""
    names = set(OTHER_PARAMETERS)
    for module in VIEW_MODULES:
        source = (Path(settings.BASE_DIR) / module).read_text()
        names.update(re.findall(r"GET\.get(?:list)?\(\s*\"(\w+)\"", source))
    return sorted(names)


def routes(patterns, prefix=""):
    """(route, has_parameters) for every pattern below `patterns`, in the active language.
    The admin is left out: its login page is tested on its own."""
    for entry in patterns:
        route = prefix + str(entry.pattern).lstrip("^").rstrip("$")
        if isinstance(entry, URLResolver):
            if route != settings.ADMIN_PATH:
                yield from routes(entry.url_patterns, route)
        else:
            yield route, "<" in route or "(?P" in route


def fill(route, value):
    """The route with every parameter (<slug:slug>, (?P<path>.+)) set to `value`."""
    return "/" + re.sub(r"<[^>]+>|\(\?P<\w+>[^)]*\)", lambda match: value, route)


def every_route():
    found = []
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            found += routes(get_resolver().url_patterns)
    return sorted(set(found))


@pytest.fixture
def junk_client():
    return Client(raise_request_exception=False)


@pytest.fixture
def content(one_of_every_kind):
    """A record of every kind, each with a page of its own (fixtures/one_of_every_kind.json)."""
    kinds = (Source, Theme, Locality, Partner, Project, Award, Milestone, Page)
    return {model: model.objects.get() for model in kinds}


def server_errors(client, requests):
    """The (method, path, status) of each request answered with a 5xx."""
    errors = []
    for method, path, headers in requests:
        response = getattr(client, method)(path, headers=headers)
        if response.status_code >= 500:
            errors.append((method, path[:120], response.status_code))
    return errors


def test_routes_cover_every_page_in_both_languages():
    found = every_route()

    assert ("vi/du-an/<slug:slug>/", True) in found
    assert ("en/projects/<slug:slug>/", True) in found
    assert ("healthz", False) in found
    assert {"page", "theme", "locality", "status", "kind", "year", "q"} <= set(query_parameters())


def test_junk_in_every_path_parameter_gives_no_server_error(junk_client, content):
    slugs = [record.slug for record in content.values()]
    requests = [
        ("get", fill(route, value), {})
        for route, has_parameters in every_route()
        if has_parameters
        for value in JUNK_VALUES + slugs
    ]
    requests += [
        ("get", f"/{language}/{junk}/", {}) for language in ("vi", "en") for junk in JUNK_VALUES
    ]

    assert server_errors(junk_client, requests) == []


def test_bad_query_parameters_give_no_server_error(junk_client, content):
    """Each parameter alone on the pages without path parameters (in Vietnamese), and all of
    them at once on every page in both languages."""
    names = query_parameters()
    pages = [fill(route, content[Project].slug) for route, _ in every_route()]
    list_pages = [
        fill(route, "")
        for route, has_parameters in every_route()
        if not has_parameters and not route.startswith("en/")
    ]
    requests = [
        ("get", f"{page}?{name}={value}", {})
        for page in list_pages
        for name in names
        for value in BAD_QUERY_VALUES
    ]
    for value in [*BAD_QUERY_VALUES, "1&{name}=2", "1&{name}[]=2"]:
        query = "&".join(f"{name}={value.format(name=name)}" for name in names)
        requests += [("get", f"{page}?{query}", {}) for page in pages]

    assert server_errors(junk_client, requests) == []


def test_wrong_methods_give_405_on_public_pages(junk_client, content):
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            pages = [
                reverse("home"),
                reverse("project-list"),
                content[Project].get_absolute_url(),
                reverse("award-list"),
                reverse("timeline"),
            ]
        for page in pages:
            statuses = {
                method: getattr(junk_client, method)(page).status_code for method in WRONG_METHODS
            }
            assert statuses == dict.fromkeys(WRONG_METHODS, 405), page


def test_wrong_methods_give_no_server_error_anywhere(junk_client, content):
    pages = [fill(route, content[Project].slug) for route, _ in every_route()]
    requests = [(method, page, {}) for page in pages for method in WRONG_METHODS]

    assert server_errors(junk_client, requests) == []


def test_odd_headers_give_no_server_error(junk_client, content):
    headers = [
        {"Accept-Language": "xx-ZZ;q=abc, *;q=-1, " + "vi;q=0.5," * 200},
        {"Accept-Language": "\u202e🏙️"},
        {"Cookie": "sessionid=not-a-session; django_language=%00"},
        {"Cookie": "sessionid=" + "a" * 4000},
        {"If-None-Match": '"' + "x" * 2000 + '"'},
        {"If-Modified-Since": "yesterday at noon"},
        {"Range": "bytes=-1-99999999999999999999"},
    ]
    pages = ["/", "/vi/", "/en/projects/", content[Project].get_absolute_url(), "/healthz"]
    requests = [("get", page, header) for page in pages for header in headers]

    assert server_errors(junk_client, requests) == []


@pytest.mark.parametrize(
    ("fields", "status"),
    [
        ({"username": "a" * 2000, "password": "x"}, 200),
        ({"username": "\u202e🏙️", "password": "%00"}, 200),
        # A NUL is refused before the form (portal.middleware.refuse_nul_bytes).
        ({"username": "\u202e🏙️\x00", "password": "%00"}, 400),
        ({"username": ["a", "b"], "password": ""}, 200),
        ({}, 200),
    ],
    ids=["long", "odd unicode", "nul", "repeated", "empty"],
)
def test_admin_login_with_junk_gives_no_server_error(junk_client, db, fields, status):
    login = reverse("admin:login")
    requests = [("get", f"{login}?next={value}", {}) for value in BAD_QUERY_VALUES]

    errors = server_errors(junk_client, requests)
    response = junk_client.post(login, fields)

    assert (errors, response.status_code) == ([], status)
