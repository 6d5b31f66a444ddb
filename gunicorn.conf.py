"""Gunicorn's settings for serving the portal: `gunicorn portal.wsgi --config gunicorn.conf.py`.

Everything that differs between machines comes from the environment (see README.md,
"Production").
"""

import os


def available_cpus():
    """CPUs this process may run on (a container's limit, not the host's count, where known)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


# Where to listen: BIND as gunicorn writes it ("0.0.0.0:8000", "unix:/run/portal.sock"), or else
# the loopback interface on PORT, for a reverse proxy on the same machine. (Gunicorn's own default
# with PORT set would listen on every interface.)
bind = os.environ.get("BIND") or f"127.0.0.1:{os.environ.get('PORT') or 8000}"

# Synchronous workers: one per CPU plus one, or WEB_CONCURRENCY when set. Making a page is CPU
# work (a query waits far less than the page takes to render), and more workers than that only
# take turns on the CPUs (README.md, "Caching and load", has the measurements).
workers = int(os.environ.get("WEB_CONCURRENCY") or available_cpus() + 1)

# A request taking longer than this is stuck: its worker is killed and replaced.
timeout = 30
# On reload or shutdown, workers get this long to finish the requests they are serving.
graceful_timeout = 30
keepalive = 5

# Access log to stdout, errors to stderr: the service manager or container runtime collects both.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Client (and the address the proxy says it forwarded for), time, request, status, bytes,
# referrer, user agent and response time in milliseconds.
access_log_format = '%(h)s %({x-forwarded-for}i)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms'

# Proxies trusted to say, with X-Forwarded-Proto, that the request came over HTTPS: comma-separated
# addresses or networks; "*" only when nothing else can reach gunicorn.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
