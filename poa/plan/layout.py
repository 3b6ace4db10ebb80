"""The Word plan's page geometry, and how long the plan will be on paper, without Word.

The .docx writer lays pages out with these sizes, margins and spacings; `estimate_pages` walks the same
Markdown with the same numbers and Calibri's average character width, so the checker can warn about a
plan over its page budget without converting it. Free of python-docx: the checker imports it.
Lengths are in EMU (English Metric Units), as python-docx counts them: 12,700 to the point.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from markdown_it.tree import SyntaxTreeNode

from poa.plan.text import display_width, inline_text, parse_markdown

EMU_PER_POINT = 12_700
EMU_PER_CM = 360_000


def points(value: float) -> int:
    return round(value * EMU_PER_POINT)


def centimetres(value: float) -> int:
    return round(value * EMU_PER_CM)


PAPER_SIZES = {"a4": (centimetres(21), centimetres(29.7)), "letter": (points(612), points(792))}
MARGIN = centimetres(2.2)
HEADER_FOOTER_DISTANCE = centimetres(1.1)
BODY_SIZE = 11  # points
BODY_LINE = 259 / 240  # Word's "multiple" line spacing of the body: 1.08
BODY_SPACE_AFTER = 6  # points after a body paragraph
LIST_ITEM_SPACE_AFTER = 3  # points after a list item
LIST_INDENT = points(18)  # the text of a List Number item starts this far in
TABLE_SPACE_AFTER = 10  # points: the paragraph after a table keeps this much air
# (size, space before, space after) in points of the heading styles.
HEADING_LOOKS = {
    "Title": (20, 0, 8),
    "Heading 1": (13, 12, 4),
    "Heading 2": (11.5, 8, 3),
    "Heading 3": (11, 6, 2),
}
HEADING_STYLES = {1: "Title", 2: "Heading 1", 3: "Heading 2"}  # deeper levels: "Heading 3"
# Estimates for sizing table columns: one display column of 11 pt text, generous so a fallback
# font still fits (bold header text is wider), and the table style's cell margins (2 x 108 twips).
CHAR_WIDTH = points(7)
HEADER_CHAR_WIDTH = points(8.5)
CELL_SIDE_PADDING = points(11)
CELL_PADDING_TWIPS = 50  # above and below the text in a table cell (20 twips = 1 pt)
# Calibri's line height is 1.22 em; its average character in English text is about 0.43 em wide.
_LINE_EM = 1.22
_AVERAGE_CHAR_EM = 0.43
_BOLD_CHAR_EM = 0.46
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
# A date is read as one unit: a table column is never so narrow that it breaks one.
_DATE = re.compile(rf"\b(?:(?:{_MONTHS}) \d{{1,2}}, \d{{4}}|\d{{1,2}} (?:{_MONTHS}) \d{{4}})\b")
NO_BREAK_SPACE = "\u00a0"


def unbreakable(text: str) -> str:
    """`text` with the spaces inside dates made non-breaking, for a table cell."""
    return _DATE.sub(lambda match: match[0].replace(" ", NO_BREAK_SPACE), text)


def _units(text: str) -> list[str]:
    """The pieces a line may not break inside: words, and dates as one piece."""
    return unbreakable(text).split()


# --- table columns -------------------------------------------------------------------------------


def needed_widths(rows: list[SyntaxTreeNode], columns: int) -> tuple[list[int], list[int]]:
    """Per column, the width of its longest word (or date) and of its longest text on one line (estimates)."""
    minimum = [CHAR_WIDTH + CELL_SIDE_PADDING] * columns
    preferred = list(minimum)
    for row_index, row in enumerate(rows):
        char_width = HEADER_CHAR_WIDTH if row_index == 0 else CHAR_WIDTH
        for column, cell in enumerate(row.children[:columns]):
            text = inline_text(cell.children[0]) if cell.children else ""
            longest_word = max((display_width(word) for word in _units(text)), default=0)
            minimum[column] = max(minimum[column], char_width * longest_word + CELL_SIDE_PADDING)
            preferred[column] = max(preferred[column], char_width * display_width(text) + CELL_SIDE_PADDING)
    return minimum, preferred


def column_widths(needed: tuple[list[int], list[int]], text_width: int) -> list[int]:
    """Column widths filling the text width, the way a browser lays out an automatic table.

    When every column fits on one line, each grows in proportion. Otherwise every column gets at
    least its longest word, so no word breaks in the middle (a date, an ASIN), and the space left
    goes to the columns in proportion to how much more they would need to fit on one line.
    """
    minimum, preferred = needed
    if sum(preferred) <= text_width:
        return [text_width * width // sum(preferred) for width in preferred]
    if sum(minimum) >= text_width:
        return [text_width * width // sum(minimum) for width in minimum]
    spare = text_width - sum(minimum)
    wanted = [want - least for want, least in zip(preferred, minimum, strict=True)]
    return [least + spare * extra // sum(wanted) for least, extra in zip(minimum, wanted, strict=True)]


# --- pages --------------------------------------------------------------------------------------


@dataclass
class _Block:
    """A piece of the page: its lines, their height, the space after it, and whether it may split."""

    lines: int
    line_height: float  # points
    before: float = 0
    after: float = 0
    splits: bool = True
    keep_with_next: bool = False


def _wrapped_lines(text: str, width: int, char_em: float = _AVERAGE_CHAR_EM, size: float = BODY_SIZE) -> int:
    """Lines `text` takes at `width`, words wrapped greedily (hard breaks kept)."""
    char = char_em * size * EMU_PER_POINT
    capacity = max(1.0, width / char)
    total = 0
    for line in text.split("\n"):
        used, lines = 0.0, 1
        for word in _units(line):
            length = display_width(word)
            if used and used + 1 + length > capacity:
                lines += 1
                used = length
            else:
                used += (1 if used else 0) + length
        total += lines
    return total


def _blocks(root: SyntaxTreeNode, text_width: int) -> list[_Block]:
    blocks: list[_Block] = []
    in_header_block = False
    body_line = BODY_SIZE * _LINE_EM * BODY_LINE

    def text_of(node: SyntaxTreeNode) -> str:
        return inline_text(node.children[0]) if node.children else ""

    for node in root.children:
        if node.type == "heading":
            level = int(node.tag[1:])
            size, before, after = HEADING_LOOKS[HEADING_STYLES.get(level, "Heading 3")]
            lines = _wrapped_lines(text_of(node), text_width, _BOLD_CHAR_EM, size)
            border = 6 if level == 1 else 0  # the Title's rule below it
            blocks.append(_Block(lines, size * _LINE_EM, before, after + border, splits=False, keep_with_next=True))
            in_header_block = level == 1
        elif node.type == "paragraph":
            lines = _wrapped_lines(text_of(node), text_width)
            if in_header_block:  # No Spacing: single lines, nothing between them
                blocks.append(_Block(lines, BODY_SIZE * _LINE_EM))
            else:
                blocks.append(_Block(lines, body_line, after=BODY_SPACE_AFTER))
        elif node.type in ("ordered_list", "bullet_list"):
            in_header_block = False
            for item in node.children:
                text = " ".join(text_of(child) for child in item.children if child.type == "paragraph")
                lines = _wrapped_lines(text, text_width - LIST_INDENT)
                blocks.append(_Block(lines, body_line, after=LIST_ITEM_SPACE_AFTER))
        elif node.type == "table":
            in_header_block = False
            if blocks:
                blocks[-1].keep_with_next = True
            blocks += _table_blocks(node, text_width)
    if blocks:  # the signature and the sentence before it stay together
        blocks[-1].splits = False
        if len(blocks) > 1:
            blocks[-2].keep_with_next = True
    return blocks


def _table_blocks(node: SyntaxTreeNode, text_width: int) -> list[_Block]:
    rows = [row for section in node.children for row in section.children]
    columns = len(rows[0].children)
    widths = column_widths(needed_widths(rows, columns), text_width)
    row_line = BODY_SIZE * _LINE_EM
    padding = 2 * CELL_PADDING_TWIPS / 20 + 1  # above and below the text, and the border
    blocks = []
    for index, row in enumerate(rows):
        char_em = _BOLD_CHAR_EM if index == 0 else _AVERAGE_CHAR_EM
        lines = max(
            _wrapped_lines(inline_text(cell.children[0]) if cell.children else "", width - CELL_SIDE_PADDING, char_em)
            for cell, width in zip(row.children, widths, strict=False)
        )
        # Rows keep together (each row whole, each with the next), as the writer sets them.
        blocks.append(_Block(lines, row_line, before=padding, splits=False, keep_with_next=index < len(rows) - 1))
    blocks[-1].after = TABLE_SPACE_AFTER
    return blocks


def estimate_pages(markdown: str, paper: str) -> float:
    """The plan's length in pages, as Word or LibreOffice would lay out the .docx (an estimate).

    The whole part is the number of full pages, the fraction how far down the last page the text ends.
    """
    width, height = PAPER_SIZES[paper]
    text_width = width - 2 * MARGIN
    page = (height - 2 * MARGIN) / EMU_PER_POINT
    blocks = _blocks(parse_markdown(markdown), text_width)
    pages, used = 0, 0.0
    index = 0
    while index < len(blocks):
        block = blocks[index]
        # A block that must stay with the next ones moves with them: measure the run it starts.
        run = [block]
        while run[-1].keep_with_next and index + len(run) < len(blocks):
            run.append(blocks[index + len(run)])
        first_lines = sum(b.before + b.line_height * (1 if b.splits else b.lines) for b in run)
        needed = block.before + block.line_height * block.lines + block.after
        if used and used + min(first_lines, page) > page:
            pages, used = pages + 1, 0.0
        if used + needed <= page or not block.splits:
            used += needed
            if used > page:  # a block taller than a page: it runs over
                extra, used = divmod(used, page)
                pages += int(extra)
        else:
            room_lines = max(0, math.floor((page - used - block.before) / block.line_height))
            remaining = block.lines - room_lines
            pages += 1
            used = remaining * block.line_height + block.after
        index += 1
    return pages + used / page
