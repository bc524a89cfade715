"""Notifications' settings: its section of the process's settings (``O2O_<FIELD>``)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from services.platform.settings import Section


class SubscribeTemplate(BaseModel):
    """A WeChat subscribe-message template: its id and keyword -> our template parameter."""

    template_id: str
    data: dict[str, str]
    page: str = ""


class NotificationSettings(Section):
    """Notifications: the channel and WeChat subscribe-message templates."""

    notification_channel: Literal["log", "wechat"] = Field(
        default="log",
        description="mini-program messages: logged (development only) or WeChat subscribe messages",
    )
    wechat_subscribe_templates: dict[str, SubscribeTemplate] = Field(
        default_factory=dict,
        description="our template name -> WeChat template id and keyword mapping (JSON)",
    )
    wechat_miniprogram_state: Literal["developer", "trial", "formal"] = "formal"

    def production_problems(self) -> list[str]:
        if self.notification_channel == "log":
            return [
                "the logging notification channel is for development only: nobody would be told"
                " (O2O_NOTIFICATION_CHANNEL=wechat)"
            ]
        if not (self.wechat_app_id and self.wechat_app_secret.get_secret_value()):
            return ["WeChat subscribe messages need O2O_WECHAT_APP_ID and _APP_SECRET"]
        if not self.wechat_subscribe_templates:
            return ["O2O_WECHAT_SUBSCRIBE_TEMPLATES names no template"]
        return []
