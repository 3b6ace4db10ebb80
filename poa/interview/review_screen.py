"""The review screen of `poa new`: every answer on one screen, what the checker says, and the menu.

The seller confirms, or picks a section: a plan section opens the item editor, any other section
has its questions asked again, their answers as defaults.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from poa.interview.editors import SectionEditor
from poa.interview.flow import Interview, build_case
from poa.interview.question import Question
from poa.interview.review_step import reopen_section, review_choices, review_lines
from poa.interview.terminal import BACK, Terminal


@dataclass
class ReviewScreen:
    """Step 8 on the terminal; save keeps the draft up to date while sections are edited."""

    term: Terminal
    iv: Interview
    save: Callable[[], None]

    def show(self, question: Question) -> Any:
        """The seller's choice on the review screen, or BACK."""
        iv, say = self.iv, self.term.say
        case, problem = build_case(iv)
        say()
        for line in review_lines(iv):
            say(line)
        say()
        if problem:
            say(iv.text("note.review_problem", problem=problem))
        else:
            self._show_findings(case)
        choice = self.term.select(question.message, review_choices(iv, ready=case is not None), None, question.step)
        if choice is BACK:
            return BACK
        if choice == "confirm":
            iv.accept(question, None)
        elif choice.startswith("plans."):
            _, reason_id, section = choice.split(".")
            SectionEditor(self.term, iv, self.save, reason_id, section).run()
        else:
            reopen_section(iv, choice)
        return choice

    def _show_findings(self, case: Any) -> None:
        """What `poa check` says about the finished case, before anything is written."""
        from poa.review.check import check_case, format_findings

        iv, say = self.iv, self.term.say
        say(iv.text("note.review_ready"))
        findings = check_case(case, today=iv.today)
        if not findings:
            say(iv.text("note.no_findings"))
            return
        say(iv.text("note.findings"))
        for line in format_findings(findings, iv.lang).splitlines():
            say(("  " + line).rstrip())
