#!/usr/bin/env bash
# `make audit`: Lighthouse (npm) with Debian's chromium, on its phone profile (a mid-range phone,
# slow 4G), on every page type in both languages, against the production setup (gunicorn,
# whitenoise, hashed static files, DEBUG off) serving the seeded content. Prints the four scores
# and the HTML and CSS sent (compressed, before images and fonts) per page, and fails when a score
# is under 100 or a page's HTML and CSS reach 20 KB.
set -euo pipefail
cd "$(dirname "$0")/.."

port=${AUDIT_PORT:-8799}
work=$(mktemp -d)
export DATABASE_URL="sqlite:///$work/audit.sqlite3"
# The cache of this audit only, removed with it.
export DJANGO_CACHE_DIR="$work/cache"
export DJANGO_DEBUG=false
# Served over plain http on this machine, as by `make run`.
export DJANGO_HTTPS=false
python=.venv/bin/python
# Production settings need a key; a throwaway one does for a local audit.
export DJANGO_SECRET_KEY=${DJANGO_SECRET_KEY:-$($python -c "import secrets; print(secrets.token_urlsafe(50))")}

$python manage.py migrate --noinput -v0
$python manage.py seed >/dev/null
$python manage.py collectstatic --noinput -v0

.venv/bin/gunicorn portal.wsgi --bind "127.0.0.1:$port" --workers 2 >"$work/gunicorn.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 50); do curl -sf -o /dev/null "http://127.0.0.1:$port/healthz" && break; sleep 0.2; done

# Every page type in both languages, as the tests list them (tests/public/page_types.py), but for
# the search's results, which ask search engines not to index them (noindex), in favour of the
# search page itself. Lighthouse audits no page that answers 404.
mapfile -t pages < <($python manage.py shell -v0 -c "
from django.urls import reverse
from django.utils import translation
from tests.public.page_types import addresses
for language in ('vi', 'en'):
    for name, address in addresses(language).items():
        if name == 'search':
            with translation.override(language):
                address = reverse('search')
        print(address)")
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
printf '%-60s %5s %5s %5s %5s %8s\n' page perf a11y best seo "html+css"
failed=0
lighthouse() {
    node_modules/.bin/lighthouse "http://127.0.0.1:$port$1" --quiet --output=json \
        --output-path="$work/report.json" \
        --only-categories=performance,accessibility,best-practices,seo \
        --chrome-flags="--headless --no-sandbox --disable-gpu" >/dev/null 2>"$work/lighthouse.log"
}
for page in "${pages[@]}"; do
    # Lighthouse now and then fails to record a trace (NO_NAVSTART); a second try settles it.
    lighthouse "$page" || lighthouse "$page" || { cat "$work/lighthouse.log"; exit 1; }
    node -e '
        const report = require(process.argv[1]);
        const score = (name) => Math.round(report.categories[name].score * 100);
        const categories = ["performance", "accessibility", "best-practices", "seo"];
        const requests = report.audits["network-requests"].details.items;
        const bytes = requests.filter((r) => ["Document", "Stylesheet"].includes(r.resourceType))
            .reduce((sum, r) => sum + r.transferSize, 0);
        const line = [process.argv[2].padEnd(60)].concat(categories.map((c) => String(score(c)).padStart(5)),
            [(bytes / 1024).toFixed(1).padStart(6) + " KB"]);
        console.log(line.join(" "));
        if (categories.some((c) => score(c) < 100) || bytes >= 20 * 1024) process.exitCode = 1;
        for (const [id, audit] of Object.entries(report.audits))
            if (audit.score !== null && audit.score < 1 && audit.scoreDisplayMode !== "informative"
                && audit.scoreDisplayMode !== "manual" && process.env.AUDIT_VERBOSE)
                console.log("    " + id + ": " + audit.title);
    ' "$work/report.json" "$page" || failed=1
done
exit $failed
