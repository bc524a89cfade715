"""Touchpoint use cases: manage placements and sign their codes."""

from __future__ import annotations

from collections.abc import Sequence

import structlog
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from inventory.client import LocalInventoryClient
from services.platform.errors import Forbidden, InvalidInput, NotFound
from services.platform.settings import Settings
from services.touchpoints import scene as scenes
from services.touchpoints import tokens
from services.touchpoints.models import Touchpoint
from services.touchpoints.schemas import (
    TouchpointCodes,
    TouchpointCreate,
    TouchpointRead,
    TouchpointUpdate,
)
from stores.client import LocalStoresClient

log = structlog.get_logger(__name__)


def signing_keys(settings: Settings) -> dict[str, bytes]:
    return {kid: key.get_secret_value().encode() for kid, key in settings.qr_signing_keys.items()}


def _get(session: Session, touchpoint_id: int) -> Touchpoint:
    touchpoint = session.get(Touchpoint, touchpoint_id)
    if touchpoint is None:
        raise NotFound(f"touchpoint {touchpoint_id} does not exist", code="touchpoint_not_found")
    return touchpoint


def create(
    *, session: Session, data: TouchpointCreate, region_ids: Sequence[int] | None
) -> TouchpointRead:
    """A new touchpoint; its links must exist and lie in the caller's regions (None = all)."""
    stores = LocalStoresClient(session)
    region_id = data.region_id
    if data.store_id is not None:
        store = stores.get_store(data.store_id)
        if data.region_id is not None and data.region_id != store.region_id:
            raise InvalidInput("the store is in another region", code="touchpoint_region_mismatch")
        region_id = store.region_id
    if region_id is None:
        raise InvalidInput("a touchpoint needs a store or a region", code="touchpoint_no_region")
    if region_ids is not None and region_id not in region_ids:
        raise Forbidden("that region is not yours", code="region_forbidden")
    if data.kind == "store_entrance" and data.store_id is None:
        raise InvalidInput("a store entrance needs a store", code="touchpoint_needs_store")
    if data.kind == "guide_card" and data.guide_id is None:
        raise InvalidInput("a guide card needs a guide", code="touchpoint_needs_guide")
    if data.guide_id is not None:
        # Scans of this touchpoint credit its guide: the guide must work where it stands.
        guide = stores.get_guide(data.guide_id)
        guide_region = stores.get_store(guide.store_id).region_id
        if region_ids is not None and guide_region not in region_ids:
            # Another region's staff look absent, as its stores and touchpoints do.
            raise NotFound(f"guide {data.guide_id} does not exist", code="guide_not_found")
        if guide_region != region_id:
            raise InvalidInput("the guide works in another region", code="guide_region_mismatch")
        if data.store_id is not None and guide.store_id != data.store_id:
            raise InvalidInput("the guide works in another store", code="guide_store_mismatch")
    if data.kind == "shelf":
        if data.product_id is None:
            raise InvalidInput("a shelf code needs a product", code="touchpoint_needs_product")
        LocalInventoryClient(session).get_product(data.product_id)
    touchpoint = Touchpoint(
        **data.model_dump(exclude={"region_id"}),
        region_id=region_id,
        scene=scenes.new_scene(),
        token_version=1,
        active=True,
    )
    session.add(touchpoint)
    session.flush()
    return TouchpointRead.model_validate(touchpoint)


def get(
    *, session: Session, touchpoint_id: int, region_ids: Sequence[int] | None
) -> TouchpointRead:
    """One touchpoint; out-of-region ones look absent (no existence leak)."""
    touchpoint = _get(session, touchpoint_id)
    if region_ids is not None and touchpoint.region_id not in region_ids:
        raise NotFound(f"touchpoint {touchpoint_id} does not exist", code="touchpoint_not_found")
    return TouchpointRead.model_validate(touchpoint)


def list_touchpoints(
    *,
    session: Session,
    region_ids: Sequence[int] | None,
    store_id: int | None = None,
    kind: str | None = None,
    offset: int = 0,
    limit: int = 50,
) -> tuple[list[TouchpointRead], int]:
    query = select(Touchpoint)
    if region_ids is not None:
        query = query.where(Touchpoint.region_id.in_(region_ids))
    if store_id is not None:
        query = query.where(Touchpoint.store_id == store_id)
    if kind is not None:
        query = query.where(Touchpoint.kind == kind)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(query.order_by(Touchpoint.id).offset(offset).limit(limit))
    return [TouchpointRead.model_validate(t) for t in rows], total


def update(
    *,
    session: Session,
    touchpoint_id: int,
    changes: TouchpointUpdate,
    region_ids: Sequence[int] | None,
) -> TouchpointRead:
    get(session=session, touchpoint_id=touchpoint_id, region_ids=region_ids)
    touchpoint = _get(session, touchpoint_id)
    for field, value in changes.model_dump(exclude_unset=True).items():
        if field in ("name", "active") and value is None:
            continue
        setattr(touchpoint, field, value)
    session.flush()
    return TouchpointRead.model_validate(touchpoint)


def revoke(
    *, session: Session, touchpoint_id: int, region_ids: Sequence[int] | None
) -> TouchpointRead:
    """Invalidate every printed code of this touchpoint: new version, new scene."""
    get(session=session, touchpoint_id=touchpoint_id, region_ids=region_ids)
    touchpoint = session.scalar(
        select(Touchpoint).where(Touchpoint.id == touchpoint_id).with_for_update()
    )
    assert touchpoint is not None
    touchpoint.token_version += 1
    touchpoint.scene = scenes.new_scene()
    session.flush()
    log.info("touchpoint_revoked", touchpoint_id=touchpoint_id, version=touchpoint.token_version)
    return TouchpointRead.model_validate(touchpoint)


def codes(touchpoint: TouchpointRead, settings: Settings) -> TouchpointCodes:
    """The current signed token and link (signed with the active key)."""
    key_id = settings.qr_active_key_id
    token = tokens.sign(
        touchpoint_id=touchpoint.id,
        version=touchpoint.token_version,
        key_id=key_id,
        key=signing_keys(settings)[key_id],
    )
    return TouchpointCodes(
        **touchpoint.model_dump(), token=token, link=settings.touchpoint_link_base + token
    )


def names(*, session: Session, ids: Sequence[int]) -> dict[int, str]:
    wanted = sorted({int(i) for i in ids})
    if not wanted:
        return {}
    rows = session.execute(select(Touchpoint.id, Touchpoint.name).where(Touchpoint.id.in_(wanted)))
    return {i: name for i, name in rows.all()}
