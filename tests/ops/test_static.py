"""Production static files: hashed names and compressed copies (WhiteNoise)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

from wengang.ops.staticfiles import KeptUrlsStorage


def test_collectstatic_writes_hashed_and_compressed_files(tmp_path: Path) -> None:
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "wengang.ops.staticfiles.KeptUrlsStorage"},
    }
    with override_settings(STORAGES=storages, STATIC_ROOT=tmp_path):
        call_command("collectstatic", "--noinput", verbosity=0)
    css = sorted(p.name for p in (tmp_path / "css").iterdir())
    hashed = [n for n in css if n.startswith("site.") and n.endswith(".css") and n != "site.css"]
    assert len(hashed) == 1 and len(hashed[0].split(".")) == 3
    assert f"{hashed[0]}.gz" in css
    assert (tmp_path / "staticfiles.json").exists()


def test_each_static_url_is_worked_out_once_per_process(tmp_path: Path) -> None:
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "wengang.ops.staticfiles.KeptUrlsStorage"},
    }
    with override_settings(STORAGES=storages, STATIC_ROOT=tmp_path, STATIC_URL="/static/"):
        call_command("collectstatic", "--noinput", verbosity=0)
        storage = KeptUrlsStorage()
        url = storage.url("css/site.css")
        assert url.startswith("/static/css/site.") and url.endswith(".css") and url != "/static/css/site.css"
        assert storage._urls == {"css/site.css": url}
        assert storage.url("css/site.css") is url
        with pytest.raises(ValueError):  # not in the manifest: refused every time, nothing kept
            storage.url("css/none.css")
        assert list(storage._urls) == ["css/site.css"]
