"""`make bench`: how many requests per second the portal serves, and how fast.

Serves the seeded portal the way production does (gunicorn with gunicorn.conf.py, DEBUG off,
whitenoise, hashed static files, the cache in Redis when BENCH_REDIS_URL answers) from a fresh
database, and drives load with wrk from a separate process: 16 connections for a few seconds per
page. Each page is measured from the page cache (anonymous visitors, cache warmed) and made
without it (a second server started with DJANGO_PAGE_CACHE_SECONDS=0, so every request makes
the page), beside two reference views served by the same server in the same run: a constant
10 KB page and a small template over one query, each measured before and after the pages and
averaged (a shared machine's speed drifts). Each page made without the page cache is also
timed alone, one request at a time. Then again on ten times the seeded content
(`generate_content --copies 9`).

Environment: BENCH_DATABASE_URL for PostgreSQL instead of a temporary SQLite file (a database
whose name contains "bench": it is dropped and made again); BENCH_REDIS_URL, a Redis database
the benchmark may empty (without it, or when it does not answer, the cache is the file cache
that `make run` uses); BENCH_SECONDS per measurement (5); BENCH_CONNECTIONS (16).
"""

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
# gunicorn trusts this from 127.0.0.1, as from the TLS proxy in front of it in production;
# without it the production settings redirect every request to https.
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}

REFERENCES = [("constant 10 KB", "/reference/constant"), ("one query", "/reference/one-query")]

# Targets from the issue, for a 2-core machine at 16 connections; a page made alone answers
# within ALONE_P50_MS (its median: a shared machine's hiccups make the slowest 1% its own).
CACHED_SHARE_OF_CONSTANT = 0.9
CACHED_P99_MS = 20
UNCACHED_SHARE_OF_ONE_QUERY = {"SQLite": 0.12, "PostgreSQL": 0.10}
ALONE_P50_MS = 25

PAGES_SCRIPT = """
import json
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from programme.models import Project

project = Project.objects.published().filter(featured=True).order_by("pk").first()
with translation.override("vi"):
    pages = [
        ("home", reverse("home")),
        ("project list", reverse("project-list")),
        ("project", project.get_absolute_url()),
        ("awards", reverse("award-list")),
    ]
    try:
        pages.append(("search", reverse("search") + "?q=thong+minh"))
    except NoReverseMatch:
        pass
print(json.dumps(pages))
"""


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def manage_output(env, *args):
    return subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout


def fresh_database(work):
    url = os.environ.get("BENCH_DATABASE_URL")
    if not url:
        return f"sqlite:///{work}/bench.sqlite3"
    import psycopg

    name = url.rsplit("/", 1)[1].split("?")[0]
    if "bench" not in name:
        sys.exit(f"BENCH_DATABASE_URL: the database name must contain 'bench' ({name!r} does not).")
    server = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    return url


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url):
    request = urllib.request.Request(url, headers=PROXY_HEADERS)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


class Server:
    """gunicorn serving the portal with the production configuration on a free port."""

    def __init__(self, env, log):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [GUNICORN, "portal.wsgi", "--config", "gunicorn.conf.py"],
            cwd=ROOT,
            env={**env, "PORT": str(self.port)},
            stdout=log,
            stderr=log,
        )
        for _ in range(100):
            try:
                if fetch(f"{self.base}/healthz")[0] == 200:
                    return
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.1)
        self.stop()
        sys.exit(f"gunicorn did not answer on port {self.port}; see its log.")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


def seconds(value, unit):
    return float(value) * {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}[unit]


def wrk(url, duration, connections=CONNECTIONS):
    threads = min(2, connections)
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "10s"]
    command.append("--latency")
    for name, value in PROXY_HEADERS.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run([*command, url], check=True, capture_output=True, text=True).stdout
    latency = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", output, re.M))
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    errors += sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", output))
    return {
        "rate": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": seconds(*re.match(r"([\d.]+)(\w+)", latency["50"]).groups()) * 1000,
        "p99": seconds(*re.match(r"([\d.]+)(\w+)", latency["99"]).groups()) * 1000,
        "errors": errors,
    }


def measure_one(server, path):
    """wrk on a page after a warm-up, which also fills each worker's cache."""
    url = server.base + path
    status, body = fetch(url)
    if status != 200:
        sys.exit(f"{url} answered {status}, not 200.")
    wrk(url, 1)
    return {"path": path, "bytes": len(body), **wrk(url, SECONDS)}


def measure(server, pages):
    """Every page, between two runs of the reference views: the machine's speed drifts (other
    work on it), so each reference is the mean of a run before the pages and one after them."""
    before = {name: measure_one(server, path) for name, path in REFERENCES}
    results = {name: measure_one(server, path) for name, path in pages}
    for name, path in REFERENCES:
        runs = [before[name], measure_one(server, path)]
        results[name] = {
            "path": path,
            "rate": sum(run["rate"] for run in runs) / 2,
            "rates": [run["rate"] for run in runs],
            "p50": sum(run["p50"] for run in runs) / 2,
            "p99": max(run["p99"] for run in runs),
            "errors": sum(run["errors"] for run in runs),
        }
    return results


def measure_alone(server, pages):
    """Each page requested by one client, one request at a time."""
    return {name: wrk(server.base + path, SECONDS, connections=1) for name, path in pages}


def report(title, results, cached, database):
    constant = results["constant 10 KB"]["rate"]
    one_query = results["one query"]["rate"]
    print(f"\n{title}")
    print(
        f"{'page':<14} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'errors':>6} "
        f"{'×const':>6} {'×1-query':>8}  target"
    )
    missed = []
    for name, result in results.items():
        share_constant = result["rate"] / constant
        share_one_query = result["rate"] / one_query
        verdict = ""
        if name not in ("constant 10 KB", "one query"):
            if cached:
                ok = share_constant >= CACHED_SHARE_OF_CONSTANT and result["p99"] < CACHED_P99_MS
                goal = f"≥ {CACHED_SHARE_OF_CONSTANT}× const, p99 < {CACHED_P99_MS} ms"
            else:
                share = UNCACHED_SHARE_OF_ONE_QUERY[database]
                ok = share_one_query >= share
                goal = f"≥ {share}× 1-query"
            ok = ok and result["errors"] == 0
            verdict = f"{'met' if ok else 'MISSED'} ({goal})"
            if not ok:
                missed.append(f"{title}: {name}")
        if "rates" in result:
            verdict = "mean of " + " and ".join(f"{rate:.0f}" for rate in result["rates"])
        print(
            f"{name:<14} {result['rate']:>7.0f} {result['p50']:>7.1f} {result['p99']:>7.1f} "
            f"{result['errors']:>6} {share_constant:>6.2f} {share_one_query:>8.2f}  {verdict}"
        )
    return missed


def report_alone(title, results):
    print(f"\n{title}, one request at a time")
    print(f"{'page':<14} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'errors':>6}  target")
    missed = []
    for name, result in results.items():
        ok = result["p50"] < ALONE_P50_MS and result["errors"] == 0
        if not ok:
            missed.append(f"{title}, alone: {name}")
        print(
            f"{name:<14} {result['rate']:>7.0f} {result['p50']:>7.1f} {result['p99']:>7.1f} "
            f"{result['errors']:>6}  {'met' if ok else 'MISSED'} (p50 < {ALONE_P50_MS} ms)"
        )
    return missed


def redis_url():
    """BENCH_REDIS_URL when a Redis server answers there, emptied for the run; else None."""
    url = os.environ.get("BENCH_REDIS_URL")
    if not url:
        return None
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).flushdb()
    except redis.RedisError as error:
        print(f"Note: Redis at {url} does not answer ({error}); the file cache is used.")
        return None
    return url


def machine():
    cpu = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
    memory = re.search(r"MemTotal:\s+(\d+) kB", Path("/proc/meminfo").read_text())
    return (
        f"{os.cpu_count()} CPUs ({cpu.group(1) if cpu else 'unknown CPU'}), "
        f"{int(memory.group(1)) / 1024 / 1024:.0f} GiB RAM, Python {sys.version.split()[0]}"
    )


def load_average():
    """The 1-minute load average: other work on the machine skews every figure."""
    return Path("/proc/loadavg").read_text().split()[0]


def main():
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: `make bench-packages` installs it (Debian's package).")
    started = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    env = {
        **os.environ,
        "DATABASE_URL": fresh_database(work),
        # The cache of this run only, removed with it (without REDIS_URL).
        "DJANGO_CACHE_DIR": str(work / "cache"),
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_BENCHMARK_VIEWS": "true",
        "GUNICORN_LOG_LEVEL": "warning",
    }
    env.pop("REDIS_URL", None)
    if url := redis_url():
        env["REDIS_URL"] = url
    print(f"Machine: {machine()}; {time.strftime('%Y-%m-%d')}; load average {load_average()}")
    database = "PostgreSQL" if env["DATABASE_URL"].startswith("postgres") else "SQLite"
    cache = "Redis" if env.get("REDIS_URL") else "files (make run's default)"
    print(f"Database: {database}; cache: {cache}; wrk: {CONNECTIONS} connections, {SECONDS} s")
    manage(env, "migrate", "--noinput", "-v0")
    manage_output(env, "seed")
    manage(env, "collectstatic", "--noinput", "-v0")
    pages = json.loads(manage_output(env, "shell", "-v0", "-c", PAGES_SCRIPT).splitlines()[-1])
    if "search" not in dict(pages):
        print("Note: no URL named 'search' yet, so the search page is left out.")

    missed = []
    with open(work / "gunicorn.log", "w") as log:
        for content in ("seeded content", "ten times the seeded content"):
            if content.startswith("ten"):
                manage_output(env, "generate_content", "--copies", "9")
            for cached in (True, False):
                server_env = env if cached else {**env, "DJANGO_PAGE_CACHE_SECONDS": "0"}
                server = Server(server_env, log)
                try:
                    results = measure(server, pages)
                    alone = None if cached else measure_alone(server, pages)
                finally:
                    server.stop()
                title = f"{content}, {'cached' if cached else 'without the page cache'}"
                missed += report(title, results, cached, database)
                if alone:
                    missed += report_alone(title, alone)
    shutil.rmtree(work)
    print("\nAll targets met." if not missed else "\nMissed: " + "; ".join(missed))
    print(f"({time.monotonic() - started:.0f} s; load average now {load_average()})")


if __name__ == "__main__":
    main()
