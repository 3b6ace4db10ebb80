"""The item editor of the review screen: add, reword or remove the items of one plan section.

Editing changes the partial case directly; the questions an edit leaves unanswered (a new action's
date, a reworded measure's owner) are then asked by the prompt loop, their answers as defaults.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import questionary

from poa.interview import next_round
from poa.interview.answers import parse_text as read_line
from poa.interview.flow import Interview
from poa.interview.plan_questions import causes_changed, item_concerns
from poa.interview.review_step import owner_and_frequency
from poa.interview.terminal import BACK, Terminal, validator

STEP = 8  # the editor is part of the review step


@dataclass
class SectionEditor:
    """The items of one section of one reason's plan, edited from the review screen."""

    term: Terminal
    iv: Interview
    save: Callable[[], None]
    reason_id: str
    section: str

    def run(self) -> None:
        """Add, reword or remove items, until the seller goes back to the review."""
        iv, reason_id, section = self.iv, self.reason_id, self.section
        name = iv.text("q.review.section", reason=iv.label(reason_id), section=iv.text("section." + section))
        while True:
            items = iv.items(reason_id, section)
            for number, item in enumerate(items, 1):
                self.term.say(f"  {number}. {item_title(section, item, iv.lang)}")
            actions = [(k, iv.text(f"q.edit.{k}")) for k in ("add", "reword", "remove", "done")]
            if not items:
                actions = [a for a in actions if a[0] in ("add", "done")]
            action = self.term.select(iv.text("q.edit", section=name), actions, None, STEP)
            if action in ("done", BACK):
                break
            if action == "add":
                break
            if action == "remove":
                self._remove(items)
            if action == "reword":
                self._reword(items)
            self.save()
        # New or moved items may lack a date, owner or ASINs: those questions come next.
        pick_id = f"plans.{reason_id}.{section}"
        iv.done = [d for d in iv.done if not d.startswith(pick_id + ".")]
        iv.mark_given()
        if action == "add":
            # The pick list again, the current items ticked, and "write my own" after it if chosen.
            iv.done = [d for d in iv.done if d not in (pick_id, pick_id + "+")]

    def _remove(self, items: list[Any]) -> None:
        iv = self.iv
        titles = [item_title(self.section, item, iv.lang)[:100] for item in items]
        choices = [questionary.Choice(title, str(i)) for i, title in enumerate(titles)]
        chosen = self.term.checkbox(iv.text("q.edit.remove_which"), choices, STEP)
        if chosen is BACK or not chosen:
            return
        drop = {int(i) for i in chosen}
        iv.set_items(self.reason_id, self.section, [item for i, item in enumerate(items) if i not in drop])
        if self.section == "root_causes":  # the causes are numbered afresh: the links are asked again
            causes_changed(iv, self.reason_id)

    def _reword(self, items: list[Any]) -> None:
        iv, reason_id, section = self.iv, self.reason_id, self.section
        choices = [(str(i), item_title(section, item, iv.lang)[:100]) for i, item in enumerate(items)]
        chosen = self.term.select(iv.text("q.edit.which"), choices, None, STEP)
        if chosen is BACK:
            return
        index = int(chosen)
        item = items[index]
        key = "name" if section == "evidence" else "text"
        current = item if isinstance(item, str) else str(item.get(key, ""))
        sent = next_round.sent_text(iv, reason_id, section, current)
        if sent is not None:  # the version Amazon did not accept, beside the one being reworded
            self.term.say("  " + iv.text("round.was", text=sent))
        validate = validator(lambda raw: read_line(raw, iv.lang))
        while True:
            raw = self.term.text(iv.text("q.edit.text"), current, STEP, validate)
            if raw is BACK:
                return
            text = read_line(raw, iv.lang)
            assert text is not None
            decision = self.term.decide(item_concerns(iv, section, text), STEP, can_move=True)
            if decision == "keep":
                break
            if decision == "move":
                measures = iv.items(reason_id, "preventive_measures")
                iv.set_items(reason_id, "preventive_measures", [*measures, {"text": text}])
                iv.set_items(reason_id, section, [x for i, x in enumerate(items) if i != index])
                self.term.say("  " + iv.text("note.moved"))
                return
            current = raw
        if isinstance(item, str):  # a root cause written as one line
            items[index] = text
        else:
            items[index] = {**item, key: text}
        iv.set_items(reason_id, section, items)
        # The item's date, owner or ASINs are asked again, their answers as defaults.
        for field in ("date", "owner", "frequency", "asins"):
            qid = f"plans.{reason_id}.{section}.{index}.{field}"
            if qid in iv.done:
                iv.done.remove(qid)


def item_title(section: str, item: Any, lang: str = "en") -> str:
    """An item as the editor lists it: its text, and the date or owner it has so far."""
    if isinstance(item, str):
        return item
    if not isinstance(item, dict):
        return str(item)
    text = str(item.get("name" if section == "evidence" else "text", ""))
    if section == "corrective_actions" and item.get("date"):
        text += f" [{item['date']}]"
    if section == "preventive_measures" and item.get("owner"):
        text += f" [{owner_and_frequency(item, lang)}]"
    return text
