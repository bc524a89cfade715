"""Where consenting members live, as arrays for the siting engine.

A million rows go through PostgreSQL's binary COPY and straight into numpy (a fixed 26-byte
record per member), instead of a million Python tuples: the whole read takes about a second
and the memory of the two float columns.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import text
from sqlalchemy.orm import Session

# Binary COPY: a 19-byte header, then per row a field count and, per field, a length and
# the big-endian double; the file ends with a -1 field count.
_HEADER = 19
_ROW = np.dtype([("n", ">i2"), ("l1", ">i4"), ("lat", ">f8"), ("l2", ">i4"), ("lon", ">f8")])

_ROW_WITH_ID = np.dtype(
    [
        ("n", ">i2"),
        ("l0", ">i4"),
        ("id", ">i8"),
        ("l1", ">i4"),
        ("lat", ">f8"),
        ("l2", ">i4"),
        ("lon", ">f8"),
    ]
)

_CONSENTED = """
COPY (
  SELECT {columns} FROM members.members
  WHERE location_consent_at IS NOT NULL AND home_latitude IS NOT NULL
    AND home_latitude BETWEEN %(south)s AND %(north)s
    AND home_longitude BETWEEN %(west)s AND %(east)s
) TO STDOUT (FORMAT binary)
"""


def consented_homes(
    session: Session, box: tuple[float, float, float, float] = (-90.0, -180.0, 90.0, 180.0)
) -> NDArray[np.float64]:
    """(n, 2) latitude, longitude of members who consented, inside (south, west, north, east)."""
    rows = _copy(session, box, "home_latitude, home_longitude", _ROW)
    return np.column_stack((rows["lat"].astype(np.float64), rows["lon"].astype(np.float64)))


def consented_homes_with_ids(
    session: Session, box: tuple[float, float, float, float]
) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
    """(ids, (n, 2) lat/lon) of consenting members in the box, by binary COPY (siting demand)."""
    rows = _copy(session, box, "id, home_latitude, home_longitude", _ROW_WITH_ID)
    homes = np.column_stack((rows["lat"].astype(np.float64), rows["lon"].astype(np.float64)))
    return rows["id"].astype(np.int64), homes


def _copy(
    session: Session, box: tuple[float, float, float, float], columns: str, row: np.dtype
) -> np.ndarray:
    raw = session.connection().connection.driver_connection
    assert raw is not None
    south, west, north, east = box
    chunks: list[bytes] = []
    with raw.cursor() as cursor:
        bounds = {"south": south, "west": west, "north": north, "east": east}
        with cursor.copy(_CONSENTED.format(columns=columns), bounds) as copy:
            for block in copy:
                chunks.append(bytes(block))
    data = b"".join(chunks)
    body = data[_HEADER : len(data) - 2]  # drop the trailer's -1 field count
    return np.frombuffer(body, dtype=row, count=len(body) // row.itemsize)


def consented_homes_by_member(
    session: Session, box: tuple[float, float, float, float]
) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
    """(ids, (n, 2) lat/lon) of consenting members inside the box: a campaign's audience pool."""
    south, west, north, east = box
    rows = session.execute(
        text(
            "SELECT id, home_latitude, home_longitude FROM members.members"
            " WHERE location_consent_at IS NOT NULL AND home_latitude IS NOT NULL"
            " AND home_latitude BETWEEN :south AND :north"
            " AND home_longitude BETWEEN :west AND :east ORDER BY id"
        ),
        {"south": south, "north": north, "west": west, "east": east},
    ).all()
    ids = np.array([r[0] for r in rows], dtype=np.int64)
    homes = np.array([(r[1], r[2]) for r in rows], dtype=np.float64).reshape(-1, 2)
    return ids, homes
