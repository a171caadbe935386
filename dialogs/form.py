"""Filling one draft: answer, back, skip, edit from the summary, confirm.

Pure with respect to storage: these functions change the session in memory and return what to
say; the engine loads and saves around them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from transitions import MachineError

from dialogs.i18n import Translator
from dialogs.machine import DONE, SUMMARY, can, first_state, move
from dialogs.messages import Ask, Option, Outgoing, Say
from dialogs.render import lang_of, message, summary_lines
from dialogs.session import DialogSession
from dialogs.steps import Answers, Flow, Step
from filing.errors import OrderInvalid
from filing.order_rules import order_problems
from filing.text import N_
from filing.validation import Invalid

HINT_AFTER_FAILURES = 3


@dataclass
class FormTurn:
    flow: Flow
    session: DialogSession
    t: Translator
    locale: str
    out: list[Outgoing] = field(default_factory=list)

    @property
    def lang(self) -> str:
        return lang_of(self.locale)

    def say(self, msgid: str, **params: Any) -> None:
        self.out.append(Say(self.t.gettext(msgid).format(**params)))


def start(flow: Flow, session: DialogSession) -> None:
    session.state = first_state(flow, session.answers)


def current_step(turn: FormTurn) -> Step | None:
    return turn.flow.fields.get(turn.session.state)


def prompt(turn: FormTurn) -> None:
    """Ask the current question again, exactly as it stands (also after a digression)."""
    session, t = turn.session, turn.t
    if session.state == SUMMARY:
        summary(turn)
        return
    step = current_step(turn)
    if step is None:
        return
    applicable = turn.flow.applicable(session.answers)
    position = next((i for i, s in enumerate(applicable) if s.field == step.field), 0) + 1
    progress = t.gettext("Step {current} of {total}").format(current=position,
                                                            total=len(applicable))
    text = f"{progress} · {t.gettext(step.label)}\n{t.gettext(step.prompt)}"
    previous = session.answers.get(step.field)
    if previous not in (None, "") and step.choices is None and not step.sensitive:
        text += "\n" + t.gettext("(Current answer: {value})").format(value=previous)
    options = [Option(label if not step.translate_choices else t.gettext(label), f"ans:{value}")
               for value, label in step.choice_items(session.answers, turn.lang)]
    options += _navigation(turn, step)
    columns = 3 if len(options) > 12 else 1
    turn.out.append(Ask(text, tuple(options), session.token, columns))


def _navigation(turn: FormTurn, step: Step) -> list[Option]:
    t, session = turn.t, turn.session
    nav = []
    if can(turn.flow, session.state, "back", session.answers, session.editing):
        # TRANSLATORS: a button: back to the previous question (the answers are kept).
        nav.append(Option(t.pgettext("button", "« Back"), "nav:back"))
    if step.optional:
        nav.append(Option(t.gettext("Skip"), "nav:skip"))
    # TRANSLATORS: a button: stop filling the form (取消), not cancelling a filing (注销).
    nav.append(Option(t.pgettext("button", "Cancel"), "nav:cancel"))
    return nav


def answer(turn: FormTurn, text: str | None = None, choice: str | None = None) -> bool:
    """Take an answer for the current step; False (and a reason said) when refused."""
    step = current_step(turn)
    session = turn.session
    if step is None:  # e.g. an answer button pressed at the summary: show it again
        prompt(turn)
        return False
    try:
        value = _parse(turn, step, text, choice)
    except Invalid as invalid:
        session.failures += 1
        reason = message(turn.t, invalid.msgid, invalid.params, turn.lang)
        if session.failures >= HINT_AFTER_FAILURES and invalid.example:
            reason += "\n" + turn.t.gettext("For example: {example}").format(
                example=invalid.example)
        turn.out.append(Say("⚠️ " + reason))
        prompt(turn)
        return False
    session.answers[step.field] = value
    if _answered_after(turn.flow, step, session.answers):
        _drop_stale_answers(turn.flow, session.answers)
    _advance(turn, "answer")
    return True


def _parse(turn: FormTurn, step: Step, text: str | None, choice: str | None) -> Any:
    answers = turn.session.answers
    if step.file_kind is not None:
        raise Invalid(N_("Please send this as a photo or a PDF file."))
    if step.choices is not None:
        values = [value for value, _ in step.choice_items(answers, turn.lang)]
        if choice is not None and choice in values:
            return choice
        if text is not None and step.parse is not None:
            return step.parse(text, answers)
        raise Invalid(N_("Please choose one of the options below."))
    if step.parse is None or text is None:
        raise Invalid(N_("Please type your answer."))
    return step.parse(text, answers)


def _answered_after(flow: Flow, step: Step, answers: Answers) -> bool:
    """Only a change before later answers can void them (the usual forward pass cannot)."""
    index = flow.steps.index(step)
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
                }:
                    del answers[step.field]
            elif step.parse is not None and value not in (None, ""):
                answers[step.field] = step.parse(str(value), answers)
        except Invalid:
            del answers[step.field]
        except (KeyError, ValueError):
            del answers[step.field]


def upload(turn: FormTurn, meta: dict[str, Any]) -> None:
    """A checked and stored file answers the current file step."""
    step = current_step(turn)
    assert step is not None and step.file_kind is not None
    turn.session.answers[step.field] = meta
    _advance(turn, "answer")


def _advance(turn: FormTurn, trigger: str) -> None:
    session = turn.session
    session.failures = 0
    session.history.append(session.state)
    source = turn.flow.fields.get(session.state)
    session.state = move(turn.flow, session.state, trigger, session.answers, session.editing)
    if source is not None and source.loop_to and session.state == source.loop_to:
        _collect(session.answers, source)
    if session.state == SUMMARY:
        session.editing = False
        missing = turn.flow.missing(session.answers)
        if missing:
            # A change opened questions that were never answered: ask them, then summarise.
            session.state = missing[0].field
            session.editing = True
    prompt(turn)


def _collect(answers: dict[str, Any], step: Step) -> None:
    """File the finished item (e.g. a website) away and clear its fields for the next one."""
    item = {name: answers.pop(name) for name in step.group if name in answers}
    answers.pop(step.field, None)
    answers.setdefault(step.collect_as, []).append(item)


def collected(flow: Flow, answers: Answers) -> list[tuple[Step, int, dict[str, Any]]]:
    items = []
    for step in flow.steps:
        if step.collect_as:
            items += [(step, i, item) for i, item in enumerate(answers.get(step.collect_as, []))]
    return items


def drop(turn: FormTurn, key: str) -> None:
    """Remove an earlier item (a website) from the order, from the summary."""
    name, _, index = key.rpartition(".")
    items = turn.session.answers.get(name)
    # Only a website of the summary's list; forged data ("region.0", "websites.²") is ignored.
    if (turn.session.state == SUMMARY and isinstance(items, list) and index.isascii()
            and index.isdigit() and int(index) < len(items)):
        items.pop(int(index))
    prompt(turn)


def back(turn: FormTurn) -> None:
    session = turn.session
    try:
        session.state = move(turn.flow, session.state, "back", session.answers, session.editing)
    except MachineError:
        turn.say(N_("This is the first question; there is nothing before it."))
    else:
        session.editing = False if session.state == SUMMARY else session.editing
        session.failures = 0
    prompt(turn)


def skip(turn: FormTurn) -> None:
    step = current_step(turn)
    if step is None or not step.optional:
        turn.say(N_("This question cannot be skipped."))
        prompt(turn)
        return
    turn.session.answers.pop(step.field, None)
    _advance(turn, "skip")


def edit(turn: FormTurn, field_name: str) -> None:
    session = turn.session
    if session.state != SUMMARY or not can(turn.flow, SUMMARY, f"edit_{field_name}",
                                            session.answers):
        prompt(turn)
        return
    session.state = move(turn.flow, SUMMARY, f"edit_{field_name}", session.answers)
    session.editing = True
    prompt(turn)


def summary(turn: FormTurn) -> None:
    flow, session, t = turn.flow, turn.session, turn.t
    lines = [t.gettext("Please check your {flow}:").format(flow=t.gettext(flow.title))]
    earlier = collected(flow, session.answers)
    for step, index, item in earlier:
        shown = " · ".join(str(item[name]) for name in step.group[:2] if item.get(name))
        lines.append(t.gettext("• Website {number}: {website}").format(number=index + 1,
                                                                      website=shown))
    lines += summary_lines(flow, session.answers, t, turn.lang)
    problems = precheck(turn)
    if problems:
        lines += ["", t.gettext("Before you can submit, please fix:"), *problems]
    if flow.warning:
        lines += ["", "⚠️ " + t.gettext(flow.warning)]
    options = [Option(t.gettext("✏️ {field}").format(field=t.gettext(step.label)),
                      f"edit:{step.field}") for step in flow.applicable(session.answers)]
    options += [Option(t.gettext("🗑 Remove website {number}").format(number=index + 1),
                       f"drop:{step.collect_as}.{index}") for step, index, _ in earlier]
    if not problems:
        options.insert(0, Option(t.gettext("✅ Confirm and submit"), "nav:confirm"))
    options += [Option(t.pgettext("button", "« Back"), "nav:back"),
                Option(t.pgettext("button", "Cancel"), "nav:cancel")]
    turn.out.append(Ask("\n".join(lines), tuple(options), session.token, 2))


def precheck(turn: FormTurn) -> list[str]:
    """The core's own submit checks, run early so the user fixes things before submitting."""
    if turn.flow.build_order is None:
        return []
    try:
        order = turn.flow.build_order(turn.session.answers, turn.session.chat)
    except (KeyError, ValueError):
        return [turn.t.gettext("Some answers are missing.")]
    return [_problem_line(turn, field_name, msgid, params)
            for field_name, msgid, params in order_problems(order)]


def _problem_line(turn: FormTurn, field_name: str, msgid: str, params: dict[str, Any]) -> str:
    step = turn.flow.fields.get(field_name)
    label = turn.t.gettext(step.label) if step else field_name
    return turn.t.gettext("• {label}: {value}").format(
        label=label, value=message(turn.t, msgid, params, turn.lang))


def problems_of(turn: FormTurn, invalid: OrderInvalid) -> list[str]:
    return [_problem_line(turn, f, m, p) for f, m, p in invalid.problems]


def finished(session: DialogSession) -> bool:
    return session.state == DONE


def confirm_allowed(turn: FormTurn) -> bool:
    return turn.session.state == SUMMARY and not turn.flow.missing(turn.session.answers)


def answers_view(answers: Answers) -> dict[str, Any]:
    return dict(answers)
