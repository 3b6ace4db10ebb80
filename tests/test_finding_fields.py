"""Each case check names the answer to change: the finding's field, a path in the case file's shape."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

import pytest
from helpers import example_data, write_yaml

from poa.case.model import Case
from poa.case.store import case_from_data
from poa.review import check
from poa.review.findings import findings_json

TODAY = dt.date(2026, 12, 1)
ODR = "plans.order_defect_rate"
INAUTHENTIC = "plans.inauthentic"


def fields(data: dict, rule: str) -> list[str]:
    """The fields of the findings of one rule on the case."""
    found = [f for f in check.check_case(Case.model_validate(data), today=TODAY) if f.rule == rule]
    assert found, f"no {rule} finding"
    return [f.field for f in found]


def odr() -> dict:
    return copy.deepcopy(example_data("order_defect_rate"))


def inauthentic() -> dict:
    return copy.deepcopy(example_data("inauthentic"))


def invoice(data: dict, which: int = 0) -> dict:
    return data["plans"]["inauthentic"]["evidence"][(1, 2)[which]]["invoice"]


def test_an_action_dated_after_today_names_its_date():
    data = odr()
    data["plans"]["order_defect_rate"]["corrective_actions"][2]["date"] = "2026-12-20"
    assert fields(data, "action-in-future") == [f"{ODR}.corrective_actions.2.date"]


def test_an_action_dated_before_the_problem_names_its_date():
    data = odr()
    data["plans"]["order_defect_rate"]["corrective_actions"][1]["date"] = "2026-01-02"
    assert fields(data, "action-before-problem") == [f"{ODR}.corrective_actions.1.date"]


def test_a_measure_with_no_owner_names_the_owner_and_with_no_schedule_the_frequency():
    data = odr()
    measures = data["plans"]["order_defect_rate"]["preventive_measures"]
    measures[0]["owner"] = "We"
    measures[3]["frequency"] = "As needed"
    assert fields(data, "measure-no-owner") == [
        f"{ODR}.preventive_measures.0.owner",
        f"{ODR}.preventive_measures.3.frequency",
    ]


def test_an_uncovered_asin_names_the_asins_of_the_first_action():
    data = odr()
    data["affected_asins"] = ["B0CX1Y2Z3A"]
    assert fields(data, "asin-uncovered") == [f"{ODR}.corrective_actions.0.asins"]


def test_the_chain_rules_name_the_links_to_change():
    data = odr()
    plan = data["plans"]["order_defect_rate"]
    for item in (*plan["corrective_actions"], *plan["preventive_measures"]):
        item["addresses"] = []
    assert set(fields(data, "action-unlinked")) == {
        f"{ODR}.corrective_actions.{i}.addresses" for i in range(len(plan["corrective_actions"]))
    }
    assert f"{ODR}.preventive_measures.4.addresses" in fields(data, "measure-unlinked")
    assert set(fields(data, "cause-no-action")) == {f"{ODR}.corrective_actions.0.addresses"}
    assert set(fields(data, "cause-no-measure")) == {f"{ODR}.preventive_measures.0.addresses"}


def test_wording_on_an_item_names_its_text_and_on_the_seller_its_field():
    data = odr()
    data["plans"]["order_defect_rate"]["corrective_actions"][1]["text"] = "We will review every listing each week."
    assert fields(data, "promise-in-action") == [f"{ODR}.corrective_actions.1.text"]
    data = odr()
    data["seller"]["signer_role"] = "总经理"
    assert fields(data, "wrong-language") == ["seller.signer_role"]
    data = odr()
    data["plans"]["order_defect_rate"]["root_causes"][1] = "Amazon's algorithm wrongly flagged our orders."
    assert fields(data, "blame") == [f"{ODR}.root_causes.1"]


def test_us_spelling_on_an_item_names_its_text():
    data = odr()
    data["marketplace"] = "amazon.co.uk"
    actions = data["plans"]["order_defect_rate"]["corrective_actions"]
    actions[3]["text"] = "We organized a new color check of every batch."
    found = fields(data, "us-spelling")
    assert f"{ODR}.corrective_actions.3.text" in found  # (the example's "center" is found as well)
    assert all(path.startswith(f"{ODR}.") and path.endswith(".text") for path in found)


def test_the_invoice_checks_name_the_invoice_detail():
    data = inauthentic()
    for which in (0, 1):
        invoice(data, which)["date"] = data["plans"]["inauthentic"]["evidence"][(1, 2)[which]]["date"] = "2025-01-02"
    assert fields(data, "invoice-too-old") == [f"{INAUTHENTIC}.evidence.1.date", f"{INAUTHENTIC}.evidence.2.date"]

    data = inauthentic()
    invoice(data)["buyer"]["name"] = "Northgate Trading LLC"
    assert fields(data, "invoice-buyer-mismatch") == [f"{INAUTHENTIC}.evidence.1.invoice.buyer.name"]
    del invoice(data)["buyer"]["address"]
    assert fields(data, "invoice-no-buyer") == [f"{INAUTHENTIC}.evidence.1.invoice.buyer.address"]

    data = inauthentic()
    del invoice(data, 1)["supplier"]["phone"]
    assert fields(data, "invoice-supplier-incomplete") == [f"{INAUTHENTIC}.evidence.2.invoice.supplier.phone"]

    data = inauthentic()
    invoice(data)["lines"].append({"sku": "VD-CASE", "description": "Travel case", "quantity": 20})
    line = len(invoice(data)["lines"]) - 1
    assert fields(data, "invoice-line-no-asin") == [f"{INAUTHENTIC}.evidence.1.invoice.lines.{line}.asin"]

    data = inauthentic()
    invoice(data, 1)["number"] = invoice(data)["number"]
    assert fields(data, "invoice-number-repeated") == [f"{INAUTHENTIC}.evidence.2.invoice.number"]

    data = inauthentic()
    invoice(data)["date"] = data["plans"]["inauthentic"]["evidence"][1]["date"] = "2026-09-20"  # after the notice
    assert fields(data, "invoice-after-notice") == [f"{INAUTHENTIC}.evidence.1.date"]

    data = inauthentic()
    invoice(data)["title"] = "Proforma invoice"
    assert fields(data, "invoice-wrong-document") == [f"{INAUTHENTIC}.evidence.1.invoice.title"]
    data = inauthentic()
    data["plans"]["inauthentic"]["evidence"][2]["name"] = "Eastline quotation EDI-2026-06982"
    assert fields(data, "invoice-wrong-document") == [f"{INAUTHENTIC}.evidence.2.name"]

    data = inauthentic()
    invoice(data)["lines"].append({"asin": "B0C1234567", "description": "Travel case", "quantity": 20})
    line = len(invoice(data)["lines"]) - 1
    assert fields(data, "invoice-asin-not-in-case") == [f"{INAUTHENTIC}.evidence.1.invoice.lines.{line}.asin"]

    data = inauthentic()
    invoice(data, 1)["lines"][0]["quantity"] = 139  # 240 + 139 of the 380 sold
    assert fields(data, "invoice-short") == [f"{INAUTHENTIC}.evidence.2.invoice.lines.0.quantity"]
    for which in (0, 1):
        invoice(data, which)["lines"] = [line for line in invoice(data, which)["lines"] if line["asin"] != "B07PXGQC1Q"]
    assert fields(data, "invoice-asin-missing") == [f"{INAUTHENTIC}.evidence.1.invoice.lines"]

    data = inauthentic()
    del data["seller"]["business_address"]
    assert fields(data, "seller-address-missing") == ["seller.business_address"]


def test_the_round_checks_name_the_item_copied_and_the_asins_asked_about():
    from poa.case import history
    from poa.readers.reply import read_reply

    data = inauthentic()
    case = case_from_data(copy.deepcopy(data), Path("case.yaml"))
    reply = "Date: 2026-10-02\nWe are unable to reinstate your account. Please address ASIN B07PXGQC1Q in your plan."
    reading = read_reply(reply, sent_texts=history.plan_texts(case), expected_asins=tuple(case.affected_asins))
    data["previous_appeals"] = [
        {"date": "2026-09-28", "reply": reading.reply_data(), "plan_sent": history.plan_snapshot(case)}
    ]
    case = case_from_data(data, Path("case.yaml"))
    found = check.check_case(case, today=dt.date(2026, 11, 26))
    copied = {f.field for f in found if f.rule == "round-unchanged-item"}
    assert {f"{INAUTHENTIC}.root_causes.0", f"{INAUTHENTIC}.corrective_actions.0.text"} <= copied
    assert f"{INAUTHENTIC}.evidence.0.name" in copied
    asked = [f.field for f in found if f.rule == "round-asin-unanswered"]
    assert asked == [f"{INAUTHENTIC}.corrective_actions.0.asins"]


@pytest.mark.parametrize("rule", ["over-page-budget"])
def test_findings_on_the_whole_plan_name_no_field(rule):
    data = odr()
    plan = data["plans"]["order_defect_rate"]
    plan["corrective_actions"] = [dict(action) for action in plan["corrective_actions"] * 6]
    assert fields(data, rule) == [""]


def test_the_json_output_gives_the_field(tmp_path, run_cli):
    data = odr()
    data["plans"]["order_defect_rate"]["corrective_actions"][0]["date"] = "2026-12-20"
    path = write_yaml(tmp_path / "case.yaml", data)
    result = run_cli("check", str(path), "--format", "json", "--today", "2026-12-01")
    found = json.loads(result.out)["findings"]
    [future] = [f for f in found if f["rule"] == "action-in-future"]
    assert future["field"] == f"{ODR}.corrective_actions.0.date"
    assert all("field" in f for f in found)
    findings = check.check_case(Case.model_validate(data), today=TODAY)
    assert json.loads(findings_json(findings, "en"))["findings"][0].keys() >= {"rule", "field"}
