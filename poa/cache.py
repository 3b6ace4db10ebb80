"""A per-user cache folder for work that need not be redone on every run.

Compiled templates and the parsed catalogue are kept there, keyed by the source file's size and
modification time, so a start-up costs a file read instead of a parse. Without a writable folder
poa works the same, only slower; the cache is never a source of truth.
"""

from __future__ import annotations

import json
import os
import sys
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


def _key(source: Path) -> str:
    stat = source.stat()
    return f"{source.name}-{stat.st_size}-{stat.st_mtime_ns}.json"


def load_json(source: Path) -> Any | None:
    """The data cached for this version of the source file, if any."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        return json.loads((folder / _key(source)).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def store_json(source: Path, data: Any) -> None:
    """Cache the data parsed from source; a failure only means the next run parses again."""
    folder = cache_dir()
    if folder is None:
        return
    target = folder / _key(source)
    temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        for stale in folder.glob(f"{source.name}-*.json"):  # earlier versions of the same file
            stale.unlink(missing_ok=True)
        temp.write_text(json.dumps(data, default=str, ensure_ascii=False), encoding="utf-8")
        os.replace(temp, target)
    except (OSError, TypeError, ValueError):
        temp.unlink(missing_ok=True)
