"""A suggestion drawn offline: a base map (provinces, coast, cities), density squares,
stores, numbered sites, a scale bar and the whole region as a small inset.

No map tiles: the base is ``services/siting/basemap`` (shipped with the code). The main
picture is framed on the suggested sites (their bounding box plus padding), so sites a few
kilometres apart stand apart; the inset shows the region's box and where the frame is. The
projection is equirectangular with longitude squeezed by the cosine of the middle
latitude, so a kilometre is about as long east-west as north-south and the scale bar holds.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any
from xml.sax.saxutils import escape

from services.siting import basemap
from services.siting.basemap import Box, Rect

WIDTH = 800
MARGIN = 20
INSET = 170  # the inset's width in pixels
_KM_PER_DEGREE = 111.195
#: Padding around the sites' box, as a share of its size, and at least this many degrees.
PAD_SHARE, PAD_MIN = 0.35, 0.03
Project = Callable[[float, float], tuple[float, float]]


def _nice(km: float) -> float:
    """The largest 1, 2 or 5 x 10^n not above ``km`` (a scale bar people can read)."""
    power = 10 ** math.floor(math.log10(km))
    return max(step * power for step in (1, 2, 5) if step * power <= km)


def frame(result: dict[str, Any]) -> Box:
    """The sites' bounding box with padding (the region's box when there are no sites)."""
    sites = result["sites"]
    if not sites:
        south, west, north, east = result["box"]
        return south, west, north, east
    lats = [s["latitude"] for s in sites]
    lons = [s["longitude"] for s in sites]
    pad_lat = max((max(lats) - min(lats)) * PAD_SHARE, PAD_MIN)
    pad_lon = max((max(lons) - min(lons)) * PAD_SHARE, PAD_MIN)
    south, west = min(lats) - pad_lat, min(lons) - pad_lon
    north, east = max(lats) + pad_lat, max(lons) + pad_lon
    # At most about 4:3 tall: a north-south string of sites gets room east and west.
    squeeze = math.cos(math.radians((south + north) / 2))
    short = (north - south) * 0.75 / squeeze - (east - west)
    if short > 0:
        west, east = west - short / 2, east + short / 2
    return south, west, north, east


def _projection(box: Box, x0: float, y0: float, width: float) -> tuple[Project, float, float]:
    """Pixels for (lat, lon) in ``box`` drawn ``width`` wide from (x0, y0); its height and
    pixels per squeezed degree."""
    south, west, north, east = box
    squeeze = math.cos(math.radians((south + north) / 2))
    span_x, span_y = (east - west) * squeeze, north - south
    px = width / max(span_x, span_y * 0.25)

    def xy(lat: float, lon: float) -> tuple[float, float]:
        return x0 + (lon - west) * squeeze * px, y0 + (north - lat) * px

    return xy, span_y * px, px


def _path(rings: list[list[tuple[float, float]]], xy: Project) -> str:
    parts = []
    for ring in rings:
        points = [xy(lat, lon) for lon, lat in ring]
        parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in points) + "Z")
    return "".join(parts)


def _base(box: Box, xy: Project, *, labels: bool, taken: list[Rect]) -> list[str]:
    """Provinces (land), the country's outline (the coast) and, with ``labels``, cities."""
    parts = ['<g id="base">']
    for outline in basemap.outlines(box):
        country = outline.kind == "country"
        parts.append(
            f'<path class="{outline.kind}" d="{_path(outline.rings, xy)}" '
            + ('fill="none" stroke="#475569" stroke-width="1.2"' if country else
               'fill="#f7f4ec" stroke="#a8a29e" stroke-width="0.6"')
            + f"><title>{escape(outline.name)}</title></path>"
        )  # fmt: skip
    if labels:
        for city in basemap.cities(box):
            x, y = xy(city.latitude, city.longitude)
            spot = basemap.place_label(x, y, city.name, 11, taken)
            parts.append(f'<circle class="city" cx="{x:.1f}" cy="{y:.1f}" r="2" fill="#57534e"/>')
            if spot is not None:
                lx, ly, anchor = spot
                parts.append(
                    f'<text class="city-label" x="{lx:.1f}" y="{ly:.1f}" text-anchor="{anchor}" '
                    f'font-size="11" fill="#57534e">{escape(city.name)}</text>'
                )
    parts.append("</g>")
    return parts


def _inset(result: dict[str, Any], shown: Box, x0: float, y0: float) -> list[str]:
    """The whole region small, with the main picture's frame outlined in red."""
    region: Box = tuple(result["box"])
    _, height, _ = _projection(region, x0, y0, INSET)
    height = min(height, INSET * 2)
    parts = [
        f'<g id="inset"><rect x="{x0}" y="{y0}" width="{INSET}" height="{height:.1f}" '
        'fill="#dbeafe" stroke="#334155"/>',
        f'<svg x="{x0}" y="{y0}" width="{INSET}" height="{height:.1f}" overflow="hidden">',
    ]
    inner, _, _ = _projection(region, 0, 0, INSET)
    parts += _base(region, inner, labels=False, taken=[])
    (ax, ay), (bx, by) = inner(shown[2], shown[1]), inner(shown[0], shown[3])
    parts.append(
        f'<rect class="frame" x="{ax:.1f}" y="{ay:.1f}" width="{max(bx - ax, 2):.1f}" '
        f'height="{max(by - ay, 2):.1f}" fill="none" stroke="#e53e3e" stroke-width="2"/>'
    )
    parts.append("</svg></g>")
    return parts


def draw(result: dict[str, Any]) -> str:
    shown = frame(result)
    xy, map_height, px = _projection(shown, MARGIN, MARGIN, WIDTH - 2 * MARGIN)
    height = int(map_height) + 2 * MARGIN + 30
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" font-family="sans-serif" font-size="12">',
        f'<rect width="{WIDTH}" height="{height}" fill="#dbeafe"/>',
    ]
    # The inset's corner is no place for a label.
    _, inset_height, _ = _projection(tuple(result["box"]), 0, 0, INSET)
    inset = min(inset_height, INSET * 2)
    taken: list[Rect] = [(WIDTH - MARGIN - INSET, MARGIN, WIDTH - MARGIN, MARGIN + inset)]
    # Sites first in the label budget: their numbers must stay readable.
    sites = [(site, *xy(site["latitude"], site["longitude"])) for site in result["sites"]]
    for _, x, y in sites:
        taken.append((x - 10, y - 10, x + 10, y + 10))
    parts += _base(shown, xy, labels=True, taken=taken)
    parts.append('<g id="density">')
    south, west, north, east = result["box"]
    squeeze = math.cos(math.radians((shown[0] + shown[2]) / 2))
    grid = result["density"]
    top = max((sq[2] for sq in grid["squares"]), default=1.0) or 1.0
    dlat, dlon = (north - south) / grid["rows"], (east - west) / grid["cols"]
    for row, col, members in grid["squares"]:
        x, y = xy(south + (row + 1) * dlat, west + col * dlon)
        shade = 0.15 + 0.75 * math.sqrt(members / top)  # sqrt: sparse suburbs stay visible
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{dlon * squeeze * px:.1f}" '
            f'height="{dlat * px:.1f}" fill="#2b6cb0" fill-opacity="{shade:.2f}">'
            f"<title>{members:g} members</title></rect>"
        )
    parts.append('</g><g id="stores">')
    for store in result["existing"]:
        x, y = xy(store["latitude"], store["longitude"])
        parts.append(
            f'<rect class="store" x="{x - 5:.1f}" y="{y - 5:.1f}" width="10" height="10" '
            f'fill="#4a5568" stroke="#ffffff"><title>{escape(store["code"])} '
            f"{escape(store['name'])}</title></rect>"
        )
    parts.append('</g><g id="sites">')
    for site, x, y in sites:
        parts.append(
            f'<g class="site" data-rank="{site["rank"]}"><circle cx="{x:.1f}" cy="{y:.1f}" '
            f'r="9" fill="#e53e3e" stroke="#ffffff"/><text x="{x:.1f}" y="{y + 4:.1f}" '
            f'text-anchor="middle" fill="#ffffff" font-weight="bold">{site["rank"]}</text></g>'
        )
    span_x = (shown[3] - shown[1]) * squeeze
    bar_km = _nice(max(span_x * _KM_PER_DEGREE / 4, 1e-3))
    bar_px = bar_km / _KM_PER_DEGREE * px
    y = height - 18
    parts += [
        f'</g><g id="scale"><line x1="{MARGIN}" y1="{y}" x2="{MARGIN + bar_px:.1f}" y2="{y}" '
        'stroke="#000000" stroke-width="3"/>',
        f'<text x="{MARGIN + bar_px + 6:.1f}" y="{y + 4}">{bar_km:g} km</text></g>',
        f'<text x="{WIDTH - MARGIN}" y="{y + 4}" text-anchor="end">'
        "blue: members per square, grey: stores, red: suggested sites</text>",
    ]
    parts += _inset(result, shown, WIDTH - MARGIN - INSET, MARGIN)
    parts.append("</svg>")
    return "".join(parts)
