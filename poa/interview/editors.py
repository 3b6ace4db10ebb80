"""The item editors of the review screen: add, change or remove the items of one plan section, and
change any field of one item (its wording, date, owner, ASINs, links, attachment, invoice details).

Editing changes the partial case directly; the questions an edit leaves unanswered (a new action's
date) are then asked by the prompt loop, their answers as defaults. Which fields an item has and how
each is read and stored is poa/interview/review_fields.py; this module only prompts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import questionary

from poa.interview import next_round
from poa.interview.answers import parse_text as read_line
from poa.interview.flow import Interview
from poa.interview.paging import fit, sane_size, wrap
from poa.interview.plan_questions import causes_changed, item_concerns
from poa.interview.question import Question
from poa.interview.review_fields import STEP, FieldRef, field_keys, field_label, field_question, follow_up, shown
from poa.interview.review_step import owner_and_frequency
from poa.interview.terminal import BACK, Terminal, validator

Ask = Callable[[Question], Any]  # the prompt loop's way of asking a question (Wizard._simple)


def screen_size() -> tuple[int, int]:
    """Rows and columns of the terminal the prompts run on; 24 x 80 when it cannot say."""
    try:
        from prompt_toolkit.application.current import get_app_session

        size = get_app_session().output.get_size()
        return sane_size(size.rows, size.columns)
    except Exception:  # no terminal behind the output (a pipe, a closed console)
        import shutil

        columns, rows = shutil.get_terminal_size((80, 24))
        return sane_size(rows, columns)


@dataclass
class SectionEditor:
    """The items of one section of one reason's plan, edited from the review screen."""

    term: Terminal
    iv: Interview
    save: Callable[[], None]
    ask: Ask
    reason_id: str
    section: str

    def run(self) -> None:
        """Add, change or remove items, until the seller goes back to the review."""
        iv, reason_id, section = self.iv, self.reason_id, self.section
        name = iv.text("q.review.section", reason=iv.label(reason_id), section=iv.text("section." + section))
        while True:
            items = iv.items(reason_id, section)
            columns = screen_size()[1]
            for number, item in enumerate(items, 1):
                for line in wrap(f"  {number}. {item_title(section, item, iv.lang)}", columns - 1):
                    self.term.say(line)
            actions = [(k, iv.text(f"q.edit.{k}")) for k in ("add", "change", "remove", "done")]
            if not items:
                actions = [a for a in actions if a[0] in ("add", "done")]
            action = self.term.select(iv.text("q.edit", section=name), actions, None, STEP)
            if action in ("done", BACK):
                break
            if action == "add":
                break
            if action == "remove":
                self._remove(items)
            if action == "change":
                self._change(items)
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
        width = screen_size()[1] - 8  # one line each, beside the pointer and the tick box
        titles = [fit(item_title(self.section, item, iv.lang), width) for item in items]
        choices = [questionary.Choice(title, str(i)) for i, title in enumerate(titles)]
        chosen = self.term.checkbox(iv.text("q.edit.remove_which"), choices, STEP)
        if chosen is BACK or not chosen:
            return
        drop = {int(i) for i in chosen}
        iv.set_items(self.reason_id, self.section, [item for i, item in enumerate(items) if i not in drop])
        if self.section == "root_causes":  # the causes are numbered afresh: the links are asked again
            causes_changed(iv, self.reason_id)

    def _change(self, items: list[Any]) -> None:
        iv, section = self.iv, self.section
        width = screen_size()[1] - 6  # one line each, beside the pointer
        choices = [(str(i), fit(item_title(section, item, iv.lang), width)) for i, item in enumerate(items)]
        chosen = self.term.select(iv.text("q.edit.which"), choices, None, STEP)
        if chosen is not BACK:
            ItemEditor(self.term, iv, self.save, self.ask, self.reason_id, section, int(chosen)).run()


@dataclass
class ItemEditor:
    """The fields of one item: a menu of them with their values, each changed by its own question."""

    term: Terminal
    iv: Interview
    save: Callable[[], None]
    ask: Ask
    reason_id: str
    section: str
    index: int

    def run(self) -> None:
        """The item's field menu, until the seller is done with it (or the item moved away)."""
        iv = self.iv
        key: str | None = None
        while True:
            keys = field_keys(iv, self.reason_id, self.section, self.index)
            if not keys:
                return
            refs = [self._ref(k) for k in keys]
            choices = [(r.key, self._entry(r)) for r in refs]
            choices.append(("done", iv.text("q.edit.field_done")))
            # Once a field is changed, Enter is "done"; the arrow keys reach the other fields.
            key = self.term.select(iv.text("q.edit.field"), choices, key and "done", STEP)
            if key in ("done", BACK):
                return
            if not self.edit(key):
                return
            self.save()

    def _entry(self, ref: FieldRef) -> str:
        """A field on the menu: its name and value ("Date: 2026-08-04"), or its name alone (an action)."""
        label, value = field_label(self.iv, ref.key), shown(self.iv, ref)
        entry = self.iv.text("field.value", label=label, value=value) if value else label
        return fit(entry, screen_size()[1] - 6)  # one line, beside the pointer

    def _ref(self, key: str) -> FieldRef:
        return FieldRef(self.reason_id, self.section, self.index, key)

    def edit(self, key: str) -> bool:
        """Change one field (rewording asks for the wording alone); False once the item is gone."""
        iv = self.iv
        if key == "text":
            kept = self._reword()
        else:
            question = field_question(iv, self._ref(key))
            if question is not None:
                # Asked as the wizard asks it; the order of answers (the back key's) stays as it was.
                answered = list(iv.done)
                if self.ask(question) is not BACK and (typed := follow_up(iv, question)) is not None:
                    typed.step = STEP
                    self.ask(typed)  # "write my own" on a list: the value typed, at once
                iv.done = answered
            kept = True
        # A question the edit brings into the flow is already answered by the item (a suggested
        # measure reworded now has its owner asked, and the item holds it): nothing is asked again.
        iv.mark_given()
        return kept

    def _reword(self) -> bool:
        iv, reason_id, section, index = self.iv, self.reason_id, self.section, self.index
        items = iv.items(reason_id, section)
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
                return True
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
                return False
            current = raw
        # Only the wording changes: the item's date, owner and ASINs stay as they are.
        items[index] = text if isinstance(item, str) else {**item, key: text}
        iv.set_items(reason_id, section, items)
        return True


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
