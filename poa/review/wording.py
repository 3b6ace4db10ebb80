"""Text rules shared by cases and drafts: phrases and patterns on each item, paragraph and plan length.

Text rules run on each item of the plan with the section it belongs to, because the same words can
be right in one section and wrong in another: "we will continue to review daily" is a preventive
measure, not an action taken.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

from poa.review.findings import Finding, Param, excerpt_around, make_finding, short
from poa.review.rules import load_rules, matchers, normalise, specific
from poa.review.scripts import SCRIPT_NAMES, foreign_script

# Han, kana and hangul: the scripts a reviewer of a marketplace in another language cannot read.
CJK = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]+")
WORD = re.compile(r"[^\W\d_](?:[\w'’-]*\w)?|\d[\d,.]*")


@dataclass(frozen=True)
class Item:
    """A piece of the plan a reviewer reads as one point: a root cause, an action, a paragraph."""

    section: str
    where: str
    text: str


def text_findings(items: Iterable[Item], *, language: str) -> list[Finding]:
    settings = load_rules().settings
    foreign = foreign_script(language)
    names = settings.language_names.get(language)
    language_name: Param = names.model_dump() if names else language
    findings = []
    for item in items:
        text = normalise(item.text)
        if not text:
            continue
        for matcher in matchers():
            rule = matcher.rule
            if rule.sections and item.section not in rule.sections:
                continue
            match = matcher.search.search(text)
            if match is None:
                continue
            if matcher.unless is not None and matcher.unless.search(text):
                continue
            if rule.unless_specific and specific().search(text):
                continue
            excerpt = excerpt_around(text, match.start(), match.end())
            findings.append(make_finding(rule.id, item.section, item.where, excerpt=excerpt, match=short(match[0])))
        other = foreign.search(text) if foreign else None
        if other is not None:
            excerpt = excerpt_around(text, other.start(), other.end(), context=20)
            findings.append(
                make_finding(
                    "wrong-language",
                    item.section,
                    item.where,
                    excerpt=excerpt,
                    match=short(other[0], 20),
                    language=language_name,
                    script=SCRIPT_NAMES[other.lastgroup or "cjk"],
                )
            )
    return findings


def check_item(text: str, section: str, *, language: str = "en") -> list[Finding]:
    """The text rules on one item as the seller types it (the wizard flags a promise on the spot)."""
    return text_findings([Item(section, "", text)], language=language)


def count_words(text: str) -> int:
    """Words as a reader counts them; each Chinese, Japanese or Korean character counts as one."""
    cjk = sum(len(run) for run in CJK.findall(text))
    return len(WORD.findall(CJK.sub(" ", text))) + cjk


def paragraph_findings(paragraphs: Iterable[Item]) -> list[Finding]:
    limit = load_rules().settings.paragraph_max_words
    findings = []
    for paragraph in paragraphs:
        words = count_words(paragraph.text)
        if words > limit:
            excerpt = short(normalise(paragraph.text), 80)
            findings.append(
                make_finding(
                    "wall-of-text", paragraph.section, paragraph.where, excerpt=excerpt, words=words, limit=limit
                )
            )
    return findings


def length_findings(text: str) -> list[Finding]:
    settings = load_rules().settings
    words = count_words(text)
    if words <= settings.plan_max_words:
        return []
    minutes = math.ceil(words / settings.reading_words_per_minute)
    return [
        make_finding(
            "too-long",
            "whole plan",
            "whole plan",
            words=f"{words:,}",
            minutes=minutes,
            limit=f"{settings.plan_max_words:,}",
        )
    ]
