#!/usr/bin/env bash
# The streaming replica: on a new volume, copy the primary with pg_basebackup (-R writes
# standby.signal and primary_conninfo), then run as a hot standby that serves reads.
set -euo pipefail
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  until pg_isready -h postgres -U replicator -d postgres; do sleep 1; done
  PGPASSWORD="${REPLICATION_PASSWORD:?set REPLICATION_PASSWORD}" \
    pg_basebackup -h postgres -U replicator -D "$PGDATA" -R -X stream -c fast
  chmod 700 "$PGDATA"
fi
exec postgres -c hot_standby=on
