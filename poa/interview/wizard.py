"""`poa new` on the terminal: shows the interview's questions with questionary and saves after every answer.

Only prompting lives here. The questions, their checks and the partial case are poa/interview.py;
the draft file is poa/draft.py; the files written at the end come from poa/outputs.py.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

import questionary
from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

from poa.case.store import CASE_SUFFIXES
from poa.errors import PoaError
from poa.interview.answers import AnswerError, PathAnswer, has_chinese, parse_output_path
from poa.interview.answers import parse_text as read_line
from poa.interview.draft_file import DEFAULT_DRAFT, backup_path, is_draft, load_answers, load_draft, save_draft
from poa.interview.flow import (
    TOTAL_STEPS,
    Concern,
    Interview,
    Question,
    build_case,
    causes_changed,
    item_concerns,
    reopen_section,
    review_choices,
    review_lines,
)

EXIT_DONE = 0
EXIT_INTERRUPTED = 130
EXIT_HANGUP = 129


class _Back:
    """What a prompt returns when the seller presses the back key."""


BACK = _Back()


@dataclass
class Options:
    lang: str | None = None
    draft: Path | None = None
    resume: Path | None = None
    answers: Path | None = None
    notice: Path | None = None
    today: dt.date | None = None


def _back_key() -> KeyBindings:
    keys = KeyBindings()

    @keys.add("c-b")
    def _(event: Any) -> None:
        event.app.exit(result=BACK)

    return keys


class Wizard:
    def __init__(self, iv: Interview, draft: Path, *, out: TextIO | None = None) -> None:
        self.iv = iv
        self.draft = draft
        self.out = out or sys.stdout
        self.case_default = Path("poa-case.yaml")
        self._prompt: Any = None  # the questionary Question on screen, for the text being typed
        self._prompt_id: str | None = None
        self._heading: str | None = None

    # ------------------------------------------------------------------ terminal plumbing

    def say(self, line: str = "") -> None:
        try:
            self.out.write(line + "\n")
            self.out.flush()
        except OSError:
            pass  # the terminal is gone; the draft still holds everything

    def _ask(self, prompt: Any, qid: str | None = None) -> Any:
        app = prompt.application
        app.key_bindings = merge_key_bindings([app.key_bindings, _back_key()]) if app.key_bindings else _back_key()
        self._prompt, self._prompt_id = prompt, qid
        try:
            return prompt.unsafe_ask()
        except (KeyboardInterrupt, EOFError):
            self._keep_typed()
            raise
        finally:
            self._prompt = self._prompt_id = None

    def _typed(self) -> str | None:
        """The text on the prompt now, typed but not yet entered."""
        if self._prompt is None or self._prompt_id is None:
            return None
        try:
            return self._prompt.application.current_buffer.text or None
        except Exception:  # a prompt with no text buffer (a menu)
            return None

    def _keep_typed(self) -> None:
        typed = self._typed()
        if typed:
            self.iv.pending = {"question": self._prompt_id or "", "text": typed}

    def save(self, *, keep_typing: bool = False) -> None:
        if keep_typing:
            self._keep_typed()
        save_draft(self.iv, self.draft)

    def _hang_up(self, signum: int, frame: Any) -> None:
        """The terminal closed (or the process is asked to stop): keep what is typed, then leave."""
        try:
            self.save(keep_typing=True)
        finally:
            os._exit(EXIT_HANGUP)

    def qmark(self, step: int) -> str:
        return f"[{step}/{TOTAL_STEPS}]"

    def text(self, message: str, default: str, step: int, validate: Any, qid: str | None = None) -> Any:
        prompt = questionary.text(message, default=default, validate=validate, qmark=self.qmark(step), instruction=None)
        return self._ask(prompt, qid)

    def select(self, message: str, choices: list[tuple[str, str]], default: str | None, step: int) -> Any:
        options = [questionary.Choice(title, value) for value, title in choices]
        values = [value for value, _ in choices]
        prompt = questionary.select(
            message,
            options,
            default=default if default in values else None,
            qmark=self.qmark(step),
            use_jk_keys=False,
            instruction=self.iv.text("instruction.select"),
        )
        return self._ask(prompt)

    def confirm(self, message: str, step: int, default: bool = False) -> Any:
        return self._ask(questionary.confirm(message, default=default, qmark=self.qmark(step)))

    # ------------------------------------------------------------------ the run

    def run(self) -> int:
        previous = {signum: signal.signal(signum, self._hang_up) for signum in (signal.SIGHUP, signal.SIGTERM)}
        try:
            return self._run()
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)

    def _run(self) -> int:
        try:
            self.say(self.iv.text("keys"))
            return self._loop()
        except (KeyboardInterrupt, EOFError):
            self.save(keep_typing=True)
            self.say()
            self.say(self.iv.text("note.resume", path=self.draft))
            return EXIT_INTERRUPTED
        except BaseException:
            # A file that cannot be written, or a fault of ours: the answers so far are kept first.
            self.save(keep_typing=True)
            self.say(self.iv.text("note.resume", path=self.draft))
            raise

    def _loop(self) -> int:
        iv = self.iv
        while True:
            question = iv.next_question()
            if question is None:  # cannot happen: output is always last, but never loop forever
                return EXIT_DONE
            self._announce(question)
            if question.kind == "review":
                outcome = self._review(question)
            elif question.kind == "output":
                outcome = self._output(question)
                if outcome is True:
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
            self.say()
            self.say(f"── {heading} ──")

    def _validator(self, question: Question):  # -> Callable[[Any], bool | str]
        def validate(raw: Any) -> bool | str:
            try:
                question.read(raw)
            except AnswerError as error:
                return str(error)
            return True

        return validate

    def _simple(self, question: Question) -> Any:
        """A text, menu or multi-select question, then the concerns its answer raises."""
        iv = self.iv
        default = iv.default_for(question)
        while True:
            if question.kind == "text":
                raw = self.text(question.message, default or "", question.step, self._validator(question), question.id)
            elif question.kind == "select":
                raw = self.select(question.message, question.choices, default, question.step)
            else:
                raw = self._checkbox(question, default or [])
            if raw is BACK:
                return BACK
            value = question.read(raw)
            if self._keep(question, value):
                break
            default = self._retype_default(raw)
        iv.accept(question, value)
        for note in question.notes(value):
            self.say("  " + note)
        return value

    def _checkbox(self, question: Question, checked: list[str]) -> Any:
        choices = []
        for value, title in question.choices:
            short, _, detail = title.partition("\n")
            choices.append(
                questionary.Choice(short, value, checked=value in checked, description=detail.strip() or None)
            )
        prompt = questionary.checkbox(
            question.message,
            choices,
            qmark=self.qmark(question.step),
            validate=self._validator(question),
            use_jk_keys=False,
            instruction=self.iv.text("instruction.checkbox"),
        )
        return self._ask(prompt)

    def _retype_default(self, raw: Any) -> Any:
        """What to offer when an answer is to be typed again: a Chinese answer is shown, not pre-filled,
        since its English version is typed from scratch; anything else is offered for editing."""
        if isinstance(raw, str) and has_chinese(raw):
            self.say("  " + self.iv.text("note.typed", text=raw))
            return ""
        return raw

    def _keep(self, question: Question, value: Any) -> bool:
        """Ask about each concern; False when the seller wants to answer again."""
        for concern in question.concerns(value):
            answer = self.confirm(concern.message, question.step, default=False)
            if answer is BACK or not answer:
                return False
        return True

    def _own(self, question: Question) -> Any:
        """Items the seller writes, one per prompt; an empty line ends the list once it has one."""
        iv = self.iv
        assert question.add is not None
        default = iv.default_for(question) or ""
        while True:
            validate = self._own_validator(question)
            raw = self.text(question.message, default, question.step, validate, question.id)
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

    def _own_validator(self, question: Question):  # -> Callable[[str], bool | str]
        def validate(raw: str) -> bool | str:
            try:
                text = question.read(raw)
            except AnswerError as error:
                return str(error)
            if text is None and question.needs_one():
                return self.iv.text("error.write_one")
            return True

        return validate

    def _resolve_own(self, question: Question, text: str) -> bool:
        """Keep a written item, after the seller decides on anything it raises; False to type it again."""
        assert question.add is not None
        decision = self._decide(question.concerns(text), question.step, can_move=question.move is not None)
        if decision == "again":
            return False
        if decision == "move":
            assert question.move is not None
            question.move(text)
            self.say("  " + self.iv.text("note.moved"))
            return True
        question.add(text)
        return True

    def _decide(self, concerns: list[Concern], step: int, *, can_move: bool) -> str:
        """The seller's answer to what a written item raises: "keep", "move" (a promise) or "again"."""
        for concern in concerns:
            if concern.kind == "promise" and can_move:
                choice = self._promise_choice(concern, step)
                if choice == "move":
                    return "move"
                if choice != "keep":
                    return "again"
            else:
                answer = self.confirm(concern.message, step, default=False)
                if answer is BACK or not answer:
                    return "again"
        return "keep"

    def _promise_choice(self, concern: Concern, step: int) -> Any:
        choices = [(k, self.iv.text(f"q.promise.{k}")) for k in ("reword", "move", "keep")]
        return self.select(concern.message, choices, "reword", step)

    # ------------------------------------------------------------------ review

    def _review(self, question: Question) -> Any:
        iv = self.iv
        case, problem = build_case(iv)
        self.say()
        for line in review_lines(iv):
            self.say(line)
        self.say()
        if problem:
            self.say(iv.text("note.review_problem", problem=problem))
        else:
            self._show_findings(case)
        choice = self.select(question.message, review_choices(iv, ready=case is not None), None, question.step)
        if choice is BACK:
            return BACK
        if choice == "confirm":
            iv.accept(question, None)
        elif choice.startswith("plans."):
            _, reason_id, section = choice.split(".")
            self._edit_items(reason_id, section)
        else:
            reopen_section(iv, choice)
        return choice

    def _show_findings(self, case: Any) -> None:
        """What `poa check` says about the finished case, before anything is written."""
        from poa.review.check import check_case, format_findings

        iv = self.iv
        self.say(iv.text("note.review_ready"))
        findings = check_case(case, today=iv.today)
        if not findings:
            self.say(iv.text("note.no_findings"))
            return
        self.say(iv.text("note.findings"))
        for line in format_findings(findings, iv.lang).splitlines():
            self.say(("  " + line).rstrip())

    def _edit_items(self, reason_id: str, section: str) -> None:
        """Add, reword or remove items of one section, until the seller goes back to the review."""
        iv = self.iv
        name = iv.text("q.review.section", reason=iv.label(reason_id), section=iv.text("section." + section))
        while True:
            items = iv.items(reason_id, section)
            for number, item in enumerate(items, 1):
                self.say(f"  {number}. {_item_title(section, item)}")
            actions = [(k, iv.text(f"q.edit.{k}")) for k in ("add", "reword", "remove", "done")]
            if not items:
                actions = [a for a in actions if a[0] in ("add", "done")]
            action = self.select(iv.text("q.edit", section=name), actions, None, 8)
            if action in ("done", BACK):
                break
            if action == "add":
                break
            if action == "remove":
                self._remove_items(reason_id, section, items)
            if action == "reword":
                self._reword_item(reason_id, section, items)
            self.save()
        # New or moved items may lack a date, owner or ASINs: those questions come next.
        pick_id = f"plans.{reason_id}.{section}"
        iv.done = [d for d in iv.done if not d.startswith(pick_id + ".")]
        iv.mark_given()
        if action == "add":
            # The pick list again, the current items ticked, and "write my own" after it if chosen.
            iv.done = [d for d in iv.done if d not in (pick_id, pick_id + "+")]

    def _remove_items(self, reason_id: str, section: str, items: list[Any]) -> None:
        iv = self.iv
        choices = [questionary.Choice(_item_title(section, item)[:100], str(i)) for i, item in enumerate(items)]
        prompt = questionary.checkbox(
            iv.text("q.edit.remove_which"), choices, qmark=self.qmark(8), instruction=iv.text("instruction.checkbox")
        )
        chosen = self._ask(prompt)
        if chosen is BACK or not chosen:
            return
        drop = {int(i) for i in chosen}
        iv.set_items(reason_id, section, [item for i, item in enumerate(items) if i not in drop])
        if section == "root_causes":  # the causes are numbered afresh: the links are asked again
            causes_changed(iv, reason_id)

    def _reword_item(self, reason_id: str, section: str, items: list[Any]) -> None:
        iv = self.iv
        choices = [(str(i), _item_title(section, item)[:100]) for i, item in enumerate(items)]
        chosen = self.select(iv.text("q.edit.which"), choices, None, 8)
        if chosen is BACK:
            return
        index = int(chosen)
        item = items[index]
        key = "name" if section == "evidence" else "text"
        current = item if isinstance(item, str) else str(item.get(key, ""))

        def validate(raw: str) -> bool | str:
            try:
                read_line(raw, iv.lang)
            except AnswerError as error:
                return str(error)
            return True

        while True:
            raw = self.text(iv.text("q.edit.text"), current, 8, validate)
            if raw is BACK:
                return
            text = read_line(raw, iv.lang)
            assert text is not None
            decision = self._decide(item_concerns(iv, section, text), 8, can_move=True)
            if decision == "keep":
                break
            if decision == "move":
                measures = iv.items(reason_id, "preventive_measures")
                iv.set_items(reason_id, "preventive_measures", [*measures, {"text": text}])
                iv.set_items(reason_id, section, [x for i, x in enumerate(items) if i != index])
                self.say("  " + iv.text("note.moved"))
                return
            current = raw
        if section == "root_causes":
            items[index] = text
        else:
            items[index] = {**item, key: text}
        iv.set_items(reason_id, section, items)
        # The item's date, owner or ASINs are asked again, their answers as defaults.
        for field in ("date", "owner", "frequency", "asins"):
            qid = f"plans.{reason_id}.{section}.{index}.{field}"
            if qid in iv.done:
                iv.done.remove(qid)

    # ------------------------------------------------------------------ output

    def _output(self, question: Question) -> Any:
        iv = self.iv
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
        self.say()
        self.say(iv.text("note.wrote", path=case_answer.path))
        self.say(iv.text("note.wrote", path=plan_answer.path))
        for item in response_deadlines(case):
            if item.due < today:
                continue
            if item.days is None:
                self.say(iv.text("note.deadline_stated", due=item.due.isoformat()))
            else:
                unit = iv.text("note.business_days" if item.business_days else "note.days", days=item.days)
                self.say(iv.text("note.deadline_usual", reason=iv.label(item.reason_id), unit=unit, due=item.due))
        if self.draft.exists() and not self.draft.samefile(case_answer.path):
            self.draft.unlink()
            self.say(iv.text("note.draft_removed", path=self.draft))
        self.say(iv.text("note.done"))
        return True

    def _path(self, message: str, default: Path, suffixes: tuple[str, ...]) -> Any:
        """A file name to write; an existing file is replaced only when the seller says so."""
        iv = self.iv

        def validate(raw: str) -> bool | str:
            try:
                parse_output_path(raw, iv.lang, suffixes=suffixes)
            except AnswerError as error:
                return str(error)
            return True

        current = str(default)
        while True:
            raw = self.text(message, current, 9, validate)
            if raw is BACK:
                return BACK
            answer: PathAnswer = parse_output_path(raw, iv.lang, suffixes=suffixes)
            if answer.path.resolve() == self.draft.resolve():
                answer = PathAnswer(answer.path, True)
            if not answer.exists:
                return answer
            replace = self.confirm(iv.text("q.overwrite", path=answer.path), 9, default=False)
            if replace is True:
                return answer
            current = raw

    def offer_resume(self, draft: Path, *, today: dt.date, lang: str | None) -> int | None:
        """An unfinished draft where a new plan starts: resume it, or keep it aside and start afresh."""
        iv = self.iv
        saved_iv, saved = load_draft(draft, today=today, lang=lang)
        backup = backup_path(draft)
        choices = [("resume", iv.text("q.resume.resume")), ("fresh", iv.text("q.resume.fresh", backup=backup))]
        try:
            choice = self.select(iv.text("q.resume", path=draft, saved=saved), choices, "resume", 1)
        except (KeyboardInterrupt, EOFError):
            return EXIT_INTERRUPTED  # nothing changed: the draft is as it was
        if choice == "fresh":
            os.rename(draft, backup)
            self.say(iv.text("note.kept_backup", path=backup))
            return None
        if choice is BACK:
            return EXIT_INTERRUPTED
        return Wizard(saved_iv, draft, out=self.out).run()


def _item_title(section: str, item: Any) -> str:
    if isinstance(item, str):
        return item
    if not isinstance(item, dict):
        return str(item)
    text = str(item.get("name" if section == "evidence" else "text", ""))
    if section == "corrective_actions" and item.get("date"):
        text += f" [{item['date']}]"
    if section == "preventive_measures" and item.get("owner"):
        text += f" [{item.get('owner')}, {item.get('frequency', '?')}]"
    return text


# ---------------------------------------------------------------------- starting


def start(options: Options, *, out: TextIO | None = None) -> int:
    """Set up the interview (new, resumed, from a case file or a notice) and run it."""
    from poa.interview.answers import default_language

    out = out or sys.stdout
    today = options.today or dt.date.today()
    lang = options.lang
    if options.resume is not None:
        iv, _ = load_draft(options.resume, today=today, lang=lang)
        return Wizard(iv, options.resume, out=out).run()
    draft = options.draft or DEFAULT_DRAFT
    if draft.exists() and not is_draft(draft):
        raise PoaError(f"{draft}: exists and is not a poa draft; choose another draft file with --draft PATH")
    iv = Interview(lang=lang or default_language(), lang_fixed=lang is not None, today=today)
    wizard = Wizard(iv, draft, out=out)
    if draft.exists():
        resumed = wizard.offer_resume(draft, today=today, lang=lang)
        if resumed is not None:
            return resumed
    if options.answers is not None:
        iv.data = load_answers(options.answers)
        if options.answers.suffix.lower() in CASE_SUFFIXES:  # the finished case goes back where it came from
            wizard.case_default = options.answers
        given = iv.mark_given()
        wizard.say(iv.text("note.preset", source=options.answers, count=given))
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
        wizard.say(line)
    for key, value in reading.partial_case().items():
        if key not in iv.data or iv.data[key] in (None, "", [], {}):
            iv.data[key] = value
