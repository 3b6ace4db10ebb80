"""The notice's text in one form: normalised for reading, folded for matching, with small context windows.

Every finder reads the same `NoticeText`: `text` is what the notice says (values are taken from it),
`folded` is the same text lowered for matching, of the same length, so a position in one is the same
place in the other.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Any

from poa.readers.inputs import html_to_text, looks_like_html

MAX_HITS = 300  # matches of one pattern handled in Python; real notices have a handful

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
# Dashes, quotes and invisible characters e-mail programs put in; NFKC leaves these alone.
_PUNCTUATION = str.maketrans(
    {
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2212": "-",
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u200b": None,
        "\u200c": None,
        "\u200d": None,
        "\u2060": None,
        "\u00ad": None,
        "\ufeff": None,
        "\t": " ",
        "\f": "\n",
        "\v": "\n",
    }
)
_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")

CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
_SPACES = re.compile(r"[^\S\n]+")
_CJK_GAP = re.compile(r"(?<=[\u3400-\u9fff]) (?=[\u3400-\u9fff])")
_EDGES = re.compile(r"^[ |]+|[ |]+$", re.MULTILINE)
_MANY_BLANKS = re.compile(r"\n{3,}")
SENTENCE_END = re.compile(r"[.!?;](?=\s|$)|[。!?;\n]")


def normalise_text(text: str) -> str:
    """One way of writing what can be written many: line endings, spaces, full-width forms, HTML."""
    from poa.case.text import strip_unstorable

    text = strip_unstorable(text.translate(_PUNCTUATION))
    if looks_like_html(text):
        text = html_to_text(text)
    # Full-width digits, letters and punctuation (２０２６年, ％, ：) become their ASCII forms.
    text = unicodedata.normalize("NFKC", text).translate(_PUNCTUATION)
    text = _SPACES.sub(" ", text)
    text = _CJK_GAP.sub("", text)
    text = _EDGES.sub("", text)
    return _MANY_BLANKS.sub("\n\n", text).strip()


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# Simplified Chinese itself writes some words two ways (帐户 and 账户, 帐号 and 账号); the converter keeps
# both, so the one form the catalogue uses is chosen after it.
_SIMPLIFIED_VARIANTS = str.maketrans({"帐": "账"})


def fold(text: str) -> str:
    """The text as patterns match it: ASCII letters lowered, Chinese in simplified characters, same length."""
    folded = text.translate(_ASCII_LOWER)
    if _CJK.search(folded):
        folded = _simplified(folded).translate(_SIMPLIFIED_VARIANTS)
    return folded


@cache
def _folded_phrase(phrase: str) -> str:
    return fold(phrase)


@cache
def _converter() -> Any:
    import opencc

    return opencc.OpenCC("t2s")  # traditional (Taiwan, Hong Kong) to simplified; simplified stays as it is


def _simplified(text: str) -> str:
    """Traditional characters in their simplified form, character for character, so positions still agree."""
    converted = _converter().convert(text)
    if len(converted) == len(text):
        return converted
    # A phrase that converts to another length: convert the Chinese characters one at a time instead.
    table = {char: _converter().convert(char) for char in set(_CJK.findall(text))}
    return text.translate({ord(char): new for char, new in table.items() if len(new) == 1 and new != char})


@dataclass
class NoticeText:
    """A normalised notice and its folded twin, with the context windows the finders look in."""

    text: str
    folded: str
    # Whether the notice holds any Chinese: when not, no Chinese phrase can match and none is looked for.
    chinese: bool = True

    @classmethod
    def of(cls, text: str) -> NoticeText:
        return cls(text, fold(text), _CJK.search(text) is not None)

    def mentions(self, *words: str) -> bool:
        """A quick look before a full scan: a pattern that needs one of these words cannot match without it."""
        return any(word in self.folded for word in words)

    def line_start(self, position: int) -> int:
        floor = max(0, position - 300)
        return self.folded.rfind("\n", floor, position) + 1 or floor

    def line_end(self, position: int) -> int:
        end = self.folded.find("\n", position, position + 300)
        return min(len(self.folded), position + 300) if end < 0 else end

    def sentence(self, start: int, end: int) -> tuple[int, int]:
        floor = max(0, start - 250)
        ends = [match.end() for match in SENTENCE_END.finditer(self.folded, floor, start)]
        begin = ends[-1] if ends else floor
        after = SENTENCE_END.search(self.folded, end, end + 250)
        return begin, (after.start() if after else min(len(self.folded), end + 250))


# " ... " in a phrase: up to four words between ("asserting ... trademark": asserting the rights owner's trademark).
_GAP = r"(?:[\s:|/-]{1,4}[a-z0-9'.,]{1,30}){0,4}[\s:|/-]{1,4}"


@cache
def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    """An English phrase as a pattern: any case and spacing, '-' or a space between words, 'word*' endings,
    and ' ... ' for a few words in between."""
    parts = re.split(r"([a-z0-9]+\*?)", fold(phrase))
    pattern = ""
    for index, part in enumerate(parts):
        if index % 2:
            pattern += re.escape(part.rstrip("*")) + ("[a-z0-9]{0,20}" if part.endswith("*") else "")
        elif 0 < index < len(parts) - 1 and part.strip() == "...":
            pattern += _GAP
        elif 0 < index < len(parts) - 1:
            core = re.sub(r"[\s-]", "", part)
            if core:
                pattern += r"\s?" + re.escape(core) + r"\s?"
            elif "-" in part:
                pattern += r"[\s-]{0,2}"
            else:
                pattern += r"[\s:|/-]{1,4}"
    return re.compile(pattern + "(?![a-z0-9])")


def find_phrase(notice: NoticeText, phrase: str) -> list[tuple[int, int]]:
    """Where a catalogue phrase stands in the folded text, at most MAX_HITS places."""
    spans: list[tuple[int, int]] = []
    if not phrase.isascii() and not notice.chinese:
        return spans
    phrase, folded = _folded_phrase(phrase), notice.folded
    if phrase.isascii():
        words = re.findall(r"[a-z0-9]+", phrase)
        if not all(word in folded for word in words):  # str.find is far quicker than a scan that cannot match
            return spans
        for match in _phrase_pattern(phrase).finditer(folded):
            if match.start() == 0 or folded[match.start() - 1] not in _ALNUM:
                spans.append(match.span())
                if len(spans) >= MAX_HITS:
                    break
        return spans
    start = folded.find(phrase)
    while start >= 0 and len(spans) < MAX_HITS:
        spans.append((start, start + len(phrase)))
        start = folded.find(phrase, start + len(phrase))
    return spans
