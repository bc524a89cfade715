"""One application factory per front door, for ``o2o serve --door NAME``.

uvicorn imports a factory by name (``server.doors:mp``) in every worker process, so each
door is a module-level function rather than an argument (``server.roles.factory`` names it
without importing the app: the serving launcher must set up metrics before that).
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
