"""What the public sees of the portal's insides: never the admin's path, and a bad Host header
costs one line of log, not a traceback."""

import os
import subprocess
import sys

from django.conf import settings

from tests.test_robustness import every_route, fill
from tests.test_settings import PRODUCTION, ROOT


def test_robots_txt_names_no_admin_path(client, db):
    response = client.get("/robots.txt")

    assert response.content.decode() == (
        "User-agent: *\nDisallow:\nSitemap: http://testserver/sitemap.xml\n"
    )


def test_no_public_page_names_the_admin_path(client, one_of_every_kind):
    """Every public page, in both languages, with a record's slug where it takes one; with its
    headers. The sitemap and robots.txt are among them."""
    from programme.models import Project

    slug = Project.objects.get().slug
    admin_path = f"/{settings.ADMIN_PATH}"
    pages = [fill(route, slug) for route, _ in every_route()] + ["/", "/vi/khong-co/"]
    pages = [page for page in pages if not page.startswith(admin_path)]
    found = []
    for page in pages:
        response = client.get(page)
        if admin_path in response.content.decode() or admin_path in str(response.headers):
            found.append(page)

    assert (found, len(pages) > 20) == ([], True)


def test_bad_host_header_is_logged_as_one_line():
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(PRODUCTION, DJANGO_SETTINGS_MODULE="portal.settings", DJANGO_HTTPS="false")
    environment["DJANGO_LOG_LEVEL"] = "WARNING"
    request = (
        "import django; django.setup(); from django.test import Client;"
        "print(Client().get('/vi/', HTTP_HOST='evil.example').status_code)"
    )

    result = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", request],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )

    log = [line.split(" ", 2)[2] for line in result.stderr.splitlines()]
    assert (result.stdout, log) == (
        "400\n",
        [
            "ERROR django.security.DisallowedHost: Invalid HTTP_HOST header: 'evil.example'. "
            "You may need to add 'evil.example' to ALLOWED_HOSTS."
        ],
    )
