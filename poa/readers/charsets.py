"""Which encoding a text file is in when it is not UTF-8: the ones Windows programs save sellers' files in.

Notepad and Outlook on Chinese Windows save "ANSI" text as GBK (simplified, read as its superset
GB18030) or Big5 (traditional), "Unicode" text as UTF-16, often without a byte-order mark; European
Windows saves Windows-1252. charset-normalizer tells them apart; poa only lets it choose among these,
because on a short text an open choice picks unlikely code pages.
"""

from __future__ import annotations

import re

_NARROW = ("gb18030", "big5", "cp1252")
NAMES = {"gb18030": "GB18030", "big5": "Big5", "cp1252": "Windows-1252"}
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")


def detect(data: bytes) -> tuple[str, str] | None:
    """(the encoding's name, the text) for bytes that are not UTF-8, or None when none reads them cleanly."""
    if b"\x00" in data:
        return _utf16(data)
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(_NARROW)).best()
    if best is None or best.encoding not in NAMES:
        return None
    text = str(best)
    return None if _CONTROL.search(text) else (NAMES[best.encoding], text)


def _utf16(data: bytes) -> tuple[str, str] | None:
    """UTF-16 without a byte-order mark: its ASCII characters put every NUL byte on the same side of a pair."""
    if len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    # A few NULs on the other side are characters such as 一 (U+4E00); as many on both sides is binary data.
    if min(even, odd) * 3 >= max(even, odd):
        return None
    try:
        text = data.decode("utf-16-be" if even > odd else "utf-16-le")
    except UnicodeDecodeError:
        return None
    return None if _CONTROL.search(text) else ("UTF-16", text)


def tried() -> str:
    """The encodings poa tries, for a message saying none of them fits."""
    return "UTF-16, GB18030, Big5 or Windows-1252"
