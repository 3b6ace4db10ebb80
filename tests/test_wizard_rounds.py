"""`poa new --answers/--resume` on a case whose latest plan Amazon did not accept: its reply, then what it asked."""

from __future__ import annotations

import pytest
import yaml
from helpers import example_data, write_yaml
from test_rounds import with_round
from wizard_driver import CTRL_C, ENTER, UP, drive, typed

from poa.interview import next_round
from poa.interview.flow import Interview

pytestmark = pytest.mark.timeout(60)

ROOT_CAUSE = "Date: 2026-10-02\nWe are unable to reinstate your account. Please explain the root cause in more detail."
NEW_CAUSE = "Our buyer had no list of the brands that may only be bought from an authorized source."
OWN = UP + " " + ENTER  # tick "write my own", the last choice of a pick list, and confirm


def _case(folder, reply: str = ROOT_CAUSE, name: str = "inauthentic"):
    data = with_round(example_data(name), reply)
    data["plan_date"] = "2026-10-06"
    return write_yaml(folder / "case.yaml", data)


def _new_cause_keys() -> list[str]:
    """A root cause written after the pick list; then, the causes being numbered afresh, each action's and
    measure's root causes are asked again: here the first cause ticked for each."""
    plan = example_data("inauthentic")["plans"]["inauthentic"]
    links = len(plan["corrective_actions"]) + len(plan["preventive_measures"])
    return [OWN, typed(NEW_CAUSE), typed(""), *[" " + ENTER] * links]


def _causes(items: list) -> list[str]:
    return [item if isinstance(item, str) else item["text"] for item in items]


def test_the_reply_comes_first_then_the_part_it_asked_about(folder):
    case = _case(folder)
    keys = [*_new_cause_keys(), ENTER, ENTER, "y", ENTER]
    run = drive(folder, keys, lang="en", answers=case)
    assert run.code == 0, run.out
    reply = run.out.index("Amazon's reply of 2026-10-02 to your plan of 2026-09-28")
    assert reply < run.out.index("Step 6 of 9")  # before any question
    assert "> Please explain the root cause in more detail." in run.out
    # What was sent is shown beside the pick list, each item as it was.
    sent = run.out.split("What you sent on 2026-09-28:")[1].split("Step 8 of 9")[0]
    for cause in _causes(example_data("inauthentic")["plans"]["inauthentic"]["root_causes"]):
        assert f"{cause} (still the same)" in sent
    written = yaml.safe_load(case.read_text(encoding="utf-8"))
    assert _causes(written["plans"]["inauthentic"]["root_causes"])[-1] == NEW_CAUSE
    assert written["previous_appeals"][0]["reply"]["kind"] == "more_information"  # the history is kept
    review = run.out.split("Step 8 of 9")[1]
    assert "round-ask-unanswered" not in review  # the ask is answered now


def test_in_chinese(folder):
    case = _case(folder)
    run = drive(folder, [*_new_cause_keys(), ENTER, ENTER, "y", ENTER], lang="zh", answers=case)
    assert run.code == 0, run.out
    assert "亚马逊于 2026-10-02 对您 2026-09-28 的行动计划的回复" in run.out
    assert "要求补充：根本原因" in run.out and "您在 2026-09-28 提交的内容：" in run.out
    assert "（仍未修改）" in run.out


def test_resuming_keeps_the_part_still_to_revise(folder):
    case = _case(folder)
    stopped = drive(folder, [CTRL_C], lang="en", answers=case)
    assert stopped.code == 130
    draft = folder / "poa-draft.yaml"
    assert yaml.safe_load(draft.read_text(encoding="utf-8"))["poa_draft"]["flags"]["revisit"]
    # Resumed, the case goes to poa-case.yaml (the wizard's default) and the plan beside it.
    run = drive(folder, [*_new_cause_keys(), ENTER, ENTER, ENTER], resume=draft)
    assert run.code == 0, run.out
    assert "Amazon's reply of 2026-10-02" in run.out and "What you sent on 2026-09-28:" in run.out
    assert _causes(run.case()["plans"]["inauthentic"]["root_causes"])[-1] == NEW_CAUSE


def _interview(data: dict) -> Interview:
    iv = Interview(data=data, lang="en", lang_fixed=True)
    iv.mark_given()
    return iv


def test_the_parts_follow_the_asks():
    invoices = "Date: 2026-10-02\nWe are unable to reinstate your account. Please provide invoices from your supplier."
    iv = _interview(with_round(example_data("inauthentic"), invoices))
    next_round.start_lines(iv)
    assert iv.flags["revisit"] == ["plans.inauthentic.evidence"]
    assert iv.next_question().id == "plans.inauthentic.evidence"
    # The same round is walked once: starting again does not reopen what was answered.
    iv.accept(iv.next_question(), [e["name"] for e in iv.items("inauthentic", "evidence")])
    next_round.start_lines(iv)
    assert iv.flags["revisit"] == []


def test_a_reply_naming_no_part_reopens_the_whole_plan():
    generic = "Date: 2026-10-02\nWe are unable to reinstate your account. Please submit a revised plan of action."
    iv = _interview(with_round(example_data("inauthentic"), generic))
    next_round.start_lines(iv)
    assert iv.flags["revisit"] == [
        "plans.inauthentic.root_causes",
        "plans.inauthentic.corrective_actions",
        "plans.inauthentic.preventive_measures",
    ]


def test_a_reply_pasted_in_the_wizard_is_read_for_its_asks():
    iv = _interview(example_data("review_manipulation"))  # its first appeal: rejected, the reply pasted
    lines = next_round.start_lines(iv)
    assert any("It asks for: the root cause, the corrective actions, the preventive measures" in x for x in lines)
    assert iv.flags["revisit"][0] == "plans.review_manipulation.root_causes"


def test_nothing_to_revise_after_a_reinstatement_or_a_final_decision():
    reinstated = _interview(with_round(example_data("inauthentic"), "Your account has been reinstated."))
    assert next_round.start_lines(reinstated) == [] and "revisit" not in reinstated.flags
    final = _interview(with_round(example_data("inauthentic"), "This decision is final."))
    lines = next_round.start_lines(final)
    assert any("likely go unanswered" in line for line in lines)
    assert not final.flags.get("revisit")


def test_the_sent_version_of_an_item():
    data = with_round(example_data("inauthentic"), ROOT_CAUSE)
    old = _causes(data["plans"]["inauthentic"]["root_causes"])[0]
    iv = _interview(data)
    assert next_round.sent_text(iv, "inauthentic", "root_causes", old) == old
    reworded = old.replace("without checking", "without ever checking")
    assert next_round.sent_text(iv, "inauthentic", "root_causes", reworded) == old
    assert next_round.sent_text(iv, "inauthentic", "root_causes", "Something else entirely happened.") is None
