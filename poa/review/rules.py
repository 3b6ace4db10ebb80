"""The checker's rule book: poa/data/check_rules.yaml loaded into typed rules, and their matchers.

Every rule's wording, word list and threshold is data; this module validates it once and compiles
each text rule's phrases and patterns into one regular expression.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from poa.case.catalog import DATA_DIR, Bilingual, _cached, _load_yaml
from poa.errors import PoaError
from poa.plan.render import SECTIONS

RULES_PATH = DATA_DIR / "check_rules.yaml"
Severity = Literal["error", "warning"]
LANGS = ("en", "zh")
# The order findings are shown in; "whole plan" and "form" concern the plan as a whole.
SECTION_ORDER = ("whole plan", "form", *SECTIONS, "other")
PLAN_PARTS = ("root_causes", "corrective_actions", "preventive_measures")
# Rules checked by code; every other rule is a text rule driven by its phrases and patterns.
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
    # poa/review/chain.py
    "cause-no-action",
    "cause-no-measure",
    "action-unlinked",
    "measure-unlinked",
    "over-page-budget",
)

# A repeated group or a back-reference is how a regular expression becomes slow on some input.
_UNSAFE_PATTERN = re.compile(r"\)[*+{]|\\[1-9]|\(\?P=")
_TERM = re.compile(r"\{([a-z_]+)\}")
_SPACES = re.compile(r"\s+")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})


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
    page_budget: int = Field(gt=0)
    page_budget_per_extra_reason: int = Field(ge=0)
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


def part_names() -> dict[str, dict[str, str]]:
    """Each section's label in both languages, for messages that name a section."""
    labels = load_rules().section_labels
    return {part: labels[part].model_dump() for part in SECTION_ORDER}


def normalise(text: str) -> str:
    """Straight quotes and single spaces, so that word lists need not spell every variant."""
    return _SPACES.sub(" ", text.translate(_QUOTES)).strip()


# --- matchers -------------------------------------------------------------------------------------


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


def alternation(phrases: Iterable[str], patterns: Iterable[str] = (), terms: Any = None, *, case: bool = False):
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
class Matcher:
    rule: Rule
    search: re.Pattern[str]
    unless: re.Pattern[str] | None


@cache
def matchers() -> tuple[Matcher, ...]:
    book = load_rules()
    return tuple(
        Matcher(
            rule,
            alternation(rule.phrases, rule.patterns, rule.terms, case=rule.case_sensitive),
            alternation(rule.unless),
        )
        for rule in book.rules
        if rule.is_text_rule
    )


@cache
def specific() -> re.Pattern[str]:
    """A number, a role or a frequency: what turns a vague sentence into a checkable one."""
    settings = load_rules().settings
    words = alternation((*settings.role_words, *settings.frequency_words))
    assert words is not None
    return re.compile(rf"\d|{words.pattern}", re.IGNORECASE)


@cache
def has_role() -> re.Pattern[str]:
    pattern = alternation(load_rules().settings.role_words)
    assert pattern is not None
    return pattern


@cache
def has_frequency() -> re.Pattern[str]:
    pattern = alternation(load_rules().settings.frequency_words)
    assert pattern is not None
    return re.compile(rf"\d|{pattern.pattern}", re.IGNORECASE)
