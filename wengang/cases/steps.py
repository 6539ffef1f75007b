"""The step tracker of a case page (提交 → 受理 → 区级审核 → … → 拨付), derived from the case's
workflow declaration and its ``CaseEvent`` rows — never stored.

A workflow declares its steps as data: each step names the states in which the case stands at
that step, and optionally how to read the step's deadline from the case. A step is *reached* on
the service date (``CaseEvent.on``) of the first event into one of its states since the case was
last (re)submitted — a returned and resubmitted case starts its tracker again. The current step is
the one holding the case's status; a status outside every step (退回修改, 已撤回) is shown beside
the tracker instead. Steps the case passed without standing at them (a permit refused on its
electronic materials never reaches 实地核查) are marked 未经过; steps after a final state, 不适用.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from .models import CaseEvent
    from .workflow import Workflow

#: a step's deadline read from the case: (what it is, the date), or None when none runs
Due = Callable[[Any], "tuple[str, dt.date | None] | None"]

StepState = Literal["done", "current", "todo", "skipped", "none"]


@dataclass(frozen=True)
class Step:
    """One step of a case type's tracker: its Chinese label, the states that stand at it, its deadline."""

    label: str
    states: frozenset[str]
    due: Due | None = None


def step(label: str, *states: str, due: Due | None = None) -> Step:
    return Step(label, frozenset(str(s) for s in states), due)


@dataclass(frozen=True)
class StepView:
    """A step as the page shows it."""

    label: str
    state: StepState
    on: dt.date | None = None
    #: the state reached when a step has several (决定: 审核通过 or 不予通过)
    note: str = ""
    due_label: str = ""
    due: dt.date | None = None

    @property
    def state_text(self) -> str:
        return {"done": "已完成", "current": "当前步骤", "todo": "未到", "skipped": "未经过", "none": "不适用"}[self.state]


@dataclass(frozen=True)
class Tracker:
    steps: list[StepView]
    #: the case's status when it stands outside every step (退回修改, 已撤回, 草稿), else ""
    off: str = ""


def tracker(workflow: Workflow, case: Any, events: Sequence[CaseEvent] | None = None) -> Tracker:
    """The case's steps with the date each was reached, the current one and its deadline."""
    steps = workflow.steps
    if not steps:
        return Tracker([])
    if events is None:
        from .workflow import history

        events = list(history(case))
    start = max((i for i, e in enumerate(events) if e.to_status in steps[0].states), default=None)
    # a case created in its first state without an event (older rows) reads all its events
    window = list(events) if start is None else list(events[start:])
    status = str(case.status)
    current = max((i for i, s in enumerate(steps) if status in s.states), default=None)
    final = not workflow.moves_from(status)
    reached = [next((e for e in window if e.to_status in s.states), None) for s in steps]
    last_reached = max((i for i, e in enumerate(reached) if e is not None), default=-1)
    views: list[StepView] = []
    for i, (s, event) in enumerate(zip(steps, reached, strict=True)):
        on = event.on if event is not None else None
        # which of a step's several states it reached (决定: 审核通过 / 不予通过), unless a later step says it
        later = {state for t in steps[i + 1 :] for state in t.states}
        several = event is not None and len(s.states) > 1 and event.to_status not in later
        note = workflow.label_of(event.to_status) if several and event is not None else ""
        state: StepState
        if current is not None and i == current:
            state = "current"
        elif event is not None:
            state = "done"
        elif i < (current if current is not None else last_reached):
            state = "skipped"
        elif final and current is not None:
            state = "none"
        else:
            state = "todo"
        due_label, due = "", None
        if state == "current" and s.due is not None and not final:
            found = s.due(case)
            if found is not None:
                due_label, due = found
        views.append(StepView(s.label, state, on, note, due_label if due else "", due))
    return Tracker(views, "" if current is not None else workflow.label_of(status))
