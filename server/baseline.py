"""A bare endpoint served with the same settings as the app: the benchmarks' yardstick."""

from __future__ import annotations

from fastapi import FastAPI

app = FastAPI()


@app.get("/baseline")
async def baseline() -> dict[str, str]:
    return {"status": "ok"}
