"""Rows copied straight into a table (``COPY``) in the seed's transaction."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session


def copy_rows(session: Session, target: str, rows: Iterable[tuple[object, ...]]) -> None:
    """``target`` is ``schema.table (columns)``."""
    raw = session.connection().connection.driver_connection
    assert raw is not None
    with raw.cursor() as cursor, cursor.copy(f"COPY {target} FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
