"""Bad input at every step of every flow (issue 9): whatever the applicant types, taps or
uploads, nothing crashes, the reply says why and asks the same question again, refused input
changes no stored data, and forged buttons never reach anybody else's draft or order.

``tests.positions`` walks every route once with the Autopilot and snapshots the world after
each step; each check restores a fresh world at one step and throws one input at it. Two
kinds of test per input: a fixed corpus of nasty inputs thrown at *every* step, and a
hypothesis property that draws a different input for every step.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.i18n import translator
from dialogs.flows import all_flows
from dialogs.handlers.questions import looks_like_question
from dialogs.materials import SIGNATURES
from dialogs.messages import Ask, Choice, Command, File, Incoming, Outgoing, Say, Text
from dialogs.session import DialogSession
from dialogs.steps import Step
from tests.conftest import FakeWorld
from tests.positions import ANSWER, Position, positions, route_names

FLOWS = all_flows()
ROUTES = route_names()
EVERY_POSITION = [p for route in ROUTES for p in positions(route)]

# Stable in CI: the same examples every run, no database written into the repository.
PROPERTY = settings(max_examples=20, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.function_scoped_fixture])

STALE = "That button belongs to an earlier question; nothing was changed."
NOT_EXPECTING_FILE = "I wasn't expecting a file here."
UNKNOWN_COMMAND = "I don't know that command."
SUMMARY_HINT = "To change an answer, tap its ✏️ button; to submit, tap ✅."


# --- what must not change ---------------------------------------------------------------


@dataclass(frozen=True)
class Facts:
    """What the applicant has stored, without the counters every handled message bumps."""

    draft: tuple[Any, ...]
    profile: tuple[Any, ...]
    files: tuple[str, ...]


def _attacker(position: Position) -> str:
    return position.chat.key


def _draft_id(world: FakeWorld, position: Position) -> str:
    profile = world.store.profiles[_attacker(position)]
    assert profile.active_draft is not None
    return profile.active_draft


def facts(world: FakeWorld, position: Position, draft_id: str) -> Facts:
    draft = world.store.drafts.get(draft_id)
    profile = world.store.profiles.get(_attacker(position))
    return Facts(
        (copy.deepcopy(draft.answers), draft.state, draft.status, draft.editing,
         list(draft.history), draft.order_id) if draft else (),
        (profile.locale, profile.active_draft, profile.pending, profile.region_hint)
        if profile else (),
        tuple(sorted(world.materials.files)))


def others(world: FakeWorld, position: Position) -> tuple[Any, ...]:
    """Everything that belongs to someone else, versions included."""
    me = _attacker(position)
    # The fakes replace stored objects on every save, never change them in place: holding
    # on to the objects themselves is enough to notice any change.
    return (
        {k: d for k, d in world.store.drafts.items() if d.chat != me},
        {k: p for k, p in world.store.profiles.items() if k != me},
        {k: o for k, o in world.orders.rows.items() if o.applicant != me},
        {k: f for k, f in world.materials.files.items() if not k.startswith(me + "/")},
    )


def current_draft(world: FakeWorld, draft_id: str) -> DialogSession:
    return world.store.drafts[draft_id]


def step_of(position: Position) -> Step | None:
    return FLOWS[position.route.split("/")[0]].fields.get(position.state)


def said(replies: list[Outgoing]) -> list[str]:
    """The texts of plain messages (a Say's ``kind`` is the channel's business)."""
    assert all(isinstance(m, Say) for m in replies), f"a question where none belongs: {replies}"
    return [m.text for m in replies]


@contextmanager
def at(position: Position, incoming: Incoming) -> Iterator[None]:
    """Name the step and the input in any failure."""
    try:
        yield
    except BaseException as error:
        error.add_note(f"at {position}, input {incoming!r:.300}")
        raise


@dataclass
class Thrown:
    world: FakeWorld = field(repr=False)
    draft_id: str
    before: Facts = field(repr=False)
    others_before: tuple[Any, ...] = field(repr=False)
    replies: list[Outgoing]

    def unchanged(self, position: Position) -> None:
        assert facts(self.world, position, self.draft_id) == self.before, "stored data changed"

    def nobody_else_touched(self, position: Position) -> None:
        assert others(self.world, position) == self.others_before, "someone else's data changed"

    def asks_again(self, position: Position) -> None:
        """The reply ends with the very question of this step, with fresh buttons (and, after
        a refusal that knows the corrected answer, that answer as a first button)."""
        last = self.replies[-1]
        assert isinstance(last, Ask), f"the reply does not end with a question: {self.replies}"
        options = last.options
        if options and options[:1] != position.prompt.options[:1] and \
                options[0].value.startswith("ans:") and options[0].label.startswith("Use "):
            options = options[1:]  # e.g. "Use 0.cn" after "0.0.CN"
        assert (last.text, options) == (position.prompt.text, position.prompt.options)
        assert last.token == current_draft(self.world, self.draft_id).token


def throw(position: Position, incoming: Incoming, world: FakeWorld | None = None) -> Thrown:
    world = world or position.world()
    draft_id = _draft_id(world, position)
    before = facts(world, position, draft_id)
    others_before = others(world, position)
    replies = world.engine.handle_sync(position.chat, incoming, "en")
    return Thrown(world, draft_id, before, others_before, replies)


# --- text ---------------------------------------------------------------------------------


def would_accept(step: Step | None, text: str, answers: dict[str, Any]) -> tuple[bool, Any]:
    """Is ``text`` a valid answer to ``step``: an option typed by its value or label, or
    what the step's own parser takes?"""
    if step is None or step.file_kind is not None:
        return False, None
    t = translator("en")
    for value, label in step.choice_items(answers, "en"):
        shown = t.gettext(label) if step.translate_choices else label
        if text.strip().casefold() in (value.casefold(), label.casefold(), shown.casefold()):
            try:
                if step.check is not None:
                    step.check(value, answers)
            except Exception:
                return False, None
            return True, value
    if step.parse is None:
        return False, None
    try:
        value = step.parse(text, answers)
        if step.check is not None:  # what the province or order rules refuse at the step
            step.check(value, answers)
        return True, value
    except Exception:
        return False, None


def check_text(position: Position, text: str) -> None:
    incoming = Text(text)
    with at(position, incoming):
        world = position.world()
        draft = current_draft(world, _draft_id(world, position))
        step = step_of(position)
        accepted, value = would_accept(step, text, draft.answers)
        thrown = throw(position, incoming, world)
        assert thrown.replies, "no reply to a text at a form step"
        thrown.nobody_else_touched(position)
        question = looks_like_question(text)  # the fake knowledge base answers these
        if accepted and not question:
            assert step is not None
            after = current_draft(thrown.world, thrown.draft_id)
            assert after.answers.get(step.field) == value or after.status != "active"
            assert isinstance(thrown.replies[-1], Ask)
            return
        thrown.unchanged(position)  # a question is never stored as an answer
        thrown.asks_again(position)
        before_prompt = thrown.replies[:-1]
        if question:
            assert said(before_prompt) == [ANSWER], "a digression is answered, then re-asked"
        elif step is None:  # the summary: typing changes nothing; how to use it, then it
            assert said(before_prompt) == [SUMMARY_HINT]
        else:
            [reason] = before_prompt
            assert isinstance(reason, Say) and reason.text.startswith("⚠️ ")
            assert len(reason.text) > 3


CONTROL = "".join(chr(c) for c in [*range(0, 32), 127, *range(0x80, 0xA0)])
NASTY_TEXT = {
    "empty": "",
    "blank": "   \t\n  ",
    "ten_thousand": "测" * 5000 + "a" * 4999 + "?",
    "ten_thousand_digits": "1" * 10_000,
    "control": CONTROL,
    "format_chars": "\u200b\u200e\u200f\u202e\u2066\ufeff张三\u202c",
    "nul_in_name": "张\x00三",
    "emoji": "👨‍👩‍👧‍👦🇨🇳🏳️‍🌈💩" * 20,
    "arabic": "مرحبا بالعالم، هذا موقعي",
    "hebrew": "שלום עולם, זה האתר שלי",
    "mixed_direction": "abc \u202eمرحبا\u202c 123 שלום",
    "html": "<b>bold</b><script>alert(1)</script>&amp;",
    "markdown": "*bold* _it_ `code` [link](http://x) ||spoiler||",
    "sql": "'; DROP TABLE chat; --",
    "format_braces": "{0} {answer} {{}} %s %(x)s",
    "question_en": "what documents do I need?",
    "question_zh": "需要多久？",
    "question_mark_only": "?",
    "surrogate_like": "\udcff",
    "lone_combining": "\u0301\u0301\u0301",
    "full_width": "１２３ＡＢＣ＠ｅｘａｍｐｌｅ．ｃｏｍ",
    "long_line_of_newlines": "\n" * 5000,
    "ip_like": "999.999.999.999",
    "idna_edge": "xn--.xn--.com",
    "dots": "." * 300,
}


@pytest.mark.parametrize("text", NASTY_TEXT.values(), ids=NASTY_TEXT.keys())
def test_nasty_text_at_every_step_is_answered_and_changes_nothing_when_refused(
        text: str) -> None:
    for position in EVERY_POSITION:
        check_text(position, text)


def texts() -> st.SearchStrategy[str]:
    rtl = st.text(st.characters(min_codepoint=0x0590, max_codepoint=0x06FF), max_size=40)
    control = st.text(st.characters(categories=["Cc", "Cf", "Cs", "Co", "Zl", "Zp"]),
                      max_size=30)
    emoji = st.text(st.characters(min_codepoint=0x1F300, max_codepoint=0x1FAFF), max_size=30)
    markup = st.sampled_from(["<b>", "</b>", "*", "_", "`", "[link](http://x)", "';", "--",
                              "DROP TABLE chat;", "{", "}", "%s", "\\", "\n"])
    pieces = st.one_of(st.text(max_size=30), rtl, control, emoji, markup,
                       st.sampled_from(["浙江", "张三", "example.com", "13812345678", "ICP备"]))
    mixed = st.lists(pieces, max_size=6).map("".join)
    return st.one_of(st.text(), mixed, mixed.map(lambda s: s + "?"),
                     st.text().map(lambda s: s + "？"))


@pytest.mark.parametrize("route", ROUTES)
@PROPERTY
@given(data=st.data())
def test_arbitrary_text_at_any_step_never_crashes_and_changes_nothing_when_refused(
        route: str, data: st.DataObject) -> None:
    for position in positions(route):
        check_text(position, data.draw(texts(), label=str(position)))


# --- forged buttons -----------------------------------------------------------------------


@dataclass(frozen=True)
class Forgery:
    value: str  # may name {victim_draft}, {victim_order}, {own_draft}, {valid}, {field}
    token: str  # current | none | old | victim | garbage | future | foreign_version


def _valid_choice(world: FakeWorld, position: Position, draft: DialogSession) -> str:
    step = step_of(position)
    values = [v for v, _ in step.choice_items(draft.answers, "en")] if step else []
    return values[0] if values else "yes"


def realise(forgery: Forgery, world: FakeWorld, position: Position) -> Choice:
    draft = current_draft(world, _draft_id(world, position))
    victim = world.store.drafts[position.victim_draft]
    tokens = {
        "current": draft.token,
        "none": None,
        "old": f"{draft.id}.{draft.version - 1}",
        "future": f"{draft.id}.{draft.version + 1}",
        "victim": victim.token,
        "foreign_version": f"{victim.id}.{draft.version}",
        "garbage": "zzz.1",
    }
    step = step_of(position)
    value = (forgery.value.replace("{victim_draft}", position.victim_draft)
             .replace("{victim_order}", position.victim_order)
             .replace("{own_draft}", draft.id)
             .replace("{valid}", _valid_choice(world, position, draft))
             .replace("{field}", step.field if step else "region"))
    return Choice(value, tokens[forgery.token])


def may_change_own_data(choice: Choice, position: Position, world: FakeWorld) -> bool:
    """A real button (a legitimate tap): the applicant's own data may change."""
    draft = current_draft(world, _draft_id(world, position))
    kind, _, arg = choice.value.partition(":")
    if kind in ("ans", "nav", "edit", "drop"):
        if choice.token != draft.token:
            return False
        step = step_of(position)
        if kind == "ans":
            if step is not None and step.choices is None and step.parse is not None:
                # A suggestion button (e.g. the domain without https://) is a typed answer.
                return (len(choice.value.encode()) <= 64
                        and would_accept(step, arg, draft.answers)[0])
            return step is not None and arg in [v for v, _ in step.choice_items(draft.answers,
                                                                                  "en")]
        if kind == "nav":
            return arg in ("back", "skip", "cancel", "confirm")
        if kind == "edit":
            return position.state == "summary" and arg in FLOWS[draft.flow].fields
        name, _, index = arg.rpartition(".")
        items = draft.answers.get(name)
        return (position.state == "summary" and isinstance(items, list)
                and index.isascii() and index.isdigit() and int(index) < len(items))
    return ((kind == "flow" and arg in FLOWS) or (kind == "forget" and arg == "yes")
            or (kind == "lang" and arg in ("en", "zh_Hans")) or (kind == "menu" and arg == "ask")
            or (kind in ("resume", "discard") and arg == draft.id))


def check_choice(position: Position, forgery: Forgery) -> None:
    world = position.world()
    choice = realise(forgery, world, position)
    with at(position, choice):
        legitimate = may_change_own_data(choice, position, world)
        thrown = throw(position, choice, world)
        assert thrown.replies, "no reply to a button"
        thrown.nobody_else_touched(position)
        if legitimate:
            return
        thrown.unchanged(position)
        kind = choice.value.partition(":")[0]
        if kind in ("ans", "nav", "edit", "drop"):
            thrown.asks_again(position)
            if forgery.token != "current":
                assert said(thrown.replies[:1]) == [STALE]


LONG = "x" * 80
FORGERIES = {
    "valid_answer_without_token": Forgery("ans:{valid}", "none"),
    "valid_answer_garbage_token": Forgery("ans:{valid}", "garbage"),
    "valid_answer_old_version": Forgery("ans:{valid}", "old"),
    "valid_answer_future_version": Forgery("ans:{valid}", "future"),
    "valid_answer_victims_token": Forgery("ans:{valid}", "victim"),
    "valid_answer_victims_id_our_version": Forgery("ans:{valid}", "foreign_version"),
    "confirm_old_version": Forgery("nav:confirm", "old"),
    "skip_victims_token": Forgery("nav:skip", "victim"),
    "back_without_token": Forgery("nav:back", "none"),
    "cancel_old_version": Forgery("nav:cancel", "old"),
    "edit_victims_token": Forgery("edit:{field}", "victim"),
    "answer_over_64_bytes": Forgery("ans:" + LONG, "current"),
    "answer_empty": Forgery("ans:", "current"),
    "answer_unicode": Forgery("ans:浙江省🇨🇳\u202e", "current"),
    "unknown_prefix": Forgery("zzz:1", "current"),
    "no_prefix": Forgery("CN-ZJ", "current"),
    "empty_value": Forgery("", "current"),
    "only_colon": Forgery(":", "none"),
    "over_64_bytes_unknown": Forgery("a" * 200, "none"),
    "nav_unknown": Forgery("nav:bogus", "current"),
    "nav_empty": Forgery("nav:", "current"),
    "edit_nonexistent": Forgery("edit:nonexistent", "current"),
    "edit_empty": Forgery("edit:", "current"),
    "edit_this_field_off_summary": Forgery("edit:{field}", "current"),
    "drop_out_of_range": Forgery("drop:websites.99", "current"),
    "drop_first_website": Forgery("drop:websites.0", "current"),
    "drop_a_plain_answer": Forgery("drop:region.0", "current"),
    "drop_superscript_index": Forgery("drop:websites.²", "current"),
    "drop_negative": Forgery("drop:websites.-1", "current"),
    "drop_no_index": Forgery("drop:websites", "current"),
    "drop_answers_of_field": Forgery("drop:{field}.0", "current"),
    "fix_victims_order": Forgery("fix:{victim_order}", "none"),
    "fix_victims_order_with_token": Forgery("fix:{victim_order}", "current"),
    "fix_unknown_order": Forgery("fix:O00000000", "none"),
    "fix_empty": Forgery("fix:", "none"),
    "resume_victims_draft": Forgery("resume:{victim_draft}", "none"),
    "resume_unknown": Forgery("resume:nonexistent", "none"),
    "discard_victims_draft": Forgery("discard:{victim_draft}", "none"),
    "discard_victims_draft_with_their_token": Forgery("discard:{victim_draft}", "victim"),
    "discard_unknown": Forgery("discard:", "none"),
    "discard_victims_draft_confirmed": Forgery("discard:{victim_draft}:yes", "none"),
    "flow_unknown": Forgery("flow:nonexistent", "none"),
    "lang_unknown": Forgery("lang:xx", "none"),
    "menu_unknown": Forgery("menu:zzz", "none"),
    "forget_not_yes": Forgery("forget:YES ", "none"),
    "sql_in_value": Forgery("ans:'; DROP TABLE chat; --", "current"),
}


@pytest.mark.parametrize("forgery", FORGERIES.values(), ids=FORGERIES.keys())
def test_forged_buttons_at_every_step_touch_nobody_elses_data_and_change_nothing(
        forgery: Forgery) -> None:
    for position in EVERY_POSITION:
        check_choice(position, forgery)


PREFIXES = ("ans:", "nav:", "edit:", "drop:", "resume:", "discard:", "fix:", "flow:", "menu:",
            "lang:", "forget:", "zzz:", "")
TOKENS = ("current", "none", "old", "future", "victim", "foreign_version", "garbage")


def forgeries() -> st.SearchStrategy[Forgery]:
    args = st.one_of(st.text(max_size=80),
                     st.sampled_from(["{victim_draft}", "{victim_order}", "{own_draft}",
                                      "{valid}", "{field}", "websites.0", "websites.1",
                                      "websites.99", "{field}.0", "yes", "no", "x" * 70]))
    return st.builds(Forgery, st.tuples(st.sampled_from(PREFIXES), args).map("".join),
                     st.sampled_from(TOKENS))


@pytest.mark.parametrize("route", ROUTES)
@PROPERTY
@given(data=st.data())
def test_forged_button_data_at_any_step_never_crashes_or_touches_another_draft(
        route: str, data: st.DataObject) -> None:
    for position in positions(route):
        check_choice(position, data.draw(forgeries(), label=str(position)))


# --- files --------------------------------------------------------------------------------


def _has_magic(data: bytes) -> bool:
    return any(data.startswith(signature) for signature, _, _ in SIGNATURES)


def check_file(position: Position, upload: File) -> None:
    with at(position, upload):
        thrown = throw(position, upload)
        thrown.unchanged(position)
        thrown.nobody_else_touched(position)
        thrown.asks_again(position)
        [reason] = thrown.replies[:-1]
        step = step_of(position)
        if step is not None and step.file_kind is not None:
            assert isinstance(reason, Say) and reason.text.startswith("⚠️ ")
        else:
            assert said([reason]) == [NOT_EXPECTING_FILE]


WRONG_FILES = {
    "empty": File("id.jpg", "image/jpeg", b""),
    "exe_named_jpeg": File("id.jpg", "image/jpeg", b"MZ\x90\x00" + bytes(200)),
    "gif": File("id.gif", "image/gif", b"GIF89a" + bytes(100)),
    "zip": File("id.pdf", "application/pdf", b"PK\x03\x04" + bytes(100)),
    "almost_png": File("id.png", "image/png", b"\x89PNX\r\n\x1a\n" + bytes(100)),
    "almost_jpeg": File("id.jpg", "image/jpeg", b"\xff\xd8" + bytes(100)),
    "almost_pdf": File("id.pdf", "application/pdf", b"%PD-1.4"),
    "html": File("<b>id</b>.html", "text/html", b"<html><script>alert(1)</script>"),
    "text": File("", "", b"'; DROP TABLE chat; --"),
    "rtl_name": File("\u202egpj.exe", "application/octet-stream", b"\x00" * 10),
}


@pytest.mark.parametrize("upload", WRONG_FILES.values(), ids=WRONG_FILES.keys())
def test_wrong_files_at_every_step_are_refused_and_change_nothing(upload: File) -> None:
    for position in EVERY_POSITION:
        check_file(position, upload)


def wrong_files() -> st.SearchStrategy[File]:
    data = st.binary(max_size=2048).filter(lambda b: not _has_magic(b))
    return st.builds(File, st.text(max_size=40),
                     st.sampled_from(["image/jpeg", "image/png", "application/pdf", "", "x/y"]),
                     data)


@pytest.mark.parametrize("route", ROUTES)
@PROPERTY
@given(data=st.data())
def test_random_bytes_at_any_step_are_refused_and_change_nothing(
        route: str, data: st.DataObject) -> None:
    for position in positions(route):
        check_file(position, data.draw(wrong_files(), label=str(position)))


# --- commands -----------------------------------------------------------------------------

# Every command an applicant may use (the router's registry; /queue is reviewers' only, so an
# applicant is told it is unknown). /summary was missing here: hypothesis found "SUMMARY".
KNOWN_COMMANDS = {"start", "new", "drafts", "status", "summary", "language", "help", "privacy",
                  "cancel", "menu", "forget", "ask", "back", "skip"}


@pytest.mark.parametrize("route", ROUTES)
@PROPERTY
@given(data=st.data())
def test_unknown_commands_at_any_step_are_explained_and_change_nothing(
        route: str, data: st.DataObject) -> None:
    names = st.text(max_size=40).filter(
        lambda n: n.lower().lstrip("/") not in KNOWN_COMMANDS)
    for position in positions(route):
        command = Command(data.draw(names, label=str(position)), data.draw(st.text(max_size=40)))
        with at(position, command):
            thrown = throw(position, command)
            thrown.unchanged(position)
            thrown.nobody_else_touched(position)
            assert said(thrown.replies[:1]) == [UNKNOWN_COMMAND]


# --- the helpers themselves -----------------------------------------------------------------


def test_every_step_of_every_flow_is_reached() -> None:
    reached = {(FLOWS[p.route.split("/")[0]].name, p.state) for p in EVERY_POSITION}
    never = [f"{name}.{step.field}" for name, flow in FLOWS.items() for step in flow.steps
             if (name, step.field) not in reached]
    assert never == [], "add a route to tests/positions.py that reaches these steps"
    assert {p.route for p in EVERY_POSITION} == set(ROUTES)


# --- regressions found by the properties --------------------------------------------------


def _position(route: str, state: str) -> Position:
    return next(p for p in positions(route) if p.state == state)


@pytest.mark.parametrize("value", ["drop:region.0", "drop:websites.²", "drop:websites.9"])
def test_drop_with_forged_data_at_the_summary_changes_nothing(value: str) -> None:
    # "drop:region.0" used to call str.pop (AttributeError), "websites.²" int("²").
    position = _position("first_filing/enterprise", "summary")
    world = position.world()
    thrown = throw(position, Choice(value, current_draft(world, _draft_id(world, position))
                                    .token), world)
    thrown.unchanged(position)
    thrown.asks_again(position)


def test_drop_off_the_summary_keeps_the_websites_already_added() -> None:
    # A current-version "drop:websites.0" mid-form used to remove the first website: here,
    # while a second one is being added from the summary.
    position = next(p for p in positions("first_filing/enterprise")
                    if p.state == "domain" and p.index > 10
                    and current_draft(world := p.world(), _draft_id(world, p)).answers.get(
                        "websites"))
    world = position.world()
    thrown = throw(position, Choice("drop:websites.0", current_draft(
        world, _draft_id(world, position)).token), world)
    thrown.unchanged(position)
    thrown.asks_again(position)


@pytest.mark.parametrize(("state", "value"), [("summary", "ans:yes"), ("region", "nav:bogus"),
                                              ("summary", "nav:")])
def test_a_button_that_means_nothing_here_asks_the_question_again(state: str,
                                                                  value: str) -> None:
    # These used to get no reply at all.
    position = _position("first_filing", state)
    world = position.world()
    thrown = throw(position, Choice(value, current_draft(world, _draft_id(world, position))
                                    .token), world)
    thrown.unchanged(position)
    thrown.asks_again(position)
    assert thrown.replies == thrown.replies[-1:]
