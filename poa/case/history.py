"""The case's rounds: each plan sent and Amazon's answer to it, and what changed since.

A round is one entry of the case's `previous_appeals` (poa/case/edit.py adds one to a case file).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from poa.case.model import Case, PlanSent, PreviousAppeal, ReasonPlan

PARTS = ("root_causes", "corrective_actions", "preventive_measures", "evidence")
# An item this close to one sent before (word by word) is that item revised, not a new one.
REVISED_SIMILARITY = 0.5
# A text no longer than this is too short to say it was copied from a plan sent as text.
MIN_COPIED_CHARS = 25
_WORDS = re.compile(r"[\w']+", re.UNICODE)


# ---------------------------------------------------------------- the rounds


def last_round(case: Case) -> PreviousAppeal | None:
    """The latest round: the one the plan now answers."""
    return case.previous_appeals[-1] if case.previous_appeals else None


def answering(case: Case) -> PreviousAppeal | None:
    """The latest round when Amazon did not reinstate everything: the round a revised plan answers."""
    latest = last_round(case)
    return latest if latest is not None and latest.rejected else None


def sent_on(round_: PreviousAppeal) -> dt.date:
    """The date of the plan that was sent: the date printed on it, else the day it was sent."""
    if round_.plan_sent is not None and round_.plan_sent.plan_date is not None:
        return round_.plan_sent.plan_date
    return round_.date


def stated_deadline(case: Case) -> tuple[dt.date, str] | None:
    """The deadline to respond by, and whose it is: what the latest reply states wins over the notice."""
    for round_ in reversed(case.previous_appeals):
        if round_.reply is not None and round_.reply.deadline is not None:
            return round_.reply.deadline, "reply"
    if case.notice is not None and case.notice.deadline is not None:
        return case.notice.deadline, "notice"
    return None


# ---------------------------------------------------------------- items and what changed


def normalise(text: str) -> str:
    """Text as compared between rounds: case, spacing and final punctuation do not make an item new."""
    return " ".join(_WORDS.findall(text.casefold()))


def item_keys(plan: ReasonPlan, part: str) -> list[str]:
    """What makes each item of a part the same item in two rounds: its words, and for a measure its owner and
    frequency, for a document its kind and date."""
    if part == "preventive_measures":
        return [f"{m.text} ({m.owner}, {m.frequency})" for m in plan.preventive_measures]
    if part == "evidence":
        return [f"{e.name} ({e.kind}, {e.date.isoformat() if e.date else 'undated'})" for e in plan.evidence]
    return item_words(plan, part)


def item_words(plan: ReasonPlan, part: str) -> list[str]:
    """The words of each item of a part, as the plan prints them."""
    if part == "root_causes":  # plain lines, or causes with a text (and a title or count)
        return [str(getattr(cause, "text", cause)) for cause in plan.root_causes]
    if part == "corrective_actions":
        return [action.text for action in plan.corrective_actions]
    if part == "preventive_measures":
        return [measure.text for measure in plan.preventive_measures]
    return [item.name for item in plan.evidence]


def plan_texts(case: Case) -> tuple[str, ...]:
    """Every item of the case's plans as written: the words a reply may quote back."""
    return tuple(text for plan in case.plans.values() for part in PARTS for text in item_words(plan, part))


def plan_snapshot(case: Case) -> dict[str, Any]:
    """The plan's items as sent, for the round (the case model's PlanSent)."""
    snapshot: dict[str, Any] = {}
    if case.plan_date is not None:
        snapshot["plan_date"] = case.plan_date.isoformat()
    snapshot["reasons"] = list(case.reasons)
    if case.affected_asins:
        snapshot["affected_asins"] = list(case.affected_asins)
    # What the seller wrote, without the defaults reading the case back fills in again.
    snapshot["plans"] = {
        reason_id: plan.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
        for reason_id, plan in case.plans.items()
    }
    return snapshot


class ItemChange(NamedTuple):
    """One item of the current plan against the round: new, revised (with the text it revises) or unchanged."""

    reason_id: str
    part: str
    index: int  # 1-based, in the reason's list
    status: str  # "new", "revised" or "unchanged"
    text: str
    old: str | None = None


def changes_since(case: Case, round_: PreviousAppeal) -> list[ItemChange] | None:
    """Every item of the current plan against what the round sent; None when the round kept nothing to compare.

    With the plan's items (plan_sent) an item is unchanged, revised or new; with only the text sent,
    an item found word for word in it is unchanged and any other is new.
    """
    if round_.plan_sent is not None:
        return _against_items(case, round_.plan_sent)
    if round_.text_sent:
        return _against_text(case, round_.text_sent)
    return None


def _against_items(case: Case, sent: PlanSent) -> list[ItemChange]:
    changes = []
    for reason_id, plan in case.plans.items():
        # A reason the plan sent did not have is compared with all it had (a reason renamed or split).
        old_plans = [sent.plans[reason_id]] if reason_id in sent.plans else list(sent.plans.values())
        for part in PARTS:
            old_keys = [key for old_plan in old_plans for key in item_keys(old_plan, part)]
            old_words = [words for old_plan in old_plans for words in item_words(old_plan, part)]
            same = {normalise(key): words for key, words in zip(old_keys, old_words, strict=True)}
            for index, (key, words) in enumerate(zip(item_keys(plan, part), item_words(plan, part), strict=True), 1):
                if normalise(key) in same:
                    changes.append(ItemChange(reason_id, part, index, "unchanged", words, same[normalise(key)]))
                    continue
                # A document is the same or another one: a new invoice is not the old one revised.
                revises = closest(words, old_words) if part != "evidence" else None
                status = "revised" if revises is not None else "new"
                changes.append(ItemChange(reason_id, part, index, status, words, revises))
    return changes


def _against_text(case: Case, sent_text: str) -> list[ItemChange]:
    sent = normalise(sent_text)
    changes = []
    for reason_id, plan in case.plans.items():
        for part in PARTS:
            for index, words in enumerate(item_words(plan, part), 1):
                key = normalise(words)
                copied = len(key) >= MIN_COPIED_CHARS and key in sent
                changes.append(ItemChange(reason_id, part, index, "unchanged" if copied else "new", words))
    return changes


def closest(text: str, candidates: list[str]) -> str | None:
    """The candidate the text revises: the most alike word by word, if alike enough."""
    from difflib import SequenceMatcher

    words = normalise(text).split()
    best, best_ratio = None, REVISED_SIMILARITY
    for candidate in candidates:
        ratio = SequenceMatcher(None, words, normalise(candidate).split(), autojunk=False).ratio()
        if ratio >= best_ratio:
            best, best_ratio = candidate, ratio
    return best
