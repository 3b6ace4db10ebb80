"""The invoice checks: each fires on a case that breaks it and stays quiet on a close one that does not."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
from helpers import example_data

from poa.case.model import Case
from poa.review import check
from poa.review.invoices import (
    InvoiceChecks,
    check_invoices,
    invoice_window,
    load_invoice_checks,
    normalise_address,
    normalise_name,
)

TODAY = dt.date(2026, 12, 1)
NOTICE = dt.date(2026, 9, 14)  # the inauthentic example's notice date


def base() -> dict:
    return copy.deepcopy(example_data("inauthentic"))


# The example's two supplier invoices, April's and July's, are its documents 2 and 3.
INVOICE_AT = (1, 2)


def evidence(data: dict, index: int) -> dict:
    return data["plans"]["inauthentic"]["evidence"][index]


def invoice_item(data: dict, which: int = 0) -> dict:
    return evidence(data, INVOICE_AT[which])


def invoice(data: dict, which: int = 0) -> dict:
    return invoice_item(data, which)["invoice"]


def set_date(data: dict, day: dt.date, which: int = 0) -> None:
    invoice_item(data, which)["date"] = day
    invoice(data, which)["date"] = day


def found(data: dict, rule: str) -> list[check.Finding]:
    return [f for f in check_invoices(Case.model_validate(data)) if f.rule == rule]


# --- each rule: (rule, a change that breaks it, a close change that does not) -------------------------


def too_old(data):
    set_date(data, NOTICE - dt.timedelta(days=366))


def just_in_window(data):
    set_date(data, NOTICE - dt.timedelta(days=365))


def after_notice(data):
    set_date(data, NOTICE + dt.timedelta(days=3))


def after_notice_with_note(data):
    after_notice(data)
    invoice(data)["note"] = "Restock after the notice, for the units now in our warehouse."


def buyer_other_name(data):
    invoice(data)["buyer"]["name"] = "Northgate Trading LLC"


def buyer_name_spelt_otherwise(data):
    invoice(data)["buyer"]["name"] = "NORTHGATE SUPPLY, L.L.C."


def buyer_other_address(data):
    invoice(data)["buyer"]["address"] = "2150 Westbelt Drive, Suite 120, Columbus, OH 43228"


def buyer_address_spelt_otherwise(data):
    invoice(data)["buyer"]["address"] = "Ste. 110, 2150 WESTBELT DR, Columbus OH 43228, U.S.A."


def no_buyer_address(data):
    del invoice(data)["buyer"]["address"]


def no_business_address(data):
    del data["seller"]["business_address"]


def no_business_address_nor_buyer_addresses(data):
    del data["seller"]["business_address"]
    for index in (0, 1):
        del invoice(data, index)["buyer"]["address"]


def no_supplier_phone(data):
    del invoice(data)["supplier"]["phone"]


def website_only(data):
    del invoice(data)["supplier"]["email"]


def pro_forma(data):
    invoice(data)["title"] = "PROFORMA INVOICE"


def invoice_for_a_purchase_order(data):
    invoice(data)["title"] = "Commercial Invoice"
    invoice_item(data)["name"] = "Invoice EDI-2026-04417 for purchase order PO-7781 from Eastline Distribution Inc."


def repeated_number(data):
    invoice(data, 1)["number"] = "EDI 2026 04417"


def same_number_other_supplier(data):
    invoice(data, 1)["number"] = "EDI-2026-04417"
    invoice(data, 1)["supplier"]["name"] = "Westline Wholesale Inc."


def line_asin_elsewhere(data):
    invoice(data)["lines"].append({"asin": "B0C1234567", "description": "Travel case", "quantity": 20})


def line_asin_in_case(data):
    invoice(data)["lines"][0]["quantity"] += 20


def line_without_asin(data):
    invoice(data)["lines"].append({"sku": "VD-CASE", "description": "Travel case", "quantity": 20})


def line_with_asin(data):
    invoice(data)["lines"].append({"asin": "B08KTZ8249", "sku": "VD-CASE", "quantity": 20})


def short(data):
    invoice(data, 1)["lines"][0]["quantity"] = 139  # 240 + 139 = 379 of the 380 sold


def exactly_covered(data):
    invoice(data, 1)["lines"][0]["quantity"] = 140  # 240 + 140 = 380


def asin_without_lines(data):
    for index in (0, 1):
        invoice(data, index)["lines"] = [line for line in invoice(data, index)["lines"] if line["asin"] != "B07PXGQC1Q"]


def asin_on_one_invoice_only(data):
    invoice(data, 1)["lines"] = [line for line in invoice(data, 1)["lines"] if line["asin"] != "B07PXGQC1Q"]
    data["units_sold"]["B07PXGQC1Q"] = 120


def no_units_sold(data):
    del data["units_sold"]["B07PXGQC1Q"]


def units_sold_given(data):
    data["units_sold"]["B07PXGQC1Q"] = 0


INVOICE_CASES = [
    ("invoice-too-old", too_old, just_in_window),
    ("invoice-after-notice", after_notice, after_notice_with_note),
    ("invoice-buyer-mismatch", buyer_other_name, buyer_name_spelt_otherwise),
    ("invoice-buyer-mismatch", buyer_other_address, buyer_address_spelt_otherwise),
    ("invoice-no-buyer", no_buyer_address, buyer_address_spelt_otherwise),
    ("seller-address-missing", no_business_address, no_business_address_nor_buyer_addresses),
    ("invoice-supplier-incomplete", no_supplier_phone, website_only),
    ("invoice-wrong-document", pro_forma, invoice_for_a_purchase_order),
    ("invoice-number-repeated", repeated_number, same_number_other_supplier),
    ("invoice-asin-not-in-case", line_asin_elsewhere, line_asin_in_case),
    ("invoice-line-no-asin", line_without_asin, line_with_asin),
    ("invoice-short", short, exactly_covered),
    ("invoice-asin-missing", asin_without_lines, asin_on_one_invoice_only),
    ("units-sold-missing", no_units_sold, units_sold_given),
]


def test_the_examples_invoices_pass():
    for name in ("inauthentic", "ip_trademark"):
        case = Case.model_validate(example_data(name))
        assert any(e.invoice for plan in case.plans.values() for e in plan.evidence), name
        assert case.units_sold, name
        assert check_invoices(case) == [], name


@pytest.mark.parametrize(
    ("rule", "breaks", "near_miss"), INVOICE_CASES, ids=[f"{c[0]}-{c[1].__name__}" for c in INVOICE_CASES]
)
def test_rule_fires_on_the_trigger_and_not_on_the_near_miss(rule, breaks, near_miss):
    broken, close = base(), base()
    breaks(broken)
    near_miss(close)
    assert found(broken, rule), rule
    assert not found(close, rule), [f.as_dict("en") for f in found(close, rule)]


def test_lowering_one_quantity_gives_the_shortfall_error():
    data = base()
    invoice(data, 1)["lines"][1]["quantity"] = 45  # B07PXGQC1Q: 120 + 45 = 165 of the 166 sold
    findings = check.check_case(Case.model_validate(data), today=TODAY)
    errors = [f for f in findings if f.severity == "error"]
    assert [f.rule for f in errors] == ["invoice-short"]
    assert errors[0].where == "B07PXGQC1Q"
    message = errors[0].message_in("en")
    assert "B07PXGQC1Q" in message and "165" in message and "166" in message
    assert "165" in errors[0].message_in("zh") and "166" in errors[0].message_in("zh")


def test_a_mismatched_buyer_shows_both_spellings():
    data = base()
    buyer_other_name(data)
    (finding,) = found(data, "invoice-buyer-mismatch")
    message = finding.message_in("en")
    assert "Northgate Trading LLC" in message and "Northgate Supply LLC" in message
    assert "EDI-2026-04417" in message
    assert finding.where == "inauthentic, document 2"


def test_an_incomplete_supplier_names_what_is_missing():
    data = base()
    for key in ("phone", "email", "website"):
        del invoice(data)["supplier"][key]
    (finding,) = found(data, "invoice-supplier-incomplete")
    assert "phone number, website or e-mail" in finding.message_in("en")
    assert "电话、网站或邮箱" in finding.message_in("zh")


def test_an_old_invoice_does_not_count_towards_the_units_sold():
    data = base()
    too_old(data)  # the first invoice's units no longer count: 180 of 380 and 60 of 166
    shortfalls = {f.where: f.message_in("en") for f in found(data, "invoice-short")}
    assert "180 units" in shortfalls["B08KTZ8249"] and "380" in shortfalls["B08KTZ8249"]
    assert "60 units" in shortfalls["B07PXGQC1Q"] and "166" in shortfalls["B07PXGQC1Q"]


def test_a_repeated_invoice_is_counted_once():
    data = base()
    invoice(data, 1)["number"] = "EDI-2026-04417"
    rules = {f.rule for f in check_invoices(Case.model_validate(data))}
    assert "invoice-number-repeated" in rules
    # The second invoice's quantities are not counted again: 240 of the 380 sold, 120 of the 166.
    assert [f.where for f in found(data, "invoice-short")] == ["B08KTZ8249", "B07PXGQC1Q"]


def test_a_document_shared_by_two_reasons_is_checked_once():
    data = base()
    data["reasons"].append("ip_trademark")
    data["plans"]["ip_trademark"] = copy.deepcopy(data["plans"]["inauthentic"])
    assert found(data, "invoice-number-repeated") == []
    assert check_invoices(Case.model_validate(data)) == []


def test_a_receipt_named_in_the_case_is_an_error_even_without_an_invoice_block():
    data = base()
    del invoice_item(data)["invoice"]
    invoice_item(data)["name"] = "Sales receipt from Eastline Distribution Inc."
    (finding,) = found(data, "invoice-wrong-document")
    assert "a receipt" in finding.message_in("en") and "receipt" in finding.excerpt.lower()


def test_names_compare_without_case_punctuation_or_company_forms():
    assert normalise_name("Shenzhen Hengtai Trading Co., Ltd.") == normalise_name(
        "SHENZHEN HENGTAI TRADING COMPANY LIMITED"
    )
    assert normalise_name("Smith & Sons Inc.") == normalise_name("Smith and Sons Incorporated")
    assert normalise_name("Shenzhen Hengtai Trading Co., Ltd.") != normalise_name("Shenzhen Hengtai Co., Ltd.")


def test_addresses_compare_in_any_order_without_the_country():
    assert normalise_address("Room 1203, Building A, No. 8 Keji Road, Shenzhen, China") == normalise_address(
        "No 8 Keji Rd, Bldg A, Rm 1203, Shenzhen"
    )
    assert normalise_address("12 Main St, Springfield") != normalise_address("21 Main St, Springfield")


def test_the_window_is_data_per_marketplace_and_reason():
    checks = load_invoice_checks()
    assert invoice_window("amazon.com", "inauthentic", checks) == 365
    assert invoice_window("amazon.com", "order_defect_rate", checks) is None
    two_months = InvoiceChecks.model_validate(
        {**checks.model_dump(), "window_overrides": {"amazon.de": {"*": 60}, "amazon.fr": {"inauthentic": 90}}}
    )
    assert invoice_window("amazon.de", "inauthentic", two_months) == 60
    assert invoice_window("amazon.de", "order_defect_rate", two_months) is None  # asks for no invoices
    assert invoice_window("amazon.fr", "inauthentic", two_months) == 90
    assert invoice_window("amazon.fr", "ip_trademark", two_months) == 365


def test_the_checks_run_in_poa_check_on_a_case(tmp_path, run_cli):
    from helpers import write_yaml

    data = base()
    pro_forma(data)
    path = write_yaml(tmp_path / "case.yaml", data)
    result = run_cli("check", str(path))
    assert result.code == 1
    assert "[invoice-wrong-document] inauthentic, document 2" in result.out
    result = run_cli("check", str(path), "--lang", "zh")
    assert "形式发票" in result.out


def test_an_invoice_block_only_on_a_supplier_invoice(tmp_path, run_cli):
    from helpers import assert_one_line_error, write_yaml

    data = base()
    evidence(data, 0)["invoice"] = {"number": "X"}  # the removal orders
    path = write_yaml(tmp_path / "case.yaml", data)
    assert_one_line_error(run_cli("check", str(path)), "evidence[0]", "supplier_invoice")


def test_units_sold_only_for_asins_under_review(tmp_path, run_cli):
    from helpers import assert_one_line_error, write_yaml

    data = base()
    data["units_sold"]["B0C1234567"] = 5
    path = write_yaml(tmp_path / "case.yaml", data)
    assert_one_line_error(run_cli("check", str(path)), "units_sold", "B0C1234567", "affected_asins")
