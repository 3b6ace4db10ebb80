"""Findings in Chinese say where in words: every place the checker names has a Chinese wording, and the
Chinese output shows neither rule ids nor reason ids; the English output and the JSON stay as they were."""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from pathlib import Path

import pytest
from helpers import example_data

from poa.case.catalog import load_catalog
from poa.case.store import case_from_data
from poa.plan import outputs
from poa.review import check
from poa.review.places import chinese_place, place
from poa.review.rules import load_rules

TODAY = dt.date(2026, 11, 30)
DRAFTS = Path(__file__).parent / "fixtures" / "drafts"


def _broken_cases() -> list[dict]:
    """Cases that break many rules at once: every kind of place the case checks name."""
    late = example_data("late_shipment_rate")
    plan = late["plans"]["late_shipment_rate"]
    plan["corrective_actions"][1].update(text="We will blame the carrier and be more careful.", date="2030-01-01")
    plan["preventive_measures"][0].update(owner="Team")
    plan["root_causes"][0] = {"text": plan["root_causes"][0]["text"] + " 我们没有检查。"}
    plan["root_causes"][1] = {"text": " ".join(["We did not see it."] * 25)}
    plan["evidence"][0]["name"] = "发货记录"
    late["seller"]["store_name"] = "Acme 家居"
    late["affected_asins"] = [*late.get("affected_asins", []), "B0ZZZZZZZ9"]
    late["plan_date"] = "2026-11-30"

    inauthentic = example_data("inauthentic")
    evidence = inauthentic["plans"]["inauthentic"]["evidence"]
    evidence[2]["invoice"]["number"] = evidence[1]["invoice"]["number"]  # one invoice number twice
    evidence[1]["invoice"]["buyer"]["name"] = "Northgate Trading LLC"
    evidence[1]["invoice"]["lines"].append({"asin": "B0C1234567", "description": "Travel case", "quantity": 20})
    del inauthentic["seller"]["business_address"]

    resent = example_data("order_defect_rate")
    sent = outputs.render(case_from_data(copy.deepcopy(resent), Path("c.yaml")), "txt", today=TODAY).decode()
    resent["previous_appeals"] = [{"date": "2026-08-06", "outcome": "rejected", "text_sent": sent}]
    return [late, inauthentic, resent]


def _all_findings() -> list[check.Finding]:
    found: list[check.Finding] = []
    for data in _broken_cases():
        found += check.check_case(case_from_data(data, Path("case.yaml")), today=TODAY, form_limits={"root_cause": 50})
    for path in sorted(DRAFTS.glob("*.txt")) + sorted(DRAFTS.glob("*.md")):
        found += check.check_draft(path.read_text(encoding="utf-8"))
    return found


@pytest.fixture(scope="module")
def findings() -> list[check.Finding]:
    return _all_findings()


def test_the_broken_cases_reach_every_kind_of_place(findings):
    wheres = {f.where for f in findings}
    shapes = {
        "item": r"[a-z_]+, (root cause|action|measure|document) \d+",
        "seller field": r"seller\.[a-z_]+",
        "rendered paragraph": r"[a-z ]+, paragraph \d+",
        "draft line": r"(line|paragraph) \d+",
        "asin": r"[A-Z0-9]{10}",
        "whole plan": r"whole plan",
        "previous appeal": r"previous appeal \d+",
        "form field": r"Root cause",
        "several documents": r"([a-z_]+, document \d+, )+[a-z_]+, document \d+",
    }
    missing = [name for name, shape in shapes.items() if not any(re.fullmatch(shape, w) for w in wheres)]
    assert not missing, missing


def test_every_place_has_chinese_words(findings):
    unknown = sorted({f.where for f in findings if chinese_place(f.where) is None})
    assert not unknown, unknown


def test_places_name_the_reason_and_the_item():
    label = load_catalog()["late_shipment_rate"].label.zh
    assert place("late_shipment_rate, action 2", "zh") == f"{label}，第 2 项纠正措施"
    assert place("late_shipment_rate, root cause 1", "zh") == f"{label}，第 1 项根本原因"
    assert place("seller.merchant_token", "zh") == "卖家记号"
    assert place("line 4", "zh") == "第 4 行"
    assert place("late_shipment_rate, action 2", "en") == "late_shipment_rate, action 2"


def test_chinese_findings_show_no_ids(findings):
    text = check.format_findings(findings, "zh")
    rule_ids = [rule.id for rule in load_rules().rules]
    assert not [r for r in rule_ids if f"[{r}]" in text]
    assert not [r for r in load_catalog().ids() if re.search(rf"(?<![\w/.]){r}(?![\w/.])", text)]
    assert "第 2 项纠正措施" in text


def test_english_findings_and_json_are_as_before(findings):
    english = check.format_findings(findings, "en")
    assert "[action-in-future] late_shipment_rate, action 2" in english
    data = json.loads(check.findings_json(findings, "zh"))
    assert set(data["findings"][0]) == {"rule", "severity", "section", "where", "message", "hint", "excerpt", "field"}
    assert any(f["where"] == "late_shipment_rate, action 2" for f in data["findings"])
