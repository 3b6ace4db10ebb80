"""Plans written elsewhere (.md, .txt, .docx), read as text for the checker."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from poa.errors import PoaError, message
from poa.readers.inputs import InputKind, read_bytes, read_text

DRAFT_SUFFIXES = (".md", ".markdown", ".txt", ".docx")
MAX_DRAFT_BYTES = 2_000_000
MAX_DOCX_BYTES = 20_000_000
DRAFT_INPUT = InputKind(
    limit=MAX_DRAFT_BYTES,
    binary_hint=message("hint.draft_binary"),
    encoding_hint=message("hint.draft_encoding"),
)
DOCX_INPUT = InputKind(limit=MAX_DOCX_BYTES, binary_hint="", encoding_hint="")


def load_draft(path: Path) -> str:
    """The text of a draft: .md and .txt as UTF-8, .docx as its paragraphs and table rows, one a line."""
    suffix = path.suffix.lower()
    if suffix not in DRAFT_SUFFIXES:
        raise PoaError.of("option.draft_suffix", path=path, suffix=suffix or message("option.no_suffix"))
    if suffix == ".docx":
        return _docx_text(read_bytes(path, DOCX_INPUT), path)
    return read_text(path, DRAFT_INPUT)


def _docx_text(data: bytes, path: Path) -> str:
    """Paragraphs (headings marked with #, list items with -) and table rows (cells joined by |), in order."""
    import io
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError):
        raise PoaError(
            f"{path}: is not a Word document (.docx); open it in Word and save it as .docx or .txt"
        ) from None
    except Exception as error:  # a damaged package can fail anywhere inside python-docx or lxml
        raise PoaError(f"{path}: the Word document cannot be read ({type(error).__name__}); save it again") from None
    lines = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                seen: list[Any] = []
                cells = []
                for cell in row.cells:
                    if any(cell._tc is other for other in seen):  # a merged cell repeats
                        continue
                    seen.append(cell._tc)
                    cells.append(" ".join(p.text.strip() for p in cell.paragraphs if p.text.strip()))
                if any(cells):
                    lines.append(" | ".join(cells))
            continue
        text = block.text.strip()
        if not text:
            continue
        style = (block.style.name if block.style is not None else "") or ""
        level = _heading_level(style)
        if level:
            lines.append(f"{'#' * level} {text}")
        elif _is_list_item(block, style):  # Word numbers it; the checker reads it as a point of a list
            lines.append(f"- {text}")
        else:
            lines.append(text)
    return "\n".join(lines) + "\n"


def _is_list_item(paragraph: Any, style: str) -> bool:
    numbered = paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None
    return numbered or style.startswith(("List Number", "List Bullet"))


def _heading_level(style: str) -> int:
    if style == "Title":
        return 1
    match = re.fullmatch(r"Heading (\d)", style)
    return int(match[1]) if match else 0
