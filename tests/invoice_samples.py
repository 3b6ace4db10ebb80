"""Supplier invoices made for the tests, as a supplier would send them: PDF, Word and Excel files."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

SUPPLIER = [
    "Eastline Distribution Inc.",
    "400 Raritan Center Parkway",
    "Edison, NJ 08837",
    "Tel: +1 732-555-0148",
    "Email: orders@eastlinedist.com",
    "www.eastlinedist.com",
]
BUYER = ["Northgate Supply LLC", "2150 Westbelt Drive, Suite 110", "Columbus, OH 43228"]
HEADER = ["ASIN", "SKU", "Description", "Qty", "Unit price", "Amount"]
LINES = [
    ["B08KTZ8249", "VD-SB200-WH", "Veridan SonicBrush 200, white", "240", "24.50", "5,880.00"],
    ["B07PXGQC1Q", "VD-RH4-WH", "Veridan brush heads, 4-pack", "1,120", "6.10", "6,832.00"],
]


@dataclass
class Sample:
    title: str = "INVOICE"
    number: str = "EDI-2026-04417"
    date: str = "April 8, 2026"
    supplier: list[str] = field(default_factory=lambda: list(SUPPLIER))
    buyer: list[str] = field(default_factory=lambda: list(BUYER))
    lines: list[list[str]] = field(default_factory=lambda: [list(line) for line in LINES])


def pdf_bytes(sample: Sample) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(format="letter")
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    for line in sample.supplier:
        pdf.cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 8, sample.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)
    pdf.cell(0, 5, f"Invoice No.: {sample.number}", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 5, f"Invoice Date: {sample.date}", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 5, "Payment terms: Net 30", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.cell(0, 5, "Bill To:", new_x="LMARGIN", new_y="NEXT")
    for line in sample.buyer:
        pdf.cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    widths = (26, 28, 70, 16, 22, 28)
    for row in [HEADER, *sample.lines]:
        for width, cell in zip(widths, row, strict=True):
            pdf.cell(width, 6, cell, border=1)
        pdf.ln(6)
    pdf.cell(0, 6, "Total: 12,712.00 USD", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def docx_bytes(sample: Sample) -> bytes:
    import docx

    document = docx.Document()
    for line in sample.supplier:
        document.add_paragraph(line)
    document.add_heading(sample.title, level=1)
    meta = document.add_table(rows=2, cols=2)
    for row, (label, value) in zip(meta.rows, (("Invoice Number", sample.number), ("Date", sample.date)), strict=True):
        row.cells[0].text, row.cells[1].text = label, value
    document.add_paragraph("Sold To:")
    for line in sample.buyer:
        document.add_paragraph(line)
    table = document.add_table(rows=1 + len(sample.lines), cols=len(HEADER))
    for row, values in zip(table.rows, [HEADER, *sample.lines], strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    document.add_paragraph("Total: 12,712.00 USD")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_bytes(sample: Sample) -> bytes:
    import datetime as dt

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Invoice"
    for line in sample.supplier:
        sheet.append([line])
    sheet.append([])
    sheet.append([sample.title])
    sheet.append(["Invoice #", sample.number])
    # Excel keeps a date as a date: the reader gets it as one.
    sheet.append(["Invoice Date", dt.datetime.strptime(sample.date, "%B %d, %Y")])
    sheet.append([])
    sheet.append(["Customer"])
    for line in sample.buyer:
        sheet.append([line])
    sheet.append([])
    sheet.append(HEADER)
    for line in sample.lines:
        sheet.append([*line[:3], int(line[3].replace(",", "")), float(line[4]), float(line[5].replace(",", ""))])
    sheet.append(["", "", "", "", "Total", 12712.0])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def scanned_pdf_bytes() -> bytes:
    """A PDF holding only a picture of a page, as a scanner makes it."""
    import img2pdf
    from PIL import Image

    image = Image.new("RGB", (850, 1100), "white")
    out = io.BytesIO()
    image.save(out, "PNG")
    return img2pdf.convert(out.getvalue())
