"""``/dashboard``: the manager's wall, one page served by the app with its own assets.

The page is static (HTML, one script, one stylesheet, here in ``static/``); it logs in through
``POST /manager/v1/auth/login`` and reads ``/manager/v1/...`` with the token it keeps in
``sessionStorage``, so it sees exactly what the API lets that manager see (a region's manager
their regions, HQ all; a guide cannot log in there). Charts are plotly.js, served from the
``plotly`` Python package under ``/dashboard-assets/plotly.min.js``: nothing is fetched from
a CDN, and the page's Content-Security-Policy forbids any other origin, whatever a script tries.
The store map's base (provinces, coast, cities) is ``services/siting/basemap/china.geojson``,
served as ``/dashboard-assets/basemap.geojson``: no tile server.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles

from services.siting import basemap

PAGE = "/dashboard"
ASSETS = "/dashboard-assets"
_STATIC = Path(__file__).parent / "static"
#: Only this origin; plotly styles its charts inline, and the store plot is an inline SVG.
DASHBOARD_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
)


@lru_cache(maxsize=1)
def plotly_js() -> Path:
    """plotly.min.js as the ``plotly`` package ships it (found without importing plotly)."""
    spec = find_spec("plotly")
    assert spec is not None and spec.origin is not None, "the plotly package is a dependency"
    return Path(spec.origin).parent / "package_data" / "plotly.min.js"


def install_dashboard(app: FastAPI) -> None:
    """Serve the page and its assets (no API route: the page reads the manager API)."""

    async def page() -> HTMLResponse:
        html = (_STATIC / "dashboard.html").read_text(encoding="utf-8")
        return HTMLResponse(
            html, headers={"Content-Security-Policy": DASHBOARD_CSP, "Cache-Control": "no-cache"}
        )

    async def plotly() -> FileResponse:
        return FileResponse(
            plotly_js(),
            media_type="text/javascript",
            headers={"Cache-Control": "public, max-age=86400"},
        )

    async def base_map() -> FileResponse:
        return FileResponse(
            basemap.PATH,
            media_type="application/geo+json",
            headers={"Cache-Control": "public, max-age=86400"},
        )

    app.add_api_route(PAGE, page, include_in_schema=False)
    app.add_api_route(f"{ASSETS}/plotly.min.js", plotly, include_in_schema=False)  # before mount
    app.add_api_route(f"{ASSETS}/basemap.geojson", base_map, include_in_schema=False)
    app.mount(ASSETS, StaticFiles(directory=_STATIC), name="dashboard-assets")
