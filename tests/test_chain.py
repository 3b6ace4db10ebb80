"""The chain rules (cause -> fix -> prevention) and the page budget, on cases."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
from helpers import EXAMPLE_NAMES, example_data

from poa.case.catalog import load_marketplaces
from poa.case.model import Case
from poa.plan.layout import estimate_pages
from poa.plan.render import render_markdown
from poa.review import check

TODAY = dt.date(2026, 11, 26)


def findings(data: dict, rule: str) -> list[check.Finding]:
    return [f for f in check.check_case(Case.model_validate(data), today=TODAY) if f.rule == rule]


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_every_example_is_one_chain(name):
    found = check.check_case(Case.model_validate(example_data(name)), today=TODAY)
    chain_rules = {"cause-no-action", "cause-no-measure", "action-unlinked", "measure-unlinked", "over-page-budget"}
    assert [f.as_dict("en") for f in found if f.rule in chain_rules] == []


def test_a_root_cause_no_action_fixed_is_an_error():
    data = example_data("order_defect_rate")
    plan = data["plans"]["order_defect_rate"]
    for action in plan["corrective_actions"]:
        action["addresses"] = [n for n in action["addresses"] if n != 3] or [1]
    found = findings(data, "cause-no-action")
    assert [(f.severity, f.section, f.where) for f in found] == [
        ("error", "root_causes", "order_defect_rate, root cause 3")
    ]
    assert "root cause 3 has no corrective action" in found[0].message_in("en")
    assert "addresses: [3]" in found[0].hint_in("en")
    assert "根本原因 3" in found[0].message_in("zh")


def test_a_root_cause_no_measure_prevents_is_an_error():
    data = example_data("ip_trademark")
    for measure in data["plans"]["ip_trademark"]["preventive_measures"]:
        measure["addresses"] = [n for n in measure["addresses"] if n != 4] or [1]
    found = findings(data, "cause-no-measure")
    assert [(f.severity, f.where) for f in found] == [("error", "ip_trademark, root cause 4")]


def test_an_action_linked_to_nothing_is_an_error_and_a_measure_a_warning():
    data = example_data("inauthentic")
    plan = data["plans"]["inauthentic"]
    plan["corrective_actions"][1]["addresses"] = []
    plan["preventive_measures"][0]["addresses"] = []
    actions = findings(data, "action-unlinked")
    assert [(f.severity, f.where) for f in actions] == [("error", "inauthentic, action 2")]
    assert plan["corrective_actions"][1]["text"][:40] in actions[0].excerpt
    measures = findings(data, "measure-unlinked")
    assert [(f.severity, f.where) for f in measures] == [("warning", "inauthentic, measure 1")]


def test_a_case_without_any_links_gets_every_chain_error():
    data = example_data("order_defect_rate")
    plan = data["plans"]["order_defect_rate"]
    for item in (*plan["corrective_actions"], *plan["preventive_measures"]):
        item.pop("addresses")
    found = check.check_case(Case.model_validate(data), today=TODAY)
    rules = [f.rule for f in found]
    assert rules.count("cause-no-action") == rules.count("cause-no-measure") == len(plan["root_causes"])
    assert rules.count("action-unlinked") == len(plan["corrective_actions"])
    assert check.counts(found)[0] >= 2 * len(plan["root_causes"])


def longer(name: str, copies: int) -> dict:
    """The example with every action and measure repeated: a plan that runs long."""
    data = example_data(name)
    for plan in data["plans"].values():
        for part in ("corrective_actions", "preventive_measures"):
            plan[part] = plan[part] + [copy.deepcopy(item) for item in plan[part] for _ in range(copies)]
    return data


def test_a_plan_over_two_pages_gets_the_length_warning():
    data = longer("order_defect_rate", 1)
    found = findings(data, "over-page-budget")
    assert [(f.severity, f.section) for f in found] == [("warning", "whole plan")]
    assert "pages of Letter paper; keep it within 2" in found[0].message_in("en")
    # On A4 it says so.
    data["marketplace"] = "amazon.co.uk"
    assert "of A4 paper" in findings(data, "over-page-budget")[0].message_in("en")


def test_several_reasons_get_a_page_more_each():
    data = example_data("late_shipment_rate")
    case = Case.model_validate(data)
    pages = estimate_pages(render_markdown(case, today=TODAY), "a4")
    assert 2 < pages <= 3  # over the budget of one reason, within that of two
    assert findings(data, "over-page-budget") == []


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_the_estimate_is_within_budget_for_every_example(name):
    case = Case.model_validate(example_data(name))
    paper = load_marketplaces()[case.marketplace].paper
    pages = estimate_pages(render_markdown(case, today=TODAY), paper)
    assert 1 < pages <= 2 + (len(case.reasons) - 1)
