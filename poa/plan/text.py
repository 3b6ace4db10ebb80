"""The Plan of Action's Markdown as plain text, for pasting into a web form or an e-mail.

No Markdown syntax is left in the output. Paragraphs are not wrapped (the form does that); tables
become aligned columns, or "Header: value" records when aligned columns would be too wide.

This module also owns the Markdown parser, so the .docx writer reads the text exactly as the plain
text does. It must stay free of python-docx: the plain-text path never pays for importing it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

# Aligned columns wider than this become "Header: value" records (e-mail clients wrap long lines).
MAX_TABLE_WIDTH = 100
_COLUMN_GAP = "  "
_NESTED_LIST_INDENT = "   "
_QUOTE_INDENT = "   "
_UNDERLINES = {1: "=", 2: "-"}


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # CommonMark plus GFM tables; HTML tokens are never passed through, callers print them as text.
    return MarkdownIt("commonmark").enable("table")


def parse_markdown(markdown: str) -> SyntaxTreeNode:
    """The block tree of `markdown` (markdown-it tokens nested into a tree)."""
    return SyntaxTreeNode(_parser().parse(markdown))


def char_width(char: str) -> int:
    """Columns one character takes in a monospaced font: CJK wide 2, combining marks 0."""
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def display_width(text: str) -> int:
    """Columns `text` takes in a monospaced font."""
    return sum(char_width(char) for char in text)


def inline_text(node: SyntaxTreeNode) -> str:
    """The text of an inline node with the markup dropped; hard breaks become newlines."""
    parts: list[str] = []
    for child in node.children:
        if child.type == "softbreak":
            parts.append(" ")
        elif child.type == "hardbreak":
            parts.append("\n")
        elif child.children:  # strong, em, link, image (its alt text) and anything unknown
            parts.append(inline_text(child))
        else:  # text, code_inline, html_inline: printed literally
            parts.append(child.content)
    return "".join(parts)


def markdown_to_text(markdown: str) -> str:
    """Plain text of `markdown`, ending with exactly one newline."""
    text = _join_blocks(_blocks(parse_markdown(markdown)), "\n\n")
    lines = [line.rstrip() for line in text.split("\n")]
    return "\n".join(lines).strip("\n") + "\n"


@dataclass(frozen=True)
class _Block:
    text: str
    is_list: bool = False  # nested lists indent differently from an item's own continuation lines


def _join_blocks(blocks: list[_Block], separator: str) -> str:
    return separator.join(block.text for block in blocks)


def _blocks(node: SyntaxTreeNode) -> list[_Block]:
    """The rendered children of a container node; empty blocks are dropped."""
    blocks = (_block(child) for child in node.children)
    return [block for block in blocks if block.text]


def _block(node: SyntaxTreeNode) -> _Block:
    kind = node.type
    if kind == "heading":
        return _Block(_heading(node))
    if kind == "paragraph":
        return _Block(_inline_of(node))
    if kind in ("bullet_list", "ordered_list"):
        return _Block(_list(node), is_list=True)
    if kind == "table":
        return _Block(_table(node))
    if kind == "blockquote":
        return _Block(_indent(_join_blocks(_blocks(node), "\n\n"), _QUOTE_INDENT))
    if kind == "hr":
        return _Block("* * *")
    if node.children:  # an unknown container: keep what is inside it
        return _Block(_join_blocks(_blocks(node), "\n\n"))
    # code_block, fence, html_block and anything unknown: the literal text
    return _Block(node.content.strip("\n"))


def _inline_of(node: SyntaxTreeNode) -> str:
    """The text of a block holding one inline child (paragraph, heading, table cell)."""
    return inline_text(node.children[0]) if node.children else ""


def _indent(text: str, prefix: str) -> str:
    return "\n".join(prefix + line if line else line for line in text.split("\n"))


def _heading(node: SyntaxTreeNode) -> str:
    text = _inline_of(node).strip()
    underline = _UNDERLINES.get(int(node.tag[1:]))
    if not text or underline is None:
        return text
    width = max(display_width(line) for line in text.split("\n"))
    return f"{text}\n{underline * width}"


def _list(node: SyntaxTreeNode) -> str:
    start = int(node.attrs.get("start", 1))
    # markdown-it hides the paragraphs of a tight list: keep such a list's lines together.
    separator = "\n" if _is_tight(node) else "\n\n"
    items = []
    for number, item in enumerate(node.children, start):
        marker = f"{number}. " if node.type == "ordered_list" else "- "
        items.append(_list_item(item, marker, separator))
    return separator.join(items)


def _is_tight(node: SyntaxTreeNode) -> bool:
    return all(block.hidden for item in node.children for block in item.children if block.type == "paragraph")


def _list_item(item: SyntaxTreeNode, marker: str, separator: str) -> str:
    """One item: the marker, its text, continuation lines under the text, nested lists indented."""
    blocks = _blocks(item)
    hang = " " * len(marker)
    parts = [_indent(block.text, _NESTED_LIST_INDENT if block.is_list else hang) for block in blocks]
    text = separator.join(parts)
    if blocks and not blocks[0].is_list:
        return marker + text[len(hang) :]
    return marker.rstrip() + ("\n" + text if text else "")


def _table(node: SyntaxTreeNode) -> str:
    header, rows, aligns = _table_cells(node)
    widths = [max(display_width(row[col]) for row in [header, *rows]) for col in range(len(header))]
    if rows and sum(widths) + len(_COLUMN_GAP) * (len(widths) - 1) > MAX_TABLE_WIDTH:
        return _table_records(header, rows)
    rule = ["-" * width for width in widths]
    lines = []
    for row in [header, rule, *rows]:
        cells = zip(row, widths, aligns, strict=True)
        lines.append(_COLUMN_GAP.join(_pad(cell, width, align) for cell, width, align in cells))
    return "\n".join(lines)


def _table_records(header: list[str], rows: list[list[str]]) -> str:
    """Each row as "Header: value" lines, rows separated by a blank line."""
    records = [
        "\n".join(f"{name}: {value}" if name else value for name, value in zip(header, row, strict=True))
        for row in rows
    ]
    return "\n\n".join(records)


def _table_cells(node: SyntaxTreeNode) -> tuple[list[str], list[list[str]], list[str]]:
    """Header texts, body rows (padded or cut to the header's length) and column alignments."""
    rows = [row for section in node.children for row in section.children]
    cells = [[_inline_of(cell).replace("\n", " ").strip() for cell in row.children] for row in rows]
    width = len(cells[0])
    cells = [(row + [""] * width)[:width] for row in cells]
    aligns = [str(cell.attrs.get("style", "")).removeprefix("text-align:") for cell in rows[0].children]
    return cells[0], cells[1:], aligns


def _pad(text: str, width: int, align: str) -> str:
    fill = width - display_width(text)
    if align == "right":
        return " " * fill + text
    if align == "center":
        return " " * (fill // 2) + text + " " * (fill - fill // 2)
    return text + " " * fill
