"""An applicant who answers whatever the engine asks: drives any flow for benchmarks and
property tests, so they keep working when flows gain or lose steps."""

from __future__ import annotations

import itertools
from typing import Any

from dialogs.engine import Engine
from dialogs.messages import Ask, ChatRef, Choice, Command, File, Incoming, Outgoing, Text
from knowledge.regions import region_by_code
from tests.samples import photo  # real photos: uploads are decoded and re-encoded

JPEG = photo()
_counter = itertools.count(1)

TEXT_ANSWERS = {
    "entity_name": "张三",
    "certificate_number": "11010519491231002X",
    "address": "浙江省杭州市西湖区文三路100号",
    "website_name": "美食分享日记",
    "service_code": "32a43232-a888-88e8-b9ec-00888be81234",
    "landline": "0571-88888888",
    "leader_name": "李四",
    "admin_name": "王五",
    "investor": "杭州示例控股有限公司",
    "mailing_address": "浙江省杭州市西湖区文三路100号",
    "pre_approval_number": "浙网文〔2024〕1234-001号",
    "languages": "中文",
}
PREFERRED = {"region": "ans:CN-ZJ", "entity_type": "ans:individual",
             "certificate_type": "ans:resident_id", "website_content": "ans:personal",
             "leader_certificate_type": "ans:resident_id",
             "admin_certificate_type": "ans:resident_id"}


def address_in(region: str) -> str:
    """An address in the filing province (organisations and mailing addresses need one)."""
    try:
        return f"{region_by_code(region).name_zh}示例区人民路100号"
    except KeyError:
        return TEXT_ANSWERS["address"]


def text_for(field: str, user: int) -> str:
    if field in TEXT_ANSWERS:
        return TEXT_ANSWERS[field]
    if "mobile" in field or "phone" in field:
        base = 13900000000 if "emergency" in field else 13800000000
        if field == "admin_mobile":  # another person than the entity leader
            base = 13700000000
        return str(base + user % 99_999_999)
    if "valid_until" in field:
        return "长期"
    if field == "domain_expiry":
        return "2099-12-31"
    if "email" in field:
        return f"user{user}@example.com"
    if field == "domain":
        return f"site{user}-{next(_counter)}.cn"
    if "id_number" in field:
        return "11010519491231002X"
    if "filing_number" in field:
        return "浙ICP备12345678号-1"
    if "date" in field or "filed_on" in field:
        return "2015-06-01"
    if "name" in field:
        return "王五"
    return "测试内容说明"


class Autopilot:
    def __init__(self, engine: Engine, store: Any, flows: dict[str, Any], user: int,
                 channel: str = "bench") -> None:
        self.engine = engine
        self.store = store
        self.flows = flows
        self.user = user
        self.chat = ChatRef(channel, str(user))
        self.last: list[Outgoing] = []

    def send(self, incoming: Incoming) -> list[Outgoing]:
        self.last = self.engine.handle_sync(self.chat, incoming, "en")
        return self.last

    def token(self) -> str | None:
        asks = [m for m in self.last if isinstance(m, Ask)]
        return asks[-1].token if asks else None

    def start(self, flow: str = "first_filing") -> None:
        self.send(Command("start"))
        self.send(Choice(f"flow:{flow}"))

    def next_input(self) -> Incoming | None:
        """What this applicant answers now; None when the draft is done."""
        profile = self.store.load_profile(self.chat.key)
        if profile is None or profile.active_draft is None:
            return None
        draft = self.store.load_draft(profile.active_draft)
        flow = self.flows[draft.flow]
        if draft.state == "summary":
            return Choice("nav:confirm", draft.token)
        step = flow.fields[draft.state]
        if step.file_kind:
            return File(f"{step.field}.jpg", "image/jpeg", photo(tag=step.field))
        if step.loop_to:
            return Choice("ans:no", draft.token)
        if step.choices is not None:
            values = [v for v, _ in step.choice_items(draft.answers, "en")]
            wanted = PREFERRED.get(step.field, "")
            value = wanted[4:] if wanted[4:] in values else values[0]
            return Choice(f"ans:{value}", draft.token)
        if step.optional:
            return Choice("nav:skip", draft.token)
        if step.field in ("address", "mailing_address"):
            return Text(address_in(str(draft.answers.get("region", ""))))
        return Text(text_for(step.field, self.user))
