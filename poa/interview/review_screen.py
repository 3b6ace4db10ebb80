"""The review screen of `poa new`: every answer, what the checker says, and a short menu, in pages
that fit the terminal.

The seller reads page by page, confirms, changes a section (a plan section opens the item editor, any
other section has its questions asked again, their answers as defaults), or fixes a finding of the
checker: "fix this" opens the very field the finding names, then the review comes back, checked again.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from poa.interview.editors import Ask, ItemEditor, SectionEditor, screen_size
from poa.interview.flow import Interview, build_case
from poa.interview.paging import blocks, fit, paginate, wrap
from poa.interview.question import Question
from poa.interview.review_fields import STEP, editable, parse_path
from poa.interview.review_step import reopen_section, review_lines, section_choices
from poa.interview.terminal import BACK, Terminal

# Lines kept free besides the page and the menu's choices: the blank line before the page, the
# menu's question (two lines when it wraps at 80 columns) and a spare line.
_MENU_MARGIN = 4
# How far a finding's head is indented on the review; its message, excerpt and hint are indented more.
_FINDING_INDENT = 4
Fix = tuple[str, str, str]  # what is wrong, what to do, the field to open


@dataclass
class ReviewScreen:
    """Step 8 on the terminal; save keeps the draft up to date while sections are edited."""

    term: Terminal
    iv: Interview
    save: Callable[[], None]
    ask: Ask

    def show(self, question: Question) -> Any:
        """The seller's choice on the review screen, or BACK."""
        iv = self.iv
        case, problem = build_case(iv)
        findings = self._findings(case) if case is not None else []
        # What can be fixed from here: the findings that name a field.
        fixable: list[Fix] = [
            (f.message_in(iv.lang), f.hint_in(iv.lang), f.field) for f in findings if self._can_fix(f.field)
        ]
        if problem and self._can_fix(_problem_path(problem)):  # a case not valid yet: its first problem
            fixable = [(problem, "", _problem_path(problem))]
        rows, columns = screen_size()
        shown = blocks([*review_lines(iv), ""], columns - 1)
        if problem:
            shown += blocks([iv.text("note.review_problem", problem=problem)], columns - 1)
        else:  # each finding kept together on a page: its head, then its message, excerpt and hint
            shown += blocks(self._finding_lines(findings), columns - 1, join_deeper_than=_FINDING_INDENT)
        longest = self._menu(ready=case is not None, fixable=bool(fixable), page=1, pages=3)  # a middle page's
        pages = paginate(shown, rows - len(longest) - _MENU_MARGIN)
        choice = self._read(question, pages, ready=case is not None, fixable=fixable, columns=columns)
        if choice in (BACK, "fix"):
            return choice
        if choice == "confirm":
            iv.accept(question, None)
        elif choice.startswith("plans."):
            _, reason_id, section = choice.split(".")
            SectionEditor(self.term, iv, self.save, self.ask, reason_id, section).run()
        else:
            reopen_section(iv, choice)
        return choice

    def _read(
        self, question: Question, pages: list[list[str]], *, ready: bool, fixable: list[Fix], columns: int
    ) -> Any:
        """Page after page with the menu under each, until the seller confirms, picks a section to
        change, fixes a finding ("fix": the review is shown again) or goes back (BACK)."""
        page = 0
        while True:
            self.term.say()
            for line in pages[page]:
                self.term.say(line)
            menu = self._menu(ready=ready, fixable=bool(fixable), page=page, pages=len(pages))
            paged = self.iv.text("q.review.paged", page=page + 1, pages=len(pages))
            choice = self.term.select(question.message if len(pages) == 1 else paged, menu, None, question.step)
            if choice in ("next", "previous"):
                page += 1 if choice == "next" else -1
            elif choice == "change":
                section = self._change()
                if section is not None:
                    return section
            elif choice == "fix":
                if self._fix(fixable, columns):
                    return "fix"
            else:
                return choice

    def _menu(self, *, ready: bool, fixable: bool, page: int, pages: int) -> list[tuple[str, str]]:
        """Next page first until the last page is shown, then confirm; changing and fixing, always."""
        iv = self.iv
        last = page == pages - 1
        menu = [] if last else [("next", iv.text("q.review.next"))]
        menu += [("confirm", iv.text("q.review.confirm"))] if ready else []
        menu.append(("change", iv.text("q.review.change")))
        menu += [("fix", iv.text("q.review.fix"))] if fixable else []
        menu += [("previous", iv.text("q.review.previous"))] if page else []
        return menu

    def _change(self) -> str | None:
        """A section to change, or None to go back to the review."""
        iv = self.iv
        choices = section_choices(iv)
        choices.append(("review", iv.text("q.review.to_review")))
        choice = self.term.select(iv.text("q.review.change_which"), choices, None, STEP)
        return None if choice in (BACK, "review") else choice

    def _findings(self, case: Any) -> list[Any]:
        from poa.review.check import check_case

        return check_case(case, today=self.iv.today)

    def _finding_lines(self, findings: list[Any]) -> list[str]:
        """What `poa check` says about the finished case, before anything is written."""
        from poa.review.check import format_findings

        iv = self.iv
        lines = [iv.text("note.review_ready")]
        if not findings:
            return [*lines, iv.text("note.no_findings")]
        lines.append(iv.text("note.findings"))
        lines += [("  " + line).rstrip() for line in format_findings(findings, iv.lang).splitlines()]
        return lines

    def _can_fix(self, path: str) -> bool:
        """A finding names a field the review can open: an item's field, or a question of the wizard."""
        if not path:
            return False
        ref = parse_path(path)
        if ref is not None:
            return editable(self.iv, ref)
        return any(q.id == path for q in self.iv.questions())

    def _fix(self, fixable: list[Fix], columns: int) -> bool:
        """Pick a finding and open the field it names; True once a field was opened."""
        iv = self.iv
        choices = []
        for number, (message, _, _) in enumerate(fixable):
            title = iv.text("q.review.fix_this", message=message)
            choices.append((str(number), fit(title, columns - 6)))
        choices.append(("review", iv.text("q.review.to_review")))
        chosen = self.term.select(iv.text("q.review.fix_which"), choices, None, STEP)
        if chosen in (BACK, "review"):
            return False
        message, hint, path = fixable[int(chosen)]
        # The finding in full (its menu entry may be cut), with what to do, above the field's prompt.
        for line in (message, hint) if hint else (message,):
            for piece in wrap("  " + line, columns - 1):
                self.term.say(piece)
        ref = parse_path(path)
        if ref is not None:
            ItemEditor(self.term, iv, self.save, self.ask, ref.reason_id, ref.section, ref.index).edit(ref.key)
        else:
            question = next(q for q in iv.questions() if q.id == path)
            answered = list(iv.done)
            self.ask(question)
            iv.done = answered
        self.save()
        return True


def _problem_path(problem: str) -> str:
    """The field a validation problem names, in the findings' dotted shape:
    "plans.x.corrective_actions[0].date: ..." is plans.x.corrective_actions.0.date."""
    return re.sub(r"\[(\d+)\]", r".\1", problem.partition(":")[0].strip())
