"""Assertions the page tests share."""

from __future__ import annotations


def assert_shows(page: str, *texts: str) -> None:
    """Each of ``texts`` is in ``page``; a failure lists every one that is not."""
    missing = [text for text in texts if text not in page]
    assert not missing, f"not on the page: {missing}"
