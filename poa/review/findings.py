"""Findings: what the checker reports, in reviewer's order, for the terminal or for programs."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass

from poa.review.places import place
from poa.review.rules import LANGS, SECTION_ORDER, Severity, load_rules


@dataclass(frozen=True)
class Finding:
    """One problem: which rule, how serious, where, and what to do, in English and Chinese."""

    rule: str
    severity: Severity
    section: str
    where: str
    message: dict[str, str] = dataclasses.field(hash=False)
    hint: dict[str, str] = dataclasses.field(hash=False)
    excerpt: str = ""
    # The answer to change, as a dotted path in the answers file's shape
    # ("plans.late_shipment_rate.corrective_actions.0.date", "seller.signer_name"); "" when the
    # finding is about the plan as a whole.
    field: str = ""

    def message_in(self, lang: str) -> str:
        return self.message.get(lang) or self.message["en"]

    def hint_in(self, lang: str) -> str:
        return self.hint.get(lang) or self.hint["en"]

    def as_dict(self, lang: str) -> dict[str, str]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "section": self.section,
            "where": self.where,
            "message": self.message_in(lang),
            "hint": self.hint_in(lang),
            "excerpt": self.excerpt,
            "field": self.field,
        }


Param = str | int | dict[str, str]


def _fill(template: str, params: dict[str, Param], lang: str) -> str:
    values = {key: value[lang] if isinstance(value, dict) else value for key, value in params.items()}
    return template.format_map(values)


def make_finding(
    rule_id: str, section: str, where: str, *, excerpt: str = "", at: str = "", **params: Param
) -> Finding:
    """A finding of a rule, its message and hint filled in both languages; at: the answer to change."""
    rule = load_rules().rule(rule_id)
    return Finding(
        rule=rule.id,
        severity=rule.severity,
        section=section,
        where=where,
        message={lang: _fill(getattr(rule.message, lang), params, lang) for lang in LANGS},
        hint={lang: _fill(getattr(rule.hint, lang), params, lang) for lang in LANGS},
        excerpt=excerpt,
        field=at,
    )


def item_path(reason_id: str, section: str, index: int, key: str = "") -> str:
    """The answers file's path of a plan item (index from 0) or of one of its fields."""
    return f"plans.{reason_id}.{section}.{index}" + (f".{key}" if key else "")


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Errors first, then by section in reading order; the order found within those."""
    order = {section: index for index, section in enumerate(SECTION_ORDER)}
    return sorted(findings, key=lambda f: (f.severity != "error", order.get(f.section, len(order))))


def excerpt_around(text: str, start: int, end: int, context: int = 40) -> str:
    """The match with some words either side, cut at spaces."""
    left = max(0, start - context)
    right = min(len(text), end + context)
    if left > 0:
        space = text.find(" ", left, start)
        left = space + 1 if space != -1 else left
    if right < len(text):
        space = text.rfind(" ", end, right)
        right = space if space != -1 else right
    return ("…" if left > 0 else "") + text[left:right] + ("…" if right < len(text) else "")


def short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


_MISSING = {
    "owner": {"en": "owner (who does it)", "zh": "负责人"},
    "frequency": {"en": "frequency (how often)", "zh": "执行频率"},
    "both": {"en": "owner or frequency", "zh": "负责人和执行频率"},
}


def missing_param(no_owner: bool, no_frequency: bool) -> dict[str, str]:
    """What a preventive measure lacks, for the measure-no-owner message."""
    return _MISSING["both"] if no_owner and no_frequency else _MISSING["owner" if no_owner else "frequency"]


# --- output ---------------------------------------------------------------------------------------

_WORDS = {
    "en": {"error": "error", "warning": "warning", "fix": "Fix: ", "none": "No problems found."},
    "zh": {"error": "错误", "warning": "警告", "fix": "修改建议：", "none": "未发现问题。"},
}


def counts(findings: list[Finding]) -> tuple[int, int]:
    errors = sum(1 for f in findings if f.severity == "error")
    return errors, len(findings) - errors


def _count_line(findings: list[Finding], lang: str) -> str:
    errors, warnings = counts(findings)
    if lang == "zh":
        return f"{errors} 个错误，{warnings} 个警告。"
    return f"{errors} error{'' if errors == 1 else 's'}, {warnings} warning{'' if warnings == 1 else 's'}."


def format_findings(findings: list[Finding], lang: str) -> str:
    """Findings for the terminal: by section (sections with errors first), errors first within each."""
    lang = lang if lang in LANGS else "en"
    words = _WORDS[lang]
    labels = load_rules().section_labels
    order = {section: index for index, section in enumerate(SECTION_ORDER)}
    groups: dict[str, list[Finding]] = {}
    for finding in findings:
        groups.setdefault(finding.section, []).append(finding)

    def group_key(section: str) -> tuple[bool, int]:
        return (not any(f.severity == "error" for f in groups[section]), order.get(section, len(order)))

    lines: list[str] = []
    for section in sorted(groups, key=group_key):
        label = labels.get(section)
        lines.append(getattr(label, lang) if label is not None else section)
        for finding in sorted(groups[section], key=lambda f: f.severity != "error"):
            if lang == "zh":  # in words: no rule id, the place with the reason's name
                lines.append(f"  {words[finding.severity]}：{place(finding.where, lang)}")
            else:
                lines.append(f"  {words[finding.severity]} [{finding.rule}] {finding.where}")
            lines.append(f"    {finding.message_in(lang)}")
            if finding.excerpt:
                lines.append(f"    > {finding.excerpt}")
            lines.append(f"    {words['fix']}{finding.hint_in(lang)}")
        lines.append("")
    if not findings:
        lines.append(words["none"])
    lines.append(_count_line(findings, lang))
    return "\n".join(lines) + "\n"


def findings_json(findings: list[Finding], lang: str) -> str:
    """Findings for programs: a list of findings and the counts."""
    lang = lang if lang in LANGS else "en"
    errors, warnings = counts(findings)
    data = {
        "findings": [finding.as_dict(lang) for finding in findings],
        "errors": errors,
        "warnings": warnings,
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
