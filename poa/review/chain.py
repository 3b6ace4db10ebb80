"""The plan read as one chain, and its length on paper: the checks on a case that need the whole plan.

Every root cause needs an action that fixed it and a measure that keeps it fixed; every action must say
which cause it fixed (a reviewer reads cause -> fix -> prevention). And the plan must fit its page
budget as the Word file lays it out (two pages for one reason: reviewers skim).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from poa.case.catalog import load_catalog, load_marketplaces
from poa.review.findings import Finding, item_path, make_finding, short
from poa.review.rules import Settings, load_rules

if TYPE_CHECKING:
    from poa.case.model import Case

_PAPER_NAMES = {"a4": {"en": "A4", "zh": "A4"}, "letter": {"en": "Letter", "zh": "Letter"}}


def chain_findings(case: Case, *, today: dt.date) -> list[Finding]:
    """The chain rules for every reason, then the page budget."""
    return [*_chain(case), *_page_budget(case, today)]


def _chain(case: Case) -> list[Finding]:
    catalog = load_catalog()
    findings = []
    for reason_id in case.reasons:
        plan = case.plans[reason_id]
        label = catalog[reason_id].label.model_dump()
        fixed = {n for action in plan.corrective_actions for n in plan.cause_numbers(action.addresses)}
        kept = {n for measure in plan.preventive_measures for n in plan.cause_numbers(measure.addresses)}
        for number in range(1, len(plan.root_causes) + 1):
            where = f"{reason_id}, root cause {number}"
            excerpt = short(plan.root_causes[number - 1].text, 80)
            # The fix offered: the root causes the first action (or measure) addresses.
            if number not in fixed:
                at = item_path(reason_id, "corrective_actions", 0, "addresses")
                findings.append(
                    make_finding(
                        "cause-no-action", "root_causes", where, excerpt=excerpt, at=at, reason=label, number=number
                    )
                )
            if number not in kept:
                at = item_path(reason_id, "preventive_measures", 0, "addresses")
                findings.append(
                    make_finding(
                        "cause-no-measure", "root_causes", where, excerpt=excerpt, at=at, reason=label, number=number
                    )
                )
        linked = (
            ("action-unlinked", "corrective_actions", "action", plan.corrective_actions),
            ("measure-unlinked", "preventive_measures", "measure", plan.preventive_measures),
        )
        for rule, section, noun, items in linked:
            for number, item in enumerate(items, 1):
                if not item.addresses:
                    findings.append(
                        make_finding(
                            rule,
                            section,
                            f"{reason_id}, {noun} {number}",
                            excerpt=short(item.text, 80),
                            at=item_path(reason_id, section, number - 1, "addresses"),
                            reason=label,
                            number=number,
                        )
                    )
    return findings


def page_budget(case: Case, settings: Settings | None = None) -> int:
    """Pages the plan may take: the budget for one reason, and more for each further reason."""
    settings = settings or load_rules().settings
    return settings.page_budget + settings.page_budget_per_extra_reason * (len(case.reasons) - 1)


def _page_budget(case: Case, today: dt.date) -> list[Finding]:
    from poa.plan.layout import estimate_pages
    from poa.plan.render import render_markdown

    paper = load_marketplaces()[case.marketplace].paper
    pages = estimate_pages(render_markdown(case, today=today), paper)
    budget = page_budget(case)
    if pages <= budget:
        return []
    return [
        make_finding(
            "over-page-budget",
            "whole plan",
            "whole plan",
            pages=f"{pages:.1f}",
            paper=_PAPER_NAMES[paper],
            budget=budget,
        )
    ]
