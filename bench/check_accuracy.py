"""How right `poa check` is on the sample drafts: precision (findings that are right) and recall
(flaws found), overall and by rule.

    python bench/check_accuracy.py [--by-rule]

Each sample in tests/fixtures/drafts has its findings recorded beside it (NAME.expected.json): a
finding the checker gives and a reviewer would too; one marked "truth": "false", which the checker
gives and a reviewer would not; and one marked "missed", a flaw the checker does not find. The
test suite holds the checker to the record; this script counts it. Word drafts are kept as their
source (*.docx.md) and built with python-docx here, as the tests do.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent / "tests"
DRAFTS = TESTS / "fixtures" / "drafts"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--by-rule", action="store_true", help="also count each rule")
    args = parser.parse_args()
    sys.path.insert(0, str(TESTS))
    from draft_docx import build_docx

    from poa.readers.draft import load_draft
    from poa.review.check import check_draft

    right: Counter[str] = Counter()
    false: Counter[str] = Counter()
    missed: Counter[str] = Counter()
    drafts = sorted(p for p in DRAFTS.iterdir() if p.suffix in (".md", ".txt"))
    with tempfile.TemporaryDirectory() as work:
        for sample in drafts:
            record = json.loads(sample.with_name(sample.stem + ".expected.json").read_text(encoding="utf-8"))
            word = sample.name.endswith(".docx.md")
            path = build_docx(sample.read_text(encoding="utf-8"), Path(work) / sample.stem) if word else sample
            found = [(f.rule, f.severity, f.where) for f in check_draft(load_draft(path), paragraph_per_line=word)]
            shown = [(r["rule"], r["severity"], r["where"]) for r in record if r.get("truth") != "missed"]
            if found != shown:
                print(f"{sample.name}: the checker no longer gives what is recorded; run the tests", file=sys.stderr)
                return 1
            for row in record:
                {"false": false, "missed": missed}.get(row.get("truth", ""), right)[row["rule"]] += 1
    total_right, total_false, total_missed = sum(right.values()), sum(false.values()), sum(missed.values())
    print(f"{len(drafts)} drafts, {total_right + total_missed} flaws recorded")
    print(
        f"precision {total_right / max(1, total_right + total_false):.2f} ({total_right} right, {total_false} false)"
        f"   recall {total_right / max(1, total_right + total_missed):.2f} ({total_missed} missed)"
    )
    if args.by_rule:
        for rule in sorted(set(right) | set(false) | set(missed)):
            print(f"  {rule:20} right {right[rule]:3}  false {false[rule]:3}  missed {missed[rule]:3}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
