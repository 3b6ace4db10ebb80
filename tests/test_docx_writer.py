"""The .docx writer: each test reopens the saved bytes with python-docx and checks what Word would show."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from datetime import date, datetime, timezone
from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from poa.plan.docx import DocumentInfo, docx_bytes

INFO = DocumentInfo(
    title="Plan of Action",
    author="Li Wei",
    subject="Plan of Action: Order Defect Rate (Amazon.com)",
    header_text="深圳市明亮科技有限公司",
    paper="a4",
    keywords="ODR, reinstatement",
    east_asian_font="SimSun",
)

NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}

SAMPLE = """\
# Plan of Action: Order Defect Rate

Thank you for reviewing **our account**. We explain *what happened*.

## Root cause

1. Our carrier missed the pickup window.
2. We did not check **late shipment** daily.

## Corrective actions

1. We refunded every affected buyer.
2. We changed carrier:
   - pickup confirmed daily
   - tracking uploaded within 2 hours

### Affected orders

| Order ID | Date | Refunded |
|:---|:---:|---:|
| 114-1234567-1234567 | 2024-03-01 | $24.99 |
| 114-7654321-7654321 | 2024-03-02 | **$31.50** |

- A second person checks the metrics every morning.
"""


def build(markdown: str, info: DocumentInfo = INFO) -> Document:
    """The document as Word would open it: saved to bytes and read back."""
    return docx.Document(io.BytesIO(docx_bytes(markdown, info)))


def styles_of(document: Document) -> list[tuple[str, str]]:
    return [(paragraph.style.name, paragraph.text) for paragraph in document.paragraphs]


def num_id(paragraph) -> int | None:
    ids = paragraph._p.xpath("./w:pPr/w:numPr/w:numId/@w:val")
    return int(ids[0]) if ids else None


def numbering_of(document: Document) -> etree._Element:
    return document.part.numbering_part.element


# --- headings and paragraphs ---------------------------------------------------------------------


def test_document_starts_with_the_title_and_headings_use_builtin_styles() -> None:
    document = build("# The Title\n\n## Section\n\n### Sub\n\n#### Deeper\n\n##### Deepest\n\nBody.\n")
    assert styles_of(document) == [
        ("Title", "The Title"),
        ("Heading 1", "Section"),
        ("Heading 2", "Sub"),
        ("Heading 3", "Deeper"),
        ("Heading 3", "Deepest"),
        ("Normal", "Body."),
    ]


def test_bold_italic_and_nested_emphasis_come_from_styles() -> None:
    document = build("Plain **bold *both*** and *italic*.\n")
    runs = [(run.text, run.style.name, bool(run.italic)) for run in document.paragraphs[0].runs]
    assert runs == [
        ("Plain ", "Default Paragraph Font", False),
        ("bold ", "Strong", False),
        ("both", "Strong", True),  # one character style per run: italics on top of Strong
        (" and ", "Default Paragraph Font", False),
        ("italic", "Emphasis", False),
        (".", "Default Paragraph Font", False),
    ]
    # Bold is never direct formatting: the Strong style carries it.
    assert not document.element.body.xpath(".//w:r/w:rPr/w:b")
    assert document.styles["Strong"].font.bold


def test_soft_and_hard_breaks() -> None:
    document = build("one\ntwo\n\nthree  \nfour\\\nfive\n")
    assert [paragraph.text for paragraph in document.paragraphs] == ["one two", "three\nfour\nfive"]
    assert len(document.paragraphs[1]._p.xpath(".//w:br")) == 2


def test_backslash_escapes_come_out_literally() -> None:
    document = build("\\*not bold\\* and \\_not italic\\_\n\n1\\. Not a list item\n")
    first, second = document.paragraphs
    assert first.text == "*not bold* and _not italic_"
    assert not any(run.bold or run.italic for run in first.runs)
    assert (second.style.name, second.text) == ("Normal", "1. Not a list item")


def test_links_code_and_html_are_plain_text() -> None:
    document = build("See [the policy](https://example.com) and `code` and <b>tag</b>.\n\n<div>raw</div>\n")
    assert [paragraph.text for paragraph in document.paragraphs] == [
        "See the policy and code and <b>tag</b>.",
        "<div>raw</div>",
    ]
    hyperlink_rels = [rel for rel in document.part.rels.values() if rel.reltype.endswith("/hyperlink")]
    assert hyperlink_rels == []


def test_other_blocks_do_not_crash_and_keep_their_text() -> None:
    markdown = "```\ncode line 1\ncode line 2\n```\n\n> quoted\n\n---\n\n    indented code\n"
    document = build(markdown)
    texts = [paragraph.text for paragraph in document.paragraphs]
    assert texts == ["code line 1\ncode line 2", "quoted", "", "indented code"]
    assert document.paragraphs[1].paragraph_format.left_indent is not None


def test_empty_markdown_still_gives_a_valid_document() -> None:
    document = build("")
    assert len(document.paragraphs) == 1


def test_chinese_text_survives() -> None:
    table = "| 名称 | 城市 |\n|---|---|\n| 张伟 | 深圳 |\n"
    document = build(f"# 行动计划\n\n卖家：深圳市明亮科技有限公司\n\n{table}")
    assert document.paragraphs[0].text == "行动计划"
    assert document.paragraphs[1].text == "卖家：深圳市明亮科技有限公司"
    assert document.tables[0].cell(1, 0).text == "张伟"
    assert document.sections[0].header.paragraphs[0].text == "深圳市明亮科技有限公司"


# --- lists ------------------------------------------------------------------------------------------


def test_each_ordered_list_restarts_at_one() -> None:
    document = build("1. a\n2. b\n\nBetween.\n\n1. c\n2. d\n")
    a, b, _, c, d = document.paragraphs
    assert {a.style.name, b.style.name, c.style.name, d.style.name} == {"List Number"}
    assert num_id(a) == num_id(b)
    assert num_id(c) == num_id(d)
    assert num_id(a) != num_id(c)
    numbering = numbering_of(document)
    for paragraph in (a, c):
        num = numbering.num_having_numId(num_id(paragraph))
        assert num.xpath("./w:lvlOverride[@w:ilvl='0']/w:startOverride/@w:val") == ["1"]
    # Both instances count with the List Number style's own list definition.
    style_num = document.styles["List Number"].element.pPr.numPr.numId.val
    style_abstract = numbering.num_having_numId(style_num).abstractNumId.val
    assert numbering.num_having_numId(num_id(a)).abstractNumId.val == style_abstract
    assert numbering.num_having_numId(num_id(c)).abstractNumId.val == style_abstract


def test_ordered_list_start_number_is_kept() -> None:
    document = build("5. five\n6. six\n")
    num = numbering_of(document).num_having_numId(num_id(document.paragraphs[0]))
    assert num.xpath("./w:lvlOverride/w:startOverride/@w:val") == ["5"]


def test_bullets_and_nested_lists_use_level_styles() -> None:
    markdown = "- top\n  1. inner one\n  2. inner two\n     - deepest\n- next\n"
    document = build(markdown)
    assert styles_of(document) == [
        ("List Bullet", "top"),
        ("List Number 2", "inner one"),
        ("List Number 2", "inner two"),
        ("List Bullet 2", "deepest"),
        ("List Bullet", "next"),
    ]
    assert num_id(document.paragraphs[0]) is None  # bullets keep the style's own numbering
    assert num_id(document.paragraphs[1]) is not None


def test_nested_ordered_lists_restart_per_list() -> None:
    document = build("1. A\n   1. a1\n   2. a2\n2. B\n   1. b1\n")
    _, a1, a2, _, b1 = document.paragraphs
    assert num_id(a1) == num_id(a2) != num_id(b1)
    assert document.paragraphs[0].style.name == "List Number"
    assert num_id(document.paragraphs[0]) == num_id(document.paragraphs[3])


def test_list_item_with_several_paragraphs_continues_indented() -> None:
    document = build("1. First paragraph.\n\n   Second paragraph.\n\n2. Next.\n")
    first, continuation, second = document.paragraphs
    assert (first.style.name, num_id(first) is not None) == ("List Number", True)
    assert continuation.style.name == "List Continue"
    assert num_id(continuation) is None
    assert num_id(second) == num_id(first)


# --- tables -----------------------------------------------------------------------------------------


def test_table_cells_header_and_alignment() -> None:
    document = build(SAMPLE)
    table = document.tables[0]
    assert table.style.name == "Light Grid Accent 1"
    assert [[cell.text for cell in row.cells] for row in table.rows] == [
        ["Order ID", "Date", "Refunded"],
        ["114-1234567-1234567", "2024-03-01", "$24.99"],
        ["114-7654321-7654321", "2024-03-02", "$31.50"],
    ]
    header = table.rows[0]
    # The header row is bold by the table style's first-row formatting, switched on in w:tblLook.
    assert not any(run.bold for cell in header.cells for run in cell.paragraphs[0].runs)
    assert table._tbl.tblPr.xpath("./w:tblLook/@w:firstRow") == ["1"]
    assert table.style.element.xpath('./w:tblStylePr[@w:type="firstRow"]/w:rPr/w:b')
    assert header._tr.xpath("./w:trPr/w:tblHeader")
    assert not table.rows[1]._tr.xpath("./w:trPr/w:tblHeader")
    assert [cell.paragraphs[0].alignment for cell in table.rows[1].cells] == [
        WD_ALIGN_PARAGRAPH.LEFT,
        WD_ALIGN_PARAGRAPH.CENTER,
        WD_ALIGN_PARAGRAPH.RIGHT,
    ]
    body_runs = table.cell(1, 2).paragraphs[0].runs + table.cell(2, 2).paragraphs[0].runs
    assert [run.style.name for run in body_runs] == ["Default Paragraph Font", "Strong"]


def test_table_columns_fill_the_text_width_by_content() -> None:
    document = build(SAMPLE)
    section = document.sections[0]
    text_width = section.page_width - section.left_margin - section.right_margin
    widths = [column.width for column in document.tables[0].columns]
    assert abs(sum(widths) - text_width) < 20 * 635  # within 20 twips of rounding
    assert widths[0] > widths[2]  # the long order ids get the widest column


def test_long_text_column_does_not_squeeze_short_columns() -> None:
    prose = "The buyer received a damaged item and we refunded the order in full. " * 3
    document = build(f"| Date | What happened | Amount |\n|---|---|--:|\n| 2024-03-01 | {prose} | $12.00 |\n")
    date, what, amount = (column.width for column in document.tables[0].columns)
    assert date.cm > 2.2  # ten characters and the cell margins stay on one line
    assert amount.cm > 1.8
    section = document.sections[0]
    rest = section.page_width - section.left_margin - section.right_margin - date - amount
    assert abs(what - rest) < 3 * 635  # the prose column takes the rest (widths are stored in twips)


def test_adjacent_tables_are_kept_apart() -> None:
    document = build("| A |\n|---|\n| 1 |\n\n| B |\n|---|\n| 2 |\n")
    body = document.element.body
    kinds = [etree.QName(child).localname for child in body.iterchildren()]
    assert kinds == ["tbl", "p", "tbl", "sectPr"]


# --- page, header, footer, metadata -------------------------------------------------------------------


@pytest.mark.parametrize(("paper", "width_cm", "height_cm"), [("a4", 21.0, 29.7), ("letter", 21.59, 27.94)])
def test_paper_size(paper: str, width_cm: float, height_cm: float) -> None:
    section = build("# T\n", DocumentInfo("T", "A", "S", "H", paper)).sections[0]
    assert round(section.page_width.cm, 2) == width_cm
    assert round(section.page_height.cm, 2) == height_cm
    assert round(section.left_margin.cm, 1) == 2.0


def test_header_shows_the_seller_on_every_page() -> None:
    section = build(SAMPLE).sections[0]
    assert not section.header.is_linked_to_previous
    assert [paragraph.text for paragraph in section.header.paragraphs] == [INFO.header_text]
    assert section.different_first_page_header_footer is False


def test_footer_has_page_x_of_y_fields() -> None:
    footer = build(SAMPLE).sections[0].footer
    paragraph = footer.paragraphs[0]
    assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
    codes = [code.strip() for code in paragraph._p.xpath(".//w:instrText/text()")]
    assert codes == ["PAGE", "NUMPAGES"]
    kinds = paragraph._p.xpath(".//w:fldChar/@w:fldCharType")
    assert kinds == ["begin", "separate", "end"] * 2
    assert paragraph.text.startswith("Page ")
    assert " of " in paragraph.text


def test_core_properties_come_from_the_info() -> None:
    info = DocumentInfo(**{**INFO.__dict__, "date": date(2026, 8, 14)})
    properties = build(SAMPLE, info).core_properties
    assert properties.title == INFO.title
    assert properties.author == INFO.author
    assert properties.last_modified_by == INFO.author
    assert properties.subject == INFO.subject
    assert properties.keywords == INFO.keywords
    assert properties.comments == ""
    assert properties.revision == 1
    # Created and modified on the plan's date, whenever the file is rendered.
    assert properties.created == properties.modified == datetime(2026, 8, 14, 12, tzinfo=timezone.utc)


def test_no_python_docx_template_leftovers() -> None:
    data = docx_bytes(SAMPLE, INFO)
    package = zipfile.ZipFile(io.BytesIO(data))
    names = package.namelist()
    for leftover in ("docProps/thumbnail.jpeg", "word/stylesWithEffects.xml", "customXml/item1.xml"):
        assert leftover not in names
    assert not [name for name in names if name.startswith("customXml/")]
    types = package.read("[Content_Types].xml").decode()
    assert "stylesWithEffects" not in types and "customXml" not in types
    core = package.read("docProps/core.xml").decode()
    assert "python-docx" not in core
    assert "2013-12-23" not in core
    # Our own app.xml: no "Microsoft Macintosh Word" from the template.
    app = package.read("docProps/app.xml").decode()
    assert "<Application>poa</Application>" in app and "Macintosh" not in app
    assert f"<Company>{INFO.author}</Company>" in app


def test_current_word_without_compatibility_mode() -> None:
    settings = etree.fromstring(zipfile.ZipFile(io.BytesIO(docx_bytes(SAMPLE, INFO))).read("word/settings.xml"))
    modes = settings.xpath('//w:compat/w:compatSetting[@w:name="compatibilityMode"]/@w:val', namespaces=NS)
    assert modes == ["15"]
    assert not settings.xpath("//w:compat/w:useFELayout", namespaces=NS)
    assert settings.xpath("//w:themeFontLang/@w:eastAsia", namespaces=NS) == ["zh-CN"]


def test_font_table_names_sans_serif_chinese_fonts_and_no_japanese_ones() -> None:
    fonts = etree.fromstring(zipfile.ZipFile(io.BytesIO(docx_bytes(SAMPLE, INFO))).read("word/fontTable.xml"))
    names = fonts.xpath("//w:font/@w:name", namespaces=NS)
    assert {"Calibri", "Microsoft YaHei", "DengXian", "SimHei"} <= set(names)
    assert not [name for name in names if "明朝" in name or "ゴシック" in name or name.startswith("MS ")]
    charsets = dict(zip(names, fonts.xpath("//w:font/w:charset/@w:val", namespaces=NS), strict=True))
    assert charsets["Microsoft YaHei"] == "86"  # GB2312: Simplified Chinese


@pytest.mark.parametrize(("language", "paper"), [("en-US", "letter"), ("en-GB", "a4")])
def test_language_tags(language: str, paper: str) -> None:
    document = build(SAMPLE, DocumentInfo("T", "A", "S", "H", paper, language=language))
    lang = document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    assert (lang.get(qn("w:val")), lang.get(qn("w:eastAsia"))) == (language, "zh-CN")


def test_overlong_metadata_is_cut_not_fatal() -> None:
    info = DocumentInfo("T" * 300, "A", "S", "H", "letter")
    assert build("x", info).core_properties.title == "T" * 255


# --- fonts -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("font", ["SimSun", "Microsoft YaHei"])
def test_east_asian_font_is_set_in_defaults_and_styles(font: str) -> None:
    info = DocumentInfo("T", "A", "S", "H", "a4", east_asian_font=font)
    document = build(SAMPLE, info)
    styles = document.styles.element
    defaults = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
    assert defaults.get(qn("w:eastAsia")) == font
    names = ["Normal", "Title", "Heading 1", "Heading 2", "Heading 3", "List Number", "List Bullet"]
    for name in [*names, "List Number 2", "List Bullet 2", "Light Grid Accent 1"]:
        for fonts in document.styles[name].element.iter(qn("w:rFonts")):
            assert fonts.get(qn("w:eastAsia")) == font, name
            # A theme font would win over the explicit name.
            assert fonts.get(qn("w:eastAsiaTheme")) is None, name


def test_body_font_and_size() -> None:
    document = build("Text.\n")
    normal = document.styles["Normal"].element
    assert normal.rPr.rFonts.get(qn("w:ascii")) == "Calibri"
    default_size = document.styles.element.xpath("./w:docDefaults/w:rPrDefault/w:rPr/w:sz/@w:val")
    assert default_size == ["22"]  # half-points


# --- robustness ------------------------------------------------------------------------------------

# Characters XML 1.0 cannot hold: the program strips them before text gets here.
_UNSTORABLE = [chr(code) for code in range(32) if chr(code) not in "\t\n"] + ["\ufffe", "\uffff"]
_TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters=_UNSTORABLE), max_size=60)


@settings(max_examples=60, deadline=None)
@given(_TEXT)
def test_any_text_in_paragraph_list_and_table_reopens(text: str) -> None:
    markdown = f"# Title\n\n{text}\n\n1. {text}\n\n- {text}\n\n| Head |\n|---|\n| {text} |\n"
    document = build(markdown, DocumentInfo(text, text, text, text, "a4", keywords=text))
    assert document.paragraphs[0].text == "Title"
    assert document.paragraphs[0].style.name == "Title"


# --- what a user sees --------------------------------------------------------------------------------


def test_rendered_pdf_shows_the_content(tmp_path: Path) -> None:
    soffice = shutil.which("soffice")
    pdftotext = shutil.which("pdftotext")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    if pdftotext is None:
        pytest.skip("pdftotext is not installed")
    source = tmp_path / "plan.docx"
    source.write_bytes(docx_bytes(SAMPLE, INFO))
    # A profile of its own, so a LibreOffice already running elsewhere does not swallow the job.
    profile = f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}"
    subprocess.run(
        [soffice, profile, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True,
        capture_output=True,
        timeout=110,
    )
    text = subprocess.run(
        [pdftotext, "-layout", str(tmp_path / "plan.pdf"), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "Plan of Action: Order Defect Rate" in text
    assert "1. Our carrier missed the pickup window." in text
    assert "2. We did not check late shipment daily." in text
    assert "114-7654321-7654321" in text
    assert "Page 1 of 1" in text
