"""The page cache: anonymous visitors get public pages from the cache, per language, until staff
change content; staff always get fresh pages; conditional GET and HEAD work."""

import contextlib
import datetime
import gzip
import importlib
import io
import os
import re
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template import RequestContext, Template
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import clear_url_caches, path, reverse
from django.utils import timezone

from portal.cache import GENERATION_KEY, content_version, purge_pages, storable
from portal.settings import redis_cache
from programme.models import Partner, Project, PublicationStatus

from .portal_server import free_port
from .public.content import make_page, make_partner, make_programme, make_project
from .review.forms import edit_token

# One xdist worker runs the whole module: its other server is made once for it, and its tests
# empty the Redis database they share.
pytestmark = pytest.mark.xdist_group("test_caching")

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def heading(response):
    match = re.search(r"<h1[^>]*>(.*?)</h1>", response.content.decode(), re.S)
    return match.group(1).strip() if match else None


def project_cards(response):
    return response.content.decode().count('data-testid="project-card"')


def staff(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def content(db):
    return make_programme()


@pytest.mark.parametrize("url", ["/vi/", "/en/", "/en/projects/", "/vi/giai-thuong/"])
def test_second_anonymous_get_runs_no_query(client, content, django_assert_num_queries, url):
    first = client.get(url)

    with django_assert_num_queries(0):
        second = client.get(url)

    assert (first.status_code, second.status_code) == (200, 200)
    assert second.content == first.content


def test_detail_page_is_cached(client, content, django_assert_num_queries):
    url = content["projects"][0].get_absolute_url()
    first = client.get(url)

    with django_assert_num_queries(0):
        second = client.get(url)

    assert (second.status_code, heading(second)) == (200, heading(first))


def test_languages_are_cached_separately(client, content, django_assert_num_queries):
    project = content["projects"][0]
    client.get(f"/vi/du-an/{project.slug}/")

    english = client.get(f"/en/projects/{project.slug_en}/")
    with django_assert_num_queries(0):
        vietnamese = client.get(f"/vi/du-an/{project.slug}/")

    assert (heading(vietnamese), heading(english)) == (project.title_vi, project.title_en)
    assert (vietnamese["Content-Language"], english["Content-Language"]) == ("vi", "en")


def test_cached_page_is_served_until_content_changes_without_signals(client, content):
    """update() sends no signal, so it shows what the cache holds; the admin purges (below)."""
    project = content["projects"][0]
    url = f"/en/projects/{project.slug_en}/"
    client.get(url)

    Project.objects.filter(pk=project.pk).update(title_en="Renamed behind the cache")

    assert heading(client.get(url)) == project.title_en


def test_generated_content_reaches_the_next_anonymous_visitor(client, content):
    """generate_content writes with bulk_create, which sends no signals: it purges itself."""
    client.get("/en/projects/")

    call_command("generate_content", copies=1, stdout=io.StringIO())

    assert project_cards(client.get("/en/projects/")) == 2 * len(content["projects"])


def partner_form(partner, **overrides):
    """The admin's change form for a partner, as a browser would post it."""
    data = {
        "name_vi": partner.name_vi,
        "name_en": partner.name_en,
        "short_name": "",
        "kind": partner.kind,
        "country": partner.country.code,
        "website": "",
        "cooperation_vi": partner.cooperation_vi,
        "cooperation_en": partner.cooperation_en,
        "since_date": "",
        "since_precision": "",
        "latitude": "",
        "longitude": "",
        "slug": partner.slug,
        "slug_en": partner.slug_en,
        "publication_status": partner.publication_status,
        "publish_at_0": "",
        "publish_at_1": "",
    }
    data.update(overrides)
    return data


def test_admin_edit_reaches_the_next_anonymous_visitor(client, publisher):
    partner = make_partner(name_en="City of Eindhoven")
    url = f"/en/partners/{partner.slug_en}/"
    assert heading(client.get(url)) == "<bdi>City of Eindhoven</bdi>"

    staff_client = staff(publisher)
    change = reverse("admin:programme_partner_change", args=[partner.pk])
    token = edit_token(staff_client, change)
    response = staff_client.post(
        change, partner_form(partner, name_en="Eindhoven Brainport", edit_token=token)
    )

    assert response.status_code == 302
    assert heading(client.get(url)) == "<bdi>Eindhoven Brainport</bdi>"


def test_admin_publish_and_unpublish_reach_the_next_anonymous_visitor(client, publisher):
    project = make_project(publication_status=PublicationStatus.DRAFT)
    url = project.get_absolute_url()
    changelist = reverse("admin:programme_project_changelist")
    assert client.get(url).status_code == 404

    staff(publisher).post(changelist, {"action": "publish", "_selected_action": [project.pk]})
    published = client.get(url)
    client.get(url)
    staff(publisher).post(changelist, {"action": "unpublish", "_selected_action": [project.pk]})

    assert (published.status_code, client.get(url).status_code) == (200, 404)


def test_admin_delete_reaches_the_next_anonymous_visitor(client, publisher):
    partner = make_partner()
    url = f"/en/partners/{partner.slug_en}/"
    client.get(url)

    staff(publisher).post(
        reverse("admin:programme_partner_delete", args=[partner.pk]), {"post": "yes"}
    )

    assert (Partner.objects.count(), client.get(url).status_code) == (0, 404)


def test_staff_never_get_the_cached_page(client, content, publisher):
    project = content["projects"][0]
    url = f"/en/projects/{project.slug_en}/"
    client.get(url)
    Project.objects.filter(pk=project.pk).update(title_en="Renamed behind the cache")

    assert heading(staff(publisher).get(url)) == "Renamed behind the cache"


def test_staff_preview_is_never_served_to_anonymous_visitors(client, publisher):
    project = make_project(publication_status=PublicationStatus.DRAFT)
    url = project.get_absolute_url()
    editor_client = staff(publisher)

    preview = editor_client.get(url)
    anonymous = client.get(url)

    assert (preview.status_code, 'data-testid="preview-banner"' in preview.content.decode()) == (
        200,
        True,
    )
    assert anonymous.status_code == 404
    assert editor_client.get(url).status_code == 200


def test_cached_page_lets_browsers_keep_it_but_ask_again(client, content):
    response = client.get("/en/")

    assert response["Cache-Control"] == "no-cache"
    assert response.cookies == {}


def test_repeated_get_with_the_etag_answers_304(client, content, django_assert_num_queries):
    etag = client.get("/en/projects/")["ETag"]

    with django_assert_num_queries(0):
        response = client.get("/en/projects/", HTTP_IF_NONE_MATCH=etag)

    assert (response.status_code, response.content, response["ETag"]) == (304, b"", etag)


def test_get_with_an_old_etag_gets_the_page(client, content):
    response = client.get("/en/projects/", HTTP_IF_NONE_MATCH='"an-old-etag"')

    assert (response.status_code, heading(response)) == (200, "Projects")


def test_head_answers_with_headers_and_no_body(client, content, django_assert_num_queries):
    page = client.get("/en/")

    with django_assert_num_queries(0):
        head = client.head("/en/")

    assert (head.status_code, head.content) == (200, b"")
    assert (head["Content-Type"], head["Content-Length"], head["ETag"]) == (
        page["Content-Type"],
        page["Content-Length"],
        page["ETag"],
    )


def test_head_first_then_head_again_is_cached(client, content, django_assert_num_queries):
    client.head("/vi/")

    with django_assert_num_queries(0):
        response = client.head("/vi/")

    assert (response.status_code, response.content) == (200, b"")


def test_not_found_pages_are_not_cached(client, db, django_assert_num_queries):
    client.get("/en/projects/no-such-project/")
    project = make_project(slug="no-such-project", title_en="Here now")

    response = client.get("/en/projects/no-such-project/")

    assert (response.status_code, heading(response)) == (200, project.title_en)


def test_health_check_and_admin_are_never_cached(client, db, publisher):
    client.get("/healthz")

    assert client.get("/healthz")["Cache-Control"] == (
        "max-age=0, no-cache, no-store, must-revalidate, private"
    )
    login = client.get(reverse("admin:login"))
    assert "csrftoken" in login.cookies


def test_page_cache_can_be_turned_off(client, content, settings):
    settings.PAGE_CACHE_SECONDS = 0
    with CaptureQueriesContext(connection) as first:
        client.get("/en/partners/")

    with CaptureQueriesContext(connection) as second:
        response = client.get("/en/partners/")

    # Both make the page; only the first reads the fixed pages of the header and footer, which
    # are kept whether the page cache is on or not (as are parts of the busiest pages, see
    # tests/public/test_fragments.py).
    assert len(second) == len(first) - 1 > 0
    assert (response.status_code, response.has_header("Cache-Control")) == (200, False)


def test_new_fixed_page_reaches_the_footer_of_an_uncached_page(client, content, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/en/awards/")

    make_page(slug="tiep-can", title_en="Accessibility", show_in_footer=True)

    html = client.get("/en/awards/").content.decode()
    assert html.count('<a href="/en/pages/tiep-can/" dir="auto">Accessibility</a>') == 1


HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)
SECOND = datetime.timedelta(seconds=1)


@pytest.fixture
def clock(time_machine):
    """The clock stands still from now on, until a test moves it; the cache's own expiry reads
    the same clock."""
    time_machine.move_to(timezone.now(), tick=False)
    return time_machine


def test_scheduled_project_appears_on_time_on_the_list_and_its_page(
    client, db, clock, django_assert_num_queries
):
    make_project(title_en="Published")
    scheduled = make_project(title_en="Scheduled", publish_at=timezone.now() + HOUR)
    client.get("/en/projects/")
    own_page = f"/en/projects/{scheduled.slug_en}/"

    clock.shift(HOUR - SECOND)
    with django_assert_num_queries(0):
        just_before = client.get("/en/projects/")
    own_page_before = client.get(own_page)
    clock.shift(2 * SECOND)
    just_after = client.get("/en/projects/")
    own_page_after = client.get(own_page)

    assert (project_cards(just_before), own_page_before.status_code) == (1, 404)
    assert (project_cards(just_after), own_page_after.status_code) == (2, 200)
    assert heading(own_page_after) == "Scheduled"


@pytest.mark.parametrize("page_cache_seconds", [24 * 60 * 60, 0], ids=["page cache", "no cache"])
def test_scheduled_fixed_page_joins_the_footer_on_time(
    client, content, clock, settings, page_cache_seconds
):
    settings.PAGE_CACHE_SECONDS = page_cache_seconds
    make_page(
        slug="tiep-can",
        title_en="Accessibility",
        show_in_footer=True,
        publish_at=timezone.now() + HOUR,
    )
    link = '<a href="/en/pages/tiep-can/" dir="auto">Accessibility</a>'
    client.get("/en/awards/")

    clock.shift(HOUR - SECOND)
    just_before = client.get("/en/awards/").content.decode()
    clock.shift(2 * SECOND)
    just_after = client.get("/en/awards/").content.decode()

    assert (just_before.count(link), just_after.count(link)) == (0, 1)


def test_scheduled_project_appears_on_time_when_a_change_to_it_rolls_back(client, db, clock):
    make_project(title_en="Published")
    scheduled = make_project(title_en="Scheduled", publish_at=timezone.now() + HOUR)
    purge_pages()  # As the transaction that scheduled it would on commit.
    with contextlib.suppress(RuntimeError), transaction.atomic():
        scheduled.publish_at = timezone.now() + 2 * DAY
        scheduled.save()
        raise RuntimeError("the rest of the change fails")
    before = client.get("/en/projects/")

    clock.shift(HOUR + SECOND)
    after = client.get("/en/projects/")

    assert (project_cards(before), project_cards(after)) == (1, 2)


def test_page_with_nothing_scheduled_stays_cached_as_the_clock_moves(
    client, content, clock, django_assert_num_queries
):
    first = client.get("/en/projects/")

    clock.shift(datetime.timedelta(minutes=10))
    with django_assert_num_queries(0):
        ten_minutes_later = client.get("/en/projects/")
    clock.shift(datetime.timedelta(minutes=50))
    with django_assert_num_queries(0):
        an_hour_later = client.get("/en/projects/")

    assert (ten_minutes_later.content, an_hour_later.content) == (first.content, first.content)


def test_page_is_made_again_after_page_cache_seconds(client, content, clock, settings):
    settings.PAGE_CACHE_SECONDS = 2 * 60 * 60
    client.get("/en/projects/")

    clock.shift(2 * HOUR - SECOND)
    with CaptureQueriesContext(connection) as just_before:
        client.get("/en/projects/")
    clock.shift(2 * SECOND)
    with CaptureQueriesContext(connection) as just_after:
        client.get("/en/projects/")

    assert len(just_before) == 0 < len(just_after)


def test_content_version_lives_until_the_next_scheduled_change(db, clock):
    make_project(publish_at=timezone.now() + 2 * DAY)
    make_page(publish_at=timezone.now() + HOUR)
    make_project(publication_status=PublicationStatus.DRAFT, publish_at=timezone.now() + SECOND)

    assert content_version()[1] == HOUR.total_seconds()


def test_content_version_lives_page_cache_seconds_at_most(db, clock, settings):
    settings.PAGE_CACHE_SECONDS = 600
    make_project(publish_at=timezone.now() + HOUR)

    assert content_version()[1] == 600


def test_next_change_is_asked_once_per_generation(db, django_assert_num_queries):
    with django_assert_num_queries(1):
        content_version()[1]
    with django_assert_num_queries(0):
        content_version()[1]
    with django_assert_num_queries(1):
        purge_pages()
    with django_assert_num_queries(0):
        content_version()[1]


def test_next_change_is_asked_again_once_it_has_passed(db, clock, django_assert_num_queries):
    make_project(publish_at=timezone.now() + HOUR)
    make_project(publish_at=timezone.now() + 3 * HOUR)
    first = content_version()[1]

    clock.shift(HOUR)
    # The next scheduled change, and nothing else: a visitor's request applies nothing.
    with django_assert_num_queries(1):
        second = content_version()[1]
    with django_assert_num_queries(0):
        third = content_version()[1]

    assert (first, second, third) == (3600, 7200, 7200)


def test_generation_of_the_version_before_scheduled_expiry_is_replaced(
    client, content, django_assert_num_queries
):
    cache.set(GENERATION_KEY, "0f1e2d3c4b5a69788796a5b4c3d2e1f0", None)

    first = client.get("/en/projects/")
    with django_assert_num_queries(0):
        second = client.get("/en/projects/")

    assert (first.status_code, second.content) == (200, first.content)
    assert cache.get(GENERATION_KEY)[1] is None


GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


def test_gzip_page_is_cached_compressed_and_served_byte_for_byte(
    client, content, django_assert_num_queries
):
    plain = client.get("/en/projects/")
    first = client.get("/en/projects/", **GZIP)

    with django_assert_num_queries(0):
        second = client.get("/en/projects/", **GZIP)

    assert (second.status_code, second["Content-Encoding"], second["Vary"]) == (
        200,
        "gzip",
        "Accept-Encoding",
    )
    assert (second.content, second["ETag"]) == (first.content, first["ETag"])
    assert int(second["Content-Length"]) == len(second.content) < len(plain.content)
    assert gzip.decompress(second.content) == plain.content


def test_plain_clients_get_plain_pages_after_a_gzip_client(
    client, content, django_assert_num_queries
):
    compressed = client.get("/en/projects/", **GZIP)
    plain = client.get("/en/projects/")
    identity = client.get("/en/projects/", HTTP_ACCEPT_ENCODING="identity")

    with django_assert_num_queries(0):
        plain_cached = client.get("/en/projects/")

    assert [page.has_header("Content-Encoding") for page in (plain, identity, plain_cached)] == [
        False,
        False,
        False,
    ]
    assert (heading(plain), plain_cached.content) == ("Projects", plain.content)
    assert plain["ETag"] != compressed["ETag"]


def test_gzip_page_answers_304_to_its_own_etag_only(client, content, django_assert_num_queries):
    etag = client.get("/en/projects/", **GZIP)["ETag"]

    with django_assert_num_queries(0):
        not_modified = client.get("/en/projects/", HTTP_IF_NONE_MATCH=etag, **GZIP)
    plain = client.get("/en/projects/", HTTP_IF_NONE_MATCH=etag)

    assert (not_modified.status_code, not_modified.content, not_modified["ETag"]) == (
        304,
        b"",
        etag,
    )
    assert (plain.status_code, plain.has_header("Content-Encoding")) == (200, False)


forms_made = []


def form_with_a_csrf_token(request):
    forms_made.append(request.path)
    return HttpResponse(
        Template('<form method="post">{% csrf_token %}<button>Send</button></form>').render(
            RequestContext(request)
        )
        * 20
    )


def page_without_a_secret(request):
    return HttpResponse("<p>The same page for every visitor.</p>" * 20)


# The test URLs of test_page_holding_a_csrf_token_is_never_cached, under the language prefixes
# the page cache serves: no public page of the portal has a form that posts.
urlpatterns = i18n_patterns(
    path("form/", form_with_a_csrf_token),
    path("plain/", page_without_a_secret),
)


@pytest.mark.urls(__name__)
def test_page_holding_a_csrf_token_is_never_cached(db, django_assert_num_queries):
    visitor = Client()
    forms_made.clear()
    for url in ("/en/form/", "/en/plain/"):
        visitor.get(url)
        visitor.get(url, **GZIP)

    with django_assert_num_queries(0):
        plain = [visitor.get("/en/plain/"), visitor.get("/en/plain/", **GZIP)]
    forms = [visitor.get("/en/form/"), visitor.get("/en/form/", **GZIP)]

    assert forms_made == ["/en/form/"] * 4
    assert [page.has_header("Cache-Control") for page in plain + forms] == [True] * 2 + [False] * 2
    assert [page.has_header("Content-Encoding") for page in plain + forms] == [False, True] * 2


def anonymous_request(rf):
    request = rf.get("/en/")
    SessionMiddleware(lambda request: HttpResponse()).process_request(request)
    return request


def test_storable_accepts_a_page_that_read_an_empty_session(rf):
    request = anonymous_request(rf)
    request.session.get("anything")

    assert (request.session.accessed, storable(request, HttpResponse("page"))) == (True, True)


def test_storable_refuses_a_page_that_read_a_session_with_data(rf):
    request = anonymous_request(rf)
    request.session["visited"] = True

    assert storable(request, HttpResponse("page")) is False


def test_storable_refuses_a_page_that_asked_for_a_csrf_token(rf):
    request = anonymous_request(rf)
    token = get_token(request)
    # As CsrfViewMiddleware leaves it once it has set the cookie.
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = False

    assert storable(request, HttpResponse(f"<form>{token}</form>")) is False


def test_storable_refuses_a_page_that_sets_a_cookie(rf):
    response = HttpResponse("page")
    response.set_cookie("seen", "yes")

    assert storable(anonymous_request(rf), response) is False


@pytest.fixture
def redis_url(settings):
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.ConnectionError:
        pytest.skip(f"Redis does not answer at {REDIS_URL}")
    settings.CACHES = {"default": redis_cache(REDIS_URL)}
    cache.clear()  # A Redis database for the tests only: no page left by an earlier run.
    return REDIS_URL


@pytest.fixture(scope="module")
def other_server(tmp_path_factory):
    """The environment of another portal process: a migrated database of its own, as a purge
    asks for the next scheduled change and the tests' own database is not visible to another
    process, and a cache folder of its own until it is pointed at Redis."""
    folder = tmp_path_factory.mktemp("other-server")
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "DJANGO_CACHE_DIR": str(folder / "cache"),
        "DJANGO_DEBUG": "true",
    }
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=django_settings.BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
    )
    return env


def on_another_server(other_server, redis_url, code):
    """Run Python code in a separate portal process sharing the Redis cache."""
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-v0", "-c", code],
        cwd=django_settings.BASE_DIR,
        env={**other_server, "REDIS_URL": redis_url},
        check=True,
        capture_output=True,
    )


def test_redis_serves_the_page_from_the_shared_cache(client, content, redis_url):
    url = f"/en/projects/{content['projects'][0].slug_en}/"
    client.get(url)
    Project.objects.update(title_en="Renamed behind the cache")

    assert heading(client.get(url)) == content["projects"][0].title_en


def test_redis_purge_on_another_server_reaches_this_one(client, content, redis_url, other_server):
    url = f"/en/projects/{content['projects'][0].slug_en}/"
    client.get(url)
    Project.objects.update(title_en="Renamed behind the cache")

    on_another_server(
        other_server, redis_url, "from portal.cache import purge_pages; purge_pages()"
    )

    assert heading(client.get(url)) == "Renamed behind the cache"


@pytest.fixture
def reference_views(settings):
    """The benchmark's reference views, routed as DJANGO_BENCHMARK_VIEWS=true routes them."""
    import portal.urls

    settings.BENCHMARK_VIEWS = True
    importlib.reload(portal.urls)
    clear_url_caches()
    yield
    settings.BENCHMARK_VIEWS = False
    importlib.reload(portal.urls)
    clear_url_caches()


def test_reference_views_are_not_routed_by_default(client, db):
    assert client.get("/reference/constant").status_code == 404


def test_reference_views_serve_10_kb_and_one_query_uncached(
    client, content, reference_views, django_assert_num_queries
):
    constant = client.get("/reference/constant")
    client.get("/reference/one-query")
    with django_assert_num_queries(1):
        one_query = client.get("/reference/one-query")

    assert (constant.status_code, len(constant.content) // 1024) == (200, 10)
    assert one_query.content.decode().count("<li>") == len(content["themes"])


def test_purge_pages_command_drops_every_cached_page(client, content):
    url = f"/en/projects/{content['projects'][0].slug_en}/"
    client.get(url)
    Project.objects.update(title_en="Renamed after a deploy")

    call_command("purge_pages", stdout=io.StringIO())

    assert heading(client.get(url)) == "Renamed after a deploy"


def test_purge_pages_command_says_when_the_cache_does_not_answer(db, settings):
    settings.CACHES = {"default": redis_cache(f"redis://127.0.0.1:{free_port()}/0")}

    with pytest.raises(CommandError, match="The cache did not answer"):
        call_command("purge_pages", stdout=io.StringIO())


def test_visitors_with_other_cookies_share_the_cached_page(
    client, content, django_assert_num_queries
):
    client.get("/en/projects/")
    visitor = Client()
    visitor.cookies["csrftoken"] = "a token from a visit to the admin's sign-in page"
    visitor.cookies["_ga"] = "an analytics cookie"

    with django_assert_num_queries(0):
        response = visitor.get("/en/projects/")

    assert (response.status_code, project_cards(response)) == (200, len(content["projects"]))


@pytest.mark.parametrize(
    "session_key",
    ["madeupsessionkey0123456789abcdef", "x" * 4000, "%00", "not a session key!"],
    ids=["made up", "long", "nul", "odd characters"],
)
def test_visitor_with_a_made_up_session_cookie_gets_the_cached_page(
    client, content, django_assert_num_queries, session_key
):
    client.get("/en/projects/")
    visitor = Client()
    visitor.cookies["sessionid"] = session_key

    # At most one query: whether the session exists.
    with django_assert_num_queries(1 if session_key.isalnum() and len(session_key) <= 40 else 0):
        response = visitor.get("/en/projects/")

    assert (response.status_code, project_cards(response), response.cookies) == (
        200,
        len(content["projects"]),
        {},
    )


def test_page_made_for_a_made_up_session_is_cached_for_everyone(
    client, content, django_assert_num_queries
):
    visitor = Client()
    visitor.cookies["sessionid"] = "madeupsessionkey0123456789abcdef"
    first = visitor.get("/en/projects/")

    with django_assert_num_queries(0):
        second = client.get("/en/projects/")

    assert (first.cookies, second.content) == ({}, first.content)


def test_query_parameters_a_page_does_not_read_make_no_new_cache_entry(
    client, content, django_assert_num_queries
):
    first = client.get("/en/projects/?utm_source=mail&status=operational")

    with django_assert_num_queries(0):
        again = [
            client.get(url)
            for url in (
                "/en/projects/?status=operational",
                "/en/projects/?status=operational&fbclid=abc",
                "/en/projects/?x=1&status=operational&y=%00",
            )
        ]

    assert [response.status_code for response in [first, *again]] == [200] * 4
    assert [response.content for response in again] == [first.content] * 3
    assert "utm_source" not in first.content.decode()


def test_cache_key_takes_the_pages_parameters_in_a_fixed_order(
    client, content, django_assert_num_queries
):
    theme = content["themes"][0]
    first = client.get(f"/en/projects/?theme={theme.slug_en}&status=operational")

    with django_assert_num_queries(0):
        again = client.get(f"/en/projects/?status=operational&theme={theme.slug_en}")

    assert (first.status_code, again.status_code) == (200, 200)
    assert again.content == first.content


def test_page_parameters_still_make_their_own_pages(client, content):
    everything = client.get("/en/projects/")
    operational = client.get("/en/projects/?status=operational")

    assert operational.status_code == 200
    assert (everything.content == operational.content, operational.context is None) == (
        False,
        False,
    )


def test_staff_pages_are_private_and_never_stored(client, content, publisher):
    response = staff(publisher).get("/en/projects/")

    assert response["Cache-Control"] == "private, no-store"
