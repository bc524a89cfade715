"""Site suggestions as the manager API takes and answers them."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from services.platform.examples import example_of, examples
from services.platform.inputs import Id, InputModel

Text = Annotated[str, StringConstraints(strip_whitespace=True)]


class CandidateSite(InputModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra=examples({"latitude": 31.2304, "longitude": 121.4737})
    )

    latitude: float = Field(ge=-90, le=90)
    longitude: float = Field(ge=-180, le=180)


class SiteSuggestionCreate(InputModel):
    """Where should the region's next ``k`` stores go? ``candidates`` omitted: the engine
    proposes sites from the heaviest member cells; given: it picks among these only."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra=examples({"region_id": 1, "k": 3, "model": "mclp", "radius_km": 3.0}),
    )

    region_id: Id
    k: int = Field(ge=1, le=50)
    model: Literal["mclp", "pmedian"] = "mclp"
    radius_km: float = Field(default=3.0, gt=0, le=50)
    candidates: list[CandidateSite] | None = Field(default=None, min_length=1, max_length=5_000)

    @model_validator(mode="after")
    def _enough_candidates(self) -> SiteSuggestionCreate:
        if self.candidates is not None and len(self.candidates) < self.k:
            raise ValueError("give at least k candidate sites")
        return self


class StoreRef(BaseModel):
    model_config = ConfigDict(
        json_schema_extra=examples({"store_id": 1, "code": "SHA-01", "name": "Yunshan Shanghai 1"})
    )

    store_id: int
    code: str
    name: str


class ExistingStore(StoreRef):
    model_config = ConfigDict(
        json_schema_extra=examples(example_of(StoreRef, latitude=31.2196, longitude=121.4612))
    )

    latitude: float
    longitude: float


class TakenFrom(StoreRef):
    model_config = ConfigDict(json_schema_extra=examples(example_of(StoreRef, members=41.5)))

    members: float


class SuggestedSite(BaseModel):
    model_config = ConfigDict(
        json_schema_extra=examples(
            {
                "rank": 1,
                "latitude": 31.2431,
                "longitude": 121.5055,
                "square_km": 1.0,
                "newly_covered": 812.0,
                "adds": 812.0,
                "nearest_store": example_of(StoreRef),
                "nearest_store_km": 4.52,
                "huff_members": 640.3,
                "takes_from": [example_of(TakenFrom)],
            }
        )
    )

    rank: int
    latitude: float = Field(description="the centre of a grid square, never a member's home")
    longitude: float
    square_km: float | None = Field(
        default=None, description="the square's width: wider where members are sparse"
    )
    newly_covered: float = Field(description="members within the radius no open store covers")
    adds: float = Field(description="of those, members no site ranked above covers")
    nearest_store: StoreRef | None
    nearest_store_km: float | None
    huff_members: float = Field(description="members the Huff model expects it to draw")
    takes_from: list[TakenFrom] = Field(description="members expected to move from each store")


class SiteSuggestionResult(BaseModel):
    model_config = ConfigDict(
        json_schema_extra=examples(
            {
                "members": 5200,
                "cells": 1830,
                "fold_mean_shift_km": 0.07,
                "objective": 1904.0,
                "existing": [example_of(ExistingStore)],
                "sites": [example_of(SuggestedSite)],
            }
        )
    )

    members: int
    cells: int
    fold_mean_shift_km: float
    objective: float
    existing: list[ExistingStore]
    sites: list[SuggestedSite] = Field(
        description="at the centres of grid squares; none in a square of too few members"
    )
    suppressed_sites: int = Field(
        default=0, description="sites chosen but not shown (too few members even 32x wider)"
    )
    site_square_km: float | None = Field(
        default=None, description="the narrowest grid square a site is reported on"
    )


_JOB_EXAMPLE: dict[str, Any] = {
    "id": 1,
    "region_id": 1,
    "k": 3,
    "model": "mclp",
    "radius_km": 3.0,
    "candidate_source": "demand",
    "status": "done",
    "stage": "done",
    "percent": 100,
    "error": None,
    "created_at": "2026-11-29T09:00:00Z",
    "finished_at": "2026-11-29T09:00:04Z",
}


class SiteSuggestionSummary(BaseModel):
    """A job as listed: what was asked and how far it got (the sites: ``GET`` the job)."""

    model_config = ConfigDict(from_attributes=True, json_schema_extra=examples(_JOB_EXAMPLE))

    id: int
    region_id: int
    k: int
    model: Literal["mclp", "pmedian"]
    radius_km: float
    candidate_source: Literal["demand", "list"]
    status: Literal["queued", "running", "done", "failed"]
    stage: str
    percent: int
    error: str | None
    created_at: datetime
    finished_at: datetime | None

    @classmethod
    def fields_of(cls, job: Any) -> dict[str, Any]:
        return {
            "id": job.id,
            "region_id": job.region_id,
            "k": job.k,
            "model": job.model,
            "radius_km": job.radius_km,
            "candidate_source": "demand" if job.candidates is None else "list",
            "status": job.status,
            "stage": job.stage,
            "percent": job.percent,
            "error": job.error,
            "created_at": job.created_at,
            "finished_at": job.finished_at,
        }

    @classmethod
    def listed(cls, job: Any) -> SiteSuggestionSummary:
        return cls(**cls.fields_of(job))


class SiteSuggestionRead(SiteSuggestionSummary):
    """A job: ``stage`` and ``percent`` while it runs, ``result`` once ``done``."""

    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra=examples({**_JOB_EXAMPLE, "result": example_of(SiteSuggestionResult)}),
    )

    result: SiteSuggestionResult | None

    @classmethod
    def of(cls, job: Any) -> SiteSuggestionRead:
        result = None if job.result is None else SiteSuggestionResult.model_validate(job.result)
        return cls(**cls.fields_of(job), result=result)


class PlannedStoreFromSite(InputModel):
    """The new store's own details; where it stands and its region come from the site."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra=examples(
            {
                "code": "SHA-08",
                "name": "Yunshan Shanghai 8",
                "city": "Shanghai",
                "address": "To be confirmed near the suggested site",
            }
        ),
    )

    code: Annotated[Text, StringConstraints(min_length=1, max_length=32)]
    name: Annotated[Text, StringConstraints(min_length=1, max_length=200)]
    city: Annotated[Text, StringConstraints(min_length=1, max_length=100)]
    address: Annotated[Text, StringConstraints(min_length=1, max_length=300)]
