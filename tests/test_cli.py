"""The command line: what a user sees for good input and for every kind of mistake."""

from __future__ import annotations

import os
import tempfile

import docx
import pytest
from helpers import EXAMPLE_NAMES, assert_one_line_error, example_data, run_process, write_yaml

# --- mistakes: one line naming the place and the fix, exit 2, nothing written --------------------


def files_in(folder) -> set[str]:
    return {p.name for p in folder.iterdir()}


def render_in(tmp_path, data, run_cli, *extra: str):
    write_yaml(tmp_path / "case.yaml", data)
    before = files_in(tmp_path)
    result = run_cli("render", str(tmp_path / "case.yaml"), "-o", str(tmp_path / "plan.docx"), *extra)
    return result, before


def test_unknown_reason(tmp_path, odr_data, run_cli):
    odr_data["reasons"] = ["odr"]
    result, before = render_in(tmp_path, odr_data, run_cli)
    assert_one_line_error(
        result,
        "case.yaml: reasons[0]: unknown reason 'odr' (did you mean 'order_defect_rate'? known: order_defect_rate, ",
    )
    assert files_in(tmp_path) == before


def test_wrong_type(tmp_path, odr_data, run_cli):
    odr_data["metrics"]["order_defect_rate"]["orders"] = "many"
    result, before = render_in(tmp_path, odr_data, run_cli)
    assert_one_line_error(result, "case.yaml: metrics.order_defect_rate.orders: 'many' is not a number")
    assert files_in(tmp_path) == before


def test_wrong_date(tmp_path, odr_data, run_cli):
    odr_data["plans"]["order_defect_rate"]["corrective_actions"][1]["date"] = "last Tuesday"
    result, _ = render_in(tmp_path, odr_data, run_cli)
    assert_one_line_error(
        result,
        "plans.order_defect_rate.corrective_actions[1].date: 'last Tuesday' is not a date; write it as YYYY-MM-DD",
    )


def test_missing_field(tmp_path, odr_data, run_cli):
    del odr_data["seller"]["signer_name"]
    result, before = render_in(tmp_path, odr_data, run_cli)
    assert_one_line_error(result, "case.yaml: seller.signer_name: required field is missing")
    assert files_in(tmp_path) == before


def test_misspelt_field(tmp_path, odr_data, run_cli):
    odr_data["seller"]["legal_nmae"] = odr_data["seller"]["legal_name"]
    result, _ = render_in(tmp_path, odr_data, run_cli)
    assert_one_line_error(result, "seller.legal_nmae: unknown field 'legal_nmae'; check its spelling")


def test_several_problems_are_counted(tmp_path, odr_data, run_cli):
    del odr_data["seller"]["signer_name"]
    del odr_data["seller"]["signer_role"]
    result, _ = render_in(tmp_path, odr_data, run_cli)
    assert_one_line_error(result, "(and 1 more; see them all with: poa check")


def test_malformed_yaml(tmp_path, run_cli):
    (tmp_path / "case.yaml").write_text("seller:\n  legal_name: [unclosed\nreasons: x\n", encoding="utf-8")
    result = run_cli("render", str(tmp_path / "case.yaml"), "-o", str(tmp_path / "plan.docx"))
    assert_one_line_error(result, "case.yaml: line ", "invalid YAML")
    assert not (tmp_path / "plan.docx").exists()


def test_malformed_json(tmp_path, run_cli):
    (tmp_path / "case.json").write_text('{"seller": {,}', encoding="utf-8")
    result = run_cli("render", str(tmp_path / "case.json"), "-o", str(tmp_path / "plan.md"))
    assert_one_line_error(result, "case.json: line 1, column 13: invalid JSON")


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ("", "the file is empty"),
        ("- a\n- b\n", "expected a mapping of fields"),
        (b"\x89\x00\x01\x02\x00\xff", "binary file"),
        (b"seller: caf\xe9\n", "is not UTF-8; save the file as UTF-8"),
    ],
)
def test_unusable_file_content(tmp_path, run_cli, content, needle):
    path = tmp_path / "case.yaml"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    assert_one_line_error(run_cli("render", str(path), "--format", "md"), "case.yaml: ", needle)


def test_missing_file(tmp_path, run_cli):
    result = run_cli("render", str(tmp_path / "nope.yaml"), "-o", str(tmp_path / "plan.docx"))
    assert_one_line_error(result, "nope.yaml: no such file; check the path")
    assert files_in(tmp_path) == set()


def test_case_path_is_a_directory(tmp_path, run_cli):
    assert_one_line_error(run_cli("render", str(tmp_path), "--format", "md"), "is a directory")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_unreadable_file(tmp_path, odr_data, run_cli):
    path = write_yaml(tmp_path / "case.yaml", odr_data)
    path.chmod(0)
    assert_one_line_error(run_cli("render", str(path), "--format", "md"), "permission denied")


def test_existing_output_is_kept(tmp_path, odr_data, run_cli):
    (tmp_path / "plan.docx").write_bytes(b"the seller's own file")
    result, before = render_in(tmp_path, odr_data, run_cli)
    assert_one_line_error(result, "plan.docx: already exists; choose another name or add --force")
    assert (tmp_path / "plan.docx").read_bytes() == b"the seller's own file"
    assert files_in(tmp_path) == before
    forced, _ = render_in(tmp_path, odr_data, run_cli, "--force")
    assert forced.code == 0
    assert (tmp_path / "plan.docx").read_bytes()[:2] == b"PK"


def test_output_in_a_missing_folder(tmp_path, odr_data, run_cli):
    write_yaml(tmp_path / "case.yaml", odr_data)
    result = run_cli("render", str(tmp_path / "case.yaml"), "-o", str(tmp_path / "no" / "plan.docx"))
    assert_one_line_error(result, "is not an existing folder")


def test_output_is_a_directory(tmp_path, odr_data, run_cli):
    write_yaml(tmp_path / "case.yaml", odr_data)
    (tmp_path / "out.docx").mkdir()
    result = run_cli("render", str(tmp_path / "case.yaml"), "-o", str(tmp_path / "out.docx"))
    assert_one_line_error(result, "out.docx: is a directory")


def test_folder_that_cannot_be_written(tmp_path, odr_data, run_cli, monkeypatch):
    # Root writes anywhere, so the refusal a read-only folder gives is simulated where it happens.
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    write_yaml(tmp_path / "case.yaml", odr_data)
    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    result = run_cli("render", str(tmp_path / "case.yaml"), "-o", str(tmp_path / "plan.docx"))
    assert_one_line_error(result, "plan.docx: cannot write in", "Permission denied", "choose another folder")
    assert not (tmp_path / "plan.docx").exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only folders")
def test_read_only_folder(tmp_path, odr_data, run_cli):
    write_yaml(tmp_path / "case.yaml", odr_data)
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    assert_one_line_error(run_cli("render", str(tmp_path / "case.yaml"), "-o", str(folder / "p.docx")), "cannot write")


def test_unknown_output_extension(tmp_path, odr_data, run_cli):
    write_yaml(tmp_path / "case.yaml", odr_data)
    result = run_cli("render", str(tmp_path / "case.yaml"), "-o", str(tmp_path / "plan.odt"))
    assert_one_line_error(result, "plan.odt: cannot tell the format from '.odt'", ".pdf")
    result = run_cli("render", str(tmp_path / "case.yaml"), "-o", str(tmp_path / "plan.md"), "--format", "txt")
    assert_one_line_error(result, "the extension says md but --format says txt")


def test_docx_to_the_terminal_is_refused(tmp_path, odr_data, run_cli):
    write_yaml(tmp_path / "case.yaml", odr_data)
    assert_one_line_error(run_cli("render", str(tmp_path / "case.yaml"), "--format", "docx"), "add -o plan.docx")


def test_unknown_example_and_reason(run_cli):
    assert_one_line_error(run_cli("example", "odr"), "unknown example 'odr' (known: ")
    assert_one_line_error(run_cli("reasons", "counterfeit"), "unknown reason 'counterfeit'")


def test_a_real_process_prints_no_traceback(tmp_path):
    (tmp_path / "case.yaml").write_text("reasons: [odr]\n", encoding="utf-8")
    result = run_process("render", str(tmp_path / "case.yaml"), "-o", str(tmp_path / "plan.docx"))
    assert result.code == 2
    assert result.err.startswith("error: ") and "Traceback" not in result.err
    assert not (tmp_path / "plan.docx").exists()
    usage = run_process("render")
    assert usage.code == 2 and "Traceback" not in usage.err and "CASE" in usage.err


# --- good input ------------------------------------------------------------------------------------


def test_help_lists_every_command(run_cli, capsys):
    with pytest.raises(SystemExit) as done:
        run_cli("--help")
    assert done.value.code == 0
    out = capsys.readouterr().out
    for command in ("render", "example", "reasons"):
        assert command in out


def test_example_listing_and_writing(tmp_path, run_cli):
    listing = run_cli("example")
    assert listing.code == 0
    assert all(name in listing.out for name in EXAMPLE_NAMES)
    written = run_cli("example", "inauthentic", "-o", str(tmp_path / "case.yaml"))
    assert written.code == 0 and "poa render" in written.out
    assert "B08KTZ8249" in (tmp_path / "case.yaml").read_text(encoding="utf-8")
    again = run_cli("example", "inauthentic", "-o", str(tmp_path / "case.yaml"))
    assert_one_line_error(again, "already exists")
    printed = run_cli("example", "ip_trademark")
    assert "B09ZQ4H2N7" in printed.out


@pytest.mark.parametrize("fmt", ["md", "txt"])
def test_render_prints_text_formats(tmp_path, run_cli, fmt):
    run_cli("example", "order_defect_rate", "-o", str(tmp_path / "case.yaml"))
    result = run_cli("render", str(tmp_path / "case.yaml"), "--format", fmt)
    assert result.code == 0
    assert "2.13% (35 of 1,642)" in result.out
    # The orders needed are for the seller, not for the reviewer: never in the plan.
    assert "1,859" not in result.out
    assert ("## Root causes" in result.out) == (fmt == "md")


def test_render_tells_the_seller_the_orders_needed(tmp_path, run_cli):
    run_cli("example", "order_defect_rate", "-o", str(tmp_path / "case.yaml"))
    result = run_cli("render", str(tmp_path / "case.yaml"), "-o", str(tmp_path / "plan.docx"))
    assert result.code == 0
    assert "Order Defect Rate: with no new defect, 1,859 more defect-free orders bring it within target" in result.out
    text = "\n".join(p.text for p in docx.Document(str(tmp_path / "plan.docx")).paragraphs)
    assert "1,859" not in text and "orders needed" not in text.lower()


def test_render_writes_each_format_from_its_extension(tmp_path, run_cli):
    run_cli("example", "review_manipulation", "-o", str(tmp_path / "case.yaml"))
    for name in ("plan.md", "plan.txt", "plan.docx"):
        result = run_cli("render", str(tmp_path / "case.yaml"), "-o", str(tmp_path / name))
        assert result.code == 0 and f"Wrote {tmp_path / name}" in result.out
    assert (tmp_path / "plan.md").read_text(encoding="utf-8").startswith("# Plan of Action")
    assert (tmp_path / "plan.txt").read_text(encoding="utf-8").startswith("Plan of Action\n==============")
    assert (tmp_path / "plan.docx").read_bytes()[:2] == b"PK"
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


def test_reasons_listing_and_detail(run_cli):
    listing = run_cli("reasons")
    assert listing.code == 0
    assert "order_defect_rate" in listing.out and "review_manipulation" in listing.out
    zh = run_cli("reasons", "--lang", "zh")
    assert "订单缺陷率" in zh.out
    detail = run_cli("reasons", "order_defect_rate")
    assert "Target: < 1%" in detail.out and "Window: 60 days" in detail.out
    assert detail.out.count("\n  1. ") == 3  # numbered root causes, actions and measures


def test_the_case_file_is_never_overwritten_by_its_plan(tmp_path, odr_data, run_cli):
    path = write_yaml(tmp_path / "case.yaml", odr_data)
    before = path.read_bytes()
    result = run_cli("render", str(path), "-o", str(path), "--format", "md", "--force")
    assert_one_line_error(result, "is the case file itself")
    assert path.read_bytes() == before


def test_deeply_nested_json_and_yaml(tmp_path, run_cli):
    (tmp_path / "case.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    assert_one_line_error(run_cli("render", str(tmp_path / "case.json"), "--format", "md"), "nested too deeply")
    (tmp_path / "case.yaml").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    assert_one_line_error(run_cli("render", str(tmp_path / "case.yaml"), "--format", "md"), "invalid YAML")


def test_alias_bomb_gives_a_short_message(tmp_path, run_cli):
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)]
    lines += ["notice_date: *a8", "seller: *a8", "marketplace: amazon.com", "reasons: *a8", "plans: *a8"]
    (tmp_path / "case.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_cli("render", str(tmp_path / "case.yaml"), "--format", "md")
    assert_one_line_error(result, "case.yaml: ")
    assert len(result.err) < 400


def test_a_command_without_lang_speaks_the_locale(tmp_path):
    """poa render has no --lang: a seller whose locale is Chinese reads its errors in Chinese."""
    import subprocess
    import sys

    data = example_data("order_defect_rate")
    data["notice_date"] = "2026-02-30"
    case = write_yaml(tmp_path / "case.yaml", data)
    env = {k: v for k, v in os.environ.items() if not k.startswith("LC_")} | {"LANG": "zh_CN.UTF-8"}
    done = subprocess.run(
        [sys.executable, "-m", "poa", "render", str(case), "--format", "md"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
    )
    assert done.returncode == 2
    assert "不是日期" in done.stderr and "notice_date" in done.stderr
    assert done.stderr.count("\n") == 1
