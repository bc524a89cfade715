"""A finished site suggestion for the East China demo region (its map shows at first start)."""

from __future__ import annotations

from services.platform.uow import UnitOfWork
from services.siting import jobs

DEMO_K = 3
DEMO_RADIUS_KM = 3.0


def seed_site_suggestion(region_id: int) -> int:
    """Start and run one suggestion as the HQ would; returns its id (done or failed)."""
    with UnitOfWork() as uow:
        job_id = jobs.start(
            uow.session,
            region_id=region_id,
            k=DEMO_K,
            model="mclp",
            radius_km=DEMO_RADIUS_KM,
            candidates=None,
            manager_id=None,
            regions=None,
            running_limit=1,
        ).id
        uow.commit()
    jobs.run(job_id)
    return job_id
