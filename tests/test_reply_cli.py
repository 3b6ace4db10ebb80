"""poa reply on the command line: the summary, --json, --lang, and the round recorded with --case."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from helpers import assert_one_line_error, example_data, run_process, write_yaml

from poa import commands
from poa.readers.case_file import load_case

FIXTURES = Path(__file__).parent / "fixtures" / "replies"
INVOICES = FIXTURES / "en_documents_invoices.txt"  # dated October 2, 2026, after the inauthentic plan of September 28


@pytest.fixture
def case_file(tmp_path) -> Path:
    path = tmp_path / "case.yaml"
    path.write_bytes((Path(commands.EXAMPLES_DIR) / "inauthentic.yaml").read_bytes())
    return path


def test_the_summary(run_cli):
    result = run_cli("reply", str(FIXTURES / "en_partial_asins.txt"))
    assert result.code == 0
    assert "partial" in result.out
    assert "Reinstated:" in result.out and "B08KTZ8249, B07PXGQC1Q" in result.out
    assert "Next step:" in result.out and "B09ZQ4H2N7" in result.out


def test_json_alone_on_standard_output(run_cli, case_file):
    result = run_cli("reply", str(INVOICES), "--json", "--case", str(case_file))
    assert result.code == 0
    data = json.loads(result.out)
    assert data["kind"] == "documents"
    assert data["asks"] == ["invoices", "asins"]
    assert data["asins"] == ["B08KTZ8249", "B07PXGQC1Q"]
    assert data["deadline"] == "2026-10-19"
    assert data["next_step"]
    assert "2026-11-13" in data["funds_reminder"]["text"]  # 60 days after the case's notice of September 14
    assert "Recorded round 1" in result.err


def test_chinese(run_cli):
    result = run_cli("reply", str(FIXTURES / "zh_more_info.txt"), "--lang", "zh")
    assert result.code == 0
    assert "需要补充信息" in result.out and "根本原因" in result.out and "下一步" in result.out


def test_standard_input():
    text = (FIXTURES / "en_final.txt").read_text(encoding="utf-8")
    result = run_process("reply", "-", "--json", stdin=text)
    assert result.code == 0, result.err
    assert json.loads(result.out)["kind"] == "final"


def test_no_decision_exits_1(run_cli):
    result = run_cli("reply", str(FIXTURES / "en_unclear_generic.txt"))
    assert result.code == 1
    assert "Account Health" in result.out


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        (("reply", "nope.txt"), ("nope.txt", "no such file")),
        (("reply", str(INVOICES), "--date", "last week"), ("--date", "YYYY-MM-DD")),
        (("reply", str(INVOICES), "--sent", "2026-09-28"), ("--sent", "--case")),
        (("reply", str(INVOICES), "--case", str(INVOICES)), ("--case", ".yaml")),
    ],
)
def test_mistakes_get_one_line(args, needles):
    assert_one_line_error(run_process(*args), *needles)


def test_empty_and_binary_files(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    assert_one_line_error(run_process("reply", str(empty)), "empty")
    pdf = tmp_path / "reply.pdf"
    pdf.write_bytes(b"%PDF-1.7\n%\xe2\xe3")
    assert_one_line_error(run_process("reply", str(pdf)), "PDF")


def test_a_broken_case_prints_nothing_but_the_error(tmp_path):
    broken = write_yaml(tmp_path / "case.yaml", {"seller": {}})
    result = run_process("reply", str(INVOICES), "--case", str(broken))
    assert_one_line_error(result, "case.yaml")
    assert result.out == ""


# ---------------------------------------------------------------- the round in the case


def test_the_round_is_added_and_nothing_else_changes(run_cli, case_file):
    before = case_file.read_text(encoding="utf-8")
    result = run_cli("reply", str(INVOICES), "--case", str(case_file))
    assert result.code == 0, result.err
    after = case_file.read_text(encoding="utf-8")
    assert after.startswith(before)  # every byte of the file as it was, comments included
    assert "previous_appeals:" in after[len(before) :]
    case = load_case(case_file)
    [round_] = case.previous_appeals
    assert round_.date.isoformat() == "2026-09-28"  # the plan's date
    assert round_.reply.kind == "documents" and round_.outcome == "more_information_requested"
    assert round_.reply.date.isoformat() == "2026-10-02"
    assert round_.reply.deadline.isoformat() == "2026-10-19"
    assert [a.ask for a in round_.reply.asks] == ["invoices", "asins"]
    assert "Please provide invoices or receipts" in round_.amazon_reply
    # The snapshot is the plan's items, not only its text.
    assert round_.plan_sent.plans == case.plans
    assert round_.plan_sent.affected_asins == case.affected_asins


def test_a_case_with_earlier_rounds_keeps_them_and_what_follows(tmp_path, run_cli):
    path = tmp_path / "case.yaml"  # with a key after previous_appeals
    text = (Path(commands.EXAMPLES_DIR) / "review_manipulation.yaml").read_text(encoding="utf-8")
    path.write_text(text + "notice:\n  complaint_ids: ['123456']\n", encoding="utf-8")
    reply = tmp_path / "reply.txt"
    reply.write_text("Date: 2026-11-25\nWe are unable to reinstate your account. Please explain the root cause.\n")
    result = run_cli("reply", str(reply), "--case", str(path))
    assert result.code == 0, result.err
    after = path.read_text(encoding="utf-8")
    assert after.count("# ") == text.count("# ")  # comments kept
    case = load_case(path)
    assert len(case.previous_appeals) == 2
    assert case.previous_appeals[0].text_sent.startswith("Dear Amazon team")
    assert case.previous_appeals[1].reply.kind == "more_information"
    assert case.notice.complaint_ids == ["123456"]
    parsed, original = yaml.safe_load(after), yaml.safe_load(text + "notice:\n  complaint_ids: ['123456']\n")
    assert parsed["previous_appeals"][0] == original["previous_appeals"][0]
    assert {k: v for k, v in parsed.items() if k != "previous_appeals"} == {
        k: v for k, v in original.items() if k != "previous_appeals"
    }


def test_a_flow_list_of_rounds_is_written_again_with_its_values(tmp_path, run_cli):
    path = tmp_path / "case.yaml"
    text = (Path(commands.EXAMPLES_DIR) / "inauthentic.yaml").read_text(encoding="utf-8")
    path.write_text(text + "previous_appeals: [{date: 2026-09-20, outcome: no_reply}]\n", encoding="utf-8")
    result = run_cli("reply", str(INVOICES), "--case", str(path))
    assert result.code == 0, result.err
    case = load_case(path)
    assert [r.outcome for r in case.previous_appeals] == ["no_reply", "more_information_requested"]
    assert case.plans == load_case(Path(commands.EXAMPLES_DIR) / "inauthentic.yaml").plans


def test_an_empty_list_of_rounds_takes_the_round_and_keeps_the_comments(tmp_path, run_cli):
    path = tmp_path / "case.yaml"
    text = (Path(commands.EXAMPLES_DIR) / "inauthentic.yaml").read_text(encoding="utf-8")
    path.write_text(text + "previous_appeals: []\n# the last line, a comment\n", encoding="utf-8")
    result = run_cli("reply", str(INVOICES), "--case", str(path))
    assert result.code == 0, result.err
    after = path.read_text(encoding="utf-8")
    assert after.startswith(text) and after.endswith("# the last line, a comment\n")
    assert [r.reply.kind for r in load_case(path).previous_appeals] == ["documents"]


def test_a_json_case(tmp_path, run_cli):
    path = tmp_path / "case.json"
    path.write_text(json.dumps(example_data("inauthentic"), default=str), encoding="utf-8")
    result = run_cli("reply", str(INVOICES), "--case", str(path))
    assert result.code == 0, result.err
    assert json.loads(path.read_text(encoding="utf-8"))["previous_appeals"][0]["reply"]["kind"] == "documents"


def test_the_same_reply_twice_is_refused(run_cli, case_file):
    assert run_cli("reply", str(INVOICES), "--case", str(case_file)).code == 0
    once = case_file.read_bytes()
    assert_one_line_error(run_process("reply", str(INVOICES), "--case", str(case_file)), "already recorded")
    assert case_file.read_bytes() == once


def test_a_reply_before_the_plan_was_sent_is_refused(case_file):
    before = case_file.read_bytes()
    result = run_process("reply", str(INVOICES), "--case", str(case_file), "--sent", "2026-10-05")
    assert_one_line_error(result, "--sent")
    assert result.out == ""
    assert case_file.read_bytes() == before


def test_the_sending_date_is_said_when_guessed(tmp_path, run_cli):
    data = example_data("inauthentic")
    del data["plan_date"]
    path = write_yaml(tmp_path / "case.yaml", data)
    result = run_cli("reply", str(INVOICES), "--case", str(path), "--lang", "zh")
    assert result.code == 0, result.err
    assert "--sent" in result.out and "已在" in result.out
    assert load_case(path).previous_appeals[0].date.isoformat() == "2026-10-02"  # the reply's own date


def test_the_case_quotes_are_set_aside(tmp_path, run_cli):
    case = FIXTURES / "cases" / "ip_relisted.yaml"
    path = tmp_path / "case.yaml"
    path.write_bytes(case.read_bytes())
    result = run_cli("reply", str(FIXTURES / "trap_quotes_plan_unmarked.txt"), "--case", str(path), "--json")
    assert json.loads(result.out)["kind"] == "more_information"
