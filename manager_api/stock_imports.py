"""ERP stock levels for managers: a CSV upload or a JSON body, the same import as the CLI's.

HQ imports anywhere; a regional manager only at their regions' stores (a line naming
any other location is rejected as unknown, as a 404 would be elsewhere). Each batch
applies whole or not at all (a savepoint), once per batch id; the answer is the
report of every batch and its rejected lines. Uploads are bounded by the body limit
(1 MiB by default): a whole ERP file goes through ``o2o import stock``.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form
from sqlalchemy.orm import Session

from inventory import stock_feed, stock_import
from inventory.import_schemas import StockFileUpload, StockImportCreate, StockImportRead
from inventory.ledger import Staff
from services.platform.auth import Principal
from services.platform.web.answers import answers
from services.platform.web.auth import CurrentManager
from services.platform.web.deps import UowDep
from stores.client import LocalStoresClient

router = APIRouter(prefix="/stock-imports", tags=["stock"])


def _importer(session: Session, manager: Principal) -> stock_import.Importer:
    regions = manager.regions
    stores = None if regions is None else LocalStoresClient(session).store_ids_in(regions)
    return stock_import.Importer(store_ids=stores, staff=Staff("manager", manager.subject))


def _raw(session: Session) -> Any:
    raw = session.connection().connection.driver_connection
    assert raw is not None
    return raw


@router.post("", response_model=StockImportRead)
def import_json(body: StockImportCreate, manager: CurrentManager, uow: UowDep) -> StockImportRead:
    """Stock levels in batches; each batch whole or not at all, a repeated batch id nothing."""
    raw = _raw(uow.session)
    stock_import.stage_rows(raw, stock_feed.json_rows(body.model_dump()))
    reports = stock_import.apply_staged(raw, _importer(uow.session, manager))
    uow.commit()
    return StockImportRead.of(reports)


@router.post("/csv", response_model=StockImportRead)
@answers("import_file_unreadable", "bad_request")
def import_csv(
    upload: Annotated[StockFileUpload, Form(media_type="multipart/form-data")],
    manager: CurrentManager,
    uow: UowDep,
) -> StockImportRead:
    """A CSV file (multipart field ``file``): header ``batch_id,line_id,sku,location,on_hand``."""
    data = upload.file.file.read()
    raw = _raw(uow.session)
    stock_import.stage_csv(raw, data)
    reports = stock_import.apply_staged(raw, _importer(uow.session, manager))
    uow.commit()
    return StockImportRead.of(reports)
