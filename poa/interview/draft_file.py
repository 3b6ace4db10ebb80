"""The wizard's draft file: the partial case and where the interview stands, saved after every answer.

A draft is YAML with two parts: `poa_draft` (language, answered questions, text being typed) and
`case` (the answers, in the answers file's own shape, so a seller can read or fix it by hand).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from poa.case.store import atomic_write, dump_data
from poa.errors import PoaError
from poa.interview.flow import Interview
from poa.languages import CHOICES, is_traditional, text_language
from poa.readers.case_file import read_answers

DRAFT_VERSION = 1
DEFAULT_DRAFT = Path("poa-draft.yaml")


def draft_text(iv: Interview, path: Path) -> str:
    state: dict[str, Any] = {
        "version": DRAFT_VERSION,
        "saved": dt.datetime.now().isoformat(timespec="seconds"),
        "lang": iv.shown_lang,  # zh-Hant is kept, so a resumed run stays traditional
        "done": list(iv.done),
        "flags": iv.flags,
    }
    if iv.pending:
        state["pending"] = iv.pending
    header = f"# An unfinished plan of action. Continue it with: poa new --resume {path}\n"
    return header + dump_data({"poa_draft": state, "case": iv.data})


def save_draft(iv: Interview, path: Path) -> None:
    """Replace the draft atomically: a crash mid-write leaves the previous draft whole."""
    atomic_write(path, draft_text(iv, path).encode("utf-8"), force=True)


def is_draft(path: Path) -> bool:
    try:
        data = read_answers(path)
    except PoaError:
        return False
    return isinstance(data, dict) and isinstance(data.get("poa_draft"), dict)


def load_draft(path: Path, *, today: dt.date, lang: str | None = None) -> tuple[Interview, str]:
    """The interview saved in a draft, and when it was saved."""
    data = read_answers(path)
    if not isinstance(data, dict) or not isinstance(data.get("poa_draft"), dict):
        raise PoaError.of("new.not_a_draft", path=path)
    state = data["poa_draft"]
    if str(state.get("version")) != str(DRAFT_VERSION):  # the answers loader keeps numbers as text
        raise PoaError.of("new.draft_version", path=path, version=repr(state.get("version")))
    case = data.get("case") or {}
    if not isinstance(case, dict):
        raise PoaError.of("new.draft_case", path=path)
    done = state.get("done") or []
    flags = state.get("flags") or {}
    pending = state.get("pending")
    chosen = lang or (state.get("lang") if state.get("lang") in CHOICES else "en")
    iv = Interview(
        data=case,
        lang=text_language(chosen),
        hant=is_traditional(chosen),
        # The language was chosen before (by --lang or the first question): asked again only if answered there.
        lang_fixed=lang is not None or "lang" not in done,
        today=today,
        done=[str(qid) for qid in done] if isinstance(done, list) else [],
        flags=flags if isinstance(flags, dict) else {},
        pending=pending if isinstance(pending, dict) else None,
    )
    return iv, str(state.get("saved", "?"))


def backup_path(path: Path) -> Path:
    """A free name beside the draft for keeping an old draft when the seller starts afresh."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    candidate = path.with_name(f"{path.stem}.{stamp}{path.suffix}")
    counter = 2
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}.{stamp}-{counter}{path.suffix}")
        counter += 1
    return candidate


def load_answers(path: Path) -> dict[str, Any]:
    """A case file (complete or not, such as the one `poa notice -o` writes) as plain answers."""
    data = read_answers(path)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise PoaError.of("new.answers_mapping", path=path)
    if "poa_draft" in data:
        raise PoaError.of("new.answers_is_draft", path=path)
    return data
