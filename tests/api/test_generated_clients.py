"""The committed Python client is what `make clients` generates from the committed /mp document."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "clients" / "python" / "o2o_mp_client"


def _files(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): p.read_text(encoding="utf-8")
        for p in sorted(folder.rglob("*.py"))
    }


def test_the_python_client_is_generated_from_the_committed_document(tmp_path: Path) -> None:
    fresh = tmp_path / "o2o_mp_client"
    bin_dir = Path(sys.executable).parent
    subprocess.run(
        [
            str(bin_dir / "openapi-python-client"),
            "generate",
            "--path",
            str(ROOT / "openapi" / "mp.json"),
            "--config",
            str(ROOT / "clients" / "python" / "config.yaml"),
            "--meta",
            "none",
            "--output-path",
            str(fresh),
        ],
        check=True,
        capture_output=True,
    )
    config = str(ROOT / "pyproject.toml")
    ruff = str(bin_dir / "ruff")
    subprocess.run([ruff, "check", "--config", config, "--fix-only", "-q", str(fresh)], check=True)
    subprocess.run([ruff, "format", "--config", config, "-q", str(fresh)], check=True)
    committed = _files(COMMITTED)
    assert committed, "clients/python/o2o_mp_client is missing: run `make clients`"
    assert _files(fresh) == committed, "clients/python is stale: run `make clients`"
