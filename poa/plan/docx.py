"""The Plan of Action's Markdown as a Word document (.docx), the file the seller sends to Amazon.

Word's own built-in styles are used (Title, Heading, List Number, No Spacing, Strong, ...), from
python-docx's template or from the seller's reference document (`--reference-docx`), so the file opens
cleanly in Word and LibreOffice and follows a letterhead's look. Formatting comes from styles, never
from direct bold or italics. Only the .docx path imports this module, so importing python-docx here is fine.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

import docx
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import nspfxmap, qn
from docx.oxml.text.font import CT_RPr
from docx.oxml.text.paragraph import CT_P
from docx.shared import Cm, Emu, Pt, RGBColor
from docx.table import Table, _Row
from docx.text.paragraph import Paragraph
from lxml.etree import SubElement
from markdown_it.tree import SyntaxTreeNode

from poa.case.text import strip_unstorable
from poa.plan import docx_package
from poa.plan.layout import (
    BODY_LINE,
    BODY_SPACE_AFTER,
    CELL_PADDING_TWIPS,
    HEADER_FOOTER_DISTANCE,
    HEADING_LOOKS,
    HEADING_STYLES,
    LIST_ITEM_SPACE_AFTER,
    MARGIN,
    PAPER_SIZES,
    TABLE_SPACE_AFTER,
    column_widths,
    needed_widths,
    unbreakable,
)
from poa.plan.text import inline_text, parse_markdown


@dataclass(frozen=True)
class DocumentInfo:
    title: str  # core property title, e.g. "Plan of Action"
    author: str  # core property author: the seller's legal name
    subject: str  # core property subject, e.g. "Plan of Action: Order Defect Rate, Amazon.com"
    header_text: str  # shown in every page header: the seller's name (may be Chinese)
    paper: Literal["a4", "letter"]
    keywords: str = ""
    language: str = "en-US"  # the document's language tag: the marketplace's English
    date: dt.date | None = None  # the plan's date: created and modified then
    east_asian_font: str = "Microsoft YaHei"  # sans-serif Simplified Chinese (DengXian, SimHei in the font table)


NSMAP = nspfxmap("w")  # for find() paths
BODY_FONT = "Calibri"
TABLE_STYLE = "Light Grid Accent 1"
MUTED_GREY = RGBColor(0x59, 0x59, 0x59)

# The lines between the title and the first heading: the header block, one line each, no space between.
DETAILS_STYLE = "No Spacing"
STRONG_STYLE = "Strong"
EMPHASIS_STYLE = "Emphasis"
LIST_STYLES = {
    ("ordered_list", 1): "List Number",
    ("ordered_list", 2): "List Number 2",
    ("bullet_list", 1): "List Bullet",
    ("bullet_list", 2): "List Bullet 2",
}
# Indented like the text of a list item at that depth, for an item's second and later paragraphs.
CONTINUATION_STYLES = {1: "List Continue", 2: "List Continue 2"}
# Every style the writer uses: each gets the body font and the East Asian font explicitly.
USED_STYLES = (
    *("Normal", "Title", "Heading 1", "Heading 2", "Heading 3", DETAILS_STYLE),
    *LIST_STYLES.values(),
    *CONTINUATION_STYLES.values(),
    *("Header", "Footer", TABLE_STYLE, STRONG_STYLE, EMPHASIS_STYLE),
)

# <w:tblLook>: header row formatting on, first-column and banded-column formatting off.
_TABLE_LOOK = {
    **{"w:val": "0420", "w:firstRow": "1", "w:lastRow": "0", "w:firstColumn": "0"},
    **{"w:lastColumn": "0", "w:noHBand": "0", "w:noVBand": "1"},
}
_CELL_ALIGNMENTS = {
    "text-align:left": WD_ALIGN_PARAGRAPH.LEFT,
    "text-align:center": WD_ALIGN_PARAGRAPH.CENTER,
    "text-align:right": WD_ALIGN_PARAGRAPH.RIGHT,
}


def build_document(markdown: str, info: DocumentInfo, reference: Document | None = None) -> Document:
    """A Word document holding `markdown`, with header, footer and metadata.

    Without a reference, python-docx's template laid out for `info.paper` with poa's look; with one
    (an opened reference .docx, emptied), its styles, page set-up, header and footer are kept.
    """
    if reference is None:
        doc = docx.Document()
        _drop_body(doc)
        docx_package.clean_package(doc, language=info.language, own_template=True)
        _set_up_page(doc, info.paper)  # before any table: python-docx sizes tables to the text width
        _set_up_styles(doc, info.east_asian_font)
        docx_package.set_up_header_and_footer(doc, strip_unstorable(info.header_text))
    else:
        doc = reference
        docx_package.clean_package(doc, language=info.language, own_template=False)
        _set_east_asian_default(doc, info.east_asian_font)
        if _is_empty(doc.sections[0].header) and _is_empty(doc.sections[0].footer):
            docx_package.set_up_header_and_footer(doc, strip_unstorable(info.header_text))
    docx_package.set_language(doc, info.language)
    docx_package.set_app_properties(doc, docx_package.core_text(info.author))
    docx_package.set_core_properties(
        doc, title=info.title, subject=info.subject, author=info.author, keywords=info.keywords, date=info.date
    )
    _Writer(doc).write(parse_markdown(strip_unstorable(markdown)))
    return doc


def docx_bytes(markdown: str, info: DocumentInfo, reference: Document | None = None) -> bytes:
    """The saved .docx of `build_document(markdown, info, reference)`."""
    buffer = io.BytesIO()
    build_document(markdown, info, reference).save(buffer)
    return buffer.getvalue()


# --- document set-up ---------------------------------------------------------------------------


def _drop_body(doc: Document) -> None:
    """Everything in the body but its section properties: the document starts with its title."""
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def _is_empty(part: object) -> bool:
    """A header or footer with no text and nothing drawn in it (a letterhead is not empty)."""
    element = part._element  # type: ignore[attr-defined]
    text = "".join(element.itertext()).strip()
    return not text and not element.findall(".//" + qn("w:drawing")) and not element.findall(".//" + qn("w:pict"))


def _set_east_asian_default(doc: Document, east_asian_font: str) -> None:
    """A reference document's fonts are its own; it gets a Chinese font only if it names none at all."""
    default_run = doc.styles.element.find("w:docDefaults/w:rPrDefault/w:rPr", NSMAP)
    if default_run is None:
        return
    fonts = default_run.get_or_add_rFonts()
    if fonts.get(qn("w:eastAsia")) is None and fonts.get(qn("w:eastAsiaTheme")) is None:
        fonts.set(qn("w:eastAsia"), east_asian_font)


def _set_up_page(doc: Document, paper: str) -> None:
    section = doc.sections[0]
    width, height = PAPER_SIZES[paper]
    section.page_width, section.page_height = Emu(width), Emu(height)
    section.left_margin = section.right_margin = Emu(MARGIN)
    section.top_margin = section.bottom_margin = Emu(MARGIN)
    section.header_distance = section.footer_distance = Emu(HEADER_FOOTER_DISTANCE)


def _styles_by_name(doc: Document) -> dict[str, object]:
    """The document's styles by their names as Word shows them, found in one pass.

    python-docx's styles[name] searches all 160 template styles on every call.
    """
    from docx.styles import BabelFish
    from docx.styles.style import StyleFactory

    found = {}
    for element in doc.styles.element.findall(qn("w:style")):
        name = element.find(qn("w:name"))
        if name is not None:
            found[BabelFish.internal2ui(name.get(qn("w:val")))] = StyleFactory(element)
    return found


def _set_up_styles(doc: Document, east_asian_font: str) -> None:
    styles = _styles_by_name(doc)
    # Body size and spacing go in the document defaults, not in Normal: Word lets a Normal that
    # differs from the defaults override the table style, which would space out every table cell.
    default_run = doc.styles.element.find("w:docDefaults/w:rPrDefault/w:rPr", NSMAP)
    default_paragraph = doc.styles.element.find("w:docDefaults/w:pPrDefault/w:pPr", NSMAP)
    _set_fonts(default_run, east_asian_font)
    default_run.find(qn("w:sz")).set(qn("w:val"), "22")  # half-points: 11 pt
    spacing = default_paragraph.find(qn("w:spacing"))
    spacing.set(qn("w:after"), str(BODY_SPACE_AFTER * 20))  # twips
    spacing.set(qn("w:line"), str(round(BODY_LINE * 240)))  # 240ths of a line
    for name in USED_STYLES:
        element = styles[name].element
        element.get_or_add_rPr()
        for rpr in element.iter(qn("w:rPr")):  # a table style also has one per row/column kind
            _set_fonts(rpr, east_asian_font)
    for name, (size, before, after) in HEADING_LOOKS.items():
        style = styles[name]
        style.font.size = Pt(size)
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(after)
        style.paragraph_format.keep_with_next = True  # a heading never ends a page
    for name in (*LIST_STYLES.values(), *CONTINUATION_STYLES.values()):
        style = styles[name]
        contextual = style.element.get_or_add_pPr().find(qn("w:contextualSpacing"))
        if contextual is not None:  # the items of a list are set apart a little
            style.element.pPr.remove(contextual)
        style.paragraph_format.space_after = Pt(LIST_ITEM_SPACE_AFTER)
    for name in ("Header", "Footer"):
        styles[name].font.size = Pt(9)
        styles[name].font.color.rgb = MUTED_GREY


def _set_fonts(rpr: CT_RPr, east_asian_font: str) -> None:
    """Name the body font and the East Asian font explicitly on one <w:rPr>.

    Theme font attributes win over explicit names, so they are removed; the East Asian name makes
    Word and LibreOffice draw Chinese text (e.g. the seller's name) in a CJK font.
    """
    fonts = rpr.get_or_add_rFonts()
    for theme_attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(theme_attribute), None)
    fonts.set(qn("w:ascii"), BODY_FONT)
    fonts.set(qn("w:hAnsi"), BODY_FONT)
    fonts.set(qn("w:eastAsia"), east_asian_font)


# --- body --------------------------------------------------------------------------------------


@dataclass
class _ListItem:
    """Where a list item's paragraphs go: the first carries the number or bullet."""

    depth: int  # 1 for a top-level list; deeper lists use the depth-2 styles
    style: str
    num_id: int | None  # the ordered list's own numbering, so it counts from its start
    started: bool = False  # has the numbered first paragraph been written


# One piece of inline text with its formatting, or None for a hard line break.
_Segment = tuple[str, bool, bool] | None
# Tabs, line breaks and no-break hyphens are elements of their own in Word, not characters of w:t.
_TAB_OR_BREAK = re.compile("(\t|\n|\u2011)")
_SPECIAL_CHARS = {"\t": "w:tab", "\n": "w:br", "\u2011": "w:noBreakHyphen"}


class _Writer:
    """Appends the blocks of a parsed Markdown tree to the document body."""

    def __init__(self, doc: Document) -> None:
        self._doc = doc
        # New paragraphs go just before the body's closing section properties.
        self._section_properties = doc.element.body.find(qn("w:sectPr"))
        self._numbering = doc.part.numbering_part.element
        self._style_ids: dict[str, str] = {}
        self._abstract_num_ids: dict[str, int] = {}
        self._quote_depth = 0
        self._last_block_table = False
        self._last_block_list = False
        # Between the title and the first heading: the header block's lines.
        self._in_header_block = False
        self._last_paragraph: Paragraph | None = None

    def write(self, root: SyntaxTreeNode) -> None:
        for node in root.children:
            self._block(node, None)
        if not self._doc.paragraphs and not self._doc.tables:  # Word wants at least one paragraph
            self._doc.add_paragraph()
        self._keep_signature_together()

    def _keep_signature_together(self) -> None:
        """A paragraph of lines (a signature) stays on one page, with the sentence before it."""
        body = self._doc.element.body
        previous = None
        for child in body:
            if child.tag == qn("w:p") and child.find(f"{qn('w:r')}/{qn('w:br')}") is not None:
                Paragraph(child, self._doc._body).paragraph_format.keep_together = True
                if previous is not None and previous.tag == qn("w:p"):
                    Paragraph(previous, self._doc._body).paragraph_format.keep_with_next = True
            previous = child

    # blocks

    def _block(self, node: SyntaxTreeNode, item: _ListItem | None) -> None:
        kind = node.type
        if kind == "heading":
            self._heading(node)
        elif kind == "paragraph":
            self._add_inline(self._paragraph(item), node.children[0] if node.children else None)
        elif kind in ("bullet_list", "ordered_list"):
            self._list(node, item)
        elif kind == "table":
            self._table(node)
            if item is not None:
                item.started = True
        elif kind == "blockquote":
            self._quote_depth += 1
            for child in node.children:
                self._block(child, item)
            self._quote_depth -= 1
        elif kind == "hr":
            _add_bottom_border(self._paragraph(item))
        elif node.children:  # an unknown container: keep what is inside it
            for child in node.children:
                self._block(child, item)
        elif node.content.strip():  # code, HTML and anything unknown: the literal text
            self._paragraph(item).add_run(node.content.strip("\n"))

    def _heading(self, node: SyntaxTreeNode) -> None:
        level = int(node.tag[1:])
        paragraph = self._add_paragraph(HEADING_STYLES.get(level, "Heading 3"))
        self._add_inline(paragraph, node.children[0] if node.children else None)
        self._in_header_block = level == 1

    def _paragraph(self, item: _ListItem | None) -> Paragraph:
        """A new body paragraph styled for where it stands: plain, list item or continuation."""
        if item is None:
            paragraph = self._add_paragraph(DETAILS_STYLE if self._in_header_block else "Normal")
            if self._quote_depth:
                paragraph.paragraph_format.left_indent = Cm(self._quote_depth)
            return paragraph
        if item.started:
            return self._add_paragraph(CONTINUATION_STYLES[item.depth])
        item.started = True
        paragraph = self._add_paragraph(item.style)
        if item.num_id is not None:
            _set_numbering(paragraph, item.num_id)
        return paragraph

    def _add_paragraph(self, style_name: str) -> Paragraph:
        # Built with lxml directly: python-docx's add_paragraph searches the body for where the
        # paragraph belongs on every call, which is most of a long document's build time.
        element = OxmlElement("w:p")
        self._section_properties.addprevious(element)
        paragraph = Paragraph(element, self._doc._body)
        if style_name != "Normal":  # Normal is the default: no w:pStyle at all
            paragraph._p.style = self._style_id(style_name)
        if self._last_block_table and not style_name.startswith(("Heading", "Title")):
            paragraph.paragraph_format.space_before = Pt(TABLE_SPACE_AFTER)  # tables have no spacing of their own
        elif self._last_block_list and style_name == "Normal":
            # A list's items are set close together: the paragraph after it stands apart.
            paragraph.paragraph_format.space_before = Pt(BODY_SPACE_AFTER - LIST_ITEM_SPACE_AFTER)
        self._last_block_table = False
        self._last_block_list = False
        self._last_paragraph = paragraph
        return paragraph

    def _style_id(self, name: str) -> str:
        # python-docx's style setters scan all 160 styles on every call (to spot the default one),
        # which made a long document slow; the writer sets the id of a style it looked up once.
        if name not in self._style_ids:
            self._style_ids[name] = self._doc.styles[name].style_id
        return self._style_ids[name]

    # lists

    def _list(self, node: SyntaxTreeNode, parent: _ListItem | None) -> None:
        self._in_header_block = False
        if parent is not None and not parent.started:
            self._paragraph(parent)  # an item that opens with a list still shows its own number
        depth = 1 if parent is None else min(parent.depth + 1, 2)
        style = LIST_STYLES[(node.type, depth)]
        num_id = None
        if node.type == "ordered_list":
            num_id = self._new_numbering(style, int(node.attrs.get("start", 1)))
        for item_node in node.children:
            item = _ListItem(depth, style, num_id)
            for child in item_node.children:
                self._block(child, item)
            if not item.started:  # an empty item keeps its number
                self._paragraph(item)
        self._last_block_list = parent is None

    def _new_numbering(self, style_name: str, start: int) -> int:
        """A new <w:num> on the list style's numbering, so this list counts from `start`.

        Paragraphs of one list style otherwise share one counter across the whole document.
        """
        num = self._numbering.add_num(self._abstract_num_id(style_name))
        num.add_lvlOverride(ilvl=0).add_startOverride(start)
        return num.numId

    def _abstract_num_id(self, style_name: str) -> int:
        if style_name not in self._abstract_num_ids:
            style_num_id = self._doc.styles[style_name].element.pPr.numPr.numId.val
            num = self._numbering.num_having_numId(style_num_id)
            self._abstract_num_ids[style_name] = num.abstractNumId.val
        return self._abstract_num_ids[style_name]

    # tables

    def _table(self, node: SyntaxTreeNode) -> None:
        self._in_header_block = False
        if self._last_block_table:
            self._add_paragraph("Normal")  # without a paragraph between them Word joins two tables
        elif self._last_paragraph is not None:
            self._last_paragraph.paragraph_format.keep_with_next = True  # the line that introduces it
        rows = [row for section in node.children for row in section.children]
        columns = len(rows[0].children)
        table = self._doc.add_table(rows=len(rows), cols=columns)
        table._tbl.tblPr.style = self._style_id(TABLE_STYLE)
        _set_table_look(table)
        for row, row_node in zip(table.rows, rows, strict=True):
            for cell, cell_node in zip(row.cells, row_node.children, strict=False):
                paragraph = cell.paragraphs[0]
                paragraph.alignment = _CELL_ALIGNMENTS.get(str(cell_node.attrs.get("style")))
                inline = cell_node.children[0] if cell_node.children else None
                # The header row is bold by the table style's first-row formatting, not by direct bold.
                self._add_inline(paragraph, inline, in_table=True)
        _keep_rows_whole(table)
        _repeat_as_header(table.rows[0])
        _set_column_widths(table, column_widths(needed_widths(rows, columns), self._text_width()))
        self._last_block_table = True

    def _text_width(self) -> int:
        section = self._doc.sections[0]
        return section.page_width - section.left_margin - section.right_margin

    # inline text

    def _add_inline(self, paragraph: Paragraph, node: SyntaxTreeNode | None, *, in_table: bool = False) -> None:
        """Runs for the inline node: bold and italic kept, links as their text, hard breaks kept.

        In a table cell a date never breaks across lines: its spaces are non-breaking.
        """
        if node is None:
            return
        styles = (self._style_id(STRONG_STYLE), self._style_id(EMPHASIS_STYLE))
        for segment in _merged(_segments(node, False, False)):
            if in_table and segment is not None:
                segment = (unbreakable(segment[0]), *segment[1:])
            _append_run(paragraph._p, segment, styles)


def _append_run(paragraph: CT_P, segment: _Segment, styles: tuple[str, str]) -> None:
    """One <w:r> with its text (or a line break); bold and italic by the Strong and Emphasis styles.

    Written as XML: python-docx's add_run looks up where each new child belongs, and the text of
    a Plan of Action is hundreds of runs.
    """
    run = SubElement(paragraph, qn("w:r"))
    if segment is None:
        SubElement(run, qn("w:br"))
        return
    text, bold, italic = segment
    if bold or italic:
        properties = SubElement(run, qn("w:rPr"))
        strong, emphasis = styles
        SubElement(properties, qn("w:rStyle")).set(qn("w:val"), strong if bold else emphasis)
        if bold and italic:  # one character style per run: italics on top of Strong
            SubElement(properties, qn("w:i"))
    for index, piece in enumerate(_TAB_OR_BREAK.split(text)):
        if index % 2:
            SubElement(run, qn(_SPECIAL_CHARS[piece]))
        elif piece:
            text_element = SubElement(run, qn("w:t"))
            text_element.text = piece
            if piece[0].isspace() or piece[-1].isspace():
                text_element.set(qn("xml:space"), "preserve")


def _segments(node: SyntaxTreeNode, bold: bool, italic: bool) -> Iterator[_Segment]:
    for child in node.children:
        kind = child.type
        if kind == "softbreak":
            yield " ", bold, italic
        elif kind == "hardbreak":
            yield None
        elif kind == "strong":
            yield from _segments(child, True, italic)
        elif kind == "em":
            yield from _segments(child, bold, True)
        elif kind == "image":  # no images in a Plan of Action: the alt text stands in
            yield inline_text(child), bold, italic
        elif child.children:  # links and anything unknown: their text
            yield from _segments(child, bold, italic)
        elif child.content:  # text, code_inline, html_inline: literally
            yield child.content, bold, italic


def _merged(segments: Iterator[_Segment]) -> list[_Segment]:
    """Adjacent pieces with the same formatting joined, so each run is a whole phrase."""
    merged: list[_Segment] = []
    for segment in segments:
        last = merged[-1] if merged else None
        if segment is not None and last is not None and last[1:] == segment[1:]:
            merged[-1] = (last[0] + segment[0], *segment[1:])
        else:
            merged.append(segment)
    return merged


def _set_column_widths(table: Table, widths: list[int]) -> None:
    # LibreOffice reads the grid's column widths, Word the widths of the cells: set both.
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


# --- raw XML the python-docx API does not cover ------------------------------------------------


def _set_numbering(paragraph: Paragraph, num_id: int) -> None:
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = 0
    num_pr.get_or_add_numId().val = num_id


def _set_table_look(table: Table) -> None:
    """Which parts of the table style apply, and some air above and below the text of each cell."""
    table_properties = table._tbl.tblPr
    look = table_properties.find(qn("w:tblLook"))
    if look is None:
        look = OxmlElement("w:tblLook")
        table_properties.append(look)
    for name, value in _TABLE_LOOK.items():
        look.set(qn(name), value)
    margins = OxmlElement("w:tblCellMar")
    for side in ("top", "bottom"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(CELL_PADDING_TWIPS))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    look.addprevious(margins)  # schema order: w:tblCellMar comes just before w:tblLook


def _keep_rows_whole(table: Table) -> None:
    """A row moves to the next page whole instead of splitting its lines across two pages, and the
    rows keep together, so a table that fits on a page is not split from its heading or itself."""
    rows = table.rows
    for index, row in enumerate(rows):
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        if index < len(rows) - 1:
            for paragraph in row._tr.iter(qn("w:p")):
                _keep_with_next(paragraph)


def _keep_with_next(paragraph: CT_P) -> None:
    """<w:keepNext/> on a paragraph, written directly: schema order puts it after w:pStyle only."""
    properties = paragraph.get_or_add_pPr()
    if properties.find(qn("w:keepNext")) is not None:
        return
    style = properties.find(qn("w:pStyle"))
    properties.insert(0 if style is None else 1, OxmlElement("w:keepNext"))


def _repeat_as_header(row: _Row) -> None:
    """Mark a table row as the header Word repeats at the top of each page the table spans."""
    # Appended after w:cantSplit, as the schema orders them.
    row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))


def _add_bottom_border(paragraph: Paragraph) -> None:
    """A thin rule under an empty paragraph, standing in for a Markdown thematic break."""
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for name, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "A6A6A6")):
        bottom.set(qn(name), value)
    border.append(bottom)
    # Word rejects paragraph properties out of schema order; these are the ones the writer may set.
    paragraph._p.get_or_add_pPr().insert_element_before(border, "w:spacing", "w:ind", "w:jc")
