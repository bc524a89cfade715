"""What the database can hold, as the input types every front door and request schema uses.

Two causes made every 500 a fuzzer found: integers beyond PostgreSQL's ``integer`` /
``bigint`` and text PostgreSQL cannot store. So ids are bounded types (path, query and
body alike), request bodies are ``InputModel``s whose text is checked wherever it sits,
and the web middleware applies the same text rule to every path and query string.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, Field, model_validator
from pydantic_core import PydanticCustomError

INT2_MAX = 2**15 - 1
INT4_MAX = 2**31 - 1
INT8_MAX = 2**63 - 1

# An ``integer`` primary key (stores, regions, guides, managers, products, SKUs, touchpoints).
Id = Annotated[int, Field(ge=1, le=INT4_MAX)]
# A ``bigint`` primary key (members, scans, orders, payments, reservations).
BigId = Annotated[int, Field(ge=1, le=INT8_MAX)]
# A ``bigint`` key inside a request body: FastAPI's OpenAPI model keeps a body's bounds
# as floats, where 2**63 - 1 rounds up past bigint; 2**62 is exact, beyond any key we issue.
BodyBigId = Annotated[int, Field(ge=1, le=2**62)]

UNSTORABLE_MESSAGE = "text may not hold NUL characters or unpaired surrogates"


def storable(text: str) -> bool:
    """True when PostgreSQL can store ``text``: no NUL and valid UTF-8 (no lone surrogate)."""
    if "\x00" in text:
        return False
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def first_unstorable(data: Any, path: tuple[str | int, ...] = ()) -> tuple[str | int, ...] | None:
    """Where in decoded JSON (keys included) the first unstorable text sits, else None."""
    if isinstance(data, str):
        return None if storable(data) else path
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(key, str) and not storable(key):
                return (*path, "<key>")
            found = first_unstorable(value, (*path, key))
            if found is not None:
                return found
    elif isinstance(data, list | tuple):
        for index, value in enumerate(data):
            found = first_unstorable(value, (*path, index))
            if found is not None:
                return found
    return None


class InputModel(BaseModel):
    """Base of every request body: text anywhere in it (nested, keys, extras) must be storable.

    Checked on the raw input before field validation, so no field can forget it.
    """

    @model_validator(mode="before")
    @classmethod
    def _storable_text(cls, data: Any) -> Any:
        where = first_unstorable(data)
        if where is not None:
            raise PydanticCustomError(
                "unstorable_text",
                UNSTORABLE_MESSAGE + " (at {where})",
                {"where": ".".join(str(part) for part in where) or "the top level"},
            )
        return data
