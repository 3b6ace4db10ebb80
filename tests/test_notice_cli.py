"""`poa notice`: the summary, --json, -o, standard input, and every kind of unusable input."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
import yaml
from helpers import assert_one_line_error, run_process
from test_notice import complete

from poa.case.store import case_from_data

SHARED = Path(__file__).parent / "fixtures" / "notices" / "shared"
ODR = SHARED / "order_defect_rate.txt"
TRADEMARK = SHARED / "trademark.txt"


def test_summary(run_cli):
    result = run_cli("notice", str(ODR))
    assert result.code == 0, result
    assert "order_defect_rate (Order Defect Rate)" in result.out
    assert "2.13% (target < 1%; 60 days; 35 of 1,642 orders)" in result.out
    assert "Not found in the notice:" in result.out


def test_summary_in_chinese(run_cli):
    result = run_cli("notice", str(ODR), "--lang", "zh")
    assert result.code == 0
    assert "订单缺陷率" in result.out and "通知日期" in result.out


def test_json_is_one_object(run_cli):
    result = run_cli("notice", str(TRADEMARK), "--json")
    assert result.code == 0
    data = json.loads(result.out)
    assert data["reasons"] == ["ip_trademark"]
    assert data["asins"] == ["B09ZQ4H2N7"]
    assert data["date"] == "2026-10-21"
    assert data["metrics"] == {}
    assert data["deadline"] is None
    assert "letter of authorization" in data["documents"]
    assert data["rights_owner"] == "Lumora Audio Ltd."


def test_marketplace_option_reads_dates_day_first(tmp_path, run_cli):
    notice = tmp_path / "notice.txt"
    notice.write_text("Date: 11/05/2026\nWe found counterfeit items.", encoding="utf-8")
    assert json.loads(run_cli("notice", str(notice), "--json").out)["date"] == "2026-11-05"
    data = json.loads(run_cli("notice", str(notice), "--json", "--marketplace", "amazon.de").out)
    assert data["date"] == "2026-05-11"
    assert data["marketplace"] == "amazon.de"


def test_unclassifiable_notice_exits_1_and_writes_nothing(tmp_path, run_cli):
    notice = tmp_path / "notice.txt"
    notice.write_text(
        "Hello, please check your shipping settings.\nDate: 2026-08-03\nASIN: B08KTZ8249", encoding="utf-8"
    )
    result = run_cli("notice", str(notice), "-o", str(tmp_path / "case.yaml"))
    assert result.code == 1
    assert "could not tell the suspension reason" in result.out and "poa reasons" in result.out
    assert "B08KTZ8249" in result.out and "2026-08-03" in result.out  # what it did find
    assert not (tmp_path / "case.yaml").exists()
    as_json = run_cli("notice", str(notice), "--json")
    assert as_json.code == 1
    assert json.loads(as_json.out)["reasons"] == []
    assert "poa reasons" in as_json.err


@pytest.mark.parametrize("name", ["case.yaml", "case.yml", "case.json"])
def test_output_is_a_partial_case_that_completes(tmp_path, run_cli, name):
    target = tmp_path / name
    result = run_cli("notice", str(ODR), "-o", str(target))
    assert result.code == 0, result
    assert f"Wrote {target}" in result.out
    text = target.read_text(encoding="utf-8")
    partial = json.loads(text) if name.endswith(".json") else yaml.safe_load(text)
    assert partial["reasons"] == ["order_defect_rate"]
    assert partial["metrics"] == {
        "order_defect_rate": {"rate_percent": 2.13, "defects": 35, "orders": 1642, "window_days": 60}
    }
    case = case_from_data(complete(partial), target)
    assert case.notice_date.isoformat() == "2026-08-03"


def test_output_keeps_stdout_json_only(tmp_path, run_cli):
    result = run_cli("notice", str(ODR), "--json", "-o", str(tmp_path / "case.yaml"))
    assert result.code == 0
    json.loads(result.out)
    assert "Wrote" in result.err


def test_output_is_not_replaced_without_force(tmp_path, run_cli):
    target = tmp_path / "case.yaml"
    target.write_text("mine\n", encoding="utf-8")
    result = run_cli("notice", str(ODR), "-o", str(target))
    assert_one_line_error(result, "case.yaml: already exists; choose another name or add --force")
    assert target.read_text(encoding="utf-8") == "mine\n"
    assert run_cli("notice", str(ODR), "-o", str(target), "--force").code == 0
    assert "order_defect_rate" in target.read_text(encoding="utf-8")


def test_output_needs_a_case_extension(tmp_path, run_cli):
    result = run_cli("notice", str(ODR), "-o", str(tmp_path / "case.txt"))
    assert_one_line_error(result, "case.txt: a case is written as .yaml, .yml or .json")


@pytest.mark.parametrize(
    ("content", "needles"),
    [
        (b"", ("the notice is empty",)),
        (b"\x00\x01binary\x00", ("notice.txt: this is a binary file",)),
        (b"%PDF-1.7\n", ("notice.txt: this is a PDF file", "copy the notice's text")),
        (b"caf\x81\xff", ("notice.txt: byte 3 is not UTF-8",)),
    ],
)
def test_unusable_files(tmp_path, run_cli, content, needles):
    notice = tmp_path / "notice.txt"
    notice.write_bytes(content)
    assert_one_line_error(run_cli("notice", str(notice)), *needles)


def test_a_10_mb_paste_is_refused_at_once(tmp_path, run_cli):
    notice = tmp_path / "notice.txt"
    notice.write_bytes(b"Order Defect Rate 2.13% " * 440_000)
    assert_one_line_error(run_cli("notice", str(notice)), "notice.txt: 10,560,000 bytes is more than the 2,000,000")


def test_missing_file_and_folder(tmp_path, run_cli):
    assert_one_line_error(run_cli("notice", str(tmp_path / "nope.txt")), "nope.txt: no such file")
    assert_one_line_error(run_cli("notice", str(tmp_path)), "is a directory")


def test_unknown_marketplace(run_cli):
    assert_one_line_error(run_cli("notice", str(ODR), "--marketplace", "amazon.xx"), "unknown marketplace 'amazon.xx'")


def test_standard_input():
    result = run_process("notice", "-", "--json", stdin=TRADEMARK.read_text(encoding="utf-8"))
    assert result.code == 0, result
    assert json.loads(result.out)["reasons"] == ["ip_trademark"]


def test_empty_standard_input():
    assert_one_line_error(run_process("notice", "-", stdin=""), "the notice is empty")


def test_standard_input_from_a_terminal_gives_a_hint(run_cli, monkeypatch):
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdin", Terminal())
    result = run_cli("notice", "-")
    assert_one_line_error(result, "no notice on standard input; pipe it in (poa notice - < notice.txt)")


def test_help_lists_the_command_without_loading_the_reader():
    result = run_process("--help")
    assert "notice" in result.out
    done = run_process("notice", "--help")
    assert "--marketplace" in done.out and "partial case" in done.out
    probe = (
        "import sys, poa.cli; poa.cli._parser(); "
        "print(sorted(m for m in ('poa.readers.notice', 'pydantic', 'yaml') if m in sys.modules))"
    )
    import subprocess

    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60).stdout
    assert out.strip() == "[]"
