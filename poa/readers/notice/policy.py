"""The policy a notice names, as Amazon writes it ("Seller Code of Conduct", "Drop Shipping Policy", 《...》)."""

from __future__ import annotations

import re

from poa.readers.notice.reasons import footer_start, only_mentioned
from poa.readers.notice.text import MAX_HITS, NoticeText

# A run of capitalised words (with "of", "and", "or" ... between) ending in what policies are called.
_CONNECTOR = r"(?:(?:of|and|or|for|on|the|to|by|in|&) ){0,2}"
_END = r"Policy|Policies|Code of Conduct|Guidelines|Agreement"
_NAME = re.compile(
    r"(?<![A-Za-z])(Section \d{1,2}(?:\.\d{1,2})? of the (?:Amazon Services )?Business Solutions Agreement"
    rf"|(?:(?!{_END}\b)[A-Z][A-Za-z'-]{{0,30}},? {_CONNECTOR}){{0,7}}(?:{_END}))"
    r"(?![A-Za-z])"
)
_LABELLED = re.compile(
    r"(?im)^(?:policy|policy violated|policy violation|violation|policy name|违反政策|政策) ?: ?([^\n|]{3,80})$"
)
_CHINESE = re.compile(r"《([^《》\n]{2,40})》|违反(?:了)?(?:我们的|亚马逊的)?([\u4e00-\u9fff]{2,14}(?:政策|准则|协议))")
_LEADING = re.compile(r"^(?:Amazon's|Our|The|This|These|Your|A|An|Under|See|Read|Violation|Violations)\s", re.I)
# A single capitalised word before "Policy" is often the start of a sentence, not a name ("Our Policy").
_TOO_GENERIC = {"policy", "policies", "guidelines", "agreement", "program policies", "selling policies"}


def policy_name(notice: NoticeText) -> str | None:
    """The first policy named where the notice says why (not in a pointer to a help page or the footer)."""
    footer = footer_start(notice)
    candidates: list[tuple[int, str]] = []
    for pattern in (_LABELLED, _NAME, _CHINESE):
        for index, match in enumerate(pattern.finditer(notice.text)):
            if index >= MAX_HITS:
                break
            name = next(group for group in match.groups() if group)
            start = match.start(match.lastindex or 0)
            while _LEADING.match(name):
                name = _LEADING.sub("", name, count=1)
            if name.casefold() in _TOO_GENERIC or len(name) < 2:
                continue
            if only_mentioned(notice, start, start + len(name), footer):
                continue
            candidates.append((start, name.strip(" ,")))
    return min(candidates)[1] if candidates else None
