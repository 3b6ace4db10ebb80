"""The interview of `poa new`: the questions in order, moving through them, and the partial case they fill in.

The interview is a list of questions worked out afresh from the answers so far (choosing a reason
adds its questions). A question is asked when it is not yet answered; going back un-answers the last
one, which is then asked again with its answer as the default. The questions themselves are built by
the steps' modules (seller_questions, reason_questions, plan_questions). This module knows nothing of
the terminal: poa/interview/wizard.py shows each question, and tests drive the interview directly.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from poa.case.catalog import load_catalog
from poa.interview.answers import say
from poa.interview.plan_questions import cover_single_asin, evidence_questions, link_single_cause, plan_questions
from poa.interview.question import Question, step_title
from poa.interview.reason_questions import (
    asins_question,
    metric_question,
    previous_appeal_questions,
    reason_questions,
)
from poa.interview.seller_questions import language_question, seller_questions
from poa.languages import ZH_HANT


@dataclass
class Interview:
    """One run of the wizard: the partial case in the answers file's shape, and the wizard's own state."""

    data: dict[str, Any] = field(default_factory=dict)
    lang: str = "en"  # the texts' language, "en" or "zh"
    hant: bool = False  # Chinese shown in traditional characters (--lang zh-Hant): converted where shown
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
        if question.id in self.flags.get("revisit", ()):  # gone through: from now on as any other answer
            self.flags["revisit"] = [qid for qid in self.flags["revisit"] if qid != question.id]
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
                if question.id in self.flags.get("revisit", ()):
                    continue  # a part Amazon's reply asked about is gone through again, however complete
                asked_always = question.kind in ("review", "output", "request")
                if question.id not in self.done and not asked_always and question.answered():
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
        for plan in data["plans"].values():
            link_single_cause(plan)
            cover_single_asin(plan, data.get("affected_asins"))
        return data

    @property
    def shown_lang(self) -> str:
        """The language as the seller chose it: en, zh or zh-Hant (the draft keeps this)."""
        return ZH_HANT if self.hant and self.lang == "zh" else self.lang

    def text(self, key: str, **fields: object) -> str:
        return say(key, self.lang, **fields)

    def label(self, reason_id: str) -> str:
        label = load_catalog()[reason_id].label
        return label.zh if self.lang == "zh" else label.en


def _flow(iv: Interview) -> Iterator[Question]:
    """Every question of the interview so far, in the order they are asked."""
    if not iv.lang_fixed:
        yield language_question(iv)
    yield from seller_questions(iv)
    yield from reason_questions(iv)
    catalog = load_catalog()
    if any(catalog[r].notice.role == "fallback" for r in iv.reasons()):
        # A notice that names no reason: a request to Seller Performance comes before any plan.
        yield Question("request", 3, step_title(iv, 3), "request", iv.text("q.request"))
    yield from previous_appeal_questions(iv)
    reasons = iv.reasons()
    for reason_id in reasons:
        if catalog[reason_id].kind == "performance":
            yield metric_question(iv, catalog[reason_id])
    yield asins_question(iv)
    for reason_id in reasons:
        yield from plan_questions(iv, catalog[reason_id])
    for reason_id in reasons:
        yield from evidence_questions(iv, catalog[reason_id])
    yield Question("review", 8, iv.text("step.review"), "review", iv.text("q.review"))
    yield Question("output", 9, iv.text("step.output"), "output", iv.text("q.case_path"))


def build_case(iv: Interview):  # -> tuple[Case | None, str | None]
    """The finished case, or None and the first problem still to fix, in one line."""
    from pydantic import ValidationError

    from poa.case.model import Case
    from poa.case.problems import describe_validation_error

    try:
        return Case.model_validate(iv.case_data()), None
    except ValidationError as error:
        return None, describe_validation_error(error, iv.lang)
