"""API docs served by the app itself: Swagger UI and ReDoc from a Python package, no CDN.

FastAPI's default pages load their JavaScript from a foreign CDN, which renders a blank page
offline (and is slow or blocked for many users in China). Here the assets come from the
``fastapi_offline`` package, mounted under ``/docs-assets``; the whole API has ``/docs``,
``/redoc`` and ``/openapi.json``, and each front door its own three under its slug
(``/mp/docs``, ``/mp/openapi.json``, ...), so a team reads and generates only its own door.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from pathlib import Path
from typing import Any

import fastapi_offline
from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.routing import APIRoute, RouteContext, iter_route_contexts
from fastapi.staticfiles import StaticFiles
from starlette.routing import BaseRoute

ASSETS = "/docs-assets"
_ASSET_DIR = Path(fastapi_offline.__file__).parent / "static"
#: ReDoc with its one remote image (the vendor's logo, fetched from its CDN) pointed home.
REDOC_JS = f"{ASSETS}/redoc-offline.js"
_REDOC_REMOTE_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"
#: Docs pages may load nothing from elsewhere, whatever a vendored script tries.
DOCS_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:"
)


@lru_cache(maxsize=1)
def _redoc_offline() -> bytes:
    script = (_ASSET_DIR / "redoc.standalone.js").read_text(encoding="utf-8")
    return script.replace(_REDOC_REMOTE_LOGO, f"{ASSETS}/favicon.png").encode()


@dataclass(frozen=True)
class FrontDoor:
    """One audience's slice of the API: its docs live at ``/<slug>/docs``."""

    slug: str
    title: str
    prefix: str
    description: str
    #: The login route whose answer the docs page turns into an authorization.
    login_path: str
    #: The security scheme its tokens belong to (see ``services.platform.web.auth``).
    scheme: str


#: Post-processing of a generated document (error answers, deprecations), applied to all.
Finisher = Callable[[dict[str, Any], Sequence[RouteContext]], None]


def api_routes(routes: Sequence[BaseRoute | RouteContext]) -> list[RouteContext]:
    """Every API route as its effective context (full path, router dependencies included)."""
    return [
        context
        for context in iter_route_contexts(routes)
        if isinstance(context.original_route, APIRoute)
    ]


def _routes_of(app: FastAPI, door: FrontDoor | None) -> list[RouteContext]:
    routes = api_routes(app.routes)
    if door is None:
        return routes
    return [r for r in routes if (r.path_format or "").startswith(door.prefix)]


def build_openapi(
    app: FastAPI, door: FrontDoor | None, finishers: Sequence[Finisher] = ()
) -> dict[str, Any]:
    """The OpenAPI document of the whole app, or of one front door's routes only."""
    routes = _routes_of(app, door)
    document = get_openapi(
        title=app.title if door is None else door.title,
        version=app.version,
        openapi_version=app.openapi_version,
        description=app.description if door is None else door.description,
        routes=routes,
        tags=app.openapi_tags,
    )
    if door is not None:
        _short_operation_ids(document, routes)
    for finish in finishers:
        finish(document, routes)
    return document


def _short_operation_ids(document: dict[str, Any], routes: Sequence[RouteContext]) -> None:
    """Within one door, an operation is named after its endpoint (``place_order``), which
    is what generated clients call their functions; the whole document keeps FastAPI's
    longer ids, unique across doors (every door has a ``login``)."""
    names = [route.name for route in routes if route.include_in_schema]
    for route in routes:
        if not route.include_in_schema or names.count(route.name) > 1:
            continue
        for method in route.methods or ():
            operation = document["paths"].get(route.path_format, {}).get(method.lower())
            if operation is not None:
                operation["operationId"] = route.name


def _login_map(doors: Sequence[FrontDoor]) -> str:
    return json.dumps({door.login_path: door.scheme for door in doors})


def swagger_page(*, title: str, openapi_url: str, doors: Sequence[FrontDoor]) -> str:
    """Swagger UI on local assets; a login answer authorizes the page with its token."""
    # A successful login through "Try it out" puts its token into the matching security
    # scheme, so the next "Try it out" is authorized without copying the token by hand.
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>{escape(title)}</title>
<link rel="icon" href="{ASSETS}/favicon.png">
<link rel="stylesheet" href="{ASSETS}/swagger-ui.css">
</head><body>
<div id="swagger-ui"></div>
<script src="{ASSETS}/swagger-ui-bundle.js"></script>
<script>
const loginSchemes = {_login_map(doors)};
window.ui = SwaggerUIBundle({{
  url: {json.dumps(openapi_url)},
  dom_id: "#swagger-ui",
  layout: "BaseLayout",
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
  deepLinking: true,
  persistAuthorization: true,
  displayRequestDuration: true,
  showExtensions: true,
  validatorUrl: null,
  responseInterceptor: (response) => {{
    try {{
      const path = new URL(response.url, window.location.href).pathname;
      const scheme = loginSchemes[path];
      const token = response.ok && response.obj && response.obj.access_token;
      if (scheme && token) window.ui.preauthorizeApiKey(scheme, token);
    }} catch (error) {{ console.warn("docs login hook", error); }}
    return response;
  }},
}});
</script>
</body></html>"""


def redoc_page(*, title: str, openapi_url: str) -> str:
    """ReDoc on local assets, without its Google Fonts link."""
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>{escape(title)}</title>
<link rel="icon" href="{ASSETS}/favicon.png">
<style>body {{ margin: 0; padding: 0; }}</style>
</head><body>
<redoc spec-url="{escape(openapi_url)}"></redoc>
<script src="{REDOC_JS}"></script>
</body></html>"""


def install_docs(
    app: FastAPI, *, doors: Sequence[FrontDoor], finishers: Sequence[Finisher] = ()
) -> None:
    """Serve docs for the whole app and for each door; the app must be built with
    ``docs_url=None, redoc_url=None, openapi_url=None`` so FastAPI's CDN pages are off."""

    async def redoc_js() -> Response:
        return Response(
            _redoc_offline(),
            media_type="text/javascript",
            headers={"Cache-Control": "public, max-age=86400"},
        )

    app.add_api_route(REDOC_JS, redoc_js, include_in_schema=False)  # before the mount
    app.mount(ASSETS, StaticFiles(directory=_ASSET_DIR), name="docs-assets")
    documents: dict[str | None, dict[str, Any]] = {}

    def document(door: FrontDoor | None) -> dict[str, Any]:
        key = None if door is None else door.slug
        if key not in documents:  # built once: routes do not change after start-up
            documents[key] = build_openapi(app, door, finishers)
        return documents[key]

    def whole() -> dict[str, Any]:
        return document(None)

    app.openapi = whole  # type: ignore[method-assign]  # tests and tools read app.openapi()
    app.state.openapi_for = document
    for door in (None, *doors):
        _add_pages(app, door, doors, document)


def _add_pages(
    app: FastAPI,
    door: FrontDoor | None,
    doors: Sequence[FrontDoor],
    document: Callable[[FrontDoor | None], dict[str, Any]],
) -> None:
    base = "" if door is None else f"/{door.slug}"
    title = app.title if door is None else door.title
    openapi_url = f"{base}/openapi.json"

    async def openapi_json() -> JSONResponse:
        return JSONResponse(document(door))

    async def swagger() -> HTMLResponse:
        page = swagger_page(title=f"{title} · API docs", openapi_url=openapi_url, doors=doors)
        return HTMLResponse(page, headers={"Content-Security-Policy": DOCS_CSP})

    async def redoc() -> HTMLResponse:
        page = redoc_page(title=f"{title} · API reference", openapi_url=openapi_url)
        return HTMLResponse(page, headers={"Content-Security-Policy": DOCS_CSP})

    app.add_api_route(openapi_url, openapi_json, include_in_schema=False)
    app.add_api_route(f"{base}/docs", swagger, include_in_schema=False)
    app.add_api_route(f"{base}/redoc", redoc, include_in_schema=False)
