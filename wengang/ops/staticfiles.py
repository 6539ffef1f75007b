"""Production static files: WhiteNoise's storage (hashed names from the manifest, gzip and brotli
copies), with each file's URL worked out once per process.

``{% static %}`` asks the storage for the URL on every render: a name cleaned, split, looked up in
the manifest and joined again, ~20 µs each, seven a page (the stylesheets and scripts of base.html).
The manifest is read once when the process starts and does not change while it runs, so neither do
the URLs.
"""

from __future__ import annotations

from typing import Any

from whitenoise.storage import CompressedManifestStaticFilesStorage

#: more names than the site has static files: beyond that, URLs are worked out every time
KEPT_URLS = 4096


class KeptUrlsStorage(CompressedManifestStaticFilesStorage):  # type: ignore[misc]  # whitenoise has no types
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name: str | None, force: bool = False) -> str:
        if force or name is None:
            return str(super().url(name, force))
        url = self._urls.get(name)
        if url is None:
            url = str(super().url(name))
            if len(self._urls) < KEPT_URLS:
                self._urls[name] = url
        return url
