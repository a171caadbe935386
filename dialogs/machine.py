"""One ``transitions`` machine per flow, built once and shared by every draft of that flow.

The machine is the only thing that moves a draft: ``fire(flow, draft, trigger)`` runs the
trigger on the draft itself (its ``state`` attribute), so the diagrams in docs/flows, drawn
from ``machine_config``, show every move the code makes. Drafts are never added to the
machine (it would keep them alive); a step whose condition does not hold is passed over by
ordering the conditional transitions, so the graph stays sparse and readable.

Triggers: ``begin`` (a new draft to its first question), ``restore`` (a draft made from a
filed order, to its summary), ``answer``, ``skip``, ``back``, ``edit_<field>`` (the user's
edit button on the summary), ``jump_<field>`` (the bot takes the user to a flagged or
missing answer), ``add_<loop field>`` (the summary's "add another website": the "one
more?" step is asked on the way only then), ``confirm``; ``ask`` (a question answered
mid-form) and ``resume`` (a draft opened again) keep the draft where it is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypedDict, cast

from transitions import EventData, Machine, MachineError

from dialogs.session import DialogSession
from dialogs.steps import Flow, Step

NEW = "new"
SUMMARY = "summary"
DONE = "done"

Condition = Callable[[EventData], bool]
Callback = Callable[[EventData], None]


class TransitionConfig(TypedDict, total=False):
    trigger: str
    source: str | list[str]
    dest: str | None
    conditions: list[Condition]
    before: list[Callback]
    after: list[Callback]


class MachineConfig(TypedDict):
    states: list[dict[str, Any]]
    transitions: list[TransitionConfig]
    initial: str
    auto_transitions: bool
    send_event: bool
    model: None


def _draft(event: EventData) -> DialogSession:
    return cast(DialogSession, event.model)


def _applies(step: Step) -> Condition:
    def condition(event: EventData) -> bool:
        return step.applies(_draft(event).answers)

    condition.__name__ = f"applies_{step.field}"
    return condition


def _editing(event: EventData) -> bool:
    return _draft(event).editing


# Set while the user adds another item (website) from the summary: the "one more?" step is
# asked after it, and the summary is where the adding ends. Kept with the answers (internal
# keys start with "_") so that it survives a restart like the rest of the draft.
ADDING = "_adding"


def _adding(event: EventData) -> bool:
    return bool(_draft(event).answers.get(ADDING))


def _start_adding(event: EventData) -> None:
    _draft(event).answers[ADDING] = True


def _stop_adding(event: EventData) -> None:
    _draft(event).answers.pop(ADDING, None)


def _wants_another(step: Step) -> Condition:
    def condition(event: EventData) -> bool:
        return _draft(event).answers.get(step.field) == "yes"

    condition.__name__ = f"another_{step.collect_as or step.field}"
    return condition


def _record(event: EventData) -> None:
    """Every move: remember where the draft was, and forget the failed tries there."""
    draft = _draft(event)
    draft.history.append(draft.state)
    draft.failures = 0


def _start_editing(event: EventData) -> None:
    _draft(event).editing = True


def _stop_editing(event: EventData) -> None:
    _draft(event).editing = False


def _defaults(flow: Flow) -> Callback:
    """On the summary: the summary-only steps that have a usual answer show it (the user can
    change it there), so that the order is complete without asking."""
    steps = [step for step in flow.steps if step.at_summary and step.default is not None]

    def fill(event: EventData) -> None:
        answers = _draft(event).answers
        for step in steps:
            if answers.get(step.field) in (None, "") and step.applies(answers):
                answers[step.field] = step.default

    fill.__name__ = "fill_defaults"
    return fill


def _collect(step: Step) -> Callback:
    """File the finished item (e.g. a website) away and clear its fields for the next one."""

    def collect(event: EventData) -> None:
        answers = _draft(event).answers
        item = {name: answers.pop(name) for name in step.group if name in answers}
        answers.pop(step.field, None)
        answers.setdefault(step.collect_as, []).append(item)

    collect.__name__ = f"collect_{step.collect_as}"
    return collect


def _uncollect(step: Step) -> Callback:
    """Adding given up (back from its first question): the last item is the current again."""

    def uncollect(event: EventData) -> None:
        answers = _draft(event).answers
        items = answers.get(step.collect_as) or []
        if items:
            for name in step.group:
                answers.pop(name, None)
            answers.update(items.pop())
        if not items:
            answers.pop(step.collect_as, None)

    uncollect.__name__ = f"uncollect_{step.collect_as}"
    return uncollect


def _move(trigger: str, source: str, dest: str, *conditions: Condition,
          after: list[Callback] | None = None) -> TransitionConfig:
    move: TransitionConfig = {"trigger": trigger, "source": source, "dest": dest,
                              "before": [_record]}
    if conditions:
        move["conditions"] = list(conditions)
    if after:
        move["after"] = after
    return move


def _onward(flow: Flow, steps: tuple[Step, ...], trigger: str, source: str
            ) -> list[TransitionConfig]:
    """To the first of ``steps`` that applies (and is asked on the way), else the summary."""
    moves: list[TransitionConfig] = []
    for step in (step for step in steps if not step.at_summary):
        if step.loop_to:  # "one more?" only while adding from the summary
            moves.append(_move(trigger, source, step.field, _adding))
            continue
        if step.when is None:
            return [*moves, _move(trigger, source, step.field)]
        moves.append(_move(trigger, source, step.field, _applies(step)))
    return [*moves, _move(trigger, source, SUMMARY)]


def _forward(flow: Flow, index: int, trigger: str) -> list[TransitionConfig]:
    step = flow.steps[index]
    moves: list[TransitionConfig] = []
    if step.loop_to and trigger == "answer":
        moves.append(_move(trigger, step.field, step.loop_to, _wants_another(step),
                           after=[_collect(step)]))
    moves.append(_move(trigger, step.field, SUMMARY, _editing))
    if step.loop_to:  # no more: back to the summary, where the adding began
        moves.append(_move(trigger, step.field, SUMMARY, _adding))
    return moves + _onward(flow, flow.steps[index + 1:], trigger, step.field)


def _backward(flow: Flow, source: str, before: int) -> list[TransitionConfig]:
    moves: list[TransitionConfig] = []
    if source != SUMMARY:
        moves.append(_move("back", source, SUMMARY, _editing))
        for loop in flow.steps:
            if loop.loop_to == source:
                moves.append(_move("back", source, SUMMARY, _adding, after=[_uncollect(loop)]))
    for step in reversed([s for s in flow.steps[:before] if not s.at_summary]):
        if step.loop_to:
            moves.append(_move("back", source, step.field, _adding))
            continue
        if step.when is None:
            return [*moves, _move("back", source, step.field)]
        moves.append(_move("back", source, step.field, _applies(step)))
    return moves


def machine_config(flow: Flow) -> MachineConfig:
    """The machine of ``flow`` as plain data (also what the diagram export draws)."""
    fields = [step.field for step in flow.steps]
    states: list[dict[str, Any]] = [{"name": NEW}, *({"name": f} for f in fields),
                                    {"name": SUMMARY,
                                     "on_enter": [_stop_editing, _stop_adding, _defaults(flow)]},
                                    {"name": DONE}]
    transitions = _onward(flow, flow.steps, "begin", NEW)
    transitions.append(_move("restore", NEW, SUMMARY))
    for index, step in enumerate(flow.steps):
        transitions += _forward(flow, index, "answer")
        if step.optional:
            transitions += _forward(flow, index, "skip")
        transitions += _backward(flow, step.field, index)
        transitions.append(_move(f"edit_{step.field}", SUMMARY, step.field,
                                 after=[_start_editing]))
        transitions.append(_move(f"jump_{step.field}", SUMMARY, step.field,
                                 after=[_start_editing]))
        if step.loop_to:  # the summary's "add another" button
            transitions.append(_move(f"add_{step.field}", SUMMARY, step.loop_to,
                                     after=[_collect(step), _start_adding]))
    transitions += _backward(flow, SUMMARY, len(flow.steps))
    transitions.append(_move("confirm", SUMMARY, DONE))
    transitions.append({"trigger": "ask", "source": [NEW, *fields, SUMMARY], "dest": None})
    transitions.append({"trigger": "resume", "source": [*fields, SUMMARY], "dest": None})
    return {"states": states, "transitions": transitions, "initial": NEW,
            "auto_transitions": False, "send_event": True, "model": None}


# By the flow object's id; the flow is kept with its machine so that the id stays its own.
_MACHINES: dict[int, tuple[Flow, Machine]] = {}


def _machine(flow: Flow) -> Machine:
    built = _MACHINES.get(id(flow))
    if built is None:
        built = _MACHINES[id(flow)] = (flow, Machine(**machine_config(flow)))
    return built[1]


def prepare(flows: Iterable[Flow]) -> None:
    """Build the flows' machines now (a running bot, before it answers anyone): the first
    filing's takes a quarter of a second, which its first applicant would otherwise wait."""
    for flow in flows:
        _machine(flow)


def fire(flow: Flow, draft: DialogSession, trigger: str) -> str:
    """Move ``draft`` by ``trigger``; its new state, or MachineError if it may not fire."""
    machine = _machine(flow)
    event = machine.events.get(trigger)
    if event is None:
        raise MachineError(f"{trigger} is not a trigger of {flow.name}")
    if not event.trigger(draft):
        raise MachineError(f"{trigger} did not move from {draft.state}")
    return draft.state


def can(flow: Flow, draft: DialogSession, trigger: str) -> bool:
    """Whether ``trigger`` may fire for ``draft``: its transitions' conditions are checked
    without firing it (asked for every prompt's buttons, so it is kept cheap)."""
    machine = _machine(flow)
    event = machine.events.get(trigger)
    if event is None:
        return False
    data = EventData(None, event, machine, draft, (), {})
    return any(all(condition.check(data) for condition in transition.conditions)
               for transition in event.transitions.get(draft.state, ()))
