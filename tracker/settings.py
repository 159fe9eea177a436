"""Settings, read from the environment. Production differs from development only in variables.

DATABASE_URL           default: SQLite file db.sqlite3 beside manage.py
DJANGO_SECRET_KEY      required unless DJANGO_DEBUG is on (but for manage.py makemigrations and
                       the message commands, which read only the code)
DJANGO_DEBUG           default off
DJANGO_ALLOWED_HOSTS   comma-separated; default localhost names when debugging, else required
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}.")


def envint(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def envlist(name, default=()):
    value = os.environ.get(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = envbool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off (see README.md)."
        )
    SECRET_KEY = "insecure-development-key-only-used-when-DJANGO_DEBUG-is-on"

ALLOWED_HOSTS = envlist("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must be set when DJANGO_DEBUG is off.")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "django_tables2",
    "simple_history",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "import_export",
    "csp",
    "axes",
    "sectors",
    "tracker",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # After locale and auth: public pages are cached per language, for anonymous readers only.
    "tracker.cache.PublicPageCacheMiddleware",
    # Last, as django-axes asks: turns a lockout into its 429 page.
    "axes.middleware.AxesMiddleware",
]

# django-axes first: it refuses a locked-out username and address before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "tracker.urls"
WSGI_APPLICATION = "tracker.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Each page runs the same few queries on every request, and PostgreSQL spent more time
    # planning them than running them (1.9 ms planning, 0.2 ms running the dashboard's updates
    # query). Server-side binding lets psycopg prepare a query the connection has run
    # DATABASE_PREPARE_THRESHOLD times, so it is planned once per connection. An empty value
    # turns preparing off (a transaction-mode pooler that cannot keep prepared statements);
    # 0 (prepare on the first run) is refused: a migration's statements run once, several to
    # an execute, which PostgreSQL cannot prepare.
    prepare_threshold = None
    if os.environ.get("DATABASE_PREPARE_THRESHOLD", "5") != "":
        prepare_threshold = envint("DATABASE_PREPARE_THRESHOLD", 5)
        if prepare_threshold < 1:
            raise ImproperlyConfigured(
                "DATABASE_PREPARE_THRESHOLD must be 1 or more (empty: never prepare), "
                f"not {prepare_threshold}."
            )
    DATABASES["default"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),
        "server_side_binding": True,
        "prepare_threshold": prepare_threshold,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ja", _("Japanese")), ("hi", _("Hindi"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates and numbers in the reader's language; tracker/formats/ adjusts English and Hindi.
FORMAT_MODULE_PATH = ["tracker.formats"]
# The language switcher's choice (tracker/i18n.py) lasts a year.
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Asia/Kolkata"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Transport and browser hardening. `manage.py check --deploy --fail-level WARNING` passes with the
# production variables of README.md ("Deploying"); CI runs it.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True  # no script of ours reads it: forms carry the token
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = envbool("DJANGO_SECURE_SSL_REDIRECT", False)
SESSION_COOKIE_SECURE = envbool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = envint("DJANGO_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = envbool("DJANGO_HSTS_PRELOAD", False)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if envbool("DJANGO_BEHIND_PROXY", False) else None
)
CSRF_TRUSTED_ORIGINS = envlist("DJANGO_CSRF_TRUSTED_ORIGINS")

# Content Security Policy (django-csp): no inline script or style, nothing from another origin,
# no framing, forms post only to us. The API documentation page loads its assets from us too.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

# Login throttling (django-axes): after TRACKER_LOGIN_FAILURE_LIMIT failed logins for one user
# name from one address, that pair is refused (429) for TRACKER_LOGIN_COOLOFF_MINUTES, on the
# site's login page and the admin's alike. A successful login clears the count.
AXES_FAILURE_LIMIT = envint("TRACKER_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=envint("TRACKER_LOGIN_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "tracker.security.client_ip"
# Behind a load balancer, the number of proxies that append to X-Forwarded-For (0: none).
TRACKER_TRUSTED_PROXY_COUNT = envint("DJANGO_TRUSTED_PROXY_COUNT", 0)

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "tracker:my_commitments"
LOGOUT_REDIRECT_URL = "tracker:dashboard"

EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)

EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = envint("DJANGO_EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("DJANGO_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "tracker@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

DJANGO_TABLES2_TEMPLATE = "tracker/table.html"

REST_FRAMEWORK = {
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PAGINATION_CLASS": "tracker.api.pagination.Pagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": os.environ.get("TRACKER_API_ANON_RATE", "120/minute")},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Japan-India Economic Security Cooperation Tracker API",
    "DESCRIPTION": "Read-only, public: sectors, declarations, commitments, projects, "
    "organisations and published status updates with their evidence.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "tracker.api.schema.document_error_answers",
    ],
}

# How long after a published status a side's next update is due (a six-month reporting cycle).
TRACKER_REPORTING_INTERVAL_DAYS = envint("TRACKER_REPORTING_INTERVAL_DAYS", 182)

# Caches: local memory by default (tests, one process); DJANGO_REDIS_URL (redis://host:6379/1)
# shares one Redis among app servers and workers.
REDIS_URL = os.environ.get("DJANGO_REDIS_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "tracker.redis_cache.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    )
}
# Public pages for anonymous readers: cached per data version (raised by every publication)
# and answered 304 when the reader's copy is current. TRACKER_PAGE_CACHE=0 renders every time.
TRACKER_PAGE_CACHE = envbool("TRACKER_PAGE_CACHE", True)
TRACKER_PAGE_CACHE_SECONDS = envint("TRACKER_PAGE_CACHE_SECONDS", 600)
TRACKER_PAGE_CACHE_ALIAS = "default"
# Where a cached page learns the current version: the shared cache (one Redis GET, set anew after
# every change is committed) when app servers share one, else the database (one query).
TRACKER_PAGE_VERSION_IN_CACHE = envbool("TRACKER_PAGE_VERSION_IN_CACHE", bool(REDIS_URL))
# With the version in the shared cache, each process also keeps copies of the pages it served
# last, so that a page's bytes are not fetched from the shared cache on every request (a copy is
# served only under the version the shared cache gives, asked each time). At most this many;
# TRACKER_PAGE_LOCAL_ENTRIES=0 keeps none.
TRACKER_PAGE_LOCAL_ENTRIES = envint("TRACKER_PAGE_LOCAL_ENTRIES", 100)
if TRACKER_PAGE_LOCAL_ENTRIES < 0:
    raise ImproperlyConfigured(
        "TRACKER_PAGE_LOCAL_ENTRIES must be 0 (keep none) or more, "
        f"not {TRACKER_PAGE_LOCAL_ENTRIES}."
    )
CACHES["pages-local"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "pages-local",
    "OPTIONS": {"MAX_ENTRIES": TRACKER_PAGE_LOCAL_ENTRIES},
}
# The dashboard's counts are stored with the data version they were counted at, and recounted
# when it changes (tracker/counts.py). Off: counted on every view.
TRACKER_STORED_COUNTS = envbool("TRACKER_STORED_COUNTS", True)

# Where the open-data ZIP is kept between changes of the data (default: the system's temp folder).
TRACKER_OPEN_DATA_DIR = os.environ.get("TRACKER_OPEN_DATA_DIR", "")

# Bulk import in the admin: a file is imported in one transaction, so one bad row writes nothing.
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
