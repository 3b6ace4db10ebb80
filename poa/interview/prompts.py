"""poa's own multi-select and yes/no prompts, built from questionary's pieces, so every word on them is poa's.

questionary's checkbox cuts a long choice at the terminal's edge, says "done (2 selections)" and shows
its error at the foot of the screen; its confirm says "(y/N)" and "Yes". These keep questionary's list
control and look, and add: choices wrapped to the terminal width by display width (a Chinese character
takes two columns) with a hanging indent, the error right under the list, and texts in the seller's
language. Only the terminal shell (terminal.py) uses them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import questionary
from prompt_toolkit.application import Application, get_app
from prompt_toolkit.filters import Condition, IsDone
from prompt_toolkit.key_binding import KeyBindings
from prompt_toolkit.keys import Keys
from prompt_toolkit.layout import ConditionalContainer, HSplit, Layout, ScrollOffsets, Window
from prompt_toolkit.layout.controls import FormattedTextControl
from prompt_toolkit.shortcuts import PromptSession
from prompt_toolkit.utils import get_cwidth
from questionary.prompts.common import InquirerControl
from questionary.styles import merge_styles_default

POINTER = "»"
TICKED, UNTICKED = "●", "○"
LEAD = 5  # the columns before a choice's text: pointer (3) and tick (2)


@dataclass(frozen=True)
class PromptTexts:
    """The words a prompt shows, in the seller's language."""

    instruction: str
    answered_one: str  # "{title}"
    answered_many: str  # "{count}"
    nothing: str  # a validator's False: nothing usable is ticked
    yes: str = ""
    no: str = ""
    yes_no: str = ""  # the hint when the default is yes
    no_yes: str = ""  # the hint when the default is no


def wrap(text: str, width: int) -> list[str]:
    """Text cut into lines of at most width display columns: between words, and between Chinese characters
    (which take two columns and need no spaces); a word longer than a line is cut where it must be."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, used = "", 0
        for word, spaced in _words(paragraph):
            size = get_cwidth(word)
            gap = 1 if line and spaced else 0
            if line and used + gap + size > width:
                lines.append(line)
                line, used, gap = "", 0, 0
            while size > width:  # a single word wider than the line
                cut = _fit(word, width)
                lines.append(word[:cut])
                word = word[cut:]
                size = get_cwidth(word)
            line += " " * gap + word
            used += gap + size
        lines.append(line)
    return lines


def _is_wide(char: str) -> bool:
    return get_cwidth(char) == 2


def _words(text: str) -> list[tuple[str, bool]]:
    """(word, whether a space came before it): words split at spaces, and before each wide character
    (Chinese lines break between any two characters, punctuation staying with the one before it)."""
    words: list[tuple[str, bool]] = []
    for chunk in text.split():
        current, spaced = "", True
        for char in chunk:
            if current and _is_wide(char) and not _closing(char):
                words.append((current, spaced))
                current, spaced = "", False
            current += char
        if current:
            words.append((current, spaced))
    return words


def _closing(char: str) -> bool:
    """Full-width punctuation that stays with the character before it."""
    return char in "，。、；：！？）」』》〉】"


def _fit(word: str, width: int) -> int:
    used = 0
    for index, char in enumerate(word):
        used += get_cwidth(char)
        if used > width:
            return max(index, 1)
    return len(word)


def _columns() -> int:
    try:
        return get_app().output.get_size().columns
    except Exception:  # no application running (a test building tokens)
        return 80


class WrappedChoices(InquirerControl):
    """questionary's list control, each choice wrapped to the terminal width under a hanging indent;
    with ticks (a multi-select) or without (a menu)."""

    ticks = True

    def _get_choice_tokens(self) -> list[tuple[str, str]]:
        lead = LEAD if self.ticks else LEAD - 2
        width = max(_columns() - lead - 1, 20)
        tokens: list[tuple[str, str]] = []
        for index, choice in enumerate(self.filtered_choices):
            pointed = index == self.pointed_at
            ticked = choice.value in self.selected_options
            tokens.append(("class:pointer", f" {POINTER} ") if pointed else ("class:text", "   "))
            if pointed:
                tokens.append(("[SetCursorPosition]", ""))
            if self.ticks:
                tokens.append(("class:selected" if ticked else "class:text", (TICKED if ticked else UNTICKED) + " "))
            style = "class:selected" if ticked else "class:highlighted" if pointed else "class:text"
            title = choice.title if isinstance(choice.title, str) else "".join(t[1] for t in choice.title)
            for number, line in enumerate(wrap(title, width)):
                if number:
                    tokens.append(("", "\n"))
                    tokens.append(("class:text", " " * lead))
                tokens.append((style, line))
            tokens.append(("", "\n"))
        if tokens:
            tokens.pop()  # no empty line under the list
        return tokens


def checkbox(
    message: str,
    choices: Sequence[questionary.Choice],
    texts: PromptTexts,
    *,
    qmark: str,
    validate: Callable[[list[Any]], bool | str] = lambda values: True,
) -> questionary.Question:
    """A multi-select: arrows move, Space ticks, Enter confirms; nothing else (no a/i shortcuts)."""
    control = WrappedChoices(list(choices), None, pointer=POINTER, show_description=False)
    error: dict[str, str | None] = {"text": None}

    def prompt_tokens() -> list[tuple[str, str]]:
        tokens = [("class:qmark", qmark), ("class:question", f" {message} ")]
        if control.is_answered:
            chosen = control.get_selected_values()
            if len(chosen) == 1:
                title = chosen[0].title if isinstance(chosen[0].title, str) else ""
                answer = texts.answered_one.format(title=title.split("\n")[0])
            else:
                answer = texts.answered_many.format(count=len(chosen))
            tokens.append(("class:answer", answer))
        else:
            tokens.append(("class:instruction", texts.instruction))
        return tokens

    def values() -> list[Any]:
        return [choice.value for choice in control.get_selected_values()]

    def check(chosen: list[Any]) -> bool:
        """The validator's verdict, its message shown right under the list (not at the foot of the screen)."""
        verdict = validate(chosen)
        error["text"] = None if verdict is True else texts.nothing if verdict is False else str(verdict)
        return verdict is True

    keys = _moving_keys(control)

    @keys.add(" ", eager=True)
    def _tick(event: Any) -> None:
        value = control.get_pointed_at().value
        if value in control.selected_options:
            control.selected_options.remove(value)
        else:
            control.selected_options.append(value)
        if error["text"] is not None:
            check(values())

    @keys.add(Keys.ControlM, eager=True)
    def _enter(event: Any) -> None:
        chosen = values()
        if check(chosen):
            control.is_answered = True
            event.app.exit(result=chosen)

    return questionary.Question(_list_app(prompt_tokens, control, keys, lambda: error["text"]))


class _Menu(WrappedChoices):
    ticks = False


def select(
    message: str, choices: Sequence[questionary.Choice], instruction: str, *, qmark: str, default: Any = None
) -> questionary.Question:
    """A menu: arrows move, Enter chooses; each choice wrapped whole, the cursor on the default."""
    control = _Menu(list(choices), None, pointer=POINTER, show_description=False, initial_choice=default)

    def prompt_tokens() -> list[tuple[str, str]]:
        tokens = [("class:qmark", qmark), ("class:question", f" {message} ")]
        if control.is_answered:
            title = control.get_pointed_at().title
            tokens.append(("class:answer", (title if isinstance(title, str) else "").split("\n")[0]))
        else:
            tokens.append(("class:instruction", instruction))
        return tokens

    keys = _moving_keys(control)

    @keys.add(Keys.ControlM, eager=True)
    def _enter(event: Any) -> None:
        control.is_answered = True
        event.app.exit(result=control.get_pointed_at().value)

    return questionary.Question(_list_app(prompt_tokens, control, keys, lambda: None))


def _moving_keys(control: InquirerControl) -> KeyBindings:
    """Ctrl-C, the arrows (and Ctrl-N, Ctrl-P) on a list; typing does nothing."""
    keys = KeyBindings()

    @keys.add(Keys.ControlC, eager=True)
    def _interrupt(event: Any) -> None:
        event.app.exit(exception=KeyboardInterrupt, style="class:aborting")

    @keys.add(Keys.Down, eager=True)
    @keys.add(Keys.ControlN, eager=True)
    def _down(event: Any) -> None:
        control.select_next()

    @keys.add(Keys.Up, eager=True)
    @keys.add(Keys.ControlP, eager=True)
    def _up(event: Any) -> None:
        control.select_previous()

    @keys.add(Keys.Any)
    def _other(event: Any) -> None:
        """Typing does nothing on a list."""

    return keys


def _list_app(
    prompt_tokens: Callable[[], list[tuple[str, str]]],
    control: InquirerControl,
    keys: KeyBindings,
    error: Callable[[], str | None],
) -> Application[Any]:
    """The question line, the list under it (scrolling when taller than the screen), and the error under
    the list (not at the foot of the screen)."""
    layout = Layout(
        HSplit(
            [
                Window(FormattedTextControl(prompt_tokens), wrap_lines=True, dont_extend_height=True),
                # The lines under the pointed choice stay in view as the list scrolls.
                ConditionalContainer(
                    Window(control, dont_extend_height=True, scroll_offsets=ScrollOffsets(bottom=3)),
                    filter=~IsDone(),
                ),
                ConditionalContainer(
                    Window(FormattedTextControl(lambda: [("class:validation-toolbar", "  " + (error() or ""))])),
                    filter=Condition(lambda: error() is not None) & ~IsDone(),
                ),
            ]
        )
    )
    return Application(layout=layout, key_bindings=keys, style=merge_styles_default([None]))


def confirm(message: str, texts: PromptTexts, *, qmark: str, default: bool = False) -> questionary.Question:
    """Yes or no: y or n answers at once, Enter takes the default; the words are the seller's language's."""
    status: dict[str, bool | None] = {"answer": None}

    def prompt_tokens() -> list[tuple[str, str]]:
        tokens = [("class:qmark", qmark), ("class:question", f" {message} ")]
        if status["answer"] is None:
            tokens.append(("class:instruction", (texts.yes_no if default else texts.no_yes) + " "))
        else:
            tokens.append(("class:answer", texts.yes if status["answer"] else texts.no))
        return tokens

    keys = KeyBindings()

    @keys.add(Keys.ControlC, eager=True)
    def _interrupt(event: Any) -> None:
        event.app.exit(exception=KeyboardInterrupt, style="class:aborting")

    def answer(event: Any, value: bool) -> None:
        status["answer"] = value
        event.app.exit(result=value)

    keys.add("y")(lambda event: answer(event, True))
    keys.add("Y")(lambda event: answer(event, True))
    keys.add("n")(lambda event: answer(event, False))
    keys.add("N")(lambda event: answer(event, False))
    keys.add(Keys.ControlM, eager=True)(lambda event: answer(event, default))

    @keys.add(Keys.Any)
    def _other(event: Any) -> None:
        """Only y, n and Enter answer."""

    session: PromptSession[Any] = PromptSession(prompt_tokens, key_bindings=keys, style=merge_styles_default([None]))
    return questionary.Question(session.app)
