"""What the applicant submitted, once per round, sealed: the review desk diffs two rounds."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Table, insert
from sqlmodel import Session, col, select

from filing.lifecycle import Status
from filing.model import FilingOrder, StatusChange
from storage.crypto import Cipher
from storage.db import SessionFactory, from_db, to_db, unavailable_on_db_errors
from storage.tables import SubmissionRow, table_of

SUBMISSIONS = table_of(SubmissionRow)
INSERT_SUBMISSION = insert(SUBMISSIONS)  # built once (see storage/orders.py)
SUBMITTED_FROM = frozenset({Status.DRAFT, Status.PROVIDER_REJECTED,
                            Status.ADMINISTRATION_REJECTED})


@dataclass(frozen=True)
class Submission:
    round: int
    at: datetime
    data: dict[str, Any]


def snapshot(order: FilingOrder) -> dict[str, Any]:
    """The applicant's data of ``order``: everything but its review state."""
    return {
        "order_type": str(order.order_type),
        "entity": dataclasses.asdict(order.entity),
        "websites": [dataclasses.asdict(site) for site in order.websites],
        "access": dataclasses.asdict(order.access) if order.access else None,
        # A material by what it is and its content: stored names are neutral (storage), so
        # a name is no change of the applicant's.
        "materials": [{"kind": m.kind, "sha256": m.sha256} for m in order.materials],
        "remarks": order.remarks,
        "details": dict(order.details),
    }


def record_submissions(session: Session, cipher: Cipher, order: FilingOrder,
                       changes: Sequence[StatusChange],
                       insert_rows: Callable[[Table, list[dict[str, Any]]], None] | None = None,
                       ) -> None:
    """Called by the order repository with the history entries it is about to append (and
    its way of inserting rows in the transaction)."""
    submitted = [change for change in changes if change.new_status is Status.PROVIDER_REVIEW
                 and change.old_status in SUBMITTED_FROM]
    if submitted:
        row = {"order_id": order.id, "round": order.round, "at": to_db(submitted[-1].at),
               "data_enc": cipher.seal(snapshot(order))}
        if insert_rows is not None:
            insert_rows(SUBMISSIONS, [row])
        else:
            session.execute(INSERT_SUBMISSION, row)


@unavailable_on_db_errors
class SqlSubmissions:
    def __init__(self, sessions: SessionFactory, cipher: Cipher) -> None:
        self._sessions = sessions
        self._cipher = cipher

    def latest(self, order_id: str, count: int = 2) -> list[Submission]:
        """The last ``count`` submissions of an order, newest first."""
        query = (select(SubmissionRow).where(SubmissionRow.order_id == order_id)
                 .order_by(col(SubmissionRow.round).desc()).limit(count))
        with self._sessions() as session:
            rows = session.exec(query).all()
        return [Submission(row.round, from_db(row.at), self._cipher.open(row.data_enc))
                for row in rows]
