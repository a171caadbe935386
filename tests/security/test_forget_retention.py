"""Attack 5: /forget deleted the files of orders still under review while telling the user
they were kept for the reviewers; reviewers then hit FileNotFoundError. /forget follows the
rule it announces: drafts and their files go now, finished orders are anonymised now, orders
under review keep their files until their review ends and are anonymised then."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from dialogs.messages import ChatRef
from filing.lifecycle import Action, Status
from filing.services import ReviewDecision
from storage.db import make_engine
from tests.harness import Conversation
from tests.samples import jpeg
from tests.security.support import PERSONAL, fill_first_filing, sqlite_app


def _files(data_dir: Path) -> set[str]:
    return {path.name for path in (data_dir / "materials").rglob("*.bin")}


def test_forget_keeps_what_reviewers_need_until_the_review_ends(tmp_path: Path) -> None:
    app = sqlite_app(tmp_path)
    chat = Conversation(app.engine, ChatRef("test", "u"))
    for _ in range(2):  # two filings: one stays under review, one is rejected
        fill_first_filing(chat)
        chat.press("nav:confirm")
    reviewed, rejected = (o.id for o in app.filing.list(applicant="test:u"))
    app.filing.decide(ReviewDecision(rejected, Action.REJECT, "alice", ("website_name",),
                                     f"note about {PERSONAL['name']}"))
    fill_first_filing(chat, photo=jpeg(color=(1, 2, 3)))  # a third, left a draft
    files_before = _files(tmp_path)

    chat.command("forget")
    chat.press("forget:yes")

    said = chat.text
    assert f"kept until the review ends, as the filing requires: {reviewed}" in said
    assert f"anonymised (only their number, status and filing number remain): {rejected}" in said
    kept = app.filing.get(reviewed)
    assert kept.forget_requested and kept.entity.name == PERSONAL["name"]
    for material in kept.materials:  # the reviewer opens every file
        assert app.materials.load(material.storage_key).startswith(b"\xff\xd8")
    gone = app.filing.get(rejected)
    assert gone.entity.name == "" and gone.materials == [] and gone.history[-1].note is None
    assert app.store.drafts_of("test:u") == []
    assert _files(tmp_path) < files_before  # the draft's own photo went

    for action in (Action.APPROVE, Action.SMS_VERIFIED, Action.ADMINISTRATION_APPROVE):
        app.filing.decide(ReviewDecision(reviewed, action, "alice"))
    ended = app.filing.get(reviewed)
    assert ended.status is Status.APPROVED and ended.icp_number
    assert ended.entity.name == "" and ended.materials == [] and ended.details == {}
    assert _files(tmp_path) == set()  # the review ended: its files went too
    with make_engine(app.database_url).connect() as connection:
        notes = connection.execute(text("SELECT count(*) FROM status_history WHERE "
                                        "note IS NOT NULL OR note_enc IS NOT NULL")).scalar()
    assert notes == 0
