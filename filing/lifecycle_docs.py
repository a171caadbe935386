"""Renders docs/lifecycles.md from the lifecycle data: ``python -m filing.lifecycle_docs``.

A test compares the file with ``render()``, so the document always shows what the code does.
"""

from __future__ import annotations

import sys
from pathlib import Path

from filing.lifecycle import (
    EXPIRY_REMINDERS_AFTER,
    PATHS,
    UNFINISHED_EXPIRES_AFTER,
    FaceCheck,
    OperationPath,
    Outcome,
    SmsTo,
    Status,
    table,
)

STEP_NAMES = {
    Status.PROVIDER_REVIEW: "provider review",
    Status.SMS_VERIFICATION: "MIIT SMS verification (24 h)",
    Status.ADMINISTRATION_REVIEW: "Communications Administration review",
}
SMS_NAMES = {
    SmsTo.NOBODY: "none",
    SmsTo.ENTITY_LEADER: "the entity leader's mobile",
    SmsTo.WEBSITE_LEADER: "the website leader's mobile",
    SmsTo.BOTH_LEADERS: "the entity leader's and the website leader's mobiles",
}
FACE_NAMES = {
    FaceCheck.NONE: "none",
    FaceCheck.PERSONS_IN_CHARGE: "the persons in charge, in the provider's app",
    FaceCheck.CHANGED_PERSONS: "only persons who change",
}
OUTCOME_NAMES = {
    Outcome.NEW_ENTITY: "a new entity number (`浙ICP备2026000001号`), its websites `-1`, `-2` …",
    Outcome.NEW_WEBSITES: "the next free serials on the existing entity number",
    Outcome.NUMBERS_KEPT: "every number kept",
    Outcome.WEBSITE_CANCELLED: "the website's serial retired for good (never issued again)",
    Outcome.ENTITY_CANCELLED: "the entity number and all its serials retired for good",
    Outcome.ACCESS_REMOVED: "this provider's access removed; the numbers kept",
    Outcome.IN_ACCOUNT: "the existing filing appears in the applicant's account; numbers kept",
}

HEADER = f"""# What happens after submission, per operation

Rendered from `filing/lifecycle.py` by `python -m filing.lifecycle_docs docs/lifecycles.md`;
`tests/test_docs.py` keeps it current. Sources: `icp-filing.md` §2, §5 and
`filing-details.md` §6–§7 (domain reference).

Every operation starts from the draft and is submitted by the applicant. A rejection returns
the order to the applicant, who corrects it and submits it again (it then starts its path
from the first step). A returned order not submitted again expires after \
{UNFINISHED_EXPIRES_AFTER.days} days, with reminders after \
{" and ".join(str(d.days) for d in EXPIRY_REMINDERS_AFTER)} days. The reviewer's decisions at
each status are exactly the rows below other than `submit`, `withdraw` and `expire`; the
chat cards, the CLI desk and the signed callback offer and accept those and no others.
"""


def _section(path: OperationPath) -> list[str]:
    steps = " → ".join([*(STEP_NAMES[s] for s in path.steps), "approved"])
    lines = [f"## `{path.order_type.value}`", "",
             f"- Steps: {steps}",
             f"- MIIT SMS to: {SMS_NAMES[path.sms_to]}",
             f"- Face check: {FACE_NAMES[path.face_check]}",
             f"- Approval: {OUTCOME_NAMES[path.outcome]}",
             "- Public-security filing reminder: "
             + ("yes (a new website number)" if path.issues_website_numbers else "no"),
             f"- Rejections return to: {', '.join(f'`{s.value}`' for s in path.returned)}",
             f"- Why: {path.why}", "",
             "| From | Action | To |", "| --- | --- | --- |"]
    lines += [f"| `{row.source.value}` | `{row.action.value}` | `{row.dest.value}` |"
              for row in table(path.order_type)]
    return [*lines, ""]


def render() -> str:
    lines = [HEADER]
    for path in PATHS.values():
        lines += _section(path)
    return "\n".join(lines).rstrip("\n") + "\n"


def main(argv: list[str]) -> int:
    target = Path(argv[1]) if len(argv) > 1 else Path("docs/lifecycles.md")
    target.write_text(render(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
