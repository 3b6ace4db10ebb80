"""What a question of `poa new` is, and the kinds every step builds: a line of text, a date.

A question is data: its id, step and wording, and functions that read a typed answer, store it in
the partial case and say whether the case already holds it. The steps' own modules build them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from poa.interview.answers import has_chinese, parse_date, parse_text

TOTAL_STEPS = 9
OWN = "__own__"  # the "write my own" choice of a pick list
PLAN_SECTIONS = ("root_causes", "corrective_actions", "preventive_measures", "evidence")
STEP_KEYS = {
    1: "step.language",
    2: "step.seller",
    3: "step.reasons",
    4: "step.metrics",
    5: "step.asins",
    6: "step.plan",
    7: "step.evidence",
    8: "step.review",
    9: "step.output",
}

Kind = Literal["text", "select", "checkbox", "own", "review", "output", "request"]


@dataclass(frozen=True)
class Concern:
    """Something in an accepted answer the seller should decide about before it is kept."""

    kind: Literal["chinese", "promise", "old_invoice", "implausible"]
    message: str


@dataclass
class Question:
    id: str
    step: int
    title: str
    kind: Kind
    message: str
    default: Any = None
    # (value, title): what the answer stores, and what the seller sees.
    choices: list[tuple[str, str]] = field(default_factory=list)
    read: Callable[[Any], Any] = lambda raw: raw
    store: Callable[[Any], None] = lambda value: None
    concerns: Callable[[Any], list[Concern]] = lambda value: []
    notes: Callable[[Any], list[str]] = lambda value: []
    answered: Callable[[], bool] = lambda: False
    # For "own" questions: add one written item, or move a promised action to preventive measures.
    add: Callable[[str], None] | None = None
    move: Callable[[str], None] | None = None
    needs_one: Callable[[], bool] = lambda: False


class InterviewView(Protocol):
    """The interview as its questions see it: the partial case, the language, and asking again.

    poa.interview.flow.Interview is the one implementation; questions are built from it and for it,
    and this keeps the step modules from importing the module that imports them.
    """

    lang: str
    hant: bool
    today: dt.date
    flags: dict[str, Any]

    def get(self, *keys: str | int, default: Any = None) -> Any: ...
    def put(self, *keys: str | int, value: Any) -> None: ...
    def reasons(self) -> list[str]: ...
    def items(self, reason: str, section: str) -> list[Any]: ...
    def set_items(self, reason: str, section: str, items: list[Any]) -> None: ...
    def text(self, key: str, **fields: object) -> str: ...
    def label(self, reason_id: str) -> str: ...
    def mark_given(self) -> int: ...
    def reopen(self, prefix: str) -> None: ...
    def reopen_step(self, step: int) -> None: ...


def step_title(iv: InterviewView, step: int, **fields: object) -> str:
    return iv.text(STEP_KEYS[step], **fields)


def chinese_concern(iv: InterviewView, text: object) -> list[Concern]:
    if isinstance(text, str) and has_chinese(text):
        return [Concern("chinese", iv.text("q.keep_chinese"))]
    return []


def text_question(
    iv: InterviewView,
    qid: str,
    step: int,
    message: str,
    keys: tuple[str | int, ...],
    *,
    default: str = "",
    optional: bool = False,
    limit: int = 200,
    english: bool = True,
) -> Question:
    current = iv.get(*keys)

    def read(raw: str) -> str | None:
        return parse_text(raw, iv.lang, limit=limit, optional=optional)

    return Question(
        qid,
        step,
        step_title(iv, step),
        "text",
        message,
        default=default if current in (None, "") else str(current),
        read=read,
        store=lambda value: iv.put(*keys, value=value),
        concerns=(lambda value: chinese_concern(iv, value)) if english else (lambda value: []),
        answered=lambda: iv.get(*keys) not in (None, "") or optional,
    )


def date_question(
    iv: InterviewView, qid: str, step: int, message: str, keys: tuple[str | int, ...], *, notice: bool = False
) -> Question:
    """A required date, never after today, kept in the case as YYYY-MM-DD."""
    current = iv.get(*keys)
    return Question(
        qid,
        step,
        step_title(iv, step),
        "text",
        message,
        default=str(current) if current else "",
        read=lambda raw: parse_date(raw, iv.lang, today=iv.today, notice=notice),
        store=lambda value: iv.put(*keys, value=value.isoformat()),
        answered=lambda: bool(iv.get(*keys)),
    )


def short(text: str, width: int = 70) -> str:
    """The text, or its first words up to width characters and "…": never cut in the middle of a word."""
    if len(text) <= width:
        return text
    cut = text[: width - 1]
    if " " in cut and not text[width - 1].isspace():
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "…"
