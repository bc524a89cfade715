"""The suggestion's picture and CSV, from plain dicts (no database)."""

from __future__ import annotations

import csv
import io
import itertools
import math
import xml.etree.ElementTree as ET

import numpy as np
import pytest

from services.siting import mapsvg, report

SVG = "{http://www.w3.org/2000/svg}"


def _result() -> dict[str, object]:
    box = (31.0, 121.0, 31.2, 121.4)
    demand = np.array([[31.01, 121.01, 5.0], [31.011, 121.012, 3.0], [31.19, 121.39, 2.0]])
    store = {"store_id": 7, "code": "SHA-07", "name": "=HYPERLINK(1)"}
    return {
        "box": list(box),
        "existing": [{**store, "latitude": 31.1, "longitude": 121.2}],
        "sites": [
            {
                "rank": 1,
                "latitude": 31.05,
                "longitude": 121.1,
                "newly_covered": 8.0,
                "adds": 8.0,
                "nearest_store": store,
                "nearest_store_km": 10.2,
                "huff_members": 6.5,
                "takes_from": [{**store, "members": 1.5}],
            }
        ],
        "density": report.density_grid(demand, box, squares=4),
    }


def test_density_squares_sum_members_per_square() -> None:
    grid = _result()["density"]
    assert grid == {
        "rows": 4,
        "cols": 4,
        "squares": [[0, 0, 8.0], [3, 3, 2.0]],
        "suppressed_members": 0.0,
    }


def test_the_region_box_grows_by_the_radius_each_way() -> None:
    south, west, north, east = report.region_box([(31.0, 121.0), (31.2, 121.4)], 11.1195)
    assert (south, north) == pytest.approx((30.9, 31.3))
    assert (121.0 - west) == pytest.approx(0.1 / np.cos(np.radians(31.1)))
    assert east - 121.4 == pytest.approx(121.0 - west)


@pytest.mark.parametrize(("km", "bar"), [(7.3, 5), (2.0, 2), (0.34, 0.2), (19.9, 10), (120, 100)])
def test_the_scale_bar_is_a_round_length(km: float, bar: float) -> None:
    assert mapsvg._nice(km) == pytest.approx(bar)


def test_the_map_is_svg_with_squares_stores_numbered_sites_and_a_scale() -> None:
    root = ET.fromstring(mapsvg.draw(_result()))
    groups = {g.get("id"): g for g in root.iter(f"{SVG}g") if g.get("id")}
    assert len(groups["density"]) == 2 and len(groups["stores"]) == 1
    site = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "site")
    assert site.get("data-rank") == "1" and site.find(f"{SVG}text").text == "1"  # type: ignore[union-attr]
    # Framed on the site (at least 0.03 degree each way), so about 6 km wide: a 1 km bar.
    assert groups["scale"].find(f"{SVG}text").text == "1 km"  # type: ignore[union-attr]
    # The store's name is text in the picture, escaped, not markup.
    assert "=HYPERLINK(1)" in (groups["stores"][0].find(f"{SVG}title").text or "")  # type: ignore[union-attr]


def test_the_csv_has_one_row_per_site_and_names_never_run_as_formulas() -> None:
    rows = list(csv.reader(io.StringIO(report.sites_csv(_result()))))
    assert rows[0] == list(report.CSV_HEADER)
    assert rows[1][:6] == ["1", "31.05", "121.1", "8.0", "8.0", "7"]
    assert rows[1][6] == "'=HYPERLINK(1)" and rows[1][9] == "SHA-07:1.5"


def _box(element: ET.Element) -> tuple[float, float, float, float]:
    """A label's approximate box (the same estimate the placement uses: 0.6 em a letter)."""
    x, y, size = float(element.get("x", 0)), float(element.get("y", 0)), 11.0
    width = 0.6 * size * len(element.text or "")
    left = {"start": x, "end": x - width, "middle": x - width / 2}[
        element.get("text-anchor", "start")
    ]
    return left, y - size, left + width, y


def test_sites_close_together_stand_apart_on_a_base_map_with_the_region_inset() -> None:
    result = _result()
    # Three sites within about 2 km of each other, in central Shanghai.
    result["sites"] = [
        {**result["sites"][0], "rank": r, "latitude": 31.20 + d, "longitude": 121.44 + d}  # type: ignore[index]
        for r, d in ((1, 0.0), (2, 0.008), (3, 0.016))
    ]
    root = ET.fromstring(mapsvg.draw(result))
    width, height = float(root.get("width", 0)), float(root.get("height", 0))
    centres = [
        (float(c.get("cx", 0)), float(c.get("cy", 0)))
        for g in root.iter(f"{SVG}g") if g.get("class") == "site"
        for c in g.iter(f"{SVG}circle")
    ]  # fmt: skip
    assert len(centres) == 3
    assert all(0 < x < width and 0 < y < height for x, y in centres)
    assert min(math.dist(a, b) for a, b in itertools.combinations(centres, 2)) > 40
    # The base: Shanghai's outline, the coast, a city named; labels never overlap.
    paths = [p for p in root.iter(f"{SVG}path")]
    assert {"province", "country"} <= {p.get("class") for p in paths}
    labels = [t for t in root.iter(f"{SVG}text") if t.get("class") == "city-label"]
    assert "Shanghai" in {t.text for t in labels}
    boxes = [_box(t) for t in labels]
    for a, b in itertools.combinations(boxes, 2):
        assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)
    # The inset shows the whole region with the frame in it.
    inset = next(g for g in root.iter(f"{SVG}g") if g.get("id") == "inset")
    assert any(r.get("class") == "frame" for r in inset.iter(f"{SVG}rect"))
