"""Mini-program login: a WeChat login code in, a shopper token out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from services.members import login as member_login
from services.members.schemas import LoginRead, LoginRequest
from services.members.wechat import WeChatProvider, provider_for
from services.platform.settings import get_settings
from services.platform.web.answers import answers
from services.platform.web.deps import UowDep

router = APIRouter(tags=["auth"])


def wechat_provider() -> WeChatProvider:
    """The provider from settings (tests override this dependency)."""
    return provider_for(get_settings())


@router.post("/auth/login", response_model=LoginRead)
@answers(
    "wechat_code_invalid",
    "wechat_code_used",
    "wechat_user_blocked",
    "wechat_rate_limited",
    "wechat_unavailable",
)
def login(
    body: LoginRequest,
    uow: UowDep,
    provider: Annotated[WeChatProvider, Depends(wechat_provider)],
) -> LoginRead:
    result = member_login.login(
        session=uow.session,
        provider=provider,
        settings=get_settings(),
        code=body.code,
        device_id=body.device_id,
    )
    uow.commit()
    return result
