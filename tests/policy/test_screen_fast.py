"""The batch reader's fast paths give exactly what the cell-by-cell (single-case) reader gives.

A fast path is taken per column when every cell of it qualifies; one cell that does not sends the
whole column down the exact path. So each case is checked both ways: a column of qualifying cells
only, and the same cells with one that does not qualify.
"""

from __future__ import annotations

import polars as pl
import pytest

from tests.policy.test_facts import batch, single
from wengang.policy.fields import FIELDS_BY_NAME
from wengang.policy.screen import text_is_clean

CLEAN_TEXT = {
    "industry_code": ["F52", "I65", "K7011", "L72", "F52"],
    "street": ["望京", "酒仙桥", "望京", "三里屯"],
    "name": ["北京示例商贸有限公司", "A B 公司", "示例企业1"],
}
#: one cell each that needs stripping, upper-casing, or is empty (unknown)
DIRTY_TEXT = {
    "industry_code": [" L72 ", "i65", "", "  ", "F5a", "f"],
    "street": [" 望京", "望京 ", "", "\t酒仙桥"],
    "name": ["  示例  ", "", " "],
}


def alike(batch_read: list[tuple[str, object]], cells: list[str | None], name: str) -> bool:
    """Each cell accepted with the same value, or rejected for the same reason (the single reader
    quotes the cell in front of the reason)."""
    for (status, value), cell in zip(batch_read, cells, strict=True):
        s_status, s_value = single(name, cell)
        if status != s_status:
            return False
        if status == "ok" and value != s_value:
            return False
        if status == "rejected" and not str(s_value).endswith(str(value)):
            return False
    return True


@pytest.mark.parametrize("name", sorted(CLEAN_TEXT))
def test_a_clean_text_column_takes_the_fast_path_and_reads_as_written(name: str) -> None:
    field = FIELDS_BY_NAME[name]
    cells = CLEAN_TEXT[name]
    assert text_is_clean(field, pl.Series(cells))
    assert batch(name, list(cells)) == [("ok", c) for c in cells]


@pytest.mark.parametrize("name", sorted(CLEAN_TEXT))
@pytest.mark.parametrize("dirty", range(6))
def test_one_dirty_cell_sends_the_column_down_the_exact_path(name: str, dirty: int) -> None:
    if dirty >= len(DIRTY_TEXT[name]):
        pytest.skip("fewer dirty examples for this column")
    field = FIELDS_BY_NAME[name]
    cell = DIRTY_TEXT[name][dirty]
    cells: list[str | None] = [*CLEAN_TEXT[name], cell, None]
    assert not text_is_clean(field, pl.Series(cells[:-1]))
    # the dirty cell is stripped, upper-cased, unknown or rejected as the single reader says
    assert alike(batch(name, cells), cells, name)


def test_the_fast_path_keeps_the_exact_values() -> None:
    assert batch("industry_code", ["F52", " i65 ", ""]) == [("ok", "F52"), ("ok", "I65"), ("ok", None)]
    assert batch("industry_code", ["F52", "I65", None]) == [("ok", "F52"), ("ok", "I65"), ("ok", None)]
