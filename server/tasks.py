"""Every module that defines Celery tasks or outbox subscriptions (worker, beat, tests).

The list is the manifests' (``server.manifests``); it is kept here for its importers.
"""

from __future__ import annotations

from server.manifests import TASK_MODULES

__all__ = ["TASK_MODULES"]
