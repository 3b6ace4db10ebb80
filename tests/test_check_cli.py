"""`poa check`: the sample drafts with their expected findings, exit codes, formats and unreadable input."""

from __future__ import annotations

import io
import json
from pathlib import Path

import docx
import pytest
from draft_docx import build_docx
from helpers import assert_one_line_error, run_process, write_yaml

from poa.readers.draft import MAX_DRAFT_BYTES

DRAFTS = Path(__file__).parent / "fixtures" / "drafts"
# Word drafts are kept as their source (*.docx.md, see draft_docx.py) and built for each run.
DOCX_SAMPLES = sorted(DRAFTS.glob("*.docx.md"))
SAMPLES = sorted(p for p in DRAFTS.iterdir() if p.suffix in (".md", ".txt") and p not in DOCX_SAMPLES)


def as_docx(text: str, path: Path) -> Path:
    """A Word version of a Markdown sample: headings as Heading styles, list items as List Number."""
    document = docx.Document()
    for line in text.splitlines():
        if not line.strip():
            continue
        if line.startswith("#"):
            level = len(line) - len(line.lstrip("#"))
            document.add_heading(line.lstrip("#").strip(), level=min(level, 9))
        elif line[:3].rstrip(" ").rstrip(".").isdigit():
            document.add_paragraph(line.split(" ", 1)[1], style="List Number")
        else:
            document.add_paragraph(line.rstrip("\\"))
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def expected(sample: Path, *, with_missed: bool = False) -> list[dict]:
    """A sample's findings as recorded. A finding marked "truth": "false" is one the checker gives
    that a reviewer would not; one marked "missed" is a flaw the checker does not find (it is left
    out unless with_missed). bench/check_accuracy.py counts them."""
    rows = json.loads(sample.with_name(sample.stem + ".expected.json").read_text(encoding="utf-8"))
    return [row for row in rows if with_missed or row.get("truth") != "missed"]


def findings_of(result) -> list[dict]:
    return [
        {"rule": f["rule"], "severity": f["severity"], "where": f["where"]} for f in json.loads(result.out)["findings"]
    ]


def without_truth(rows: list[dict]) -> list[dict]:
    return [{key: row[key] for key in ("rule", "severity", "where")} for row in rows]


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_sample_draft_findings(sample, run_cli):
    result = run_cli("check", str(sample), "--format", "json")
    assert findings_of(result) == without_truth(expected(sample))
    assert result.code == (1 if json.loads(result.out)["errors"] else 0)


@pytest.mark.parametrize("sample", DOCX_SAMPLES, ids=lambda p: p.name)
def test_sample_word_draft_findings(sample, tmp_path, run_cli):
    path = build_docx(sample.read_text(encoding="utf-8"), tmp_path / sample.stem)
    result = run_cli("check", str(path), "--format", "json")
    assert findings_of(result) == without_truth(expected(sample))


def test_the_samples_are_many_and_sound_plans_pass():
    """At least 40 drafts; on each sound one (no flaw recorded, found or missed) the checker gives no error."""
    samples = SAMPLES + DOCX_SAMPLES
    assert len(samples) >= 40
    sound = [s for s in samples if all(row.get("truth") == "false" for row in expected(s, with_missed=True))]
    assert len(sound) >= 10 and len(sound) < len(samples) - 20
    for sample in sound:
        assert all(row["severity"] == "warning" for row in expected(sample)), sample.name


@pytest.mark.parametrize("name", ["sound.md", "chinese.md"])
def test_docx_draft_finds_the_same_rules(name, tmp_path, run_cli):
    path = as_docx((DRAFTS / name).read_text(encoding="utf-8"), tmp_path / "draft.docx")
    result = run_cli("check", str(path), "--format", "json")
    rules = [f["rule"] for f in json.loads(result.out)["findings"]]
    assert rules == [f["rule"] for f in expected(DRAFTS / name)]
    if rules:
        assert json.loads(result.out)["findings"][0]["where"].startswith("paragraph ")


def test_exit_codes_and_strict(tmp_path, run_cli):
    sound = run_cli("check", str(DRAFTS / "sound.md"))
    assert sound.code == 0 and sound.out.rstrip().endswith("0 errors, 0 warnings.")
    flawed = run_cli("check", str(DRAFTS / "promises.txt"))
    assert flawed.code == 1 and "9 errors, 2 warnings." in flawed.out
    warned = tmp_path / "warned.md"
    warned.write_text(
        (DRAFTS / "sound.md")
        .read_text(encoding="utf-8")
        .replace("We refunded", "We did not know the rule. We refunded"),
        encoding="utf-8",
    )
    assert run_cli("check", str(warned)).code == 0
    strict = run_cli("check", str(warned), "--strict")
    assert strict.code == 1 and "pleading-ignorance" in strict.out


def test_text_output_is_grouped_with_hints(run_cli):
    out = run_cli("check", str(DRAFTS / "vague.md")).out
    lines = out.splitlines()
    assert lines[0] == "Whole plan"
    assert "  error [missing-section] whole plan" in lines
    assert lines.index("Root causes") < lines.index("Corrective actions")
    assert out.count("    Fix: ") == 9
    assert lines[-1] == "2 errors, 7 warnings."


def test_chinese_messages(run_cli):
    result = run_cli("check", str(DRAFTS / "promises.txt"), "--lang", "zh")
    assert "纠正措施写成了承诺" in result.out and "修改建议：" in result.out
    assert result.out.rstrip().endswith("9 个错误，2 个警告。")
    data = json.loads(run_cli("check", str(DRAFTS / "promises.txt"), "--lang", "zh", "--format", "json").out)
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in f["message"]) for f in data["findings"])


def test_case_file(tmp_path, odr_data, run_cli):
    path = write_yaml(tmp_path / "case.yaml", odr_data)
    assert run_cli("check", str(path), "--today", "2026-09-01").code == 0
    future = run_cli("check", str(path), "--today", "2026-08-06", "--format", "json")
    data = json.loads(future.out)
    assert future.code == 1 and {f["rule"] for f in data["findings"]} == {"action-in-future"}
    limited = run_cli("check", str(path), "--today", "2026-09-01", "--limit", "corrective_actions=500")
    assert limited.code == 1 and "The Corrective actions block has" in limited.out and "takes 500." in limited.out


def test_marketplace_language_for_drafts(run_cli):
    assert run_cli("check", str(DRAFTS / "chinese.md"), "--marketplace", "amazon.co.jp").code == 0
    assert run_cli("check", str(DRAFTS / "chinese.md"), "--marketplace", "amazon.de").code == 1


@pytest.mark.parametrize(
    ("name", "content", "needle"),
    [
        ("draft.md", b"\x00\x01binary", "binary file"),
        ("draft.txt", b"caf\x81\xff", "not UTF-8"),
        ("draft.docx", b"just text, not a zip", "is not a Word document"),
        ("draft.doc", b"old word", "save it as .docx, .md or .txt"),
        ("draft.pdf", b"%PDF-1.4", "save it as .docx, .md or .txt"),
        ("case.yaml", b"seller: [", "invalid YAML"),
    ],
)
def test_unreadable_input(tmp_path, run_cli, name, content, needle):
    path = tmp_path / name
    path.write_bytes(content)
    assert_one_line_error(run_cli("check", str(path)), name, needle)


def test_missing_file_and_folder(tmp_path, run_cli):
    assert_one_line_error(run_cli("check", str(tmp_path / "nope.md")), "no such file")
    assert_one_line_error(run_cli("check", str(tmp_path)), "")


def test_too_large_draft(tmp_path, run_cli):
    path = tmp_path / "big.txt"
    path.write_bytes(b"word " * (MAX_DRAFT_BYTES // 5 + 1))
    assert_one_line_error(run_cli("check", str(path)), "more than the")


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--today", "tomorrow"], "--today tomorrow: not a date"),
        (["--limit", "root_cause"], "write FIELD=N"),
        (["--limit", "subject=100"], "unknown field 'subject'"),
        (["--limit", "root_cause=0"], "above 0"),
        (["--limit", "root_cause=-5"], "above 0"),
        (["--marketplace", "amazon.xx"], "unknown marketplace"),
    ],
)
def test_bad_arguments(run_cli, args, needle):
    assert_one_line_error(run_cli("check", str(DRAFTS / "sound.md"), *args), needle)


def test_check_as_a_process():
    result = run_process("check", str(DRAFTS / "promises.txt"), "--format", "json", "--lang", "zh")
    assert result.code == 1 and json.loads(result.out)["errors"] == 9
