"""The plan itself: golden Markdown, and the .docx opened again and read."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from pathlib import Path

import docx
import pytest
from helpers import EXAMPLE_NAMES, example_data

from poa.case.catalog import load_catalog
from poa.case.model import Case
from poa.plan import outputs
from poa.plan.render import render_markdown, render_sections

TODAY = dt.date(2026, 11, 26)
GOLDEN = Path(__file__).parent / "golden"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def example_case(name: str) -> Case:
    return Case.model_validate(example_data(name))


def open_docx(case: Case) -> docx.document.Document:
    return docx.Document(io.BytesIO(outputs.render(case, "docx", today=TODAY)))


def document_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_markdown_matches_the_golden_file(name):
    markdown = render_markdown(example_case(name), today=TODAY)
    golden = GOLDEN / f"{name}.md"
    if os.environ.get("POA_UPDATE_GOLDEN"):
        golden.write_text(markdown, encoding="utf-8")
    assert markdown == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_docx_holds_every_answer(name):
    case = example_case(name)
    document = open_docx(case)
    text = document_text(document)
    assert document.paragraphs[0].style.name == "Title"
    assert document.paragraphs[0].text == "Plan of Action"
    for reason_id in case.reasons:
        plan = case.plans[reason_id]
        for cause in plan.root_causes:
            assert cause in text
        for action in plan.corrective_actions:
            assert action.text in text
        for measure in plan.preventive_measures:
            assert measure.text in text
            assert f"Owner: {measure.owner}." in text
        for item in plan.evidence:
            assert item.name in text
    for asin in case.affected_asins:
        assert asin in text
    for reason_id, reading in case.metrics.items():
        spec = load_catalog()[reason_id].metric
        rate = reading.rate_percent
        if reading.has_counts:
            rate = 100 * reading.defects / reading.orders
            rate = rate if spec.direction == "below" else 100 - rate
            assert f"({reading.defects:,} of {reading.orders:,})" in text
        assert f"{rate:.2f}".rstrip("0").rstrip(".") + "%" in text
    for marker in ("{{", "{%", "}}", "TODO", "XXX", "\\*", "\\."):
        assert marker not in text
    assert document.core_properties.author == case.seller.legal_name
    assert document.core_properties.title == "Plan of Action"


def numbered_lists(document) -> list[list[str]]:
    """Runs of List Number paragraphs, as the reader sees them grouped, with their numId."""
    groups: list[list[str]] = []
    previous_was_item = False
    for paragraph in document.paragraphs:
        if paragraph.style.name == "List Number":
            num_id = paragraph._p.pPr.numPr.numId.val
            if previous_was_item and groups[-1][0] == num_id:
                groups[-1].append(num_id)
            else:
                groups.append([num_id])
            previous_was_item = True
        else:
            previous_was_item = False
    return groups


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_numbering_restarts_in_every_list(name):
    case = example_case(name)
    document = open_docx(case)
    groups = numbered_lists(document)
    expected = [len(case.plans[r].root_causes) for r in case.reasons]
    expected += [len(case.plans[r].corrective_actions) for r in case.reasons]
    expected += [len(case.plans[r].preventive_measures) for r in case.reasons]
    assert [len(group) for group in groups] == expected
    num_ids = [group[0] for group in groups]
    assert len(set(num_ids)) == len(num_ids), "each list has its own numbering"
    numbering = document.part.numbering_part.element
    for num_id in num_ids:
        num = numbering.xpath(f'./w:num[@w:numId="{num_id}"]')[0]
        starts = num.xpath("./w:lvlOverride/w:startOverride/@w:val")
        assert starts == ["1"]


def test_metrics_table_cells():
    document = open_docx(example_case("order_defect_rate"))
    table = document.tables[0]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == ["Metric", "Current", "Target", "Window", "Status", "Orders needed"]
    assert rows[1] == ["Order Defect Rate", "2.13% (35 of 1,642)", "under 1%", "60 days", "Above target", "1,859"]
    assert table.style.name.startswith(("Light", "Medium", "Table"))


def test_two_metrics_in_one_table():
    case = example_case("late_shipment_rate")
    document = open_docx(case)
    rows = [[cell.text for cell in row.cells] for row in document.tables[0].rows]
    labels = [row[0] for row in rows[1:]]
    assert labels == [load_catalog()[r].label.en for r in case.reasons if load_catalog()[r].kind == "performance"]
    for row in rows[1:]:
        assert row[4] == "Above target"
        assert re.fullmatch(r"\d+(\.\d+)?% \([\d,]+ of [\d,]+\)", row[1])
        assert re.fullmatch(r"[\d,]+", row[5]) and row[5] != "0"


def test_evidence_table_maps_documents_to_asins():
    case = example_case("inauthentic")
    document = open_docx(case)
    table = document.tables[-1]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == ["Document", "Type", "Date", "ASINs covered"]
    evidence = case.plans["inauthentic"].evidence
    assert [row[0] for row in rows[1:]] == [item.name for item in evidence]
    for row, item in zip(rows[1:], evidence, strict=True):
        assert row[3] == (", ".join(item.asins) or "—")
    covered = {asin for item in evidence for asin in item.asins}
    assert covered == set(case.affected_asins)


def test_page_setup_follows_the_marketplace():
    us = open_docx(example_case("order_defect_rate")).sections[0]
    assert round(us.page_width.inches, 2) == 8.5 and round(us.page_height.inches, 2) == 11
    uk = open_docx(example_case("late_shipment_rate")).sections[0]
    assert round(uk.page_width.cm, 1) == 21.0 and round(uk.page_height.cm, 1) == 29.7


def test_header_footer_and_east_asian_font():
    case = example_case("order_defect_rate")
    document = open_docx(case)
    section = document.sections[0]
    assert case.seller.legal_name in "\n".join(p.text for p in section.header.paragraphs)
    footer_xml = section.footer._element.xml
    assert "PAGE" in footer_xml and "NUMPAGES" in footer_xml
    normal = document.styles["Normal"].element
    assert normal.xpath("./w:rPr/w:rFonts/@w:eastAsia")


def test_chinese_names_reach_the_document():
    data = example_data("order_defect_rate")
    data["seller"]["legal_name"] = "深圳市恒泰贸易有限公司"
    data["seller"]["signer_name"] = "林晓雨"
    document = open_docx(Case.model_validate(data))
    text = document_text(document)
    assert "深圳市恒泰贸易有限公司" in text and "林晓雨" in text
    assert document.core_properties.author == "深圳市恒泰贸易有限公司"


def test_markdown_in_answers_shows_literally():
    data = example_data("order_defect_rate")
    plan = data["plans"]["order_defect_rate"]
    plan["root_causes"][0] = "1. *Stars* and [links] | pipes # hashes <b>tags</b> &amp; {{ not_a_variable }}"
    case = Case.model_validate(data)
    text = document_text(open_docx(case))
    assert plan["root_causes"][0] + "." in text
    txt = outputs.render(case, "txt", today=TODAY).decode()
    assert plan["root_causes"][0] in txt


def test_sections_render_on_their_own():
    sections = render_sections(example_case("inauthentic"), today=TODAY)
    assert list(sections) == [
        "header",
        "summary",
        "root_causes",
        "corrective_actions",
        "preventive_measures",
        "evidence",
        "closing",
    ]
    assert sections["root_causes"].startswith("## Root causes\n\n1. ")


def test_plan_date_defaults_to_today():
    data = example_data("ip_trademark")
    data.pop("plan_date", None)
    markdown = render_markdown(Case.model_validate(data), today=TODAY)
    assert "**Date of this plan:** November 26, 2026" in markdown


def test_day_first_dates_outside_the_us():
    markdown = render_markdown(example_case("late_shipment_rate"), today=TODAY)
    assert re.search(r"\*\*Date of notice:\*\* \d{1,2} [A-Z][a-z]+ 2026", markdown)


def test_rate_only_reading_says_orders_needed_is_unknown():
    data = example_data("order_defect_rate")
    data["metrics"]["order_defect_rate"] = {"rate_percent": 2.13}
    markdown = render_markdown(Case.model_validate(data), today=TODAY)
    assert "| Order Defect Rate | 2.13% | under 1% | 60 days | Above target | n/a |" in markdown
    assert "n/a where only the rate is known" in markdown


def test_documents_claim_to_cover_the_asins_only_when_they_do():
    data = example_data("inauthentic")
    covered = "The documents below are attached to this plan and cover every ASIN under review."
    assert covered in render_markdown(Case.model_validate(data), today=TODAY)
    for item in data["plans"]["inauthentic"]["evidence"]:
        item["asins"] = [asin for asin in item.get("asins", []) if asin != "B07PXGQC1Q"]
    markdown = render_markdown(Case.model_validate(data), today=TODAY)
    assert "The documents below are attached to this plan.\n" in markdown
