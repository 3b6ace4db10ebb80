"""The checker's rule book: poa/data/check_rules.yaml loaded into typed rules, and their matchers.

Every rule's wording, word list and threshold is data; this module validates it once and compiles
each text rule's phrases and patterns into one regular expression.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from poa.case.catalog import DATA_DIR, Bilingual, load_validated
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
    "sections-inferred",
    "plan-after-deadline",
    "name-not-in-latin",
    # poa/review/spelling.py
    "us-spelling",
)

# A repeated group or a back-reference is how a regular expression becomes slow on some input.
_UNSAFE_PATTERN = re.compile(r"\)[*+{]|\\[1-9]|\(\?P=")
TERM = re.compile(r"\{([a-z_]+)\}")
SPACES = re.compile(r"\s+")
# Han, kana and hangul: the scripts a reviewer of a marketplace in another language cannot read.
CJK_CHARS = "[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]"
QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


def _safe(patterns: tuple[str, ...]) -> tuple[str, ...]:
    for pattern in patterns:
        if _UNSAFE_PATTERN.search(pattern):
            raise ValueError(f"pattern {pattern!r} repeats a group or refers back; keep patterns simple")
        try:
            re.compile(pattern)
        except re.error as error:
            raise ValueError(f"pattern {pattern!r} is not a regular expression ({error})") from None
    return patterns


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
    # A match is no finding when one of these comes before it in its sentence ("so that ... will").
    not_after: tuple[str, ...] = ()
    in_headings: bool = False  # also read the draft's headings (placeholders hide there too)
    # Reported once for the whole plan, and only from this many matches: a template shows in its sum.
    once: bool = False
    min_matches: int = Field(default=1, ge=1)

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
        return _safe(patterns)

    @model_validator(mode="after")
    def _terms_defined(self) -> Rule:
        for phrase in self.phrases:
            for name in TERM.findall(phrase):
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
    automation_words: tuple[str, ...] = ()
    frequency_words: tuple[str, ...] = Field(min_length=1)
    language_names: dict[str, Bilingual]
    vague_owners: tuple[str, ...]
    vague_frequencies: tuple[str, ...]
    sign_off_phrases: tuple[str, ...] = ()


class HeadingCues(_Data):
    """The words that say a heading is about a section: its own names, then looser phrases."""

    names: tuple[str, ...] = Field(min_length=1)
    phrases: tuple[str, ...] = ()


class SentenceCues(_Data):
    """The words that say a sentence of a draft without headings belongs to a plan part."""

    phrases: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()

    @field_validator("patterns")
    @classmethod
    def _safe_patterns(cls, patterns: tuple[str, ...]) -> tuple[str, ...]:
        return _safe(patterns)


class RuleBook(_Data):
    settings: Settings
    section_labels: dict[str, Bilingual]
    draft_headings: dict[str, HeadingCues]
    heading_lead_ins: tuple[str, ...] = ()
    heading_openers: tuple[str, ...] = ()
    draft_sentences: dict[str, SentenceCues]
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
        for section in self.draft_sentences:
            if section not in PLAN_PARTS:
                raise ValueError(f"draft_sentences.{section}: not a part of the plan ({', '.join(PLAN_PARTS)})")
        return self

    def rule(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)


@cache
def load_rules(path: Path = RULES_PATH) -> RuleBook:
    return load_validated(path, RuleBook)


def part_names() -> dict[str, dict[str, str]]:
    """Each section's label in both languages, for messages that name a section."""
    labels = load_rules().section_labels
    return {part: labels[part].model_dump() for part in SECTION_ORDER}


_CURLY = re.compile("[’‘“”]")


def normalise(text: str) -> str:
    """Straight quotes and single spaces, so that word lists need not spell every variant."""
    if not text.isascii() and _CURLY.search(text) is not None:  # translating every character costs
        text = text.translate(QUOTES)
    if "  " in text or not text.isprintable():  # tabs, line breaks and other spaces are not printable
        text = SPACES.sub(" ", text)
    return text.strip()
