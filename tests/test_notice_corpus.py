"""The notice reader on a corpus of notices in many styles and both languages (tests/fixtures/notices/corpus).

expected.yaml says what a careful human reads in each; every field of every notice is a test. What the
reader still gets wrong is listed in KNOWN_MISSES (strict: a miss that gets fixed must be taken off).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from test_catalog import LATER_POLICY

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from notice_corpus import CORPUS, expected, reading_of

ENTRIES = expected()
KNOWN_MISSES = {
    # "因侵权" names an infringement but not its kind; the reader reports no reason and lists the IP reasons
    # the wording suggests, where a human reading the rest of the account's mail might say trademark.
    ("60_phishing_zh.txt", "reasons"): "an infringement of no stated kind is read as unspecified",
}
CASES = [
    pytest.param(name, key, marks=[pytest.mark.xfail(reason=KNOWN_MISSES[(name, key)], strict=True)])
    if (name, key) in KNOWN_MISSES
    else pytest.param(name, key)
    for name, entry in ENTRIES.items()
    for key in entry
]


@pytest.fixture(scope="module")
def readings() -> dict[str, dict]:
    return {name: reading_of(CORPUS / name) for name in ENTRIES}


def test_the_corpus_is_large_and_varied():
    names = list(ENTRIES)
    assert len(names) >= 40
    assert {Path(n).suffix for n in names} >= {".txt", ".html", ".eml"}
    for reason_id in LATER_POLICY:
        assert sum(reason_id in e["reasons"] for e in ENTRIES.values()) >= 2, reason_id
    raw = [(CORPUS / n).read_bytes() for n in names]
    assert any(data.startswith(b"\xff\xfe") for data in raw)  # UTF-16 with its mark
    assert sum(b"\x00" in data and not data.startswith(b"\xff\xfe") for data in raw) >= 1  # and without
    assert sum(not data.isascii() and b"\x00" not in data and _not_utf8(data) for data in raw) >= 3  # GBK, Big5


def _not_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def test_every_notice_has_its_expectations():
    on_disk = {p.name for p in CORPUS.iterdir() if p.name != "expected.yaml"}
    assert on_disk == set(ENTRIES)


@pytest.mark.parametrize(("name", "key"), CASES)
def test_corpus_field(readings, name, key):
    assert readings[name][key] == ENTRIES[name][key]
