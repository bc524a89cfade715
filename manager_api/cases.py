"""Service cases in the manager's regions, escalated first (routes: ``orders.cases.routes``)."""

from __future__ import annotations

from orders.cases.acting import CaseStaff
from orders.cases.routes import CaseDocs, case_router
from services.platform.web.auth import CurrentManager


def _staff(manager: CurrentManager) -> CaseStaff:
    return CaseStaff("manager", manager.subject, region_ids=manager.regions)


router = case_router(
    _staff,
    CaseDocs(
        list_name="region_cases",
        list_doc=(
            "Cases of stores in your regions (HQ: all, delivery orders' too), escalated first,\n"
            "then by deadline; each with its next steps."
        ),
        read_name="region_case",
        act_doc=(
            "Contact the shopper, approve (a return: goods back on the shelf they left and the "
            "paid\namount refunded; an exchange: swapped at no charge), decline with a reason, "
            "or resolve\nwith an outcome. A closed case refuses further steps (409 "
            "``case_closed``)."
        ),
    ),
)
