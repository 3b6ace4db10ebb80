"""How fast poa starts and renders, as ratios against the floor of the same work.

    python bench/render.py [--runs 15] [--check]

- cold `poa render CASE -o plan.docx` against a bare script that imports python-docx and saves
  a document with the same paragraphs and tables (target: within 2x);
- `poa --help` against `python -c pass` (target: within 3x);
- `poa check CASE` against `poa render CASE --format md`: the checker renders the plan too, so
  this is what its rules cost on top (target: within 1.5x);
- `poa notice NOTICE` against `poa reasons`: both load the catalogue, so this is the reader's own
  cost (target: within 1.5x);
- `poa reply REPLY` against `poa notice NOTICE`: the reply reader reads its dates through the
  notice reader, so this is what reading a reply costs on top (target: within 1.5x);
- importing the wizard (`poa.interview.wizard`, which `poa new` runs) against importing questionary alone:
  the time to the first question (target: within 2.5x).

Runs alternate between the two commands of a pair so that machine noise hits both alike; the
median of each is compared. --check exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGETS = {"render": 2.0, "help": 3.0, "check": 1.5, "notice": 1.5, "reply": 1.5, "wizard": 2.5}
FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"
NOTICE = FIXTURES / "notices" / "shared" / "order_defect_rate.txt"
REPLY = FIXTURES / "replies" / "en_partial_asins.txt"

BARE_DOCX = """
import json, sys
import docx
content = json.load(open(sys.argv[1], encoding="utf-8"))
document = docx.Document()
for text in content["paragraphs"]:
    document.add_paragraph(text)
for rows in content["tables"]:
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
document.save(sys.argv[2])
"""


def poa_command() -> list[str]:
    script = Path(sys.executable).parent / "poa"
    return [str(script)] if script.exists() else [sys.executable, "-m", "poa"]


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, check=False, stdout=subprocess.DEVNULL)
    if done.returncode not in (0, 1):  # poa check exits 1 when it finds errors: a result, not a failure
        raise subprocess.CalledProcessError(done.returncode, command)
    return time.perf_counter() - start


def alternate(first: list[str], second: list[str], runs: int) -> tuple[float, float]:
    timed(first), timed(second)  # warm the file cache; not counted
    a, b = [], []
    for _ in range(runs):
        a.append(timed(first))
        b.append(timed(second))
    return statistics.median(a), statistics.median(b)


def document_content(path: Path) -> dict[str, list]:
    import docx

    document = docx.Document(str(path))
    return {
        "paragraphs": [p.text for p in document.paragraphs],
        "tables": [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--example", default="late_shipment_rate", help="the bundled example to render")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args()

    poa = poa_command()
    work = Path(tempfile.mkdtemp(prefix="poa-bench-"))
    try:
        case = work / "case.yaml"
        subprocess.run([*poa, "example", args.example, "-o", str(case)], check=True, stdout=subprocess.DEVNULL)
        plan = work / "plan.docx"
        render = [*poa, "render", str(case), "-o", str(plan), "--force"]
        subprocess.run(render, check=True, stdout=subprocess.DEVNULL)
        content = work / "content.json"
        content.write_text(json.dumps(document_content(plan)), encoding="utf-8")
        bare = [sys.executable, "-c", BARE_DOCX, str(content), str(work / "bare.docx")]

        results = {
            "render": (*alternate(render, bare, args.runs), "poa render .docx", "bare python-docx save"),
            "help": (
                *alternate([*poa, "--help"], [sys.executable, "-c", "pass"], args.runs),
                "poa --help",
                "python -c pass",
            ),
            "check": (
                *alternate([*poa, "check", str(case)], [*poa, "render", str(case), "--format", "md"], args.runs),
                "poa check",
                "poa render .md",
            ),
            "notice": (
                *alternate([*poa, "notice", str(NOTICE)], [*poa, "reasons"], args.runs),
                "poa notice",
                "poa reasons",
            ),
            "reply": (
                *alternate([*poa, "reply", str(REPLY)], [*poa, "notice", str(NOTICE)], args.runs),
                "poa reply",
                "poa notice",
            ),
            "wizard": (
                *alternate(
                    [sys.executable, "-c", "import poa.interview.wizard"],
                    [sys.executable, "-c", "import questionary"],
                    args.runs,
                ),
                "import poa.interview.wizard",
                "import questionary",
            ),
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)

    missed = False
    print(f"median of {args.runs} alternating runs (example: {args.example})")
    for name, (ours, floor, ours_label, floor_label) in results.items():
        ratio = ours / floor
        ok = ratio <= TARGETS[name]
        missed |= not ok
        print(
            f"{name:7} {ours_label:17} {ours * 1000:7.1f} ms / {floor_label:21} {floor * 1000:7.1f} ms"
            f" = {ratio:4.2f}x (target <= {TARGETS[name]:g}x) {'ok' if ok else 'MISSED'}"
        )
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
