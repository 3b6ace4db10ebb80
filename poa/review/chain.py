"""The plan read as one chain, and its length on paper: the checks on a case that need the whole plan.

Every root cause needs an action that fixed it and a measure that keeps it fixed; every action must say
which cause it fixed (a reviewer reads cause -> fix -> prevention). And the plan must fit its page
budget as the Word file lays it out (two pages for one reason: reviewers skim).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from poa.case.catalog import load_catalog, load_marketplaces

if TYPE_CHECKING:
    from poa.case.model import Case

# The checker's own finding builder, passed in: check.py calls this module, so it cannot import check.py.
# It takes (rule id, section, where, excerpt=..., **message fields) and returns a Finding.
MakeFinding = Callable[..., Any]
_PAPER_NAMES = {"a4": {"en": "A4", "zh": "A4"}, "letter": {"en": "Letter", "zh": "Letter"}}


def chain_findings(case: Case, *, today: dt.date, finding: MakeFinding, settings: Any) -> list[Any]:
    """The chain rules for every reason, then the page budget (settings: the rule book's settings)."""
    return [*_chain(case, finding), *_page_budget(case, today, finding, settings)]


def _chain(case: Case, _finding: MakeFinding) -> list[Any]:
    catalog = load_catalog()
    findings = []
    for reason_id in case.reasons:
        plan = case.plans[reason_id]
        label = catalog[reason_id].label.model_dump()
        fixed = {n for action in plan.corrective_actions for n in plan.cause_numbers(action.addresses)}
        kept = {n for measure in plan.preventive_measures for n in plan.cause_numbers(measure.addresses)}
        for number in range(1, len(plan.root_causes) + 1):
            where = f"{reason_id}, root cause {number}"
            excerpt = _short(plan.root_causes[number - 1].text)
            if number not in fixed:
                findings.append(
                    _finding("cause-no-action", "root_causes", where, excerpt=excerpt, reason=label, number=number)
                )
            if number not in kept:
                findings.append(
                    _finding("cause-no-measure", "root_causes", where, excerpt=excerpt, reason=label, number=number)
                )
        for number, action in enumerate(plan.corrective_actions, 1):
            if not action.addresses:
                findings.append(
                    _finding(
                        "action-unlinked",
                        "corrective_actions",
                        f"{reason_id}, action {number}",
                        excerpt=_short(action.text),
                        reason=label,
                        number=number,
                    )
                )
        for number, measure in enumerate(plan.preventive_measures, 1):
            if not measure.addresses:
                findings.append(
                    _finding(
                        "measure-unlinked",
                        "preventive_measures",
                        f"{reason_id}, measure {number}",
                        excerpt=_short(measure.text),
                        reason=label,
                        number=number,
                    )
                )
    return findings


def page_budget(case: Case, settings: Any) -> int:
    """Pages the plan may take: the budget for one reason, and more for each further reason."""
    return settings.page_budget + settings.page_budget_per_extra_reason * (len(case.reasons) - 1)


def _page_budget(case: Case, today: dt.date, _finding: MakeFinding, settings: Any) -> list[Any]:
    from poa.plan.layout import estimate_pages
    from poa.plan.render import render_markdown

    paper = load_marketplaces()[case.marketplace].paper
    pages = estimate_pages(render_markdown(case, today=today), paper)
    budget = page_budget(case, settings)
    if pages <= budget:
        return []
    return [
        _finding(
            "over-page-budget",
            "whole plan",
            "whole plan",
            pages=f"{pages:.1f}",
            paper=_PAPER_NAMES[paper],
            budget=budget,
        )
    ]


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
