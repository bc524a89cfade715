"""A store's private notes about its customers ("size 43, wide feet; prefers calls after 6").

Notes belong to the store that wrote them: every read and write names the
guide's own store, so another store's notes are never loaded, let alone shown.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from stores.models import MemberNote
from stores.schemas import MemberNoteCreate, MemberNoteRead


def add(
    *, session: Session, store_id: int, guide_id: int, member_id: int, data: MemberNoteCreate
) -> MemberNoteRead:
    """Write a note for the guide's store."""
    note = MemberNote(store_id=store_id, guide_id=guide_id, member_id=member_id, body=data.body)
    session.add(note)
    session.flush()
    return MemberNoteRead.model_validate(note)


def for_member(
    *, session: Session, store_id: int, member_id: int, limit: int = 50
) -> list[MemberNoteRead]:
    """This store's notes about the member, newest first (other stores' are not read)."""
    rows = session.scalars(
        select(MemberNote)
        .where(MemberNote.store_id == store_id, MemberNote.member_id == member_id)
        .order_by(MemberNote.created_at.desc(), MemberNote.id.desc())
        .limit(limit)
    )
    return [MemberNoteRead.model_validate(r) for r in rows]
