"""The wizard's side of `poa invoice`: an evidence file typed as a path, read once, and summed up.

The interview's questions are worked out afresh after every answer, so a file is read once per
version of it (its path, size and modification time) and the result kept.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from poa.errors import PoaError
from poa.interview.answers import AnswerError, say, typed_path


def parse_evidence_file(raw: str, lang: str) -> str | None:
    """An existing file's path, made absolute so the case finds it wherever it is saved; empty: none."""
    text = raw.strip().strip('"').strip("'")
    if not text:
        return None
    if any(ord(ch) < 32 for ch in text):
        raise AnswerError(say("error.path_chars", lang))
    path = typed_path(text, existing=True)
    try:
        if not path.is_file():
            raise AnswerError(say("error.no_evidence_file", lang, path=path))
        return str(path.resolve())
    except OSError as error:
        raise AnswerError(say("error.path_os", lang, problem=error.strerror or error)) from None


def read_invoice_block(path: str, lang: str = "en") -> tuple[dict[str, Any] | None, str]:
    """The invoice block read from the file and what it lacks, or None and the one line saying why
    it could not be read (in the seller's language)."""
    try:
        stat = Path(path).stat()
    except OSError as error:
        return None, f"{path}: {error.strerror or error}"
    block, said = _read(path, stat.st_size, stat.st_mtime_ns)
    return block, said.text(lang) if isinstance(said, PoaError) else said


@lru_cache(maxsize=32)
def _read(path: str, size: int, mtime: int) -> tuple[dict[str, Any] | None, str | PoaError]:
    from poa.readers.invoice import FORMATS, read_invoice_file, validated_block

    if Path(path).suffix.lower() not in FORMATS:
        return None, ""  # a picture or another document: nothing to read, nothing to say
    try:
        reading = read_invoice_file(Path(path))
        block = validated_block(reading)
    except PoaError as error:
        return None, error
    import json

    # As the answers file stores it: dates as YYYY-MM-DD.
    return json.loads(json.dumps(block, default=str)), ", ".join(reading.missing)


def summary(block: dict[str, Any], missing: str, lang: str) -> str:
    """What was read, on a few lines, for the seller to confirm."""
    unknown = say("review.missing", lang)
    supplier = block.get("supplier", {})
    buyer = block.get("buyer", {})
    lines = [
        say(
            "note.invoice_read",
            lang,
            number=block.get("number", unknown),
            date=block.get("date", unknown),
            supplier=supplier.get("name", unknown),
            buyer=buyer.get("name", unknown),
        )
    ]
    for line in block.get("lines", []):
        lines.append(f"    {line.get('asin') or line.get('sku') or '?'}: {line['quantity']:,}")
    if missing:
        lines.append(say("note.invoice_missing", lang, missing=missing))
    return "\n".join(lines)
