"""Every step of every flow as a ready-made world, for property tests that throw bad input.

An applicant (the bench Autopilot, steered down a few extra branches) walks each route once;
after every step the whole in-memory world is snapshotted, so a test can start "at step k of
flow f" in microseconds instead of replaying k turns. Another applicant, the *victim*, owns an
active draft and a rejected (correctable) order in the same world: forged buttons must never
touch them.
"""

from __future__ import annotations

import copy
import functools
from dataclasses import dataclass, field
from typing import Any

from bench.autopilot import Autopilot
from dialogs.flows import all_flows
from dialogs.handlers.questions import looks_like_question
from dialogs.messages import Ask, ChatRef, Choice, Incoming, Outgoing, Text
from dialogs.session import DialogSession
from filing.lifecycle import Action
from filing.services import ReviewDecision
from tests.conftest import FakeWorld
from tests.unit.test_regional_rules import resident_id

ATTACKER = 1
VICTIM = 2
CHANNEL = "test"
ANSWER = "📚 (an answer from the knowledge base)"


@dataclass
class Answer:
    text: str
    unknown: bool = False
    about: str | None = None
    topic: str | None = None

    def as_text(self) -> str:
        return self.text


class FakeKnowledge:
    """Answers whatever reads as a question with the same text, so that a digression is easy
    to recognise; knows nothing else (as a real knowledge base knows nothing of "张三")."""

    def __init__(self) -> None:
        self.questions: list[str] = []

    def ask(self, question: str, *, lang: str | None = None, region: str | None = None,
            context: object = None) -> Answer:
        self.questions.append(question)
        return Answer(ANSWER, unknown=not looks_like_question(question))


@dataclass(frozen=True)
class Route:
    """One way through a flow: the Autopilot's defaults plus a few steered answers."""

    name: str
    flow: str
    choices: tuple[tuple[str, str], ...] = ()  # field -> button value
    texts: tuple[tuple[str, str], ...] = ()  # field -> typed answer
    edits: tuple[str, ...] = ()  # fields opened from the summary, in turn (asked there only)


ENTERPRISE = (("entity_name", "杭州示例科技有限公司"),
              ("certificate_number", "91330100716105852F"),
              ("leader_id_number", resident_id("33", "19800101")),
              ("new_entity_name", "杭州新示例科技有限公司"))
PASSPORT = (("region", "CN-JS"), ("certificate_type", "passport"))
COMPANY = (("entity_type", "enterprise"),)
# Shanghai: an entity leader with a passport who is not the legal representative, another
# administrator with a passport (Shanghai's ICP负责人授权书), a news approval.
SHANGHAI = (*COMPANY, ("region", "CN-SH"), ("leader_is_legal_rep", "no"),
            ("leader_certificate_type", "passport"), ("admin_same", "other"),
            ("admin_certificate_type", "passport"), ("pre_approval", "news"))
PASSPORTS = (*ENTERPRISE, ("leader_id_number", "E12345678"), ("admin_id_number", "G87654321"))
# Guangdong: a finance approval (its commitment letter), another administrator with an ID.
GUANGDONG = (*COMPANY, ("region", "CN-GD"), ("pre_approval", "finance"),
             ("admin_same", "other"))
JIANGSU = (*COMPANY, ("region", "CN-JS"), ("leader_is_legal_rep", "no"))
XINJIANG = (*COMPANY, ("region", "CN-XJ"))
HUNAN = (*COMPANY, ("region", "CN-HN"), ("another_website", "yes"))
ELIGIBLE = (("claim_hichina", "yes"), ("claim_before_2010", "yes"),
            ("claim_other_provider", "no"), ("claim_imported", "no"))

# The Autopilot's default way through each flow, then the branches it does not take, so that
# every step of every flow is reached (test_every_step_of_every_flow_is_reached checks).
ROUTES: tuple[Route, ...] = (
    *(Route(name, name, edits=tuple(step.field for step in flow.steps if step.at_summary))
      for name, flow in all_flows().items()),
    Route("choose/first", "choose", (("intent", "file"), ("entity_here", "no"))),
    Route("choose/modify", "choose", (("intent", "modify"),)),
    Route("choose/cancel", "choose", (("intent", "cancel"),)),
    Route("choose/old", "choose", (("intent", "old"),)),
    Route("first_filing/enterprise", "first_filing",
          (("entity_type", "enterprise"), ("another_website", "yes")), ENTERPRISE),
    Route("first_filing/passport", "first_filing", PASSPORT,
          (("certificate_number", "E12345678"),)),
    Route("new_website/passport", "new_website", PASSPORT,
          (("certificate_number", "E12345678"),)),
    Route("new_website/enterprise", "new_website", (("entity_type", "enterprise"),),
          ENTERPRISE),
    Route("modify_entity/name", "modify_entity",
          (("entity_type", "enterprise"), ("entity_change", "name")), ENTERPRISE),
    Route("modify_entity/leader", "modify_entity",
          (("entity_type", "enterprise"), ("entity_change", "leader")), ENTERPRISE),
    *(Route(f"{flow}/{name}", flow, choices, texts) for flow in ("first_filing", "new_website")
      for name, choices, texts in (("shanghai", SHANGHAI, PASSPORTS),
                                   ("guangdong", GUANGDONG, ENTERPRISE),
                                   ("jiangsu", JIANGSU, ENTERPRISE),
                                   ("xinjiang", XINJIANG, ENTERPRISE),
                                   ("hunan", HUNAN, ENTERPRISE))),
    Route("first_filing/hunan_in_guangdong", "first_filing", (("region", "CN-GD"),),
          (("certificate_number", resident_id("43", "19900101")),
           ("address", "湖南省长沙市岳麓区示例路100号"))),  # so the mailing address is asked
    Route("modify_entity/leader_passport", "modify_entity",
          (*COMPANY, ("entity_change", "leader"), ("leader_certificate_type", "passport")),
          PASSPORTS),
    Route("modify_website/admin", "modify_website",
          (*COMPANY, ("website_change", "admin"), ("admin_same", "other"),
           ("admin_certificate_type", "passport")), PASSPORTS),
    Route("modify_website/admin_shanghai", "modify_website",
          (*COMPANY, ("region", "CN-SH"), ("website_change", "admin"), ("admin_same", "other")),
          ENTERPRISE),
    Route("modify_website/domain", "modify_website", (("website_change", "domain"),)),
    Route("modify_website/content", "modify_website", (("website_change", "content"),)),
    Route("modify_website/contact", "modify_website", (("website_change", "contact"),)),
    Route("modify_access/ip", "modify_access", (("access_change", "ip"),),
          (("new_ip", "203.0.113.10"),)),
    Route("claim/eligible", "claim", ELIGIBLE, edits=("remarks",)),
    Route("new_access/two", "new_access", (("another_website", "yes"),),
          (("filing_number", "浙ICP备12345678号-2"),)),
    Route("cancel_access/two", "cancel_access", (("another_website", "yes"),),
          (("filing_number", "浙ICP备12345678号-2"),)),
    Route("claim/enterprise", "claim", (*ELIGIBLE, ("entity_type", "enterprise")), ENTERPRISE),
    Route("claim/passport", "claim", (*ELIGIBLE, *PASSPORT),
          (("certificate_number", "E12345678"),)),
    Route("claim/not_hichina", "claim", (("claim_hichina", "no"),)),
    Route("claim/not_before_2010", "claim", (("claim_before_2010", "no"),)),
    Route("claim/already_imported", "claim", (*ELIGIBLE[:3], ("claim_imported", "yes"))),
    Route("import/too_early", "import", (), (("filed_on", "2005-01-01"),)),
    Route("import/too_late", "import", (), (("filed_on", "2020-01-01"),)),
)


class SteeredAutopilot(Autopilot):
    """The Autopilot, with some answers chosen by the route; one website loop at most."""

    def __init__(self, world: FakeWorld, user: int, route: Route) -> None:
        super().__init__(world.engine, world.store, all_flows(), user, channel=CHANNEL)
        self.route = route
        self.looped = False
        self.edits = list(route.edits)

    def draft(self) -> DialogSession | None:
        profile = self.store.load_profile(self.chat.key)
        if profile is None or profile.active_draft is None:
            return None
        draft: DialogSession | None = self.store.load_draft(profile.active_draft)
        return draft

    def next_input(self) -> Incoming | None:
        draft = self.draft()
        if draft is not None and draft.state == "summary" and self.edits:
            return Choice(f"edit:{self.edits.pop(0)}", draft.token)
        if draft is not None:
            wants_more = dict(self.route.choices).get("another_website") == "yes"
            if draft.state == "summary" and wants_more and not self.looped:
                self.looped = True  # one more website, added from the summary
                return Choice("add:another_website", draft.token)
            chosen = dict(self.route.choices).get(draft.state)
            if draft.state == "another_website":
                chosen = None  # the Autopilot's "no": one website more at most
            if chosen is not None:
                return Choice(f"ans:{chosen}", draft.token)
            typed = dict(self.route.texts).get(draft.state)
            if typed is not None:
                return Text(typed)
        return super().next_input()


@dataclass
class Snapshot:
    profiles: dict[str, Any]
    drafts: dict[str, Any]
    orders: dict[str, Any]
    entities: dict[str, Any]
    serials: dict[Any, int]
    outbox: list[Any]
    files: dict[str, bytes]

    @classmethod
    def of(cls, world: FakeWorld) -> Snapshot:
        return cls(*copy.deepcopy((world.store.profiles, world.store.drafts, world.orders.rows,
                                   world.registry.entities, world.registry.serials,
                                   world.outbox, world.materials.files)))

    def restore(self) -> FakeWorld:
        """A fresh world holding the snapshot. The fakes copy every object they load and
        store, so stored objects are never changed in place: copying the containers is
        enough, and keeps a restore in microseconds."""
        world = FakeWorld(FakeKnowledge())
        world.store.profiles = dict(self.profiles)
        world.store.drafts = dict(self.drafts)
        world.orders.rows = dict(self.orders)
        world.registry.entities = dict(self.entities)
        world.registry.serials = dict(self.serials)
        world.materials.files = dict(self.files)
        world.outbox.extend(self.outbox)
        return world


@dataclass
class Position:
    """The attacker's draft at one step of one route, with the prompt it was just shown."""

    route: str
    index: int
    state: str
    snapshot: Snapshot = field(repr=False)
    prompt: Ask = field(repr=False)
    victim_draft: str = field(repr=False)
    victim_order: str = field(repr=False)

    @property
    def chat(self) -> ChatRef:
        return ChatRef(CHANNEL, str(ATTACKER))

    def world(self) -> FakeWorld:
        return self.snapshot.restore()

    def __str__(self) -> str:
        return f"{self.route} step {self.index} ({self.state})"


def last_ask(replies: list[Outgoing]) -> Ask | None:
    asks = [m for m in replies if isinstance(m, Ask)]
    return asks[-1] if asks else None


def _walk(pilot: SteeredAutopilot, steps: int) -> None:
    for _ in range(steps):
        incoming = pilot.next_input()
        if incoming is None:
            return
        pilot.send(incoming)


@functools.cache
def _victim_world() -> tuple[Snapshot, str, str]:
    """The victim: a rejected order (correctable with fix:) and a draft in progress."""
    world = FakeWorld(FakeKnowledge())
    victim = SteeredAutopilot(world, VICTIM, Route("first_filing", "first_filing"))
    victim.start("first_filing")
    _walk(victim, 50)
    [order] = world.orders.rows.values()
    world.filing.decide(ReviewDecision(order.id, Action.REJECT, "alice", ("website_name",)))
    victim.start("new_website")
    _walk(victim, 4)
    draft = victim.draft()
    assert draft is not None and draft.status == "active"
    return Snapshot.of(world), draft.id, order.id


@functools.cache
def positions(route_name: str) -> tuple[Position, ...]:
    """Each step the route passes through, the summary included, in order."""
    route = next(r for r in ROUTES if r.name == route_name)
    base, victim_draft, victim_order = _victim_world()
    world = base.restore()
    pilot = SteeredAutopilot(world, ATTACKER, route)
    pilot.start(route.flow)
    found: list[Position] = []
    while True:
        draft = pilot.draft()
        editing = bool(pilot.edits)
        incoming = pilot.next_input()
        if draft is None or incoming is None:
            break
        prompt = last_ask(pilot.last)
        assert prompt is not None, f"{route.name}: no question at {draft.state}"
        seen = any(p.state == draft.state for p in found)
        if seen and (len(found) > 60 or (draft.state == "summary" and not editing)):
            break  # the Autopilot is stuck (e.g. the summary does not confirm)
        found.append(Position(route.name, len(found), draft.state, Snapshot.of(world), prompt,
                              victim_draft, victim_order))
        pilot.send(incoming)
    return tuple(found)


def route_names() -> list[str]:
    return [route.name for route in ROUTES]
