"""Text cleaning shared by the case model and the catalogue.

Word stores XML 1.0, which forbids C0 controls (except tab and newline), lone surrogates and
U+FFFE/U+FFFF; python-docx raises on them, so they are removed where text enters the program.
So are characters that show nothing useful in a plan but can change how it reads: right-to-left
overrides and isolates (U+202E turns "txt.exe" around), zero-width spaces and joiners' cousins,
soft hyphens, C1 controls and Unicode tag characters.
"""

from __future__ import annotations

import re

# Everything XML 1.0 cannot hold (tab, newline and carriage return are allowed).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Invisible or direction-changing characters (ZWJ and ZWNJ stay: some scripts and emoji need them).
_INVISIBLE = re.compile(
    "[\x7f-\x9f\u00ad\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069"
    "\ufeff\ufff9-\ufffb\U000e0000-\U000e007f]"
)
_SPACES = re.compile(r"\s+")


def strip_unstorable(text: str) -> str:
    """Remove the characters a .docx cannot store and normalise line endings."""
    return _INVISIBLE.sub("", _NOT_XML.sub("", text.replace("\r\n", "\n").replace("\r", "\n")))


def clean_line(value: object) -> object:
    """One line of text: unstorable characters removed, all whitespace runs made one space."""
    if not isinstance(value, str):
        return value
    return _SPACES.sub(" ", strip_unstorable(value)).strip()


def clean_paragraphs(value: object) -> object:
    """Free text that keeps its line breaks: each line trimmed, at most one blank line in a row."""
    if not isinstance(value, str):
        return value
    lines = [_SPACES.sub(" ", line).strip() for line in strip_unstorable(value).split("\n")]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()
