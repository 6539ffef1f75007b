"""Django settings, read from the environment. SQLite by default; DATABASE_URL for PostgreSQL."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlparse

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def envbool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in ("1", "true", "yes", "on")


def envint(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def database_from_url(url: str) -> dict[str, object]:
    """``postgres://user:pass@host:port/name`` or ``sqlite:///path`` to a DATABASES entry."""
    parsed = urlparse(url)
    if parsed.scheme in ("postgres", "postgresql", "pgsql"):
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parsed.path.lstrip("/")),
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "",
            "PORT": str(parsed.port or ""),
            # persistent connections in production, checked before reuse (a restarted server is reconnected)
            "CONN_MAX_AGE": envint("DB_CONN_MAX_AGE", 60 if envbool("PRODUCTION") else 0),
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {"connect_timeout": envint("DB_CONNECT_TIMEOUT", 5)}
            # parameters bound by the server, and a query run DB_PREPARE_THRESHOLD times on a connection
            # becomes a prepared statement: PostgreSQL plans it once (half of its CPU per page, issue 11).
            # DB_SERVER_SIDE_BINDING=0 for a pooler that cannot keep prepared statements (PgBouncer < 1.21
            # in transaction mode)
            | (
                {"server_side_binding": True, "prepare_threshold": envint("DB_PREPARE_THRESHOLD", 5)}
                if envbool("DB_SERVER_SIDE_BINDING", True)
                else {}
            )
            | (
                {"options": f"-c statement_timeout={envint('DB_STATEMENT_TIMEOUT_MS', 0)}"}
                if envint("DB_STATEMENT_TIMEOUT_MS", 0)
                else {}
            ),
        }
    if parsed.scheme == "sqlite":
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": parsed.path or ":memory:"}
    raise ValueError(f"unsupported DATABASE_URL scheme: {parsed.scheme}")


DEBUG = envbool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY") or ("dev-insecure-key-only-for-local-use" if DEBUG or not os.environ.get("PRODUCTION") else "")
if not SECRET_KEY:
    raise RuntimeError("SECRET_KEY must be set in production")
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "wengang.accounts",
    "wengang.registry",
    "wengang.cases",
    "wengang.subsidies",
    "wengang.jobs",
    "wengang.calculator",
    "wengang.layoffs",
    "wengang.deferral",
    "wengang.permits",
    "wengang.keyservice",
    "wengang.placements",
    "wengang.assistance",
    "wengang.api",
    "wengang.screening",
    "wengang.documents",
    "wengang.guide",
    "wengang.monitoring",
    "wengang.individuals",
    "wengang.graduates",
    "wengang.loans",
    "wengang.notices",
    "wengang.demo",
    "wengang.ops",
    "wengang.training",
    "django_prometheus",
    "ninja",
]

MIDDLEWARE = [
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "wengang.ops.middleware.RequestIdMiddleware",
    "wengang.ops.middleware.LoadSheddingMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "wengang.config.csp.ContentSecurityPolicyMiddleware",
    "wengang.config.security.SecureCookiesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "wengang.ops.errors.ChinesePagesMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "wengang.config.security.SignedInMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "wengang.ops.errors.NulQueryMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wengang.ops.middleware.DatabaseUnavailableMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

# inputs and selects written out in Python, byte for byte as Django's widget templates (wengang/ops/renderers.py)
FORM_RENDERER = "wengang.ops.renderers.FastWidgetRenderer"

ROOT_URLCONF = "wengang.config.urls"
WSGI_APPLICATION = "wengang.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "wengang" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wengang.ops.context.site_urls",
            ],
        },
    },
    {  # a few hot fragments compiled to Python (<app>/jinja2/, wengang/ops/jinja.py; issue 11, load)
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "APP_DIRS": True,
        "OPTIONS": {"environment": "wengang.ops.jinja.environment"},
    },
]

DATABASES = {
    "default": database_from_url(os.environ["DATABASE_URL"])
    if os.environ.get("DATABASE_URL")
    else {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": BASE_DIR / os.environ.get("SQLITE_PATH", "db.sqlite3"),
        # writers queue instead of failing: a transaction takes the write lock when it begins
        "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
# the signed-in user comes with its organisation in one query (accounts/backends.py); Django's model
# backend after it serves only sessions signed in before, which name it
AUTHENTICATION_BACKENDS = ["wengang.accounts.backends.UserBackend", "django.contrib.auth.backends.ModelBackend"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:portal"

LANGUAGE_CODE = "zh-hans"
# Chinese only: a browser asking for English (Accept-Language) would otherwise get Django's own
# form errors in English beside the Chinese pages
LANGUAGES = [("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "wengang" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "wengang" / "static"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

# Security
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
CSRF_FAILURE_VIEW = "wengang.ops.errors.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = envbool("SECURE_COOKIES", False)
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", False)
# behind a TLS-terminating proxy that sets X-Forwarded-Proto (and strips it from clients)
if envbool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# applicants keep Django's two weeks; bureau staff sign in again after 8 hours (issue 8)
STAFF_SESSION_SECONDS = envint("STAFF_SESSION_SECONDS", 8 * 3600)

# The partners' job-post API (issue 8): body size, and rate limits as "hits/seconds" (0/… = off)
JOBS_API_MAX_BODY_BYTES = envint("JOBS_API_MAX_BODY_BYTES", 64 * 1024)
JOBS_API_RATE_PER_KEY = os.environ.get("JOBS_API_RATE_PER_KEY", "30/60")
JOBS_API_RATE_PER_ADDRESS = os.environ.get("JOBS_API_RATE_PER_ADDRESS", "60/60")
# public verification of official documents (文号 + 核验码), per client address
DOCUMENTS_VERIFY_RATE = os.environ.get("DOCUMENTS_VERIFY_RATE", "20/60")
JOBS_API_BAD_KEYS_PER_ADDRESS = os.environ.get("JOBS_API_BAD_KEYS_PER_ADDRESS", "10/600")
#: requests per token on /api/v1/ (every endpoint); over it 429 with Retry-After
API_RATE_PER_TOKEN = os.environ.get("API_RATE_PER_TOKEN", "120/60")

# The service's "today": settable for demos and tests (WENGANG_TODAY=2020-06-01); the real date otherwise.
WENGANG_TODAY = os.environ.get("WENGANG_TODAY", "")

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "wengang@localhost")
#: text messages to individuals (one-time codes): a class with send(phone, text)
SMS_BACKEND = os.environ.get("SMS_BACKEND", "wengang.individuals.sms.ConsoleBackend")


def cache_from_url(url: str) -> dict[str, object]:
    """``redis://host:port/db`` to a CACHES entry (Redis, where an unreachable server is a miss:
    ``wengang/ops/cache.py``); "" to per-process memory."""
    if not url:
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    timeout = float(os.environ.get("CACHE_TIMEOUT_SECONDS", "0.5"))  # connect and reply, each
    return {
        "BACKEND": "wengang.ops.cache.ResilientRedisCache",
        "LOCATION": url,
        "OPTIONS": {"socket_connect_timeout": timeout, "socket_timeout": timeout},
    }


# The cache holds the sign-in throttling counts, the API rate limits and (cached) the sessions: Redis
# when CACHE_URL is set (redis://127.0.0.1:6379/1; every worker process must see the same counts and
# sessions; `make serve` sets it), per-process memory otherwise (development, tests).
_cache_url = os.environ.get("CACHE_URL", "")
CACHES = {"default": cache_from_url(_cache_url)}
# Sessions stay in the database (signing out ends them everywhere); with a shared cache they are read
# from it (no query a request), a cached copy kept at most SESSION_CACHE_SECONDS (wengang/accounts/sessions.py).
SESSION_ENGINE = "wengang.accounts.sessions" if _cache_url else "django.contrib.sessions.backends.db"
SESSION_CACHE_SECONDS = envint("SESSION_CACHE_SECONDS", 300)

# Celery: eager in-process unless a broker is configured.
_broker = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not _broker
CELERY_BROKER_URL = _broker or "memory://localhost/"
CELERY_TASK_EAGER_PROPAGATES = True
# partitioned screening (wengang/screening_tasks.py): the worker loads the tasks; partitions and
# their files live in a directory every worker node and the merging node see (deploy/README.md)
CELERY_INCLUDE = ["wengang.screening_tasks"]
SCREENING_SHARED_DIR = Path(os.environ.get("SCREENING_SHARED_DIR", BASE_DIR / "var" / "screening"))
CELERY_BEAT_SCHEDULE = {
    "deficiency-reminders": {"task": "wengang.subsidies.tasks.send_deficiency_reminders", "schedule": 3600 * 24},
    "close-overdue-deficiencies": {"task": "wengang.subsidies.tasks.close_overdue_deficiencies", "schedule": 3600 * 24},
    "keyservice-followup-reminders": {"task": "wengang.keyservice.tasks.send_followup_reminders", "schedule": 3600 * 24},
    "deactivate-stale-posts": {"task": "wengang.jobs.tasks.deactivate_stale_posts", "schedule": 3600 * 24},
    "escalate-overdue-alerts": {"task": "wengang.monitoring.tasks.escalate_overdue_alerts", "schedule": 3600 * 24},
    "rebuild-dashboard-summary": {"task": "wengang.subsidies.tasks.rebuild_dashboard_summary", "schedule": 3600 * 24},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "wengang.ops.logging.RequestIdFilter"}},
    "formatters": {"json": {"()": "wengang.ops.logging.JsonFormatter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["request_id"]}
        | ({"formatter": "json"} if os.environ.get("LOG_FORMAT", "json" if envbool("PRODUCTION") else "text") == "json" else {})
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # one line per request (wengang.ops.middleware.RequestIdMiddleware), only when asked for
    "loggers": {
        "wengang.request": {"level": os.environ.get("ACCESS_LOG_LEVEL", "WARNING")},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Serving in production (wengang/ops, deploy/README.md) ------------------------------------------
PRODUCTION = envbool("PRODUCTION")
if PRODUCTION and DEBUG:
    raise RuntimeError("DEBUG must be off in production")

STORAGES = {
    # uploaded files: the local file system, or S3-compatible storage (MEDIA_STORAGE=s3, needs boto3)
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if os.environ.get("MEDIA_STORAGE", "local") == "local"
    else {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ.get("S3_BUCKET", ""),
            "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("S3_REGION") or None,
            "access_key": os.environ.get("S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY") or None,
            "location": os.environ.get("S3_PREFIX", "media"),
            "default_acl": None,
            "querystring_auth": True,  # materials are private: signed, expiring links
            "file_overwrite": False,
        },
    },
    # hashed names and gzip/brotli copies, served by WhiteNoise (needs collectstatic); URLs kept per process
    "staticfiles": {
        "BACKEND": "wengang.ops.staticfiles.KeptUrlsStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_MAX_AGE = 3600
if PRODUCTION:  # static files from the collected, hashed copies (development serves them from the apps)
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1, "whitenoise.middleware.WhiteNoiseMiddleware"
    )

# The Chinese 503 page: database outages (any request) and overload (more than WENGANG_MAX_INFLIGHT
# requests at once in a process wait at most WENGANG_QUEUE_TIMEOUT seconds, then are shed).
WENGANG_RETRY_AFTER = envint("WENGANG_RETRY_AFTER", 5)
WENGANG_MAX_INFLIGHT = envint("WENGANG_MAX_INFLIGHT", 0)
WENGANG_QUEUE_TIMEOUT = float(os.environ.get("WENGANG_QUEUE_TIMEOUT", "2"))

# /metrics answers only these peers (CIDR or addresses, comma-separated)
METRICS_ALLOWED_NETWORKS = [n for n in os.environ.get("METRICS_ALLOWED", "127.0.0.1/32,::1/128").split(",") if n]

# Served over TLS only (HTTPS=1; implies BEHIND_TLS_PROXY): secure cookies always, HSTS, redirect to https (not the probes).
if envbool("HTTPS"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = envint("HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]

# Celery: a task is acknowledged after it ran, so one killed mid-delivery is delivered again (the
# delivery is idempotent); a broker that is down fails fast, the outbox sweep delivers later.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.5, "interval_max": 0.5}
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": envint("CELERY_VISIBILITY_TIMEOUT", 600),
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
}
CELERY_BEAT_SCHEDULE["deliver-pending-notifications"] = {
    "task": "wengang.ops.tasks.deliver_pending_notifications",
    "schedule": envint("OUTBOX_SWEEP_SECONDS", 60),
}
