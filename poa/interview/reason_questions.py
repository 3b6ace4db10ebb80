"""Steps 3 to 5 of `poa new`: the suspension reasons, an earlier appeal, the metric readings, the ASINs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from poa.case.catalog import Reason, load_catalog
from poa.interview.answers import AnswerError, parse_asins, parse_metric, read_long_text
from poa.interview.question import Concern, InterviewView, Question, date_question, step_title
from poa.interview.seller_questions import deadline_lines


def reason_questions(iv: InterviewView) -> Iterator[Question]:
    catalog = load_catalog()
    chosen = iv.reasons()
    kinds = {catalog[r].kind for r in chosen}
    guessed = "both" if len(kinds) == 2 else next(iter(kinds), "performance")
    kind = iv.flags.get("kind") or guessed

    def store_kind(value: str) -> None:
        iv.flags["kind"] = value

    yield Question(
        "kind",
        3,
        step_title(iv, 3),
        "select",
        iv.text("q.kind"),
        default=kind,
        choices=[(k, iv.text(f"q.kind.{k}")) for k in ("performance", "policy", "both")],
        store=store_kind,
        answered=lambda: bool(chosen),
    )
    ids = catalog.ids(None if kind == "both" else kind)

    def read(values: list[str]) -> list[str]:
        if not values:
            raise AnswerError(iv.text("error.pick_reason"))
        return values

    def title(reason_id: str) -> str:
        reason = catalog[reason_id]
        return reason.label.en if iv.lang == "en" else f"{reason.label.zh} ({reason.label.en})"

    yield Question(
        "reasons",
        3,
        step_title(iv, 3),
        "checkbox",
        iv.text("q.reasons"),
        default=[r for r in chosen if r in ids],
        choices=[(r, title(r)) for r in ids],
        read=read,
        store=lambda values: iv.put("reasons", value=[r for r in ids if r in values]),
        # What the seller must know before answering (altered documents): said as soon as the reason is chosen.
        notes=lambda values: (
            [
                caution.zh if iv.lang == "zh" else caution.en
                for caution in (catalog[r].caution for r in values)
                if caution is not None
            ]
            + deadline_lines(iv)
        ),
        answered=lambda: bool(chosen),
    )


OUTCOMES = ("rejected", "more_information_requested", "no_reply")


def previous_appeal_questions(iv: InterviewView) -> Iterator[Question]:
    """A plan sent before for this notice: the checker compares the new plan with it."""
    appeals = iv.get("previous_appeals")
    current = appeals[0] if isinstance(appeals, list) and appeals and isinstance(appeals[0], dict) else None

    def store(outcome: str) -> None:
        if outcome == "none":
            iv.put("previous_appeals", value=[])
        else:
            iv.put("previous_appeals", value=[{**(current or {}), "outcome": outcome}])

    yield Question(
        "previous_appeals",
        3,
        step_title(iv, 3),
        "select",
        iv.text("q.previous"),
        default=str(current.get("outcome")) if current else "none",
        choices=[(k, iv.text(f"q.previous.{k}")) for k in ("none", *OUTCOMES)],
        store=store,
        # A case file with plans was written past this point: an absent list means none.
        answered=lambda: isinstance(iv.get("previous_appeals"), list) or bool(iv.get("plans")),
    )
    if current is None:
        return
    sent = date_question(iv, "previous_appeals.0.date", 3, iv.text("q.previous_date"), ("previous_appeals", 0, "date"))
    sent.concerns = lambda date: _before_notice(iv, date)
    yield sent
    for key in ("amazon_reply", "text_sent"):
        value = current.get(key)
        yield Question(
            f"previous_appeals.0.{key}",
            3,
            step_title(iv, 3),
            "text",
            iv.text(f"q.previous_{key}"),
            default=str(value) if value else "",
            read=lambda raw: read_long_text(raw, iv.lang),
            store=lambda text, key=key: iv.put("previous_appeals", 0, key, value=text),
            # A round poa reply recorded keeps the plan's items (plan_sent) instead of its text.
            answered=lambda key=key: key in current or (key == "text_sent" and "plan_sent" in current),
        )


def _status(reason: Reason, reading: dict[str, Any]):  # -> poa.case.metrics.MetricStatus
    from poa.case.metrics import evaluate

    spec = reason.metric
    assert spec is not None
    return evaluate(
        rate_percent=reading.get("rate_percent"),
        defects=reading.get("defects"),
        orders=reading.get("orders"),
        window_days=reading.get("window_days") or spec.window_days,
        target_percent=spec.target_percent,
        direction=spec.direction,
    )


def _target(reason: Reason) -> str:
    spec = reason.metric
    assert spec is not None
    return f"{'<' if spec.direction == 'below' else '>'} {spec.target_percent:g}%"


def metric_concerns(iv: InterviewView, reason: Reason, reading: dict[str, Any]) -> list[Concern]:
    """A rate within target for a reason the notice names: most likely a figure mistyped or misread."""
    status = _status(reason, reading)
    if not status.met:
        return []
    message = iv.text(
        "q.metric_within", rate=f"{status.rate_percent:.2f}%", target=_target(reason), label=iv.label(reason.id)
    )
    return [Concern("implausible", message)]


def _before_notice(iv: InterviewView, date: dt.date) -> list[Concern]:
    """A plan for this notice dated before it: most likely the wrong year or the wrong notice."""
    notice = iv.get("notice_date")
    try:
        notice_date = dt.date.fromisoformat(str(notice)) if notice else None
    except ValueError:  # an answers file's notice date that is not a date: the review says so
        return []
    if notice_date is None or date >= notice_date:
        return []
    message = iv.text("q.previous_before_notice", notice=notice_date.isoformat(), date=date.isoformat())
    return [Concern("implausible", message)]


def metric_notes(iv: InterviewView, reason: Reason, reading: dict[str, Any]) -> list[str]:
    """The rate against its target, and how many defect-free orders bring it within target."""
    status = _status(reason, reading)
    lines = [
        iv.text(
            "note.metric",
            label=iv.label(reason.id),
            rate=f"{status.rate_percent:.2f}%",
            target=_target(reason),
        )
    ]
    if status.met:
        lines.append(iv.text("note.metric_met"))
    elif status.orders_needed is not None:
        lines.append(iv.text("note.metric_needed", needed=f"{status.orders_needed:,}"))
    else:
        lines.append(iv.text("note.metric_counts"))
    return lines


def metric_question(iv: InterviewView, reason: Reason) -> Question:
    spec = reason.metric
    assert spec is not None
    current = iv.get("metrics", reason.id)
    default = ""
    if isinstance(current, dict):
        if current.get("defects") is not None and current.get("orders") is not None:
            default = f"{current['defects']}/{current['orders']}"
        elif current.get("rate_percent") is not None:
            default = f"{current['rate_percent']}%"
    labels = spec.defects_label, spec.orders_label

    def store(value: dict[str, Any]) -> None:
        window = current.get("window_days") if isinstance(current, dict) else None
        iv.put("metrics", reason.id, value={**value, **({"window_days": window} if window else {})})

    return Question(
        f"metrics.{reason.id}",
        4,
        step_title(iv, 4),
        "text",
        iv.text(
            "q.metric",
            label=iv.label(reason.id),
            defects=getattr(labels[0], iv.lang),
            orders=getattr(labels[1], iv.lang),
        ),
        default=default,
        read=lambda raw: parse_metric(raw, iv.lang),
        store=store,
        concerns=lambda value: metric_concerns(iv, reason, value),
        notes=lambda value: metric_notes(iv, reason, value),
        answered=lambda: isinstance(iv.get("metrics", reason.id), dict),
    )


def asins_question(iv: InterviewView) -> Question:
    current = iv.get("affected_asins", default=[])

    def notes(asins: list[str]) -> list[str]:
        return [iv.text("note.asins", count=len(asins), asins=", ".join(asins))] if asins else []

    return Question(
        "affected_asins",
        5,
        step_title(iv, 5),
        "text",
        iv.text("q.asins"),
        default=", ".join(str(a) for a in current) if isinstance(current, list) else "",
        read=lambda raw: parse_asins(raw, iv.lang),
        store=lambda value: iv.put("affected_asins", value=value),
        notes=notes,
        answered=lambda: isinstance(iv.get("affected_asins"), list),
    )
