"""Database functions kept as source files: ``<service>/sql/<function>.sql``.

Each file holds one ``CREATE OR REPLACE FUNCTION`` (or ``VIEW``: a public read view) in
the service's schema. The newest migration that creates a function reads its file, pinned by a
digest of the text it was written for::

    op.execute(sql_source.load("inventory", "take_stock", digest="..."))

so a file edited without a new migration stops every migration run (and the tests)
with a message saying what to do, instead of drifting from databases already
migrated. Older migrations keep the text they ran (a frozen copy), so upgrading
an empty database replays history exactly. ARCHITECTURE.md says how to change a
function; ``tests/integration/test_sql_functions_source.py`` checks the files
against the migrated database.
"""

from __future__ import annotations

import hashlib
import importlib.util
from importlib import resources
from pathlib import Path
from typing import Any


class SourceChanged(RuntimeError):
    """A function's file no longer has the text its migration was written for."""


def path_of(package: str, name: str) -> str:
    """Where the source lives, for messages: ``inventory/sql/take_stock.sql``."""
    return f"{package.replace('.', '/')}/sql/{name}.sql"


def digest_of(text: str) -> str:
    """The pin a migration gives ``load`` (the first 16 hex digits of SHA-256)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def load(package: str, name: str, *, digest: str) -> str:
    """The text of ``<package>/sql/<name>.sql``, if it is still the text ``digest`` pins."""
    text = resources.files(package).joinpath("sql", f"{name}.sql").read_text(encoding="utf-8")
    if digest_of(text) != digest:
        raise SourceChanged(
            f"{path_of(package, name)} changed since the migration that reads it"
            f" (digest {digest_of(text)}, pinned {digest}). Freeze the old text in that"
            " migration and add a migration that loads the file with the new digest"
            " (ARCHITECTURE.md, 'Database functions')."
        )
    return text


def frozen(migration_file: str | Path, constant: str) -> str:
    """``constant`` from an older migration file (a downgrade restores what it created).

    Version files are not importable by name; migrations pass a path beside
    themselves (``Path(__file__).with_name(...)``).
    """
    path = Path(migration_file)
    spec = importlib.util.spec_from_file_location(f"_frozen_{path.stem}", path)
    assert spec is not None and spec.loader is not None
    module: Any = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return str(getattr(module, constant))
