"""What a revised plan tells the reviewer it changed since the plan Amazon did not accept.

The facts only (which items are new or revised, which documents are new, what the reply asked for and
what answers it); templates/sections/changes.md.j2 says them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from poa.case.history import answering, changes_since, sent_on

if TYPE_CHECKING:
    from poa.case.catalog import Catalog
    from poa.case.history import ItemChange
    from poa.case.model import Case

# What each ask is answered by: the plan part whose new or revised items answer it.
_PART_OF_ASK = {
    "root_cause": "root_causes",
    "corrective_actions": "corrective_actions",
    "preventive_measures": "preventive_measures",
}
_DOCUMENT_ASKS = ("evidence", "invoices", "letter_of_authorization", "identity_documents")


@dataclass(frozen=True)
class PartChange:
    """One part of one reason's plan: the numbers of its new and its revised items."""

    part: str  # root_causes, corrective_actions or preventive_measures
    reason_label: str
    new: list[int]
    revised: list[int]
    asked: bool  # the reply asked about this part


@dataclass(frozen=True)
class DocumentChange:
    name: str
    date: dt.date | None
    asked: bool  # the reply asked for documents of this kind


@dataclass(frozen=True)
class AsinAnswer:
    """ASINs the reply named, and the new or revised items that now cover them."""

    asins: list[str]
    actions: list[str]  # the actions' numbers, with the reason's name in a plan of several reasons
    documents: list[str]


@dataclass(frozen=True)
class ChangesView:
    since: dt.date  # the date of the plan Amazon did not accept
    reply_date: dt.date | None
    asked: list[str]  # what the reply asked for, as the plan says it ("invoices")
    parts: list[PartChange] = field(default_factory=list)
    documents: list[DocumentChange] = field(default_factory=list)
    asins: list[AsinAnswer] = field(default_factory=list)
    everything_new: bool = False  # no root cause, action or measure of the plan was in the plan sent
    documents_all_new: bool = False  # and no document either: one sentence says it all


def changes_view(case: Case, catalog: Catalog) -> ChangesView | None:
    """The section's facts, or None: no round left unanswered, nothing kept to compare, or nothing changed."""
    round_ = answering(case)
    if round_ is None:
        return None
    changes = changes_since(case, round_)
    if changes is None:
        return None
    reply = round_.reply
    asks = [item.ask for item in reply.asks] if reply else []
    view = ChangesView(
        since=sent_on(round_),
        reply_date=reply.date if reply else None,
        asked=_asked_labels(asks),
        parts=_parts(case, catalog, changes, asks),
        documents=_documents(case, changes, asks),
        asins=_asins(case, catalog, changes, reply.asked("asins") if reply else []),
    )
    plan_items = [c for c in changes if c.part != "evidence"]
    if plan_items and all(c.status == "new" for c in plan_items):
        documents = [c for c in changes if c.part == "evidence"]
        all_new = bool(documents) and all(c.status == "new" for c in documents)
        kept = [] if all_new else view.documents
        view = ChangesView(view.since, view.reply_date, view.asked, [], kept, view.asins, True, all_new)
    if not (view.parts or view.documents or view.everything_new):
        return None  # the checker says what is unchanged; the plan does not announce it
    return view


def _asked_labels(asks: list[str]) -> list[str]:
    from poa.readers.reply import load_reply_rules

    labels = load_reply_rules().ask_labels
    return list(dict.fromkeys(labels[ask].doc for ask in asks))


def _parts(case: Case, catalog: Catalog, changes: list[ItemChange], asks: list[str]) -> list[PartChange]:
    parts = []
    for reason_id in case.reasons:
        for part in _PART_OF_ASK.values():
            mine = [c for c in changes if c.reason_id == reason_id and c.part == part]
            new = [c.index for c in mine if c.status == "new"]
            revised = [c.index for c in mine if c.status == "revised"]
            if new or revised:
                asked = any(_PART_OF_ASK.get(ask) == part for ask in asks)
                parts.append(PartChange(part, catalog[reason_id].label.en, new, revised, asked))
    return parts


def _documents(case: Case, changes: list[ItemChange], asks: list[str]) -> list[DocumentChange]:
    from poa.readers.reply import load_reply_rules

    kinds = {kind for ask in asks if ask in _DOCUMENT_ASKS for kind in load_reply_rules().documents[ask].kinds}
    found = []
    for change in changes:
        if change.part != "evidence" or change.status == "unchanged":
            continue
        item = case.plans[change.reason_id].evidence[change.index - 1]
        found.append(DocumentChange(item.name, item.date, "any" in kinds or item.kind in kinds))
    return found


def _asins(case: Case, catalog: Catalog, changes: list[ItemChange], asked: list) -> list[AsinAnswer]:
    """The ASINs the reply named that new or revised items cover; ASINs covered by the same items together."""
    wanted = list(dict.fromkeys(asin for item in asked for asin in item.asins))
    several = len(case.reasons) > 1
    grouped: dict[tuple[tuple[str, ...], tuple[str, ...]], list[str]] = {}
    for asin in wanted:
        actions, documents = [], []
        for change in changes:
            if change.status == "unchanged":
                continue
            plan = case.plans[change.reason_id]
            if change.part == "corrective_actions":
                action = plan.corrective_actions[change.index - 1]
                if asin in action.asins or asin in action.text.upper():
                    label = catalog[change.reason_id].label.en
                    actions.append(f"{change.index} ({label})" if several else str(change.index))
            elif change.part == "evidence":
                item = plan.evidence[change.index - 1]
                if asin in item.asins or asin in item.name.upper():
                    documents.append(item.name)
        if actions or documents:
            grouped.setdefault((tuple(actions), tuple(documents)), []).append(asin)
    return [AsinAnswer(asins, list(actions), list(documents)) for (actions, documents), asins in grouped.items()]


def and_list(items: list[object]) -> str:
    """ "4", "4 and 5", "4, 5 and 6": numbers and names joined as a sentence joins them."""
    words = [str(item) for item in items]
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]
