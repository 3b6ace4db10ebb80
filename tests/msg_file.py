"""A small Outlook .msg file for tests: an OLE compound file ([MS-CFB] version 3) holding MAPI property streams.

No maintained library writes .msg files, so the tests build one: every stream is small and lives in the
mini stream, and the directory is a chain of right siblings under the root.
"""

from __future__ import annotations

import datetime as dt
import struct

_SECTOR, _MINI = 512, 64
_END, _FREE, _FAT_SECTOR, _NONE = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF


def _chain(start: int, count: int) -> list[int]:
    return [start + i + 1 for i in range(count - 1)] + [_END] if count else []


def _entry(name: str, kind: int, start: int, size: int, right: int = _NONE, child: int = _NONE) -> bytes:
    encoded = (name + "\0").encode("utf-16-le")
    return (
        encoded.ljust(64, b"\0")
        + struct.pack("<HBBIII", len(encoded), kind, 1, _NONE, right, child)
        + b"\0" * 36
        + struct.pack("<IQ", start, size)
    )


def compound_file(streams: dict[str, bytes]) -> bytes:
    """An OLE compound file with these top-level streams (each under 4,096 bytes)."""
    names = list(streams)
    mini_data, mini_fat, starts = b"", [], []
    for name in names:
        data = streams[name]
        assert len(data) < 4096
        count = max(1, -(-len(data) // _MINI))
        starts.append(len(mini_fat))
        mini_fat += _chain(len(mini_fat), count)
        mini_data += data.ljust(count * _MINI, b"\0")
    mini_size = len(mini_data)
    mini_fat_bytes = struct.pack(f"<{len(mini_fat)}I", *mini_fat)
    mini_fat_bytes += b"\xff" * (-len(mini_fat_bytes) % _SECTOR)
    mini_data += b"\0" * (-len(mini_data) % _SECTOR)
    directory_size = -(-(len(names) + 1) // 4) * _SECTOR  # four 128-byte entries a sector
    # Sector 0 is the FAT, then the directory, the mini FAT and the mini stream, each one chain.
    counts = [directory_size // _SECTOR, len(mini_fat_bytes) // _SECTOR, len(mini_data) // _SECTOR]
    fat, first = [_FAT_SECTOR], []
    for count in counts:
        first.append(len(fat))
        fat += _chain(len(fat), count)
    assert len(fat) <= _SECTOR // 4
    fat += [_FREE] * (_SECTOR // 4 - len(fat))
    entries = [_entry("Root Entry", 5, first[2], mini_size, child=1 if names else _NONE)]
    for index, name in enumerate(names):
        right = index + 2 if index + 1 < len(names) else _NONE
        entries.append(_entry(name, 2, starts[index], len(streams[name]), right=right))
    directory = b"".join(entries).ljust(directory_size, b"\0")
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, 1, first[0], 0, 4096, first[1], counts[1], _END, 0)
        + struct.pack("<I", 0)
        + b"\xff" * (108 * 4)
    )
    assert len(header) == _SECTOR
    return header + struct.pack(f"<{len(fat)}I", *fat) + directory + mini_fat_bytes + mini_data


def _string(text: str) -> bytes:
    return text.encode("utf-16-le")


def outlook_message(
    *, sender: str, sender_name: str, subject: str, body: str, sent: dt.datetime | None = None, headers: str = ""
) -> bytes:
    """A .msg with the properties poa reads: sender, subject, plain body, transport headers, submit time."""
    streams = {
        "__substg1.0_0037001F": _string(subject),
        "__substg1.0_1000001F": _string(body),
        "__substg1.0_0C1A001F": _string(sender_name),
        "__substg1.0_0C1F001F": _string(sender),
    }
    if headers:
        streams["__substg1.0_007D001F"] = _string(headers)
    properties = b"\0" * 32
    if sent is not None:
        ticks = int((sent - dt.datetime(1601, 1, 1)).total_seconds() * 10_000_000)
        properties += struct.pack("<IIQ", 0x00390040, 6, ticks)
    streams["__properties_version1.0"] = properties
    return compound_file(streams)
