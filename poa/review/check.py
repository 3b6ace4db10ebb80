"""The appeal checker: a case or a draft in, findings out, the way a strict reviewer would read it.

Every rule's wording, word list and threshold is data (poa/data/check_rules.yaml, see rules.py);
the checks live beside it: wording.py (text rules on every item), case_checks.py (what needs the
case), sections.py (the sections of a draft). This module puts them together.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from poa.case.catalog import english_of, load_english, load_marketplaces
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
from poa.review.matching import measure_gaps
from poa.review.rounds import round_findings
from poa.review.rules import LANGS, PLAN_PARTS, load_rules, normalise, part_names
from poa.review.sections import clean_markup, draft_parts, infer_missing, infer_sections, named_parts, sentence_section
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
    from poa.review.spelling import spelling_findings

    language = load_marketplaces()[case.marketplace].language
    items = case_checks.case_items(case)
    findings = [
        *case_checks.reason_coverage(case),
        *case_checks.asin_coverage(case),
        *case_checks.action_dates(case, today),
        *check_invoices(case),
        *case_checks.measure_owners(case),
        *text_findings(items, language=language),
        *spelling_findings(items, english_of(case.marketplace)),
        *round_findings(case),
    ]
    sections = render_sections(case, today=today, form=True)
    findings += paragraph_findings(case_checks.rendered_paragraphs(sections))
    plain = case_checks.plain_text("\n\n".join(sections.values()))
    findings += case_checks.resubmission(case, plain)
    findings += chain_findings(case, today=today)  # the chain rules and the page budget
    findings += case_checks.form_limits(case, today, form_limits, sections)
    findings += case_checks.plan_deadline(case, today)
    return sort_findings(findings)


def check_draft(
    text: str, *, marketplace_language: str = "en", english: str = "en-US", paragraph_per_line: bool = False
) -> list[Finding]:
    """Everything wrong with a plan written elsewhere (Markdown, plain text, or a Word file's text).

    english: the variety the marketplace writes (en-GB: US spelling is pointed out).
    paragraph_per_line: every line is its own paragraph (text taken from a .docx), rather than
    paragraphs separated by blank lines as in Markdown and plain text.
    """
    from poa.review.spelling import spelling_findings

    parts = draft_parts(text, paragraph_per_line=paragraph_per_line)
    unit = "paragraph" if paragraph_per_line else "line"
    points = [
        Item(part.section, f"{unit} {part.line}", clean_markup(" ".join(part.lines)), listed=part.listed)
        for part in parts
        if not part.heading
    ]
    headings = [
        Item(part.section, f"{unit} {part.line}", clean_markup(part.lines[0]), heading=True)
        for part in parts
        if part.heading
    ]
    names = part_names()
    findings: list[Finding] = []
    read, found = points, named_parts(points)
    if len(found) < len(PLAN_PARTS):
        # No heading for a part: read its sentences (all of them when the draft has no headings).
        read = infer_missing(points, set(PLAN_PARTS) - found) if found else infer_sections(points)
        inferred = [part for part in PLAN_PARTS if part in named_parts(read) and part not in found]
        found = named_parts(read)
        if inferred:
            listed = {lang: _listing([names[part][lang] for part in inferred], lang) for lang in LANGS}
            findings.append(make_finding("sections-inferred", "whole plan", "whole plan", parts=listed))
    findings += [
        make_finding("missing-section", "whole plan", "whole plan", part=names[part])
        for part in PLAN_PARTS
        if part not in found
    ]
    findings += _unique(text_findings([*headings, *read], language=marketplace_language))
    findings += spelling_findings(read, load_english()[english])
    findings += paragraph_findings(points)
    findings += _draft_measures([item for item in read if item.section == "preventive_measures"])
    findings += length_findings("\n".join(point.text for point in points))
    return sort_findings(findings)


def _listing(words: list[str], lang: str) -> str:
    if lang == "zh":
        return "、".join(words)
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _unique(findings: list[Finding]) -> list[Finding]:
    """One finding of a rule in one place: sentences of one paragraph share its place."""
    seen: set[tuple[str, str]] = set()
    kept = []
    for finding in findings:
        if (finding.rule, finding.where) not in seen:
            seen.add((finding.rule, finding.where))
            kept.append(finding)
    return kept


def _draft_measures(measures: list[Item]) -> list[Finding]:
    """Each point of the preventive section must name who and how often. Where the section is a
    list, only its list items are measures; the paragraphs around them are introduction or sign-off."""
    if any(point.listed for point in measures):
        measures = [point for point in measures if point.listed]
    else:  # paragraphs: the first is a measure; after it, only what reads as one (not a closing remark)
        measures = [p for i, p in enumerate(measures) if not i or sentence_section(p.text)[0] == "preventive_measures"]
    findings = []
    seen: set[str] = set()
    for point in measures:
        text, lowered, tokens = point.read or (normalise(point.text), None, None)
        no_owner, no_frequency, sign_off = measure_gaps(text, lowered, tokens)
        if (no_owner or no_frequency) and not sign_off and point.where not in seen:
            seen.add(point.where)
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
