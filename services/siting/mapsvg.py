"""A suggestion drawn from our own data: density squares, stores, numbered sites, scale bar.

No map tiles: the picture is the region's box in an equirectangular projection with the
longitude squeezed by the cosine of the middle latitude, so a kilometre is about as long
east-west as north-south and the scale bar holds across the (city-sized) box.
"""

from __future__ import annotations

import math
from typing import Any
from xml.sax.saxutils import escape

WIDTH = 800
MARGIN = 20
_KM_PER_DEGREE = 111.195


def _nice(km: float) -> float:
    """The largest 1, 2 or 5 x 10^n not above ``km`` (a scale bar people can read)."""
    power = 10 ** math.floor(math.log10(km))
    return max(step * power for step in (1, 2, 5) if step * power <= km)


def draw(result: dict[str, Any]) -> str:
    south, west, north, east = result["box"]
    squeeze = math.cos(math.radians((south + north) / 2))
    span_x = (east - west) * squeeze
    span_y = north - south
    inner = WIDTH - 2 * MARGIN
    px = inner / max(span_x, span_y * 0.25)  # pixels per (squeezed) degree
    height = int(span_y * px) + 2 * MARGIN + 30

    def xy(lat: float, lon: float) -> tuple[float, float]:
        return MARGIN + (lon - west) * squeeze * px, MARGIN + (north - lat) * px

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" font-family="sans-serif" font-size="12">',
        f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>',
        '<g id="density">',
    ]
    grid = result["density"]
    top = max((sq[2] for sq in grid["squares"]), default=1.0) or 1.0
    dlat, dlon = span_y / grid["rows"], (east - west) / grid["cols"]
    for row, col, members in grid["squares"]:
        x, y = xy(south + (row + 1) * dlat, west + col * dlon)
        shade = 0.15 + 0.85 * math.sqrt(members / top)  # sqrt: sparse suburbs stay visible
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{dlon * squeeze * px:.1f}" '
            f'height="{dlat * px:.1f}" fill="#2b6cb0" fill-opacity="{shade:.2f}">'
            f"<title>{members:g} members</title></rect>"
        )
    parts.append('</g><g id="stores">')
    for store in result["existing"]:
        x, y = xy(store["latitude"], store["longitude"])
        parts.append(
            f'<rect x="{x - 5:.1f}" y="{y - 5:.1f}" width="10" height="10" fill="#4a5568" '
            f'stroke="#ffffff"><title>{escape(store["code"])} {escape(store["name"])}</title>'
            "</rect>"
        )
    parts.append('</g><g id="sites">')
    for site in result["sites"]:
        x, y = xy(site["latitude"], site["longitude"])
        parts.append(
            f'<g class="site" data-rank="{site["rank"]}"><circle cx="{x:.1f}" cy="{y:.1f}" '
            f'r="9" fill="#e53e3e" stroke="#ffffff"/><text x="{x:.1f}" y="{y + 4:.1f}" '
            f'text-anchor="middle" fill="#ffffff" font-weight="bold">{site["rank"]}</text></g>'
        )
    km_wide = span_x * _KM_PER_DEGREE
    bar_km = _nice(max(km_wide / 4, 1e-3))
    bar_px = bar_km / _KM_PER_DEGREE * px
    y = height - 18
    label = f"{bar_km:g} km"
    parts += [
        f'</g><g id="scale"><line x1="{MARGIN}" y1="{y}" x2="{MARGIN + bar_px:.1f}" y2="{y}" '
        'stroke="#000000" stroke-width="3"/>',
        f'<text x="{MARGIN + bar_px + 6:.1f}" y="{y + 4}">{label}</text></g>',
        f'<text x="{WIDTH - MARGIN}" y="{y + 4}" text-anchor="end">'
        "blue: members per square, grey: stores, red: suggested sites</text>",
        "</svg>",
    ]
    return "".join(parts)
