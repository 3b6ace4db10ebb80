"""The questions of `poa new`, as data, and the partial case they fill in.

The interview is a list of questions worked out afresh from the answers so far (choosing a reason
adds its questions). A question is asked when it is not yet answered; going back un-answers the last
one, which is then asked again with its answer as the default. This module knows nothing of the
terminal: poa/wizard.py shows each question, and tests drive the interview directly.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from poa.case.catalog import Reason, load_catalog, load_marketplaces
from poa.interview.answers import (
    AnswerError,
    has_chinese,
    parse_asins,
    parse_date,
    parse_merchant_token,
    parse_metric,
    read_long_text,
    say,
)
from poa.interview.answers import parse_text as _parse_text

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

Kind = Literal["text", "select", "checkbox", "own", "review", "output"]


@dataclass(frozen=True)
class Concern:
    """Something in an accepted answer the seller should decide about before it is kept."""

    kind: Literal["chinese", "promise", "old_invoice"]
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


@dataclass
class Interview:
    """One run of the wizard: the partial case in the answers file's shape, and the wizard's own state."""

    data: dict[str, Any] = field(default_factory=dict)
    lang: str = "en"
    lang_fixed: bool = False
    today: dt.date = field(default_factory=dt.date.today)
    done: list[str] = field(default_factory=list)
    # Wizard-only answers: "kind" (performance, policy, both), "own" (pick lists followed by own entries).
    flags: dict[str, Any] = field(default_factory=dict)
    # What was being typed when the terminal closed: {"question": id, "text": ...}.
    pending: dict[str, str] | None = None

    # ------------------------------------------------------------------ moving through the questions

    def questions(self) -> list[Question]:
        return list(_flow(self))

    def next_question(self) -> Question | None:
        done = set(self.done)
        for question in self.questions():
            if question.id not in done:
                return question
        return None

    def accept(self, question: Question, value: Any) -> None:
        """Keep an answer that passed question.read and whose concerns the seller accepted."""
        question.store(value)
        if question.id in self.done:
            self.done.remove(question.id)
        self.done.append(question.id)
        if self.pending and self.pending.get("question") == question.id:
            self.pending = None

    def back(self) -> bool:
        """Un-answer the last answered question; False at the first question."""
        if not self.done:
            return False
        self.done.pop()
        return True

    def mark_given(self) -> int:
        """Count as answered every question whose answer the data already holds (a case file, a draft)."""
        count = 0
        changed = True
        while changed:  # answering "reasons" brings that reason's questions into the flow
            changed = False
            for question in self.questions():
                if question.id not in self.done and question.kind not in ("review", "output") and question.answered():
                    self.done.append(question.id)
                    count += 1
                    changed = True
        return count

    def reopen(self, prefix: str) -> None:
        """Ask again every question whose id starts with prefix (a section chosen on the review screen)."""
        self.done = [qid for qid in self.done if not (qid == prefix or qid.startswith(prefix + "."))]

    def reopen_step(self, step: int) -> None:
        ids = {q.id for q in self.questions() if q.step == step}
        self.done = [qid for qid in self.done if qid not in ids]

    def default_for(self, question: Question) -> Any:
        """A question's default: what was being typed when the terminal closed, else its answer."""
        if self.pending and self.pending.get("question") == question.id and question.kind in ("text", "own"):
            return self.pending.get("text", "")
        return question.default

    # ------------------------------------------------------------------ the partial case

    def get(self, *keys: str | int, default: Any = None) -> Any:
        node: Any = self.data
        for key in keys:
            if (isinstance(node, dict) and key in node) or (
                isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node)
            ):
                node = node[key]
            else:
                return default
        return node

    def put(self, *keys: str | int, value: Any) -> None:
        node: Any = self.data
        for key in keys[:-1]:
            if isinstance(node, list):
                node = node[key]  # type: ignore[index]
                continue
            if not isinstance(node.get(key), dict | list):
                node[key] = {}
            node = node[key]
        if value is None and isinstance(node, dict):
            node.pop(keys[-1], None)
        else:
            node[keys[-1]] = value

    def reasons(self) -> list[str]:
        catalog = load_catalog()
        chosen = self.get("reasons", default=[])
        return [r for r in chosen if isinstance(r, str) and r in catalog] if isinstance(chosen, list) else []

    def items(self, reason: str, section: str) -> list[Any]:
        value = self.get("plans", reason, section, default=[])
        return value if isinstance(value, list) else []

    def set_items(self, reason: str, section: str, items: list[Any]) -> None:
        self.put("plans", reason, section, value=items)

    def case_data(self) -> dict[str, Any]:
        """The answers as an answers file: only the chosen reasons' metrics and plans."""
        data = copy.deepcopy(self.data)
        reasons = self.reasons()
        catalog = load_catalog()
        performance = [r for r in reasons if catalog[r].kind == "performance"]
        metrics = data.get("metrics") if isinstance(data.get("metrics"), dict) else {}
        data["metrics"] = {r: v for r, v in metrics.items() if r in performance}
        plans = data.get("plans") if isinstance(data.get("plans"), dict) else {}
        data["plans"] = {r: v for r, v in plans.items() if r in reasons}
        return data

    def text(self, key: str, **fields: object) -> str:
        return say(key, self.lang, **fields)

    def label(self, reason_id: str) -> str:
        label = load_catalog()[reason_id].label
        return label.zh if self.lang == "zh" else label.en


# ---------------------------------------------------------------------- the flow


def _flow(iv: Interview):  # -> Iterator[Question]
    if not iv.lang_fixed:
        yield _language_question(iv)
    yield from _seller_questions(iv)
    yield from _reason_questions(iv)
    yield from _previous_appeal_questions(iv)
    catalog = load_catalog()
    reasons = iv.reasons()
    for reason_id in reasons:
        if catalog[reason_id].kind == "performance":
            yield _metric_question(iv, catalog[reason_id])
    yield _asins_question(iv)
    for reason_id in reasons:
        yield from _plan_questions(iv, catalog[reason_id])
    for reason_id in reasons:
        yield from _evidence_questions(iv, catalog[reason_id])
    yield Question("review", 8, iv.text("step.review"), "review", iv.text("q.review"))
    yield Question("output", 9, iv.text("step.output"), "output", iv.text("q.case_path"))


def _title(iv: Interview, step: int, **fields: object) -> str:
    return iv.text(STEP_KEYS[step], **fields)


def _chinese_concern(iv: Interview, text: object) -> list[Concern]:
    if isinstance(text, str) and has_chinese(text):
        return [Concern("chinese", iv.text("q.keep_chinese"))]
    return []


def _language_question(iv: Interview) -> Question:
    def store(value: str) -> None:
        iv.lang = value

    return Question(
        "lang",
        1,
        _title(iv, 1),
        "select",
        say("q.lang", iv.lang) + " / " + say("q.lang", "zh" if iv.lang == "en" else "en"),
        default=iv.lang,
        choices=[("en", "English"), ("zh", "简体中文")],
        store=store,
        answered=lambda: False,
    )


def _text_question(
    iv: Interview,
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
        return _parse_text(raw, iv.lang, limit=limit, optional=optional)

    return Question(
        qid,
        step,
        _title(iv, step),
        "text",
        message,
        default=default if current in (None, "") else str(current),
        read=read,
        store=lambda value: iv.put(*keys, value=value),
        concerns=(lambda value: _chinese_concern(iv, value)) if english else (lambda value: []),
        answered=lambda: iv.get(*keys) not in (None, "") or optional,
    )


def _date_question(
    iv: Interview, qid: str, step: int, message: str, keys: tuple[str | int, ...], *, notice: bool = False
) -> Question:
    """A required date, never after today, kept in the case as YYYY-MM-DD."""
    current = iv.get(*keys)
    return Question(
        qid,
        step,
        _title(iv, step),
        "text",
        message,
        default=str(current) if current else "",
        read=lambda raw: parse_date(raw, iv.lang, today=iv.today, notice=notice),
        store=lambda value: iv.put(*keys, value=value.isoformat()),
        answered=lambda: bool(iv.get(*keys)),
    )


def _seller_questions(iv: Interview):
    yield _text_question(iv, "seller.legal_name", 2, iv.text("q.legal_name"), ("seller", "legal_name"))
    yield _text_question(iv, "seller.store_name", 2, iv.text("q.store_name"), ("seller", "store_name"))
    token = iv.get("seller", "merchant_token")
    yield Question(
        "seller.merchant_token",
        2,
        _title(iv, 2),
        "text",
        iv.text("q.merchant_token"),
        default=token or "",
        read=lambda raw: parse_merchant_token(raw, iv.lang),
        store=lambda value: iv.put("seller", "merchant_token", value=value),
        answered=lambda: iv.get("seller", "legal_name") is not None,
    )
    markets = load_marketplaces()
    current = iv.get("marketplace")
    yield Question(
        "marketplace",
        2,
        _title(iv, 2),
        "select",
        iv.text("q.marketplace"),
        default=current if current in markets else "amazon.com",
        choices=[(domain, f"{domain}  ({m.country})") for domain, m in markets.items()],
        store=lambda value: iv.put("marketplace", value=value),
        answered=lambda: iv.get("marketplace") in markets,
    )
    yield _date_question(iv, "notice_date", 2, iv.text("q.notice_date"), ("notice_date",), notice=True)
    yield _text_question(iv, "seller.signer_name", 2, iv.text("q.signer_name"), ("seller", "signer_name"))
    yield _text_question(
        iv, "seller.signer_role", 2, iv.text("q.signer_role"), ("seller", "signer_role"), default="Owner"
    )


def _reason_questions(iv: Interview):
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
        _title(iv, 3),
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
        _title(iv, 3),
        "checkbox",
        iv.text("q.reasons"),
        default=[r for r in chosen if r in ids],
        choices=[(r, title(r)) for r in ids],
        read=read,
        store=lambda values: iv.put("reasons", value=[r for r in ids if r in values]),
        answered=lambda: bool(chosen),
    )


OUTCOMES = ("rejected", "more_information_requested", "no_reply")


def _previous_appeal_questions(iv: Interview):
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
        _title(iv, 3),
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
    yield _date_question(iv, "previous_appeals.0.date", 3, iv.text("q.previous_date"), ("previous_appeals", 0, "date"))
    for key in ("amazon_reply", "text_sent"):
        value = current.get(key)
        yield Question(
            f"previous_appeals.0.{key}",
            3,
            _title(iv, 3),
            "text",
            iv.text(f"q.previous_{key}"),
            default=str(value) if value else "",
            read=lambda raw: read_long_text(raw, iv.lang),
            store=lambda text, key=key: iv.put("previous_appeals", 0, key, value=text),
            answered=lambda key=key: key in current,
        )


def metric_notes(iv: Interview, reason: Reason, reading: dict[str, Any]) -> list[str]:
    """The rate against its target, and how many defect-free orders bring it within target."""
    from poa.case.metrics import evaluate

    spec = reason.metric
    assert spec is not None
    status = evaluate(
        rate_percent=reading.get("rate_percent"),
        defects=reading.get("defects"),
        orders=reading.get("orders"),
        window_days=reading.get("window_days") or spec.window_days,
        target_percent=spec.target_percent,
        direction=spec.direction,
    )
    sign = "<" if spec.direction == "below" else ">"
    lines = [
        iv.text(
            "note.metric",
            label=iv.label(reason.id),
            rate=f"{status.rate_percent:.2f}%",
            target=f"{sign} {spec.target_percent:g}%",
        )
    ]
    if status.met:
        lines.append(iv.text("note.metric_met"))
    elif status.orders_needed is not None:
        lines.append(iv.text("note.metric_needed", needed=f"{status.orders_needed:,}"))
    else:
        lines.append(iv.text("note.metric_counts"))
    return lines


def _metric_question(iv: Interview, reason: Reason) -> Question:
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
        _title(iv, 4),
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
        notes=lambda value: metric_notes(iv, reason, value),
        answered=lambda: isinstance(iv.get("metrics", reason.id), dict),
    )


def _asins_question(iv: Interview) -> Question:
    current = iv.get("affected_asins", default=[])

    def notes(asins: list[str]) -> list[str]:
        return [iv.text("note.asins", count=len(asins), asins=", ".join(asins))] if asins else []

    return Question(
        "affected_asins",
        5,
        _title(iv, 5),
        "text",
        iv.text("q.asins"),
        default=", ".join(str(a) for a in current) if isinstance(current, list) else "",
        read=lambda raw: parse_asins(raw, iv.lang),
        store=lambda value: iv.put("affected_asins", value=value),
        notes=notes,
        answered=lambda: isinstance(iv.get("affected_asins"), list),
    )


# ---------------------------------------------------------------------- per-reason plan


def _suggestions(reason: Reason, section: str) -> list[tuple[str, str, dict[str, Any]]]:
    """(English text, Chinese label, extra fields) of the catalogue's suggestions for a section."""
    out = []
    for item in getattr(reason, section):
        extra = {"owner": item.owner, "frequency": item.frequency} if section == "preventive_measures" else {}
        out.append((item.en, item.zh, extra))
    return out


def _item_text(section: str, item: Any) -> str:
    if section == "root_causes":
        return item if isinstance(item, str) else ""
    key = "name" if section == "evidence" else "text"
    return str(item.get(key, "")) if isinstance(item, dict) else ""


def _pick_question(iv: Interview, reason: Reason, section: str) -> Question:
    """Multi-select of the catalogue's suggestions and the seller's own items, plus "write my own"."""
    qid = f"plans.{reason.id}.{section}"
    current = iv.items(reason.id, section)
    by_text = {_item_text(section, item): item for item in current}
    choices: list[tuple[str, str]] = []
    fresh: dict[str, Any] = {}
    if section == "evidence":
        for spec in reason.evidence:
            choices.append((spec.en, spec.en if iv.lang == "en" else f"{spec.zh} ({spec.en})"))
            fresh[spec.en] = {"name": spec.en, "kind": spec.kind}
    else:
        for en, zh, extra in _suggestions(reason, section):
            choices.append((en, en if iv.lang == "en" else f"{zh}\n      {en}"))
            fresh[en] = en if section == "root_causes" else {"text": en, **extra}
    for text in by_text:
        if text and text not in fresh:
            choices.append((text, text))
    choices.append((OWN, iv.text("q.own")))

    def read(values: list[str]) -> list[str]:
        if not values:
            raise AnswerError(iv.text("error.pick_one"))
        return values

    def store(values: list[str]) -> None:
        kept = [v for v, _ in choices if v in values and v != OWN]
        items = [by_text.get(text) or copy.deepcopy(fresh[text]) for text in kept]
        iv.set_items(reason.id, section, items)
        own = set(iv.flags.get("own", []))
        own.discard(qid)
        if OWN in values:
            own.add(qid)
        iv.flags["own"] = sorted(own)
        # Items may have moved: their follow-up questions (dates, owners) are asked again where unanswered.
        iv.reopen(qid)
        iv.mark_given()

    return Question(
        qid,
        6 if section != "evidence" else 7,
        _title(iv, 6, reason=iv.label(reason.id)) if section != "evidence" else _title(iv, 7),
        "checkbox",
        iv.text(f"q.{section}", reason=iv.label(reason.id)),
        default=[t for t in by_text if t],
        choices=choices,
        read=read,
        store=store,
        answered=lambda: bool(iv.items(reason.id, section)),
    )


def _own_question(iv: Interview, reason: Reason, section: str) -> Question:
    qid = f"plans.{reason.id}.{section}+"

    def add(text: str) -> None:
        items = iv.items(reason.id, section)
        if section == "root_causes":
            items.append(text)
        elif section == "evidence":
            items.append({"name": text, "kind": "other"})
        else:
            items.append({"text": text})
        iv.set_items(reason.id, section, items)

    def move(text: str) -> None:
        measures = iv.items(reason.id, "preventive_measures")
        measures.append({"text": text})
        iv.set_items(reason.id, "preventive_measures", measures)

    return Question(
        qid,
        6 if section != "evidence" else 7,
        _title(iv, 6, reason=iv.label(reason.id)) if section != "evidence" else _title(iv, 7),
        "own",
        iv.text(f"q.own.{section}"),
        read=lambda raw: _parse_text(raw, iv.lang, optional=True),
        concerns=lambda text: item_concerns(iv, section, text),
        add=add,
        move=move if section == "corrective_actions" else None,
        needs_one=lambda: not iv.items(reason.id, section),
        answered=lambda: False,
    )


def item_concerns(iv: Interview, section: str, text: str) -> list[Concern]:
    """What a written plan item raises: Chinese where English is read, a promise among actions."""
    found = _chinese_concern(iv, text)
    if section == "corrective_actions" and is_promise(text):
        found.append(Concern("promise", iv.text("q.promise", text=text)))
    return found


def _item_field_question(
    iv: Interview,
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
) -> Question:
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
        f"plans.{reason.id}.{section}.{index}.{key}",
        step,
        _title(iv, 6, reason=iv.label(reason.id)) if step == 6 else _title(iv, 7),
        "text",
        message,
        default=shown or default,
        read=read,
        store=store,
        concerns=concerns,
        answered=lambda: key in item and (item[key] not in (None, "") or optional),
    )


def _short(text: str, width: int = 70) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _plan_questions(iv: Interview, reason: Reason):
    own = set(iv.flags.get("own", []))
    for section in ("root_causes", "corrective_actions", "preventive_measures"):
        yield _pick_question(iv, reason, section)
        if f"plans.{reason.id}.{section}" in own:
            yield _own_question(iv, reason, section)
        items = iv.items(reason.id, section)
        if section == "corrective_actions":
            previous = ""
            for index, item in enumerate(items):
                if not isinstance(item, dict):
                    continue
                yield _item_field_question(
                    iv,
                    reason,
                    section,
                    index,
                    "date",
                    iv.text("q.action_date", text=_short(_item_text(section, item))),
                    lambda raw: parse_date(raw, iv.lang, today=iv.today),
                    default=previous or iv.today.isoformat(),
                )
                previous = str(item.get("date") or previous)
        if section == "preventive_measures":
            suggested = {en for en, _, _ in _suggestions(reason, section)}
            for index, item in enumerate(items):
                if not isinstance(item, dict) or (item.get("text") in suggested and item.get("owner")):
                    continue
                text = _short(_item_text(section, item))
                for key in ("owner", "frequency"):
                    yield _item_field_question(
                        iv,
                        reason,
                        section,
                        index,
                        key,
                        iv.text(f"q.{key}", text=text),
                        lambda raw: _parse_text(raw, iv.lang, limit=200),
                        concerns=lambda value: _chinese_concern(iv, value),
                    )


def _evidence_questions(iv: Interview, reason: Reason):
    from poa.review.invoices import invoice_window

    yield _pick_question(iv, reason, "evidence")
    if f"plans.{reason.id}.evidence" in set(iv.flags.get("own", [])):
        yield _own_question(iv, reason, "evidence")
    affected = [a for a in iv.get("affected_asins", default=[]) if isinstance(a, str)]
    for index, item in enumerate(iv.items(reason.id, "evidence")):
        if not isinstance(item, dict):
            continue
        invoice = item.get("kind") == "supplier_invoice"
        text = _short(_item_text("evidence", item))
        max_age = invoice_window(str(iv.get("marketplace", default="amazon.com")), reason.id) if invoice else None
        yield _item_field_question(
            iv,
            reason,
            "evidence",
            index,
            "date",
            iv.text("q.evidence_date" if invoice else "q.evidence_date_optional", text=text),
            lambda raw, optional=not invoice: parse_date(raw, iv.lang, today=iv.today, optional=optional),
            optional=not invoice,
            concerns=lambda value, max_age=max_age: _invoice_concern(iv, value, max_age),
        )
        if affected:
            yield _item_field_question(
                iv,
                reason,
                "evidence",
                index,
                "asins",
                iv.text("q.evidence_asins", text=text, asins=", ".join(affected)),
                lambda raw: parse_asins(raw, iv.lang, allowed=affected) or list(affected),
            )
        if invoice:
            yield from _invoice_file_questions(iv, reason, index, item, text)


def _invoice_file_questions(iv: Interview, reason: Reason, index: int, item: dict[str, Any], text: str):
    """The invoice's file (kept for the bundle); what poa reads from it is offered for the case."""
    from poa.interview.invoice_offer import parse_evidence_file, read_invoice_block, summary

    def what_was_read(path: str | None) -> list[str]:
        if path is None:
            return []
        block, problem = read_invoice_block(path)
        if block is not None:
            return summary(block, problem, iv.lang).splitlines()
        return [iv.text("note.invoice_unreadable", problem=problem)] if problem else []

    file_question = _item_field_question(
        iv,
        reason,
        "evidence",
        index,
        "file",
        iv.text("q.evidence_file", text=text),
        lambda raw: parse_evidence_file(raw, iv.lang),
        optional=True,
    )
    file_question.notes = what_was_read
    # An invoice block typed by hand (a case file) needs no file read for it.
    file_question.answered = lambda: "file" in item or "invoice" in item
    yield file_question
    path = item.get("file")
    if not isinstance(path, str):
        return
    block, _ = read_invoice_block(path)
    if block is None:
        return

    def store(choice: str) -> None:
        items = iv.items(reason.id, "evidence")
        if choice == "add":
            items[index]["invoice"] = block
            if block.get("date"):
                items[index]["date"] = block["date"]  # the invoice's own date
        else:
            items[index].pop("invoice", None)
        iv.set_items(reason.id, "evidence", items)

    yield Question(
        f"plans.{reason.id}.evidence.{index}.invoice",
        7,
        _title(iv, 7),
        "select",
        iv.text("q.invoice_offer"),
        default="add",
        choices=[(key, iv.text(f"q.invoice_offer.{key}")) for key in ("add", "skip")],
        store=store,
        answered=lambda: "invoice" in item,
    )


def _invoice_concern(iv: Interview, value: dt.date | None, max_age: int | None) -> list[Concern]:
    """An invoice older than Amazon accepts, counted back from the notice date."""
    notice = iv.get("notice_date")
    if value is None or max_age is None or not notice:
        return []
    notice_date = notice if isinstance(notice, dt.date) else dt.date.fromisoformat(str(notice))
    days = (notice_date - value).days
    if days > max_age:
        return [Concern("old_invoice", iv.text("q.old_invoice", days=days, limit=max_age))]
    return []


def is_promise(text: str) -> bool:
    """A corrective action written as something still to do: the checker's own rule, on one item."""
    from poa.review.check import check_item

    return any(f.rule == "promise-in-action" for f in check_item(text, "corrective_actions"))


# ---------------------------------------------------------------------- review


def build_case(iv: Interview):  # -> tuple[Case | None, str | None]
    """The finished case, or None and the first problem still to fix, in one line."""
    from pydantic import ValidationError

    from poa.case.model import Case
    from poa.case.store import describe_validation_error

    try:
        return Case.model_validate(iv.case_data()), None
    except ValidationError as error:
        return None, describe_validation_error(error)


def review_lines(iv: Interview) -> list[str]:
    """Every section on one screen: what the plan will say, item by item, shortened."""
    missing = iv.text("review.missing")
    seller = iv.get("seller", default={}) or {}
    lines = [
        f"{iv.text('review.seller')}: {seller.get('legal_name', missing)} · {seller.get('store_name', missing)}"
        + (f" · {seller['merchant_token']}" if seller.get("merchant_token") else ""),
        f"{iv.text('review.marketplace')}: {iv.get('marketplace', default=missing)} · "
        f"{iv.text('review.notice_date')}: {iv.get('notice_date', default=missing)}",
        f"{iv.text('review.signer')}: {seller.get('signer_name', missing)}, {seller.get('signer_role', missing)}",
        f"{iv.text('review.reasons')}: " + (", ".join(iv.label(r) for r in iv.reasons()) or missing),
    ]
    catalog = load_catalog()
    for reason_id in iv.reasons():
        reading = iv.get("metrics", reason_id)
        if catalog[reason_id].kind == "performance":
            if isinstance(reading, dict):
                try:
                    numbers = {k: float(v) if k == "rate_percent" else int(v) for k, v in reading.items()}
                    lines.append(
                        f"{iv.text('review.metrics')}: " + " ".join(metric_notes(iv, catalog[reason_id], numbers))
                    )
                except (TypeError, ValueError):
                    lines.append(f"{iv.text('review.metrics')}: {iv.label(reason_id)}: {reading}")
            else:
                lines.append(f"{iv.text('review.metrics')}: {iv.label(reason_id)}: {missing}")
    asins = iv.get("affected_asins", default=[])
    lines.append(f"{iv.text('review.asins')}: " + (", ".join(map(str, asins)) if asins else iv.text("note.none")))
    for reason_id in iv.reasons():
        for section in PLAN_SECTIONS:
            items = iv.items(reason_id, section)
            lines.append(f"{iv.label(reason_id)} · {iv.text('section.' + section)} ({len(items)})")
            for number, item in enumerate(items, 1):
                lines.append(f"  {number}. {_short(_item_text(section, item), 90)}{_item_details(section, item)}")
    return lines


def _item_details(section: str, item: Any) -> str:
    if not isinstance(item, dict):
        return ""
    if section == "corrective_actions":
        return f" [{item.get('date', '?')}]"
    if section == "preventive_measures":
        return f" [{item.get('owner', '?')}, {item.get('frequency', '?')}]"
    if section == "evidence":
        parts = [str(item["date"])] if item.get("date") else []
        if item.get("asins"):
            parts.append(", ".join(map(str, item["asins"])))
        return f" [{'; '.join(parts)}]" if parts else ""
    return ""


def review_choices(iv: Interview, *, ready: bool) -> list[tuple[str, str]]:
    """The review screen's menu: confirm (once the case is complete), then every section to change."""
    choices = [("confirm", iv.text("q.review.confirm"))] if ready else []
    choices += [(name, iv.text(f"q.review.{name}")) for name in ("seller", "reasons")]
    if any(load_catalog()[r].kind == "performance" for r in iv.reasons()):
        choices.append(("metrics", iv.text("q.review.metrics")))
    choices.append(("asins", iv.text("q.review.asins")))
    for reason_id in iv.reasons():
        for section in PLAN_SECTIONS:
            choices.append(
                (
                    f"plans.{reason_id}.{section}",
                    iv.text("q.review.section", reason=iv.label(reason_id), section=iv.text("section." + section)),
                )
            )
    return choices


def reopen_section(iv: Interview, choice: str) -> None:
    """Ask a review section's questions again, their answers as defaults."""
    if choice == "seller":
        iv.reopen_step(2)
    elif choice == "reasons":
        iv.reopen_step(3)
    elif choice == "metrics":
        iv.reopen_step(4)
    elif choice == "asins":
        iv.reopen_step(5)
    else:
        iv.reopen(choice)
