"""How `poa check` scales with the length of a Word draft, as a ratio against a short one.

    python bench/check_draft.py [--runs 7] [--paragraphs 20000] [--check]

Both drafts are .docx files with Word's Heading and List Number styles, made from the same sound
plan (tests/fixtures/drafts/sound.md): the short one is the plan itself, the long one repeats its
parts until it has --paragraphs paragraphs. `poa check` on the long one against `poa check` on the
short one shows what reading and checking each paragraph costs on top of starting up (target: within
3x for 20,000 paragraphs). Runs alternate between the two; the medians are compared. --check exits 1
when the target is missed.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from render import alternate, poa_command

TARGET = 3.0
SOUND = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "drafts" / "sound.md"


def write_docx(markdown: str, path: Path, paragraphs: int) -> int:
    """The draft as Word paragraphs, its parts repeated until there are `paragraphs` of them. Each
    copy has its own numbers, so that no paragraph is the same as another (as in a real draft)."""
    import re

    import docx

    lines = [line.strip() for line in markdown.splitlines() if line.strip()]
    title, body = lines[0], lines[1:]
    document = docx.Document()
    document.add_paragraph(title.lstrip("# "), style="Title")
    count, copy = 1, 0
    while True:
        copy += 1
        for raw in body:
            line = re.sub(r"\b\d+\b", lambda m, copy=copy: str(int(m[0]) + copy), raw) if copy > 1 else raw
            if line.startswith("#"):
                document.add_heading(line.lstrip("# "), level=1)
            elif line[:1].isdigit() or line.startswith("- "):
                document.add_paragraph(line.split(" ", 1)[1], style="List Number")
            else:
                document.add_paragraph(line.replace("**", "").rstrip("\\"))
            count += 1
            if count >= paragraphs:
                document.save(str(path))
                return count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--paragraphs", type=int, default=20_000)
    parser.add_argument("--check", action="store_true", help="exit 1 when the target is missed")
    args = parser.parse_args()

    poa = poa_command()
    work = Path(tempfile.mkdtemp(prefix="poa-bench-"))
    try:
        markdown = SOUND.read_text(encoding="utf-8")
        short, long = work / "short.docx", work / "long.docx"
        short_count = write_docx(markdown, short, sum(1 for line in markdown.splitlines() if line.strip()))
        long_count = write_docx(markdown, long, args.paragraphs)
        ours, floor = alternate([*poa, "check", str(long)], [*poa, "check", str(short)], args.runs)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    ratio = ours / floor
    ok = ratio <= TARGET
    print(f"median of {args.runs} alternating runs")
    print(
        f"poa check, {long_count:,} paragraphs {ours * 1000:7.1f} ms / {short_count} paragraphs {floor * 1000:7.1f} ms"
        f" = {ratio:4.2f}x (target <= {TARGET:g}x) {'ok' if ok else 'MISSED'}"
    )
    return 1 if args.check and not ok else 0


if __name__ == "__main__":
    sys.exit(main())
