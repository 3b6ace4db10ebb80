"""A supplier invoice read from its file (text PDF, .docx, .xlsx) into the case's invoice block.

The file comes through the front door as bytes; each format becomes rows of cells with their
horizontal position, and one reader finds the number, date, supplier, buyer and lines in them, the
way a person reads an invoice: by its labels ("Invoice No.", "Bill To") and its table's header row.
What was not found is said, so the seller completes it by hand.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from poa.errors import PoaError, message
from poa.readers.inputs import InputKind, read_bytes

MAX_INVOICE_BYTES = 20_000_000
INVOICE_INPUT = InputKind(
    limit=MAX_INVOICE_BYTES,
    binary_hint=message("hint.invoice_file"),
    encoding_hint=message("hint.invoice_file"),
    folder_hint=message("hint.invoice_folder"),
)
FORMATS = {".pdf": "pdf", ".docx": "docx", ".xlsx": "xlsx"}
_SIGNATURES = {"pdf": b"%PDF", "docx": b"PK\x03\x04", "xlsx": b"PK\x03\x04"}


@dataclass(frozen=True)
class Cell:
    text: str
    start: float  # a column number, or a character offset in a PDF's laid-out line
    end: float

    @property
    def centre(self) -> float:
        return (self.start + self.end) / 2


Row = list[Cell]


@dataclass
class InvoiceReading:
    """The invoice block as read (the case's shape), and what the file did not show."""

    data: dict[str, Any]
    missing: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


# --- files to rows ---------------------------------------------------------------------------------


def read_invoice_file(path: Path) -> InvoiceReading:
    """The invoice in a .pdf, .docx or .xlsx file, or one line saying why it cannot be read."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise PoaError.of("invoice.format", path=path, suffix=path.suffix or message("invoice.no_suffix"))
    data = read_bytes(path, INVOICE_INPUT)
    rows = invoice_rows(data, fmt, str(path))
    if not any(rows):
        if fmt == "pdf":
            raise PoaError.of("invoice.scan", path=path)
        raise PoaError.of("invoice.no_text", path=path)
    return parse_invoice(rows)


def invoice_rows(data: bytes, fmt: str, where: str) -> list[Row]:
    if not data.startswith(_SIGNATURES[fmt]):
        raise PoaError.of("invoice.not_format", path=where, format=fmt)
    readers = {"pdf": _pdf_rows, "docx": _docx_rows, "xlsx": _xlsx_rows}
    try:
        return readers[fmt](data, where)
    except PoaError:
        raise
    except Exception as error:  # each library has its own errors for a damaged file
        raise PoaError.of("invoice.damaged", path=where, format=fmt, problem=type(error).__name__) from None


_CELL_GAP = re.compile(r"\S+(?: \S+)*")  # cells in a laid-out line are two or more spaces apart


def _pdf_rows(data: bytes, where: str) -> list[Row]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted and not reader.decrypt(""):
        raise PoaError.of("invoice.password", path=where)
    rows: list[Row] = []
    for page in reader.pages:
        text = page.extract_text(extraction_mode="layout") or ""
        for line in text.splitlines():
            rows.append([Cell(m[0], m.start(), m.end()) for m in _CELL_GAP.finditer(line.replace("\t", "  "))])
    return rows


def _docx_rows(data: bytes, where: str) -> list[Row]:
    import docx
    from docx.table import Table

    document = docx.Document(io.BytesIO(data))
    rows: list[Row] = []
    for paragraph in document.sections[0].header.paragraphs if document.sections else ():
        rows.append(_text_row(paragraph.text))
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                cells = [cell.text for cell in row.cells]
                rows.append([Cell(_one_line(text), i, i + 1) for i, text in enumerate(cells) if text.strip()])
        else:
            rows.extend(_text_row(line) for line in block.text.split("\n"))
    return rows


def _xlsx_rows(data: bytes, where: str) -> list[Row]:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    rows: list[Row] = []
    try:
        for sheet in book.worksheets:
            for values in sheet.iter_rows(values_only=True):
                rows.append([Cell(_cell_text(v), i, i + 1) for i, v in enumerate(values) if _cell_text(v)])
            rows.append([])
    finally:
        book.close()
    return rows


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return _one_line(str(value))


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _text_row(text: str) -> Row:
    text = _one_line(text)
    return [Cell(text, 0, 1)] if text else []


# --- rows to an invoice ----------------------------------------------------------------------------

_LABEL_END = r"\s*[:：#.]?\s*"
_TITLE = re.compile(
    r"^(?:(?:commercial|tax|sales|final|proforma|pro[ -]?forma)\s+)?invoice|quotation|quote|purchase\s+order|"
    r"(?:sales\s+|cash\s+)?receipt|形式发票|商业发票|销售发票|发票|报价单|收据|采购订单$",
    re.IGNORECASE,
)
_NUMBER_LABEL = re.compile(
    r"^(?:invoice|inv\.?)\s*(?:no\.?|number|num\.?|#)" + _LABEL_END + r"|^(?:发票号码|发票号|发票编号)" + _LABEL_END,
    re.IGNORECASE,
)
_DATE_LABEL = re.compile(
    r"^(?:(invoice date|date of issue|issue date|date issued|开票日期|发票日期)|(date|日期))" + _LABEL_END,
    re.IGNORECASE,
)
_BUYER_LABEL = re.compile(
    r"^(?:bill(?:ed)? to|sold to|invoice to|buyer|customer|purchaser)" + _LABEL_END + r"|^to\s*[:：]\s*"
    r"|^(?:买方|购买方|购货方|购货单位|客户)" + _LABEL_END,
    re.IGNORECASE,
)
_SUPPLIER_LABEL = re.compile(
    r"^(?:seller|supplier|vendor|sold by|issued by|exporter)" + _LABEL_END + r"|^from\s*[:：]\s*"
    r"|^(?:卖方|供应商|销售方|供货方|销货单位)" + _LABEL_END,
    re.IGNORECASE,
)
_OTHER_LABEL = re.compile(
    r"^(?:ship(?:ped)? to|deliver(?:y)? to|payment|terms|due date|order|po\b|p\.o\.|page|收货|付款)", re.IGNORECASE
)
_QTY_HEADER = re.compile(r"^(?:qty|q'ty|quantity|units|pcs|数量)\b", re.IGNORECASE)
_COLUMN_HEADERS = {
    "asin": re.compile(r"^asin\b", re.IGNORECASE),
    "sku": re.compile(r"^(?:sku|item (?:no|code|#)|model|part (?:no|number)|货号|型号)", re.IGNORECASE),
    "description": re.compile(r"^(?:description|item|product|goods|品名|商品|货物|描述)", re.IGNORECASE),
}
_TOTAL = re.compile(r"^(?:sub-?total|total|合计|总计)", re.IGNORECASE)
_ASIN = re.compile(r"(?<![A-Z0-9])B0[A-Z0-9]{8}(?![A-Z0-9])")
_QUANTITY = re.compile(r"^(\d{1,3}(?:,\d{3})+|\d+)(?:\s*(?:pcs|units|ea|sets|件|个))?$", re.IGNORECASE)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_WEBSITE = re.compile(
    r"(?:https?://|www\.)[\w.-]+\.[a-z]{2,}[\w/.-]*|(?<![@\w.-])[a-z0-9-]+(?:\.[a-z0-9-]+)*"
    r"\.(?:com|net|org|biz|info|io|co|cn|hk|tw|jp|de|uk|us|ca|eu)(?![\w@-])",
    re.IGNORECASE,
)
_PHONE_LABEL = re.compile(
    r"(?:tel|phone|telephone|ph|mobile|mob|电话|手机)\.?\s*[:：]?\s*(\+?\d[\d\s().-]{5,}\d)", re.I
)
_PHONE_ALONE = re.compile(r"^\+?\d[\d\s().-]{7,}\d$")
_FAX = re.compile(r"^fax\b|^传真", re.IGNORECASE)
_CONTACT_LABEL = re.compile(r"^(?:e-?mail|web(?:site)?|url|邮箱|网址)\s*[:：]?\s*", re.IGNORECASE)
_SKIPPED_LINE = re.compile(r"^(?:attn|attention|contact|vat|tax id|ein|reg(?:istration)?|税号)\b", re.IGNORECASE)
_MAX_BLOCK_LINES = 7


def parse_invoice(rows: list[Row]) -> InvoiceReading:
    reading = InvoiceReading({})
    data = reading.data
    title_at = _find_title(rows)
    if title_at is not None:
        data["title"] = rows[title_at[0]][title_at[1]].text
    number = _labelled_value(rows, _NUMBER_LABEL)
    if number:
        data["number"] = number.split()[0][:60]
    date_text = _labelled_value(rows, _DATE_LABEL, prefer_group=1)
    if date_text:
        date = parse_invoice_date(date_text)
        if date is None:
            reading.notes.append(f"the date '{date_text}' could not be read for certain; write it as YYYY-MM-DD")
        else:
            data["date"] = date.isoformat()
    supplier_lines = _block(rows, _SUPPLIER_LABEL) or _letterhead(rows, title_at[0] if title_at else None)
    supplier = _party(supplier_lines, contact=True)
    buyer = _party(_block(rows, _BUYER_LABEL), contact=False)
    if supplier:
        data["supplier"] = supplier
    if buyer:
        data["buyer"] = buyer
    lines = _table_lines(rows, reading)
    if lines:
        data["lines"] = lines
    _note_missing(reading)
    return reading


def _find_title(rows: list[Row]) -> tuple[int, int] | None:
    for index, row in enumerate(rows[:25]):
        for position, cell in enumerate(row):
            if _TITLE.fullmatch(cell.text.strip()):
                return index, position
    return None


def _value_after(rows: list[Row], index: int, position: int, match: re.Match[str]) -> str:
    """What a label labels: the rest of its cell, else the next cell of its row, else the next row."""
    rest = rows[index][position].text[match.end() :].strip()
    if rest:
        return rest
    if position + 1 < len(rows[index]):
        return rows[index][position + 1].text
    if index + 1 < len(rows) and rows[index + 1]:
        return _nearest(rows[index + 1], rows[index][position]).text
    return ""


def _labelled_value(rows: list[Row], label: re.Pattern[str], prefer_group: int | None = None) -> str:
    found: list[tuple[bool, str]] = []
    for index, row in enumerate(rows):
        for position, cell in enumerate(row):
            match = label.match(cell.text)
            if match:
                value = _value_after(rows, index, position, match)
                if value:
                    found.append((prefer_group is not None and match.group(prefer_group) is None, value))
    found.sort(key=lambda item: item[0])  # "Invoice Date" before a bare "Date"
    return found[0][1] if found else ""


def _nearest(row: Row, cell: Cell) -> Cell:
    return min(row, key=lambda other: abs(other.centre - cell.centre))


def _is_label(text: str) -> bool:
    return any(
        pattern.match(text)
        for pattern in (_BUYER_LABEL, _SUPPLIER_LABEL, _NUMBER_LABEL, _DATE_LABEL, _OTHER_LABEL, _QTY_HEADER)
    ) or bool(_TITLE.fullmatch(text))


def _block(rows: list[Row], label: re.Pattern[str]) -> list[str]:
    """The lines under (or beside) a label such as "Bill To:", in the label's column."""
    for index, row in enumerate(rows):
        for position, cell in enumerate(row):
            match = label.match(cell.text)
            if not match:
                continue
            lines = [cell.text[match.end() :].strip()] if cell.text[match.end() :].strip() else []
            if not lines and position + 1 < len(row) and len(row) == 2:
                lines.append(row[position + 1].text)  # "Buyer | Northgate Supply LLC"
            for below in rows[index + 1 :]:
                if not below or len(lines) >= _MAX_BLOCK_LINES or _header_columns(below) is not None:
                    break
                here = _nearest(below, cell) if len(row) > 1 else below[0]
                if _is_label(here.text):
                    break
                lines.append(here.text)
            return lines
    return []


def _letterhead(rows: list[Row], title_row: int | None) -> list[str]:
    """An unlabelled supplier: the lines at the top of the invoice, above its title."""
    lines: list[str] = []
    for row in rows[: title_row if title_row else _MAX_BLOCK_LINES]:
        if not row:
            if lines:
                break
            continue
        if _is_label(row[0].text):
            break
        lines.append(row[0].text)
    return lines[:_MAX_BLOCK_LINES]


def _party(lines: list[str], *, contact: bool) -> dict[str, str]:
    """Name, address and (for the supplier) phone, e-mail and website from a block's lines."""
    party: dict[str, str] = {}
    address: list[str] = []
    for line in lines:
        rest = line
        if contact:
            rest = _take_contact(line, party)
        if not rest or _FAX.match(rest) or _SKIPPED_LINE.match(rest):
            continue
        if "name" not in party:
            party["name"] = rest
        else:
            address.append(rest)
    if address:
        party["address"] = ", ".join(address)
    return party


def _take_contact(line: str, party: dict[str, str]) -> str:
    """Phone, e-mail and website found in a line go into the party; what is left of the line is returned."""
    if _FAX.match(line):
        return ""
    rest = line
    email = _EMAIL.search(rest)
    if email:
        party.setdefault("email", email[0])
        rest = rest.replace(email[0], " ")
    phone = _PHONE_LABEL.search(rest)
    if phone:
        party.setdefault("phone", _one_line(phone[1]))
        rest = rest.replace(phone[0], " ")
    elif _PHONE_ALONE.match(rest.strip()):
        party.setdefault("phone", rest.strip())
        rest = ""
    website = _WEBSITE.search(rest)
    if website:
        party.setdefault("website", website[0])
        rest = rest.replace(website[0], " ")
    rest = _CONTACT_LABEL.sub("", _one_line(rest).strip(" ,;|·"))
    return "" if rest != _one_line(line) and not re.search(r"\w{2,}", rest) else rest


def _table_lines(rows: list[Row], reading: InvoiceReading) -> list[dict[str, Any]]:
    from poa.case.model import normalise_asin

    for index, row in enumerate(rows):
        columns = _header_columns(row)
        if columns is None:
            continue
        lines = []
        for number, data_row in enumerate(rows[index + 1 :], 1):
            if not data_row or any(_TOTAL.match(cell.text) for cell in data_row):
                break
            values: dict[str, str] = {}
            for cell in data_row:
                key = min(columns, key=lambda k: abs(columns[k].centre - cell.centre))
                values[key] = f"{values[key]} {cell.text}" if key in values else cell.text
            line: dict[str, Any] = {}
            asin = _ASIN.search(values.get("asin", "")) or _ASIN.search(" ".join(c.text for c in data_row).upper())
            if asin:
                try:
                    line["asin"] = normalise_asin(asin[0])
                except ValueError:
                    reading.notes.append(f"line {number}: '{asin[0]}' is not an ASIN")
            for key in ("sku", "description"):
                if values.get(key):
                    line[key] = values[key]
            quantity = _QUANTITY.match(values.get("quantity", "").strip())
            if quantity is None:
                reading.notes.append(f"line {number}: no quantity found; add quantity: N")
                continue
            line["quantity"] = int(quantity[1].replace(",", ""))
            lines.append(line)
        return lines
    return []


def _header_columns(row: Row) -> dict[str, Cell] | None:
    """A table's header row: a quantity column and one naming the product; where each column is."""
    columns: dict[str, Cell] = {}
    for cell in row:
        if _QTY_HEADER.match(cell.text):
            columns.setdefault("quantity", cell)
            continue
        for key, pattern in _COLUMN_HEADERS.items():
            if key not in columns and pattern.match(cell.text):
                columns[key] = cell
                break
        else:
            columns[f"other {len(columns)}"] = cell  # prices and amounts: kept apart, never read
    if "quantity" in columns and any(key in columns for key in _COLUMN_HEADERS):
        return columns
    return None


_REQUIRED = (
    ("number", ("number",)),
    ("date", ("date",)),
    ("supplier name", ("supplier", "name")),
    ("supplier address", ("supplier", "address")),
    ("supplier phone", ("supplier", "phone")),
    ("supplier website or e-mail", ("supplier", "website"), ("supplier", "email")),
    ("buyer name", ("buyer", "name")),
    ("buyer address", ("buyer", "address")),
    ("lines", ("lines",)),
)


def _note_missing(reading: InvoiceReading) -> None:
    def value(keys: tuple[str, ...]) -> Any:
        node: Any = reading.data
        for key in keys:
            node = node.get(key) if isinstance(node, dict) else None
        return node

    for label, *places in _REQUIRED:
        if not any(value(keys) for keys in places):
            reading.missing.append(label)


# --- dates -----------------------------------------------------------------------------------------

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        1,
    )
    for name in names
}
_YMD = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_NUMERIC = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")
_MONTH_FIRST = re.compile(r"([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})", re.IGNORECASE)
_DAY_FIRST = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?[\s-]+([a-z]{3,9})\.?[\s-]+(\d{4})", re.IGNORECASE)


def parse_invoice_date(text: str) -> dt.date | None:
    """A date as invoices print it; None when it is not a date or 04/08/2026 could be either day or month."""
    try:
        if match := _YMD.search(text):
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        if match := _MONTH_FIRST.search(text):
            month = _MONTHS.get(match[1].lower())
            return dt.date(int(match[3]), month, int(match[2])) if month else None
        if match := _DAY_FIRST.search(text):
            month = _MONTHS.get(match[2].lower())
            return dt.date(int(match[3]), month, int(match[1])) if month else None
        if match := _NUMERIC.search(text):
            first, second, year = int(match[1]), int(match[2]), int(match[3])
            if first > 12 >= second:
                return dt.date(year, second, first)
            if second > 12 >= first:
                return dt.date(year, first, second)
            if first == second:
                return dt.date(year, first, second)
    except ValueError:
        return None
    return None


# --- the block as YAML -----------------------------------------------------------------------------


def validated_block(reading: InvoiceReading) -> dict[str, Any]:
    """The reading as the case stores it (checked by the case's own model), ready to write."""
    from pydantic import ValidationError

    from poa.case.model import Invoice
    from poa.case.problems import case_problems

    try:
        invoice = Invoice.model_validate(reading.data)
    except ValidationError as error:  # a value longer than the case allows, for example
        first = case_problems(error)[0]
        where = f"invoice.{first.where}" if first.where else "invoice"
        raise PoaError.of("invoice.not_a_block", where=where, problem=first.what) from None
    return invoice.model_dump(exclude_none=True)


def invoice_yaml(reading: InvoiceReading, source: str) -> str:
    """The invoice block, with comments saying where it came from and what to add, ready to paste."""
    from poa.case.store import dump_data

    lines = [f"# Read from {source} by poa invoice: check every value against the invoice."]
    if reading.missing:
        lines.append(f"# Not found: {', '.join(reading.missing)}. Add them by hand.")
    lines += [f"# Note: {note}." for note in reading.notes]
    lines.append("# Paste it into the invoice's evidence item, indented like its name: line.")
    return "\n".join(lines) + "\n" + dump_data({"invoice": validated_block(reading)})
