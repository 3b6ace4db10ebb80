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
from poa.review.matching import Matcher, is_specific, matchers, prefilter, tokens_of
from poa.review.rules import CJK_CHARS, load_rules, normalise
from poa.review.scripts import SCRIPT_NAMES, foreign_script

CJK = re.compile(CJK_CHARS + "+")
WORD = re.compile(r"[^\W\d_](?:[\w'’-]*\w)?|\d[\d,.]*")
# Marks that stand alone between spaces in plans ("-", "|", "&") and are not words.
_LONE_MARKS = frozenset("-–—|&/•·+=")


@dataclass(slots=True)  # not frozen: a draft makes one for every paragraph, and frozen ones cost to make
class Item:
    """A piece of the plan a reviewer reads as one point: a root cause, an action, a paragraph."""

    section: str
    where: str
    text: str
    heading: bool = False  # a draft's heading: only rules marked in_headings read it
    listed: bool = False  # a list item (a draft's numbered or bulleted point)
    # A name (legal name, signer): Chinese in it is a warning, not an error. None: a draft's line,
    # which is taken for the signer's name when it is a few Chinese characters alone near the end.
    name: bool | None = None
    # The text as the rules read it (normalised, lower case, its words), kept once they have read it.
    read: tuple[str, str, set[bytes]] | None = None
    # The answer it comes from, in the answers file's shape (a case's item); "" for a draft's line.
    field: str = ""


# Chinese in parentheses after a name in Latin letters is the name as registered:
# "Shenzhen Hengtai Trading Co., Ltd. (深圳恒泰贸易有限公司)".
_NAME_IN_PARENTHESES = re.compile(r"(?:(?<=[A-Za-z.,)] )|(?<=[A-Za-z.,)]))[(（][^()（）。，！？]{1,40}[)）]")
# ... and a name in Chinese with its Latin letters in parentheses: "李明 (Li Ming)".
_NAME_BEFORE_LATIN = re.compile(CJK_CHARS + r"{1,6}(?= ?[(（][A-Za-z][A-Za-z .'-]{0,40}[)）])")
_NAME_ONLY = re.compile(CJK_CHARS + r"{2,6}|" + CJK_CHARS + r"{1,3}[·・]" + CJK_CHARS + r"{1,4}")
# Sections where a line of Chinese characters alone is the signer's name.
_NAME_SECTIONS = ("closing", "other", "header")
# How far back a not_after phrase may stand from the match it excuses.
_NOT_AFTER_REACH = 120
_CLAUSE_END = re.compile(r"[.;!?。；！？]")


def _first_match(matcher: Matcher, text: str, spans: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The first span that no not_after phrase earlier in its sentence excuses."""
    for start, end in spans:
        if matcher.not_after is None:
            return start, end
        reach = max(0, start - _NOT_AFTER_REACH)
        ends = list(_CLAUSE_END.finditer(text, reach, start))
        reach = ends[-1].end() if ends else reach
        if matcher.not_after.search(text, reach, start) is None:
            return start, end
    return None


def _foreign_script(item: Item, text: str, foreign: re.Pattern[str]) -> tuple[str, re.Match[str], str] | None:
    """Letters the marketplace's reviewers cannot read: the rule, where, and which script.

    For Chinese, Japanese or Korean, a registered name's original in parentheses is fine, and a name
    written only in those scripts is a warning (the reviewer cannot read it, but it is not the plan's text).
    """
    rest = text
    if CJK.search(text):
        latin = re.search("[A-Za-z]", _NAME_IN_PARENTHESES.sub("", text)) is not None
        rest = _NAME_IN_PARENTHESES.sub(lambda m: " " * len(m[0]), text) if latin else text
        rest = _NAME_BEFORE_LATIN.sub(lambda m: " " * len(m[0]), rest)
    found = foreign.search(rest)
    if found is None:
        return None
    script = found.lastgroup or "cjk"
    if script != "cjk":
        return "wrong-language", found, script
    name = item.name
    if name is None:
        name = item.section in _NAME_SECTIONS and _NAME_ONLY.fullmatch(text) is not None
    return ("name-not-in-latin" if name else "wrong-language"), found, script


def text_findings(items: Iterable[Item], *, language: str) -> list[Finding]:
    settings = load_rules().settings
    foreign = foreign_script(language)
    names = settings.language_names.get(language)
    language_name: Param = names.model_dump() if names else language
    findings = []
    once: dict[str, list[tuple[Item, str, tuple[int, int]]]] = {}
    every = matchers()
    in_headings = {index: None for index, matcher in enumerate(every) if matcher.rule.in_headings}
    for item in items:
        text = normalise(item.text)
        if not text:
            continue
        lowered = text.lower()
        tokens = tokens_of(lowered)
        item.read = (text, lowered, tokens)
        chosen = in_headings if item.heading else prefilter(item.section).candidates(lowered, tokens)
        for index, entries in chosen.items():
            matcher = every[index]
            rule = matcher.rule
            spans = matcher.phrases.find(
                text, lowered, tokens, entries=entries, every=rule.once or matcher.not_after is not None
            )
            span = _first_match(matcher, text, spans)
            if span is None:
                continue
            if matcher.unless is not None and matcher.unless.search(text):
                continue
            if rule.unless_specific and is_specific(text):
                continue
            if rule.once:
                once.setdefault(rule.id, []).extend((item, text, each) for each in spans)
                continue
            start, end = span
            excerpt = excerpt_around(text, start, end)
            findings.append(
                make_finding(
                    rule.id, item.section, item.where, excerpt=excerpt, at=item.field, match=short(text[start:end])
                )
            )
        script = _foreign_script(item, text, foreign) if foreign and not text.isascii() else None
        if script is not None:
            rule_id, found, name = script
            excerpt = excerpt_around(text, found.start(), found.end(), context=20)
            findings.append(
                make_finding(
                    rule_id,
                    item.section,
                    item.where,
                    excerpt=excerpt,
                    at=item.field,
                    match=short(found[0], 20),
                    language=language_name,
                    script=SCRIPT_NAMES[name],
                )
            )
    findings += _once_findings(once)
    return findings


def _once_findings(hits: dict[str, list[tuple[Item, str, tuple[int, int]]]]) -> list[Finding]:
    """One finding for each rule that speaks of the plan as a whole, when it matched often enough."""
    findings = []
    for rule_id, matches in hits.items():
        distinct = {text[start:end].lower() for _, text, (start, end) in matches}
        if len(distinct) < load_rules().rule(rule_id).min_matches:
            continue
        item, text, (start, end) = matches[0]
        excerpt = excerpt_around(text, start, end)
        findings.append(
            make_finding(
                rule_id, "whole plan", item.where, excerpt=excerpt, match=short(text[start:end]), count=len(distinct)
            )
        )
    return findings


def check_item(text: str, section: str, *, language: str = "en") -> list[Finding]:
    """The text rules on one item as the seller types it (the wizard flags a promise on the spot)."""
    return text_findings([Item(section, "", text)], language=language)


def count_words(text: str) -> int:
    """Words as Word counts them: what stands between spaces, except a dash, bar or ampersand alone;
    each Chinese, Japanese or Korean character counts as one."""
    cjk = 0
    if not text.isascii() and CJK.search(text) is not None:
        cjk = sum(len(run) for run in CJK.findall(text))
        text = CJK.sub(" ", text)
    pieces = text.split()
    return len(pieces) - sum(map(_LONE_MARKS.__contains__, pieces)) + cjk


def paragraph_findings(paragraphs: Iterable[Item]) -> list[Finding]:
    limit = load_rules().settings.paragraph_max_words
    findings = []
    for paragraph in paragraphs:
        if len(paragraph.text) <= 2 * limit:
            continue  # too short to hold more words than the limit: a word and a space each
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
