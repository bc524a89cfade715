"""What a member agreed to, per purpose, and the change they ask for."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from services.platform.inputs import InputModel


class ConsentEventRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    purpose: str
    granted: bool
    source: str
    at: datetime


class ConsentsRead(BaseModel):
    """Each purpose's consent now, and every change so far (newest first)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "home_location": True,
                    "marketing": False,
                    "care": True,
                    "history": [
                        {
                            "purpose": "marketing",
                            "granted": False,
                            "source": "consents",
                            "at": "2026-12-01T08:00:00Z",
                        }
                    ],
                }
            ]
        }
    )

    #: Your home location may be used to plan stores and to invite you to one near you.
    home_location: bool
    #: Campaign messages (new stores, offers).
    marketing: bool
    #: Care messages: birthday and membership-day greetings, feedback invitations.
    care: bool
    history: list[ConsentEventRead]


class ConsentsUpdate(InputModel):
    """Purposes to change; a purpose left out stays as it is.

    ``home_location: true`` is given by sharing a location (``PUT /mp/v1/me/location``), so
    only ``false`` is taken here: it erases the stored location.
    """

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"marketing": False, "home_location": False}]},
    )

    home_location: bool | None = None
    marketing: bool | None = None
    care: bool | None = None
