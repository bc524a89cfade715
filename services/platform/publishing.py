"""The statement triggers an owner publishes its facts from (issue 23, EVENTS_SPEC).

Each owner keeps one PL/pgSQL function per topic in ``<pkg>/sql/publish_*.sql``; its
migration puts it on the owner's tables with these three triggers, one per operation,
because a statement trigger sees the rows it changed only through transition tables and
each operation has its own (``new_rows``, ``old_rows``, or both). The function writes one
``platform.outbox`` row per statement, so a transaction writes as many rows as it has
statements that changed something a reader sees.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

BULK_LOAD = "o2o.bulk_load"
_TRIGGERS = {
    "published_inserted": "AFTER INSERT ON {t} REFERENCING NEW TABLE AS new_rows",
    "published_updated": (
        "AFTER UPDATE ON {t} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows"
    ),
    "published_deleted": "AFTER DELETE ON {t} REFERENCING OLD TABLE AS old_rows",
}


def create_triggers(function: str, table: str) -> list[str]:
    """The statements that make ``function`` (``schema.name``) publish ``table``'s changes."""
    return [
        f"CREATE TRIGGER {name} {when.format(t=table)}"
        f" FOR EACH STATEMENT EXECUTE FUNCTION {function}()"
        for name, when in _TRIGGERS.items()
    ]


def drop_triggers(table: str) -> list[str]:
    return [f"DROP TRIGGER {name} ON {table}" for name in _TRIGGERS]


@dataclass(frozen=True)
class Published:
    """What one owner's publish migration puts on: its public views and each publishing
    function (``name -> CREATE text``) with the tables its triggers sit on."""

    schema: str
    views: Mapping[str, str]
    publishers: Mapping[str, str]
    tables: Mapping[str, Sequence[str]]

    def install(self) -> list[str]:
        """Views first: an owner builds its events from its own view."""
        statements = list(self.views.values())
        for function, text in self.publishers.items():
            statements.append(text)
            for table in self.tables[function]:
                statements += create_triggers(f"{self.schema}.{function}", table)
        return statements

    def remove(self) -> list[str]:
        """The reverse of ``install``, in reverse order."""
        statements: list[str] = []
        for function in self.publishers:
            for table in self.tables[function]:
                statements += drop_triggers(table)
            statements.append(f"DROP FUNCTION {self.schema}.{function}()")
        views = reversed(list(self.views))
        return statements + [f"DROP VIEW {self.schema}.{view}" for view in views]


#: Run in a bulk load's transaction (demo seed, retention, benchmarks): publish nothing;
#: readers rebuild from the owners' public views after it.
SUPPRESS = f"SELECT set_config('{BULK_LOAD}', 'on', true)"
