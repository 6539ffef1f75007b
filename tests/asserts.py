"""Assertions the page tests share."""

from __future__ import annotations

import io
from typing import Any


def assert_shows(page: str, *texts: str) -> None:
    """Each of ``texts`` is in ``page``; a failure lists every one that is not."""
    missing = [text for text in texts if text not in page]
    assert not missing, f"not on the page: {missing}"


def xlsx_sheet(response: Any) -> Any:
    """The active sheet of an Excel download, after checking it is one (200, the workbook's type)."""
    from openpyxl import load_workbook

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content)).active


def xlsx_rows(response: Any) -> list[tuple[Any, ...]]:
    """The rows of an Excel download's active sheet, as values."""
    return list(xlsx_sheet(response).iter_rows(values_only=True))
