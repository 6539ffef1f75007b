"""Reading an exported workbook in tests: the response is an .xlsx download, its first sheet."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import load_workbook


def sheet(response: Any) -> Any:
    """The first sheet of an Excel download (answered 200 as an .xlsx)."""
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content)).active


def rows(response: Any) -> list[tuple[Any, ...]]:
    """The download's first sheet as rows of values, the header row first."""
    return list(sheet(response).iter_rows(values_only=True))
