"""The one front door for outside text: a user's file or standard input, read safely and decoded.

Every reader (case files, drafts for the checker, notices) comes through here, so the size cap, the
refusal of folders, devices and FIFOs, the decoding and the one-line messages are the same everywhere.
"""

from __future__ import annotations

import codecs
import re
import stat
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from poa.errors import PoaError


@dataclass(frozen=True)
class InputKind:
    """What one kind of input may be, and what its messages tell the user to do."""

    limit: int
    binary_hint: str  # follows "this is a binary file, not a text file; "
    encoding_hint: str  # follows "byte N is not UTF-8; "
    folder_hint: str = "give the path of a file"
    # A notice may come as UTF-16 from Windows and is sniffed for PDFs and images pasted by mistake.
    sniff: bool = False
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


def decode(data: bytes, kind: InputKind, where: str) -> str:
    """Text from bytes: UTF-8 with or without its BOM; UTF-16 with a BOM where the kind allows it."""
    if len(data) > kind.limit:
        raise _size_error(kind, where, len(data))
    encoding = "utf-8-sig"
    if kind.sniff:
        for magic, what in _MAGIC:
            if data.startswith(magic):
                raise PoaError(f"{where}: this is {what}, not text; {kind.binary_hint}")
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            encoding = "utf-16"
    if encoding == "utf-8-sig" and b"\x00" in data:
        raise PoaError(f"{where}: this is a binary file, not a text file; {kind.binary_hint}")
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        name = encoding.upper().removesuffix("-SIG")
        raise PoaError(f"{where}: byte {error.start} is not {name}; {kind.encoding_hint}") from None


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
