"""The portal's one settings module: everything that differs between machines comes from the
environment, with defaults that are safe for a developer's machine."""

import datetime
import hashlib
import json
import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import lazy

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")
TESTING = "pytest" in sys.modules

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not (DEBUG or TESTING):
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Production refuses to start without it; "
            "set it, or set DJANGO_DEBUG=true on a development machine."
        )
    SECRET_KEY = "insecure-key-for-development-and-tests-only"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A dead server should answer /healthz quickly, not after the OS's TCP timeout.
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = 5
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several staff saving at once on the embedded database (README.md, "Production"). In WAL
    # mode readers never wait for the writer. Each transaction takes the write lock as it begins,
    # so a save waits for the one before it (up to the busy timeout, less than gunicorn's request
    # timeout) instead of failing with "database is locked" when it turns from reading to
    # writing. synchronous stays FULL: in WAL mode NORMAL can lose the last saves to a power cut.
    # Options in DATABASE_URL's query string win over these.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL",
        **DATABASES["default"].get("OPTIONS", {}),
    }

# The tests' shared content as Django fixtures, which `loaddata NAME` finds (see README.md).
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

INSTALLED_APPS = [
    # modeltranslation must come before the admin to patch its forms.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_countries",
    "csp",
    "axes",
    # Staff's second factor: an authenticator app (TOTP) and single-use recovery codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # The database and media copying of `manage.py backup` and `restore` (portal/backups.py).
    "dbbackup",
    # Versions of programme content, their history, restore and recycle bin (programme/versions.py).
    "reversion",
    # Images in the sizes each page shows, made on the server (programme/images.py).
    "imagekit",
    "portal",
    "programme",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # ETags and 304 answers for every page, from the page cache or not.
    "django.middleware.http.ConditionalGetMiddleware",
    # A page from the cache skips everything below: it is stored with the headers they add
    # (Content-Security-Policy, Permissions-Policy, Content-Language), the same for every
    # anonymous visitor. The key has the language in the URL's path, and the https redirect and
    # the headers of SecurityMiddleware come before it.
    "portal.cache.PageCacheMiddleware",
    "csp.middleware.CSPMiddleware",
    "portal.middleware.permissions_policy",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # A NUL in a query or form value is never meant; PostgreSQL refuses it in a string.
    "portal.middleware.refuse_nul_bytes",
    # Inside the page cache, so that the cache stores pages as compressed for the clients that
    # accept gzip (keyed by Accept-Encoding, which the response varies on), compressed once with
    # Django's BREACH padding and served byte for byte with one ETag. Cached pages hold no secret
    # (portal.cache.storable); staff pages' CSRF tokens are masked anew on every response.
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Staff who have not given their second factor reach only the pages that ask for it.
    "portal.two_factor.second_factor_required",
    # Pages made for staff (previews, the admin) are kept by no browser or proxy.
    "portal.middleware.private_for_staff",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# The cache: the public pages (portal/cache.py) and the header's fixed pages. Redis when REDIS_URL
# is set (redis://host:6379/0), shared by every app server; else files in DJANGO_CACHE_DIR, shared
# by the processes of one machine (the gunicorn workers of `make run`). Either way a purge reaches
# every worker at once.
REDIS_URL = os.environ.get("REDIS_URL", "")
# Unless DJANGO_CACHE_DIR says otherwise, a folder per database under cache/: pages made from one
# database (SQLite or PostgreSQL for `make run`, the temporary ones of make bench and make audit)
# are never served from another's.
DATABASE_IDENTITY = "|".join(
    str(DATABASES["default"].get(part) or "") for part in ("ENGINE", "HOST", "PORT", "NAME")
)
CACHE_DIR = Path(
    os.environ.get("DJANGO_CACHE_DIR")
    or BASE_DIR / "cache" / hashlib.sha256(DATABASE_IDENTITY.encode()).hexdigest()[:16]
)


def redis_cache(url, retry_after=5):
    """django-redis at `url`, failing open: when Redis is stopped, unreachable or slow, a read
    misses and a write is lost after a short wait, and the page is made fresh instead of failing.
    Having waited once, a process skips Redis for `retry_after` seconds and logs the outage in
    one line (portal/redis_cache.py); /healthz reports the cache."""
    return {
        "BACKEND": "portal.redis_cache.CircuitBreakingRedisCache",
        "LOCATION": url,
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": 0.25,
            "SOCKET_TIMEOUT": 0.25,
            "RETRY_AFTER_SECONDS": retry_after,
        },
    }


CACHES = {
    "default": redis_cache(REDIS_URL)
    if REDIS_URL
    else {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": CACHE_DIR,
        "OPTIONS": {"MAX_ENTRIES": 2000},
    }
}
# How long a page stays cached at most. Changes purge the cache and pages expire when scheduled
# content (publish_at) falls due, so this bounds only what no purge reached: pages made by the
# code before a deploy (purge after one), or before a purge that a cache outage lost for good.
# 0 turns the page cache off.
PAGE_CACHE_SECONDS = int(os.environ.get("DJANGO_PAGE_CACHE_SECONDS", str(24 * 60 * 60)))
# Pages that visitors make as many of as they type, of which a generation of the page cache keeps
# this many at most: search results (of searches that found something; others are not kept).
PAGE_CACHE_SHARES = {"search": int(os.environ.get("DJANGO_PAGE_CACHE_SEARCH_PAGES", "500"))}
# The site's host name as visitors know it (thanhphothongminh.binhduong.gov.vn): cached pages are
# made and keyed with it, whatever Host a request names. Unset: the request's host, without port.
SITE_HOST = os.environ.get("DJANGO_SITE_HOST", "")
# Where the page cache learns the next moment at which published content changes by itself (a
# record scheduled to go live or come down, an approved change due): a function of no arguments
# returning that moment or None. The site-wide cache knows nothing of the domain app otherwise.
PAGE_CACHE_NEXT_CHANGE = "programme.scheduling.next_scheduled_change"
# The reference views of `make bench` (portal/views.py); never on in production.
BENCHMARK_VIEWS = env_bool("DJANGO_BENCHMARK_VIEWS")

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {
            # Templates are read and compiled once per process. Django does the same by default;
            # declared, so that nobody turns it off unknowingly. runserver's autoreloader still
            # empties it when a template changes (DJANGO_DEBUG=true).
            "loaders": [
                (
                    "django.template.loaders.cached.Loader",
                    [
                        "django.template.loaders.filesystem.Loader",
                        "django.template.loaders.app_directories.Loader",
                    ],
                )
            ],
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "programme.context_processors.site",
            ],
        },
    },
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# django-axes first: it refuses a locked-out login before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Languages: Vietnamese is the default and the language content is written in first.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
# Dates and numbers as each language writes them (portal/formats/): the Vietnamese admin reads
# 25/2/2022 and 22.000, the English one 2022-02-25 and 22,000. Templates show numbers grouped
# too: a number that is a code, not a quantity (a year, a key), goes through |unlocalize.
FORMAT_MODULE_PATH = ["portal.formats"]
USE_THOUSAND_SEPARATOR = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True

MODELTRANSLATION_DEFAULT_LANGUAGE = "vi"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("vi",)
# Lazy, so that "tiêu đề [en]" follows the admin's language instead of freezing at import.
MODELTRANSLATION_BUILD_LOCALIZED_VERBOSE_NAME = lazy(
    lambda name, language: f"{name} [{language}]", str
)
# The tabbed admin's jQuery UI comes from our own static files, never from a CDN.
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"

# Path of the admin site, so that production can move it away from the well-known /admin/.
ADMIN_PATH = os.environ.get("DJANGO_ADMIN_PATH", "admin/").strip("/") + "/"

STATIC_URL = "static/"
# Files browsers ask for at the site's root (/favicon.ico, /apple-touch-icon.png), served by
# whitenoise from public/ (scripts/make_brand.py draws them).
WHITENOISE_ROOT = BASE_DIR / "public"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = os.environ.get("DJANGO_MEDIA_URL", "media/")
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
# Uploaded images (checked by content in programme/validators.py): at most this many bytes and
# pixels on either side.
IMAGE_UPLOAD_MAX_BYTES = 5 * 1024 * 1024
IMAGE_UPLOAD_MAX_SIDE = 4000
# Django serves uploads itself only on a single machine (`make run`, development); production
# puts them behind the web server or on a storage service. The tests fetch uploads too.
SERVE_MEDIA = env_bool("DJANGO_SERVE_MEDIA", DEBUG or TESTING)
STORAGES = {
    # Uploads: a folder by default; any Django storage backend (e.g. django-storages' S3 one)
    # with its options as JSON, so that media can live outside the app server.
    "default": {
        "BACKEND": os.environ.get(
            "DJANGO_MEDIA_STORAGE", "django.core.files.storage.FileSystemStorage"
        ),
        "OPTIONS": json.loads(os.environ.get("DJANGO_MEDIA_STORAGE_OPTIONS") or "{}"),
    },
    "staticfiles": {
        # Tests render templates without running collectstatic first.
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Files of changes waiting for review (programme/publishing.py), kept out of MEDIA_ROOT, which is
# served to the public, until a publisher makes them live; staff see them through the admin.
PENDING_FILES_ROOT = Path(os.environ.get("DJANGO_PENDING_FILES_ROOT") or BASE_DIR / "pending")
STORAGES["pending"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {
        "location": PENDING_FILES_ROOT,
        "base_url": f"/{ADMIN_PATH}programme/pendingchange/file/",
    },
}

# Staff notices (a change approved, sent back, or that could not go live) are e-mailed to the
# staff member as well when the site has a mail server; they are on the admin's first page always.
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_EMAIL_FROM", "portal@localhost")
SEND_STAFF_EMAIL = bool(EMAIL_HOST)

# Backups (`manage.py backup`, `manage.py restore`; see portal/backups.py): one folder per backup
# in here, off the web and out of git. Copy them to another machine as well.
BACKUP_DIR = Path(os.environ.get("DJANGO_BACKUP_DIR") or BASE_DIR / "backups")
# django-dbbackup's own commands (dbbackup, mediabackup) write here too, never into MEDIA_ROOT,
# which is its default and is served to the public.
STORAGES["dbbackup"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": BACKUP_DIR},
}
# Failures are reported by the commands' exit status and messages, not mailed.
DBBACKUP_SEND_EMAIL = False
# pg_restore gives the restored tables to the user who restores, whatever user owned them where
# the backup was made (another machine may name it differently).
DBBACKUP_CONNECTORS = {"default": {"PG_OPTIONS": "--no-owner"}}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Security. Production serves HTTPS only; DJANGO_DEBUG=true (and the tests) keep plain http
# working on a developer's machine, as DJANGO_HTTPS=false does for `make run` on one machine.
HTTPS_ONLY = env_bool("DJANGO_HTTPS", not (DEBUG or TESTING))
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", HTTPS_ONLY)
# A load balancer checks /healthz over plain http.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# Gunicorn sets the scheme from X-Forwarded-Proto, but only for the proxies in
# FORWARDED_ALLOW_IPS; Django's SECURE_PROXY_SSL_HEADER would believe it from anyone.
SECURE_HSTS_SECONDS = int(
    os.environ.get("DJANGO_SECURE_HSTS_SECONDS") or (0 if DEBUG else 31536000)
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
# Joining browsers' HSTS preload list binds the whole domain: the domain's owners decide it.
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Only staff have sessions: one ends after 8 hours without a request (each request saves it
# anew), and on "sign out everywhere".
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_SECURE = HTTPS_ONLY
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = HTTPS_ONLY
# Only for a proxy that changes the host or scheme, e.g. "https://thanhphothongminh.gov.vn".
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

# Content-Security-Policy (django-csp): no inline scripts or styles, nothing from other sites
# except uploads on a storage service. A template that cannot avoid an inline script gives it
# the request's nonce ({{ request.csp_nonce }}); the header names the nonce only then.
MEDIA_ORIGINS = [f"{url.scheme}://{url.netloc}" for url in [urlsplit(MEDIA_URL)] if url.netloc]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:", *MEDIA_ORIGINS],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Browser features the portal never uses, refused to it and to anything it embeds.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}

# Failed admin logins (django-axes): LOGIN_FAILURES_PER_NAME failures of one user name from one
# address lock that pair out, and LOGIN_FAILURES_PER_ADDRESS failures from one address, whatever
# the names, lock the address out, each for AXES_COOLOFF_TIME (portal/lockout.py). Staff unlock
# earlier with `manage.py axes_reset_username NAME` or `axes_reset_ip ADDRESS`.
LOGIN_FAILURES_PER_NAME = 5
LOGIN_FAILURES_PER_ADDRESS = 20
AXES_FAILURE_LIMIT = "portal.lockout.failure_limit"
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_HANDLER = "portal.lockout.LockoutHandler"
AXES_USERNAME_CALLABLE = "portal.lockout.username"
AXES_CLIENT_IP_CALLABLE = "portal.lockout.client_ip"
AXES_LOCKOUT_CALLABLE = "portal.lockout.locked_out"
# Addresses or networks of the reverse proxies in front of gunicorn (nginx: its address, e.g.
# 127.0.0.1): X-Forwarded-For is believed only from them, so that a lockout counts the visitor's
# address and a visitor who reaches gunicorn directly cannot choose one.
TRUSTED_PROXIES = env_list("DJANGO_TRUSTED_PROXIES", "")
# django-axes' admin pages have no Vietnamese; the reset commands do the job.
AXES_ENABLE_ADMIN = False

# Second factor (django-otp): required of every staff member wherever the portal runs over HTTPS,
# set up at the first sign-in; optional on one machine over plain http (`make run`).
SECOND_FACTOR_REQUIRED = env_bool("DJANGO_SECOND_FACTOR_REQUIRED", HTTPS_ONLY)
OTP_TOTP_ISSUER = "Binh Duong Smart City"
RECOVERY_CODES = 10

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "filters": {"without_traceback": {"()": "portal.log_filters.WithoutTraceback"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
        "one_line": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["without_traceback"],
        },
    },
    "loggers": {
        # Any client can send a bad Host header: one line each, not a traceback.
        "django.security.DisallowedHost": {"handlers": ["one_line"], "propagate": False},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}
