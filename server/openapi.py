"""What the API documents say about the whole API and each front door."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from manager_api.router import DOOR as MANAGER_DOOR
from mini_program_api.router import DOOR as MINI_PROGRAM_DOOR
from server.manifests import MANIFESTS
from services.platform.web.answers import document_errors
from services.platform.web.deprecation import document_deprecations
from tablet_api.router import DOOR as TABLET_DOOR

FRONT_DOORS = (MINI_PROGRAM_DOOR, TABLET_DOOR, MANAGER_DOOR)
OPENAPI_FINISHERS = (document_errors, document_deprecations)


def _code_table() -> str:
    """Every code, by the service that declares it (its manifest)."""
    rows = "\n".join(
        f"| `{code}` | {entry.status} | {m.schema} | {entry.summary} |"
        for m in MANIFESTS
        for code, entry in m.error_codes.items()
    )
    return f"| code | status | service | meaning |\n|---|---|---|---|\n{rows}"


DESCRIPTION = f"""Mini-program, store tablet and manager APIs over one catalog and one member.

Each front door has its own docs and OpenAPI document: [/mp/docs](/mp/docs),
[/tablet/docs](/tablet/docs), [/manager/docs](/manager/docs).

**Log in from this page.** Open a login operation (`POST /mp/v1/auth/login` with any `code`
in development, or a staff login with a demo username and `demo1234`), press "Try it out",
then "Execute": the page keeps the token and authorizes its role's operations
(or paste a token into "Authorize").

**Errors** always have the shape `{{"error": {{"code", "message", "details"}}}}`; branch on
`code`. Every operation lists the codes it can answer.

<details><summary>All error codes</summary>

{_code_table()}

</details>
"""


def documents() -> dict[str, dict[str, Any]]:
    """Every OpenAPI document the app serves, by file name under ``openapi/``."""
    from server.app import create_app

    app = create_app()
    found = {"o2o.json": app.state.openapi_for(None)}
    for door in FRONT_DOORS:
        found[f"{door.slug}.json"] = app.state.openapi_for(door)
    return found


def render(document: dict[str, Any]) -> str:
    """The committed form: stable key order as generated, two-space indent, final newline."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str]) -> None:
    """``python -m server.openapi [folder]``: write the documents (``make openapi``)."""
    folder = Path(argv[0] if argv else "openapi")
    folder.mkdir(parents=True, exist_ok=True)
    for name, document in documents().items():
        (folder / name).write_text(render(document), encoding="utf-8")
        print(f"wrote {folder / name}")


if __name__ == "__main__":
    main(sys.argv[1:])
