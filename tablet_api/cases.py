"""The store's service cases: apologies, returns, exchanges, complaints to act on (routes:
``orders.cases.routes``)."""

from __future__ import annotations

from orders.cases.acting import CaseStaff
from orders.cases.routes import CaseDocs, case_router
from services.platform.web.auth import CurrentGuide


def _staff(guide: CurrentGuide) -> CaseStaff:
    return CaseStaff("guide", guide.subject, store_id=guide.store_id)


router = case_router(
    _staff,
    CaseDocs(
        list_name="store_cases",
        list_doc="This store's cases, escalated first, then by deadline; each with its next steps.",
        read_name="store_case",
        act_doc=(
            "Contact the shopper, approve (a return: goods back on this store's shelf and the "
            "paid\namount refunded; an exchange: swapped at no charge), decline with a reason, "
            "or resolve\nwith an outcome. A closed case refuses further steps (409 "
            "``case_closed``)."
        ),
    ),
)
