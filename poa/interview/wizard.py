"""`poa new` on the terminal: asks the interview's questions one at a time and saves after every answer.

Only prompting lives here and in the screens beside it: terminal.py (questionary, the back key),
review_screen.py and editors.py (step 8), output_screen.py (step 9). The questions, their checks and
the partial case are poa/interview/flow.py and the step modules; the draft file is draft_file.py.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import signal
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

import questionary

from poa.case.store import CASE_SUFFIXES
from poa.errors import PoaError
from poa.interview import next_round
from poa.interview.answers import AnswerError, has_chinese
from poa.interview.draft_file import DEFAULT_DRAFT, backup_path, is_draft, load_answers, load_draft, save_draft
from poa.interview.flow import Interview
from poa.interview.output_screen import OutputScreen
from poa.interview.question import TOTAL_STEPS, Question
from poa.interview.review_screen import ReviewScreen
from poa.interview.terminal import BACK, Terminal, validator

EXIT_DONE = 0
EXIT_INTERRUPTED = 130
EXIT_HANGUP = 129


@dataclass
class Options:
    lang: str | None = None
    draft: Path | None = None
    resume: Path | None = None
    answers: Path | None = None
    notice: Path | None = None
    today: dt.date | None = None


class Wizard:
    """The prompt loop: the next question, asked by its kind, until the files are written."""

    def __init__(self, iv: Interview, draft: Path, *, out: TextIO | None = None) -> None:
        self.iv = iv
        self.draft = draft
        self.term = Terminal(iv, out or sys.stdout)
        self.case_default = Path("poa-case.yaml")
        self._heading: str | None = None
        self._saving = False  # a draft save is under way: a hang-up waits for it to end
        self._hung_up = False

    def save(self, *, keep_typing: bool = False) -> None:
        if keep_typing:
            self.term.keep_typed()
        self._saving = True
        try:
            save_draft(self.iv, self.draft)
        finally:
            self._saving = False
        if self._hung_up:  # the terminal closed during that save
            self._leave()

    def _hang_up(self, signum: int, frame: Any) -> None:
        """The terminal closed (or the process is asked to stop): keep what is typed, then leave.

        A save under way is let finish, never cut short by a second one (that would leave its
        temporary file behind); it then saves again, with the text typed, and leaves."""
        if self._hung_up:
            return
        self._hung_up = True
        self.term.keep_typed()
        if not self._saving:
            self._leave()

    def _leave(self) -> None:
        try:
            self.term.keep_typed()
            save_draft(self.iv, self.draft)
        finally:
            os._exit(EXIT_HANGUP)

    # ------------------------------------------------------------------ the run

    def run(self) -> int:
        previous = {signum: signal.signal(signum, self._hang_up) for signum in (signal.SIGHUP, signal.SIGTERM)}
        try:
            return self._run()
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)

    def _run(self) -> int:
        say = self.term.say
        try:
            say(self.iv.text("keys"))
            return self._loop()
        except (KeyboardInterrupt, EOFError):
            self.save(keep_typing=True)
            say()
            say(self.iv.text("note.resume", path=self.draft))
            return EXIT_INTERRUPTED
        except BaseException as error:
            # A file that cannot be written, the terminal gone, or a fault of ours: the answers so far are kept first.
            self.save(keep_typing=True)
            if isinstance(error, OSError) and error.errno in (errno.EIO, errno.ENXIO, errno.EBADF):
                return EXIT_HANGUP  # the terminal closed: as for a hang-up
            say(self.iv.text("note.resume", path=self.draft))
            raise

    def _loop(self) -> int:
        iv = self.iv
        while True:
            question = iv.next_question()
            if question is None:  # cannot happen: output is always last, but never loop forever
                return EXIT_DONE
            self._announce(question)
            for line in next_round.beside(iv, question):  # what was sent, beside the part Amazon asked about
                self.term.say(line)
            if question.kind == "review":
                outcome = ReviewScreen(self.term, iv, self.save, self._simple).show(question)
            elif question.kind in ("output", "request"):
                screen = OutputScreen(self.term, iv, self.draft, self.case_default)
                outcome = screen.show(question) if question.kind == "output" else screen.request(question)
                if outcome is True:
                    if question.kind == "request":
                        self.save()  # the draft stays: the plan comes once Amazon names the policy
                    return EXIT_DONE
            elif question.kind == "own":
                outcome = self._own(question)
            else:
                outcome = self._simple(question)
            if outcome is BACK:
                iv.back()
            self.save()

    def _announce(self, question: Question) -> None:
        heading = self.iv.text("progress", step=question.step, total=TOTAL_STEPS, title=question.title)
        if heading != self._heading:
            self._heading = heading
            self.term.say()
            self.term.say(f"── {heading} ──")

    # ------------------------------------------------------------------ questions by kind

    def _simple(self, question: Question) -> Any:
        """A text, menu or multi-select question, then the concerns its answer raises."""
        iv, term = self.iv, self.term
        default = iv.default_for(question)
        while True:
            if question.kind == "text":
                raw = term.text(question.message, default or "", question.step, validator(question.read), question.id)
            elif question.kind == "select":
                raw = term.select(question.message, question.choices, default, question.step)
            else:
                raw = self._checkbox(question, default or [])
            if raw is BACK:
                return BACK
            value = question.read(raw)
            if term.decide(question.concerns(value), question.step, can_move=False) == "keep":
                break
            default = self._retype_default(raw)
        iv.accept(question, value)
        for note in question.notes(value):
            term.say("  " + note)
        return value

    def _checkbox(self, question: Question, checked: list[str]) -> Any:
        choices = [questionary.Choice(title, value, checked=value in checked) for value, title in question.choices]
        return self.term.checkbox(question.message, choices, question.step, validate=validator(question.read))

    def _retype_default(self, raw: Any) -> Any:
        """What to offer when an answer is to be typed again: a Chinese answer is shown, not pre-filled,
        since its English version is typed from scratch; anything else is offered for editing."""
        if isinstance(raw, str) and has_chinese(raw):
            self.term.say("  " + self.iv.text("note.typed", text=raw))
            return ""
        return raw

    def _own(self, question: Question) -> Any:
        """Items the seller writes, one per prompt; an empty line ends the list once it has one."""
        iv = self.iv
        assert question.add is not None
        default = iv.default_for(question) or ""

        def read(raw: str) -> str | None:
            text = question.read(raw)
            if text is None and question.needs_one():
                raise AnswerError(iv.text("error.write_one"))
            return text

        while True:
            raw = self.term.text(question.message, default, question.step, validator(read), question.id)
            if raw is BACK:
                return BACK
            default = ""
            text = question.read(raw)
            if text is None:
                break
            if self._resolve_own(question, text) is False:
                default = self._retype_default(raw)
                continue
            self.save()
        iv.accept(question, None)
        return None

    def _resolve_own(self, question: Question, text: str) -> bool:
        """Keep a written item, after the seller decides on anything it raises; False to type it again."""
        assert question.add is not None
        decision = self.term.decide(question.concerns(text), question.step, can_move=question.move is not None)
        if decision == "again":
            return False
        if decision == "move":
            assert question.move is not None
            question.move(self._present_tense(question, text))
            self.term.say("  " + self.iv.text("note.moved"))
            return True
        question.add(text)
        return True

    def _present_tense(self, question: Question, text: str) -> str:
        """A promise moving to the preventive measures, offered as what is now in place, for the seller
        to accept (Enter) or edit; the back key keeps it as written."""
        from poa.interview.answers import parse_text
        from poa.interview.tense import present_tense

        offered = present_tense(text)
        if offered == text:
            return text
        read = validator(lambda raw: parse_text(raw, self.iv.lang))
        raw = self.term.text(self.iv.text("q.move_present"), offered, question.step, read, question.id)
        if raw is BACK:
            return text
        return parse_text(raw, self.iv.lang) or text

    # ------------------------------------------------------------------ an unfinished draft

    def offer_resume(self, draft: Path, *, today: dt.date, lang: str | None) -> int | None:
        """An unfinished draft where a new plan starts: resume it, or keep it aside and start afresh."""
        iv = self.iv
        saved_iv, saved = load_draft(draft, today=today, lang=lang)
        backup = backup_path(draft)
        choices = [("resume", iv.text("q.resume.resume")), ("fresh", iv.text("q.resume.fresh", backup=backup))]
        try:
            choice = self.term.select(iv.text("q.resume", path=draft, saved=saved), choices, "resume", 1)
        except (KeyboardInterrupt, EOFError):
            return EXIT_INTERRUPTED  # nothing changed: the draft is as it was
        if choice == "fresh":
            os.rename(draft, backup)
            self.term.say(iv.text("note.kept_backup", path=backup))
            return None
        if choice is BACK:
            return EXIT_INTERRUPTED
        return Wizard(saved_iv, draft, out=self.term.out).run()


# ---------------------------------------------------------------------- starting


def start(options: Options, *, out: TextIO | None = None) -> int:
    """Set up the interview (new, resumed, from a case file or a notice) and run it."""
    from poa.languages import default_language, is_traditional, text_language

    out = out or sys.stdout
    today = options.today or dt.date.today()
    lang = options.lang
    if options.resume is not None:
        iv, _ = load_draft(options.resume, today=today, lang=lang)
        resumed = Wizard(iv, options.resume, out=out)
        for line in next_round.start_lines(iv):  # Amazon's reply first, when the latest plan was not accepted
            resumed.term.say(line)
        return resumed.run()
    draft = options.draft or DEFAULT_DRAFT
    if draft.exists() and not is_draft(draft):
        raise PoaError.of("new.draft_taken", path=draft)
    # A Chinese locale settles the language (and its script): the question would only be answered with Enter.
    chosen = lang or default_language()
    from_locale = lang is None and chosen != "en"
    iv = Interview(
        lang=text_language(chosen),
        hant=is_traditional(chosen),
        lang_fixed=lang is not None or from_locale,
        today=today,
    )
    wizard = Wizard(iv, draft, out=out)
    if from_locale:
        wizard.term.say(iv.text("note.lang_from_locale"))
    if draft.exists():
        resumed = wizard.offer_resume(draft, today=today, lang=lang)
        if resumed is not None:
            return resumed
    if options.answers is not None:
        iv.data = load_answers(options.answers)
        if options.answers.suffix.lower() in CASE_SUFFIXES:  # the finished case goes back where it came from
            wizard.case_default = options.answers
        given = iv.mark_given()
        wizard.term.say(iv.text("note.preset", source=options.answers, count=given))
        for line in next_round.start_lines(iv):  # Amazon's reply first, when the latest plan was not accepted
            wizard.term.say(line)
    if options.notice is not None:
        _prefill_from_notice(wizard, options.notice)
    save_draft(iv, draft)
    return wizard.run()


def _prefill_from_notice(wizard: Wizard, path: Path) -> None:
    """Fill what the notice states; each part is still asked, with what was read as its default."""
    from poa.readers.notice import describe, read_notice_file

    iv = wizard.iv
    reading = read_notice_file(path)
    for line in describe(reading, iv.lang).splitlines():
        wizard.term.say(line)
    for key, value in reading.partial_case().items():
        if key not in iv.data or iv.data[key] in (None, "", [], {}):
            iv.data[key] = value
