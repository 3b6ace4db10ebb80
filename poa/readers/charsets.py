"""Which encoding a text file is in when it is not UTF-8: the ones Windows programs save sellers' files in.

Notepad and Outlook on Chinese Windows save "ANSI" text as GBK (simplified, read as its superset
GB18030) or Big5 (traditional), and "Unicode" text as UTF-16, often without a byte-order mark.
charset-normalizer tells GB18030 from Big5; poa lets it choose only between these two, because on a
short text an open choice picks unlikely code pages, and accepts its answer only where the result
reads as Chinese (both encodings decode many stray bytes as some character).
"""

from __future__ import annotations

_NARROW = ("gb18030", "big5")
NAMES = {"gb18030": "GB18030", "big5": "Big5"}


def detect(data: bytes) -> tuple[str, str] | None:
    """(the encoding's name, the text) for bytes that are not UTF-8, or None when none reads them as text."""
    if b"\x00" in data:
        return _utf16(data)
    if data.isascii():
        return None
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(_NARROW)).best()
    if best is None or best.encoding not in NAMES:
        return None
    text = str(best)
    return (NAMES[best.encoding], text) if _reads_as_chinese(text) and looks_like_text(text) else None


def _reads_as_chinese(text: str) -> bool:
    """Most characters outside ASCII are Chinese or its punctuation; two at least (one stray Latin-1 letter
    before a brace decodes as one)."""
    other = [ch for ch in text if ord(ch) > 127]
    chinese = sum(
        1 for ch in other if "\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef"
    )
    return chinese >= 2 and chinese >= 0.8 * len(other)


def _utf16(data: bytes) -> tuple[str, str] | None:
    """UTF-16 without a byte-order mark: its ASCII characters put their NUL bytes on one side of each pair."""
    if len(data) < 2 or len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    # A few NULs on the other side are characters such as 一 (U+4E00); as many on both sides is binary data.
    if min(even, odd) * 3 >= max(even, odd):
        return None
    try:
        text = data.decode("utf-16-be" if even > odd else "utf-16-le")
    except UnicodeDecodeError:
        return None
    return ("UTF-16", text) if looks_like_text(text) else None


def looks_like_text(text: str) -> bool:
    """No NUL, and hardly any other control character."""
    if "\x00" in text:
        return False
    controls = sum(1 for ch in text if ch < " " and ch not in "\t\n\r\f")
    return controls <= len(text) // 100
