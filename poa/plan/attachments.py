"""Attachment numbers: every evidence item of the plan numbered once, in the order the plan cites them.

The corrective actions cite the documents that prove them ("see Attachment 2"), reason by reason and
action by action: documents are numbered in that order of first citation, then the documents no action
cites, reason by reason in the order listed. The same document under two reasons keeps one number.
This is the one place attachment numbers come from: the plan, the form blocks and any bundle of the
files all use it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from poa.case.model import Case, Evidence


class Attachment(NamedTuple):
    number: int
    reason_id: str  # the reason under which the document first appears
    evidence: Evidence
    # Every place the document is listed: (reason id, 0-based position in that reason's evidence).
    positions: tuple[tuple[str, int], ...] = ()


def _key(item: Evidence) -> tuple[str, object]:
    return item.name.casefold(), item.date


def _reading_order(case: Case) -> list[tuple[str, int]]:
    """(reason id, evidence position) of every document: cited ones in order of citation, then the rest."""
    order: list[tuple[str, int]] = []
    for reason_id in case.reasons:
        plan = case.plans[reason_id]
        for action in plan.corrective_actions:
            for index in plan.evidence_indexes(action.evidence):
                if (reason_id, index) not in order:
                    order.append((reason_id, index))
    for reason_id in case.reasons:
        for index in range(len(case.plans[reason_id].evidence)):
            if (reason_id, index) not in order:
                order.append((reason_id, index))
    return order


def numbered_attachments(case: Case) -> list[Attachment]:
    """Evidence items numbered 1, 2, ... in the order the plan cites them; a shared document keeps one number."""
    first: dict[tuple[str, object], tuple[str, Evidence]] = {}
    places: dict[tuple[str, object], list[tuple[str, int]]] = {}
    for reason_id, index in _reading_order(case):
        item = case.plans[reason_id].evidence[index]
        key = _key(item)
        first.setdefault(key, (reason_id, item))
        places.setdefault(key, []).append((reason_id, index))
    return [
        Attachment(number, reason_id, item, tuple(places[key]))
        for number, (key, (reason_id, item)) in enumerate(first.items(), 1)
    ]


def attachment_numbers(case: Case) -> dict[tuple[str, int], int]:
    """The attachment number of each (reason id, evidence position), from numbered_attachments."""
    return {place: attachment.number for attachment in numbered_attachments(case) for place in attachment.positions}
