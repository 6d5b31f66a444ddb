"""`make screenshots`: every page type of the seeded site, in Vietnamese and English, at 360 and
1366 px wide, as full-page PNGs in one folder (screenshots/ unless SCREENSHOTS_DIR names another),
so that a reviewer sees the whole site at once. The site is served as production serves it
(gunicorn, whitenoise, hashed static files, DEBUG off) from a database made for the run.

    .venv/bin/python scripts/site_tour.py [FOLDER]
"""

import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
WIDTHS = ((360, 800), (1366, 900))
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main(folder):
    work = Path(tempfile.mkdtemp())
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "REDIS_URL"}
    env.update(
        DATABASE_URL=f"sqlite:///{work / 'tour.sqlite3'}",
        DJANGO_CACHE_DIR=str(work / "cache"),
        DJANGO_MEDIA_ROOT=str(work / "media"),
        DJANGO_HTTPS="false",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
    )
    manage = [BIN / "python", "manage.py"]
    commands = (["migrate", "--noinput", "-v0"], ["seed"], ["collectstatic", "--noinput", "-v0"])
    for command in commands:
        subprocess.run(manage + command, cwd=ROOT, env=env, check=True, capture_output=True)
    port = free_port()
    server = subprocess.Popen(
        [BIN / "gunicorn", "portal.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"]
        + ["--control-socket", str(work / "gunicorn.ctl")],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        pages = page_addresses(env)
        shoot(base, pages, folder)
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)


def page_addresses(env):
    """[(language, page type, address)] from the tests' list of page types, read from the run's
    database."""
    code = (
        "import json; from tests.public.page_types import addresses\n"
        "print(json.dumps({l: addresses(l) for l in ('vi', 'en')}))"
    )
    output = subprocess.run(
        [BIN / "python", "manage.py", "shell", "-v0", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    import json

    found = json.loads(output.strip().splitlines()[-1])
    pages = []
    for language, addresses in found.items():
        for name, address in addresses.items():
            pages.append((language, name, address))
        pages.append((language, "not found", f"/{language}/no-such-page/"))
    return pages


def shoot(base, pages, folder):
    from playwright.sync_api import sync_playwright

    folder.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium") or "/usr/bin/chromium",
            headless=True,
            args=CHROMIUM_FLAGS,
        )
        for width, height in WIDTHS:
            context = browser.new_context(viewport={"width": width, "height": height})
            page = context.new_page()
            for language, name, address in pages:
                page.goto(base + address, wait_until="networkidle")
                file = folder / f"{language}-{name.replace(' ', '-')}-{width}.png"
                page.screenshot(path=file, full_page=True)
                print(file.relative_to(ROOT) if file.is_relative_to(ROOT) else file)
            context.close()
        browser.close()


if __name__ == "__main__":
    default = os.environ.get("SCREENSHOTS_DIR") or ROOT / "screenshots"
    target = Path(sys.argv[1] if len(sys.argv) > 1 else default)
    main(target.resolve())
