"""Invoices made as PDF, Word and Excel files, read back by `poa invoice`."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from helpers import assert_one_line_error, example_data, run_process, write_yaml
from invoice_samples import Sample, docx_bytes, pdf_bytes, scanned_pdf_bytes, xlsx_bytes

from poa.case.model import Case
from poa.readers.case_file import load_case
from poa.readers.invoice import parse_invoice_date, read_invoice_file

MAKERS = {"pdf": pdf_bytes, "docx": docx_bytes, "xlsx": xlsx_bytes}


def write_invoice(tmp_path, fmt: str, sample: Sample | None = None):
    path = tmp_path / f"invoice.{fmt}"
    path.write_bytes(MAKERS[fmt](sample or Sample()))
    return path


@pytest.mark.parametrize("fmt", sorted(MAKERS))
def test_an_invoice_is_read_back(tmp_path, fmt):
    reading = read_invoice_file(write_invoice(tmp_path, fmt))
    assert reading.missing == [] and reading.notes == []
    data = reading.data
    assert data["title"] == "INVOICE"
    assert data["number"] == "EDI-2026-04417"
    assert data["date"] == "2026-04-08"
    assert data["supplier"] == {
        "name": "Eastline Distribution Inc.",
        "address": "400 Raritan Center Parkway, Edison, NJ 08837",
        "phone": "+1 732-555-0148",
        "email": "orders@eastlinedist.com",
        "website": "www.eastlinedist.com",
    }
    assert data["buyer"] == {
        "name": "Northgate Supply LLC",
        "address": "2150 Westbelt Drive, Suite 110, Columbus, OH 43228",
    }
    assert data["lines"] == [
        {"asin": "B08KTZ8249", "sku": "VD-SB200-WH", "description": "Veridan SonicBrush 200, white", "quantity": 240},
        {"asin": "B07PXGQC1Q", "sku": "VD-RH4-WH", "description": "Veridan brush heads, 4-pack", "quantity": 1120},
    ]


@pytest.mark.parametrize("fmt", sorted(MAKERS))
def test_what_is_not_on_the_invoice_is_said(tmp_path, fmt):
    sample = Sample(
        title="PROFORMA INVOICE",
        supplier=["Eastline Distribution Inc.", "400 Raritan Center Parkway", "Edison, NJ 08837"],
        buyer=["Northgate Supply LLC"],
    )
    reading = read_invoice_file(write_invoice(tmp_path, fmt, sample))
    assert reading.data["title"] == "PROFORMA INVOICE"
    assert reading.missing == ["supplier phone", "supplier website or e-mail", "buyer address"]


def test_the_printed_yaml_pastes_into_the_case_and_the_checker_reads_it(tmp_path):
    path = write_invoice(tmp_path, "pdf", Sample(title="PROFORMA INVOICE"))
    result = run_process("invoice", str(path))
    assert result.code == 0, result.err
    assert result.out.startswith("# Read from ")
    block = yaml.safe_load(result.out)["invoice"]
    data = example_data("inauthentic")
    item = data["plans"]["inauthentic"]["evidence"][1]  # April's invoice
    item["invoice"] = block
    case = Case.model_validate(data)
    assert case.plans["inauthentic"].evidence[1].invoice.lines[1].quantity == 1120
    from poa.review.invoices import check_invoices

    assert "invoice-wrong-document" in {f.rule for f in check_invoices(case)}


def test_invoice_written_into_the_case_keeps_the_rest_of_the_file(tmp_path):
    case_path = tmp_path / "case.yaml"
    assert run_process("example", "inauthentic", "-o", str(case_path)).code == 0
    original = case_path.read_text(encoding="utf-8")
    # Without an invoice block on attachment 3, a comment kept below it, and the units the new invoice covers.
    text = original.replace("units_sold:\n  B08KTZ8249: 380", "units_sold:\n  B08KTZ8249: 380  # from Business Reports")
    start = text.index("        invoice:\n          title: Invoice\n          number: EDI-2026-06982")
    end = text.index("      - id: authorization")
    text = text[:start] + text[end:]
    text = text.replace("date: 2026-07-02\n", "date: 2026-04-08\n", 1)
    case_path.write_text(text, encoding="utf-8")
    invoice = write_invoice(tmp_path, "xlsx")
    result = run_process("invoice", str(invoice), "--case", str(case_path), "--evidence", "3")
    assert result.code == 0, result.err
    assert "number: EDI-2026-04417" in result.out
    assert result.out.rstrip().endswith(
        "attachment 3: Eastline invoice EDI-2026-06982, 180 of B08KTZ8249 and 60 of B07PXGQC1Q."
    )
    written = case_path.read_text(encoding="utf-8")
    assert "B08KTZ8249: 380  # from Business Reports" in written
    assert written.startswith(original.split("schema_version")[0])  # the comments at the top
    case = load_case(case_path)
    third = case.plans["inauthentic"].evidence[2]
    assert third.invoice.number == "EDI-2026-04417" and third.invoice.lines[1].quantity == 1120
    assert case.plans["inauthentic"].evidence[3].kind == "letter_of_authorization"
    # Replacing it needs --force; a letter takes no invoice block.
    again = run_process("invoice", str(invoice), "--case", str(case_path), "--evidence", "3")
    assert_one_line_error(again, "--evidence 3", "--force")
    assert again.out == ""
    assert_one_line_error(
        run_process("invoice", str(invoice), "--case", str(case_path), "--evidence", "4"), "letter_of_authorization"
    )
    assert_one_line_error(
        run_process("invoice", str(invoice), "--case", str(case_path), "--evidence", "9"), "attachments 1 to 7"
    )
    assert case_path.read_text(encoding="utf-8") == written


def test_a_json_case_gets_the_invoice_too(tmp_path):
    data = example_data("inauthentic")
    del data["plans"]["inauthentic"]["evidence"][1]["invoice"]
    import json

    case_path = tmp_path / "case.json"
    case_path.write_text(json.dumps(data, default=str), encoding="utf-8")
    result = run_process("invoice", str(write_invoice(tmp_path, "docx")), "--case", str(case_path), "--evidence", "2")
    assert result.code == 0, result.err
    assert load_case(case_path).plans["inauthentic"].evidence[1].invoice.supplier.phone == "+1 732-555-0148"


def test_a_date_that_disagrees_with_the_item_is_refused_and_nothing_changes(tmp_path):
    case_path = write_yaml(tmp_path / "case.yaml", example_data("inauthentic"))
    before = case_path.read_bytes()
    result = run_process(
        "invoice", str(write_invoice(tmp_path, "pdf")), "--case", str(case_path), "--evidence", "3", "--force"
    )
    assert_one_line_error(result, "evidence[2]", "2026-07-02", "2026-04-08")
    assert case_path.read_bytes() == before


def test_a_scanned_pdf_gets_one_line(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(scanned_pdf_bytes())
    assert_one_line_error(run_process("invoice", str(path)), "scan.pdf", "only images", "by hand")


@pytest.mark.parametrize(
    ("name", "content", "needle"),
    [
        ("invoice.png", b"\x89PNG\r\n", "not '.png'"),
        ("invoice.pdf", b"hello", "not a .pdf file inside"),
        ("invoice.docx", b"PK\x03\x04broken", "cannot be read"),
        ("invoice.xlsx", b"PK\x03\x04broken", "cannot be read"),
    ],
)
def test_files_that_are_not_readable_invoices_get_one_line(tmp_path, name, content, needle):
    path = tmp_path / name
    path.write_bytes(content)
    assert_one_line_error(run_process("invoice", str(path)), name, needle)


def test_case_and_evidence_go_together(tmp_path):
    path = write_invoice(tmp_path, "pdf")
    assert_one_line_error(run_process("invoice", str(path), "--case", "case.yaml"), "--evidence")


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("2026-04-08", dt.date(2026, 4, 8)),
        ("2026年4月8日", dt.date(2026, 4, 8)),
        ("April 8, 2026", dt.date(2026, 4, 8)),
        ("8 Apr 2026", dt.date(2026, 4, 8)),
        ("08-Apr-2026", dt.date(2026, 4, 8)),
        ("25/04/2026", dt.date(2026, 4, 25)),
        ("04/25/2026", dt.date(2026, 4, 25)),
        ("04/08/2026", None),  # April 8 or 4 August: asked, not guessed
        ("Net 30", None),
    ],
)
def test_invoice_dates(text, date):
    assert parse_invoice_date(text) == date
