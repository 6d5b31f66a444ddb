#!/usr/bin/env bash
# `make audit`: Lighthouse (npm) with Debian's chromium on the home, a project, the awards and
# the partners pages in both languages, against the production setup (gunicorn, whitenoise,
# hashed static files, DEBUG off) serving the seeded content. Prints the four scores per page.
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

# A featured project and a partner from the seeded content, by their slugs.
read -r project partner < <($python manage.py shell -v0 -c "
from programme.models import Partner, Project
print(Project.objects.published().first().slug, Partner.objects.published().first().slug)")

pages=(
    "/vi/" "/en/"
    "/vi/du-an/$project/" "/en/projects/$project/"
    "/vi/giai-thuong/" "/en/awards/"
    "/vi/doi-tac/" "/en/partners/"
)
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
printf '%-45s %5s %5s %5s %5s\n' page perf a11y best seo
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
        const line = [process.argv[2].padEnd(45)].concat(
            ["performance", "accessibility", "best-practices", "seo"].map((c) => String(score(c)).padStart(5)));
        console.log(line.join(" "));
        for (const [id, audit] of Object.entries(report.audits))
            if (audit.score !== null && audit.score < 1 && audit.scoreDisplayMode !== "informative"
                && audit.scoreDisplayMode !== "manual" && process.env.AUDIT_VERBOSE)
                console.log("    " + id + ": " + audit.title);
    ' "$work/report.json" "$page"
done
