import copy
import json
from pathlib import Path

import pytest
import yaml
from helpers import EXAMPLE_NAMES, example_data, write_yaml
from pydantic import ValidationError

from poa.case.model import Case, normalise_asin
from poa.case.store import dump_case
from poa.errors import PoaError
from poa.readers.case_file import load_case


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_every_example_is_a_valid_case(name):
    case = Case.model_validate(example_data(name))
    assert case.reasons
    assert all(case.plans[r].root_causes for r in case.reasons)


def test_the_required_examples_are_bundled():
    assert {"order_defect_rate", "late_shipment_rate", "inauthentic", "ip_trademark", "review_manipulation"} <= set(
        EXAMPLE_NAMES
    )
    late = Case.model_validate(example_data("late_shipment_rate"))
    assert {"late_shipment_rate", "cancellation_rate"} <= set(late.reasons)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("B08KTZ8249", "B08KTZ8249"),
        (" b08ktz8249 ", "B08KTZ8249"),
        ("0306406152", "0306406152"),
        ("080442957X", "080442957X"),
        (306406152, None),
    ],
)
def test_asins_are_normalised(raw, expected):
    if expected is None:
        with pytest.raises(ValueError, match="ASIN"):
            normalise_asin(raw)  # an int loses its leading zero: it can never be a valid ISBN here
    else:
        assert normalise_asin(raw) == expected


@pytest.mark.parametrize("bad", ["B08KTZ824", "B08KTZ82499", "B08KTZ-249", "A08KTZ8249", "0306406153", "12345X7890"])
def test_bad_asins_are_refused(bad):
    with pytest.raises(ValueError):
        normalise_asin(bad)


def test_affected_asins_are_deduplicated(odr_data):
    odr_data["affected_asins"] = ["B08KTZ8249", "b08ktz8249", "B07PXGQC1Q", "B08KTZ8249"]
    case = Case.model_validate(odr_data)
    assert case.affected_asins == ["B08KTZ8249", "B07PXGQC1Q"]


def test_text_is_cleaned_of_what_word_cannot_store(odr_data):
    odr_data["plans"]["order_defect_rate"]["root_causes"][0] = "  Late\x00 carrier\x0b\ufffe pickup\ufffftimes \n\n  "
    odr_data["seller"]["store_name"] = "Heng\x07tai\r\nHome"
    case = Case.model_validate(odr_data)
    assert case.plans["order_defect_rate"].root_causes[0].text == "Late carrier pickuptimes"
    assert case.seller.store_name == "Hengtai Home"


def test_empty_text_after_cleaning_is_refused(odr_data):
    odr_data["plans"]["order_defect_rate"]["root_causes"] = ["\x00  \t"]
    with pytest.raises(ValidationError):
        Case.model_validate(odr_data)


def test_lengths_are_bounded(odr_data):
    odr_data["plans"]["order_defect_rate"]["root_causes"] = ["x" * 601]
    with pytest.raises(ValidationError, match="600"):
        Case.model_validate(odr_data)


def test_rate_is_computed_from_counts(odr_data):
    odr_data["metrics"]["order_defect_rate"] = {"defects": 35, "orders": 1642}
    case = Case.model_validate(odr_data)
    reading = case.metrics["order_defect_rate"]
    assert reading.has_counts and reading.rate_percent is None


def test_rate_that_contradicts_its_counts_is_refused(odr_data):
    odr_data["metrics"]["order_defect_rate"] = {"defects": 35, "orders": 1642, "rate_percent": 3.5}
    with pytest.raises(ValidationError, match="does not match"):
        Case.model_validate(odr_data)
    odr_data["metrics"]["order_defect_rate"]["rate_percent"] = 2.13
    Case.model_validate(odr_data)


@pytest.mark.parametrize(
    ("reading", "message"),
    [
        ({"defects": 3}, "missing: orders"),
        ({}, "rate_percent"),
        ({"defects": 9, "orders": 5}, "cannot exceed"),
        ({"rate_percent": 120}, "less than or equal"),
    ],
)
def test_incomplete_metric_readings_are_refused(odr_data, reading, message):
    odr_data["metrics"]["order_defect_rate"] = reading
    with pytest.raises(ValidationError, match=message):
        Case.model_validate(odr_data)


def problems_of(data: dict) -> list[str]:
    """Every problem of a case that does not validate, as 'where: what' lines."""
    from poa.case.problems import case_problems

    with pytest.raises(ValidationError) as raised:
        Case.model_validate(data)
    return [problem.text() for problem in case_problems(raised.value)]


def test_each_performance_reason_needs_its_metric_and_plan(odr_data):
    data = copy.deepcopy(odr_data)
    data["metrics"] = {}
    assert problems_of(data) == [
        "metrics: 'order_defect_rate' is missing "
        "(add metrics.order_defect_rate with rate_percent or defects and orders)"
    ]
    data = copy.deepcopy(odr_data)
    data["plans"] = {}
    assert problems_of(data)[0].startswith("plans: 'order_defect_rate' is missing")


def test_checks_across_fields_report_every_problem_at_its_place(odr_data):
    odr_data["plans"] = {}
    odr_data["metrics"]["order_defect_rate"] = {"rate_percent": 9.0, "defects": 35, "orders": 1642}
    assert problems_of(odr_data) == [
        "plans: 'order_defect_rate' is missing (add plans.order_defect_rate with root_causes, corrective_actions, ...)",
        "metrics.order_defect_rate.rate_percent: rate_percent 9.0 does not match 35 of 1642 orders (2.13%); "
        "correct one of them",
    ]


def test_a_plan_for_a_reason_not_listed_is_refused(odr_data):
    odr_data["plans"]["inauthentic"] = odr_data["plans"]["order_defect_rate"]
    assert problems_of(odr_data) == [
        "plans.inauthentic: plans holds one entry for each of the case's reasons (order_defect_rate); "
        "remove it or add 'inauthentic' to reasons"
    ]


def test_asins_in_actions_must_be_affected():
    data = example_data("inauthentic")
    data["plans"]["inauthentic"]["corrective_actions"][0]["asins"] = ["B0AAAAAAAA"]
    with pytest.raises(ValidationError, match="B0AAAAAAAA is not in affected_asins"):
        Case.model_validate(data)


def test_repeated_reason_and_unknown_marketplace(odr_data):
    data = copy.deepcopy(odr_data)
    data["reasons"] = ["order_defect_rate", "order_defect_rate"]
    with pytest.raises(ValidationError, match="listed twice"):
        Case.model_validate(data)
    data = copy.deepcopy(odr_data)
    data["marketplace"] = "amazon.moon"
    with pytest.raises(ValidationError, match="unknown marketplace"):
        Case.model_validate(data)
    data["marketplace"] = "https://www.Amazon.de/"
    assert Case.model_validate(data).marketplace == "amazon.de"


def test_unknown_reason_names_the_known_ones_and_the_closest(odr_data):
    odr_data["reasons"] = ["order_defect_rates"]
    with pytest.raises(ValidationError, match="did you mean 'order_defect_rate'.*known: order_defect_rate"):
        Case.model_validate(odr_data)


def test_schema_version_is_checked(odr_data):
    odr_data["schema_version"] = 2
    with pytest.raises(ValidationError, match="schema_version 2 is not supported"):
        Case.model_validate(odr_data)


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_save_and_load_round_trip(tmp_path, name, fmt):
    case = Case.model_validate(example_data(name))
    path = tmp_path / f"case.{fmt}"
    path.write_text(dump_case(case, fmt), encoding="utf-8")
    assert load_case(path) == case


def test_yaml_keeps_isbn_asins_as_text(tmp_path, odr_data):
    # Unquoted, 0306406152 is an octal number to a YAML 1.1 reader; the answers file must keep it.
    text = Path(write_yaml(tmp_path / "c.yaml", odr_data)).read_text(encoding="utf-8")
    text = text.replace("affected_asins: []", "affected_asins: [0306406152]")
    if "0306406152" not in text:
        text += "affected_asins:\n- 0306406152\n"
    (tmp_path / "c.yaml").write_text(text, encoding="utf-8")
    assert load_case(tmp_path / "c.yaml").affected_asins[-1] == "0306406152"


def test_json_answers_file(tmp_path, odr_data):
    path = tmp_path / "case.json"
    path.write_text(json.dumps(odr_data, default=str), encoding="utf-8")
    assert load_case(path).notice_date.isoformat() == "2026-08-03"


def test_repeated_yaml_key_is_refused(tmp_path):
    path = tmp_path / "case.yaml"
    path.write_text("schema_version: 1\nmarketplace: amazon.com\nmarketplace: amazon.de\n", encoding="utf-8")
    with pytest.raises(PoaError, match="key 'marketplace' appears twice"):
        load_case(path)


def test_a_metric_on_a_policy_case_is_refused():
    data = example_data("inauthentic")
    data["metrics"] = {"order_defect_rate": {"rate_percent": 2.0}}
    (problem,) = problems_of(data)
    assert problem.startswith("metrics.order_defect_rate: metrics holds one entry for each of the case's performance")
    assert "reasons (none)" in problem


# --- root causes and the links to them -------------------------------------------------------------


def test_a_root_cause_is_plain_text_or_carries_a_title_count_and_id(odr_data):
    from poa.case.store import dump_case

    causes = odr_data["plans"]["order_defect_rate"]["root_causes"]
    causes[1] = "A cause written as one line."
    case = Case.model_validate(odr_data)
    first, second = case.plans["order_defect_rate"].root_causes[:2]
    assert (first.title, first.count) == ("a shipping template that promised faster delivery than our postal line", 19)
    assert (second.text, second.title, second.count) == ("A cause written as one line.", None, None)
    dumped = dump_case(case)
    assert "- A cause written as one line.\n" in dumped  # a plain cause is written back plain
    assert "count: 19" in dumped
    assert Case.model_validate(yaml.safe_load(dumped)) == case


def test_links_name_root_causes_and_documents_by_number_or_id(odr_data):
    plan = odr_data["plans"]["order_defect_rate"]
    plan["root_causes"][2]["id"] = "inspection"
    plan["corrective_actions"][1]["addresses"] = ["inspection", "3"]  # "3" as a YAML file keeps it: text
    plan["corrective_actions"][1]["evidence"] = [2, "tests"]
    case = Case.model_validate(odr_data)
    reason_plan = case.plans["order_defect_rate"]
    action = reason_plan.corrective_actions[1]
    assert reason_plan.cause_numbers(action.addresses) == [3]
    assert reason_plan.evidence_indexes(action.evidence) == [1, 1]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda p: p["corrective_actions"][0].update(addresses=[9]),
            "corrective_actions[0].addresses: there is no root cause 9 (this reason has 4); use 1 to 4",
        ),
        (
            lambda p: p["preventive_measures"][0].update(addresses=["nope"]),
            "preventive_measures[0].addresses: no root cause has the id 'nope'",
        ),
        (
            lambda p: p["corrective_actions"][1].update(evidence=[7]),
            "corrective_actions[1].evidence: there is no document 7 (this reason has 5)",
        ),
        (lambda p: p["evidence"][1].update(id="refunds"), "evidence[1].id: 'refunds' is used twice"),
        (lambda p: p["root_causes"][0].update(id="Not An Id"), "root_causes[0].id"),
    ],
)
def test_a_broken_link_is_one_line_naming_it(odr_data, tmp_path, change, message):
    from helpers import assert_one_line_error, run_process

    change(odr_data["plans"]["order_defect_rate"])
    path = write_yaml(tmp_path / "case.yaml", odr_data)
    result = run_process("render", str(path), "--format", "md")
    assert_one_line_error(result, "plans.order_defect_rate", message)


def test_contact_email_and_what_to_reinstate(odr_data):
    odr_data["seller"]["contact_email"] = "not an address"
    with pytest.raises(ValidationError, match="is not an e-mail address"):
        Case.model_validate(odr_data)
    odr_data["seller"]["contact_email"] = "ops@example.com"
    odr_data["reinstate"] = "listings"
    case = Case.model_validate(odr_data)
    assert case.seller.contact_email == "ops@example.com" and case.reinstate == "listings"
    odr_data["reinstate"] = "everything"
    with pytest.raises(ValidationError):
        Case.model_validate(odr_data)


def test_an_overlong_title_is_said_of_text():
    from poa.case.problems import describe_validation_error

    with pytest.raises(ValidationError) as error:
        Case.model_validate(
            {
                **example_data("order_defect_rate"),
                "plans": {"order_defect_rate": {"root_causes": [{"text": "x", "title": "t" * 81}]}},
            }
        )
    assert "the text is 81 characters, more than the 80 allowed" in describe_validation_error(error.value)
