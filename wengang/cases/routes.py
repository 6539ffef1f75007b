"""URL tables without saying each page's word three times.

Most pages of a case app live at ``<under><word>/``, are served by ``views.<view_prefix><word>`` and
are reversed as ``<namespace>:<name_prefix><word>``. ``pages()`` writes those; a page whose path,
view or name differs keeps its own ``path()`` line, so each ``urls.py`` lists only what is
particular to it. The permission matrix (tests/hall/test_permission_matrix.py) walks the resolver,
so generated patterns are checked like written ones.
"""

from __future__ import annotations

from types import ModuleType

from django.urls import URLPattern, path


def pages(
    views: ModuleType, *words: str, under: str = "", view_prefix: str = "", name_prefix: str = ""
) -> list[URLPattern]:
    """``path(f"{under}{word}/", views.<view_prefix><word>, name=f"{name_prefix}{word}")`` for each word."""
    return [
        path(f"{under}{word}/", getattr(views, f"{view_prefix}{word}"), name=f"{name_prefix}{word}") for word in words
    ]
