"""The ERP stock feed as the API takes it (JSON) and the report an import answers."""

from __future__ import annotations

from typing import Literal

from fastapi import UploadFile
from pydantic import BaseModel, ConfigDict, Field

from services.platform.examples import example_of, examples
from services.platform.inputs import INT4_MAX, InputModel


class FeedLineIn(InputModel):
    """One stock row as the ERP has it: the level, not a change."""

    model_config = ConfigDict(
        json_schema_extra=examples(
            {"line_id": "1", "sku": "TEE-WHT-M", "location": "L-SH-FLAGSHIP", "on_hand": 12}
        )
    )

    # Line-level problems (a bad id, a negative level) are reported per line, not refused
    # here: the batch is then rejected whole and the report says which line and why.
    line_id: str = Field(max_length=64)
    sku: str = Field(max_length=64)
    location: str = Field(max_length=64)
    on_hand: int = Field(ge=-INT4_MAX, le=INT4_MAX)


class FeedBatchIn(InputModel):
    model_config = ConfigDict(
        json_schema_extra=examples(
            {
                "batch_id": "ERP-20261129-0001",
                "lines": [
                    example_of(FeedLineIn),
                    example_of(FeedLineIn, line_id="2", sku="TEE-WHT-L", on_hand=7),
                ],
            }
        )
    )

    batch_id: str = Field(max_length=64)
    lines: list[FeedLineIn] = Field(min_length=1, max_length=20_000)


class StockImportCreate(InputModel):
    """Stock levels from an ERP, in batches; each batch applies whole or not at all, once."""

    model_config = ConfigDict(json_schema_extra=examples({"batches": [example_of(FeedBatchIn)]}))

    batches: list[FeedBatchIn] = Field(min_length=1, max_length=100)


class StockFileUpload(InputModel):
    """A CSV upload (multipart/form-data): the file in the field ``file``. (No example: only
    JSON bodies carry one; the operation's description shows the file's shape.)"""

    file: UploadFile = Field(
        description="CSV: header batch_id,line_id,sku,location,on_hand, one line per stock row"
    )


class RejectedLine(BaseModel):
    model_config = ConfigDict(
        json_schema_extra=examples(
            {
                "line": 3,
                "line_id": "3",
                "code": "unknown_sku",
                "message": "no SKU 'TEE-PINK-M' in the catalog",
            }
        )
    )

    line: int = Field(description="the file's line number (CSV) or place in the batch (JSON)")
    line_id: str
    code: Literal[
        "malformed", "negative", "unknown_sku", "unknown_location", "duplicate", "below_reserved"
    ]
    message: str


class BatchReport(BaseModel):
    """``applied``; ``already_applied`` (the same batch id and lines: nothing more done);
    ``rejected`` (nothing applied: ``rejected_lines`` says why, or the id was used before
    for other lines: ``batch_reused``)."""

    model_config = ConfigDict(
        json_schema_extra=examples(
            {
                "batch_id": "ERP-20261129-0001",
                "status": "applied",
                "reason": None,
                "lines": 2,
                "moved": 2,
                "rejected_count": 0,
                "rejected_lines": [],
            }
        )
    )

    batch_id: str
    status: Literal["applied", "already_applied", "rejected"]
    reason: Literal["rejected_lines", "batch_reused"] | None = None
    lines: int
    moved: int = Field(description="stock rows whose on-hand changed (one movement each)")
    rejected_count: int
    rejected_lines: list[RejectedLine] = Field(description="the first 100 rejected lines")


class StockImportRead(BaseModel):
    model_config = ConfigDict(
        json_schema_extra=examples(
            {
                "applied": 1,
                "already_applied": 0,
                "rejected": 0,
                "batches": [example_of(BatchReport)],
            }
        )
    )

    applied: int
    already_applied: int
    rejected: int
    batches: list[BatchReport]

    @classmethod
    def of(cls, reports: list[BatchReport]) -> StockImportRead:
        def count(status: str) -> int:
            return sum(1 for report in reports if report.status == status)

        return cls(
            applied=count("applied"),
            already_applied=count("already_applied"),
            rejected=count("rejected"),
            batches=reports,
        )
