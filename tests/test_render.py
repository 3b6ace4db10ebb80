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

from poa.case.catalog import english_of, load_catalog
from poa.case.model import Case
from poa.plan import outputs
from poa.plan.attachments import numbered_attachments
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


def table_rows(table) -> list[list[str]]:
    # Dates in table cells keep together with no-break spaces; compare them as plain text.
    return [[cell.text.replace("\u00a0", " ") for cell in row.cells] for row in table.rows]


def numbers_in(text: str) -> set[int]:
    """The item numbers a phrase names: "1", "1 and 3", "1, 2 and 5", "1 to 4"."""
    numbers: set[int] = set()
    for first, last in re.findall(r"(\d+) to (\d+)", text):
        numbers.update(range(int(first), int(last) + 1))
    numbers.update(int(n) for n in re.findall(r"\d+", re.sub(r"\d+ to \d+", "", text)))
    return numbers


def plan_label(reason_id: str, case: Case) -> str:
    return english_of(case.marketplace).localise(load_catalog()[reason_id].plan_label)


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_markdown_matches_the_golden_file(name):
    markdown = render_markdown(example_case(name), today=TODAY)
    golden = GOLDEN / f"{name}.md"
    if os.environ.get("POA_UPDATE_GOLDEN"):
        golden.write_text(markdown, encoding="utf-8")
    assert markdown == golden.read_text(encoding="utf-8")


def test_every_example_has_a_golden_file_and_no_golden_file_is_left_over():
    assert sorted(path.stem for path in GOLDEN.glob("*.md")) == sorted(EXAMPLE_NAMES)


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_docx_holds_every_answer(name):
    case = example_case(name)
    document = open_docx(case)
    text = document_text(document).replace("\u00a0", " ")
    assert document.paragraphs[0].style.name == "Title"
    assert document.paragraphs[0].text == "Plan of Action"
    for reason_id in case.reasons:
        plan = case.plans[reason_id]
        for cause in plan.root_causes:
            assert cause.text in text
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
        rate = 100 * reading.defects / reading.orders
        rate = rate if spec.direction == "below" else 100 - rate
        assert f"({reading.defects:,} of {reading.orders:,})" in text
        assert f"{rate:.2f}".rstrip("0").rstrip(".") + "%" in text
    for marker in ("{{", "{%", "}}", "TODO", "XXX", "\\*", "\\.", "None"):
        assert marker not in text
    assert document.core_properties.author == case.seller.legal_name
    assert document.core_properties.title == "Plan of Action"


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_docx_cites_root_causes_and_attachments(name):
    """Each action names the root causes it fixed and the attachment that proves it, as the case links them."""
    case = example_case(name)
    paragraphs = [p.text for p in open_docx(case).paragraphs]
    numbers = {}
    for attachment in numbered_attachments(case):
        for place in attachment.positions:
            numbers[place] = attachment.number
    for reason_id in case.reasons:
        plan = case.plans[reason_id]
        for action in plan.corrective_actions:
            line = next(p for p in paragraphs if p.startswith(action.text))
            causes = plan.cause_numbers(action.addresses)
            cited = sorted({numbers[(reason_id, i)] for i in plan.evidence_indexes(action.evidence)})
            named = re.search(r"Addresses root causes? ([\d ,andto]+)", line)
            assert named and numbers_in(named[1]) == set(causes), line
            attachments = re.search(r"see Attachments? ([\d ,andto]+)", line)
            assert bool(attachments) == bool(cited), line
            if cited:
                assert numbers_in(attachments[1]) == set(cited), line
        for measure in plan.preventive_measures:
            line = next(p for p in paragraphs if p.startswith(measure.text))
            assert "Addresses root cause" in line


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_attachment_table_numbers_documents_in_the_order_cited(name):
    case = example_case(name)
    document = open_docx(case)
    table = document.tables[-1]
    rows = table_rows(table)
    header = rows[0]
    assert header[:3] == ["No.", "Document", "Date"]
    attachments = numbered_attachments(case)
    assert [row[0] for row in rows[1:]] == [str(a.number) for a in attachments]
    for row, attachment in zip(rows[1:], attachments, strict=True):
        assert row[1].startswith(attachment.evidence.name)
        if attachment.evidence.file:
            assert f"(file {attachment.evidence.file})" in row[1].replace("\u2011", "-")
    # The first attachment cited in the text is Attachment 1.
    first = next(p.text for p in document.paragraphs if "see Attachment" in p.text)
    assert re.search(r"see Attachments? 1\b", first)
    # No filler: no "Supporting document" type, no column of dashes.
    cells = [cell for row in rows for cell in row]
    assert "Supporting document" not in cells and "—" not in cells and "Type" not in header
    if "ASINs" in header:
        column = header.index("ASINs")
        assert any(row[column] for row in rows[1:])


def test_the_asin_column_is_left_out_when_no_document_covers_one():
    rows = table_rows(open_docx(example_case("order_defect_rate")).tables[-1])
    assert rows[0] == ["No.", "Document", "Date", "Supports"]
    assert [row[3] for row in rows[1:]] == [f"Action {n}" for n in range(1, len(rows))]


def test_what_a_document_supports_is_the_sellers_words_when_given():
    data = example_data("inauthentic")
    data["plans"]["inauthentic"]["evidence"][1]["supports"] = "Units bought from Eastline since April 2026"
    rows = table_rows(open_docx(Case.model_validate(data)).tables[-1])
    supports = rows[0].index("Supports")
    assert [row[supports] for row in rows if row[1].startswith("Eastline invoice EDI-2026-04417")] == [
        "Units bought from Eastline since April 2026"
    ]


def test_key_areas_line_only_when_the_seller_highlighted_them():
    data = example_data("inauthentic")
    markdown = render_markdown(Case.model_validate(data), today=TODAY)
    assert "The key areas are highlighted in Attachments 2 and 3." in markdown
    for item in data["plans"]["inauthentic"]["evidence"]:
        item["highlighted"] = False
    assert "highlighted" not in render_markdown(Case.model_validate(data), today=TODAY)
    for item in data["plans"]["inauthentic"]["evidence"]:
        item["highlighted"] = True
    assert "are highlighted in every attachment." in render_markdown(Case.model_validate(data), today=TODAY)


def test_attachments_claim_to_cover_the_asins_only_when_they_do():
    data = example_data("inauthentic")
    covered = "The attachments cover every ASIN under review."
    assert covered in render_markdown(Case.model_validate(data), today=TODAY)
    for item in data["plans"]["inauthentic"]["evidence"]:
        item["asins"] = [asin for asin in item.get("asins", []) if asin != "B07PXGQC1Q"]
    assert "cover every ASIN" not in render_markdown(Case.model_validate(data), today=TODAY)


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
    # Reason by reason: each reason's root causes, actions and measures.
    expected = [
        len(getattr(case.plans[r], part))
        for r in case.reasons
        for part in ("root_causes", "corrective_actions", "preventive_measures")
    ]
    assert [len(group) for group in groups] == expected
    num_ids = [group[0] for group in groups]
    assert len(set(num_ids)) == len(num_ids), "each list has its own numbering"
    numbering = document.part.numbering_part.element
    for num_id in num_ids:
        num = numbering.xpath(f'./w:num[@w:numId="{num_id}"]')[0]
        starts = num.xpath("./w:lvlOverride/w:startOverride/@w:val")
        assert starts == ["1"]


def headings(document) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]


def test_one_reason_has_no_extra_heading_level():
    assert headings(open_docx(example_case("order_defect_rate"))) == [
        ("Title", "Plan of Action"),
        ("Heading 1", "Summary"),
        ("Heading 1", "Performance metrics"),
        ("Heading 1", "Root causes"),
        ("Heading 1", "Corrective actions taken"),
        ("Heading 1", "Preventive measures in place"),
        ("Heading 1", "Attachments"),
    ]


@pytest.mark.parametrize("name", ["late_shipment_rate", "condition"])
def test_several_reasons_read_reason_by_reason(name):
    case = example_case(name)
    found = headings(open_docx(case))
    expected = [("Title", "Plan of Action"), ("Heading 1", "Summary")]
    if case.metrics:
        expected.append(("Heading 1", "Performance metrics"))
    for reason_id in case.reasons:
        expected += [
            ("Heading 1", plan_label(reason_id, case)),
            ("Heading 2", "Root causes"),
            ("Heading 2", "Corrective actions taken"),
            ("Heading 2", "Preventive measures in place"),
        ]
    expected.append(("Heading 1", "Attachments"))
    assert found == expected


def test_metrics_table_cells():
    document = open_docx(example_case("order_defect_rate"))
    table = document.tables[0]
    rows = table_rows(table)
    assert rows[0] == ["Metric", "At the notice", "Target", "Window", "Status"]
    assert rows[1] == ["Order Defect Rate", "2.13% (35 of 1,642)", "under 1%", "60 days", "Above target"]
    assert table.style.name.startswith(("Light", "Medium", "Table"))


def test_two_metrics_in_one_table_with_the_marketplaces_names():
    case = example_case("late_shipment_rate")
    rows = table_rows(open_docx(case).tables[0])
    assert [row[0] for row in rows[1:]] == ["Late Dispatch Rate", "Pre-fulfilment Cancel Rate"]
    for row in rows[1:]:
        assert row[4] == "Above target"
        assert re.fullmatch(r"\d+(\.\d+)?% \([\d,]+ of [\d,]+\)", row[1])


def test_a_metric_within_target_is_never_called_above_target():
    data = example_data("order_defect_rate")
    data["metrics"]["order_defect_rate"] = {"defects": 12, "orders": 1642, "window_days": 60}
    case = Case.model_validate(data)
    markdown = render_markdown(case, today=TODAY)
    assert "above" not in markdown.lower().replace("above target", "") or "above target" not in markdown.lower()
    assert "above target" not in markdown.lower() and "above amazon's target" not in markdown.lower()
    assert "0.73% (12 of 1,642 orders), within Amazon's target of under 1%" in markdown
    assert "| Within target |" in markdown
    form = outputs.render(case, "form", today=TODAY).decode()
    assert "above target" not in form.lower() and "within target" in form


def test_rate_only_reading():
    data = example_data("order_defect_rate")
    data["metrics"]["order_defect_rate"] = {"rate_percent": 2.13}
    markdown = render_markdown(Case.model_validate(data), today=TODAY)
    assert "| Order Defect Rate | 2.13% | under 1% | 60 days | Above target |" in markdown
    assert "reported our Order Defect Rate at 2.13%, above Amazon's target of under 1%." in markdown


def test_orders_needed_stays_out_of_the_document():
    for name in EXAMPLE_NAMES:
        case = example_case(name)
        text = document_text(open_docx(case)).lower()
        assert "orders needed" not in text and "defect-free" not in text
    assert outputs.metric_notes(example_case("order_defect_rate")) == [
        "Order Defect Rate: with no new defect, 1,859 more defect-free orders bring it within target "
        "(old orders also leave the window, so check Account Health)."
    ]


# --- the summary ---------------------------------------------------------------------------------


def summary_of(case: Case) -> str:
    return render_sections(case, today=TODAY)["summary"].removeprefix("## Summary\n\n").strip()


def test_summary_says_what_failed_with_the_numbers_and_what_prevents_it():
    summary = summary_of(example_case("order_defect_rate"))
    assert summary == (
        "Your notice of August 3, 2026 reported our Order Defect Rate at 2.13% (35 of 1,642 orders), above "
        "Amazon's target of under 1%. The causes were a shipping template that promised faster delivery than our "
        "postal line (19 orders), customer service hours that left US buyers waiting (eight orders), an incoming "
        "inspection that did not test function (six orders) and a return process without a US address or prepaid "
        "labels (two orders). We completed every corrective action between August 4 and 10, 2026, and each cause "
        "is now covered by a preventive measure with an owner and a schedule."
    )


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_summary_counts_no_items_doubles_no_word_and_writes_small_numbers_as_words(name):
    case = example_case(name)
    summary = summary_of(case)
    assert not re.search(r"\b(identified|completed|put) \d+ ", summary)
    assert not re.search(r"\d+ (root causes|corrective actions|preventive measures)", summary)
    assert not re.search(r"\b(\w+) \1\b", summary, re.IGNORECASE), summary
    # Counts under ten are words ("eight orders"), percentages and dates stay numbers.
    assert not re.search(r"\((?:[1-9]) (?:orders?|complaints?|packages?|return requests?)\)", summary)
    assert "set out below" not in summary and "each set out" not in summary
    sentences = [s for s in re.split(r"(?<=[.])\s+(?=[A-Z])", summary) if s]
    assert len(sentences) <= 2 + len(case.reasons)


def test_date_ranges_are_compact_and_lists_joined():
    from poa.plan import prose

    assert prose.date_range(dt.date(2026, 8, 4), dt.date(2026, 8, 12)) == "between August 4 and 12, 2026"
    assert prose.date_range(dt.date(2026, 7, 30), dt.date(2026, 8, 12)) == "between July 30 and August 12, 2026"
    assert (
        prose.date_range(dt.date(2026, 12, 28), dt.date(2027, 1, 3)) == "between December 28, 2026 and January 3, 2027"
    )
    assert prose.date_range(dt.date(2026, 8, 4), dt.date(2026, 8, 4)) == "on August 4, 2026"
    assert prose.date_range(dt.date(2026, 6, 4), dt.date(2026, 6, 12), "day_first") == "between 4 and 12 June 2026"
    assert prose.date_range(dt.date(2026, 5, 30), dt.date(2026, 6, 2), "day_first") == "between 30 May and 2 June 2026"
    assert prose.join_words(["A"]) == "A"
    assert prose.join_words(["A", "B"]) == "A and B"
    assert prose.join_words(["A", "B", "C"]) == "A, B and C"
    assert prose.number_list([1, 2, 3, 4]) == "1 to 4"
    assert prose.number_list([1, 3]) == "1 and 3"
    assert prose.counted(1, "order") == "one order" and prose.counted(19, "order") == "19 orders"
    assert prose.number_words(9) == "nine" and prose.number_words(10) == "10" and prose.number_words(1642) == "1,642"


def test_one_action_and_one_cause_are_said_in_the_singular():
    data = example_data("ip_trademark")
    plan = data["plans"]["ip_trademark"]
    plan["root_causes"] = plan["root_causes"][:1]
    plan["corrective_actions"] = [dict(plan["corrective_actions"][0], addresses=[1])]
    plan["preventive_measures"] = [dict(plan["preventive_measures"][0], addresses=[1])]
    summary = summary_of(Case.model_validate(data))
    assert "The cause was another company's brand name in our title." in summary
    assert "We completed the corrective action on October 21, 2026, and the cause is now covered" in summary


# --- the header block, labels and the closing ----------------------------------------------------


def header_block(document) -> list[str]:
    return [p.text for p in document.paragraphs[1:] if p.style.name == "No Spacing"]


def test_header_block_is_one_paragraph_per_line_with_the_notices_details():
    document = open_docx(example_case("ip_trademark"))
    lines = header_block(document)
    assert lines == [
        "Seller: Kestrel Mobile Accessories LLC",
        "Store name: Kestrel Charge",
        "Merchant token: A3KMA5T8P2LW6R",
        "Marketplace: Amazon.com",
        "Date of notice: October 21, 2026",
        "Reason: Intellectual property complaint (trademark)",
        "ASIN under review: B09ZQ4H2N7",
        "Complaint ID: 9812345671",
        "Rights owner: Lumora Audio Ltd.",
        "Registration number: US Reg. No. 5863214",
        "Date of this plan: October 30, 2026",
    ]
    # No paragraph of line breaks; the label bold by the Strong style.
    first = next(p for p in document.paragraphs if p.style.name == "No Spacing")
    assert not first._p.xpath(".//w:br")
    assert first.runs[0].style.name == "Strong" and first.runs[0].text == "Seller:"
    assert not document.element.body.xpath(".//w:r/w:rPr/w:b")


def test_the_plan_never_calls_the_goods_counterfeit_unless_the_seller_does():
    for name in EXAMPLE_NAMES:
        case = example_case(name)
        # The notice's own words (the policy it names) are quoted as the notice states them.
        policy = f"policy: {case.notice.policy}".lower() if case.notice and case.notice.policy else "\0"
        text = document_text(open_docx(case)).lower().replace(policy, "")
        sellers_words = " ".join(
            str(v) for plan in case.plans.values() for v in plan.model_dump(mode="json").values()
        ).lower()
        for word in ("counterfeit", "fake orders", "incentivized reviews"):
            assert word not in text or word in sellers_words, (name, word)
    header = header_block(open_docx(example_case("inauthentic")))
    assert "Reason: Product authenticity complaints" in header
    assert "Policy: Amazon Anti-Counterfeiting Policy" in header  # the notice's own words, as it states them


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_closing_asks_for_reinstatement_and_signs_as_the_marketplace_does(name):
    case = example_case(name)
    document = open_docx(case)
    texts = [p.text for p in document.paragraphs]
    assert "Closing" not in texts
    # The letter closes, then lists its enclosures: the attachments come after the signature.
    end = texts.index("Attachments")
    ask, signature = texts[end - 2], texts[end - 1]
    if case.reinstate == "listings":
        assert ask == f"We ask that you reinstate our listing of ASIN {case.affected_asins[0]}."
    else:
        assert ask.startswith("We ask that you reinstate our selling privileges on Amazon.")
    sign_off = "Kind regards," if case.marketplace == "amazon.co.uk" else "Sincerely,"
    seller = case.seller
    assert signature.split("\n") == [
        sign_off,
        seller.signer_name,
        seller.signer_role,
        seller.legal_name,
        *([seller.contact_email] if seller.contact_email else []),
    ]
    # The signature on one page, with the sentence before it.
    last, before = document.paragraphs[end - 1], document.paragraphs[end - 2]
    assert last.paragraph_format.keep_together and before.paragraph_format.keep_with_next


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_headings_and_table_introductions_keep_with_next(name):
    document = open_docx(example_case(name))
    for style in ("Heading 1", "Heading 2", "Title"):
        assert document.styles[style].paragraph_format.keep_with_next
    body = list(document.element.body)
    for index, element in enumerate(body):
        if element.tag == f"{W}tbl" and index:
            previous = docx.text.paragraph.Paragraph(body[index - 1], document._body)
            assert previous.paragraph_format.keep_with_next or previous.style.name.startswith("Heading")


# --- language, page and file ---------------------------------------------------------------------


@pytest.mark.parametrize(("name", "language"), [("order_defect_rate", "en-US"), ("late_shipment_rate", "en-GB")])
def test_language_tag_follows_the_marketplace(name, language):
    document = open_docx(example_case(name))
    lang = document.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert lang.get(f"{W}val") == language and lang.get(f"{W}eastAsia") == "zh-CN"


def test_british_english_on_amazon_co_uk():
    markdown = render_markdown(example_case("late_shipment_rate"), today=TODAY)
    assert "Late Dispatch Rate" in markdown and "Pre-fulfilment Cancel Rate" in markdown
    assert "Late Shipment Rate" not in markdown and "Pre-fulfillment" not in markdown
    assert "Kind regards," in markdown
    us = render_markdown(example_case("order_defect_rate"), today=TODAY)
    assert "Sincerely," in us


def test_page_setup_follows_the_marketplace():
    us = open_docx(example_case("order_defect_rate")).sections[0]
    assert round(us.page_width.inches, 2) == 8.5 and round(us.page_height.inches, 2) == 11
    uk = open_docx(example_case("late_shipment_rate")).sections[0]
    assert round(uk.page_width.cm, 1) == 21.0 and round(uk.page_height.cm, 1) == 29.7


def test_document_properties_without_internal_ids_at_the_plan_date():
    case = example_case("inauthentic")
    properties = open_docx(case).core_properties
    assert properties.subject == "Plan of Action: Product authenticity complaints, Amazon.com"
    assert properties.keywords == "Product authenticity complaints, B08KTZ8249, B07PXGQC1Q"
    assert "inauthentic" not in properties.keywords and "((" not in properties.subject
    assert properties.created.date() == properties.modified.date() == case.plan_date


def test_header_footer_and_east_asian_font():
    case = example_case("order_defect_rate")
    document = open_docx(case)
    section = document.sections[0]
    assert case.seller.legal_name in "\n".join(p.text for p in section.header.paragraphs)
    footer_xml = section.footer._element.xml
    assert "PAGE" in footer_xml and "NUMPAGES" in footer_xml
    defaults = document.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    assert defaults.get(f"{W}eastAsia") == "Microsoft YaHei"


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
    typed = "1. *Stars* and [links] | pipes # hashes <b>tags</b> &amp; {{ not_a_variable }}"
    plan["root_causes"][0]["text"] = typed
    case = Case.model_validate(data)
    text = document_text(open_docx(case))
    assert typed + "." in text
    txt = outputs.render(case, "txt", today=TODAY).decode()
    assert typed in txt


def test_sections_render_on_their_own():
    sections = render_sections(example_case("inauthentic"), today=TODAY)
    assert list(sections) == [
        "header",
        "summary",
        "root_causes",
        "corrective_actions",
        "preventive_measures",
        "closing",
        "evidence",
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
