"""The ASINs a notice names: in lines, lists, tables and links; ISBN-10s only where the line says ASIN or ISBN."""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import TYPE_CHECKING

from poa.readers.notice.reading import NoticeReading, Said
from poa.readers.notice.text import MAX_HITS, NoticeText

if TYPE_CHECKING:
    from poa.readers.notice.reasons import Hit

MAX_ASINS = 500  # the case's own limit
_ASIN = re.compile(r"(?<![a-z0-9])b[a-z0-9]{9}(?![a-z0-9])")
_ISBN_LINE = re.compile(r"\b(?:asin|isbn)s?\b[^\n]{0,200}")
_ISBN = re.compile(r"(?<![a-z0-9])[0-9]{9}[0-9x](?![a-z0-9])")


def find_asins(notice: NoticeText, out: NoticeReading) -> list[str]:
    """Every ASIN in the order the notice first names it, at most the case's limit."""
    found: dict[str, int] = {}
    for match in _ASIN.finditer(notice.folded):
        candidate = match.group(0)
        if any(ch.isdigit() for ch in candidate):  # "background" is a word, "b08ktz8249" an ASIN
            found.setdefault(candidate.upper(), match.start())
        if len(found) > MAX_ASINS:
            break
    # A book's ASIN is its ISBN-10; only taken where the line says ASIN or ISBN.
    lines = _ISBN_LINE.finditer(notice.folded) if notice.mentions("asin", "isbn") else ()
    for index, line in enumerate(lines):
        if index >= MAX_HITS:
            break
        for match in _ISBN.finditer(notice.folded, line.start(), line.end()):
            from poa.case.model import normalise_asin  # the case model is slow to build: only for an ISBN

            try:
                found.setdefault(normalise_asin(match.group(0)), match.start())
            except ValueError:
                continue
    asins = sorted(found, key=lambda a: found[a])
    if len(asins) > MAX_ASINS:
        out.warnings.append(
            Said(
                f"more than {MAX_ASINS} ASINs; kept the first {MAX_ASINS}",
                f"ASIN 超过 {MAX_ASINS} 个；只保留了前 {MAX_ASINS} 个",
            )
        )
        asins = asins[:MAX_ASINS]
    return asins


# A label after an ASIN that names why it is listed: "(Trademark)", "- Counterfeit", "| 商标侵权".
_TYPE_WORDS = (
    ("trademark", "ip_trademark"),
    ("商标", "ip_trademark"),
    ("copyright", "ip_copyright"),
    ("版权", "ip_copyright"),
    ("著作权", "ip_copyright"),
    ("patent", "ip_patent"),
    ("专利", "ip_patent"),
    ("counterfeit", "inauthentic"),
    ("inauthentic", "inauthentic"),
    ("authenticity", "inauthentic"),
    ("假冒", "inauthentic"),
)
_LABEL_SPAN = 120  # how far after an ASIN its label may stand


def asin_reasons(notice: NoticeText, out: NoticeReading, hits: list[Hit]) -> dict[str, list[str]]:
    """The reasons a list gives ASIN by ASIN ("B0XXXXXXXX (Trademark)"), among the reasons the notice gives.

    An ASIN takes the reasons named on its own line between it and the next ASIN; ASINs listed together
    before one label ("B0A, B0B: Trademark") share it.
    """
    if len(out.reasons) < 1:
        return {}
    by_start = sorted((h for h in hits if h.reason in out.reasons), key=lambda h: h.start)
    starts = [h.start for h in by_start]
    found: dict[str, list[str]] = {}
    waiting: list[str] = []
    previous_line = -1
    places = [(m.start(), m.end(), m.group(0).upper()) for m in _ASIN.finditer(notice.folded)][: MAX_HITS * 3]
    for index, (start, end, asin) in enumerate(places):
        if asin not in out.asins:
            continue
        line_start, line_end = notice.line_start(start), notice.line_end(start)
        if line_start != previous_line:
            waiting, previous_line = [], line_start
        stop = min(line_end, end + _LABEL_SPAN)
        if index + 1 < len(places) and places[index + 1][0] < stop:
            stop = places[index + 1][0]
        reasons = _labels(notice, by_start, starts, end, stop, out.reasons)
        if not reasons:
            waiting.append(asin)
            continue
        for each in [*waiting, asin]:
            listed = found.setdefault(each, [])
            listed.extend(r for r in reasons if r not in listed)
        waiting = []
    return found


def _labels(
    notice: NoticeText, hits: list[Hit], starts: list[int], begin: int, end: int, reported: list[str]
) -> list[str]:
    """The reasons a label names: its names and infringement-type words, else (with neither) its hints."""
    labels: list[tuple[int, str]] = []
    hints: list[tuple[int, str]] = []
    for hit in hits[bisect_left(starts, begin) : bisect_left(starts, end)]:
        (labels if hit.strong else hints).append((hit.start, hit.reason))
    segment = notice.folded[begin:end]
    for word, reason_id in _TYPE_WORDS:
        at = segment.find(word)
        if at >= 0 and reason_id in reported:
            labels.append((begin + at, reason_id))
    return list(dict.fromkeys(reason for _, reason in sorted(labels or hints)))


def asin_labels(notice: NoticeText) -> dict[str, int]:
    """Reasons that a list of ASINs gives as labels ("B0XXXXXXXX (Trademark)"), with where the first stands.

    A label right after an ASIN says why that ASIN is listed: it weighs like a labelled infringement type.
    """
    found: dict[str, int] = {}
    for index, match in enumerate(_ASIN.finditer(notice.folded)):
        if index >= MAX_HITS:
            break
        if not any(ch.isdigit() for ch in match.group(0)):
            continue
        after = notice.folded[match.end() : min(notice.line_end(match.start()), match.end() + 40)]
        label = _LIST_LABEL.match(after)
        if label is None:
            continue
        for word, reason_id in _TYPE_WORDS:
            if word in label.group(1):
                found.setdefault(reason_id, match.start())
    return found


# "(Trademark)", " - Counterfeit", ": 商标侵权", " | Copyright": a short label right after the ASIN.
_LIST_LABEL = re.compile(r" ?(?:\(|-|:|\||–|—) ?([a-z\u4e00-\u9fff][a-z\u4e00-\u9fff ]{1,30})")
