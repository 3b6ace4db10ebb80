"""Attachment numbers: every evidence item of the plan numbered once, in the order the plan presents it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from poa.case.model import Case, Evidence


@dataclass(frozen=True)
class Attachment:
    number: int
    reason_id: str  # the reason under which the document first appears
    evidence: Evidence


def numbered_attachments(case: Case) -> list[Attachment]:
    """Evidence items numbered 1, 2, ... reason by reason; the same document under two reasons keeps one number."""
    numbered: list[Attachment] = []
    seen: set[tuple[str, object]] = set()
    for reason_id in case.reasons:
        plan = case.plans.get(reason_id)
        for item in plan.evidence if plan else ():
            key = (item.name.casefold(), item.date)
            if key in seen:
                continue
            seen.add(key)
            numbered.append(Attachment(len(numbered) + 1, reason_id, item))
    return numbered
