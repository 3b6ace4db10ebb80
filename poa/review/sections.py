"""The sections of a draft written elsewhere: its headings and its points, each with its section."""

from __future__ import annotations

import re
from dataclasses import dataclass

from poa.review.rules import RuleBook, load_rules, normalise
from poa.review.wording import count_words

LIST_MARKER = re.compile(r"^\s*(?:\d{1,3}[.)]|[-*+•·]|[a-zA-Z][.)]) ")
_UNDERLINE = re.compile(r"^\s*(?:=+|-+)\s*$")
_MD_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*)$")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~&])")
_HEADING_NUMBER = re.compile(r"^(?:\d{1,2}[.)]?|[ivx]{1,4}[.)]|part \d{1,2}:?|step \d{1,2}:?)\s+", re.IGNORECASE)


def _is_rule_line(line: str) -> bool:
    """A horizontal rule ("* * *", "---") or a Markdown table's separator row ("| --- | :-: |")."""
    marks = line.replace(" ", "").replace("\t", "")
    if len(marks) >= 3 and len(set(marks)) == 1 and marks[0] in "-*_":
        return True
    return "-" in marks and not set(marks) - set("|:-")


def clean_markup(line: str) -> str:
    """Markdown emphasis and escapes removed, so rules read the words."""
    return _MD_ESCAPE.sub(r"\1", line.replace("**", "").replace("__", "").replace("*", "").replace("`", ""))


def _heading_section(text: str, book: RuleBook) -> str | None:
    """The section a heading names, if any: the longest keyword it starts with."""
    cleaned = _HEADING_NUMBER.sub("", clean_markup(text).strip().strip(":：").strip()).lower()
    cleaned = normalise(cleaned).rstrip("?:：")
    best: tuple[int, str] | None = None
    for section, keywords in book.draft_headings.items():
        for keyword in keywords:
            if not cleaned.startswith(keyword):
                continue
            rest = cleaned[len(keyword) :]
            if rest and keyword[-1].isascii() and (rest[0].isalnum()):
                continue  # "evidenced" is not "evidence"
            if best is None or len(keyword) > best[0]:
                best = (len(keyword), section)
    return best[1] if best else None


def _is_plain_heading(line: str) -> bool:
    """A short line without a full stop, such as "Root causes" or "2. Corrective actions taken:"."""
    stripped = _HEADING_NUMBER.sub("", clean_markup(line).strip())
    return 0 < count_words(stripped) <= 12 and not stripped.endswith((".", "。", ";"))


def _is_subheading(line: str, following: str) -> bool:
    """A title-case line standing alone, such as a reason's name over its list in plain text."""
    if following.strip() or LIST_MARKER.match(line):
        return False
    words = [word for word in clean_markup(line).split() if len(word) > 3]
    return bool(words) and all(word[0].isupper() for word in words)


# The level of a heading found by its words alone: below any Markdown heading.
_PLAIN = 7


@dataclass
class DraftPart:
    section: str
    line: int
    lines: list[str]
    heading: bool = False
    listed: bool = False  # starts with a list marker


def draft_parts(text: str, *, paragraph_per_line: bool) -> list[DraftPart]:
    """The draft as headings and points (paragraphs or list items), each with its section and line."""
    book = load_rules()
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    parts: list[DraftPart] = []
    section, section_level = "other", _PLAIN
    current: DraftPart | None = None
    for number, raw in enumerate(lines, 1):
        line = raw.rstrip()
        following = lines[number] if number < len(lines) else ""
        if not line.strip():
            current = None
            continue
        if _UNDERLINE.match(line) or _is_rule_line(line):
            current = None
            continue
        heading = _MD_HEADING.match(line)
        setext = bool(following.strip()) and bool(_UNDERLINE.match(following)) and current is None
        if heading or setext or _is_plain_heading(line):
            title = heading.group(2).rstrip("# \t") if heading else line
            named = _heading_section(title, book)
            level = len(heading.group(1)) if heading else (2 if setext else None)
            if named is not None or level is not None or _is_subheading(line, following):
                if named is not None:
                    section, section_level = named, level or _PLAIN
                elif level is not None and level <= section_level:
                    # An unknown heading as high as the section's own ends it; a lower one (a reason's name) does not.
                    section, section_level = "other", level
                parts.append(DraftPart(section, number, [title], heading=True))
                current = None
                continue
        # A list item, and a table row, is a point of its own.
        if current is None or paragraph_per_line or LIST_MARKER.match(line) or line.lstrip().startswith("|"):
            marker = LIST_MARKER.match(line)
            current = DraftPart(section, number, [], listed=marker is not None)
            parts.append(current)
            line = line[marker.end() :] if marker else line  # "1." is numbering, not a number the text names
        current.lines.append(line.strip())
    return parts
