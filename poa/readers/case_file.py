"""A case or answers file read from disk: through the front door, then parsed and validated."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from poa.case.store import case_from_data, parse_answers
from poa.errors import message
from poa.readers.inputs import InputKind, read_text

if TYPE_CHECKING:
    from poa.case.model import Case

MAX_CASE_BYTES = 2_000_000
CASE_INPUT = InputKind(
    limit=MAX_CASE_BYTES,
    binary_hint=message("hint.case_binary"),
    encoding_hint=message("hint.case_encoding"),
)


def read_answers(path: Path) -> Any:
    """The raw data of a case, draft or answers file: the file read, then parsed as JSON or YAML."""
    return parse_answers(read_text(path, CASE_INPUT), path)


def load_case(path: Path) -> Case:
    return case_from_data(read_answers(path), path)
