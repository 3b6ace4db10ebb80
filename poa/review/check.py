"""The appeal checker: a case or a draft in, findings out, the way a strict reviewer would read it.

Every rule's wording, word list and threshold is data (poa/data/check_rules.yaml); this module only
knows where to look. Text rules (phrases and patterns) run on each item of the plan with the section
it belongs to, because the same words can be right in one section and wrong in another: "we will
continue to review daily" is a preventive measure, not an action taken.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from poa.case.catalog import DATA_DIR, Bilingual, _cached, _load_yaml, load_catalog, load_marketplaces
from poa.errors import PoaError
from poa.plan.render import SECTIONS

if TYPE_CHECKING:
    from poa.case.model import Case

RULES_PATH = DATA_DIR / "check_rules.yaml"
Severity = Literal["error", "warning"]
LANGS = ("en", "zh")
# The order findings are shown in; "whole plan" and "form" concern the plan as a whole.
SECTION_ORDER = ("whole plan", "form", *SECTIONS, "other")
PLAN_PARTS = ("root_causes", "corrective_actions", "preventive_measures")
# Rules checked by code here; every other rule is a text rule driven by its phrases and patterns.
STRUCTURAL_RULES = (
    "missing-section",
    "reason-uncovered",
    "asin-uncovered",
    "action-in-future",
    "action-before-problem",
    "invoice-too-old",
    "form-over-limit",
    "wrong-language",
    "wall-of-text",
    "too-long",
    "measure-no-owner",
    "resubmission",
)

# A repeated group or a back-reference is how a regular expression becomes slow on some input.
_UNSAFE_PATTERN = re.compile(r"\)[*+{]|\\[1-9]|\(\?P=")
_TERM = re.compile(r"\{([a-z_]+)\}")
_SPACES = re.compile(r"\s+")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})
# Han, kana and hangul: the scripts a reviewer of a marketplace in another language cannot read.
_CJK = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]+")
_WORD = re.compile(r"[^\W\d_](?:[\w'’-]*\w)?|\d[\d,.]*")


# --- the rule book ---------------------------------------------------------------------------------


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Rule(_Data):
    id: str = Field(pattern=r"^[a-z][a-z-]*$")
    severity: Severity
    message: Bilingual
    hint: Bilingual
    sections: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    terms: dict[str, tuple[str, ...]] = {}
    patterns: tuple[str, ...] = ()
    case_sensitive: bool = False
    unless: tuple[str, ...] = ()
    unless_specific: bool = False

    @property
    def is_text_rule(self) -> bool:
        return bool(self.phrases or self.patterns)

    @field_validator("sections")
    @classmethod
    def _known_sections(cls, sections: tuple[str, ...]) -> tuple[str, ...]:
        for section in sections:
            if section not in SECTION_ORDER:
                raise ValueError(f"unknown section {section!r} (known: {', '.join(SECTION_ORDER)})")
        return sections

    @field_validator("patterns")
    @classmethod
    def _safe_patterns(cls, patterns: tuple[str, ...]) -> tuple[str, ...]:
        for pattern in patterns:
            if _UNSAFE_PATTERN.search(pattern):
                raise ValueError(f"pattern {pattern!r} repeats a group or refers back; keep patterns simple")
            try:
                re.compile(pattern)
            except re.error as error:
                raise ValueError(f"pattern {pattern!r} is not a regular expression ({error})") from None
        return patterns

    @model_validator(mode="after")
    def _terms_defined(self) -> Rule:
        for phrase in self.phrases:
            for name in _TERM.findall(phrase):
                if name not in self.terms:
                    raise ValueError(f"phrase {phrase!r} uses {{{name}}} but terms.{name} is not defined")
        return self


class Settings(_Data):
    paragraph_max_words: int = Field(gt=0)
    plan_max_words: int = Field(gt=0)
    reading_words_per_minute: int = Field(gt=0)
    resubmission_shingle_words: int = Field(ge=1, le=10)
    resubmission_similarity: float = Field(gt=0, le=1)
    policy_action_lookback_days: int = Field(ge=0)
    cjk_languages: tuple[str, ...]
    role_words: tuple[str, ...] = Field(min_length=1)
    frequency_words: tuple[str, ...] = Field(min_length=1)
    language_names: dict[str, Bilingual]
    vague_owners: tuple[str, ...]
    vague_frequencies: tuple[str, ...]


class RuleBook(_Data):
    settings: Settings
    section_labels: dict[str, Bilingual]
    draft_headings: dict[str, tuple[str, ...]]
    rules: tuple[Rule, ...]

    @model_validator(mode="after")
    def _complete(self) -> RuleBook:
        ids = [rule.id for rule in self.rules]
        for rule_id in ids:
            if ids.count(rule_id) > 1:
                raise ValueError(f"rule {rule_id!r} is listed twice")
        for rule_id in STRUCTURAL_RULES:
            if rule_id not in ids:
                raise ValueError(f"rule {rule_id!r} is missing")
        for section in SECTION_ORDER:
            if section not in self.section_labels:
                raise ValueError(f"section_labels.{section} is missing")
        for section in self.draft_headings:
            if section not in SECTION_ORDER:
                raise ValueError(f"draft_headings.{section}: unknown section")
        return self

    def rule(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)


@cache
def load_rules(path: Path = RULES_PATH) -> RuleBook:
    def build() -> RuleBook:
        try:
            return RuleBook.model_validate(_load_yaml(path))
        except ValidationError as error:
            first = error.errors()[0]
            where = ".".join(str(part) for part in first["loc"])
            raise PoaError(f"{path}: {where}: {first['msg']} (the package data is damaged; reinstall poa)") from None

    return _cached(path, build)


def _literal_pattern(phrase: str, terms: dict[str, tuple[str, ...]]) -> str:
    """Literal words, one space between; a {term} is any of its entries, longest first."""
    parts = []
    for index, chunk in enumerate(_TERM.split(_SPACES.sub(" ", phrase))):
        if index % 2:
            options = sorted(terms[chunk], key=len, reverse=True)
            parts.append("(?:" + "|".join(re.escape(_SPACES.sub(" ", o.strip())) for o in options) + ")")
        else:
            parts.append(re.escape(chunk.translate(_QUOTES)))
    return "".join(parts)


def _alternation(phrases: Iterable[str], patterns: Iterable[str] = (), terms: Any = None, *, case: bool = False):
    """One expression for a rule's phrases and patterns.

    Phrases that share their word boundaries share one pair of boundary checks, and phrases that
    start with the same {term} share one copy of it: a few alternatives with long tails run many
    times faster than hundreds each with its own checks.
    """
    groups: dict[tuple[bool, bool, str], list[str]] = {}
    for raw in phrases:
        phrase = raw.strip()
        starts = phrase.startswith("{") or bool(re.match(r"\w", phrase))
        ends = phrase.endswith("}") or bool(re.search(r"\w$", phrase))
        lead = _TERM.match(phrase)
        rest = phrase[lead.end() :] if lead else phrase
        groups.setdefault((starts, ends, lead[0] if lead else ""), []).append(_literal_pattern(rest, terms or {}))
    alternatives = [
        ("(?<!\\w)" if starts else "")
        + _literal_pattern(lead, terms or {})
        + "(?:"
        + "|".join(bodies)
        + ")"
        + ("(?!\\w)" if ends else "")
        for (starts, ends, lead), bodies in groups.items()
    ]
    alternatives += list(patterns)
    if not alternatives:
        return None
    return re.compile("|".join(f"(?:{a})" for a in alternatives), 0 if case else re.IGNORECASE)


@dataclass(frozen=True)
class _Matcher:
    rule: Rule
    search: re.Pattern[str]
    unless: re.Pattern[str] | None


@cache
def _matchers() -> tuple[_Matcher, ...]:
    book = load_rules()
    return tuple(
        _Matcher(
            rule,
            _alternation(rule.phrases, rule.patterns, rule.terms, case=rule.case_sensitive),
            _alternation(rule.unless),
        )
        for rule in book.rules
        if rule.is_text_rule
    )


@cache
def _specific() -> re.Pattern[str]:
    """A number, a role or a frequency: what turns a vague sentence into a checkable one."""
    settings = load_rules().settings
    words = _alternation((*settings.role_words, *settings.frequency_words))
    assert words is not None
    return re.compile(rf"\d|{words.pattern}", re.IGNORECASE)


@cache
def _has_role() -> re.Pattern[str]:
    pattern = _alternation(load_rules().settings.role_words)
    assert pattern is not None
    return pattern


@cache
def _has_frequency() -> re.Pattern[str]:
    pattern = _alternation(load_rules().settings.frequency_words)
    assert pattern is not None
    return re.compile(rf"\d|{pattern.pattern}", re.IGNORECASE)


# --- findings --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """One problem: which rule, how serious, where, and what to do, in English and Chinese."""

    rule: str
    severity: Severity
    section: str
    where: str
    message: dict[str, str] = field(hash=False)
    hint: dict[str, str] = field(hash=False)
    excerpt: str = ""

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
        }


Param = str | int | dict[str, str]


def _fill(template: str, params: dict[str, Param], lang: str) -> str:
    values = {key: value[lang] if isinstance(value, dict) else value for key, value in params.items()}
    return template.format_map(values)


def _finding(rule_id: str, section: str, where: str, *, excerpt: str = "", **params: Param) -> Finding:
    rule = load_rules().rule(rule_id)
    return Finding(
        rule=rule.id,
        severity=rule.severity,
        section=section,
        where=where,
        message={lang: _fill(getattr(rule.message, lang), params, lang) for lang in LANGS},
        hint={lang: _fill(getattr(rule.hint, lang), params, lang) for lang in LANGS},
        excerpt=excerpt,
    )


def _sorted(findings: list[Finding]) -> list[Finding]:
    """Errors first, then by section in reading order; the order found within those."""
    order = {section: index for index, section in enumerate(SECTION_ORDER)}
    return sorted(findings, key=lambda f: (f.severity != "error", order.get(f.section, len(order))))


# --- text rules, shared by cases and drafts ---------------------------------------------------------


@dataclass(frozen=True)
class _Item:
    """A piece of the plan a reviewer reads as one point: a root cause, an action, a paragraph."""

    section: str
    where: str
    text: str


def normalise(text: str) -> str:
    """Straight quotes and single spaces, so that word lists need not spell every variant."""
    return _SPACES.sub(" ", text.translate(_QUOTES)).strip()


def _excerpt(text: str, start: int, end: int, context: int = 40) -> str:
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


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _text_findings(items: Iterable[_Item], *, language: str) -> list[Finding]:
    settings = load_rules().settings
    foreign = language not in settings.cjk_languages
    names = settings.language_names.get(language)
    language_name: Param = names.model_dump() if names else language
    findings = []
    for item in items:
        text = normalise(item.text)
        if not text:
            continue
        for matcher in _matchers():
            rule = matcher.rule
            if rule.sections and item.section not in rule.sections:
                continue
            match = matcher.search.search(text)
            if match is None:
                continue
            if matcher.unless is not None and matcher.unless.search(text):
                continue
            if rule.unless_specific and _specific().search(text):
                continue
            excerpt = _excerpt(text, match.start(), match.end())
            findings.append(_finding(rule.id, item.section, item.where, excerpt=excerpt, match=_short(match[0])))
        cjk = _CJK.search(text) if foreign else None
        if cjk is not None:
            excerpt = _excerpt(text, cjk.start(), cjk.end(), context=20)
            findings.append(
                _finding(
                    "wrong-language",
                    item.section,
                    item.where,
                    excerpt=excerpt,
                    match=_short(cjk[0], 20),
                    language=language_name,
                )
            )
    return findings


def check_item(text: str, section: str, *, language: str = "en") -> list[Finding]:
    """The text rules on one item as the seller types it (the wizard flags a promise on the spot)."""
    return _text_findings([_Item(section, "", text)], language=language)


def count_words(text: str) -> int:
    """Words as a reader counts them; each Chinese, Japanese or Korean character counts as one."""
    cjk = sum(len(run) for run in _CJK.findall(text))
    return len(_WORD.findall(_CJK.sub(" ", text))) + cjk


def _paragraph_findings(paragraphs: Iterable[_Item]) -> list[Finding]:
    limit = load_rules().settings.paragraph_max_words
    findings = []
    for paragraph in paragraphs:
        words = count_words(paragraph.text)
        if words > limit:
            excerpt = _short(normalise(paragraph.text), 80)
            findings.append(
                _finding("wall-of-text", paragraph.section, paragraph.where, excerpt=excerpt, words=words, limit=limit)
            )
    return findings


def _length_findings(text: str) -> list[Finding]:
    settings = load_rules().settings
    words = count_words(text)
    if words <= settings.plan_max_words:
        return []
    minutes = math.ceil(words / settings.reading_words_per_minute)
    return [
        _finding(
            "too-long",
            "whole plan",
            "whole plan",
            words=f"{words:,}",
            minutes=minutes,
            limit=f"{settings.plan_max_words:,}",
        )
    ]


def _part_names() -> dict[str, dict[str, str]]:
    labels = load_rules().section_labels
    return {part: labels[part].model_dump() for part in SECTION_ORDER}


# --- a case ---------------------------------------------------------------------------------------


def check_case(case: Case, *, today: dt.date, form_limits: dict[str, int] | None = None) -> list[Finding]:
    """Everything wrong with a case: its structure, its dates and documents, and the plan's wording."""
    from poa.plan.form import form_blocks
    from poa.plan.render import render_sections
    from poa.review.invoices import check_invoices

    catalog = load_catalog()
    marketplace = load_marketplaces()[case.marketplace]
    findings = [
        *_reason_coverage(case),
        *_asin_coverage(case),
        *_action_dates(case, today),
        *check_invoices(case, _finding),
        *_measure_owners(case),
        *_text_findings(_case_items(case, catalog), language=marketplace.language),
    ]
    sections = render_sections(case, today=today)
    findings += _paragraph_findings(_rendered_paragraphs(sections))
    plain = _plain("\n\n".join(sections.values()))
    findings += _length_findings(plain)
    findings += _resubmission(case, plain)
    for block in form_blocks(case, today=today, limits=form_limits, sections=sections):
        if block.over:
            label = next(f.label for f in _form_fields() if f.id == block.field)
            findings.append(
                _finding(
                    "form-over-limit",
                    "form",
                    label.en,
                    field=label.model_dump(),
                    field_id=block.field,
                    count=f"{block.chars:,}",
                    limit=f"{block.limit:,}",
                )
            )
    return _sorted(findings)


def _form_fields():  # -> tuple[poa.plan.form.FormField, ...]
    from poa.plan.form import load_form_fields

    return load_form_fields().fields


def _plain(markdown: str) -> str:
    from poa.plan.text import markdown_to_text

    return markdown_to_text(markdown)


def _case_items(case: Case, catalog: Any) -> list[_Item]:
    """Every answer the seller typed, with the section and item it belongs to."""
    items = [_Item("header", "seller", " ".join(v for v in case.seller.model_dump().values() if v))]
    for reason_id, plan in case.plans.items():
        items += [_Item("root_causes", f"{reason_id}, root cause {i}", t) for i, t in enumerate(plan.root_causes, 1)]
        items += [
            _Item("corrective_actions", f"{reason_id}, action {i}", a.text)
            for i, a in enumerate(plan.corrective_actions, 1)
        ]
        items += [
            _Item("preventive_measures", f"{reason_id}, measure {i}", f"{m.text} {m.owner}. {m.frequency}.")
            for i, m in enumerate(plan.preventive_measures, 1)
        ]
        items += [_Item("evidence", f"{reason_id}, document {i}", e.name) for i, e in enumerate(plan.evidence, 1)]
    return items


def _reason_coverage(case: Case) -> list[Finding]:
    """Each reason answered in full; documents where the catalogue says reviewers expect them.

    The model already requires root causes, actions and measures, so in practice this finds a
    policy reason whose catalogue lists documents but whose plan attaches none.
    """
    catalog = load_catalog()
    parts = _part_names()
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
                _finding("reason-uncovered", part, reason_id, reason=label, part=parts[part], reason_id=reason_id)
            )
    return findings


def _asin_coverage(case: Case) -> list[Finding]:
    """An ASIN under review must appear in an action or a document (in its ASIN list or its text)."""
    named: set[str] = set()
    texts: list[str] = []
    for plan in case.plans.values():
        for item in (*plan.corrective_actions, *plan.evidence):
            named.update(item.asins)
        texts += [a.text for a in plan.corrective_actions] + [e.name for e in plan.evidence]
    words = set(re.findall(r"[A-Z0-9]{10}", " ".join(texts).upper()))
    return [
        _finding("asin-uncovered", "evidence", asin, asin=asin)
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


def _action_dates(case: Case, today: dt.date) -> list[Finding]:
    lookback = load_rules().settings.policy_action_lookback_days
    findings = []
    for reason_id, plan in case.plans.items():
        start = _problem_start(case, reason_id)
        for index, action in enumerate(plan.corrective_actions, 1):
            where = f"{reason_id}, action {index}"
            excerpt = _short(action.text, 80)
            if action.date > today:
                findings.append(
                    _finding(
                        "action-in-future",
                        "corrective_actions",
                        where,
                        excerpt=excerpt,
                        date=action.date.isoformat(),
                        today=today.isoformat(),
                    )
                )
            elif action.date < start:
                findings.append(
                    _finding(
                        "action-before-problem",
                        "corrective_actions",
                        where,
                        excerpt=excerpt,
                        date=action.date.isoformat(),
                        start=start.isoformat(),
                        lookback=lookback,
                    )
                )
    return findings


_MISSING = {
    "owner": {"en": "owner (who does it)", "zh": "负责人"},
    "frequency": {"en": "frequency (how often)", "zh": "执行频率"},
    "both": {"en": "owner or frequency", "zh": "负责人和执行频率"},
}


def _missing_param(no_owner: bool, no_frequency: bool) -> dict[str, str]:
    return _MISSING["both"] if no_owner and no_frequency else _MISSING["owner" if no_owner else "frequency"]


def _measure_owners(case: Case) -> list[Finding]:
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
                    _finding(
                        "measure-no-owner",
                        "preventive_measures",
                        f"{reason_id}, measure {index}",
                        excerpt=f"{measure.owner} / {measure.frequency}",
                        missing=_missing_param(no_owner, no_frequency),
                    )
                )
    return findings


def _rendered_paragraphs(sections: dict[str, str]) -> list[_Item]:
    """The paragraphs and list items of the rendered plan, as the reviewer sees them."""
    from poa.plan.text import inline_text, parse_markdown

    items = []
    for name, markdown in sections.items():
        paragraphs = [node for node in parse_markdown(markdown).walk() if node.type == "paragraph"]
        for index, node in enumerate(paragraphs, 1):
            text = inline_text(node.children[0]) if node.children else ""
            items.append(_Item(name, f"{name.replace('_', ' ')}, paragraph {index}", text))
    return items


def shingles(text: str, size: int) -> set[tuple[str, ...]]:
    words = [w.lower() for w in _WORD.findall(_CJK.sub(lambda m: " ".join(m[0]), text))]
    if len(words) < size:
        return {tuple(words)} if words else set()
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


def similarity(first: str, second: str, size: int = 3) -> float:
    """Jaccard similarity of the two texts' word n-grams: 1.0 for the same words in the same order."""
    a, b = shingles(first, size), shingles(second, size)
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def _resubmission(case: Case, plain: str) -> list[Finding]:
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
                _finding(
                    "resubmission",
                    "whole plan",
                    f"previous appeal {index}",
                    percent=round(score * 100),
                    date=appeal.date.isoformat(),
                    outcome=outcomes[appeal.outcome],
                )
            )
    return findings


# --- a draft --------------------------------------------------------------------------------------

_LIST_MARKER = re.compile(r"^\s*(?:\d{1,3}[.)]|[-*+•·]|[a-zA-Z][.)]) ")
_UNDERLINE = re.compile(r"^\s*(?:=+|-+)\s*$")
_MD_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*)$")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~&])")
_HEADING_NUMBER = re.compile(r"^(?:\d{1,2}[.)]?|[ivx]{1,4}[.)]|part \d{1,2}:?|step \d{1,2}:?)\s+", re.IGNORECASE)


def _is_rule_line(line: str) -> bool:
    """A horizontal rule ("* * *", "---") or a Markdown table's separator row ("| --- | :-: |")."""
    marks = line.replace(" ", "").replace("\t", "")
    if len(marks) >= 3 and len(set(marks)) == 1 and marks[0] in "-*_":
        return True
    return "-" in marks and not set(marks) - set("|:-")


def _clean_markup(line: str) -> str:
    """Markdown emphasis and escapes removed, so rules read the words."""
    return _MD_ESCAPE.sub(r"\1", line.replace("**", "").replace("__", "").replace("*", "").replace("`", ""))


def _heading_section(text: str, book: RuleBook) -> str | None:
    """The section a heading names, if any: the longest keyword it starts with."""
    cleaned = _HEADING_NUMBER.sub("", _clean_markup(text).strip().strip(":：").strip()).lower()
    cleaned = normalise(cleaned).rstrip("?:：")
    best: tuple[int, str] | None = None
    for section, keywords in book.draft_headings.items():
        for keyword in keywords:
            if not cleaned.startswith(keyword):
                continue
            rest = cleaned[len(keyword) :]
            if rest and keyword[-1].isascii() and (rest[0].isalnum()):
                continue  # "evidenced" is not "evidence"
            if best is None or len(keyword) > best[0]:
                best = (len(keyword), section)
    return best[1] if best else None


def _is_plain_heading(line: str) -> bool:
    """A short line without a full stop, such as "Root causes" or "2. Corrective actions taken:"."""
    stripped = _HEADING_NUMBER.sub("", _clean_markup(line).strip())
    return 0 < count_words(stripped) <= 12 and not stripped.endswith((".", "。", ";"))


def _is_subheading(line: str, following: str) -> bool:
    """A title-case line standing alone, such as a reason's name over its list in plain text."""
    if following.strip() or _LIST_MARKER.match(line):
        return False
    words = [word for word in _clean_markup(line).split() if len(word) > 3]
    return bool(words) and all(word[0].isupper() for word in words)


# The level of a heading found by its words alone: below any Markdown heading.
_PLAIN = 7


@dataclass
class _DraftPart:
    section: str
    line: int
    lines: list[str]
    heading: bool = False
    listed: bool = False  # starts with a list marker


def _draft_parts(text: str, *, paragraph_per_line: bool) -> list[_DraftPart]:
    """The draft as headings and points (paragraphs or list items), each with its section and line."""
    book = load_rules()
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    parts: list[_DraftPart] = []
    section, section_level = "other", _PLAIN
    current: _DraftPart | None = None
    for number, raw in enumerate(lines, 1):
        line = raw.rstrip()
        following = lines[number] if number < len(lines) else ""
        if not line.strip():
            current = None
            continue
        if _UNDERLINE.match(line) or _is_rule_line(line):
            current = None
            continue
        heading = _MD_HEADING.match(line)
        setext = bool(following.strip()) and bool(_UNDERLINE.match(following)) and current is None
        if heading or setext or _is_plain_heading(line):
            title = heading.group(2).rstrip("# \t") if heading else line
            named = _heading_section(title, book)
            level = len(heading.group(1)) if heading else (2 if setext else None)
            if named is not None or level is not None or _is_subheading(line, following):
                if named is not None:
                    section, section_level = named, level or _PLAIN
                elif level is not None and level <= section_level:
                    # An unknown heading as high as the section's own ends it; a lower one (a reason's name) does not.
                    section, section_level = "other", level
                parts.append(_DraftPart(section, number, [title], heading=True))
                current = None
                continue
        if current is None or paragraph_per_line or _LIST_MARKER.match(line):
            marker = _LIST_MARKER.match(line)
            current = _DraftPart(section, number, [], listed=marker is not None)
            parts.append(current)
            line = line[marker.end() :] if marker else line  # "1." is numbering, not a number the text names
        current.lines.append(line.strip())
    return parts


def check_draft(text: str, *, marketplace_language: str = "en", paragraph_per_line: bool = False) -> list[Finding]:
    """Everything wrong with a plan written elsewhere (Markdown, plain text, or a Word file's text).

    paragraph_per_line: every line is its own paragraph (text taken from a .docx), rather than
    paragraphs separated by blank lines as in Markdown and plain text.
    """
    parts = _draft_parts(text, paragraph_per_line=paragraph_per_line)
    unit = "paragraph" if paragraph_per_line else "line"
    points = [
        _Item(part.section, f"{unit} {part.line}", _clean_markup(" ".join(part.lines)))
        for part in parts
        if not part.heading
    ]
    names = _part_names()
    findings = [
        _finding("missing-section", "whole plan", "whole plan", part=names[part])
        for part in PLAN_PARTS
        if not any(point.section == part for point in points)
    ]
    findings += _text_findings(points, language=marketplace_language)
    findings += _paragraph_findings(points)
    findings += _draft_measures(points, parts)
    findings += _length_findings("\n".join(point.text for point in points))
    return _sorted(findings)


def _draft_measures(points: list[_Item], parts: list[_DraftPart]) -> list[Finding]:
    """Each point of the preventive section must name who and how often. Where the section is a
    list, only its list items are measures; the paragraphs around them are introduction or sign-off."""
    listed = {f"{unit} {part.line}" for unit in ("line", "paragraph") for part in parts if part.listed}
    measures = [point for point in points if point.section == "preventive_measures"]
    if any(point.where in listed for point in measures):
        measures = [point for point in measures if point.where in listed]
    findings = []
    for point in measures:
        text = normalise(point.text)
        no_owner = _has_role().search(text) is None
        no_frequency = _has_frequency().search(text) is None
        if no_owner or no_frequency:
            findings.append(
                _finding(
                    "measure-no-owner",
                    point.section,
                    point.where,
                    excerpt=_short(text, 80),
                    missing=_missing_param(no_owner, no_frequency),
                )
            )
    return findings


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
