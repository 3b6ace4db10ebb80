"""The ASINs a notice names: in lines, lists, tables and links; ISBN-10s only where the line says ASIN or ISBN."""

from __future__ import annotations

import re

from poa.readers.notice.reading import NoticeReading
from poa.readers.notice.text import MAX_HITS, NoticeText

MAX_ASINS = 500  # the case's own limit
_ASIN = re.compile(r"(?<![a-z0-9])b[a-z0-9]{9}(?![a-z0-9])")
_ISBN_LINE = re.compile(r"\b(?:asin|isbn)s?\b[^\n]{0,200}")
_ISBN = re.compile(r"(?<![a-z0-9])[0-9]{9}[0-9x](?![a-z0-9])")


def find_asins(notice: NoticeText, out: NoticeReading) -> list[str]:
    """Every ASIN in the order the notice first names it, at most the case's limit."""
    from poa.case.model import normalise_asin

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
            try:
                found.setdefault(normalise_asin(match.group(0)), match.start())
            except ValueError:
                continue
    asins = sorted(found, key=lambda a: found[a])
    if len(asins) > MAX_ASINS:
        out.warnings.append(f"more than {MAX_ASINS} ASINs; kept the first {MAX_ASINS}")
        asins = asins[:MAX_ASINS]
    return asins
