"""Putting the seller's answers into Markdown as literal text.

Answers are data: a root cause that starts with "1." or contains "*" must show as typed, not turn
into a list or bold text, so every answer is escaped on its way into a template.
"""

from __future__ import annotations

import re

_INLINE = re.compile(r"([\\`*_\[\]<>|~])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
# Characters that only mean something at the start of a line: headings, quotes, list markers, rules.
_LINE_START = re.compile(r"^([ \t]*)(?:([#+=>-])|(\d{1,9})([.)]))", re.MULTILINE)


class Markdown(str):
    """Text that is Markdown already and must not be escaped again."""


def escape(text: str) -> str:
    text = _INLINE.sub(r"\\\1", text)
    text = _ENTITY.sub(r"\\&", text)
    return _LINE_START.sub(_escape_line_start, text)


def _escape_line_start(match: re.Match[str]) -> str:
    indent, marker, digits, delimiter = match.groups()
    if marker:
        return f"{indent}\\{marker}"
    return f"{indent}{digits}\\{delimiter}"
