"""The checker on the next round: what a revised plan must change after Amazon's reply.

Rules (wording in poa/data/check_rules.yaml):
- round-unchanged-item: an item copied unchanged from a plan Amazon did not accept, flagged on the item;
- round-ask-unanswered: the reply asked about a part (root cause, actions, measures) and nothing in it is
  new or revised;
- round-asin-unanswered: the reply names an ASIN that no new or revised action or document covers;
- round-documents-missing: the reply asked for documents and the plan attaches none that is new;
- round-ask-other: the reply asks for something poa cannot check, shown so the seller answers it;
- round-final: after a final decision, a new appeal will likely go unanswered; what the seller can still do;
- round-same-plan-date: the revised plan still carries a date from before Amazon's reply.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from poa.case.history import ItemChange, answering, changes_since, sent_on
from poa.case.model import DOCUMENT_ASKS, PART_OF_ASK, PLAN_ASKS
from poa.review.findings import Finding, item_path, make_finding, short

if TYPE_CHECKING:
    from poa.case.model import Case, PreviousAppeal

# How the checker names an item ("inauthentic, root cause 2"), as its other case checks do.
_WHERE = {
    "root_causes": "root cause",
    "corrective_actions": "action",
    "preventive_measures": "measure",
    "evidence": "document",
}
_PART_NAMES = {
    "root_causes": {"en": "root cause", "zh": "根本原因"},
    "corrective_actions": {"en": "corrective action", "zh": "纠正措施"},
    "preventive_measures": {"en": "preventive measure", "zh": "预防措施"},
}


def round_findings(case: Case) -> list[Finding]:
    """Every finding about the case's rounds: copied items, and what the latest reply asked for."""
    findings = _unchanged_items(case)
    latest = answering(case)
    if latest is None or latest.reply is None:
        return findings
    changes = changes_since(case, latest)
    if changes is not None:
        findings += _asks_unanswered(latest, changes)
        findings += _asins_unanswered(case, latest, changes)
        findings += _documents_missing(case, latest, changes)
    findings += _other_asks(latest)
    if latest.reply.kind == "final":
        findings.append(_final(latest))
    findings += _old_plan_date(case, latest)
    return findings


def _old_plan_date(case: Case, round_: PreviousAppeal) -> list[Finding]:
    """A plan written after Amazon's reply is dated after it (a plan without a date takes the day it is rendered)."""
    assert round_.reply is not None
    replied = round_.reply.date or round_.date
    if case.plan_date is None or case.plan_date >= replied:
        return []
    return [
        make_finding(
            "round-same-plan-date",
            "header",
            "plan_date",
            date=case.plan_date.isoformat(),
            reply_date=replied.isoformat(),
            sent=sent_on(round_).isoformat(),
        )
    ]


def _reply_date(round_: PreviousAppeal) -> str:
    reply = round_.reply
    return (reply.date if reply and reply.date else round_.date).isoformat()


def _unchanged_items(case: Case) -> list[Finding]:
    """Each item copied from a rejected round, once, dated by the latest such round."""
    copied: dict[tuple[str, str, int], tuple[ItemChange, PreviousAppeal]] = {}
    for round_ in case.previous_appeals:
        if not round_.rejected:
            continue
        for change in changes_since(case, round_) or ():
            if change.status == "unchanged":
                copied[(change.reason_id, change.part, change.index)] = (change, round_)
    findings = []
    for (reason_id, part, index), (change, round_) in copied.items():
        where = f"{reason_id}, {_WHERE[part]} {index}"
        excerpt = short(change.text, 80)
        key = {"root_causes": "", "evidence": "name"}.get(part, "text")
        at = item_path(reason_id, part, index - 1, key)
        findings.append(
            make_finding("round-unchanged-item", part, where, excerpt=excerpt, at=at, date=sent_on(round_).isoformat())
        )
    return findings


def _ask_label(ask: str) -> dict[str, str]:
    from poa.readers.reply import load_reply_rules

    label = load_reply_rules().ask_labels[ask]
    return {"en": label.en, "zh": label.zh}


def _asks_unanswered(round_: PreviousAppeal, changes: list[ItemChange]) -> list[Finding]:
    assert round_.reply is not None
    findings = []
    for ask in PLAN_ASKS:
        if not round_.reply.asked(ask):
            continue
        part = PART_OF_ASK[ask]
        if any(c.part == part and c.status != "unchanged" for c in changes):
            continue
        findings.append(
            make_finding(
                "round-ask-unanswered",
                part,
                "whole plan",
                date=_reply_date(round_),
                ask=_ask_label(ask),
                part=_PART_NAMES[part],
                sent=sent_on(round_).isoformat(),
            )
        )
    return findings


def _asins_unanswered(case: Case, round_: PreviousAppeal, changes: list[ItemChange]) -> list[Finding]:
    """Each ASIN the reply asks about must be in a new or revised action or document (its ASINs or its words)."""
    assert round_.reply is not None
    asked = [asin for item in round_.reply.asked("asins") for asin in item.asins]
    covered: set[str] = set()
    for change in changes:
        if change.status == "unchanged" or change.part not in ("corrective_actions", "evidence", "root_causes"):
            continue
        plan = case.plans[change.reason_id]
        if change.part == "corrective_actions":
            covered.update(plan.corrective_actions[change.index - 1].asins)
        elif change.part == "evidence":
            covered.update(plan.evidence[change.index - 1].asins)
        covered.update(asin for asin in asked if asin in change.text.upper())
    first = next(iter(case.plans), None)  # the fix offered: the ASINs the first action covers
    at = item_path(first, "corrective_actions", 0, "asins") if first else ""
    return [
        make_finding("round-asin-unanswered", "corrective_actions", asin, at=at, date=_reply_date(round_), asin=asin)
        for asin in dict.fromkeys(asked)
        if asin not in covered
    ]


def _documents_missing(case: Case, round_: PreviousAppeal, changes: list[ItemChange]) -> list[Finding]:
    """Documents asked for need a document the plan sent did not have, of a kind that answers the ask."""
    assert round_.reply is not None
    from poa.readers.reply import load_reply_rules

    rules = load_reply_rules()
    asked = [ask for ask in DOCUMENT_ASKS if round_.reply.asked(ask)]
    if not asked:
        return []
    new_kinds = {
        case.plans[c.reason_id].evidence[c.index - 1].kind
        for c in changes
        if c.part == "evidence" and c.status != "unchanged"
    }
    missing = []
    for ask in asked:
        kinds = rules.documents[ask].kinds
        if not (new_kinds and ("any" in kinds or new_kinds & set(kinds))):
            missing.append(ask)
    if not missing:
        return []
    join_en = " and ".join(rules.ask_labels[a].en for a in missing)
    join_zh = "和".join(rules.ask_labels[a].zh for a in missing)
    return [
        make_finding(
            "round-documents-missing",
            "evidence",
            "whole plan",
            date=_reply_date(round_),
            documents={"en": join_en, "zh": join_zh},
            sent=sent_on(round_).isoformat(),
            kinds={
                "en": "; ".join(rules.documents[a].en for a in missing),
                "zh": "；".join(rules.documents[a].zh for a in missing),
            },
        )
    ]


def _other_asks(round_: PreviousAppeal) -> list[Finding]:
    assert round_.reply is not None
    return [
        make_finding("round-ask-other", "whole plan", "whole plan", date=_reply_date(round_), said=item.said or "")
        for item in round_.reply.asked("other")
        if item.said
    ]


def _final(round_: PreviousAppeal) -> Finding:
    from poa.readers.reply import load_reply_rules

    options = load_reply_rules().after_final
    return make_finding(
        "round-final",
        "whole plan",
        "whole plan",
        date=_reply_date(round_),
        options={
            "en": " ".join(f"{o.en} (Source: {o.source.en}.)" for o in options),
            "zh": " ".join(f"{o.zh}（来源：{o.source.zh}）" for o in options),
        },
    )
