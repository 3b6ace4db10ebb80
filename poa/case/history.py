"""The case's rounds: each plan sent and Amazon's answer, what changed since, and recording a new round.

A round is one entry of the case's `previous_appeals`. Recording one adds that entry to the case file
and changes nothing else in it: the new entry is spliced into the file's own text, so comments and
layout stay as the seller wrote them, and the result is parsed back and compared before it is written.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from poa.errors import PoaError

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


# ---------------------------------------------------------------- recording a round


def append_round(path: Path, original: str, round_data: dict[str, Any], original_data: dict[str, Any]) -> bytes:
    """The case file's text with one more round at the end of previous_appeals, everything else as it was.

    original_data is the file as parsed; the new text must parse to it plus the round, or the whole
    file is written again from that data (its values kept, its comments lost), never anything else.
    """
    from poa.case.store import dump_data, parse_answers

    expected = dict(original_data)
    expected["previous_appeals"] = [*(original_data.get("previous_appeals") or []), round_data]
    if path.suffix.lower() == ".json":
        return dump_data(expected, "json").encode("utf-8")
    text = _splice(original, round_data, bool(original_data.get("previous_appeals")))
    if text is not None:
        try:
            if _same(parse_answers(text, path), expected):
                return text.encode("utf-8")
        except PoaError:
            pass
    return dump_data(expected, "yaml").encode("utf-8")


def _same(parsed: Any, expected: dict[str, Any]) -> bool:
    """Equal as the case reads them: a case file keeps numbers as text, and dates may be values or text."""
    return _as_text(parsed) == _as_text(expected)


def _as_text(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(key): _as_text(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_text(item) for item in value]
    return None if value is None else str(value)


_TOP_KEY = re.compile(r"^previous_appeals\s*:(.*)$", re.MULTILINE)


def _round_yaml(round_data: dict[str, Any]) -> str:
    """The round as a YAML list item ("- date: ..."), the reply's text as a readable block."""
    import yaml

    base = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

    class RoundDumper(base):  # type: ignore[misc, valid-type]
        pass

    def text(dumper: Any, value: str) -> Any:
        style = "|" if "\n" in value else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    RoundDumper.add_representer(str, text)
    return yaml.dump([round_data], Dumper=RoundDumper, sort_keys=False, allow_unicode=True, width=100)


def _splice(original: str, round_data: dict[str, Any], has_rounds: bool) -> str | None:
    item = _round_yaml(round_data)
    text = original if original.endswith("\n") else original + "\n"
    match = _TOP_KEY.search(text)
    if match is None:
        return text + "previous_appeals:\n" + item
    rest = match.group(1).strip()
    if rest in ("[]", "") and not has_rounds:
        return text[: match.start()] + "previous_appeals:\n" + item + text[match.end() + 1 :]
    if rest and not rest.startswith("#"):
        return None  # a flow list such as [{...}]: written again from the data
    # The block ends at the next line that starts at the left margin with a key (not "-" or "#").
    end = len(text)
    for line in re.finditer(r"^(?![-#\s]).+$", text[match.end() + 1 :], re.MULTILINE):
        end = match.end() + 1 + line.start()
        break
    first_item = re.search(r"^(\s*)- ", text[match.end() + 1 : end], re.MULTILINE)
    indent = first_item.group(1) if first_item else ""
    block = "".join(indent + line + "\n" if line else "\n" for line in item.rstrip("\n").split("\n"))
    head = text[:end].rstrip("\n") + "\n"
    return head + block + ("\n" if end < len(text) else "") + text[end:]
