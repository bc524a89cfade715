"""What to do with a site-suggestion job nobody is working on (a pure decision).

A job is started by a Celery task sent after its row commits. If that message is lost
(the broker restarted, the worker died before acking) the job would stay ``queued`` or
``running`` forever and keep counting against the manager's limit. Beat's sweep asks
this function about every unfinished job: send the task again (safe: the claim runs a
job once however often it is delivered), give up with a message the manager can read,
or leave it alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

Fate = Literal["wait", "resend", "give_up"]

#: A queued job no worker has claimed after this long: its message was probably lost.
RESEND_QUEUED_AFTER = timedelta(minutes=2)
#: A running job with no claim this recent lost its worker (jobs take seconds, not minutes).
RESEND_RUNNING_AFTER = timedelta(minutes=15)
#: After this long since it was asked for, the answer is stale anyway: stop retrying.
GIVE_UP_AFTER = timedelta(hours=1)


@dataclass(frozen=True)
class Unfinished:
    status: Literal["queued", "running"]
    created_at: datetime
    started_at: datetime | None


def fate(job: Unfinished, now: datetime) -> Fate:
    if now - job.created_at >= GIVE_UP_AFTER:
        return "give_up"
    if job.status == "queued":
        return "resend" if now - job.created_at >= RESEND_QUEUED_AFTER else "wait"
    started = job.started_at or job.created_at
    return "resend" if now - started >= RESEND_RUNNING_AFTER else "wait"
