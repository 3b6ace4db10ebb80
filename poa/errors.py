"""The one error type users see: a message that names the place and the fix, in English or Chinese.

Messages that commands with --lang can show live in poa/data/messages.yaml, each in both languages;
a PoaError made from one (PoaError.of) is printed in the language the seller asked for.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

LANGUAGES = ("en", "zh")


@cache
def _catalogue() -> dict[str, dict[str, str]]:
    from pathlib import Path

    import yaml

    path = Path(__file__).parent / "data" / "messages.yaml"
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(path.read_text(encoding="utf-8"), Loader=loader)


@dataclass(frozen=True)
class Message:
    """A catalogue message and its fields; a field may itself be a Message, said in the same language."""

    key: str
    fields: dict[str, Any] = field(default_factory=dict)

    def text(self, lang: str = "en") -> str:
        from poa.languages import shown, text_language

        entry = _catalogue()[self.key]
        template = entry.get(text_language(lang)) or entry["en"]
        values = {
            name: value.text(text_language(lang)) if isinstance(value, Message) else value
            for name, value in self.fields.items()
        }
        return shown(template.format(**values), lang)

    def __str__(self) -> str:
        return self.text("en")


def message(key: str, /, **fields: Any) -> Message:
    return Message(key, fields)


class PoaError(Exception):
    """A user mistake or an unusable input; the CLI prints it on one line and exits 2."""

    exit_code = 2

    def __init__(self, text: str | Message) -> None:
        self.message = text if isinstance(text, Message) else None
        super().__init__(str(text))

    @classmethod
    def of(cls, key: str, /, **fields: Any) -> PoaError:
        return cls(Message(key, fields))

    def text(self, lang: str = "en") -> str:
        """The message in the seller's language, where the catalogue has it."""
        return self.message.text(lang) if self.message is not None else str(self)
