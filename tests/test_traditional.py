"""--lang zh-Hant: traditional Chinese shown from the simplified texts, on every command that has --lang,
chosen by the locale or at the wizard's language question, and kept by the draft."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import example_data, write_yaml
from wizard_driver import CTRL_C, DOWN, ENTER, drive, odr_keys

from poa.languages import default_language, display_width, locale_language, pad, shown, traditional

NOTICES = Path(__file__).parent / "fixtures" / "notices" / "shared"
SIMPLIFIED_ONLY = "这个们说为发请对检"  # common characters written otherwise in traditional Chinese


def traditional_only(text: str) -> bool:
    """No simplified-only character: converting again changes nothing."""
    return traditional(text) == text and not any(ch in text for ch in SIMPLIFIED_ONLY)


# ---------------------------------------------------------------- the converter and the locale


def test_taiwan_words_not_computing_words():
    assert traditional("要求的文件；侵权类型") == "要求的文件；侵權類型"  # documents stay documents
    assert traditional("卖家平台 > 设置 > 账户信息；默认") == "賣家平台 > 設定 > 帳戶資訊；預設"
    assert traditional("知识产权") == "智慧財產權"
    assert traditional("English text stays as it is.") == "English text stays as it is."
    assert traditional("语言：简体中文") == "語言：简体中文"  # the name of the simplified script is kept
    assert shown("这个", "zh") == "这个" and shown("这个", "zh-Hant") == "這個"


@pytest.mark.parametrize(
    ("name", "language"),
    [
        ("zh_TW.UTF-8", "zh-Hant"),
        ("zh_HK.UTF-8", "zh-Hant"),
        ("zh-Hant", "zh-Hant"),
        ("Chinese (Traditional)_Taiwan", "zh-Hant"),
        ("zh_CN.UTF-8", "zh"),
        ("Chinese (Simplified)_China", "zh"),
        ("en_US.UTF-8", "en"),
        ("C.UTF-8", "en"),
    ],
)
def test_the_locale_picks_the_script(name, language):
    assert locale_language(name) == language


def test_a_taiwan_locale_asks_in_traditional_chinese(monkeypatch):
    for name in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "zh_TW.UTF-8")
    assert default_language() == "zh-Hant"


def test_columns_line_up_by_display_width():
    assert display_width("订单缺陷率") == 10 and display_width("ASIN") == 4
    assert display_width(pad("原因：", 12)) == display_width(pad("ASIN:", 12)) == 12


# ---------------------------------------------------------------- the commands


def test_check_in_traditional_chinese(tmp_path, run_cli):
    data = example_data("late_shipment_rate")
    data["plans"]["late_shipment_rate"]["corrective_actions"][0]["text"] = "We will be more careful."
    case = write_yaml(tmp_path / "case.yaml", data)
    result = run_cli("check", str(case), "--lang", "zh-Hant")
    assert "錯誤：遲發率，第 1 項糾正措施" in result.out
    assert traditional_only(result.out.replace("We will be more careful.", "")), result.out
    as_json = json.loads(run_cli("check", str(case), "--lang", "zh-Hant", "--format", "json").out)
    finding = next(f for f in as_json["findings"] if f["rule"] == "promise-in-action")
    assert finding["where"] == "late_shipment_rate, action 1"  # for programs: the English place
    assert traditional_only(finding["message"].split("“")[0])


def test_notice_in_traditional_chinese(run_cli):
    result = run_cli("notice", str(NOTICES / "review_manipulation.txt"), "--lang", "zh-Hant")
    assert result.code == 0
    assert "從通知中讀到：" in result.out and "截止日期：" in result.out
    assert "自通知日期 2026-11-05 起 17 天" in result.out
    chinese = "".join(part.split("”")[-1] for part in result.out.split("“"))  # the notice's own words aside
    assert traditional_only(chinese), result.out


def test_notice_in_chinese_names_reasons_not_ids(run_cli):
    result = run_cli("notice", str(NOTICES / "order_defect_rate.txt"), "--lang", "zh")
    assert "订单缺陷率 2.13%" in result.out and "order_defect_rate" not in result.out
    assert "  原因：" in result.out


def test_reasons_in_traditional_chinese(run_cli):
    listing = run_cli("reasons", "--lang", "zh-Hant")
    assert "訂單缺陷率" in listing.out and traditional_only(listing.out)
    detail = run_cli("reasons", "order_defect_rate", "--lang", "zh-Hant")
    assert "常見根本原因" in detail.out and "客服主管" in detail.out


def test_an_error_in_traditional_chinese(tmp_path, run_cli):
    result = run_cli("check", str(tmp_path / "missing.yaml"), "--lang", "zh-Hant")
    assert result.code == 2 and result.err.startswith("錯誤：")
    assert traditional_only(result.err) and "檔案" not in result.err  # s2tw: 文件 is not turned into 檔案


def test_the_english_output_is_unchanged(tmp_path, run_cli):
    case = write_yaml(tmp_path / "case.yaml", example_data("order_defect_rate"))
    assert run_cli("check", str(case)).out == run_cli("check", str(case), "--lang", "en").out


# ---------------------------------------------------------------- the wizard


def test_the_wizard_in_traditional_chinese_writes_the_same_english_plan(folder):
    traditional_run = drive(folder, odr_keys(), lang="zh-Hant")
    assert traditional_run.code == 0, traditional_run.out
    assert "第 2 步，共 9 步 · 賣家與帳戶" in traditional_run.out
    assert traditional_only(traditional_run.out.replace("poa new", "")), traditional_run.out
    case_hant = traditional_run.case()
    (folder / "poa-case.yaml").unlink()
    (folder / "plan.docx").unlink()
    simplified = drive(folder, odr_keys(), lang="zh")
    assert simplified.code == 0
    assert simplified.case() == case_hant  # the answers and the English plan are never converted


def test_the_language_question_offers_traditional_chinese_and_the_draft_keeps_it(folder, monkeypatch):
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    first = drive(folder, [DOWN * 2 + ENTER, CTRL_C])  # the third language: 繁體中文
    assert first.code == 130
    assert first.draft()["poa_draft"]["lang"] == "zh-Hant"
    resumed = drive(folder, [CTRL_C], resume=folder / "poa-draft.yaml")
    assert "第 2 步，共 9 步 · 賣家與帳戶" in resumed.out, resumed.out  # still traditional, not asked again
    assert "語言" not in resumed.out
    assert traditional_only(resumed.out.replace("poa new", "")), resumed.out


def test_reasons_in_chinese_say_the_formula_and_the_window_in_chinese(run_cli):
    from poa.case.catalog import load_catalog

    for reason in load_catalog().reasons.values():
        out = run_cli("reasons", reason.id, "--lang", "zh").out
        if reason.metric is not None:
            assert f"计算方式：{reason.metric.formula_zh}" in out and reason.metric.formula not in out
        if reason.response is not None and reason.response.note:
            assert reason.response.note_zh in out and reason.response.note not in out
        if reason.response is not None:
            unit = "个工作日" if reason.response.business_days else "天"
            assert f"通常的回复期限：{reason.response.days} {unit}" in out
        assert "), checked " not in out
