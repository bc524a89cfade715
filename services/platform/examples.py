"""Examples for the API docs, built from each other so one demo store or order is written once."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


def example_of(model: type[BaseModel], **changes: Any) -> dict[str, Any]:
    """The first documented example of ``model`` (``json_schema_extra``), with ``changes``."""
    extra = model.model_config.get("json_schema_extra")
    assert isinstance(extra, dict), f"{model.__name__} has no examples"
    examples = extra["examples"]
    assert isinstance(examples, list) and isinstance(examples[0], dict)
    return {**examples[0], **changes}


def examples(example: dict[str, Any]) -> dict[str, Any]:
    """``json_schema_extra`` holding one example."""
    return {"examples": [example]}
