"""The case's rounds: the model, what changed since a plan was sent, and the checker's rules on the next round."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import pytest
from helpers import example_data

from poa.case import history
from poa.case.store import case_from_data
from poa.errors import PoaError
from poa.readers.reply import load_reply_rules, read_reply
from poa.review import check

TODAY = dt.date(2026, 11, 26)
ROUND_RULES = {
    "round-unchanged-item",
    "round-ask-unanswered",
    "round-asin-unanswered",
    "round-documents-missing",
    "round-ask-other",
    "round-final",
    "round-same-plan-date",
}


def with_round(data: dict, reply_text: str, *, sent: str = "2026-09-28") -> dict:
    """The case data with a round recorded from Amazon's reply, as poa reply --case records it."""
    case = case_from_data(copy.deepcopy(data), Path("case.yaml"))
    reading = read_reply(reply_text, sent_texts=history.plan_texts(case), expected_asins=tuple(case.affected_asins))
    data = copy.deepcopy(data)
    round_ = {"date": sent, "reply": reading.reply_data(), "amazon_reply": reading.text}
    round_["plan_sent"] = history.plan_snapshot(case)
    data.setdefault("previous_appeals", []).append(round_)
    return data


def findings(data: dict, rules: set[str] = ROUND_RULES) -> list[check.Finding]:
    case = case_from_data(data, Path("case.yaml"))
    return [f for f in check.check_case(case, today=TODAY) if f.rule in rules]


def rule_ids(data: dict) -> list[str]:
    return [f.rule for f in findings(data)]


@pytest.fixture
def inauthentic() -> dict:
    return example_data("inauthentic")


ROOT_CAUSE = "Date: 2026-10-02\nWe are unable to reinstate your account. Please explain the root cause in more detail."
INVOICES = "Date: 2026-10-02\nWe are unable to reinstate your account. Please provide invoices from your supplier."


# ---------------------------------------------------------------- the model


def test_older_case_files_with_previous_appeals_still_load():
    case = case_from_data(example_data("review_manipulation"), Path("case.yaml"))
    [round_] = case.previous_appeals
    assert round_.outcome == "rejected" and round_.rejected
    assert round_.reply is None and round_.plan_sent is None


def test_an_outcome_is_needed_without_a_reply(inauthentic):
    inauthentic["previous_appeals"] = [{"date": "2026-09-20"}]
    with pytest.raises(PoaError, match="outcome"):
        case_from_data(inauthentic, Path("case.yaml"))


def test_a_recorded_round_fills_the_outcome_from_the_kind(inauthentic):
    case = case_from_data(with_round(inauthentic, INVOICES), Path("case.yaml"))
    assert case.previous_appeals[0].outcome == "more_information_requested"
    reinstated = case_from_data(with_round(inauthentic, "Your account has been reinstated."), Path("c.yaml"))
    assert reinstated.previous_appeals[0].outcome is None
    assert not reinstated.previous_appeals[0].rejected


def test_the_reply_deadline_wins_over_the_notice(inauthentic):
    inauthentic["notice"] = {"deadline": "2026-10-01"}
    assert history.stated_deadline(case_from_data(copy.deepcopy(inauthentic), Path("c.yaml"))) == (
        dt.date(2026, 10, 1),
        "notice",
    )
    data = with_round(inauthentic, INVOICES + "\nPlease respond by October 20, 2026.")
    assert history.stated_deadline(case_from_data(data, Path("c.yaml"))) == (dt.date(2026, 10, 20), "reply")


# ---------------------------------------------------------------- what changed


def reword(items: list, index: int, old: str, new: str) -> None:
    """Reword an item of the case data in place, whether it is a line or an item with a text."""
    if isinstance(items[index], str):
        items[index] = items[index].replace(old, new)
    else:
        items[index]["text"] = items[index]["text"].replace(old, new)


def test_changes_tell_new_revised_and_unchanged(inauthentic):
    data = with_round(inauthentic, ROOT_CAUSE)
    plan = data["plans"]["inauthentic"]
    reword(plan["root_causes"], 0, "without checking", "without ever checking")
    plan["root_causes"].append("Our purchasing manager had no list of the brands that need an authorized source.")
    case = case_from_data(data, Path("c.yaml"))
    changes = [c for c in history.changes_since(case, case.previous_appeals[-1]) if c.part == "root_causes"]
    kept = len(plan["root_causes"]) - 2
    assert [c.status for c in changes] == ["revised", *["unchanged"] * kept, "new"]
    assert changes[0].old.startswith("In March 2026") and "ever checking" in changes[0].text


def test_a_new_invoice_is_new_not_a_revision(inauthentic):
    data = with_round(inauthentic, INVOICES)
    old = {k: v for k, v in data["plans"]["inauthentic"]["evidence"][1].items() if k not in ("id", "file")}
    assert old["kind"] == "supplier_invoice"
    data["plans"]["inauthentic"]["evidence"].append({**old, "name": old["name"] + " (second delivery)"})
    case = case_from_data(data, Path("c.yaml"))
    changes = [c for c in history.changes_since(case, case.previous_appeals[-1]) if c.part == "evidence"]
    assert changes[-1].status == "new"


# ---------------------------------------------------------------- the checker


def test_every_item_copied_from_a_rejected_round_is_flagged_on_the_item(inauthentic):
    data = with_round(inauthentic, ROOT_CAUSE)
    found = [f for f in findings(data) if f.rule == "round-unchanged-item"]
    plan = data["plans"]["inauthentic"]
    count = sum(len(plan[p]) for p in ("root_causes", "corrective_actions", "preventive_measures", "evidence"))
    assert len(found) == count
    assert found[0].severity == "warning" and "2026-09-28" in found[0].message_in("en")
    last = {p: len(plan[p]) for p in ("preventive_measures", "evidence")}
    expected = {
        "inauthentic, root cause 1",
        f"inauthentic, measure {last['preventive_measures']}",
        f"inauthentic, document {last['evidence']}",
    }
    assert {f.where for f in found} >= expected
    reword(plan["root_causes"], 0, "without checking", "without ever asking about its source or checking")
    after = [f.where for f in findings(data) if f.rule == "round-unchanged-item"]
    assert "inauthentic, root cause 1" not in after and len(after) == count - 1


def test_an_ask_left_unanswered_is_an_error(inauthentic):
    data = with_round(inauthentic, ROOT_CAUSE)
    [error] = [f for f in findings(data) if f.rule == "round-ask-unanswered"]
    assert error.severity == "error" and error.section == "root_causes"
    assert "2026-10-02" in error.message_in("en") and "根本原因" in error.message_in("zh")
    data["plans"]["inauthentic"]["root_causes"].append(
        "Our purchasing manager had no list of the brands that need an authorized source."
    )
    assert "round-ask-unanswered" not in rule_ids(data)


def test_documents_asked_with_no_new_attachment_is_an_error(inauthentic):
    data = with_round(inauthentic, INVOICES)
    assert "round-documents-missing" in rule_ids(data)
    evidence = data["plans"]["inauthentic"]["evidence"]
    evidence.append({"name": "Photos of the relabelled units", "kind": "other", "date": "2026-10-05"})
    assert "round-documents-missing" in rule_ids(data)  # a photo is not the invoice asked for
    evidence.append(
        {
            "name": "Invoice EDI-2026-08812 from Eastline Distribution Inc., 300 units of B08KTZ8249",
            "kind": "supplier_invoice",
            "date": "2026-09-30",
            "asins": ["B08KTZ8249"],
        }
    )
    assert "round-documents-missing" not in rule_ids(data)


def test_an_asin_asked_about_needs_a_new_action_or_document(inauthentic):
    reply = "Date: 2026-10-02\nWe are unable to reinstate your account. Please address ASIN B07PXGQC1Q in your plan."
    data = with_round(inauthentic, reply)
    [error] = [f for f in findings(data) if f.rule == "round-asin-unanswered"]
    assert error.where == "B07PXGQC1Q" and error.severity == "error"
    data["plans"]["inauthentic"]["corrective_actions"].append(
        {"text": "We removed every unit of B07PXGQC1Q from sale and checked its lot codes.", "date": "2026-10-04"}
    )
    assert "round-asin-unanswered" not in rule_ids(data)


def test_other_asks_are_shown_so_the_seller_answers_them(inauthentic):
    reply = "Date: 2026-10-02\nWe are unable to reinstate your account. Please explain how you chose this wholesaler."
    [warning] = [f for f in findings(with_round(inauthentic, reply)) if f.rule == "round-ask-other"]
    assert "how you chose this wholesaler" in warning.message_in("en")
    assert warning.severity == "warning"


def test_after_a_final_reply_the_seller_hears_what_is_still_possible(inauthentic):
    reply = "Date: 2026-10-02\nThis decision is final. We will not respond to further appeals."
    [final] = [f for f in findings(with_round(inauthentic, reply)) if f.rule == "round-final"]
    assert "likely go unanswered" in final.message_in("en")
    for option in load_reply_rules().after_final:
        assert option.en in final.hint_in("en") and option.source.en in final.hint_in("en")
        assert option.zh in final.hint_in("zh") and option.source.zh in final.hint_in("zh")


def test_a_reinstated_round_asks_for_nothing(inauthentic):
    data = with_round(inauthentic, "Date: 2026-10-02\nYour account has been reinstated.")
    assert rule_ids(data) == []


def test_the_revised_plan_is_dated_after_the_reply(inauthentic):
    data = with_round(inauthentic, ROOT_CAUSE)
    [warning] = [f for f in findings(data) if f.rule == "round-same-plan-date"]
    assert "2026-09-28" in warning.message_in("en") and "2026-10-02" in warning.message_in("en")
    data["plan_date"] = "2026-10-06"
    assert "round-same-plan-date" not in rule_ids(data)
    del data["plan_date"]
    assert "round-same-plan-date" not in rule_ids(data)


def test_only_the_latest_reply_is_answered(inauthentic):
    data = with_round(inauthentic, ROOT_CAUSE)
    new_cause = "Our buyer had no list of brands that need an authorized source."
    data["plans"]["inauthentic"]["root_causes"].append(new_cause)
    data["plan_date"] = "2026-10-10"
    data = with_round(
        data, "Date: 2026-10-20\nWe are unable to reinstate. Please send more information.", sent="2026-10-10"
    )
    assert "round-ask-unanswered" not in rule_ids(data)  # the root cause asked in round 1 was answered since
    # ... but what round 2 sent unchanged is flagged, dated by round 2's plan.
    copied = [f for f in findings(data) if f.rule == "round-unchanged-item" and f.where == "inauthentic, root cause 5"]
    assert copied and "2026-10-10" in copied[0].message_in("en")


def test_a_plan_sent_as_text_finds_copied_items():
    data = example_data("review_manipulation")
    assert rule_ids(data) == []  # the example's plan shares no item with the text it sent before
    causes = data["plans"]["review_manipulation"]["root_causes"]
    causes.append("A new employee put the card in our packages and we did not know it was against the rules.")
    copied = [f for f in findings(data) if f.rule == "round-unchanged-item"]
    assert [f.where for f in copied] == [f"review_manipulation, root cause {len(causes)}"]


def test_the_round_rules_have_both_languages():
    rules = {rule.id: rule for rule in check.load_rules().rules}
    for rule_id in ROUND_RULES:
        assert rules[rule_id].message.en and rules[rule_id].message.zh
