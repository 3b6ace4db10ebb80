"""What a plan item still needs after it is picked: its date, owner and frequency, asked about by its name.

An item is named in the seller's language (a suggestion by its Chinese label in Chinese mode); an
owner and a frequency are picked from lists (poa/data/plan_choices.yaml, the reason's own suggestions'
first) or written; the actions of a reason can share one date, asked once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from functools import cache
from typing import Any

from poa.case.catalog import Reason, measure_label
from poa.interview.answers import AnswerError, parse_date, parse_text
from poa.interview.question import OWN, Concern, InterviewView, Question, chinese_concern, short, step_title

SAME, DIFFERENT = "same", "different"


@cache
def _lists() -> dict[str, list[dict[str, str]]]:
    from poa.case.catalog import DATA_DIR, _load_yaml

    return _load_yaml(DATA_DIR / "plan_choices.yaml")


def item_label(iv: InterviewView, reason: Reason, section: str, text: str) -> str:
    """How the seller knows an item: a suggestion's Chinese label in Chinese mode, else its words."""
    if iv.lang != "en":
        specs = reason.evidence if section == "evidence" else getattr(reason, section)
        for spec in specs:
            if _is_suggestion(iv, spec.en, text):
                return spec.zh
    return short(text)


def _is_suggestion(iv: InterviewView, suggestion: str, text: object) -> bool:
    """Whether text is this suggestion, as written or spelt as the marketplace spells it."""
    from poa.case.catalog import english_of, load_marketplaces

    market = iv.get("marketplace")
    english = english_of(market if market in load_marketplaces() else "amazon.com")
    return text in (suggestion, english.localise(suggestion))


def item_field_question(
    iv: InterviewView,
    reason: Reason,
    section: str,
    index: int,
    key: str,
    message: str,
    read: Callable[[str], Any],
    *,
    default: str = "",
    optional: bool = False,
    concerns: Callable[[Any], list[Concern]] = lambda value: [],
    qid: str | None = None,
) -> Question:
    """A typed answer kept as one field of one item (a date, an owner, a file)."""
    item = iv.items(reason.id, section)[index]
    value = item.get(key)
    step = 7 if section == "evidence" else 6

    def store(answer: Any) -> None:
        answer = answer.isoformat() if isinstance(answer, dt.date) else answer
        items = iv.items(reason.id, section)
        # An optional answer left empty is kept as null: answered, and still valid in the case.
        items[index][key] = answer
        iv.set_items(reason.id, section, items)

    shown = ", ".join(map(str, value)) if isinstance(value, list) else "" if value is None else str(value)
    return Question(
        qid or f"plans.{reason.id}.{section}.{index}.{key}",
        step,
        step_title(iv, 6, reason=iv.label(reason.id)) if step == 6 else step_title(iv, 7),
        "text",
        message,
        default=shown or default,
        read=read,
        store=store,
        concerns=concerns,
        answered=lambda: key in item and (item[key] not in (None, "") or optional),
    )


# ---------------------------------------------------------------------- owner and frequency


def measure_field_questions(iv: InterviewView, reason: Reason, index: int, key: str, label: str) -> Iterator[Question]:
    """A measure's owner or frequency picked from a list; "write my own" asks for it typed, in English."""
    qid = f"plans.{reason.id}.preventive_measures.{index}.{key}"
    item = iv.items(reason.id, "preventive_measures")[index]
    shown = {entry["en"]: entry["zh"] for entry in _lists()["owners" if key == "owner" else "frequencies"]}
    # The measure's own suggestion's value first (a suggestion that lost it), then the reason's, then the common.
    own = [str(getattr(m, key)) for m in reason.preventive_measures if _is_suggestion(iv, m.en, item.get("text"))]
    values = list(dict.fromkeys(own + [str(getattr(m, key)) for m in reason.preventive_measures] + list(shown)))
    chinese = iv.lang != "en"
    labels = {v: measure_label("owners" if key == "owner" else "frequencies", v, "zh") for v in values}
    if chinese:  # a Chinese screen lists what it can name in Chinese
        values = [v for v in values if labels[v] != v or v in own]
    choices = [(v, f"{labels[v]}（{v}）" if chinese and labels[v] != v else v) for v in values]
    choices.append((OWN, iv.text("q.own")))
    current = item.get(key)
    writing = qid in iv.flags.get("own", [])

    def store(value: str) -> None:
        own = set(iv.flags.get("own", []))
        own.discard(qid)
        items = iv.items(reason.id, "preventive_measures")
        if value == OWN:
            own.add(qid)
            if items[index].get(key) in values:
                items[index].pop(key, None)  # a value from the list is replaced by the one written
        else:
            items[index][key] = value
        iv.flags["own"] = sorted(own)
        iv.set_items(reason.id, "preventive_measures", items)
        iv.reopen(qid + "+")

    yield Question(
        qid,
        6,
        step_title(iv, 6, reason=iv.label(reason.id)),
        "select",
        iv.text(f"q.pick_{key}", text=label),
        default=OWN if writing or (current and current not in values) else current or values[0],
        choices=choices,
        store=store,
        answered=lambda: bool(item.get(key)) or writing,
    )
    if writing:
        yield item_field_question(
            iv,
            reason,
            "preventive_measures",
            index,
            key,
            iv.text(f"q.{key}", text=label),
            lambda raw: parse_text(raw, iv.lang, limit=200),
            concerns=lambda value: chinese_concern(iv, value),
            qid=qid + "+",
        )


# ---------------------------------------------------------------------- the actions' dates


def action_date_questions(
    iv: InterviewView, reason: Reason, link: Callable[[int], Iterator[Question]]
) -> Iterator[Question]:
    """Each action's date and the root causes it fixed; with two actions or more, first whether they
    were all done on the same date, which is then asked once."""
    section = "corrective_actions"
    items = iv.items(reason.id, section)
    indexes = [i for i, item in enumerate(items) if isinstance(item, dict)]
    choice = iv.flags.get("same_date", {}).get(reason.id)
    if len(indexes) >= 2:
        yield _same_date_question(iv, reason, indexes)
    else:
        choice = DIFFERENT
    if choice == SAME:
        yield _shared_date_question(iv, reason, indexes)
    previous = ""
    for index in indexes:
        item = items[index]
        if choice != SAME:
            yield item_field_question(
                iv,
                reason,
                section,
                index,
                "date",
                iv.text("q.action_date", text=item_label(iv, reason, section, str(item.get("text", "")))),
                lambda raw: parse_date(raw, iv.lang, today=iv.today),
                default=previous or iv.today.isoformat(),
            )
            previous = str(item.get("date") or previous)
        yield from link(index)


def _dates(iv: InterviewView, reason: Reason, indexes: list[int]) -> list[Any]:
    items = iv.items(reason.id, "corrective_actions")
    return [items[i].get("date") for i in indexes]


def _same_date_question(iv: InterviewView, reason: Reason, indexes: list[int]) -> Question:
    def store(value: str) -> None:
        iv.flags["same_date"] = {**iv.flags.get("same_date", {}), reason.id: value}
        iv.mark_given()  # the actions that have a date keep it: only the others' are asked

    dates = _dates(iv, reason, indexes)
    saved = iv.flags.get("same_date", {}).get(reason.id)
    guessed = SAME if (all(dates) and len(set(map(str, dates))) == 1) or not any(dates) else DIFFERENT
    return Question(
        f"plans.{reason.id}.corrective_actions.dates",
        6,
        step_title(iv, 6, reason=iv.label(reason.id)),
        "select",
        iv.text("q.same_date", count=len(indexes)),
        default=saved or guessed,
        choices=[(SAME, iv.text("q.same_date.same")), (DIFFERENT, iv.text("q.same_date.different"))],
        store=store,
        answered=lambda: all(dates),  # asked again when an action without a date is added
    )


def _shared_date_question(iv: InterviewView, reason: Reason, indexes: list[int]) -> Question:
    def read(raw: str) -> dt.date:
        date = parse_date(raw, iv.lang, today=iv.today)
        if date is None:  # never: the date is required
            raise AnswerError(iv.text("error.date"))
        return date

    def store(date: dt.date) -> None:
        items = iv.items(reason.id, "corrective_actions")
        for index in indexes:
            items[index]["date"] = date.isoformat()
        iv.set_items(reason.id, "corrective_actions", items)

    dates = [d for d in _dates(iv, reason, indexes) if d]
    return Question(
        f"plans.{reason.id}.corrective_actions.date",
        6,
        step_title(iv, 6, reason=iv.label(reason.id)),
        "text",
        iv.text("q.shared_date", count=len(indexes)),
        default=str(dates[0]) if dates else iv.today.isoformat(),
        read=read,
        store=store,
        answered=lambda: all(_dates(iv, reason, indexes)),
    )
