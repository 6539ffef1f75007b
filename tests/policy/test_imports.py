"""One case needs neither Polars nor the batch machinery: they are imported only for screening."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import yaml

from tests.policy.test_screen_files import OP3_FIRM

BATCH_MODULES = ("polars", "numpy", "pyarrow", "wengang.policy.screen")


def _run(code: str) -> dict[str, object]:
    """Run ``code`` in a fresh interpreter; it prints one JSON object as its last line."""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_importing_the_engine_and_explaining_one_case_does_not_import_polars(tmp_path: Path) -> None:
    firm = tmp_path / "firm.yaml"
    firm.write_text(yaml.safe_dump(OP3_FIRM, allow_unicode=True), encoding="utf-8")
    worker = tmp_path / "worker.yaml"
    worker.write_text(yaml.safe_dump({"kind": "worker"}), encoding="utf-8")
    code = f"""
import contextlib, io, json, sys
import wengang.policy
after_import = [m for m in {BATCH_MODULES!r} if m in sys.modules]
from wengang.cli import main
with contextlib.redirect_stdout(io.StringIO()) as out:
    codes = [main(["explain", {str(firm)!r}, "--json"])]
op3 = next(r for r in json.loads(out.getvalue())["results"] if r["policy"] == "OP3")
with contextlib.redirect_stdout(io.StringIO()):
    codes.append(main(["explain", {str(worker)!r}]))
    try:
        main(["--help"])
    except SystemExit:
        pass
print(json.dumps({{"after_import": after_import, "after_explain": [m for m in {BATCH_MODULES!r} if m in sys.modules],
                  "codes": codes, "op3": [op3["status"], op3["amount"]]}}))
"""
    result = _run(code)
    assert result["after_import"] == []
    assert result["after_explain"] == []
    assert result["codes"][0] == 0  # type: ignore[index]
    assert result["op3"] == ["eligible", "15000.00"]  # the case was really explained


def test_the_batch_names_are_the_functions_whichever_is_imported_first() -> None:
    code = """
import json, sys
import wengang.policy.screen
from wengang.policy.screen import validate
import wengang.policy as engine
from wengang.policy import ScreenResult, screen, screen_file
print(json.dumps([screen.__name__, screen_file.__name__, ScreenResult.__name__, engine.screen is screen,
                  "polars" in sys.modules, callable(validate)]))
"""
    first_submodule = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(first_submodule.stdout) == ["screen", "screen_file", "ScreenResult", True, True, True]
    code = """
import json, sys
from wengang.policy import screen
import wengang.policy.screen as again
print(json.dumps([screen.__name__, type(screen).__name__, again is screen, "polars" in sys.modules]))
"""
    first_name = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(first_name.stdout) == ["screen", "function", True, True]
