"""The plan as PDF, and the bundle: asserted file by file and page by page."""

from __future__ import annotations

import io
import shutil
import zipfile

import docx
import pytest
from helpers import assert_one_line_error, example_data, write_yaml
from invoice_samples import Sample, pdf_bytes
from PIL import Image
from pypdf import PdfReader

from poa.plan import pdf as pdf_module

needs_libreoffice = pytest.mark.skipif(not shutil.which("soffice"), reason="needs LibreOffice")

# The inauthentic example's documents, in the order its actions cite them (the order it lists them).
ATTACHMENT_NAMES = [
    "Attachment 1 - Removal orders for 214 units; the five refunds - 2026-09-15.pdf",
    "Attachment 2 - Eastline invoice EDI-2026-04417, 240 of B08KTZ8249 and 120 - 2026-04-08.pdf",
    "Attachment 3 - Eastline invoice EDI-2026-06982, 180 of B08KTZ8249 and 60 - 2026-07-02.pdf",
    "Attachment 4 - Veridan's letter naming Eastline its US distributor - 2026-01-12.png",
    "Attachment 5 - Supplier approval procedure, with Eastline's approval record - 2026-09-17.docx",
    "Attachment 6 - FBA inventory page with Amazon barcodes on both ASINs - 2026-09-18.jpg",
    "Attachment 7 - Certificate of destruction for the 58 units - 2026-09-25.pdf",
]
SOURCES = [
    "removals.pdf",
    "invoice-4417.pdf",
    "invoices/invoice-6982.pdf",
    "loa.png",
    "procedure.docx",
    "barcodes.jpg",
    "destruction.pdf",
]


def page_text(page) -> str:
    return " ".join((page.extract_text() or "").split())


def image_sizes(page) -> list[tuple[int, int]]:
    return [(image.image.width, image.image.height) for image in page.images]


def text_pdf(text: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(format="letter")
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.cell(0, 6, text)
    return bytes(pdf.output())


@pytest.fixture
def case_with_files(tmp_path):
    """The inauthentic example, each document with a file beside the case (one in a subfolder)."""
    (tmp_path / "invoices").mkdir()
    (tmp_path / SOURCES[0]).write_bytes(text_pdf("Removal orders: 214 units removed from FBA."))
    (tmp_path / SOURCES[1]).write_bytes(pdf_bytes(Sample()))
    (tmp_path / SOURCES[2]).write_bytes(pdf_bytes(Sample(number="EDI-2026-06982", date="July 2, 2026")))
    Image.new("RGBA", (1200, 800), (0, 128, 255, 200)).save(tmp_path / SOURCES[3])  # a screenshot, landscape
    document = docx.Document()
    document.add_paragraph("Supplier approval procedure: Eastline approved on 2026-09-17.")
    document.save(tmp_path / SOURCES[4])
    Image.new("RGB", (600, 900), (200, 50, 50)).save(tmp_path / SOURCES[5], quality=90)
    (tmp_path / SOURCES[6]).write_bytes(text_pdf("Certificate of destruction: 58 units destroyed by Clearway."))
    data = example_data("inauthentic")
    for item, source in zip(data["plans"]["inauthentic"]["evidence"], SOURCES, strict=True):
        item["file"] = source
    return write_yaml(tmp_path / "case.yaml", data), data


def case_files(folder) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


@needs_libreoffice
@pytest.mark.timeout(300)
def test_the_bundle_file_by_file_and_page_by_page(tmp_path, case_with_files, run_cli):
    case_path, data = case_with_files
    result = run_cli("bundle", str(case_path), "-o", str(tmp_path / "bundle"))
    assert result.code == 0, result.err
    assert "7 attachments" in result.out
    files = case_files(tmp_path / "bundle")
    assert sorted(files) == sorted(
        [
            *ATTACHMENT_NAMES,
            "Index.txt",
            "Plan of Action.docx",
            "Plan of Action.pdf",
            "Plan of Action with attachments.pdf",
        ]
    )
    # The attachments, byte for byte.
    for name, source in zip(ATTACHMENT_NAMES, SOURCES, strict=True):
        assert files[name] == (tmp_path / source).read_bytes(), name
    # The plan, as a Word document and as PDF.
    plan = docx.Document(io.BytesIO(files["Plan of Action.docx"]))
    assert plan.paragraphs[0].text == "Plan of Action"
    plan_pdf = PdfReader(io.BytesIO(files["Plan of Action.pdf"]))
    plan_pages = len(plan_pdf.pages)
    assert "Northgate Supply LLC" in page_text(plan_pdf.pages[0])
    # The combined PDF: the plan's pages, then one page for each attachment, in citation order.
    combined = PdfReader(io.BytesIO(files["Plan of Action with attachments.pdf"]))
    pages = combined.pages
    assert len(pages) == plan_pages + 7
    for index in range(plan_pages):
        assert page_text(pages[index]) == page_text(plan_pdf.pages[index])
    assert "Removal orders: 214 units removed" in page_text(pages[plan_pages])
    assert "Invoice No.: EDI-2026-04417" in page_text(pages[plan_pages + 1])
    assert "Invoice No.: EDI-2026-06982" in page_text(pages[plan_pages + 2])
    landscape, portrait = pages[plan_pages + 3], pages[plan_pages + 5]
    assert image_sizes(landscape) == [(1200, 800)] and landscape.mediabox.width > landscape.mediabox.height
    assert "Supplier approval procedure: Eastline approved" in page_text(pages[plan_pages + 4])
    assert image_sizes(portrait) == [(600, 900)] and portrait.mediabox.width < portrait.mediabox.height
    assert "Certificate of destruction: 58 units destroyed" in page_text(pages[plan_pages + 6])
    assert [item.title for item in combined.outline] == [
        "Plan of Action",
        *(n.rsplit(".", 1)[0] for n in ATTACHMENT_NAMES),
    ]
    # The index: every attachment in order, with its pages in the combined PDF.
    index = files["Index.txt"].decode("utf-8")
    positions = [index.index(name) for name in ATTACHMENT_NAMES]
    assert positions == sorted(positions)
    assert f"(pages 1-{plan_pages})" in index
    assert f"page {plan_pages + 1} of the combined PDF" in index
    assert data["plans"]["inauthentic"]["evidence"][0]["name"] in index

    # The same bundle as a .zip file.
    result = run_cli("bundle", str(case_path), "-o", str(tmp_path / "bundle.zip"))
    assert result.code == 0, result.err
    with zipfile.ZipFile(tmp_path / "bundle.zip") as archive:
        assert sorted(archive.namelist()) == sorted(files)
        for name in ATTACHMENT_NAMES:
            assert archive.read(name) == files[name]
    assert_one_line_error(run_cli("bundle", str(case_path), "-o", str(tmp_path / "bundle.zip")), "--force")


def test_a_missing_attachment_stops_the_bundle_and_nothing_is_left(tmp_path, case_with_files, run_cli):
    case_path, _ = case_with_files
    (tmp_path / SOURCES[5]).unlink()
    result = run_cli("bundle", str(case_path), "-o", str(tmp_path / "bundle"))
    assert_one_line_error(result, "attachment 6", "barcodes.jpg", "no such file")
    assert not (tmp_path / "bundle").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".bundle")]


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        (lambda item, folder: item.pop("file"), "no file: given"),
        (lambda item, folder: item.update(file="sales.xlsx"), "not '.xlsx'"),
        (lambda item, folder: (folder / "loa.png").write_bytes(b"%PDF-1.4 not an image"), "is not the .png file"),
        (lambda item, folder: (folder / "loa.png").write_bytes(b"\x89PNG\r\n\x1a\nbroken"), "cannot be read"),
        (lambda item, folder: (folder / "scan.pdf").mkdir() or item.update(file="scan.pdf"), "is a directory"),
    ],
    ids=["no-file", "unsupported", "wrong-content", "damaged-image", "folder"],
)
def test_an_unusable_attachment_gets_one_line_naming_it(tmp_path, case_with_files, run_cli, change, needle):
    case_path, data = case_with_files
    change(data["plans"]["inauthentic"]["evidence"][3], tmp_path)  # the letter of authorization, loa.png
    write_yaml(case_path, data)
    result = run_cli("bundle", str(case_path), "-o", str(tmp_path / "out.zip"))
    assert_one_line_error(result, "attachment 4", needle)
    assert not (tmp_path / "out.zip").exists()


def test_a_damaged_pdf_attachment_gets_one_line(tmp_path, case_with_files, run_cli):
    case_path, _ = case_with_files
    (tmp_path / SOURCES[0]).write_bytes(b"%PDF-1.7\nthis is not really a PDF")
    assert_one_line_error(
        run_cli("bundle", str(case_path), "-o", str(tmp_path / "b")), "attachment 1", "cannot be read"
    )


def test_a_folder_that_is_not_empty_is_refused_before_any_work(tmp_path, case_with_files, run_cli):
    case_path, _ = case_with_files
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "notes.txt").write_text("mine")
    assert_one_line_error(run_cli("bundle", str(case_path), "-o", str(tmp_path / "full")), "not empty")
    assert case_files(tmp_path / "full") == {"notes.txt": b"mine"}


def test_without_libreoffice_one_line_names_the_package(tmp_path, case_with_files, run_cli, monkeypatch):
    case_path, _ = case_with_files
    monkeypatch.setattr(pdf_module, "find_soffice", lambda: None)
    for args in (("bundle", str(case_path), "-o", str(tmp_path / "b")), ("render", str(case_path), "-o", "p.pdf")):
        result = run_cli(*args)
        assert_one_line_error(result, "LibreOffice", "libreoffice-writer-nogui")
    assert not (tmp_path / "b").exists() and not (tmp_path / "p.pdf").exists()


@needs_libreoffice
@pytest.mark.timeout(300)
def test_render_writes_the_plan_as_pdf(tmp_path, run_cli):
    case_path = write_yaml(tmp_path / "case.yaml", example_data("ip_trademark"))
    result = run_cli("render", str(case_path), "-o", str(tmp_path / "plan.pdf"))
    assert result.code == 0, result.err
    reader = PdfReader(tmp_path / "plan.pdf")
    first = page_text(reader.pages[0])
    assert "Plan of Action" in first and "Kestrel Mobile Accessories LLC" in first
    assert f"Page {len(reader.pages)} of {len(reader.pages)}" in page_text(reader.pages[-1])
    assert_one_line_error(run_cli("render", str(case_path), "--format", "pdf"), "cannot be printed", "-o plan.pdf")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "Eastline invoice EDI-2026-06982, 180 of B08KTZ8249 and 60 of B0CH4QJ7NM, stamped",
            "Attachment 3 - Eastline invoice EDI-2026-06982, 180 of B08KTZ8249 and 60.pdf",
        ),
        (
            "Letter from the brand owner confirming our authorisation for the whole of the catalogue",
            "Attachment 3 - Letter from the brand owner confirming our authorisation.pdf",
        ),
        ("Short name", "Attachment 3 - Short name.pdf"),
    ],
)
def test_a_shortened_document_name_never_ends_on_a_dangling_word(name, expected):
    from poa.case.model import Evidence
    from poa.plan.attachments import Attachment
    from poa.plan.bundle import attachment_file_name

    evidence = Evidence(name=name, kind="other")
    assert attachment_file_name(Attachment(3, "counterfeit", evidence), ".PDF") == expected
