"""The Vietnamese catalogue: complete, and made from files that exist."""

import subprocess
from pathlib import Path

from django.conf import settings

CATALOGUE = Path(settings.BASE_DIR, "locale", "vi", "LC_MESSAGES", "django.po")


def test_catalogue_translates_every_message():
    statistics = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(CATALOGUE)],
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    assert ("untranslated" in statistics, "fuzzy" in statistics) == (False, False), statistics


def test_catalogue_refers_only_to_files_that_exist():
    references = {
        reference.rsplit(":", 1)[0]
        for line in CATALOGUE.read_text().splitlines()
        if line.startswith("#: ")
        for reference in line[3:].split()
    }
    assert sorted(name for name in references if not (settings.BASE_DIR / name).exists()) == []
