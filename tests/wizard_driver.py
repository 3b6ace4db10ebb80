"""Drive `poa new` in this process with keystrokes through prompt_toolkit's pipe input.

The pipe is closed once the keys are sent, so a test whose keys run out ends (the wizard saves the
draft and returns 130) instead of waiting for input.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from prompt_toolkit.application import create_app_session
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from poa.interview import wizard

TODAY = dt.date(2026, 11, 26)
ENTER = "\r"
DOWN = "\x1b[B"
UP = "\x1b[A"
SPACE = " "
BACK = "\x02"  # Ctrl-B
CTRL_C = "\x03"
CLEAR = "\x15"  # Ctrl-U: erase the default text before typing


def typed(text: str) -> str:
    """Replace a text prompt's default with text, and enter it."""
    return CLEAR + text + ENTER


def pick(*positions: int) -> str:
    """Tick the choices at these 0-based positions of a multi-select list, then confirm."""
    keys = ""
    cursor = 0
    for position in sorted(positions):
        keys += DOWN * (position - cursor) + SPACE
        cursor = position
    return keys + ENTER


def choose(position: int) -> str:
    """Choose the entry at this 0-based position of a menu (from the top)."""
    return DOWN * position + ENTER


def docx_text(path: Path) -> str:
    """The paragraphs and table cells of a written .docx, as one text."""
    from docx import Document

    document = Document(str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@dataclass
class Run:
    code: int
    out: str
    folder: Path
    screen: str = ""

    def case(self, name: str = "poa-case.yaml") -> dict:
        return yaml.safe_load((self.folder / name).read_text(encoding="utf-8"))

    def draft(self, name: str = "poa-draft.yaml") -> dict:
        return yaml.safe_load((self.folder / name).read_text(encoding="utf-8"))


class SizedOutput(DummyOutput):
    """No terminal, but a size: the review pages and wraps to it (by default one page, lines whole)."""

    def __init__(self, rows: int, columns: int) -> None:
        self.size = Size(rows=rows, columns=columns)

    def get_size(self) -> Size:
        return self.size


def drive(
    folder: Path, keys: list[str], *, columns: int | None = None, rows: int | None = None, **options: object
) -> Run:
    """Run the wizard in folder with these keystrokes; options are wizard.Options fields.

    With columns, the prompts are drawn on a terminal that wide (and rows high, 500 unless given) and
    Run.screen holds what they drew (escape sequences removed): the text a seller reads on the prompts
    themselves. Without, nothing is drawn, and the review is one page of whole lines unless rows is given."""
    out = io.StringIO()
    options.setdefault("today", TODAY)
    drawn = io.StringIO()
    output = SizedOutput(rows or 500, 500) if columns is None else _screen(drawn, columns, rows or 500)
    with create_pipe_input() as pipe:
        pipe.send_text("".join(keys))
        pipe.close()
        with create_app_session(input=pipe, output=output):
            code = wizard.start(wizard.Options(**options), out=out)  # type: ignore[arg-type]
    return Run(code, out.getvalue(), folder, _plain(drawn.getvalue()))


def _screen(drawn: io.StringIO, columns: int, rows: int):
    from prompt_toolkit.output.vt100 import Vt100_Output

    return Vt100_Output(_Utf8(drawn), lambda: Size(rows=rows, columns=columns), term="xterm")


class _Utf8:
    """A text buffer that says it is UTF-8, as a terminal's stdout does."""

    encoding = "utf-8"

    def __init__(self, buffer: io.StringIO) -> None:
        self.text = buffer

    def write(self, text: str) -> int:
        return self.text.write(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return True

    def fileno(self) -> int:
        raise io.UnsupportedOperation("no file")


def _plain(text: str) -> str:
    """The drawn text without escape sequences; cursor movements become line breaks."""
    text = re.sub(r"\x1b\[\d*(?:;\d+)*[A-Hf]", "\n", text)
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\x1b[=>]", "", text)
    return text.replace("\r", "\n")


# Step 2 with every answer typed: business, store, no merchant token, amazon.com, notice date, signer, role.
def seller_keys(notice_date: str = "2026-08-03", marketplace_down: int = 0) -> list[str]:
    return [
        typed("Acme Trading Ltd"),
        typed("Acme Home"),
        ENTER,
        choose(marketplace_down),
        typed(notice_date),
        typed("Li Wei"),
        ENTER,
    ]


# Step 3: the kind menu (performance, policy, both), then the reasons of that kind.
PERFORMANCE, POLICY, BOTH = 0, 1, 2


def odr_keys() -> list[str]:
    """A complete single-reason performance case, accepting suggestions: the shortest path."""
    return [
        *seller_keys(),
        choose(PERFORMANCE),
        pick(0),  # order_defect_rate
        ENTER,  # no plan sent before
        typed("35/1642"),
        ENTER,  # no ASINs
        pick(0, 4),  # two root causes
        pick(0, 1),  # two corrective actions
        ENTER,  # both done on the same date
        typed("2026-08-10"),  # that date, given once (both are linked to root causes as the catalogue links them)
        pick(1),  # one preventive measure, linked as the catalogue links it
        pick(0),  # one evidence item: a written procedure, which has no date to ask
        ENTER,  # review: confirm
        ENTER,  # poa-case.yaml
        ENTER,  # plan.docx
    ]
