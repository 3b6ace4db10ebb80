"""The one front door for outside text: a user's file or standard input, read safely and decoded.

Every reader (case files, drafts for the checker, notices) comes through here, so the size cap, the
refusal of folders, devices and FIFOs, the decoding and the one-line messages are the same everywhere.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from poa.errors import Message, PoaError, message

Hint = str | Message
_FILE_HINT = message("hint.file")


@dataclass(frozen=True)
class InputKind:
    """What one kind of input may be, and what its messages tell the user to do."""

    limit: int
    binary_hint: Hint  # follows "this is a binary file, not a text file; "
    encoding_hint: Hint  # follows "byte N is not UTF-8; "
    folder_hint: Hint = _FILE_HINT
    # A notice may come as UTF-16 from Windows and is sniffed for PDFs and images pasted by mistake.
    sniff: bool = False
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
    or without one as Windows tools write it), and GB18030 (GBK), the "ANSI" of Chinese Windows.

    None when the bytes are none of these: a binary file, or text in another encoding.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    if b"\x00" not in data:
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            pass
        return _gb18030(data)
    return _utf16_without_bom(data)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 with no BOM: text whose every other byte is mostly NUL, and nothing but text once decoded."""
    if len(data) < 2 or len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    half = len(data) // 2
    # Latin text leaves the high byte NUL; a few characters such as 一 (U+4E00) have a NUL low byte.
    if odd > half * 0.3 and even < half * 0.05:
        encoding = "utf-16-le"
    elif even > half * 0.3 and odd < half * 0.05:
        encoding = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    return text if _looks_like_text(text) else None


def _gb18030(data: bytes) -> str | None:
    """GB18030 decodes almost any bytes; accept it only where the result is mostly Chinese and plain text."""
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return None
    other = [ch for ch in text if ord(ch) > 127]
    han = sum(
        1 for ch in other if "\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef"
    )
    # Two Chinese characters at least: one Latin-1 letter before a brace decodes as one.
    return text if han >= 2 and han >= 0.8 * len(other) and _looks_like_text(text) else None


def _looks_like_text(text: str) -> bool:
    controls = sum(1 for ch in text if ch < " " and ch not in "\t\n\r\f")
    return controls <= len(text) // 100


def read_text(path: Path, kind: InputKind) -> str:
    """A user's text file, decoded, or a one-line reason why it cannot be read."""
    return decode(read_bytes(path, kind), kind, str(path))


def read_stdin_text(kind: InputKind) -> str:
    """Standard input as text, read as bytes so the decoding is the same as for a file."""
    return decode(read_stream_bytes(sys.stdin.buffer, kind), kind, "standard input")


# ---------------------------------------------------------------- HTML to text

_HTML_HINT = re.compile(
    r"<(?:!--|/?(?:html|head|body|div|p|br|table|tbody|tr|td|th|span|font|b|i|u|strong|em|li|ul|ol|h[1-6]|a|meta|"
    r"style|blockquote|center|hr)(?![a-z0-9]))",
    re.IGNORECASE,
)
_SKIPPED = re.compile(r"<(?:(script|style)(?![a-z0-9])|!--)", re.IGNORECASE)
_BLOCK_TAG = re.compile(
    r"</?(?:address|article|blockquote|br|center|div|dd|dl|dt|footer|h[1-6]|header|hr|li|ol|p|pre|section|table|"
    r"tbody|tfoot|thead|title|tr|ul)(?![a-z0-9-])[^<>]{0,2000}>",
    re.IGNORECASE,
)
_CELL_TAG = re.compile(r"<t[dh](?![a-z0-9-])[^<>]{0,2000}>", re.IGNORECASE)
_ANY_TAG = re.compile(r"</?[a-z][a-z0-9:-]{0,30}(?:[\s/][^<>]{0,2000})?>", re.IGNORECASE)
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def looks_like_html(text: str) -> bool:
    return _HTML_HINT.search(text) is not None


def html_to_text(text: str) -> str:
    """Text of an HTML e-mail: scripts, styles and comments dropped, blocks and cells kept apart."""
    import html

    folded = text.translate(_ASCII_LOWER)
    kept: list[str] = []
    position = 0
    while True:
        opening = _SKIPPED.search(folded, position)
        if opening is None:
            break
        kept.append(text[position : opening.start()])
        closer = "-->" if opening.group(1) is None else f"</{opening.group(1).lower()}"
        end = folded.find(closer, opening.end())
        if end < 0:
            position = len(text)
            break
        position = end + len(closer) if closer == "-->" else max(folded.find(">", end), end) + 1
    kept.append(text[position:])
    text = "".join(kept)
    text = _BLOCK_TAG.sub("\n", text)
    text = _CELL_TAG.sub(" | ", text)
    text = _ANY_TAG.sub("", text)
    return html.unescape(text)


# ---------------------------------------------------------------- e-mail files (.eml)

_HEADER_FIELD = re.compile(r"[A-Za-z][A-Za-z0-9-]{0,60}:")
# Headers only a saved message has; a pasted "Date:" or "Subject:" line alone is not an e-mail file.
_MESSAGE_ONLY = ("mime-version", "content-type", "message-id", "received", "return-path", "delivered-to", "dkim-")


@dataclass(frozen=True)
class EmailText:
    """The readable part of a saved e-mail: its text body (HTML made text), subject and sent date."""

    body: str
    subject: str | None
    sent: str | None  # the Date header as written


def looks_like_email(text: str) -> bool:
    """A block of message headers at the top, including one only a saved message has."""
    names: list[str] = []
    for line in text.lstrip("\ufeff").split("\n", 200)[:200]:
        line = line.rstrip("\r")
        if not line:
            break
        if line[0] in " \t" and names:
            continue  # a folded header line
        match = _HEADER_FIELD.match(line)
        if match is None:
            return False
        names.append(match.group(0)[:-1].lower())
    return "from" in names and any(name.startswith(_MESSAGE_ONLY) for name in names)


def email_text(text: str) -> EmailText:
    """The text of an e-mail file: the plain-text part, else the HTML part as text."""
    import email
    import email.policy

    message = email.message_from_string(text, policy=email.policy.default)
    part = message.get_body(preferencelist=("plain", "html")) if message.is_multipart() else message
    body = ""
    if part is not None:
        try:
            body = part.get_content()
        except (LookupError, UnicodeError, KeyError):
            # An unknown or wrong charset: the bytes as UTF-8, with what cannot be read replaced.
            payload = part.get_payload(decode=True)
            body = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else str(payload or "")
        if not isinstance(body, str):
            body = ""
        if part.get_content_subtype() == "html" or looks_like_html(body):
            body = html_to_text(body)
    subject = message.get("subject")
    sent = message.get("date")
    return EmailText(body=body, subject=str(subject) if subject else None, sent=str(sent) if sent else None)
