"""Lines for a terminal of a given size: wrapped at its width by display width (a Chinese character
takes two columns), never inside a word, and cut into pages that fit its height.

No terminal here: the review screen gives the size and prints the pages.
"""

from __future__ import annotations

import re

from wcwidth import wcswidth

# A word: a run of letters, digits and marks with no space, or one Chinese (Japanese, Korean)
# character or full-width mark, after which a line may break as Chinese text does.
_PIECES = re.compile(r"\s+|[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]|[^\s]")
# Marks that close a phrase: kept on the line before, never starting one (as Chinese typesetting does).
_CLOSING = frozenset("，。、；：！？）》」』】…,.;:!?)]")
_FALLBACK_SIZE = (24, 80)


def width_of(text: str) -> int:
    """Columns the text takes on a terminal (a character wcwidth does not know counts as one)."""
    width = wcswidth(text)
    return width if width >= 0 else sum(max(wcswidth(ch), 1) for ch in text)


def _words(text: str) -> list[str]:
    """The text as spaces and unbreakable pieces: a Latin word whole, a Chinese character alone."""
    pieces: list[str] = []
    for match in _PIECES.finditer(text):
        piece = match[0]
        latin = len(piece) == 1 and not piece.isspace() and width_of(piece) == 1
        closing = piece in _CLOSING and not pieces[-1].isspace() if pieces else False
        if closing or (latin and pieces and _is_latin_word(pieces[-1])):
            pieces[-1] += piece
        else:
            pieces.append(piece)
    return pieces


def _is_latin_word(piece: str) -> bool:
    return bool(piece) and not piece[-1].isspace() and width_of(piece[-1]) == 1


def wrap(line: str, width: int) -> list[str]:
    """One line as the terminal lines it takes; a continued line is indented as the line starts,
    two more, so a wrapped item reads as one. A word wider than the whole line is cut, alone."""
    if width_of(line) <= width:
        return [line]
    indent = " " * (len(line) - len(line.lstrip(" ")) + 2)
    if len(indent) > width // 2:
        indent = ""
    out: list[str] = []
    current = ""
    for piece in _words(line):
        if piece.isspace():
            current += piece
            continue
        if width_of(current + piece) <= width or not current.strip():
            current += piece
            while width_of(current) > width:  # a single word wider than the line
                head = _fit(current, width)
                out.append(head)
                current = indent + current[len(head) :]
            continue
        out.append(current.rstrip())
        current = indent + piece
    if current.strip():
        out.append(current.rstrip())
    return out


def fit(text: str, width: int) -> str:
    """The text on one line of width columns: whole, or whole words up to it, then "…"."""
    if width_of(text) <= width:
        return text
    return wrap(text, width - 1)[0].rstrip(" ,;:，；：、") + "…"


def _fit(text: str, width: int) -> str:
    """The longest start of text that fits in width columns."""
    end = 0
    while end < len(text) and width_of(text[: end + 1]) <= width:
        end += 1
    return text[: max(end, 1)]


def _indent(block: list[str]) -> int:
    return len(block[0]) - len(block[0].lstrip(" ")) if block and block[0].strip() else -1


def blocks(lines: list[str], width: int, *, join_deeper_than: int | None = None) -> list[list[str]]:
    """Lines wrapped to width, each with its continuation as one block; with join_deeper_than, a line
    indented more than that joins the block before it (a finding's message and hint, under its head)."""
    out: list[list[str]] = []
    for line in lines:
        pieces = wrap(line, width)
        deeper = join_deeper_than is not None and _indent(pieces) > join_deeper_than
        if deeper and out and _indent(out[-1]) >= 0:
            out[-1] += pieces
        else:
            out.append(pieces)
    return out


def paginate(blocks: list[list[str]], height: int) -> list[list[str]]:
    """Blocks of lines cut into pages of at most height lines.

    A block is not split across pages unless it is taller than a page; a heading (a block followed by
    a more indented one, and so on) starts a page rather than end one; no page starts blank."""
    height = max(height, 1)
    pages: list[list[str]] = [[]]
    for number, block in enumerate(blocks):
        page = pages[-1]
        needed = len(block)
        for previous, following in zip(blocks[number:], blocks[number + 1 :], strict=False):
            if _indent(previous) < 0 or _indent(following) <= _indent(previous):
                break
            needed += len(following)  # the heading's first item comes with it
        if page and len(page) + min(needed, height) > height:
            pages.append(page := [])
        for line in block:
            if not page and not line.strip() and len(pages) > 1:
                continue
            if len(page) == height:
                pages.append(page := [])
            page.append(line)
    return [page for page in pages if any(line.strip() for line in page)] or [[]]


def sane_size(rows: int, columns: int) -> tuple[int, int]:
    """The terminal's size, or 24 x 80 when it reports none (a pipe, an IDE's console)."""
    if rows < 8 or columns < 30:
        return _FALLBACK_SIZE
    return rows, columns
