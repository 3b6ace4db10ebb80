"""The terminal under `poa new`: questionary prompts with the back key, the lines between them, and the
text being typed when the terminal closes.

The prompt loop (wizard.py) and its screens (review_screen.py, editors.py, output_screen.py) all ask
through one Terminal, so the back key, the step counter and what is kept on a hang-up work alike.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TextIO

import questionary
from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

from poa.interview.answers import AnswerError
from poa.interview.flow import Interview
from poa.interview.prompts import PromptTexts
from poa.interview.question import TOTAL_STEPS, Concern
from poa.languages import traditional


class _Back:
    """What a prompt returns when the seller presses the back key."""


BACK = _Back()


def _back_key() -> KeyBindings:
    keys = KeyBindings()

    @keys.add("c-b")
    def _(event: Any) -> None:
        event.app.exit(result=BACK)

    return keys


def validator(read: Callable[[Any], object]) -> Callable[[Any], bool | str]:
    """A prompt's check: the reader's own error under the prompt, or True once it reads."""

    def validate(raw: Any) -> bool | str:
        try:
            read(raw)
        except AnswerError as error:
            return str(error)
        return True

    return validate


class Terminal:
    """The prompts of one interview; it keeps the text on screen in iv.pending when the terminal goes."""

    def __init__(self, iv: Interview, out: TextIO) -> None:
        self.iv = iv
        self.out = out
        self._prompt: Any = None  # the questionary Question on screen, for the text being typed
        self._prompt_id: str | None = None

    def shown(self, text: str) -> str:
        """Text as the seller reads it: in traditional characters for zh-Hant (never what they typed)."""
        return traditional(text) if self.iv.hant else text

    def _shown_check(self, validate: Any) -> Any:
        """A prompt's check whose message is shown like every other text."""
        if validate is None or not self.iv.hant:
            return validate

        def check(raw: Any) -> bool | str:
            result = validate(raw)
            return self.shown(result) if isinstance(result, str) else result

        return check

    def _shown_choices(self, choices: list[questionary.Choice]) -> list[questionary.Choice]:
        for choice in choices:
            if isinstance(choice.title, str):
                choice.title = self.shown(choice.title)
            if isinstance(choice.description, str):
                choice.description = self.shown(choice.description)
        return choices

    def say(self, line: str = "") -> None:
        line = self.shown(line)
        try:
            self.out.write(line + "\n")
            self.out.flush()
        except OSError:
            pass  # the terminal is gone; the draft still holds everything

    def ask(self, prompt: Any, qid: str | None = None) -> Any:
        app = prompt.application
        app.key_bindings = merge_key_bindings([app.key_bindings, _back_key()]) if app.key_bindings else _back_key()
        self._prompt, self._prompt_id = prompt, qid
        try:
            return prompt.unsafe_ask()
        except BaseException:  # Ctrl-C, end of input, or the terminal gone (EIO): the text typed is kept
            self.keep_typed()
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

    def keep_typed(self) -> None:
        """Put what is being typed into the interview, so the draft saved next holds it."""
        typed = self._typed()
        if typed:
            self.iv.pending = {"question": self._prompt_id or "", "text": typed}

    @staticmethod
    def qmark(step: int) -> str:
        return f"[{step}/{TOTAL_STEPS}]"

    def text(self, message: str, default: str, step: int, validate: Any, qid: str | None = None) -> Any:
        prompt = questionary.text(
            self.shown(message),
            default=default,  # what the seller typed before: never converted
            validate=self._shown_check(validate),
            qmark=self.qmark(step),
            instruction=None,
        )
        return self.ask(prompt, qid)

    def select(self, message: str, choices: list[tuple[str, str]], default: str | None, step: int) -> Any:
        """poa's menu: each choice wrapped whole, the cursor on the default."""
        from poa.interview import prompts

        options = [questionary.Choice(self.shown(title), value) for value, title in choices]
        values = [value for value, _ in choices]
        prompt = prompts.select(
            self.shown(message),
            options,
            self.shown(self.iv.text("instruction.select")),
            qmark=self.qmark(step),
            default=default if default in values else None,
        )
        return self.ask(prompt)

    def _texts(self) -> PromptTexts:
        def t(key: str, **fields: object) -> str:
            return self.shown(self.iv.text(key, **fields))

        return PromptTexts(
            instruction=t("instruction.checkbox"),
            answered_one=t("prompt.answered_one", title="{title}"),
            answered_many=t("prompt.answered_many", count="{count}"),
            nothing=t("prompt.nothing"),
            yes=t("prompt.yes"),
            no=t("prompt.no"),
            yes_no=t("prompt.yes_no"),
            no_yes=t("prompt.no_yes"),
        )

    def checkbox(
        self, message: str, choices: list[questionary.Choice], step: int, validate: Any = lambda values: True
    ) -> Any:
        """poa's multi-select: choices wrapped whole, the error under the list, the seller's language."""
        from poa.interview import prompts

        prompt = prompts.checkbox(
            self.shown(message),
            self._shown_choices(choices),
            self._texts(),
            qmark=self.qmark(step),
            validate=self._shown_check(validate),
        )
        return self.ask(prompt)

    def confirm(self, message: str, step: int, default: bool = False) -> Any:
        from poa.interview import prompts

        return self.ask(prompts.confirm(self.shown(message), self._texts(), qmark=self.qmark(step), default=default))

    def decide(self, concerns: list[Concern], step: int, *, can_move: bool) -> str:
        """The seller's answer to what an answer raises: "keep", "move" (a promise) or "again"."""
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
