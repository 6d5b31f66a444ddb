"""`make bench-search`: how long the search page takes, on the seed and on generated content.

A benchmark, not a test: it prints p50 and p99 of the whole search page (view, queries,
highlighting, template), made in this process by Django's test client with the page cache off,
for a handful of queries: with and without diacritics, English, a miss. It runs on the seeded
content, then on copies of it (`generate_content`) making about 1,000 and 10,000 projects.

Environment: BENCH_DATABASE_URL for PostgreSQL instead of a temporary SQLite file (a database
whose name contains "bench": it is dropped and made again); BENCH_REPEAT requests per query (30);
BENCH_SIZES, the numbers of projects to reach ("1000,10000").
"""

import io
import os
import re
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
REPEAT = int(os.environ.get("BENCH_REPEAT", "30"))
SIZES = [int(size) for size in os.environ.get("BENCH_SIZES", "1000,10000").split(",") if size]
QUERIES = [
    ("vi", "thông minh"),
    ("vi", "thong minh"),
    ("vi", "THU DAU MOT"),
    ("vi", "dong"),
    ("en", "smart city"),
    ("en", "operations center"),
    ("vi", "khongcoketqua"),
]


def recreate_postgres_database(url):
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if "bench" not in name:
        sys.exit(f"BENCH_DATABASE_URL must name a database containing 'bench' (not {name!r}).")
    server = parts._replace(path="/postgres").geturl()
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def setup_django(database_url):
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_PAGE_CACHE_SECONDS"] = "0"
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def load_content(projects_wanted):
    """The seed, and enough copies of it to reach about `projects_wanted` projects."""
    from django.core.management import call_command
    from django.db import connection

    from programme.models import Project

    quiet = {"stdout": io.StringIO()}
    call_command("flush", interactive=False, verbosity=0)
    call_command("seed", **quiet)
    seeded = Project.objects.count()
    copies = max(0, round(projects_wanted / seeded) - 1) if projects_wanted else 0
    if copies:
        call_command("generate_content", copies=copies, **quiet)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return Project.objects.count()


def measure(client, language, query):
    from django.urls import reverse
    from django.utils import translation

    with translation.override(language):
        url = f"{reverse('search')}?{urlencode({'q': query})}"
    timings = []
    for attempt in range(REPEAT + 2):
        start = time.perf_counter()
        response = client.get(url, secure=True)
        elapsed = (time.perf_counter() - start) * 1000
        if attempt >= 2:  # The first two warm caches up.
            timings.append(elapsed)
    assert response.status_code == 200, (url, response.status_code)
    summary = re.search(r'data-testid="search-summary">(\d+)', response.content.decode())
    cuts = statistics.quantiles(timings, n=100, method="inclusive")
    return int(summary.group(1)), cuts[49], cuts[98]


def main():
    url = os.environ.get("BENCH_DATABASE_URL")
    with tempfile.TemporaryDirectory() as folder:
        if url:
            recreate_postgres_database(url)
        else:
            url = f"sqlite:///{folder}/bench.sqlite3"
        # This run's own cache (the header's fixed pages), removed with it.
        os.environ["DJANGO_CACHE_DIR"] = f"{folder}/cache"
        setup_django(url)
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client

        call_command("migrate", verbosity=0)
        client = Client()
        database = (
            f"{connection.vendor} {connection.Database.sqlite_version}"
            if (connection.vendor == "sqlite")
            else f"{connection.vendor} {connection.pg_version // 10000}"
        )
        print(f"Search page latency, {REPEAT} requests per query, {database}")
        print("| projects | query | page | results | p50 ms | p99 ms |")
        print("|---:|---|---|---:|---:|---:|")
        for wanted in [0, *SIZES]:
            projects = load_content(wanted)
            for language, query in QUERIES:
                results, p50, p99 = measure(client, language, query)
                print(
                    f"| {projects:,} | {query} | /{language}/ | {results:,} "
                    f"| {p50:.1f} | {p99:.1f} |",
                    flush=True,
                )


if __name__ == "__main__":
    main()
