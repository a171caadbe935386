"""Filling one draft: prompts, answers, back, skip, edit from the summary, the summary.

Pure with respect to storage: these functions change the turn's draft in memory (moving it
only through its machine's triggers) and add what to say; the engine loads and saves.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from transitions import MachineError

from dialogs import machine
from dialogs.machine import SUMMARY
from dialogs.messages import Ask, Option, Say
from dialogs.render import SECTIONS, message, show_value
from dialogs.session import DialogSession
from dialogs.steps import Answers, Flow, Step
from dialogs.turn import Turn
from filing.errors import OrderInvalid
from filing.order_rules import order_notes, order_problems
from filing.text import N_
from filing.validation import Invalid

# Telegram's callback data holds 64 bytes: a longer suggestion is not offered as a button.
SUGGESTION_BYTES = 60

HINT_AFTER_FAILURES = 3
# Text the user has yet to say is an answer or a question (kept with the draft's answers).
PENDING_TEXT = "_pending_text"
# The earlier item (e.g. "websites.0") whose field is being edited from the summary.
EDITING_ITEM = "_editing_item"


def _form(turn: Turn) -> tuple[Flow, DialogSession]:
    assert turn.draft is not None and turn.flow is not None
    return turn.flow, turn.draft


def current_step(turn: Turn) -> Step | None:
    flow, draft = _form(turn)
    return flow.fields.get(draft.state)


def move(turn: Turn, trigger: str) -> None:
    """Fire ``trigger``; a summary with unanswered questions (a change opened new ones)
    sends the user on to the first of them, then back to the summary."""
    flow, draft = _form(turn)
    machine.fire(flow, draft, trigger)
    if draft.state == SUMMARY:
        draft.answers.pop(EDITING_ITEM, None)
        missing = flow.missing(draft.answers)
        if missing:
            machine.fire(flow, draft, f"jump_{missing[0].field}")


def prompt(turn: Turn) -> None:
    """Ask the current question again, exactly as it stands (also after a digression)."""
    draft = _form(turn)[1]
    t = turn.t
    if draft.state == SUMMARY:
        summary(turn)
        return
    step = current_step(turn)
    if step is None:
        return
    text = f"{progress(turn, step)}{t.gettext(step.label)}\n{t.gettext(step.prompt)}"
    previous = target(draft.answers).get(step.field)
    if previous not in (None, "") and step.choices is None:
        text += "\n" + t.gettext("(Current answer: {value})").format(
            value=show_value(step, previous, t, draft.answers, turn.lang, owner=True))
    options = [Option(label if not step.translate_choices else t.gettext(label), f"ans:{value}")
               for value, label in step.choice_items(draft.answers, turn.lang)]
    options += _navigation(turn, step)
    columns = 3 if len(options) > 12 else 1
    turn.out.append(Ask(text, tuple(options), draft.token, columns))


def progress(turn: Turn, step: Step) -> str:
    """Where the user is, by section: "Website 2 of 2 · 3/6 · ". It counts the questions of
    the current section known to come: a question whose condition waits on an answer not yet
    given is counted once that answer is in, so the total grows and never jumps back."""
    flow, draft = _form(turn)
    if flow.build_order is None:  # the chooser: a handful of questions, no counting
        return ""
    t = turn.t
    # The section's steps first (the same for every prompt of the step: kept), then their
    # conditions: only those are worth evaluating.
    steps = [s for s in _section_of(flow, step) if _known_to_come(s, step, draft.answers)]
    position = next((i for i, s in enumerate(steps) if s.field == step.field), 0) + 1
    section = t.gettext(SECTIONS.get(step.section, step.section))
    if step.section == "website" and any(s.collect_as for s in flow.steps):
        number = len(draft.answers.get("websites", [])) + 1
        item = draft.answers.get(EDITING_ITEM)
        if isinstance(item, str):
            number = int(item.rpartition(".")[2]) + 1
        section = t.gettext("Website {number} of {count}").format(
            number=number, count=max(number, len(draft.answers.get("websites", [])) + 1))
    return f"{section} · {position}/{len(steps)} · "


_SECTIONS: dict[tuple[int, str], tuple[Flow, tuple[Step, ...]]] = {}


def _section_of(flow: Flow, step: Step) -> tuple[Step, ...]:
    """The steps ``progress`` counts for ``step``: its section's, without the summary's
    extras and the "one more?" steps (but ``step`` itself). Flows are immutable data."""
    key = (id(flow), step.field)
    known = _SECTIONS.get(key)
    if known is None or known[0] is not flow:
        known = _SECTIONS[key] = (flow, tuple(
            s for s in flow.steps
            if s.section == step.section and (not (s.at_summary or s.loop_to) or s is step)))
    return known[1]


def _known_to_come(candidate: Step, step: Step, answers: Answers) -> bool:
    if candidate is step:
        return True
    if candidate.field in answers:  # answered: counted while its condition holds
        return candidate.applies(answers)
    looked_at = _AnswersRead(answers)
    return candidate.applies(looked_at) and not looked_at.missing


class _AnswersRead(Mapping[str, Any]):
    """The answers, noting the ones a step's condition looked for and did not find
    (``get`` and ``in`` directly: Mapping's would raise and catch a KeyError for each)."""

    def __init__(self, answers: Answers) -> None:
        self._answers = answers
        self.missing: set[str] = set()

    def __getitem__(self, key: str) -> Any:
        if key not in self._answers:
            self.missing.add(key)
        return self._answers[key]

    def get(self, key: str, default: Any = None) -> Any:
        if key in self._answers:
            return self._answers[key]
        self.missing.add(key)
        return default

    def __contains__(self, key: object) -> bool:
        if key in self._answers:
            return True
        if isinstance(key, str):
            self.missing.add(key)
        return False

    def __iter__(self) -> Iterator[str]:
        return iter(self._answers)

    def __len__(self) -> int:
        return len(self._answers)


def target(answers: dict[str, Any]) -> dict[str, Any]:
    """Where an answer goes: the answers, or the earlier item being edited."""
    key = answers.get(EDITING_ITEM)
    if isinstance(key, str):
        name, _, index = key.rpartition(".")
        items = answers.get(name)
        if isinstance(items, list) and index.isdigit() and int(index) < len(items):
            item: dict[str, Any] = items[int(index)]
            return item
    return answers


def _navigation(turn: Turn, step: Step) -> list[Option]:
    flow, draft = _form(turn)
    t = turn.t
    nav = []
    if machine.can(flow, draft, "back"):
        # TRANSLATORS: a button: back to the previous question (the answers are kept).
        nav.append(Option(t.pgettext("button", "« Back"), "nav:back"))
    if step.optional:
        nav.append(Option(t.gettext("Skip"), "nav:skip"))
    # TRANSLATORS: a button: stop filling the form (取消), not cancelling a filing (注销).
    nav.append(Option(t.pgettext("button", "Cancel"), "nav:cancel"))
    return nav


def answer(turn: Turn, text: str | None = None, choice: str | None = None) -> bool:
    """Take an answer for the current step; False (and a reason said) when refused."""
    flow, draft = _form(turn)
    draft.answers.pop(PENDING_TEXT, None)
    step = current_step(turn)
    if step is None:  # e.g. an answer button pressed at the summary: show it again
        prompt(turn)
        return False
    accepted, turn.accepted = turn.accepted, None
    try:
        if accepted is not None and choice is None and accepted[:2] == (step.field, text):
            value = accepted[2]  # parsed and checked by ``accepts`` a moment ago
        else:
            value = _parse(turn, step, text, choice)
    except Invalid as invalid:
        refuse(turn, invalid)
        return False
    stored = target(draft.answers)
    stored[step.field] = value
    if stored is draft.answers and _answered_after(flow, step, draft.answers):
        _drop_stale_answers(flow, draft.answers)
    _say_note(turn, step, value)
    move(turn, "answer")
    prompt(turn)
    return True


def _say_note(turn: Turn, step: Step, value: Any) -> None:
    """A remark on an accepted answer (an unusual but real ID, an older provincial rule)."""
    if step.note is None:
        return
    found = step.note(value, _form(turn)[1].answers)
    if found is not None:
        turn.out.append(Say("ℹ️ " + message(turn.t, found[0], found[1], turn.lang)))


def refuse(turn: Turn, invalid: Invalid) -> None:
    """Say why an answer was refused (with an example after repeated tries); ask again."""
    _, draft = _form(turn)
    draft.failures += 1
    reason = message(turn.t, invalid.msgid, invalid.params, turn.lang)
    if draft.failures >= HINT_AFTER_FAILURES and invalid.example:
        reason += "\n" + turn.t.gettext("For example: {example}").format(
            example=invalid.example)
    turn.out.append(Say("⚠️ " + reason))
    prompt(turn)
    _offer_suggestion(turn, invalid)


def _offer_suggestion(turn: Turn, invalid: Invalid) -> None:
    """The corrected answer (e.g. the domain without https:// or www.) as a first button."""
    suggestion = invalid.suggestion
    ask = turn.out[-1] if turn.out else None
    if (not suggestion or not isinstance(ask, Ask)
            or len(f"ans:{suggestion}".encode()) > SUGGESTION_BYTES):
        return
    button = Option(turn.t.gettext("Use {value}").format(value=suggestion), f"ans:{suggestion}")
    turn.out[-1] = Ask(ask.text, (button, *ask.options), ask.token, ask.columns)


def accepts(turn: Turn, text: str) -> bool:
    """Would ``text`` be a valid answer to the current step? Then it is no question."""
    step = current_step(turn)
    if step is None or step.file_kind is not None:
        return False
    try:
        value = _parse(turn, step, text, None)
    except Exception:
        return False
    turn.accepted = (step.field, text, value)
    return True


def _typed_choice(turn: Turn, step: Step, text: str) -> str | None:
    """An option typed instead of tapped: its label (in either language) or its value, or
    the start of one option's label alone ("个人博客" for "个人博客或个人主页（非经营性）")."""
    wanted = text.strip().casefold()
    partial = []
    for value, label in step.choice_items(_form(turn)[1].answers, turn.lang):
        shown = turn.t.gettext(label) if step.translate_choices else label
        if wanted in (value.casefold(), label.casefold(), shown.casefold()):
            return value
        if _begins_a_part_of(wanted, shown.casefold()):
            partial.append(value)
    return partial[0] if len(partial) == 1 else None


def _begins_a_part_of(wanted: str, label: str) -> bool:
    """Chinese: two characters or more found in the label; other scripts: four letters or
    more, each typed word the start of a word of the label ("company homepage" for "Company
    or organisation homepage"; "no" is not read as "Non-commercial")."""
    if wanted.isascii():
        words = wanted.split()
        return sum(map(len, words)) >= 4 and all(
            re.search(r"\b" + re.escape(word), label) is not None for word in words)
    return len(wanted) >= 2 and wanted in label


def _parse(turn: Turn, step: Step, text: str | None, choice: str | None) -> Any:
    answers = _form(turn)[1].answers
    typed = _typed_choice(turn, step, text) if text is not None and step.choices else None
    if typed is not None:  # an option typed instead of tapped
        text, choice = None, typed
    value = _value(step, answers, turn.lang, text, choice)
    if step.check is not None:
        step.check(value, answers)
    return value


def _value(step: Step, answers: Answers, lang: str, text: str | None,
           choice: str | None) -> Any:
    if step.file_kind is not None:
        raise Invalid(N_("Please send this as a photo or a PDF file."))
    if step.choices is not None:
        values = [value for value, _ in step.choice_items(answers, lang)]
        if choice is not None and choice in values:
            return choice
        if text is not None and step.parse is not None:
            return step.parse(text, answers)
        raise Invalid(N_("Please choose one of the options below."))
    # A suggestion button carries a typed answer: it is parsed like typed text. Telegram's
    # buttons hold 64 bytes, so anything longer was never one of ours.
    typed = text
    if typed is None and choice is not None and len(f"ans:{choice}".encode()) <= 64:
        typed = choice
    if step.parse is None or typed is None:
        raise Invalid(N_("Please type your answer."))
    return step.parse(typed, answers)


def _answered_after(flow: Flow, step: Step, answers: Answers) -> bool:
    """Only a change before later answers can void them (the usual forward pass cannot)."""
    index = next(i for i, s in enumerate(flow.steps) if s is step)  # not list.index: a
    # Step's dataclass __eq__ compares every field, for each step before this one
    return any(later.field in answers for later in flow.steps[index + 1:])


def _drop_stale_answers(flow: Flow, answers: dict[str, Any]) -> None:
    """An earlier change (entity type, certificate type) can void later answers: drop them."""
    for step in flow.steps:
        if step.field not in answers:
            continue
        value = answers[step.field]
        try:
            if step.choices is not None:
                if callable(step.choices) and value not in {
                    v for v, _ in step.choice_items(answers, "en")
                } and not (step.parse is not None and isinstance(value, str)
                           and _parses(step, value, answers)):
                    del answers[step.field]
                    continue
            elif step.parse is not None and value not in (None, ""):
                answers[step.field] = value = step.parse(str(value), answers)
            if step.check is not None and not isinstance(value, dict):
                step.check(value, answers)
        except (Invalid, KeyError, ValueError):
            answers.pop(step.field, None)


def _parses(step: Step, value: str, answers: Answers) -> bool:
    assert step.parse is not None
    try:
        step.parse(value, answers)
    except (Invalid, KeyError, ValueError):
        return False
    return True


def upload(turn: Turn, meta: dict[str, Any]) -> None:
    """A checked and stored file answers the current file step; it is acknowledged by its
    kind ("ID card, front ✓"), never shown as data."""
    step = current_step(turn)
    assert step is not None and step.file_kind is not None
    target(_form(turn)[1].answers)[step.field] = meta
    turn.out.append(Say(turn.t.gettext("{document} ✓").format(
        document=turn.t.gettext(step.label))))
    move(turn, "answer")
    prompt(turn)


def check_distinct(turn: Turn, sha256: str) -> None:
    """Refuse a picture already sent for another document of this order part (e.g. the same
    image for both sides of an ID card)."""
    flow, draft = _form(turn)
    for field_name, value in draft.answers.items():
        if isinstance(value, dict) and value.get("sha256") == sha256:
            earlier = flow.fields.get(field_name)
            document = turn.t.gettext(earlier.label) if earlier else "—"
            raise Invalid(N_("This is the same picture you sent as “{document}”. Please send "
                             "a photo of the document asked for here."), document=document)


def collected(flow: Flow, answers: Answers) -> list[tuple[Step, int, dict[str, Any]]]:
    items = []
    for step in flow.steps:
        if step.collect_as:
            items += [(step, i, item) for i, item in enumerate(answers.get(step.collect_as, []))]
    return items


def drop(turn: Turn, key: str) -> None:
    """Remove an earlier item (a website) from the order, from the summary."""
    _, draft = _form(turn)
    name, _, index = key.rpartition(".")
    items = draft.answers.get(name)
    # Only a website of the summary's list; forged data ("region.0", "websites.²") is ignored.
    if (draft.state == SUMMARY and isinstance(items, list) and index.isascii()
            and index.isdigit() and int(index) < len(items)):
        items.pop(int(index))
    prompt(turn)


def back(turn: Turn) -> None:
    try:
        move(turn, "back")
    except MachineError:
        turn.say(N_("This is the first question; there is nothing before it."))
    prompt(turn)


def skip(turn: Turn) -> None:
    step = current_step(turn)
    if step is None or not step.optional:
        turn.say(N_("This question cannot be skipped."))
        prompt(turn)
        return
    target(_form(turn)[1].answers).pop(step.field, None)
    move(turn, "skip")
    prompt(turn)


def edit(turn: Turn, key: str) -> None:
    """The summary's edit button: to that question (``field``, or ``websites.0.field`` for
    an earlier website's), then back to the summary."""
    flow, draft = _form(turn)
    item, _, field_name = key.rpartition(".")
    if item:
        name, _, index = item.rpartition(".")
        items = draft.answers.get(name)
        step = flow.fields.get(field_name)
        if not (isinstance(items, list) and index.isascii() and index.isdigit()
                and int(index) < len(items) and step is not None
                and any(field_name in s.group and s.collect_as == name for s in flow.steps)):
            prompt(turn)  # forged or out of date: show the summary again
            return
    if draft.state == SUMMARY and machine.can(flow, draft, f"edit_{field_name}"):
        if item:
            draft.answers[EDITING_ITEM] = item
        machine.fire(flow, draft, f"edit_{field_name}")
    prompt(turn)


def add(turn: Turn, field_name: str) -> None:
    """The summary's "add another website": the current one is filed away, the next asked."""
    flow, draft = _form(turn)
    if draft.state == SUMMARY and machine.can(flow, draft, f"add_{field_name}"):
        machine.fire(flow, draft, f"add_{field_name}")
    prompt(turn)


def summary(turn: Turn) -> None:
    """Everything the user entered, whole (it is their own data), by section, each answer
    with its edit button; earlier websites field by field too."""
    flow, draft = _form(turn)
    t = turn.t
    lines = [t.gettext("Please check your {flow}:").format(flow=t.gettext(flow.title))]
    options: list[Option] = []
    for heading, key_prefix, steps, answers in sections(flow, draft.answers):
        lines += ["", t.gettext(heading[0]).format(**heading[1])]
        for step in steps:
            value = show_value(step, answers.get(step.field), t, draft.answers, turn.lang,
                               owner=True)
            lines.append(t.gettext("• {label}: {value}").format(label=t.gettext(step.label),
                                                                value=value))
            label = t.gettext(step.label)
            if key_prefix:
                label = t.gettext("{item}: {field}").format(
                    item=t.gettext(heading[0]).format(**heading[1]), field=label)
            options.append(Option(t.gettext("✏️ {field}").format(field=label),
                                  f"edit:{key_prefix}{step.field}"))
    earlier = collected(flow, draft.answers)
    options += [Option(t.gettext("🗑 Remove website {number}").format(number=index + 1),
                       f"drop:{step.collect_as}.{index}") for step, index, _ in earlier]
    options += [Option(t.gettext("➕ Add another website"), f"add:{step.field}")
                for step in flow.steps
                if step.loop_to and machine.can(flow, draft, f"add_{step.field}")]
    problems, notes = precheck(turn)
    if problems:
        lines += ["", t.gettext("Before you can submit, please fix:"), *problems]
    if notes:
        lines += ["", t.gettext("Please note (confirm in the console):"), *notes]
    if flow.warning:
        lines += ["", "⚠️ " + t.gettext(flow.warning)]
    if not problems:
        options.insert(0, Option(t.gettext("✅ Confirm and submit"), "nav:confirm"))
    options += [Option(t.pgettext("button", "« Back"), "nav:back"),
                Option(t.pgettext("button", "Cancel"), "nav:cancel")]
    turn.out.append(Ask("\n".join(lines), tuple(options), draft.token, 2))


Heading = tuple[str, dict[str, Any]]  # a message id and its parameters


def sections(flow: Flow, answers: Answers
             ) -> list[tuple[Heading, str, list[Step], Answers]]:
    """The summary's parts: (heading, edit-key prefix, steps, where their answers are).
    Earlier websites come as "Website 1", "Website 2", … before the current one."""
    shown = [s for s in flow.applicable(answers) if not s.loop_to]
    order = list(dict.fromkeys(step.section for step in shown))
    earlier = collected(flow, answers)
    parts: list[tuple[Heading, str, list[Step], Answers]] = []
    for section in order:
        steps = [s for s in shown if s.section == section]
        if section == "website" and earlier:
            for loop, index, item in earlier:
                item_steps = [flow.fields[f] for f in loop.group
                              if f in flow.fields and f in item]
                parts.append(((N_("Website {number}"), {"number": index + 1}),
                              f"{loop.collect_as}.{index}.", item_steps, item))
            parts.append(((N_("Website {number}"), {"number": len(earlier) + 1}), "",
                          steps, answers))
            continue
        parts.append(((SECTIONS.get(section, section), {}), "", steps, answers))
    return parts


def precheck(turn: Turn) -> tuple[list[str], list[str]]:
    """The core's own submit checks, run early so the user fixes things before submitting;
    and the notes (older provincial rules, reminders) that do not stop the submission."""
    flow, draft = _form(turn)
    if flow.build_order is None:
        return [], []
    try:
        order = flow.build_order(draft.answers, draft.chat)
    except (KeyError, ValueError):
        return [turn.t.gettext("Some answers are missing.")], []
    return ([_problem_line(turn, field_name, msgid, params)
             for field_name, msgid, params in order_problems(order)],
            [_problem_line(turn, field_name, msgid, params)
             for field_name, msgid, params in order_notes(order)])


def _problem_line(turn: Turn, field_name: str, msgid: str, params: dict[str, Any]) -> str:
    """A problem under the label of its step; the field's key is never shown."""
    step = _form(turn)[0].fields.get(field_name)
    text = message(turn.t, msgid, params, turn.lang)
    if step is None:
        return "• " + text
    return turn.t.gettext("• {label}: {value}").format(label=turn.t.gettext(step.label),
                                                      value=text)


def problems_of(turn: Turn, invalid: OrderInvalid) -> list[str]:
    return [_problem_line(turn, f, m, p) for f, m, p in invalid.problems]


def complete(turn: Turn) -> bool:
    """At the summary with every required answer given: ready to confirm."""
    flow, draft = _form(turn)
    return draft.state == SUMMARY and not flow.missing(draft.answers)
