"""Word drafts for the checker's tests, built with python-docx from a small text source (*.docx.md).

One line a paragraph (blank lines are left out):
    title: TEXT        Word's Title style          # TEXT / ## TEXT   Heading 1 / Heading 2
    **TEXT**           one bold run                __TEXT__           one underlined run
    1. TEXT            List Number                 - TEXT             List Bullet
    | A | B |          a table row (rows in a row make one table)
    TEXT {-OLD-} TEXT  OLD is a tracked deletion (Word shows it struck out; the plan's text has none)
    anything else      a Normal paragraph
A first line "%styles chinese" gives the heading styles the ids Word in Chinese gives them ("1", "2",
"a3"), their names staying "heading 1", "heading 2", "Title".
"""

from __future__ import annotations

import re
from pathlib import Path

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

_DELETION = re.compile(r"\{-(.+?)-\}")
_CHINESE_IDS = {"Title": "a3", "Heading 1": "1", "Heading 2": "2", "Heading 3": "3"}


def source_lines(source: str) -> list[str]:
    """The lines that become paragraphs or table rows, in order: "paragraph N" is the N-th."""
    return [line for line in source.splitlines() if line.strip() and not line.startswith("%")]


def build_docx(source: str, path: Path) -> Path:
    document = docx.Document()
    if source.startswith("%styles chinese"):
        for name, style_id in _CHINESE_IDS.items():
            document.styles[name].style_id = style_id
    rows: list[list[str]] = []

    def flush_table() -> None:
        if rows:
            table = document.add_table(rows=len(rows), cols=max(len(row) for row in rows))
            for r, row in enumerate(rows):
                for c, text in enumerate(row):
                    table.cell(r, c).text = text
            rows.clear()

    for line in source_lines(source):
        if line.startswith("|"):
            rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
            continue
        flush_table()
        if line.startswith("title: "):
            document.add_paragraph(line[7:], style="Title")
        elif line.startswith("#"):
            level = len(line) - len(line.lstrip("#"))
            document.add_heading(line.lstrip("#").strip(), level=level)
        elif line.startswith("**") and line.endswith("**"):
            document.add_paragraph().add_run(line[2:-2]).bold = True
        elif line.startswith("__") and line.endswith("__"):
            document.add_paragraph().add_run(line[2:-2]).underline = True
        elif re.match(r"\d+\. ", line):
            _add_text(document.add_paragraph(style="List Number"), line.split(" ", 1)[1])
        elif line.startswith("- "):
            _add_text(document.add_paragraph(style="List Bullet"), line[2:])
        else:
            _add_text(document.add_paragraph(), line)
    flush_table()
    document.save(str(path))
    return path


def _add_text(paragraph, text: str) -> None:
    """Runs for the text; {-OLD-} becomes a tracked deletion."""
    for index, piece in enumerate(_DELETION.split(text)):
        if not piece:
            continue
        if index % 2 == 0:
            paragraph.add_run(piece)
            continue
        deletion = OxmlElement("w:del")
        deletion.set(qn("w:id"), str(index))
        deletion.set(qn("w:author"), "Editor")
        run = OxmlElement("w:r")
        deleted = OxmlElement("w:delText")
        deleted.text = piece
        deleted.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        run.append(deleted)
        deletion.append(run)
        paragraph._p.append(deletion)
