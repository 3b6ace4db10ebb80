"""What a revised plan tells the reviewer it changed since the plan Amazon did not accept.

The facts only (which items are new or revised, which attachments are new, what the reply asked for
and what answers it); templates/sections/changes.md.j2 says them. The views are named tuples, as the
plan's other views are.
"""

import datetime as dt
from typing import TYPE_CHECKING, NamedTuple

from poa.case.history import answering, changes_since, sent_on

if TYPE_CHECKING:
    from poa.case.history import ItemChange
    from poa.case.model import Case, ReplyAsk


class PartChange(NamedTuple):
    """One part of one reason's plan: the numbers of its new and its revised items."""

    part: str  # root_causes, corrective_actions or preventive_measures
    reason_label: str
    new: list[int]
    revised: list[int]
    asked: bool  # the reply asked about this part


class DocumentChange(NamedTuple):
    number: int  # the attachment's number in this plan
    name: str
    date: dt.date | None
    asked: bool  # the reply asked for documents of this kind


class AsinAnswer(NamedTuple):
    """ASINs the reply named, and the new or revised items that now cover them."""

    asins: list[str]
    actions: list[str]  # the actions' numbers, with the reason's name in a plan of several reasons
    attachments: list[int]


class ChangesView(NamedTuple):
    since: dt.date  # the date of the plan Amazon did not accept
    reply_date: dt.date | None
    asked: list[str]  # what the reply asked for, as the plan says it ("invoices")
    parts: list[PartChange]
    documents: list[DocumentChange]
    asins: list[AsinAnswer]
    everything_new: bool = False  # no root cause, action or measure of the plan was in the plan sent
    documents_all_new: bool = False  # and no attachment either: one sentence says it all


def changes_view(case: "Case", labels: dict[str, str], numbers: dict[tuple[str, int], int]) -> "ChangesView | None":
    """The section's facts, or None: no round left unanswered, nothing kept to compare, or nothing changed.

    labels: each reason's name as the plan prints it; numbers: each document's attachment number by
    (reason id, position in its evidence)."""
    round_ = answering(case)
    if round_ is None:
        return None
    changes = changes_since(case, round_)
    if changes is None:
        return None
    reply = round_.reply
    asks = [item.ask for item in reply.asks] if reply else []
    parts = _parts(case, labels, changes, asks)
    documents = _documents(case, changes, asks, numbers)
    plan_items = [c for c in changes if c.part != "evidence"]
    everything_new = bool(plan_items) and all(c.status == "new" for c in plan_items)
    evidence = [c for c in changes if c.part == "evidence"]
    documents_all_new = everything_new and bool(evidence) and all(c.status == "new" for c in evidence)
    if not (parts or documents or everything_new):
        return None  # the checker says what is unchanged; the plan does not announce it
    return ChangesView(
        since=sent_on(round_),
        reply_date=reply.date if reply else None,
        asked=_asked_labels(asks),
        parts=[] if everything_new else parts,
        documents=[] if documents_all_new else documents,
        asins=_asins(case, labels, changes, reply.asked("asins") if reply else [], numbers),
        everything_new=everything_new,
        documents_all_new=documents_all_new,
    )


def _asked_labels(asks: list[str]) -> list[str]:
    from poa.readers.reply import load_reply_rules

    labels = load_reply_rules().ask_labels
    return list(dict.fromkeys(labels[ask].doc for ask in asks))


def _parts(case: "Case", labels: dict[str, str], changes: "list[ItemChange]", asks: list[str]) -> list[PartChange]:
    from poa.case.model import PART_OF_ASK  # the model is loaded with the case; not before a plan is rendered

    parts = []
    for reason_id in case.reasons:
        for part in PART_OF_ASK.values():
            mine = [c for c in changes if c.reason_id == reason_id and c.part == part]
            new = [c.index for c in mine if c.status == "new"]
            revised = [c.index for c in mine if c.status == "revised"]
            if new or revised:
                asked = any(PART_OF_ASK.get(ask) == part for ask in asks)
                parts.append(PartChange(part, labels[reason_id], new, revised, asked))
    return parts


def _documents(
    case: "Case", changes: "list[ItemChange]", asks: list[str], numbers: dict[tuple[str, int], int]
) -> list[DocumentChange]:
    from poa.case.model import DOCUMENT_ASKS
    from poa.readers.reply import load_reply_rules

    kinds = {kind for ask in asks if ask in DOCUMENT_ASKS for kind in load_reply_rules().documents[ask].kinds}
    found: dict[int, DocumentChange] = {}  # a document listed under two reasons is one attachment
    for change in changes:
        if change.part != "evidence" or change.status == "unchanged":
            continue
        item = case.plans[change.reason_id].evidence[change.index - 1]
        number = numbers[(change.reason_id, change.index - 1)]
        found.setdefault(number, DocumentChange(number, item.name, item.date, "any" in kinds or item.kind in kinds))
    return sorted(found.values())


def _asins(
    case: "Case",
    labels: dict[str, str],
    changes: "list[ItemChange]",
    asked: "list[ReplyAsk]",
    numbers: dict[tuple[str, int], int],
) -> list[AsinAnswer]:
    """The ASINs the reply named that new or revised items cover; ASINs covered by the same items together."""
    wanted = list(dict.fromkeys(asin for item in asked for asin in item.asins))
    several = len(case.reasons) > 1
    grouped: dict[tuple[tuple[str, ...], tuple[int, ...]], list[str]] = {}
    for asin in wanted:
        actions: list[str] = []
        attachments: list[int] = []
        for change in changes:
            if change.status == "unchanged":
                continue
            plan = case.plans[change.reason_id]
            if change.part == "corrective_actions":
                action = plan.corrective_actions[change.index - 1]
                if asin in action.asins or asin in action.text.upper():
                    label = labels[change.reason_id]
                    actions.append(f"{change.index} ({label})" if several else str(change.index))
            elif change.part == "evidence":
                item = plan.evidence[change.index - 1]
                number = numbers[(change.reason_id, change.index - 1)]
                if (asin in item.asins or asin in item.name.upper()) and number not in attachments:
                    attachments.append(number)
        if actions or attachments:
            grouped.setdefault((tuple(actions), tuple(sorted(attachments))), []).append(asin)
    return [AsinAnswer(asins, list(actions), list(numbers_)) for (actions, numbers_), asins in grouped.items()]
