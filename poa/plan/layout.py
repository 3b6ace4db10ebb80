"""The Word plan's page geometry, and how long the plan will be on paper, without Word.

The .docx writer lays pages out with these sizes, margins and spacings; `estimate_pages` walks the same
Markdown with the same numbers and Calibri's average character width, so the checker can warn about a
plan over its page budget without converting it. Free of python-docx: the checker imports it.
Lengths are in EMU (English Metric Units), as python-docx counts them: 12,700 to the point.
"""

from __future__ import annotations

import math
import re

from markdown_it.tree import SyntaxTreeNode

from poa.plan.text import display_width, inline_text, parse_markdown

EMU_PER_POINT = 12_700
EMU_PER_CM = 360_000


def points(value: float) -> int:
    return round(value * EMU_PER_POINT)


def centimetres(value: float) -> int:
    return round(value * EMU_PER_CM)


PAPER_SIZES = {"a4": (centimetres(21), centimetres(29.7)), "letter": (points(612), points(792))}
MARGIN = centimetres(2.0)
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
# The table style's cell margins (2 x 108 twips), and the air above and below a cell's text.
CELL_SIDE_PADDING = points(11)
CELL_PADDING_TWIPS = 50  # above and below the text in a table cell (20 twips = 1 pt)
# A column is at least its longest word wide, with this much to spare, so a wider fallback font
# (or Word's own rounding) never breaks a date, a file name or an ASIN.
MINIMUM_WIDTH_SPARE = 1.15
# Calibri's line height is 1.22 em. Its glyphs' advance widths for the printable ASCII characters
# (space to "~"), in 2048ths of an em: Calibri's metrics, which Carlito shares (Carlito's hmtx table).
_LINE_EM = 1.22
_UNITS_PER_EM = 2048
_CALIBRI = (
    463,
    667,
    821,
    1020,
    1038,
    1464,
    1397,
    452,
    621,
    621,
    1020,
    1020,
    511,
    627,
    517,
    791,
    1038,
    1038,
    1038,
    1038,
    1038,
    1038,
    1038,
    1038,
    1038,
    1038,
    548,
    548,
    1020,
    1020,
    1020,
    949,
    1831,
    1185,
    1114,
    1092,
    1260,
    1000,
    941,
    1292,
    1276,
    516,
    653,
    1064,
    861,
    1751,
    1322,
    1356,
    1058,
    1378,
    1112,
    941,
    998,
    1314,
    1162,
    1822,
    1063,
    998,
    959,
    628,
    791,
    628,
    1020,
    1020,
    596,
    981,
    1076,
    866,
    1076,
    1019,
    625,
    964,
    1076,
    470,
    490,
    931,
    470,
    1636,
    1076,
    1080,
    1076,
    1076,
    714,
    801,
    686,
    1076,
    925,
    1464,
    887,
    927,
    809,
    644,
    943,
    644,
    1020,
)
_CALIBRI_BOLD = (
    463,
    667,
    898,
    1020,
    1038,
    1493,
    1443,
    478,
    638,
    638,
    1020,
    1020,
    528,
    627,
    547,
    880,
    1038,
    1038,
    1038,
    1038,
    1038,
    1038,
    1038,
    1038,
    1038,
    1038,
    565,
    565,
    1020,
    1020,
    1020,
    949,
    1840,
    1241,
    1148,
    1084,
    1291,
    999,
    940,
    1305,
    1292,
    546,
    678,
    1120,
    866,
    1790,
    1349,
    1385,
    1090,
    1405,
    1153,
    968,
    1014,
    1337,
    1211,
    1856,
    1128,
    1064,
    979,
    665,
    880,
    665,
    1020,
    1020,
    615,
    1011,
    1099,
    857,
    1099,
    1031,
    648,
    971,
    1099,
    503,
    523,
    983,
    503,
    1666,
    1099,
    1101,
    1099,
    1099,
    728,
    817,
    710,
    1099,
    969,
    1526,
    941,
    970,
    814,
    704,
    973,
    704,
    1020,
)
_EM_WIDE = 1.0  # Chinese, Japanese, Korean: one em each
_EM_OTHER = 0.5  # accented letters and other symbols, about an average letter


def _char_em(char: str, bold: bool) -> float:
    code = 32 if char == NO_BREAK_SPACE else 45 if char == NO_BREAK_HYPHEN else ord(char)
    if 32 <= code <= 126:
        return (_CALIBRI_BOLD if bold else _CALIBRI)[code - 32] / _UNITS_PER_EM
    return _EM_WIDE if display_width(char) == 2 else _EM_OTHER


def text_width(text: str, size: float = BODY_SIZE, *, bold: bool = False) -> int:
    """The width of `text` set in Calibri at `size` points, in EMU (an estimate from average glyph widths)."""
    ems = sum(_char_em(char, bold) for char in text)
    return round(ems * size * EMU_PER_POINT)


_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
    "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
)
# A date is read as one unit: a table column is never so narrow that it breaks one.
_DATE = re.compile(rf"\b(?:(?:{_MONTHS}) \d{{1,2}}, \d{{4}}|\d{{1,2}} (?:{_MONTHS}) \d{{4}})\b")
# A file name is one word: a line never breaks at its hyphens.
_FILE_NAME = re.compile(r"[^\s()]+\.(?:pdf|png|jpe?g|gif|tiff?|docx?|xlsx?|csv|txt|zip)\b", re.IGNORECASE)
NO_BREAK_SPACE = "\u00a0"
NO_BREAK_HYPHEN = "\u2011"


def unbreakable(text: str) -> str:
    """`text` with dates and file names made unbreakable (no-break spaces and hyphens), for a table cell."""
    text = _DATE.sub(lambda match: match[0].replace(" ", NO_BREAK_SPACE), text)
    return _FILE_NAME.sub(lambda match: match[0].replace("-", NO_BREAK_HYPHEN), text)


_BREAKABLE_SPACE = re.compile(r"[ \t\n]+")  # not str.split(): a no-break space must not split


def _units(text: str) -> list[str]:
    """The pieces a line may not break inside: words, and dates as one piece."""
    return [unit for unit in _BREAKABLE_SPACE.split(unbreakable(text)) if unit]


# --- table columns -------------------------------------------------------------------------------


def needed_widths(rows: list[SyntaxTreeNode], columns: int) -> tuple[list[int], list[int]]:
    """Per column, the width of its longest word (or date) and of its longest text on one line (estimates)."""
    minimum = [points(12) + CELL_SIDE_PADDING] * columns
    preferred = list(minimum)
    for row_index, row in enumerate(rows):
        bold = row_index == 0  # the header row
        for column, cell in enumerate(row.children[:columns]):
            text = inline_text(cell.children[0]) if cell.children else ""
            longest = max((text_width(unit, bold=bold) for unit in _units(text)), default=0)
            minimum[column] = max(minimum[column], round(longest * MINIMUM_WIDTH_SPARE) + CELL_SIDE_PADDING)
            preferred[column] = max(
                preferred[column], round(text_width(text, bold=bold) * MINIMUM_WIDTH_SPARE) + CELL_SIDE_PADDING
            )
    return minimum, preferred


def column_widths(needed: tuple[list[int], list[int]], available: int) -> list[int]:
    """Column widths filling the text width, the way a browser lays out an automatic table.

    When every column fits on one line, each grows in proportion. Otherwise every column gets at
    least its longest word, so no word breaks in the middle (a date, an ASIN), and the space left
    goes to the columns in proportion to how much more they would need to fit on one line.
    """
    minimum, preferred = needed
    if sum(preferred) <= available:
        return [available * width // sum(preferred) for width in preferred]
    if sum(minimum) >= available:
        return [available * width // sum(minimum) for width in minimum]
    spare = available - sum(minimum)
    wanted = [want - least for want, least in zip(preferred, minimum, strict=True)]
    return [least + spare * extra // sum(wanted) for least, extra in zip(minimum, wanted, strict=True)]


# --- pages --------------------------------------------------------------------------------------


class _Block:
    """A piece of the page: its lines, their height, the space after it, and whether it may split."""

    __slots__ = ("after", "before", "keep_with_next", "line_height", "lines", "splits")

    def __init__(
        self,
        lines: int,
        line_height: float,  # points
        before: float = 0,
        after: float = 0,
        splits: bool = True,
        keep_with_next: bool = False,
    ) -> None:
        self.lines, self.line_height, self.before, self.after = lines, line_height, before, after
        self.splits, self.keep_with_next = splits, keep_with_next


def _wrapped_lines(text: str, width: int, *, bold: bool = False, size: float = BODY_SIZE) -> int:
    """Lines `text` takes at `width`, words wrapped greedily (hard breaks kept)."""
    space = text_width(" ", size)
    total = 0
    for line in text.split("\n"):
        used, lines = 0, 1
        for word in _units(line):
            length = text_width(word, size, bold=bold)
            if used and used + space + length > width:
                lines += 1
                used = length
            else:
                used += (space if used else 0) + length
        total += lines
    return total


def _blocks(root: SyntaxTreeNode, width: int) -> list[_Block]:
    blocks: list[_Block] = []
    in_header_block = False
    after_list = False
    body_line = BODY_SIZE * _LINE_EM * BODY_LINE

    def text_of(node: SyntaxTreeNode) -> str:
        return inline_text(node.children[0]) if node.children else ""

    for node in root.children:
        after_list, was_list = node.type in ("ordered_list", "bullet_list"), after_list
        if node.type == "heading":
            level = int(node.tag[1:])
            size, before, after = HEADING_LOOKS[HEADING_STYLES.get(level, "Heading 3")]
            lines = _wrapped_lines(text_of(node), width, bold=True, size=size)
            border = 6 if level == 1 else 0  # the Title's rule below it
            blocks.append(_Block(lines, size * _LINE_EM, before, after + border, splits=False, keep_with_next=True))
            in_header_block = level == 1
        elif node.type == "paragraph":
            text = text_of(node)
            lines = _wrapped_lines(text, width)
            # After a list, a paragraph stands apart by what its items' spacing lacks.
            before = BODY_SPACE_AFTER - LIST_ITEM_SPACE_AFTER if was_list else 0
            if in_header_block:  # No Spacing: single lines, nothing between them
                blocks.append(_Block(lines, BODY_SIZE * _LINE_EM))
            elif "\n" in text:  # a paragraph of lines (the signature) stays whole, with the one before it
                if blocks:
                    blocks[-1].keep_with_next = True
                blocks.append(_Block(lines, body_line, before, after=BODY_SPACE_AFTER, splits=False))
            else:
                blocks.append(_Block(lines, body_line, before, after=BODY_SPACE_AFTER))
        elif node.type in ("ordered_list", "bullet_list"):
            in_header_block = False
            for item in node.children:
                text = " ".join(text_of(child) for child in item.children if child.type == "paragraph")
                lines = _wrapped_lines(text, width - LIST_INDENT)
                blocks.append(_Block(lines, body_line, after=LIST_ITEM_SPACE_AFTER))
        elif node.type == "table":
            in_header_block = False
            if blocks:
                blocks[-1].keep_with_next = True
            blocks += _table_blocks(node, width)

    return blocks


def _table_blocks(node: SyntaxTreeNode, page_width: int) -> list[_Block]:
    rows = [row for section in node.children for row in section.children]
    columns = len(rows[0].children)
    widths = column_widths(needed_widths(rows, columns), page_width)
    row_line = BODY_SIZE * _LINE_EM
    padding = 2 * CELL_PADDING_TWIPS / 20 + 1  # above and below the text, and the border
    blocks = []
    for index, row in enumerate(rows):
        lines = max(
            _wrapped_lines(
                inline_text(cell.children[0]) if cell.children else "", width - CELL_SIDE_PADDING, bold=index == 0
            )
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
    paper_width, paper_height = PAPER_SIZES[paper]
    page = (paper_height - 2 * MARGIN) / EMU_PER_POINT
    blocks = _blocks(parse_markdown(markdown), paper_width - 2 * MARGIN)
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
