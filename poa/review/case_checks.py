"""Checks that need the case itself: coverage of reasons and ASINs, action dates (invoices have their own
module, invoices.py), owners of measures, the rendered paragraphs, a resubmitted plan and the appeal form's limits."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from poa.case.catalog import load_catalog
from poa.review.findings import Finding, item_path, make_finding, missing_param, short
from poa.review.rules import PLAN_PARTS, load_rules, normalise, part_names
from poa.review.wording import CJK, WORD, Item

if TYPE_CHECKING:
    from poa.case.model import Case


# Names as registered may be in Chinese; a role or any other text must be in the marketplace's language.
_NAME_FIELDS = ("legal_name", "store_name", "signer_name")


def case_items(case: Case) -> list[Item]:
    """Every answer the seller typed, with the section and item it belongs to."""
    seller = case.seller
    items = [
        Item("header", f"seller.{field}", value, name=field in _NAME_FIELDS, field=f"seller.{field}")
        for field, value in seller.model_dump().items()
        if value
    ]
    for reason_id, plan in case.plans.items():
        items += [
            Item("root_causes", f"{reason_id}, root cause {i}", cause.text, field=cause_path(reason_id, i - 1))
            for i, cause in enumerate(plan.root_causes, 1)
        ]
        items += [
            Item(
                "corrective_actions",
                f"{reason_id}, action {i}",
                a.text,
                field=item_path(reason_id, "corrective_actions", i - 1, "text"),
            )
            for i, a in enumerate(plan.corrective_actions, 1)
        ]
        items += [
            Item(
                "preventive_measures",
                f"{reason_id}, measure {i}",
                f"{m.text} {m.owner}. {m.frequency}.",
                field=item_path(reason_id, "preventive_measures", i - 1, "text"),
            )
            for i, m in enumerate(plan.preventive_measures, 1)
        ]
        items += [
            Item(
                "evidence", f"{reason_id}, document {i}", e.name, field=item_path(reason_id, "evidence", i - 1, "name")
            )
            for i, e in enumerate(plan.evidence, 1)
        ]
    return items


def cause_path(reason_id: str, index: int) -> str:
    """A root cause's text: the item itself, since a cause may be written as one line."""
    return item_path(reason_id, "root_causes", index)


def reason_coverage(case: Case) -> list[Finding]:
    """Each reason answered in full; documents where the catalogue says reviewers expect them.

    The model already requires root causes, actions and measures, so in practice this finds a
    policy reason whose catalogue lists documents but whose plan attaches none.
    """
    catalog = load_catalog()
    parts = part_names()
    findings = []
    for reason_id in case.reasons:
        reason = catalog[reason_id]
        plan = case.plans[reason_id]
        label = reason.label.model_dump()
        missing = [part for part in PLAN_PARTS if not getattr(plan, part)]
        if reason.kind == "policy" and reason.evidence and not plan.evidence:
            missing.append("evidence")
        for part in missing:
            findings.append(
                make_finding("reason-uncovered", part, reason_id, reason=label, part=parts[part], reason_id=reason_id)
            )
    return findings


def asin_coverage(case: Case) -> list[Finding]:
    """An ASIN under review must appear in an action or a document (in its ASIN list or its text)."""
    named: set[str] = set()
    texts: list[str] = []
    for plan in case.plans.values():
        for item in (*plan.corrective_actions, *plan.evidence):
            named.update(item.asins)
        texts += [a.text for a in plan.corrective_actions] + [e.name for e in plan.evidence]
    words = set(re.findall(r"[A-Z0-9]{10}", " ".join(texts).upper()))
    # The fix offered: the ASINs the first corrective action covers.
    first = next(iter(case.plans), None)
    at = item_path(first, "corrective_actions", 0, "asins") if first else ""
    return [
        make_finding("asin-uncovered", "evidence", asin, at=at, asin=asin)
        for asin in case.affected_asins
        if asin not in named and asin not in words
    ]


def _problem_start(case: Case, reason_id: str) -> dt.date:
    """The earliest day an action can answer this reason: the metric window's start, or a set time
    before the notice for a policy reason (see policy_action_lookback_days in the rules)."""
    spec = load_catalog()[reason_id].metric
    if spec is not None:
        reading = case.metrics.get(reason_id)
        window = (reading.window_days if reading else None) or spec.window_days
        return case.notice_date - dt.timedelta(days=window)
    return case.notice_date - dt.timedelta(days=load_rules().settings.policy_action_lookback_days)


def action_dates(case: Case, today: dt.date) -> list[Finding]:
    lookback = load_rules().settings.policy_action_lookback_days
    findings = []
    for reason_id, plan in case.plans.items():
        start = _problem_start(case, reason_id)
        for index, action in enumerate(plan.corrective_actions, 1):
            where = f"{reason_id}, action {index}"
            excerpt = short(action.text, 80)
            at = item_path(reason_id, "corrective_actions", index - 1, "date")
            if action.date > today:
                findings.append(
                    make_finding(
                        "action-in-future",
                        "corrective_actions",
                        where,
                        excerpt=excerpt,
                        at=at,
                        date=action.date.isoformat(),
                        today=today.isoformat(),
                    )
                )
            elif action.date < start:
                findings.append(
                    make_finding(
                        "action-before-problem",
                        "corrective_actions",
                        where,
                        excerpt=excerpt,
                        at=at,
                        date=action.date.isoformat(),
                        start=start.isoformat(),
                        lookback=lookback,
                    )
                )
    return findings


def measure_owners(case: Case) -> list[Finding]:
    """An owner that names nobody ("we") or a frequency that names no schedule ("as needed")."""
    settings = load_rules().settings
    owners = {o.lower() for o in settings.vague_owners}
    frequencies = {f.lower() for f in settings.vague_frequencies}
    findings = []
    for reason_id, plan in case.plans.items():
        for index, measure in enumerate(plan.preventive_measures, 1):
            no_owner = normalise(measure.owner).lower().rstrip(".") in owners
            no_frequency = normalise(measure.frequency).lower().rstrip(".") in frequencies
            if no_owner or no_frequency:
                findings.append(
                    make_finding(
                        "measure-no-owner",
                        "preventive_measures",
                        f"{reason_id}, measure {index}",
                        excerpt=f"{measure.owner} / {measure.frequency}",
                        at=item_path(reason_id, "preventive_measures", index - 1, "owner" if no_owner else "frequency"),
                        missing=missing_param(no_owner, no_frequency),
                    )
                )
    return findings


def rendered_paragraphs(sections: dict[str, str]) -> list[Item]:
    """The paragraphs and list items of the rendered plan, as the reviewer sees them."""
    from poa.plan.text import inline_text, parse_markdown

    items = []
    for name, markdown in sections.items():
        paragraphs = [node for node in parse_markdown(markdown).walk() if node.type == "paragraph"]
        for index, node in enumerate(paragraphs, 1):
            text = inline_text(node.children[0]) if node.children else ""
            items.append(Item(name, f"{name.replace('_', ' ')}, paragraph {index}", text))
    return items


def plain_text(markdown: str) -> str:
    from poa.plan.text import markdown_to_text

    return markdown_to_text(markdown)


def shingles(text: str, size: int) -> set[tuple[str, ...]]:
    words = [w.lower() for w in WORD.findall(CJK.sub(lambda m: " ".join(m[0]), text))]
    if len(words) < size:
        return {tuple(words)} if words else set()
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


def similarity(first: str, second: str, size: int = 3) -> float:
    """Jaccard similarity of the two texts' word n-grams: 1.0 for the same words in the same order."""
    a, b = shingles(first, size), shingles(second, size)
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def resubmission(case: Case, plain: str) -> list[Finding]:
    settings = load_rules().settings
    outcomes = {
        "rejected": {"en": "rejected", "zh": "被拒"},
        "more_information_requested": {"en": "more information requested", "zh": "要求补充信息"},
        "no_reply": {"en": "no reply", "zh": "未回复"},
    }
    findings = []
    for index, appeal in enumerate(case.previous_appeals, 1):
        if not appeal.text_sent:
            continue
        score = similarity(plain, appeal.text_sent, settings.resubmission_shingle_words)
        if score >= settings.resubmission_similarity:
            findings.append(
                make_finding(
                    "resubmission",
                    "whole plan",
                    f"previous appeal {index}",
                    percent=round(score * 100),
                    date=appeal.date.isoformat(),
                    outcome=outcomes[appeal.outcome],
                )
            )
    return findings


def form_limits(case: Case, today: dt.date, limits: dict[str, int] | None, sections: dict[str, str]) -> list[Finding]:
    """Each block of the appeal form over its field's character limit."""
    from poa.plan.form import form_blocks, load_form_fields

    labels = {f.id: f.label for f in load_form_fields().fields}
    findings = []
    for block in form_blocks(case, today=today, limits=limits, sections=sections):
        if block.over:
            label = labels[block.field]
            findings.append(
                make_finding(
                    "form-over-limit",
                    "form",
                    label.en,
                    field=label.model_dump(),
                    field_id=block.field,
                    count=f"{block.chars:,}",
                    limit=f"{block.limit:,}",
                )
            )
    return findings


def plan_deadline(case: Case, today: dt.date) -> list[Finding]:
    """A plan dated (or, undated, sent today) after the deadline the notice gives."""
    deadline = case.notice.deadline if case.notice is not None else None
    date = case.plan_date or today
    if deadline is None or date <= deadline:
        return []
    return [
        make_finding(
            "plan-after-deadline", "whole plan", "plan_date", date=date.isoformat(), deadline=deadline.isoformat()
        )
    ]
