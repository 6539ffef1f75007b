"""Production settings, read in a fresh process from the environment."""

from __future__ import annotations

import json
import os
import subprocess
import sys

SHOW = (
    "import json; from wengang.config import settings as s; print(json.dumps({"
    "'debug': s.DEBUG, 'session_secure': s.SESSION_COOKIE_SECURE, 'csrf_secure': s.CSRF_COOKIE_SECURE, "
    "'hsts': getattr(s, 'SECURE_HSTS_SECONDS', 0), 'proxy': getattr(s, 'SECURE_PROXY_SSL_HEADER', None), "
    "'static': s.STORAGES['staticfiles']['BACKEND'], 'media': s.STORAGES['default']['BACKEND'], "
    "'whitenoise': 'whitenoise.middleware.WhiteNoiseMiddleware' in s.MIDDLEWARE, "
    "'conn': [s.DATABASES['default'].get('CONN_MAX_AGE'), s.DATABASES['default'].get('CONN_HEALTH_CHECKS')]}))"
)


def settings_with(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY", "PRODUCTION", "HTTPS")}
    return subprocess.run([sys.executable, "-c", SHOW], env={**clean, **env}, capture_output=True, text=True)


def test_production_needs_a_secret_key() -> None:
    done = settings_with(PRODUCTION="1")
    assert done.returncode != 0 and "SECRET_KEY must be set in production" in done.stderr


def test_production_refuses_debug() -> None:
    done = settings_with(PRODUCTION="1", SECRET_KEY="k" * 50, DEBUG="1")
    assert done.returncode != 0 and "DEBUG must be off in production" in done.stderr


def test_production_behind_tls_has_secure_cookies_hsts_and_persistent_connections() -> None:
    done = settings_with(PRODUCTION="1", SECRET_KEY="k" * 50, HTTPS="1", DATABASE_URL="postgres://u@127.0.0.1:5432/x")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {
        "debug": False,
        "session_secure": True,
        "csrf_secure": True,
        "hsts": 31536000,
        "proxy": ["HTTP_X_FORWARDED_PROTO", "https"],
        "static": "wengang.ops.staticfiles.KeptUrlsStorage",
        "media": "django.core.files.storage.FileSystemStorage",
        "whitenoise": True,
        "conn": [60, True],
    }


def test_uploaded_files_can_go_to_s3_compatible_storage() -> None:
    done = settings_with(PRODUCTION="1", SECRET_KEY="k" * 50, MEDIA_STORAGE="s3", S3_BUCKET="wengang")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["media"] == "storages.backends.s3.S3Storage"


PREPARED = (
    "import json; from wengang.config import settings as s; o = s.DATABASES['default']['OPTIONS']; "
    "print(json.dumps([o.get('server_side_binding'), o.get('prepare_threshold')]))"
)


def test_postgresql_binds_on_the_server_and_prepares_repeated_queries_unless_turned_off() -> None:
    url = "postgres://u@127.0.0.1:5432/x"
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DB_")}
    for env, expected in (({}, [True, 5]), ({"DB_PREPARE_THRESHOLD": "2"}, [True, 2]), ({"DB_SERVER_SIDE_BINDING": "0"}, [None, None])):
        done = subprocess.run(
            [sys.executable, "-c", PREPARED], env={**clean, "DATABASE_URL": url, **env}, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout) == expected, env
