"""The review of `poa new` is where things get fixed: every field of every item, "fix this" on the
checker's findings, and the review in pages. Driven through prompt_toolkit's pipe input."""

from __future__ import annotations

import copy

import pytest
from helpers import example_data, write_yaml
from wizard_driver import DOWN, ENTER, SPACE, TODAY, UP, choose, docx_text, drive, typed

from poa.case.model import Case
from poa.interview.flow import Interview
from poa.interview.question import OWN
from poa.interview.review_fields import field_keys
from poa.review.check import check_case

pytestmark = pytest.mark.timeout(90)

# The review's menu on one page: confirm, change a section, fix what the reviewer would say.
CONFIRM, CHANGE, FIX = 0, 1, 2
# The section editor's menu.
EDIT_CHANGE, EDIT_DONE = 1, 3
WRITE = [typed("out.yaml"), ENTER]  # step 9: the case file, then the plan


def sections_menu(data: dict) -> list[str]:
    """The "change a section" menu: seller, reasons, metrics (performance reasons), ASINs, then each
    reason's four plan sections."""
    menu = ["seller", "reasons"] + (["metrics"] if data.get("metrics") else []) + ["asins"]
    for reason in data["reasons"]:
        menu += [f"{reason}.{s}" for s in ("root_causes", "corrective_actions", "preventive_measures", "evidence")]
    return menu


def fields_of(data: dict, reason: str, section: str, index: int) -> list[str]:
    iv = Interview(data=copy.deepcopy(data), lang="en", today=TODAY)
    return field_keys(iv, reason, section, index)


def open_item(data: dict, reason: str, section: str, index: int) -> list[str]:
    """From the review: change a section, that section, change an item, that item."""
    return [
        choose(CHANGE),
        choose(sections_menu(data).index(f"{reason}.{section}")),
        choose(EDIT_CHANGE),
        choose(index),
    ]


def field(data: dict, reason: str, section: str, index: int, key: str, *, after_edit: bool = False) -> str:
    """Move to a field on the item's menu: from the top, or (after an edit) from "done" at the bottom."""
    keys = fields_of(data, reason, section, index)
    if after_edit:
        return UP * (len(keys) - keys.index(key)) + ENTER
    return choose(keys.index(key))


def from_list(data: dict, reason: str, index: int, key: str, value: str) -> list[str]:
    """A measure's owner or frequency chosen on its list (from the entry the cursor starts on), or
    "write my own" and then typed."""
    iv = Interview(data=copy.deepcopy(data), lang="en", today=TODAY)
    question = next(q for q in iv.questions() if q.id == f"plans.{reason}.preventive_measures.{index}.{key}")
    values = [v for v, _ in question.choices]
    start, target = values.index(question.default), values.index(value if value in values else OWN)
    moves = DOWN * (target - start) if target >= start else UP * (start - target)
    return [moves + ENTER] + ([] if value in values else [typed(value)])


def after_review(run) -> str:
    return run.out.split("Step 8 of 9")[1]


def start(folder, data: dict, keys: list[str], **options):
    write_yaml(folder / "case.yaml", data)
    return drive(folder, keys, lang="en", answers=folder / "case.yaml", **options)


def test_an_actions_date_is_changed_from_the_review(folder):
    data = example_data("order_defect_rate")
    r = "order_defect_rate"
    keys = [
        *open_item(data, r, "corrective_actions", 1),
        field(data, r, "corrective_actions", 1, "date"),
        typed("2026-08-06"),
        ENTER,  # done with the item
        choose(EDIT_DONE),
        choose(CONFIRM),
        *WRITE,
    ]
    run = start(folder, data, keys)
    assert run.code == 0, run.out
    actions = run.case("out.yaml")["plans"][r]["corrective_actions"]
    assert [str(a["date"]) for a in actions[:3]] == ["2026-08-04", "2026-08-06", "2026-08-05"]
    assert "Step 6 of 9" not in after_review(run)  # nothing of the plan's steps asked again


def test_a_date_after_today_is_refused_as_the_wizard_refuses_it(folder):
    data = example_data("order_defect_rate")
    r = "order_defect_rate"
    keys = [
        *open_item(data, r, "corrective_actions", 0),
        field(data, r, "corrective_actions", 0, "date"),
        typed("2026-12-30"),  # refused: after today; the prompt stays
        typed("2026-08-09"),
        ENTER,
        choose(EDIT_DONE),
        choose(CONFIRM),
        *WRITE,
    ]
    run = start(folder, data, keys)
    assert run.code == 0, run.out
    assert str(run.case("out.yaml")["plans"][r]["corrective_actions"][0]["date"]) == "2026-08-09"


def test_a_measures_owner_and_frequency_are_changed_from_the_review(folder):
    data = example_data("order_defect_rate")
    r, s = "order_defect_rate", "preventive_measures"
    keys = [
        *open_item(data, r, s, 2),
        field(data, r, s, 2, "owner"),
        *from_list(data, r, 2, "owner", "Quality Manager"),  # picked from the list of roles
        field(data, r, s, 2, "frequency", after_edit=True),
        *from_list(data, r, 2, "frequency", "Every incoming shipment"),  # not on the list: written
        ENTER,
        choose(EDIT_DONE),
        choose(CONFIRM),
        *WRITE,
    ]
    run = start(folder, data, keys)
    assert run.code == 0, run.out
    measure = run.case("out.yaml")["plans"][r][s][2]
    assert (measure["owner"], measure["frequency"]) == ("Quality Manager", "Every incoming shipment")
    assert measure["text"] == data["plans"][r][s][2]["text"]
    text = docx_text(folder / "plan.docx")
    assert "Quality Manager" in text and "Every incoming shipment" in text


def test_the_root_causes_an_action_addresses_are_changed_from_the_review(folder):
    data = example_data("order_defect_rate")
    r, s = "order_defect_rate", "corrective_actions"
    assert data["plans"][r][s][1]["addresses"] == [3]
    keys = [
        *open_item(data, r, s, 1),
        field(data, r, s, 1, "addresses"),
        DOWN + SPACE + ENTER,  # tick cause 2 as well
        ENTER,
        choose(EDIT_DONE),
        choose(CONFIRM),
        *WRITE,
    ]
    run = start(folder, data, keys)
    assert run.code == 0, run.out
    assert run.case("out.yaml")["plans"][r][s][1]["addresses"] == [2, 3]


def test_the_documents_attached_to_an_action_are_changed_from_the_review(folder):
    data = example_data("order_defect_rate")
    r, s = "order_defect_rate", "corrective_actions"
    assert data["plans"][r][s][0]["evidence"] == ["refunds"]
    keys = [
        *open_item(data, r, s, 0),
        field(data, r, s, 0, "evidence"),
        DOWN * 3 + SPACE + ENTER,  # the rota (document 4) as well as the refund report, ticked
        ENTER,
        choose(EDIT_DONE),
        choose(CONFIRM),
        *WRITE,
    ]
    run = start(folder, data, keys)
    assert run.code == 0, run.out
    assert run.case("out.yaml")["plans"][r][s][0]["evidence"] == ["refunds", "rota"]


def test_a_documents_file_is_changed_from_the_review(folder):
    data = example_data("order_defect_rate")
    (folder / "new-rota.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    r, s = "order_defect_rate", "evidence"
    keys = [
        *open_item(data, r, s, 3),
        field(data, r, s, 3, "file"),
        typed("missing.pdf"),  # refused: no such file
        typed("new-rota.pdf"),
        ENTER,
        choose(EDIT_DONE),
        choose(CONFIRM),
        *WRITE,
    ]
    run = start(folder, data, keys)
    assert run.code == 0, run.out
    assert run.case("out.yaml")["plans"][r][s][3]["file"] == str((folder / "new-rota.pdf").resolve())


def test_the_asins_an_action_covers_are_changed_from_the_review(folder):
    data = example_data("inauthentic")
    r, s = "inauthentic", "corrective_actions"
    keys = [
        *open_item(data, r, s, 1),
        field(data, r, s, 1, "asins"),
        typed("B0CX1Y2Z3A"),  # refused: not under review
        typed("b07pxgqc1q"),
        ENTER,
        choose(EDIT_DONE),
        choose(CONFIRM),
        *WRITE,
    ]
    run = start(folder, data, keys)
    assert run.code == 0, run.out
    assert run.case("out.yaml")["plans"][r][s][1]["asins"] == ["B07PXGQC1Q"]


def test_an_invoices_details_are_changed_from_the_review(folder):
    data = example_data("inauthentic")
    r, s = "inauthentic", "evidence"
    keys = [
        *open_item(data, r, s, 1),
        field(data, r, s, 1, "invoice.number"),
        typed("EDI-2026-04418"),
        field(data, r, s, 1, "invoice.supplier.name", after_edit=True),
        typed("Eastline Distribution Inc"),
        field(data, r, s, 1, "invoice.supplier.address", after_edit=True),
        typed("401 Raritan Center Parkway, Edison, NJ 08837"),
        field(data, r, s, 1, "invoice.lines.1.asin", after_edit=True),
        typed("B07PXGQC1Q B08KTZ8249"),  # refused: one ASIN a line
        typed("B08KTZ8249"),
        field(data, r, s, 1, "invoice.lines.1.quantity", after_edit=True),
        typed("abc"),  # refused: not a number
        typed("１２５"),  # full-width digits, as a Chinese keyboard types them
        field(data, r, s, 1, "date", after_edit=True),
        typed("2026-04-09"),
        ENTER,
        choose(EDIT_DONE),
        choose(CONFIRM),
        *WRITE,
    ]
    run = start(folder, data, keys)
    assert run.code == 0, run.out
    document = run.case("out.yaml")["plans"][r][s][1]
    invoice = document["invoice"]
    assert invoice["number"] == "EDI-2026-04418"
    assert invoice["supplier"]["name"] == "Eastline Distribution Inc"
    assert invoice["supplier"]["address"] == "401 Raritan Center Parkway, Edison, NJ 08837"
    line = data["plans"][r][s][1]["invoice"]["lines"][1]
    assert invoice["lines"][1] == {**line, "asin": "B08KTZ8249", "quantity": 125}
    assert str(document["date"]) == str(invoice["date"]) == "2026-04-09"  # the document's date is its invoice's


def test_rewording_asks_for_the_wording_alone(folder):
    data = example_data("order_defect_rate")
    r, s = "order_defect_rate", "corrective_actions"
    keys = [
        *open_item(data, r, s, 2),
        field(data, r, s, 2, "text"),
        typed("We moved all seller-fulfilled orders to a tracked express line with 6-9 day delivery."),
        ENTER,  # done with the item: no date, causes or documents asked
        choose(EDIT_DONE),
        choose(CONFIRM),
        *WRITE,
    ]
    run = start(folder, data, keys)
    assert run.code == 0, run.out
    action = run.case("out.yaml")["plans"][r][s][2]
    before = data["plans"][r][s][2]
    assert action["text"].startswith("We moved all seller-fulfilled orders to a tracked express line with")
    assert str(action["date"]) == str(before["date"])
    assert (action["addresses"], action["evidence"]) == (before["addresses"], before["evidence"])
    assert "Step 6 of 9" not in after_review(run) and "Step 7 of 9" not in after_review(run)


def broken_odr() -> dict:
    """The example with an action after today, a measure owned by "We" and an ASIN no action names."""
    data = copy.deepcopy(example_data("order_defect_rate"))
    plan = data["plans"]["order_defect_rate"]
    plan["corrective_actions"][2]["date"] = "2026-12-20"
    plan["preventive_measures"][1]["owner"] = "We"
    data["affected_asins"] = ["B0B7K2M4QX", "B0CX1Y2Z3A"]
    for document in plan["evidence"]:
        document["asins"] = ["B0B7K2M4QX"]
    return data


def fixable_rules(data: dict) -> list[str]:
    """The findings with a field, in the order the "fix" menu lists them."""
    return [f.rule for f in check_case(Case.model_validate(data), today=TODAY) if f.field]


def test_fix_this_opens_the_field_each_finding_names_until_the_case_is_clean(folder):
    data = broken_odr()
    order = fixable_rules(data)
    assert sorted(order) == ["action-in-future", "asin-uncovered", "measure-no-owner"]
    answers = {
        "action-in-future": typed("2026-08-06"),
        "asin-uncovered": typed("B0CX1Y2Z3A"),
        "measure-no-owner": "".join(from_list(data, "order_defect_rate", 1, "owner", "Customer Service Lead")),
    }
    keys = []
    for rule in list(order):
        keys += [choose(FIX), choose(order.index(rule)), answers[rule]]
        order.remove(rule)
    keys += [choose(CONFIRM), *WRITE]
    run = start(folder, data, keys)
    assert run.code == 0, run.out
    review = after_review(run)
    assert review.count("A strict reviewer would say:") == 3
    assert "nothing to object to" in review.split("The plan is complete.")[-1]
    case = Case.model_validate(run.case("out.yaml"))
    assert check_case(case, today=TODAY) == []
    assert str(case.plans["order_defect_rate"].corrective_actions[2].date) == "2026-08-06"
    assert case.plans["order_defect_rate"].corrective_actions[0].asins == ["B0CX1Y2Z3A"]
    assert case.plans["order_defect_rate"].preventive_measures[1].owner == "Customer Service Lead"
    assert "Customer Service Lead" in docx_text(folder / "plan.docx")


def test_fix_this_on_the_seller_opens_the_wizards_question(folder):
    data = copy.deepcopy(example_data("order_defect_rate"))
    data["seller"]["signer_role"] = "总经理"
    assert fixable_rules(data) == ["wrong-language"]
    run = start(folder, data, [choose(FIX), ENTER, typed("General Manager"), choose(CONFIRM), *WRITE])
    assert run.code == 0, run.out
    assert run.case("out.yaml")["seller"]["signer_role"] == "General Manager"


def test_findings_about_the_whole_plan_offer_no_fix(folder):
    data = copy.deepcopy(example_data("order_defect_rate"))
    plan = data["plans"]["order_defect_rate"]
    plan["corrective_actions"] = plan["corrective_actions"] * 6
    assert fixable_rules(data) == []
    found = check_case(Case.model_validate(data), today=TODAY)
    assert "over-page-budget" in {f.rule for f in found} <= {"over-page-budget", "form-over-limit"}
    # The menu is confirm and change only: two steps down wrap round to confirm (with a "fix"
    # entry they would open it, and the keys after would not write the case).
    run = start(folder, data, [choose(FIX), *WRITE])
    assert run.code == 0, run.out
    assert "A strict reviewer would say:" in after_review(run)


def test_the_review_pages_to_the_terminal_and_wraps_whole_words(folder):
    data = example_data("condition")
    # Two reasons at 80 x 24: four pages, "next page" (Enter) on the first three, confirm on the last.
    run = start(folder, data, [ENTER] * 4 + WRITE, rows=24, columns=80)
    assert run.code == 0, run.out
    assert (folder / "out.yaml").exists()
    review = after_review(run).split("Step 9 of 9")[0]
    assert max(len(line) for line in review.splitlines()) < 80
    words = " ".join(review.split())
    for reason in data["reasons"]:  # every item whole on some page, its words in order
        for section in ("root_causes", "corrective_actions", "preventive_measures"):
            for item in data["plans"][reason][section]:
                text = item if isinstance(item, str) else item["text"]
                assert " ".join(text.split()) in words
    # A page, after its blank line, leaves the menu (at most four entries and its question) room.
    assert all(len(block.strip("\n").splitlines()) <= 24 - 4 - 4 for block in review.split("\n\n"))
    # An item is not split across pages: a numbered item's continuation lines follow it.
    for block in review.split("\n\n")[1:]:
        first = block.strip("\n").splitlines()[0]
        assert not first.startswith("    "), first


def test_fix_this_on_a_promise_rewords_the_action_and_keeps_its_date(folder):
    data = copy.deepcopy(example_data("order_defect_rate"))
    plan = data["plans"]["order_defect_rate"]
    plan["corrective_actions"][1]["text"] = "We will test every unit of the next batch."
    assert fixable_rules(data) == ["promise-in-action"]
    new = "We function-tested the 412 unsold units of the batch and scrapped the 37 that failed."
    run = start(folder, data, [choose(FIX), ENTER, typed(new), choose(CONFIRM), *WRITE])
    assert run.code == 0, run.out
    action = run.case("out.yaml")["plans"]["order_defect_rate"]["corrective_actions"][1]
    assert action["text"] == new
    assert str(action["date"]) == str(plan["corrective_actions"][1]["date"])
    assert "nothing to object to" in after_review(run).split("The plan is complete.")[-1]
    assert new in docx_text(folder / "plan.docx")


def test_fix_this_on_a_case_not_yet_valid_opens_the_field_it_names(folder):
    data = copy.deepcopy(example_data("order_defect_rate"))
    data["plans"]["order_defect_rate"]["corrective_actions"][0]["date"] = "not a date"
    # No confirm yet: the menu is change, fix; the fix opens the action's date.
    run = start(folder, data, [choose(1), ENTER, typed("2026-08-04"), choose(CONFIRM), *WRITE])
    assert run.code == 0, run.out
    assert "To fix before the plan can be written: plans.order_defect_rate.corrective_actions[0].date" in run.out
    assert str(run.case("out.yaml")["plans"]["order_defect_rate"]["corrective_actions"][0]["date"]) == "2026-08-04"


def test_fix_this_on_a_suggested_measures_owner_and_then_rewording_it_asks_nothing_else(folder):
    from poa.case.catalog import english_of, load_catalog

    data = copy.deepcopy(example_data("order_defect_rate"))
    suggestion = load_catalog()["order_defect_rate"].preventive_measures[0]
    measure = data["plans"]["order_defect_rate"]["preventive_measures"][0]
    # A ticked suggestion keeps the catalogue's owner, so the wizard's flow never asks it: the review does.
    measure.update(text=english_of("amazon.com").localise(suggestion.en), owner="We", frequency=suggestion.frequency)
    assert fixable_rules(data) == ["measure-no-owner"]
    r, s = "order_defect_rate", "preventive_measures"
    keys = [
        choose(FIX),
        ENTER,
        typed("Customer service lead"),
        *open_item(data, r, s, 0),
        field(data, r, s, 0, "text"),
        typed("The customer service lead answers every claim and return request the day it arrives."),
        ENTER,  # done with the item: the owner and frequency are not asked again
        choose(EDIT_DONE),
        choose(CONFIRM),
        *WRITE,
    ]
    run = start(folder, data, keys)
    assert run.code == 0, run.out
    kept = run.case("out.yaml")["plans"][r][s][0]
    assert kept["owner"] == "Customer service lead" and kept["frequency"] == suggestion.frequency
    assert kept["text"].startswith("The customer service lead answers every claim")


def test_fix_this_in_chinese_shows_the_finding_in_chinese_above_the_field(folder):
    data = copy.deepcopy(example_data("order_defect_rate"))
    data["plans"]["order_defect_rate"]["corrective_actions"][2]["date"] = "2026-12-20"
    assert fixable_rules(data) == ["action-in-future"]
    write_yaml(folder / "case.yaml", data)
    keys = [choose(FIX), ENTER, typed("2026-08-06"), choose(CONFIRM), *WRITE]
    run = drive(folder, keys, lang="zh", answers=folder / "case.yaml")
    assert run.code == 0, run.out
    shown = run.out.split("严格的审核人员会指出以下问题：")[1]
    assert "  该措施日期为 2026-12-20，晚于今天" in shown  # the finding in full, under the menu
    assert "严格的审核人员不会提出异议。" in shown
    assert str(run.case("out.yaml")["plans"]["order_defect_rate"]["corrective_actions"][2]["date"]) == "2026-08-06"


def test_an_invoice_line_is_added_from_the_review_when_an_asin_has_none(folder):
    data = copy.deepcopy(example_data("inauthentic"))
    documents = data["plans"]["inauthentic"]["evidence"]
    for document in documents[1:3]:  # no invoice line names B07PXGQC1Q
        document["invoice"]["lines"] = [line for line in document["invoice"]["lines"] if line["asin"] != "B07PXGQC1Q"]
    found = check_case(Case.model_validate(data), today=TODAY)
    missing = [f.field for f in found if f.rule == "invoice-asin-missing"]
    assert missing == ["plans.inauthentic.evidence.1.invoice.lines"]  # a line added to the first invoice
    order = fixable_rules(data)
    # The new line typed: without its quantity (refused), then whole.
    keys = [choose(FIX), choose(order.index("invoice-asin-missing")), typed("B07PXGQC1Q"), typed("B07PXGQC1Q 120")]
    keys += [choose(CONFIRM), *WRITE]
    run = start(folder, data, keys)
    assert run.code == 0, run.out
    lines = run.case("out.yaml")["plans"]["inauthentic"]["evidence"][1]["invoice"]["lines"]
    assert lines[-1] == {"asin": "B07PXGQC1Q", "quantity": 120}
    case = Case.model_validate(run.case("out.yaml"))
    assert "invoice-asin-missing" not in {f.rule for f in check_case(case, today=TODAY)}
