"""Every screen of `poa new` in Chinese, simplified and traditional: no English word of poa's own, no
reason id, no rule id, and in traditional Chinese no simplified character.

The prompts are drawn by prompt_toolkit, so what it renders is captured (a plain-text output over a
StringIO, wide enough not to wrap), beside the lines the wizard prints. English that belongs on the
screen is taken out before looking: the plan's own text (the catalogue's suggestions, owners and
frequencies, shown with their Chinese labels), what the test typed, file names and poa commands.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
import shutil
import threading
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import example_data, write_yaml
from prompt_toolkit.application import create_app_session
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output.plain_text import PlainTextOutput
from wizard_driver import CTRL_C, DOWN, ENTER, PERFORMANCE, SPACE, TODAY, choose, pick, typed

from poa.case.catalog import load_catalog
from poa.interview import wizard
from poa.languages import traditional
from poa.review.rules import load_rules

pytestmark = pytest.mark.timeout(120)

NOTICE = Path("/work/shared/notices/order_defect_rate.txt")
NOTICES = Path(__file__).parent / "fixtures" / "notices" / "shared"

# English words that are poa's (or the prompt library's) own and so must be in Chinese on a Chinese screen.
LEAKS = [
    "done",
    "selections",
    "Yes",
    "No",
    "Description",
    "Use",
    "arrow",
    "arrows",
    "keys",
    "Enter",
    "Space",
    "Back",
    "back",
    "Confirm",
    "confirm",
    "Review",
    "Step",
    "Seller",
    "Central",
    "Account",
    "Health",
    "Merchant",
    "Token",
    "Select",
    "select",
    "Type",
    "type",
    "Press",
    "press",
    "error",
    "Error",
    "warning",
    "Fix",
    "Read",
    "Notice",
    "notice",
    "Reasons",
    "Deadline",
    "Metrics",
    "Marketplace",
    "Wrote",
    "Draft",
    "draft",
    "Resume",
    "Start",
    "Keep",
    "Move",
    "Reword",
    "Add",
    "Remove",
    "Which",
    "days",
    "business",
    "target",
    "orders",
    "checked",
    "source",
    "found",
    "United",
    "States",
    "Kingdom",
    "Germany",
    "daily",
    "weekly",
    "monthly",
    "Manager",
    "Supervisor",
    "the",
    "and",
    "of",
    "or",
    "to",
    "is",
    "your",
    "you",
    "Your",
    "You",
    "not",
    "none",
]


class _WideOutput(PlainTextOutput):
    """prompt_toolkit's plain-text output (no escape sequences), wide enough that nothing wraps; it notes
    when a screen was last drawn, so the keys for the next screen wait until this one is on it."""

    def __init__(self, stdout: io.StringIO) -> None:
        super().__init__(stdout)
        self.drawn = 0
        self.last = time.monotonic()

    def get_size(self) -> Size:
        return Size(rows=200, columns=1000)

    def flush(self) -> None:
        super().flush()
        self.drawn += 1
        self.last = time.monotonic()


def _send_screen_by_screen(pipe: Any, output: _WideOutput, keys: list[str]) -> None:
    """Each answer once the screen before it is drawn and still: all keys at once would be read before
    prompt_toolkit draws a menu or a validator's message, and those screens would never be seen."""
    for chunk in keys:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and (time.monotonic() - output.last < 0.08):
            time.sleep(0.01)
        drawn = output.drawn
        pipe.send_text(chunk)
        while time.monotonic() < deadline and output.drawn == drawn:
            time.sleep(0.01)
    time.sleep(0.1)
    pipe.close()  # keys run out: the wizard saves and ends instead of waiting


def run_screens(folder: Path, keys: list[str], **options: object) -> tuple[int, str]:
    """Run the wizard with these keys; its exit code, and every screen: the prompts as rendered, the lines said."""
    said, drawn = io.StringIO(), io.StringIO()
    options.setdefault("today", TODAY)
    output = _WideOutput(drawn)
    with create_pipe_input() as pipe:
        sender = threading.Thread(target=_send_screen_by_screen, args=(pipe, output, keys), daemon=True)
        with create_app_session(input=pipe, output=output):
            sender.start()
            code = wizard.start(wizard.Options(**options), out=said)  # type: ignore[arg-type]
        sender.join(timeout=30)
    return code, drawn.getvalue() + "\n" + said.getvalue()


def _english_of_the_plan() -> list[str]:
    """English that goes into the plan and is rightly shown: the catalogue's texts, owners, frequencies, labels."""
    texts: set[str] = set()
    for reason in load_catalog().reasons.values():
        texts.add(reason.label.en)
        for section in (reason.root_causes, reason.corrective_actions, reason.preventive_measures, reason.evidence):
            for item in section:
                texts.add(item.en)
                for key in ("owner", "frequency"):
                    if getattr(item, key, None):
                        texts.add(getattr(item, key))
    return sorted(texts, key=len, reverse=True)


def _without_allowed_english(screen: str, typed_texts: list[str]) -> str:
    allowed = [*typed_texts, *_english_of_the_plan()]
    text = re.sub(r"[ \t]+", " ", screen.replace("\r", ""))
    text = re.sub(r"“[^”]*”", " ", text)  # a quote of the seller's own item or of Amazon's notice
    text = re.sub(r"(?m)^\s*> .*$", " ", text)  # a finding's excerpt of the item it is about
    text = re.sub(r"\bpoa(?: --?[\w-]+| [\w./-]+)*", " ", text)  # a poa command to run
    text = re.sub(r"[\w./\\-]+\.(?:yaml|docx|txt|md|pdf)\b", " ", text)  # file names
    for english in allowed:  # whole sentences of the plan first: an owner's name may be part of one
        if len(english) >= 40:
            text = text.replace(english, " ")

    def part_of_the_plan(match: re.Match[str]) -> str:
        """A run of English cut short on the screen (with "…" or at a width): allowed when the plan says it."""
        shown = match[0].strip()
        return " " if len(shown) >= 12 and any(shown in english for english in allowed) else match[0]

    text = re.sub(r"[A-Za-z][\x20-\x7e]*", part_of_the_plan, text)
    for english in allowed:
        text = text.replace(english, " ")
    return text.replace("A-to-z", " ")  # Amazon's name of its guarantee, in Chinese texts too


def leaks(screen: str, typed_texts: list[str]) -> list[str]:
    """The words of the leak list, reason ids and rule ids left on the screen once allowed English is out."""
    rest = _without_allowed_english(screen, typed_texts)
    ids = [*load_catalog().ids(), *(rule.id for rule in load_rules().rules)]
    found = []
    for word in [*LEAKS, *ids]:
        for match in re.finditer(rf"(?<![\w-]){re.escape(word)}(?![\w-])", rest):
            found.append(f"{word!r} in …{rest[max(0, match.start() - 40) : match.end() + 40]!r}…")
    return found


def simplified_left(screen: str, typed_texts: list[str]) -> list[str]:
    """Runs of Chinese a traditional-Chinese screen shows in simplified characters."""
    text = screen
    for typed_text in typed_texts:
        text = text.replace(typed_text, " ")
    runs = re.findall(r"[\u3400-\u9fff]+", text)
    return sorted({run for run in runs if traditional(run) != run})


# ---------------------------------------------------------------------- the walks

TYPED = ["Acme Trading Ltd", "Acme Home", "Li Wei", "Owner", "35/1642", "B08KTZ8249", "abc", "2026-02-30"]


def full_walk() -> list[str]:
    """Every step with a mistake at each validator, a finding on the review, the item editor, an existing plan."""
    return [
        typed("Acme Trading Ltd"),
        typed("Acme Home"),
        typed("abc"),  # not a merchant token: its message
        typed(""),  # skipped
        choose(0),  # amazon.com
        typed("2026-02-30"),  # no such day
        typed("2030-01-01"),  # in the future
        typed("2026-08-03"),
        typed("Li Wei"),
        ENTER,  # Owner
        choose(PERFORMANCE),
        ENTER,  # nothing ticked: its message
        SPACE + ENTER,  # order_defect_rate
        ENTER,  # no plan sent before
        typed("abc"),  # not a rate: its message
        typed("35/1642"),
        typed("B0"),  # not an ASIN: its message
        typed(""),  # no ASINs
        pick(0, 4),
        pick(0, 1),
        ENTER,  # both actions done on the same date
        typed("2026-05-01"),  # before the problem began: a finding on the review
        ENTER,
        ENTER,
        pick(1),
        ENTER,
        pick(0),  # a written procedure: no date to ask
        # The review (confirm, change a section, fix): change a section, the corrective actions (after
        # seller, reasons, metrics, ASINs, root causes), the first action's field menu, its wording kept,
        # the remove list, back to the review; then fix the first finding (the first action's date).
        DOWN + ENTER,
        DOWN * 5 + ENTER,
        DOWN + ENTER,  # change an item
        ENTER,  # the first action
        ENTER,  # its wording
        ENTER,  # kept
        ENTER,  # done with the item
        DOWN * 2 + ENTER,  # remove: the list
        ENTER,  # nothing ticked
        DOWN * 3 + ENTER,  # back to the review
        DOWN * 2 + ENTER,  # fix what the reviewer would say
        ENTER,  # the first: the first action's date
        typed("2026-08-10"),
        ENTER,  # confirm
        typed("plan.txt"),  # the wrong extension for the case: its message
        typed("poa-case.yaml"),
        ENTER,  # plan.docx, which exists
        "y",  # replace it
    ]


@pytest.mark.parametrize("lang", ["zh", "zh-Hant"])
def test_every_step_of_a_plan_is_in_chinese(folder, lang):
    (folder / "plan.docx").write_bytes(b"an older plan")
    code, screen = run_screens(folder, full_walk(), lang=lang)
    assert code == 0, screen[-3000:]
    assert (folder / "poa-case.yaml").is_file()
    # The walk reached what it is meant to show: the errors of the validators, a finding, the editor.
    zh = (lambda text: traditional(text)) if lang == "zh-Hant" else (lambda text: text)
    errors = ("卖家记号为", "这一天", "通知日期不能晚于", "请用空格至少勾选", "请输入百分比", "不是有效的ASIN")
    for seen in (*errors, "文件名须以"):
        assert zh(seen) in screen, seen
    assert zh("严格的审核人员会指出") in screen and zh("第 1 项纠正措施") in screen
    assert zh("要做什么修改") in screen and zh("删除哪些") in screen
    assert zh("要修改这一项的哪个部分") in screen and zh("要修正哪一个") in screen
    assert zh("美国") in screen and zh("已存在") in screen
    assert not leaks(screen, TYPED), leaks(screen, TYPED)
    if lang == "zh-Hant":
        assert not simplified_left(screen, TYPED), simplified_left(screen, TYPED)
        assert "这" not in screen and "请" not in screen


@pytest.mark.parametrize("lang", ["zh", "zh-Hant"])
def test_a_notice_summary_an_interruption_and_the_resume_offer_are_in_chinese(folder, lang):
    notice = folder / "notice.txt"
    shutil.copy(NOTICES / "order_defect_rate.txt" if (NOTICES / "order_defect_rate.txt").exists() else NOTICE, notice)
    code, first = run_screens(folder, [typed("Acme Trading Ltd"), CTRL_C], lang=lang, notice=notice)
    assert code == 130
    code, offer = run_screens(folder, [ENTER, CTRL_C], lang=lang)  # the offer: resume, then stop again
    assert code == 130
    screen = first + offer
    zh = (lambda text: traditional(text)) if lang == "zh-Hant" else (lambda text: text)
    assert zh("从通知中读到") in screen and zh("订单缺陷率 2.13%") in screen
    assert zh("找到未完成的计划") in screen and zh("您的回答已保存在") in screen
    assert not leaks(screen, TYPED), leaks(screen, TYPED)
    if lang == "zh-Hant":
        assert not simplified_left(screen, TYPED), simplified_left(screen, TYPED)
        draft = yaml.safe_load((folder / "poa-draft.yaml").read_text(encoding="utf-8"))
        assert draft["poa_draft"]["lang"] == "zh-Hant"  # a resumed run stays traditional


@pytest.mark.parametrize("lang", ["zh", "zh-Hant"])
def test_the_deadline_after_the_plan_is_in_chinese(folder, lang):
    today = dt.date(2026, 8, 20)
    data = copy.deepcopy(example_data("order_defect_rate"))
    data.setdefault("notice", {})["deadline"] = "2026-09-01"
    case = write_yaml(folder / "case.yaml", data)
    keys = [ENTER, ENTER, "y", ENTER]  # confirm; the case back into case.yaml, replaced; plan.docx
    code, screen = run_screens(folder, keys, lang=lang, answers=case, today=today)
    assert code == 0, screen[-3000:]
    zh = (lambda text: traditional(text)) if lang == "zh-Hant" else (lambda text: text)
    assert zh("您的通知要求在 2026-09-01 之前回复") in screen and zh("已存在") in screen
    written = [*TYPED, *_strings(data)]  # the seller's own items, shown as written
    assert not leaks(screen, written), leaks(screen, written)
    if lang == "zh-Hant":
        assert not simplified_left(screen, written), simplified_left(screen, written)


def _strings(data: object) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [text for value in data.values() for text in _strings(value)]
    if isinstance(data, list):
        return [text for value in data for text in _strings(value)]
    return []


def test_the_leak_check_finds_english_and_ids():
    """The check itself: it fails on poa's English and on ids, not on the plan's English."""
    plan_text = load_catalog()["order_defect_rate"].root_causes[0].en
    assert leaks(f"根本原因：{plan_text}", []) == []
    assert leaks(f"根本原因：{plan_text[:30]}…", []) == []
    assert leaks("已完成 (Press Enter to confirm)", [])
    assert leaks("错误：order_defect_rate，第 2 项", [])
    assert leaks("  错误 [blame]", [])
    assert simplified_left("這是繁體，这是简体", []) == ["这是简体"]
