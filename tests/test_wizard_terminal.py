"""The installed `poa` console script in a real pseudo-terminal: a whole case, and a terminal that closes."""

from __future__ import annotations

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
SPACE = " "


def spawn(folder: Path, *args: str):
    if POA is None:
        pytest.fail("the poa console script is not installed beside this Python; install the project first")
    env = {**os.environ, "PROMPT_TOOLKIT_NO_CPR": "1", "TERM": "xterm", "POA_CACHE_DIR": str(folder / ".cache")}
    return pexpect.spawn(POA, ["new", *args], cwd=str(folder), env=env, encoding="utf-8", dimensions=(40, 140))


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
    answer(child, "which documents can you attach?", SPACE + ENTER)
    answer(child, "Date of the document", ENTER)
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
