"""The appeal checker: a case or a draft in, findings out, the way a strict reviewer would read it.

Every rule's wording, word list and threshold is data (poa/data/check_rules.yaml, see rules.py);
the checks live beside it: wording.py (text rules on every item), case_checks.py (what needs the
case), sections.py (the sections of a draft). This module puts them together.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from poa.case.catalog import load_marketplaces
from poa.review import case_checks
from poa.review.chain import chain_findings
from poa.review.findings import (
    Finding,
    counts,
    findings_json,
    format_findings,
    make_finding,
    missing_param,
    short,
    sort_findings,
)
from poa.review.rules import PLAN_PARTS, has_frequency, has_role, load_rules, normalise, part_names
from poa.review.sections import DraftPart, clean_markup, draft_parts
from poa.review.wording import Item, check_item, length_findings, paragraph_findings, text_findings

if TYPE_CHECKING:
    from poa.case.model import Case

__all__ = [
    "Finding",
    "check_case",
    "check_draft",
    "check_item",
    "counts",
    "findings_json",
    "format_findings",
    "load_rules",
]


def check_case(case: Case, *, today: dt.date, form_limits: dict[str, int] | None = None) -> list[Finding]:
    """Everything wrong with a case: its structure, its dates and documents, and the plan's wording."""
    from poa.plan.render import render_sections
    from poa.review.invoices import check_invoices

    language = load_marketplaces()[case.marketplace].language
    findings = [
        *case_checks.reason_coverage(case),
        *case_checks.asin_coverage(case),
        *case_checks.action_dates(case, today),
        *check_invoices(case),
        *case_checks.measure_owners(case),
        *text_findings(case_checks.case_items(case), language=language),
    ]
    sections = render_sections(case, today=today, form=True)
    findings += paragraph_findings(case_checks.rendered_paragraphs(sections))
    plain = case_checks.plain_text("\n\n".join(sections.values()))
    findings += case_checks.resubmission(case, plain)
    findings += chain_findings(case, today=today)  # the chain rules and the page budget
    findings += case_checks.form_limits(case, today, form_limits, sections)
    return sort_findings(findings)


def check_draft(text: str, *, marketplace_language: str = "en", paragraph_per_line: bool = False) -> list[Finding]:
    """Everything wrong with a plan written elsewhere (Markdown, plain text, or a Word file's text).

    paragraph_per_line: every line is its own paragraph (text taken from a .docx), rather than
    paragraphs separated by blank lines as in Markdown and plain text.
    """
    parts = draft_parts(text, paragraph_per_line=paragraph_per_line)
    unit = "paragraph" if paragraph_per_line else "line"
    points = [
        Item(part.section, f"{unit} {part.line}", clean_markup(" ".join(part.lines)))
        for part in parts
        if not part.heading
    ]
    names = part_names()
    findings = [
        make_finding("missing-section", "whole plan", "whole plan", part=names[part])
        for part in PLAN_PARTS
        if not any(point.section == part for point in points)
    ]
    findings += text_findings(points, language=marketplace_language)
    findings += paragraph_findings(points)
    findings += _draft_measures(points, parts)
    findings += length_findings("\n".join(point.text for point in points))
    return sort_findings(findings)


def _draft_measures(points: list[Item], parts: list[DraftPart]) -> list[Finding]:
    """Each point of the preventive section must name who and how often. Where the section is a
    list, only its list items are measures; the paragraphs around them are introduction or sign-off."""
    listed = {f"{unit} {part.line}" for unit in ("line", "paragraph") for part in parts if part.listed}
    measures = [point for point in points if point.section == "preventive_measures"]
    if any(point.where in listed for point in measures):
        measures = [point for point in measures if point.where in listed]
    findings = []
    for point in measures:
        text = normalise(point.text)
        no_owner = has_role().search(text) is None
        no_frequency = has_frequency().search(text) is None
        if no_owner or no_frequency:
            findings.append(
                make_finding(
                    "measure-no-owner",
                    point.section,
                    point.where,
                    excerpt=short(text, 80),
                    missing=missing_param(no_owner, no_frequency),
                )
            )
    return findings
