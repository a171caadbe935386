"""A flow is data: an ordered tuple of steps, each a row describing one question."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from dialogs.i18n import Translator
from filing.model import FilingOrder

Answers = Mapping[str, Any]
Parser = Callable[[str, Answers], Any]
# Dynamic choices get the answers so far and the user's language ("zh" or "en").
ChoiceSource = tuple[tuple[str, str], ...] | Callable[[Answers, str], Sequence[tuple[str, str]]]
Display = Callable[[Any, Translator], str]
# A check of a chosen or parsed answer against the answers so far: raises Invalid to refuse.
Check = Callable[[Any, Answers], None]
# A remark on an accepted answer (message id, parameters), said right after it.
NoteSource = Callable[[Any, Answers], tuple[str, dict[str, Any]] | None]


@dataclass(frozen=True)
class Step:
    field: str
    prompt: str  # message id, marked with N_
    label: str  # message id for summaries and edit buttons
    section: str
    parse: Parser | None = None  # free-text answers
    choices: ChoiceSource | None = None  # button answers: (value, message id) pairs
    optional: bool = False
    when: Callable[[Answers], bool] | None = None
    sensitive: bool = False  # personal data: masked wherever it is shown
    display: Display | None = None
    file_kind: str | None = None  # a material upload step
    translate_choices: bool = True  # False where labels are data (region names)
    check: Check | None = None  # refuses at the step what the province or order rules forbid
    note: NoteSource | None = None
    listed: bool = False  # shown on the summary line of each item the loop filed away
    # Not asked on the way: offered on the summary only (an optional extra most people skip,
    # such as remarks), so that it costs nothing to those who need none.
    at_summary: bool = False
    default: str | None = None  # an at_summary step's answer until the user changes it
    # A "one more?" step: answering "yes" files the group's answers away under ``collect_as``
    # and goes back to ``loop_to`` for the next item (several websites in one order).
    loop_to: str | None = None
    group: tuple[str, ...] = ()
    collect_as: str = ""

    def applies(self, answers: Answers) -> bool:
        return self.when is None or self.when(answers)

    def choice_items(self, answers: Answers, lang: str) -> Sequence[tuple[str, str]]:
        if self.choices is None:
            return ()
        if callable(self.choices):
            return self.choices(answers, lang)
        return self.choices


@dataclass(frozen=True)
class Flow:
    name: str
    title: str  # message id
    steps: tuple[Step, ...]
    build_order: Callable[[Answers, str], FilingOrder] | None  # (answers, applicant) -> order
    intro: str | None = None  # message id shown when the flow starts
    warning: str | None = None  # shown on the summary before confirming
    # A flow that ends in a recommendation instead of an order: answers → flow name; None
    # means no detour (the flow goes on to its summary and order).
    route: Callable[[Answers], str | None] | None = None
    fields: dict[str, Step] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "fields", {step.field: step for step in self.steps})

    def applicable(self, answers: Answers) -> list[Step]:
        return [step for step in self.steps if step.applies(answers)]

    def missing(self, answers: Answers) -> list[Step]:
        return [step for step in self.applicable(answers)
                if not step.optional and answers.get(step.field) in (None, "")]
