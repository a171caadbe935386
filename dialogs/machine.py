"""One ``transitions`` machine per flow, built once and shared by every draft of that flow.

The machine holds the structure (which step follows, which precedes, what the summary may
edit); drafts are never added to it. A step whose condition does not hold is passed over by
ordering the conditional transitions, so the graph stays sparse and readable as a diagram.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, cast

from transitions import EventData, Machine, MachineError

from dialogs.steps import Answers, Flow, Step

SUMMARY = "summary"
DONE = "done"


@dataclass
class FormModel:
    """The minimum the machine looks at: where the draft is and what it holds."""

    state: str
    answers: Answers = field(default_factory=dict)
    editing: bool = False


def _model(event: EventData) -> FormModel:
    return cast(FormModel, event.model)


def _applies(step: Step) -> Any:
    def condition(event: EventData) -> bool:
        return step.applies(_model(event).answers)

    condition.__name__ = f"applies_{step.field}"
    return condition


def _editing(event: EventData) -> bool:
    return bool(_model(event).editing)


def _wants_another(step: Step) -> Any:
    def condition(event: EventData) -> bool:
        return _model(event).answers.get(step.field) == "yes"

    condition.__name__ = f"another_{step.collect_as or step.field}"
    return condition


def _forward(flow: Flow, index: int, trigger: str) -> list[dict[str, Any]]:
    step = flow.steps[index]
    source = step.field
    moves: list[dict[str, Any]] = []
    if step.loop_to and trigger == "answer":
        moves.append({"trigger": trigger, "source": source, "dest": step.loop_to,
                      "conditions": [_wants_another(step)]})
    moves.append({"trigger": trigger, "source": source, "dest": SUMMARY,
                  "conditions": [_editing]})
    for step in flow.steps[index + 1:]:
        if step.when is None:
            moves.append({"trigger": trigger, "source": source, "dest": step.field})
            return moves
        moves.append({"trigger": trigger, "source": source, "dest": step.field,
                      "conditions": [_applies(step)]})
    moves.append({"trigger": trigger, "source": source, "dest": SUMMARY})
    return moves


def _backward(flow: Flow, source: str, before: int) -> list[dict[str, Any]]:
    moves: list[dict[str, Any]] = []
    if source != SUMMARY:
        moves.append({"trigger": "back", "source": source, "dest": SUMMARY,
                      "conditions": [_editing]})
    for step in reversed(flow.steps[:before]):
        if step.when is None:
            moves.append({"trigger": "back", "source": source, "dest": step.field})
            return moves
        moves.append({"trigger": "back", "source": source, "dest": step.field,
                      "conditions": [_applies(step)]})
    return moves


def machine_config(flow: Flow) -> dict[str, Any]:
    """The machine of ``flow`` as plain data (also what the diagram export draws)."""
    states = [step.field for step in flow.steps] + [SUMMARY, DONE]
    transitions: list[dict[str, Any]] = []
    for index, step in enumerate(flow.steps):
        transitions += _forward(flow, index, "answer")
        if step.optional:
            transitions += _forward(flow, index, "skip")
        transitions += _backward(flow, step.field, index)
        transitions.append({"trigger": f"edit_{step.field}", "source": SUMMARY,
                            "dest": step.field})
    transitions += _backward(flow, SUMMARY, len(flow.steps))
    transitions.append({"trigger": "confirm", "source": SUMMARY, "dest": DONE})
    transitions.append({"trigger": "ask", "source": states[:-1], "dest": None})
    return {"states": states, "transitions": transitions, "initial": flow.steps[0].field,
            "auto_transitions": False, "send_event": True, "model": None}


_MACHINES: dict[str, Machine] = {}


def _machine(flow: Flow) -> Machine:
    machine = _MACHINES.get(flow.name)
    if machine is None:
        machine = _MACHINES[flow.name] = Machine(**machine_config(flow))
    return machine


def first_state(flow: Flow, answers: Answers) -> str:
    for step in flow.steps:
        if step.applies(answers):
            return step.field
    return SUMMARY


def move(flow: Flow, state: str, trigger: str, answers: Answers, editing: bool = False) -> str:
    """The state ``trigger`` leads to from ``state``; MachineError if it may not fire there."""
    machine = _machine(flow)
    if trigger not in machine.events:
        raise MachineError(f"{trigger} is not a trigger of {flow.name}")
    model = FormModel(state, answers, editing)
    if not machine.events[trigger].trigger(model):
        raise MachineError(f"{trigger} did not move from {state}")
    return model.state


def can(flow: Flow, state: str, trigger: str, answers: Answers, editing: bool = False) -> bool:
    """Whether ``trigger`` may fire from ``state``: its transitions' conditions are checked
    without firing it (asked for every prompt's buttons, so it is kept cheap)."""
    machine = _machine(flow)
    event = machine.events.get(trigger)
    if event is None:
        return False
    data = EventData(None, event, machine, FormModel(state, answers, editing), (), {})
    return any(all(condition.check(data) for condition in transition.conditions)
               for transition in event.transitions.get(state, ()))
