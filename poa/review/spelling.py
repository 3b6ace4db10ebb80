"""US spelling in a plan for a marketplace that writes British English (amazon.co.uk and Europe).

The plan's own words are respelt by the catalogue (poa/data/english.yaml); what the seller typed is
never changed, so the checker points it out instead, with the marketplace's spelling beside it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from poa.case.catalog import EnglishVariety
from poa.review.findings import Finding, make_finding
from poa.review.wording import Item

_LATIN_WORD = re.compile(r"[A-Za-z]+")


def spelling_findings(items: Iterable[Item], english: EnglishVariety) -> list[Finding]:
    """One warning per item that uses US words or Seller Central's US names, listing each once."""
    if not english.spelling and not english.names:
        return []
    findings = []
    for item in items:
        changes = _changes(item.text, english)
        if changes:
            listed = ", ".join(f"{us} → {local}" for us, local in changes)
            findings.append(
                make_finding(
                    "us-spelling",
                    item.section,
                    item.where,
                    excerpt=listed,
                    at=item.field,
                    words=listed,
                    variety=english.id,
                )
            )
    return findings


def _changes(text: str, english: EnglishVariety) -> list[tuple[str, str]]:
    found: dict[str, str] = {}
    for us, local in english.names.items():
        if us in text:
            found.setdefault(us, local)
    for word in _LATIN_WORD.findall(text):
        local = english.spelling.get(word.lower())
        if local is not None:
            found.setdefault(word, english.localise(word))
    return list(found.items())
