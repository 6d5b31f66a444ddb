"""`make bench-cpu`: the CPU time each benchmarked page takes to make, in this process.

`make bench` measures what the server delivers, but on a shared machine its rates drift by a
third from one minute to the next. This measures the work itself: each page made by Django's
test client with the page cache off, alternating with the one-query reference view of
`make bench`, so that a drift in the machine's speed changes both alike. It prints the 10th
percentile of the CPU time of each and their ratio, on the seed, then on ten times the seed
(`generate_content --copies 9`). A change made for speed shows its ratios before and after.

Environment: BENCH_REPEAT requests per page (100).
"""

import io
import os
import secrets
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPEAT = int(os.environ.get("BENCH_REPEAT", "100"))


def setup_django(database_url):
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_PAGE_CACHE_SECONDS"] = "0"
    os.environ["DJANGO_BENCHMARK_VIEWS"] = "true"
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def pages():
    from django.urls import reverse
    from django.utils import translation

    from programme.models import Project

    project = Project.objects.published().filter(featured=True).order_by("pk").first()
    with translation.override("vi"):
        return [
            ("home", reverse("home")),
            ("project list", reverse("project-list")),
            ("project", project.get_absolute_url()),
            ("awards", reverse("award-list")),
            ("search", reverse("search") + "?q=thong+minh"),
        ]


def cpu_ms(client, url):
    start = time.process_time()
    response = client.get(url, secure=True)
    elapsed = (time.process_time() - start) * 1000
    assert response.status_code == 200, (url, response.status_code)
    return elapsed


def measure(client):
    print("| page | CPU ms | one query, CPU ms | ratio |\n|---|---:|---:|---:|")
    reference = "/reference/one-query"
    for name, url in pages():
        cpu_ms(client, url), cpu_ms(client, reference)  # Warm-up.
        page, one_query = [], []
        for _ in range(REPEAT):
            page.append(cpu_ms(client, url))
            one_query.append(cpu_ms(client, reference))
        page_ms = sorted(page)[REPEAT // 10]
        reference_ms = sorted(one_query)[REPEAT // 10]
        print(f"| {name} | {page_ms:.2f} | {reference_ms:.2f} | {page_ms / reference_ms:.1f} |")


def main():
    with tempfile.TemporaryDirectory() as folder:
        # This run's own cache (the header's fixed pages), removed with it.
        os.environ["DJANGO_CACHE_DIR"] = f"{folder}/cache"
        setup_django(f"sqlite:///{folder}/bench.sqlite3")
        from django.core.management import call_command
        from django.test import Client

        quiet = {"stdout": io.StringIO(), "verbosity": 0}
        call_command("migrate", **quiet)
        call_command("seed", **quiet)
        call_command("collectstatic", interactive=False, **quiet)
        client = Client()
        print(f"CPU time per page, 10th percentile of {REPEAT}, SQLite, page cache off")
        print("\nSeeded content")
        measure(client)
        call_command("generate_content", copies=9, **quiet)
        print("\nTen times the seeded content")
        measure(client)


if __name__ == "__main__":
    main()
