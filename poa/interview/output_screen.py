"""The last step of `poa new`: where to write the case file and the plan, then writing them (or, for a
notice that names no reason, the request to Seller Performance).

An existing file is replaced only when the seller says so. Once both are written, the usual
deadlines to answer Amazon are shown and the draft is removed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from poa.case.store import CASE_SUFFIXES
from poa.interview.answers import PathAnswer, parse_output_path
from poa.interview.flow import Interview, build_case
from poa.interview.question import Question
from poa.interview.terminal import BACK, Terminal, validator

STEP = 9


@dataclass
class OutputScreen:
    """Step 9 on the terminal: case_default is offered as the case file's name."""

    term: Terminal
    iv: Interview
    draft: Path
    case_default: Path

    def show(self, question: Question) -> Any:
        """True once both files are written; BACK, or None to ask this step again."""
        iv, say = self.iv, self.term.say
        case, _ = build_case(iv)
        if case is None:  # the draft was changed by hand since the review: review again
            iv.reopen("review")
            return None
        case_answer = self._path(iv.text("q.case_path"), self.case_default, CASE_SUFFIXES)
        if case_answer is BACK:
            return BACK
        plan_answer = self._path(iv.text("q.plan_path"), case_answer.path.parent / "plan.docx", (".docx",))
        if plan_answer is BACK:
            return None  # asks for the case file again
        from poa.plan.outputs import response_deadlines, write_plan

        today = iv.today
        write_plan(
            case,
            case_path=case_answer.path,
            plan_path=plan_answer.path,
            today=today,
            replace_case=case_answer.exists,
            replace_plan=plan_answer.exists,
        )
        iv.accept(question, None)
        say()
        say(iv.text("note.wrote", path=case_answer.path))
        say(iv.text("note.wrote", path=plan_answer.path))
        for item in response_deadlines(case):
            if item.due < today:
                continue
            if item.days is None:
                say(iv.text("note.deadline_stated", due=item.due.isoformat()))
            else:
                unit = iv.text("note.business_days" if item.business_days else "note.days", days=item.days)
                say(iv.text("note.deadline_usual", reason=iv.label(item.reason_id), unit=unit, due=item.due))
        if self.draft.exists() and not self.draft.samefile(case_answer.path):
            self.draft.unlink()
            say(iv.text("note.draft_removed", path=self.draft))
        say(iv.text("note.done"))
        return True

    def request(self, question: Question) -> Any:
        """A notice that names no reason: offer the request to Seller Performance instead of a plan for now.

        True once the request is written; None to go on to the plan.
        """
        iv, say = self.iv, self.term.say
        wanted = self.term.confirm(question.message, question.step, default=True)
        if wanted is BACK:
            return BACK
        if wanted is not True:
            iv.accept(question, False)
            return None
        from pydantic import ValidationError

        from poa.case.store import atomic_write
        from poa.plan.request import RequestFacts, request_text

        try:
            facts = RequestFacts.model_validate(iv.case_data())
        except ValidationError:  # the seller's answers are checked when given; a hand-edited draft may not be
            iv.reopen("seller")
            return None
        answer = self._path(iv.text("q.request_path"), self.case_default.parent / "poa-request.txt", (".txt",))
        if answer is BACK:
            return BACK
        atomic_write(answer.path, request_text(facts).encode("utf-8"), force=answer.exists)
        # Resumed once Amazon has answered, the interview asks for the reasons again.
        iv.accept(question, True)
        iv.reopen("reasons")
        say()
        say(iv.text("note.wrote", path=answer.path))
        say(iv.text("note.request_sent", draft=self.draft))
        return True

    def _path(self, message: str, default: Path, suffixes: tuple[str, ...]) -> Any:
        """A file name to write; an existing file is replaced only when the seller says so."""
        iv = self.iv
        validate = validator(lambda raw: parse_output_path(raw, iv.lang, suffixes=suffixes))
        current = str(default)
        while True:
            raw = self.term.text(message, current, STEP, validate)
            if raw is BACK:
                return BACK
            answer: PathAnswer = parse_output_path(raw, iv.lang, suffixes=suffixes)
            if answer.path.resolve() == self.draft.resolve():
                answer = PathAnswer(answer.path, True)
            if not answer.exists:
                return answer
            replace = self.term.confirm(iv.text("q.overwrite", path=answer.path), STEP, default=False)
            if replace is True:
                return answer
            current = raw
