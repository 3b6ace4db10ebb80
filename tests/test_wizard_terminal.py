"""The installed `poa` console script in a real pseudo-terminal: a whole case, and a terminal that closes."""

from __future__ import annotations

import io
import os
import shutil
import sys
import time
from pathlib import Path

import pytest
import yaml
from docx import Document

pexpect = pytest.importorskip("pexpect")

pytestmark = pytest.mark.timeout(120)

POA = shutil.which("poa", path=str(Path(sys.executable).parent))
ENTER = "\r"
DOWN = "\x1b[B"
UP = "\x1b[A"
SPACE = " "


def spawn(folder: Path, *args: str, dimensions: tuple[int, int] = (40, 140)):
    if POA is None:
        pytest.fail("the poa console script is not installed beside this Python; install the project first")
    env = {**os.environ, "PROMPT_TOOLKIT_NO_CPR": "1", "TERM": "xterm", "POA_CACHE_DIR": str(folder / ".cache")}
    return pexpect.spawn(POA, ["new", *args], cwd=str(folder), env=env, encoding="utf-8", dimensions=dimensions)


def answer(child, prompt: str, keys: str) -> None:
    child.expect_exact(prompt)
    time.sleep(0.05)  # let the prompt finish drawing before the keys arrive
    child.send(keys)


def test_a_whole_case_in_a_real_terminal(tmp_path):
    child = spawn(tmp_path, "--lang", "en")
    answer(child, "Business name", "Acme Trading Ltd" + ENTER)
    answer(child, "Store name", "Acme Home" + ENTER)
    answer(child, "Merchant token", ENTER)
    answer(child, "Marketplace of the notice", ENTER)
    answer(child, "Date of Amazon's notice", "2026-08-03" + ENTER)
    answer(child, "Your name", "Li Wei" + ENTER)
    answer(child, "Your role", ENTER)
    answer(child, "Why was the account deactivated?", ENTER)
    answer(child, "Which reasons does the notice name?", SPACE + ENTER)
    answer(child, "Have you already sent a plan of action", ENTER)
    answer(child, "the rate from the notice", "35/1642" + ENTER)
    child.expect_exact("1,859 more defect-free orders")
    answer(child, "Affected ASINs", ENTER)
    answer(child, "what caused it?", SPACE + ENTER)
    answer(child, "what have you already done", SPACE + ENTER)
    answer(child, "Date done", "\x15" + "2026-08-10" + ENTER)
    answer(child, "what is now in place", SPACE + ENTER)
    answer(child, "which documents can you attach?", SPACE + ENTER)  # a written procedure: no date to ask
    answer(child, "Review your plan", ENTER)
    answer(child, "Save the case", ENTER)
    answer(child, "Write the plan", ENTER)
    child.expect_exact("Done.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    case = yaml.safe_load((tmp_path / "poa-case.yaml").read_text(encoding="utf-8"))
    assert case["metrics"]["order_defect_rate"] == {"defects": 35, "orders": 1642}
    document = Document(str(tmp_path / "plan.docx"))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Acme Trading Ltd" in text
    assert case["plans"]["order_defect_rate"]["root_causes"][0] in text


def test_a_chinese_case_at_80_columns_ticks_a_wrapped_suggestion_and_picks_an_owner(tmp_path):
    from poa.case.catalog import DATA_DIR, load_catalog

    odr = load_catalog()["order_defect_rate"]
    common = yaml.safe_load((DATA_DIR / "plan_choices.yaml").read_text(encoding="utf-8"))["owners"]
    named = [o["en"] for o in common]  # a Chinese screen lists the owners it names in Chinese
    owners = [o for o in dict.fromkeys([m.owner for m in odr.preventive_measures] + named) if o in named]
    action = odr.corrective_actions[0]
    child = spawn(tmp_path, "--lang", "zh", dimensions=(24, 80))
    answer(child, "公司名称", "Acme Trading Ltd" + ENTER)
    answer(child, "店铺名称", "Acme Home" + ENTER)
    answer(child, "卖家记号", ENTER)
    answer(child, "收到通知的站点", ENTER)
    answer(child, "亚马逊通知的日期", "2026-08-03" + ENTER)
    answer(child, "署名人姓名", "Li Wei" + ENTER)
    answer(child, "署名人职务", ENTER)
    answer(child, "账户因何被停用", ENTER)
    answer(child, "通知中列出了哪些原因", SPACE + ENTER)
    answer(child, "是否已针对此通知提交过", ENTER)
    answer(child, "通知中的比率", "35/1642" + ENTER)
    answer(child, "涉及的ASIN", ENTER)
    answer(child, "根本原因是什么", SPACE + ENTER)
    # The first action's English is longer than the screen is wide: its last words are on the screen.
    child.expect_exact("已经采取了哪些纠正措施")
    child.expect_exact(action.zh)
    child.expect_exact(" ".join(action.en.split()[-3:]))
    time.sleep(0.05)
    child.send(SPACE + ENTER)
    answer(child, "完成日期", "\x15" + "2026-08-10" + ENTER)
    answer(child, "现在有哪些预防措施", UP + SPACE + ENTER)  # "write my own", last in the list
    answer(child, "自己填写的预防措施", "We check every parcel before it ships." + ENTER)
    answer(child, "自己填写的预防措施", "")  # the prompt again, for another
    time.sleep(0.3)
    child.send(ENTER)  # no other measure
    answer(child, "由谁负责", DOWN * owners.index("Warehouse Supervisor") + ENTER)
    child.expect_exact("仓库主管（Warehouse Supervisor）")
    answer(child, "多久执行一次", ENTER)
    answer(child, "可以提供哪些证明文件", SPACE + ENTER)
    page, pages = 0, 1
    while page < pages:  # the review in pages at 24 rows: next page until the last, then confirm
        child.expect(r"第 (\d+)/(\d+) 页[^\n]*?方向键移动")  # the menu on screen, not one answered
        page, pages = int(child.match[1]), int(child.match[2])
        time.sleep(0.05)
        child.send(ENTER)
    answer(child, "案例文件", ENTER)
    answer(child, "计划（Word 文档）", ENTER)
    child.expect_exact("完成。")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    case = yaml.safe_load((tmp_path / "poa-case.yaml").read_text(encoding="utf-8"))
    plan = case["plans"]["order_defect_rate"]
    assert plan["corrective_actions"][0]["text"] == action.en
    assert plan["preventive_measures"][0]["owner"] == "Warehouse Supervisor"
    text = "\n".join(p.text for p in Document(str(tmp_path / "plan.docx")).paragraphs)
    assert action.en in text


def test_ctrl_c_in_a_real_terminal_saves_and_exits_130(tmp_path):
    child = spawn(tmp_path, "--lang", "en")
    answer(child, "Business name", "Acme Trading Ltd" + ENTER)
    answer(child, "Store name", "\x03")
    child.expect_exact("poa new --resume poa-draft.yaml")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    draft = yaml.safe_load((tmp_path / "poa-draft.yaml").read_text(encoding="utf-8"))
    assert draft["case"]["seller"]["legal_name"] == "Acme Trading Ltd"


def test_closing_the_terminal_keeps_the_text_being_typed(tmp_path):
    child = spawn(tmp_path, "--lang", "en")
    answer(child, "Business name", "Acme Trading Ltd" + ENTER)
    answer(child, "Store name", "Acme Ho")
    child.expect_exact("Acme Ho")
    child.close(force=True)  # the terminal goes away: the process gets SIGHUP
    draft_path = tmp_path / "poa-draft.yaml"
    for _ in range(100):  # the process may still be writing when close() returns
        draft = yaml.safe_load(draft_path.read_text(encoding="utf-8"))
        if draft["poa_draft"].get("pending"):
            break
        time.sleep(0.05)
    assert draft["poa_draft"]["pending"] == {"question": "seller.store_name", "text": "Acme Ho"}
    assert draft["case"]["seller"]["legal_name"] == "Acme Trading Ltd"


def screen_of(output: str, rows: int = 24, columns: int = 80) -> list[str]:
    """The terminal's screen after this output, as the seller sees it (a VT100 emulator reads it)."""
    import pyte

    screen = pyte.Screen(columns, rows)
    pyte.Stream(screen).feed(output)
    return [line.rstrip() for line in screen.display]


def drain(child) -> None:
    """Read what the program has written so far (the rest of a menu being drawn)."""
    while True:
        try:
            child.read_nonblocking(65536, timeout=0.3)
        except (pexpect.TIMEOUT, pexpect.EOF):
            return


def test_the_review_of_two_reasons_pages_at_80_by_24(tmp_path):
    from helpers import example_data

    pytest.importorskip("pyte")
    data = example_data("condition")
    (tmp_path / "case.yaml").write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    child = spawn(tmp_path, "--lang", "en", "--answers", "case.yaml", dimensions=(24, 80))
    seen = io.StringIO()
    child.logfile_read = seen
    pages = []
    for page in range(1, 5):
        child.expect_exact(f"page {page} of 4")
        child.expect_exact("Change a section")
        drain(child)
        screen = screen_of(seen.getvalue())
        pages.append(screen)
        menu = next(i for i, line in enumerate(screen) if f"page {page} of 4" in line)
        assert "Change a section" in "\n".join(screen[menu:])
        child.send(ENTER)  # next page, and on the last one: confirm
    child.expect_exact("Save the case")
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    # The first page starts with the seller's line, under the step's heading, all of it on the screen.
    first = pages[0]
    tops = [i for i, line in enumerate(first) if line.startswith("Seller: Pinewood Kitchenware Inc.")]
    assert tops, "the review's first line scrolled off the screen:\n" + "\n".join(first)
    top = tops[0]
    menu = next(i for i, line in enumerate(first) if "page 1 of 4" in line)
    assert first[top + 1].startswith("Marketplace: amazon.com")
    assert first[top + 2].startswith("Signed by: Sarah Kim")
    assert "Return Dissatisfaction Rate · Root causes (2)" in first[top:menu]
    # Every line of the plan is on some page's screen, whole (wrapped between words, not cut).
    words = " ".join(" ".join(" ".join(screen).split()) for screen in pages)
    for reason in data["reasons"]:
        for section in ("root_causes", "corrective_actions", "preventive_measures"):
            for item in data["plans"][reason][section]:
                text = item if isinstance(item, str) else item["text"]
                assert " ".join(text.split()) in words, text
