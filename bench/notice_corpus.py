"""How the notice reader scores on the corpus of notices in tests/fixtures/notices/corpus.

    python bench/notice_corpus.py [--verbose]

Each notice's expected.yaml entry says what a careful human reads in it. For every field (reasons,
asins, date, deadline, phishing warning, and where given asin_reasons, policy, metrics, infringement
type) the reader's value is compared with it; the score is the share of notices read fully right and
the share of fields right. The mismatches are listed, so what it still gets wrong is in plain view.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "fixtures" / "notices" / "corpus"
sys.path.insert(0, str(ROOT))


def reading_of(path: Path) -> dict:
    """The reader's answer for one notice, in the expected file's terms."""
    from poa.readers.inputs import read_text
    from poa.readers.notice import NOTICE_INPUT, read_notice
    from poa.readers.notice.senders import WARNING

    reading = read_notice(read_text(path, NOTICE_INPUT))
    data = reading.to_json()
    return {
        "reasons": data["reasons"],
        "asins": data["asins"],
        "date": data["date"],
        "deadline": data["deadline"],
        "phishing": any(w.startswith(WARNING) for w in data["warnings"]),
        "asin_reasons": data["asin_reasons"],
        "policy": data["policy"],
        "metrics": data["metrics"],
        "infringement_type": data["infringement_type"],
    }


def expected() -> dict[str, dict]:
    entries = yaml.safe_load((CORPUS / "expected.yaml").read_text(encoding="utf-8"))
    for entry in entries.values():
        for key in ("date", "deadline"):
            if entry.get(key) is not None:
                entry[key] = str(entry[key])
    return entries


def compare(name: str, wanted: dict) -> list[tuple[str, object, object]]:
    """(field, expected, read) for every field the reader got wrong."""
    got = reading_of(CORPUS / name)
    return [(key, value, got[key]) for key, value in wanted.items() if got[key] != value]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="list every mismatch")
    args = parser.parse_args()
    entries = expected()
    fields = right_fields = right_notices = 0
    misses: list[str] = []
    for name, wanted in entries.items():
        wrong = compare(name, wanted)
        fields += len(wanted)
        right_fields += len(wanted) - len(wrong)
        right_notices += not wrong
        misses += [f"{name}: {key}: expected {value!r}, read {got!r}" for key, value, got in wrong]
    print(f"notices read fully right: {right_notices}/{len(entries)} ({100 * right_notices / len(entries):.0f}%)")
    print(f"fields right: {right_fields}/{fields} ({100 * right_fields / fields:.1f}%)")
    if misses and (args.verbose or len(misses) <= 20):
        print("\n".join(misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
