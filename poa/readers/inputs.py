"""The one front door for outside text: a user's file or standard input, read safely and decoded.

Every reader (case files, drafts for the checker, notices) comes through here, so the size cap, the
refusal of folders, devices and FIFOs, the decoding and the one-line messages are the same everywhere.
Decoding: UTF-8, UTF-16 with or without its byte-order mark, and the "ANSI" encodings of Chinese
Windows, GB18030 (GBK) and Big5 (charsets.py); kinds that take e-mails also unpack saved .eml and
Outlook .msg messages (mail.py).
"""

from __future__ import annotations

import codecs
import os
import stat
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from poa.errors import Message, PoaError, message
from poa.readers.html_text import html_to_text, looks_like_html

__all__ = [
    "InputKind",
    "decode",
    "detect_and_decode",
    "html_to_text",
    "looks_like_html",
    "read_bytes",
    "read_stdin_text",
    "read_text",
]

Hint = str | Message
_FILE_HINT = message("hint.file")


@dataclass(frozen=True)
class InputKind:
    """What one kind of input may be, and what its messages tell the user to do."""

    limit: int
    binary_hint: Hint  # follows "this is a binary file, not a text file; "
    encoding_hint: Hint  # follows "byte N is not UTF-8; "
    folder_hint: Hint = _FILE_HINT
    # A notice is sniffed for PDFs and images given by mistake.
    sniff: bool = False
    # A notice may be a saved e-mail (.eml or Outlook .msg): its header lines and body are read.
    mail: bool = False
    too_big: Callable[[str, int], PoaError] | None = None


_MAGIC = (
    (b"%PDF", message("magic.pdf")),
    (b"PK\x03\x04", message("magic.zip")),
    (b"\xd0\xcf\x11\xe0", message("magic.ole")),
    (b"\x89PNG", message("magic.image")),
    (b"\xff\xd8\xff", message("magic.image")),
    (b"GIF8", message("magic.image")),
)


def _size_error(kind: InputKind, where: str, size: int) -> PoaError:
    if kind.too_big is not None:
        return kind.too_big(where, size)
    return PoaError.of("input.too_big", path=where, size=f"{size:,}", limit=f"{kind.limit:,}")


def _not_regular(path: Path, mode: int, kind: InputKind) -> PoaError:
    if stat.S_ISDIR(mode):
        return PoaError.of("input.directory", path=path, hint=kind.folder_hint)
    return PoaError.of("input.fifo" if stat.S_ISFIFO(mode) else "input.special", path=path, hint=kind.folder_hint)


def read_bytes(path: Path, kind: InputKind) -> bytes:
    """A user's file as bytes, at most the kind's limit, or a one-line reason why it cannot be read.

    Anything that is not a regular file is refused before it is read (a FIFO is opened without
    waiting for a writer, then refused), and no more than the limit plus one byte is ever read, so
    /dev/zero or a FIFO can neither hang nor fill the memory.
    """
    try:
        mode = path.stat().st_mode
        if not stat.S_ISREG(mode):
            raise _not_regular(path, mode, kind)
        # Opened without blocking and checked again: the name may have been swapped meanwhile.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as stream:
            mode = os.fstat(stream.fileno()).st_mode
            if not stat.S_ISREG(mode):
                raise _not_regular(path, mode, kind)
            data = stream.read(kind.limit + 1)
    except FileNotFoundError:
        raise PoaError.of("input.not_found", path=path) from None
    except PermissionError:
        raise PoaError.of("input.permission", path=path) from None
    except IsADirectoryError:
        raise _not_regular(path, stat.S_IFDIR, kind) from None
    except (OSError, ValueError) as error:  # ValueError: a NUL in the name
        raise PoaError.of("input.unreadable", path=path, problem=getattr(error, "strerror", None) or error) from None
    if len(data) > kind.limit:
        raise _size_error(kind, str(path), max(len(data), path.stat().st_size))
    return data


def read_stream_bytes(stream: BinaryIO, kind: InputKind, where: str = "standard input") -> bytes:
    """At most the kind's limit from a stream (standard input), or a one-line reason."""
    try:
        data = stream.read(kind.limit + 1)
    except OSError as error:
        raise PoaError.of("input.unreadable", path=where, problem=error.strerror or error) from None
    if len(data) > kind.limit:
        raise _size_error(kind, where, len(data))
    return data


def decode(data: bytes, kind: InputKind, where: str) -> str:
    """Text from bytes, the same way for every kind of input (see detect_and_decode)."""
    if len(data) > kind.limit:
        raise _size_error(kind, where, len(data))
    if kind.sniff:
        for magic, what in _MAGIC:
            if data.startswith(magic):
                raise PoaError.of("input.magic", path=where, what=what, hint=kind.binary_hint)
    decoded = detect_and_decode(data)
    if decoded is not None:
        return decoded
    if b"\x00" in data:
        raise PoaError.of("input.binary", path=where, hint=kind.binary_hint)
    error = _utf8_error(data)
    raise PoaError.of("input.not_encoding", path=where, byte=error.start, encoding="UTF-8", hint=kind.encoding_hint)


def _utf8_error(data: bytes) -> UnicodeDecodeError:
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return error
    raise AssertionError("called only for text that is not UTF-8")


def detect_and_decode(data: bytes) -> str | None:
    """Text in the encodings sellers' editors save: UTF-8 (with or without its BOM), UTF-16 (with a BOM,
    or without one as Windows tools write it), GB18030 (GBK) and Big5, the "ANSI" of Chinese Windows.

    None when the bytes are none of these: a binary file, or text in another encoding.
    """
    from poa.readers import charsets

    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            return None
        return text if charsets.looks_like_text(text) else None
    if b"\x00" not in data:
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            pass
    found = charsets.detect(data)
    return None if found is None else found[1]


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
