"""Saved e-mails as text: .eml (MIME, with quoted-printable or base64 parts) and Outlook .msg.

A message becomes its sender, date and subject as header lines, a blank line, then its body, the way
a pasted e-mail reads; so whatever reads pasted text (the notice reader's "Date:" and "From:" lines)
reads a saved e-mail alike. An HTML body is turned into text with its links kept, so the reader can
see where they point. A message forwarded as an attachment follows its carrier.
"""

from __future__ import annotations

import re
from typing import Any

from poa.errors import PoaError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MAX_PARTS = 200  # a notice has a handful; bounded so a crafted message cannot make the walk long
_MAX_NESTED = 5
# The first lines of a saved e-mail: header fields, among them one only a MIME message has.
_HEADER_LINE = re.compile(rb"[A-Za-z][A-Za-z0-9-]{0,60}:[^\r\n]*(?:\r?\n[ \t][^\r\n]*)*\r?\n")
_MIME_FIELD = re.compile(rb"(?im)^(?:mime-version|content-type|content-transfer-encoding|received|message-id):")


def looks_like_eml(data: bytes) -> bool:
    """True when the bytes start with a block of e-mail header fields, one of them MIME's or a relay's."""
    position, count = 0, 0
    head = data[:20000].lstrip(b"\xef\xbb\xbf")
    while count < 200:
        match = _HEADER_LINE.match(head, position)
        if match is None:
            break
        position, count = match.end(), count + 1
    ends_block = head[position : position + 2] in (b"\r\n", b"\n\n") or head[position : position + 1] == b"\n"
    return count >= 2 and ends_block and _MIME_FIELD.search(head, 0, position) is not None


def eml_text(data: bytes, where: str) -> str:
    """The text of a saved .eml message: its header lines and its body (HTML turned into text)."""
    import email
    from email import policy

    try:
        message = email.message_from_bytes(data, policy=policy.default)
        return _message_text(message, 0)
    except PoaError:
        raise
    except Exception as error:  # a damaged message can fail anywhere in the parser
        raise PoaError.of("input.eml_unreadable", path=where, problem=type(error).__name__) from None


def _message_text(message: Any, depth: int) -> str:
    lines = []
    for field in ("From", "Reply-To", "Sender", "Date", "Subject"):
        value = message.get(field)
        if value:
            lines.append(f"{field}: {' '.join(str(value).split())}")
    body = ""
    part = message.get_body(preferencelist=("html", "plain"))
    if part is not None:
        body = _part_text(part)
    text = "\n".join(lines) + "\n\n" + body.strip() + "\n"
    if depth < _MAX_NESTED:
        for index, attached in enumerate(message.iter_attachments()):
            if index >= _MAX_PARTS:
                break
            if attached.get_content_type() == "message/rfc822":
                inner = attached.get_content()
                text += "\n---------- Forwarded message ----------\n" + _message_text(inner, depth + 1)
    return text


def _part_text(part: Any) -> str:
    try:
        content = part.get_content()
    except (LookupError, UnicodeError):  # an unknown or wrong charset: read the bytes as they are
        payload = part.get_payload(decode=True) or b""
        content = payload.decode("utf-8", errors="replace")
    if isinstance(content, bytes):
        content = content.decode("utf-8", errors="replace")
    if part.get_content_subtype() == "html":
        from poa.readers.html_text import html_to_text

        return html_to_text(content)
    return content


# ---------------------------------------------------------------- Outlook .msg

# MAPI property streams of a .msg file ([MS-OXMSG]): "__substg1.0_" + property id + type.
_SUBJECT, _BODY, _HTML, _HEADERS = "0037", "1000", "1013", "007D"
_SENDER_NAME, _SENDER_ADDRESS, _REPRESENTING_ADDRESS = "0C1A", "0C1F", "0065"
_SUBMIT_TIME = 0x00390040  # PidTagClientSubmitTime, PT_SYSTIME, in the fixed-size property stream


def is_outlook_message(data: bytes, suffix: str = "") -> bool:
    """An OLE compound file named .msg, or holding MAPI property streams."""
    if not data.startswith(OLE_MAGIC):
        return False
    return suffix == ".msg" or b"_\x00_\x00s\x00u\x00b\x00s\x00t\x00g\x00" in data


def msg_text(data: bytes, where: str) -> str:
    """The text of an Outlook .msg message, read with olefile: header lines, then the body."""
    import io

    import olefile

    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except Exception as error:  # olefile raises several kinds on a damaged file
        raise PoaError.of("input.msg_unreadable", path=where, problem=type(error).__name__) from None
    with ole:
        return _msg_fields(ole)


def _msg_fields(ole: Any) -> str:
    def string(prop: str) -> str:
        for kind, encoding in (("001F", "utf-16-le"), ("001E", "cp1252")):
            name = f"__substg1.0_{prop}{kind}"
            if ole.exists(name):
                return ole.openstream(name).read().decode(encoding, errors="replace").rstrip("\x00")
        return ""

    headers = string(_HEADERS)
    lines = []
    sender = string(_REPRESENTING_ADDRESS) or string(_SENDER_ADDRESS)
    name = string(_SENDER_NAME)
    if sender or name:
        lines.append(f"From: {name} <{sender}>" if name and sender and "@" in sender else f"From: {name or sender}")
    date = _header(headers, "Date") or _submit_time(ole)
    if date:
        lines.append(f"Date: {date}")
    subject = string(_SUBJECT)
    if subject:
        lines.append(f"Subject: {subject}")
    body = string(_BODY)
    if not body.strip():
        html = ole.openstream(f"__substg1.0_{_HTML}0102").read() if ole.exists(f"__substg1.0_{_HTML}0102") else b""
        if html:
            from poa.readers.html_text import html_to_text

            body = html_to_text(html.decode("utf-8", errors="replace"))
    return "\n".join(lines) + "\n\n" + body.strip() + "\n"


def _header(headers: str, field: str) -> str:
    match = re.search(rf"(?im)^{field}:[ \t]*(.+)$", headers)
    return match.group(1).strip() if match else ""


def _submit_time(ole: Any) -> str:
    """When the message was sent, from the top-level fixed-size properties (a FILETIME)."""
    import datetime as dt
    import struct

    if not ole.exists("__properties_version1.0"):
        return ""
    data = ole.openstream("__properties_version1.0").read()
    for offset in range(32, len(data) - 15, 16):  # a 32-byte header, then 16-byte entries
        tag, _, value = struct.unpack_from("<IIQ", data, offset)
        if tag == _SUBMIT_TIME and value:
            when = dt.datetime(1601, 1, 1) + dt.timedelta(microseconds=value // 10)
            return when.strftime("%a, %d %b %Y %H:%M:%S +0000")
    return ""
