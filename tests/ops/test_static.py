"""Production static files: hashed names and compressed copies (WhiteNoise)."""

from __future__ import annotations

from pathlib import Path

from django.core.management import call_command
from django.test import override_settings


def test_collectstatic_writes_hashed_and_compressed_files(tmp_path: Path) -> None:
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(STORAGES=storages, STATIC_ROOT=tmp_path):
        call_command("collectstatic", "--noinput", verbosity=0)
    css = sorted(p.name for p in (tmp_path / "css").iterdir())
    hashed = [n for n in css if n.startswith("site.") and n.endswith(".css") and n != "site.css"]
    assert len(hashed) == 1 and len(hashed[0].split(".")) == 3
    assert f"{hashed[0]}.gz" in css
    assert (tmp_path / "staticfiles.json").exists()
