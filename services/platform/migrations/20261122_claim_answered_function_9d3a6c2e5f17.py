"""claim_answered: claim an idempotency key with its answer, or read the earlier one

Revision ID: 9d3a6c2e5f17
Revises: 6bfea2f96e4b
Create Date: 2026-11-22 18:30:00+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "9d3a6c2e5f17"
down_revision: str | None = "6bfea2f96e4b"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# For a create whose answer is known before it writes (a placed order), called inside that
# create's transaction. A concurrent duplicate waits on the key until the first commits or
# rolls back; each statement here reads a fresh snapshot, so it then sees the stored answer,
# or claims the key itself.
CLAIM_ANSWERED = """
CREATE OR REPLACE FUNCTION platform.claim_answered(
    p_scope text, p_key text, p_request_hash text, p_status_code integer, p_response jsonb
) RETURNS TABLE (claimed boolean, request_hash text, status_code integer, response jsonb)
LANGUAGE plpgsql AS $$
BEGIN
    LOOP
        INSERT INTO platform.idempotency_keys AS k
            (scope, key, request_hash, status_code, response, created_at)
        VALUES (p_scope, p_key, p_request_hash, p_status_code, p_response, now())
        ON CONFLICT DO NOTHING;
        IF FOUND THEN
            RETURN QUERY SELECT true, NULL::text, NULL::integer, NULL::jsonb;
            RETURN;
        END IF;
        RETURN QUERY SELECT false, k.request_hash::text, k.status_code, k.response
            FROM platform.idempotency_keys k WHERE k.scope = p_scope AND k.key = p_key;
        IF FOUND THEN
            RETURN;
        END IF;
    END LOOP;
END
$$
"""


def upgrade() -> None:
    op.execute(CLAIM_ANSWERED)


def downgrade() -> None:
    op.execute("DROP FUNCTION IF EXISTS platform.claim_answered(text, text, text, integer, jsonb)")
