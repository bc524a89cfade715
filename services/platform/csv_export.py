"""The one CSV encoder for every CSV the server sends (exports a manager opens in a spreadsheet).

A text cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return,
which some spreadsheets skip before reading a formula) is a formula to Excel, LibreOffice
and Google Sheets: a campaign named ``=HYPERLINK(...)`` would run in the manager's
spreadsheet. Such cells get a leading ``'`` (OWASP's advice), which spreadsheets show as
text. Numbers stay numbers: ``-5`` from an integer is a figure, not text someone typed.
The dashboard's CSV download (``manager_api/dashboard/static/dashboard.js``, ``csvCell``)
applies the same rule.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

#: What makes a spreadsheet read a text cell as a formula.
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> Any:
    """``value`` as a CSV cell: None empty, formula-leading text neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, int | float):
        text = str(value)
        return f"'{text}" if text.startswith(FORMULA_LEADS) else text
    return value


def encode(header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> str:
    """The CSV text of a header and its rows, every cell through ``cell``."""
    out = io.StringIO()
    writer = csv.writer(out)  # RFC 4180's CRLF: a cell holding a lone CR is quoted too
    writer.writerow([cell(v) for v in header])
    writer.writerows([cell(v) for v in row] for row in rows)
    return out.getvalue()
