"""One application factory per front door, for ``o2o serve --door NAME``.

uvicorn imports a factory by name (``server.doors:mp``) in every worker process, so each
door is a module-level function rather than an argument.
"""

from __future__ import annotations

from fastapi import FastAPI

from server.app import create_app


def mp() -> FastAPI:
    return create_app("mp")


def tablet() -> FastAPI:
    return create_app("tablet")


def manager() -> FastAPI:
    return create_app("manager")


def webhooks() -> FastAPI:
    return create_app("webhooks")


def factory(door: str) -> str:
    """The import string of ``door``'s factory (``all``: the whole API)."""
    return "server.app:create_app" if door == "all" else f"server.doors:{door}"
