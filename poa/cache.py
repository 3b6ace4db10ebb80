"""A per-user cache folder for work that need not be redone on every run.

The validated catalogue and the compiled templates are kept there, keyed by the source file's
path, size and modification time, so a start costs a file read instead of a parse, a validation
and a compile. Without a usable folder poa works the same, only slower; the cache is never a
source of truth, and an entry that cannot be read is treated as missing.
"""

from __future__ import annotations

import os
import pickle
import sys
import zlib
from pathlib import Path
from typing import Any

from poa import __version__


def cache_dir() -> Path | None:
    """POA_CACHE_DIR, else the platform's user cache folder; None when it cannot be used."""
    configured = os.environ.get("POA_CACHE_DIR")
    if configured == "":
        return None  # an empty value turns the cache off
    if configured:
        base = Path(configured)
    elif sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local")) / "poa" / "cache"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "poa"
    folder = base / __version__
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return None
    return folder if os.access(folder, os.W_OK) else None


def _prefix(source: Path, tag: str) -> str:
    # The path's checksum keeps two files of the same name apart; the tag names what made the entry.
    return f"{source.name}-{zlib.crc32(str(source.resolve()).encode()):08x}-{tag}"


def _entry(folder: Path, source: Path, tag: str) -> Path:
    stat = source.stat()
    return folder / f"{_prefix(source, tag)}-{stat.st_size}-{stat.st_mtime_ns}.pickle"


def load(source: Path, tag: str) -> Any | None:
    """What was stored for this version of the source file under this tag, if anything."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        with open(_entry(folder, source, tag), "rb") as entry:
            return pickle.load(entry)
    except Exception:  # missing, truncated, or written by other library versions: all mean "parse again"
        return None


def store(source: Path, tag: str, value: Any) -> None:
    """Keep value for the next run; a failure only means the next run works it out again."""
    folder = cache_dir()
    if folder is None:
        return
    target = _entry(folder, source, tag)
    temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        for stale in folder.glob(f"{_prefix(source, tag)}-*.pickle"):  # earlier versions of the file
            stale.unlink(missing_ok=True)
        with open(temp, "wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temp, target)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        temp.unlink(missing_ok=True)
