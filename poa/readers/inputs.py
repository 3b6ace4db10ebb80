"""The one front door for outside text: a user's file or standard input, read safely and decoded.

Every reader (case files, drafts for the checker, notices) comes through here, so the size cap, the
refusal of folders, devices and FIFOs, the decoding and the one-line messages are the same everywhere.
Decoding: UTF-8, a byte-order mark's UTF-16, else the encodings Windows saves in (charsets.py); kinds
that take e-mails also unpack saved .eml and Outlook .msg messages (mail.py).
"""

from __future__ import annotations

import codecs
import stat
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from poa.errors import PoaError
from poa.readers.html_text import html_to_text, looks_like_html

__all__ = ["InputKind", "decode", "html_to_text", "looks_like_html", "read_bytes", "read_stdin_text", "read_text"]


@dataclass(frozen=True)
class InputKind:
    """What one kind of input may be, and what its messages tell the user to do."""

    limit: int
    binary_hint: str  # follows "this is a binary file, not a text file; "
    encoding_hint: str  # follows "byte N is not UTF-8; "
    folder_hint: str = "give the path of a file"
    # A notice is sniffed for PDFs and images given by mistake.
    sniff: bool = False
    # A notice may be a saved e-mail (.eml or Outlook .msg): its header lines and body are read.
    mail: bool = False
    too_big: Callable[[str, int], PoaError] | None = None


_MAGIC = (
    (b"%PDF", "a PDF file"),
    (b"PK\x03\x04", "a Word document or another zip file"),
    (b"\xd0\xcf\x11\xe0", "an old Word or Outlook file"),
    (b"\x89PNG", "an image"),
    (b"\xff\xd8\xff", "an image"),
    (b"GIF8", "an image"),
)


def _size_error(kind: InputKind, where: str, size: int) -> PoaError:
    if kind.too_big is not None:
        return kind.too_big(where, size)
    return PoaError(f"{where}: the file is {size:,} bytes, more than the {kind.limit:,} allowed; is it the right file?")


def _not_regular(path: Path, mode: int, kind: InputKind) -> PoaError:
    if stat.S_ISDIR(mode):
        return PoaError(f"{path}: is a directory; {kind.folder_hint}")
    what = "a named pipe (FIFO)" if stat.S_ISFIFO(mode) else "a device or other special file"
    return PoaError(f"{path}: is {what}, not a regular file; {kind.folder_hint}")


def read_bytes(path: Path, kind: InputKind) -> bytes:
    """A user's file as bytes, at most the kind's limit, or a one-line reason why it cannot be read.

    Anything that is not a regular file is refused before it is opened, and no more than the limit
    plus one byte is ever read, so /dev/zero or a FIFO can neither hang nor fill the memory.
    """
    try:
        mode = path.stat().st_mode
        if not stat.S_ISREG(mode):
            raise _not_regular(path, mode, kind)
        with path.open("rb") as stream:
            data = stream.read(kind.limit + 1)
    except FileNotFoundError:
        raise PoaError(f"{path}: no such file; check the path") from None
    except PermissionError:
        raise PoaError(f"{path}: permission denied; check the file's permissions") from None
    except IsADirectoryError:
        raise _not_regular(path, stat.S_IFDIR, kind) from None
    except OSError as error:
        raise PoaError(f"{path}: cannot be read ({error.strerror or error})") from None
    if len(data) > kind.limit:
        raise _size_error(kind, str(path), path.stat().st_size)
    return data


def read_stream_bytes(stream: BinaryIO, kind: InputKind, where: str = "standard input") -> bytes:
    """At most the kind's limit from a stream (standard input), or a one-line reason."""
    try:
        data = stream.read(kind.limit + 1)
    except OSError as error:
        raise PoaError(f"{where}: cannot be read ({error.strerror or error})") from None
    if len(data) > kind.limit:
        raise _size_error(kind, where, len(data))
    return data


_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes, kind: InputKind, where: str) -> str:
    """Text from bytes: UTF-8, UTF-16 with a byte-order mark, else the Windows encodings charsets.py detects."""
    if len(data) > kind.limit:
        raise _size_error(kind, where, len(data))
    if kind.sniff:
        for magic, what in _MAGIC:
            if data.startswith(magic):
                raise PoaError(f"{where}: this is {what}, not text; {kind.binary_hint}")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _text_only(data.decode(encoding), kind, where)
            except UnicodeDecodeError as error:
                name = encoding.upper().removesuffix("-SIG")
                raise PoaError(f"{where}: byte {error.start} is not {name}; {kind.encoding_hint}") from None
    first_bad = 0
    if b"\x00" not in data:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as error:
            first_bad = error.start
    from poa.readers import charsets

    found = charsets.detect(data)
    if found is not None:
        return _text_only(found[1], kind, where)
    if b"\x00" in data:
        raise PoaError(f"{where}: this is a binary file, not a text file; {kind.binary_hint}")
    raise PoaError(
        f"{where}: byte {first_bad} is not UTF-8, and the file is not {charsets.tried()} text either; "
        f"{kind.encoding_hint}"
    )


def _text_only(text: str, kind: InputKind, where: str) -> str:
    """Decoded text that still holds NUL characters was binary data read as UTF-16."""
    if "\x00" in text:
        raise PoaError(f"{where}: this is a binary file, not a text file; {kind.binary_hint}")
    return text


def _unpacked(data: bytes, kind: InputKind, where: str, suffix: str = "") -> str:
    """The text of what the bytes hold: a saved e-mail's header lines and body where the kind takes mail."""
    if kind.mail:
        from poa.readers import mail

        if mail.is_outlook_message(data, suffix):
            return mail.msg_text(data, where)
        if suffix == ".eml" or mail.looks_like_eml(data):
            return mail.eml_text(data, where)
    return decode(data, kind, where)


def read_text(path: Path, kind: InputKind) -> str:
    """A user's text file, decoded (or unpacked, for a saved e-mail), or a one-line reason why it cannot be read."""
    return _unpacked(read_bytes(path, kind), kind, str(path), path.suffix.lower())


def read_stdin_text(kind: InputKind) -> str:
    """Standard input as text, read as bytes so the decoding is the same as for a file."""
    return _unpacked(read_stream_bytes(sys.stdin.buffer, kind), kind, "standard input")
