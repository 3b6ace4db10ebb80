"""Plans written elsewhere (.md, .txt, .docx), read as text for the checker.

A .docx is read straight from its XML in one streaming pass: paragraphs, their styles (resolved once
from styles.xml) and table rows, in document order. python-docx looks a paragraph's style up anew
each time it is asked, which made a long draft take seconds; streaming also lets the reader stop one
paragraph past the bound instead of reading a huge file whole.
"""

from __future__ import annotations

import io
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import IO, Any

from poa.errors import PoaError
from poa.readers.inputs import InputKind, read_bytes, read_text

DRAFT_SUFFIXES = (".md", ".markdown", ".txt", ".docx")
MAX_DRAFT_BYTES = 2_000_000
MAX_DOCX_BYTES = 20_000_000
# A plan of action runs to a few pages; this many paragraphs (or lines) is far past any real one.
MAX_DRAFT_PARAGRAPHS = 50_000
# The XML inside a .docx may be far larger than the file (it is compressed): read at most this much.
MAX_DOCX_XML_BYTES = 200_000_000
DRAFT_INPUT = InputKind(
    limit=MAX_DRAFT_BYTES,
    binary_hint="save the draft as .txt, .md or .docx",
    encoding_hint="save the draft as UTF-8 text and try again",
)
DOCX_INPUT = InputKind(limit=MAX_DOCX_BYTES, binary_hint="", encoding_hint="")

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_DOCUMENT_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_STYLES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
_HEADING_NAME = re.compile(r"heading (\d)", re.IGNORECASE)


class _TooMany(Exception):
    """The draft holds more paragraphs than a plan can."""


def load_draft(path: Path) -> str:
    """The text of a draft: .md and .txt as UTF-8, .docx as its paragraphs and table rows, one a line."""
    suffix = path.suffix.lower()
    if suffix not in DRAFT_SUFFIXES:
        raise PoaError(
            f"{path}: cannot read a {suffix or 'file without an extension'} draft; "
            "save it as .docx, .md or .txt (or give a case file: .yaml, .yml, .json)"
        )
    if suffix == ".docx":
        return _docx_text(read_bytes(path, DOCX_INPUT), path)
    text = read_text(path, DRAFT_INPUT)
    if text.count("\n") >= MAX_DRAFT_PARAGRAPHS and _line_count(text) > MAX_DRAFT_PARAGRAPHS:
        raise PoaError.of("draft.too_many_lines", path=path, limit=f"{MAX_DRAFT_PARAGRAPHS:,}")
    return text


def _line_count(text: str) -> int:
    return sum(1 for line in text.splitlines() if line.strip())


# --- .docx ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Style:
    level: int = 0  # 1 for Title and Heading 1 ... 9; 0 for body text
    bold: bool = False
    underline: bool = False
    listed: bool = False


def _docx_text(data: bytes, path: Path) -> str:
    """Paragraphs (headings marked with #, whole bold or underlined lines with **, list items with
    "1.") and table rows (cells joined by |), in document order, one a line."""
    import zipfile

    from lxml import etree

    not_word = PoaError(f"{path}: is not a Word document (.docx); open it in Word and save it as .docx or .txt")
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        document = _part_of(package, "", _DOCUMENT_REL) or "word/document.xml"
        styles_part = _part_of(package, document, _STYLES_REL)
        styles = _styles(package.read(styles_part)) if styles_part else {}
        with package.open(document) as stream:
            lines = list(_body_lines(_read_document(stream), styles))
    except _TooMany:
        raise PoaError.of("draft.too_many_paragraphs", path=path, limit=f"{MAX_DRAFT_PARAGRAPHS:,}") from None
    except (zipfile.BadZipFile, KeyError):
        raise not_word from None
    except (etree.XMLSyntaxError, zipfile.LargeZipFile, EOFError, OSError, ValueError) as error:
        raise PoaError(f"{path}: the Word document cannot be read ({type(error).__name__}); save it again") from None
    return "\n".join(lines) + "\n"


def _part_of(package: Any, source: str, rel_type: str) -> str | None:
    """The package part a relationship of `source` ("" for the package) points to, if any."""
    from lxml import etree

    folder, name = posixpath.split(source)
    rels = posixpath.join(folder, "_rels", f"{name}.rels")
    try:
        root = etree.fromstring(package.read(rels))
    except KeyError:
        return None
    for rel in root.iter(f"{_REL}Relationship"):
        if rel.get("Type") == rel_type and rel.get("TargetMode") != "External":
            target = rel.get("Target", "")
            return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
    return None


def _on(element: Any) -> bool:
    """A w:b or w:u that is present and not switched off."""
    if element is None:
        return False
    value = element.get(f"{_W}val", "true")
    return value not in ("0", "false", "off", "none")


def _styles(xml: bytes) -> dict[str, _Style]:
    """Each paragraph style id with its heading level, bold, underline and list numbering, following
    basedOn. Names, not ids, say which style is a heading: Word in Chinese calls "heading 1" "1"."""
    from lxml import etree

    raw: dict[str, dict[str, Any]] = {}
    for style in etree.fromstring(xml).iter(f"{_W}style"):
        if style.get(f"{_W}type", "paragraph") != "paragraph":
            continue
        name_element = style.find(f"{_W}name")
        name = (name_element.get(f"{_W}val", "") if name_element is not None else "").strip()
        ppr, rpr = style.find(f"{_W}pPr"), style.find(f"{_W}rPr")
        outline = ppr.find(f"{_W}outlineLvl") if ppr is not None else None
        based = style.find(f"{_W}basedOn")
        heading = _HEADING_NAME.fullmatch(name)
        level = int(heading[1]) if heading else (1 if name.lower() == "title" else None)
        if level is None and outline is not None and outline.get(f"{_W}val", "9").isdigit():
            level = int(outline.get(f"{_W}val", "9")) + 1 if int(outline.get(f"{_W}val", "9")) < 9 else 0
        raw[style.get(f"{_W}styleId", "")] = {
            "level": level,
            "bold": _on(rpr.find(f"{_W}b")) if rpr is not None and rpr.find(f"{_W}b") is not None else None,
            "underline": _on(rpr.find(f"{_W}u")) if rpr is not None and rpr.find(f"{_W}u") is not None else None,
            "listed": (ppr is not None and ppr.find(f"{_W}numPr") is not None) or name.lower().startswith("list"),
            "based": based.get(f"{_W}val") if based is not None else None,
        }

    def resolve(style_id: str, key: str, depth: int = 0) -> Any:
        entry = raw.get(style_id)
        if entry is None or depth > 20:  # a basedOn loop in a damaged file
            return None
        if entry[key] is not None and entry[key] is not False:
            return entry[key]
        return resolve(entry["based"], key, depth + 1) if entry["based"] else entry[key]

    return {
        style_id: _Style(
            level=resolve(style_id, "level") or 0,
            bold=bool(resolve(style_id, "bold")),
            underline=bool(resolve(style_id, "underline")),
            listed=bool(resolve(style_id, "listed")),
        )
        for style_id in raw
    }


_CHUNK = 1 << 20
_W_PREFIX = re.compile(rb'xmlns(?::([A-Za-z_][\w.-]*))?="http://schemas.openxmlformats.org/wordprocessingml/2006/main"')


def _read_document(stream: IO[bytes]) -> bytes:
    """The document part's XML, read in chunks and refused as soon as it holds more paragraphs than
    MAX_DRAFT_PARAGRAPHS (or more bytes than MAX_DOCX_XML_BYTES): a huge file is never read whole."""
    chunks: list[bytes] = []
    size = count = 0
    opens: tuple[bytes, bytes] | None = None
    tail = b""
    while True:
        chunk = stream.read(_CHUNK)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > MAX_DOCX_XML_BYTES:
            raise ValueError("the document's text is larger than a plan can be")
        chunks.append(chunk)
        if opens is None:
            found = _W_PREFIX.search(b"".join(chunks))
            if found is None and size < 65_536:
                continue  # the root element and its namespaces come first
            prefix = found[1] + b":" if found is not None and found[1] else b""
            opens = (b"<" + prefix + b"p>", b"<" + prefix + b"p ")
            window = b"".join(chunks)
        else:
            window = tail + chunk
        count += window.count(opens[0]) + window.count(opens[1])
        if count > MAX_DRAFT_PARAGRAPHS:
            raise _TooMany
        tail = window[1 - len(opens[0]) :]  # too short to hold a whole tag: a tag cut in two is counted next


_R, _TAB, _BR, _CR = (f"{_W}{n}" for n in ("r", "tab", "br", "cr"))
# Text that is not shown: deleted text of tracked changes, field codes, the fallback copy of a text box.
_HIDDEN = (
    f"{_W}delText",
    f"{_W}instrText",
    f"{_W}delInstrText",
    "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback",
)
# A paragraph longer than this is no heading, so whether it is all bold does not matter.
_HEADING_CHARS = 200
# The stylesheet's field and record separators: Unicode noncharacters, removed from the document first.
_FIELD, _RECORD = "\ufdd0", "\ufdd1"
_SEPARATORS = re.compile(rb"\xef\xb7[\x90\x91]|&#(?:x0*[Ff][Dd][Dd][01]|0*6488[01]);")

# One pass over the body in C: for each paragraph its style, numbering, outline level, the bold and
# underline of each run with text (only where the paragraph has some: two characters a run, "1" on,
# "0" off, "-" left to the style) and its text; for each table row its cells.
_STYLESHEET = f"""<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:w="{_W[1:-1]}">
  <xsl:output method="text" encoding="UTF-8"/>
  <xsl:template match="/"><xsl:apply-templates select="w:document/w:body"/></xsl:template>
  <xsl:template match="w:body | w:sdtContent"><xsl:apply-templates select="w:p | w:tbl | w:sdt"/></xsl:template>
  <xsl:template match="w:sdt"><xsl:apply-templates select="w:sdtContent"/></xsl:template>
  <xsl:template match="w:p">
    <xsl:text>P{_FIELD}</xsl:text><xsl:value-of select="w:pPr/w:pStyle/@w:val"/>
    <xsl:text>{_FIELD}</xsl:text><xsl:if test="w:pPr/w:numPr">1</xsl:if>
    <xsl:text>{_FIELD}</xsl:text><xsl:value-of select="w:pPr/w:outlineLvl/@w:val"/>
    <xsl:text>{_FIELD}</xsl:text>
    <xsl:if test=".//w:b or .//w:u">
      <xsl:for-each select=".//w:r[w:t[normalize-space()]]">
        <xsl:apply-templates select="." mode="emphasis"/>
      </xsl:for-each>
    </xsl:if>
    <xsl:text>{_FIELD}</xsl:text><xsl:value-of select="."/><xsl:text>{_RECORD}</xsl:text>
  </xsl:template>
  <xsl:template match="w:r" mode="emphasis">
    <xsl:choose>
      <xsl:when test="not(w:rPr/w:b)">-</xsl:when>
      <xsl:when test="w:rPr/w:b[@w:val='0' or @w:val='false' or @w:val='off']">0</xsl:when>
      <xsl:otherwise>1</xsl:otherwise>
    </xsl:choose>
    <xsl:choose>
      <xsl:when test="not(w:rPr/w:u)">-</xsl:when>
      <xsl:when test="w:rPr/w:u[@w:val='none' or @w:val='0' or @w:val='false']">0</xsl:when>
      <xsl:otherwise>1</xsl:otherwise>
    </xsl:choose>
  </xsl:template>
  <xsl:template match="w:tbl">
    <xsl:for-each select="w:tr">
      <xsl:text>T{_FIELD}</xsl:text>
      <xsl:for-each select="w:tc">
        <xsl:if test="position() &gt; 1"><xsl:text> | </xsl:text></xsl:if>
        <xsl:for-each select="w:p">
          <xsl:if test="position() &gt; 1"><xsl:text> </xsl:text></xsl:if><xsl:value-of select="normalize-space(.)"/>
        </xsl:for-each>
      </xsl:for-each>
      <xsl:text>{_RECORD}</xsl:text>
    </xsl:for-each>
  </xsl:template>
</xsl:stylesheet>"""


def _body_lines(xml: bytes, styles: dict[str, _Style]) -> Iterator[str]:
    """The body's paragraphs and table rows as lines, in document order.

    The paragraphs are read by an XSLT stylesheet (libxslt, in C) once what Word does not show is
    removed and tabs and breaks carry their characters: walking every run in Python cost more than
    the rest of the check.
    """
    from lxml import etree

    if (b"\xef\xb7" in xml or b"&#" in xml) and _SEPARATORS.search(xml):  # bytes.find first: a regex scan costs
        xml = _SEPARATORS.sub(b"", xml)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True, remove_pis=True)
    root = etree.fromstring(xml, parser)
    etree.strip_elements(root, *_HIDDEN, with_tail=False)
    for mark in root.iter(_TAB, _BR, _CR):
        if mark.getparent().tag == _R:  # a w:tab in a paragraph's tab stops is no character
            mark.text = "\t" if mark.tag == _TAB else "\n"
    result = str(_stylesheet()(root))
    for record in result.split(_RECORD):
        if record.startswith("T"):
            row = record[2:].strip()
            if row.replace("|", "").strip():
                yield row
        elif record.startswith("P"):
            line = _paragraph_line(*record[2:].split(_FIELD, 4), styles)
            if line:
                yield line


@cache
def _stylesheet() -> Any:
    from lxml import etree

    return etree.XSLT(etree.fromstring(_STYLESHEET))


_NO_STYLE = _Style()


def _paragraph_line(style_id: str, numbered: str, outline: str, runs: str, text: str, styles: dict[str, _Style]) -> str:
    """The paragraph as one line: "# " for a heading, "**...**" when every run with text is bold or
    underlined (by the run or by its style), "1. " for a list item."""
    text = text.strip()
    if not text:
        return ""
    style = styles.get(style_id, _NO_STYLE)
    level = int(outline) + 1 if outline.isdigit() and int(outline) < 9 else style.level
    if level:
        return f"{'#' * min(level, 6)} {text}"
    if len(text) <= _HEADING_CHARS and "\n" not in text:
        if runs:  # some runs say their own bold or underline
            pairs = [(runs[i], runs[i + 1]) for i in range(0, len(runs), 2)]
            emphasised = all(_run_on(b, style.bold) or _run_on(u, style.underline) for b, u in pairs)
        else:  # every run takes the style's
            emphasised = style.bold or style.underline
        if emphasised:
            return f"**{text}**"
    return f"1. {text}" if numbered or style.listed else text


def _run_on(code: str, default: bool) -> bool:
    """A run's bold or underline from its code: "1" on, "0" off, "-" as its style says."""
    return code == "1" or (code == "-" and default)
