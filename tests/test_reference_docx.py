"""`poa render --reference-docx FILE`: the seller's own styles, page set-up and letterhead."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile

import docx
import pytest
from docx.shared import Cm, Pt, RGBColor
from helpers import assert_one_line_error, example_data, run_process, write_yaml


@pytest.fixture
def case_file(tmp_path):
    return write_yaml(tmp_path / "case.yaml", example_data("inauthentic"))


def letterhead(path, *, keep_styles: bool = True):
    """A reference document as a seller would make one: a letterhead, A5-ish margins, its own fonts."""
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(3)
    section.header.paragraphs[0].text = "NORTHGATE SUPPLY LLC · 12 Harbor Road, Edison, NJ"
    document.styles["Normal"].font.name = "Georgia"
    document.styles["Heading 1"].font.color.rgb = RGBColor(0x80, 0x00, 0x00)
    document.styles["Heading 1"].font.size = Pt(15)
    document.add_paragraph("This text belongs to the reference and must not reach the plan.")
    if not keep_styles:  # a writer that leaves out the styles it does not use
        styles = document.styles.element
        for style in list(styles):
            if style.get(docx.oxml.ns.qn("w:styleId")) in ("ListNumber", "Strong", "NoSpacing", "LightGrid-Accent1"):
                styles.remove(style)
    document.save(str(path))
    return path


def test_the_plan_takes_the_references_styles_page_and_letterhead(tmp_path, case_file):
    reference = letterhead(tmp_path / "letterhead.docx")
    result = run_process(
        "render", str(case_file), "-o", str(tmp_path / "plan.docx"), "--reference-docx", str(reference)
    )
    assert result.code == 0, result.err
    plan = docx.Document(str(tmp_path / "plan.docx"))
    section = plan.sections[0]
    # A4 and 3 cm margins from the reference, although amazon.com plans are Letter by default.
    assert round(section.page_width.cm, 1) == 21.0 and round(section.left_margin.cm, 1) == 3.0
    assert [p.text for p in section.header.paragraphs] == ["NORTHGATE SUPPLY LLC · 12 Harbor Road, Edison, NJ"]
    assert plan.styles["Heading 1"].font.color.rgb == RGBColor(0x80, 0x00, 0x00)
    assert plan.styles["Normal"].font.name == "Georgia"
    texts = [p.text for p in plan.paragraphs]
    assert "This text belongs to the reference and must not reach the plan." not in texts
    assert texts[0] == "Plan of Action" and plan.paragraphs[0].style.name == "Title"
    # The plan's own needs still hold: numbered lists, language tags, properties.
    assert any(p.style.name == "List Number" for p in plan.paragraphs)
    assert plan.core_properties.subject == "Plan of Action: Product authenticity complaints, Amazon.com"
    lang = plan.styles.element.xpath("./w:docDefaults/w:rPrDefault/w:rPr/w:lang/@w:eastAsia")
    assert lang == ["zh-CN"]


def test_styles_the_reference_lacks_come_from_the_template(tmp_path, case_file):
    reference = letterhead(tmp_path / "letterhead.docx", keep_styles=False)
    result = run_process(
        "render", str(case_file), "-o", str(tmp_path / "plan.docx"), "--reference-docx", str(reference)
    )
    assert result.code == 0, result.err
    plan = docx.Document(str(tmp_path / "plan.docx"))
    names = {p.style.name for p in plan.paragraphs}
    assert {"List Number", "No Spacing"} <= names
    # Numbered lists still count 1, 2, 3 from a numbering definition that exists.
    numbering = plan.part.numbering_part.element
    for paragraph in plan.paragraphs:
        if paragraph.style.name == "List Number":
            num_id = paragraph._p.pPr.numPr.numId.val
            assert numbering.xpath(f'./w:num[@w:numId="{num_id}"]')
    assert plan.tables[-1].style.name == "Light Grid Accent 1"


@pytest.mark.skipif(not shutil.which("soffice"), reason="needs LibreOffice")
def test_a_reference_saved_by_libreoffice_works(tmp_path, case_file):
    text = tmp_path / "letterhead.txt"
    text.write_text("Letterhead\n", encoding="utf-8")
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(tmp_path),
            str(text),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    result = run_process(
        "render",
        str(case_file),
        "-o",
        str(tmp_path / "plan.docx"),
        "--reference-docx",
        str(tmp_path / "letterhead.docx"),
    )
    assert result.code == 0, result.err
    plan = docx.Document(str(tmp_path / "plan.docx"))
    assert all(p.style is not None for p in plan.paragraphs)  # Normal is the default style again
    assert any(p.style.name == "List Number" for p in plan.paragraphs)


def broken_zip(path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<not xml")
    path.write_bytes(buffer.getvalue())


@pytest.mark.parametrize(
    ("make", "name", "needle"),
    [
        (lambda p: p.write_text("plain text", encoding="utf-8"), "notes.docx", "not a Word document poa can use"),
        (broken_zip, "broken.docx", "not a Word document poa can use"),
        (lambda p: p.write_bytes(b""), "empty.docx", "not a Word document poa can use"),
        (lambda p: p.write_text("x", encoding="utf-8"), "style.dotx", "a reference document is a Word .docx file"),
        (lambda p: None, "missing.docx", "no such file"),
    ],
)
def test_a_broken_or_non_docx_reference_is_one_line_and_exit_2(tmp_path, case_file, make, name, needle):
    reference = tmp_path / name
    make(reference)
    plan = tmp_path / "plan.docx"
    result = run_process("render", str(case_file), "-o", str(plan), "--reference-docx", str(reference))
    assert_one_line_error(result, needle)
    assert not plan.exists()


def test_a_reference_is_only_for_word_plans(tmp_path, case_file):
    reference = letterhead(tmp_path / "letterhead.docx")
    result = run_process("render", str(case_file), "-o", str(tmp_path / "plan.md"), "--reference-docx", str(reference))
    assert_one_line_error(result, "--reference-docx sets the look of a Word plan")
