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
            "CONN_MAX_AGE": envint("DB_CONN_MAX_AGE", 0),
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
    "wengang.subsidies",
    "wengang.jobs",
    "wengang.calculator",
    "wengang.layoffs",
    "wengang.deferral",
    "wengang.permits",
    "wengang.keyservice",
    "wengang.placements",
    "wengang.api",
    "wengang.screening",
    "wengang.demo",
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "wengang.config.csp.ContentSecurityPolicyMiddleware",
    "wengang.config.security.SecureCookiesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "wengang.config.security.SignedInMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

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
            ],
        },
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

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:portal"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
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
JOBS_API_BAD_KEYS_PER_ADDRESS = os.environ.get("JOBS_API_BAD_KEYS_PER_ADDRESS", "10/600")
#: requests per token on /api/v1/ (every endpoint); over it 429 with Retry-After
API_RATE_PER_TOKEN = os.environ.get("API_RATE_PER_TOKEN", "120/60")

# The service's "today": settable for demos and tests (WENGANG_TODAY=2020-06-01); the real date otherwise.
WENGANG_TODAY = os.environ.get("WENGANG_TODAY", "")

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "wengang@localhost")

# The cache holds the sign-in throttling counts and the API rate limits: Redis when CACHE_URL is set (redis://127.0.0.1:6379/1;
# every worker process must see the same counts), per-process memory otherwise (development, tests).
_cache_url = os.environ.get("CACHE_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _cache_url}
        if _cache_url
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Celery: eager in-process unless a broker is configured.
_broker = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not _broker
CELERY_BROKER_URL = _broker or "memory://localhost/"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BEAT_SCHEDULE = {
    "deficiency-reminders": {"task": "wengang.subsidies.tasks_review.send_deficiency_reminders", "schedule": 3600 * 24},
    "close-overdue-deficiencies": {"task": "wengang.subsidies.tasks_review.close_overdue_deficiencies", "schedule": 3600 * 24},
    "keyservice-followup-reminders": {"task": "wengang.keyservice.tasks.send_followup_reminders", "schedule": 3600 * 24},
    "deactivate-stale-posts": {"task": "wengang.jobs.tasks.deactivate_stale_posts", "schedule": 3600 * 24},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
