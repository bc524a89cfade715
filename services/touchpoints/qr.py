"""QR images of a touchpoint's link (segno) and a printable sheet for a store's codes."""

from __future__ import annotations

import io
from collections.abc import Sequence
from html import escape

import segno

from services.touchpoints.schemas import TouchpointCodes


def png(link: str, *, scale: int = 8) -> bytes:
    """A PNG of ``link`` (error correction Q: survives a scuffed sticker)."""
    buffer = io.BytesIO()
    segno.make(link, error="q", micro=False).save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()


def svg(link: str, *, scale: int = 8) -> str:
    """An SVG of ``link``."""
    buffer = io.BytesIO()
    segno.make(link, error="q", micro=False).save(
        buffer, kind="svg", scale=scale, border=4, xmldecl=False
    )
    return buffer.getvalue().decode()


def sheet(title: str, codes: Sequence[TouchpointCodes]) -> str:
    """An A4 HTML page, one labelled code per cell, ready to print."""
    cells = "\n".join(
        f"<figure>{svg(c.link, scale=4)}<figcaption><b>{escape(c.name)}</b><br>"
        f"{escape(c.kind.replace('_', ' '))} · #{c.id} · v{c.token_version}<br>"
        f"<code>{escape(c.scene)}</code></figcaption></figure>"
        for c in codes
    )
    return f"""<!doctype html>
<html><head><meta charset="utf-8"><title>{escape(title)}</title>
<style>
@page {{ size: A4; margin: 12mm; }}
body {{ font-family: sans-serif; }}
main {{ display: grid; grid-template-columns: repeat(3, 1fr); gap: 8mm; }}
figure {{ margin: 0; text-align: center; break-inside: avoid; }}
figcaption {{ font-size: 9pt; }}
</style></head>
<body><h1>{escape(title)}</h1><main>
{cells}
</main></body></html>
"""
