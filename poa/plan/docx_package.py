"""The parts of a .docx around its text: settings, font table, properties, and what python-docx's template leaves.

python-docx starts every document from a template saved by Word for Mac in 2013: compatibility mode 14
(Word shows "[Compatibility Mode]"), a bibliography in customXml, stylesWithEffects, a thumbnail, an
app.xml naming "Microsoft Macintosh Word", Japanese fonts in the font table and ja-JP as the East Asian
language. This module replaces or removes each of them, so the file reads as a current Word document.
Only the .docx path imports it.
"""

from __future__ import annotations

import datetime as dt
from html import escape
from typing import TYPE_CHECKING

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from poa.case.text import strip_unstorable

if TYPE_CHECKING:
    from docx.document import Document
    from docx.text.paragraph import Paragraph

# Core properties hold at most 255 characters; python-docx raises beyond that.
_CORE_PROPERTY_LIMIT = 255

# Word 2013 and later (15) without compatibility options: "[Compatibility Mode]" is not shown.
COMPATIBILITY_MODE = "15"
_WORD_URI = "http://schemas.microsoft.com/office/word"
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
# The font table lists the fonts the document names; Word substitutes by these descriptions when a
# font is missing. Microsoft YaHei draws the Chinese text; DengXian and SimHei are the sans-serif
# Simplified Chinese fonts Word falls back on, so Chinese never takes a Japanese glyph set.
_FONTS = (
    # name, alternative name, charset, family, panose
    ("Calibri", "", "00", "swiss", "020F0502020204030204"),
    ("Microsoft YaHei", "微软雅黑", "86", "swiss", "020B0503020204020204"),
    ("DengXian", "等线", "86", "auto", "02010600030101010101"),
    ("SimHei", "黑体", "86", "modern", "02010609060101010101"),
)
_FONT_TABLE = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    + "".join(
        f'<w:font w:name="{name}">'
        + (f'<w:altName w:val="{alt}"/>' if alt else "")
        + f'<w:panose1 w:val="{panose}"/><w:charset w:val="{charset}"/><w:family w:val="{family}"/>'
        '<w:pitch w:val="variable"/></w:font>'
        for name, alt, charset, family, panose in _FONTS
    )
    + "</w:fonts>"
)


def clean_package(doc: Document, *, language: str, own_template: bool, east_asian_language: str = "zh-CN") -> None:
    """Current Word settings, the fonts we name in the font table, and none of the template's leftovers.

    own_template: the document is python-docx's template (its font table is replaced), not the
    seller's reference document (whose fonts are kept, ours added).
    """
    package_rels = doc.part.package.rels
    for r_id, rel in list(package_rels.items()):
        if own_template and rel.reltype == RT.THUMBNAIL:  # a picture of the template's empty page
            del package_rels[r_id]
    for r_id, rel in list(doc.part.rels.items()):
        if own_template and rel.reltype in (RT.CUSTOM_XML, STYLES_WITH_EFFECTS):
            del doc.part.rels[r_id]
        elif rel.reltype == RT.FONT_TABLE:
            rel.target_part._blob = _FONT_TABLE.encode("utf-8") if own_template else _merged_fonts(rel.target_part.blob)
    _set_compatibility(doc, language, east_asian_language)


def _merged_fonts(blob: bytes) -> bytes:
    """A reference document's font table with the fonts we name added where it lacks them."""
    from lxml import etree

    try:
        table = etree.fromstring(blob)
    except etree.XMLSyntaxError:
        return _FONT_TABLE.encode("utf-8")
    ours = etree.fromstring(_FONT_TABLE.encode("utf-8"))
    present = {font.get(qn("w:name")) for font in table.findall(qn("w:font"))}
    for font in ours.findall(qn("w:font")):
        if font.get(qn("w:name")) not in present:
            table.append(font)
    return etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)


def _set_compatibility(doc: Document, language: str, east_asian_language: str) -> None:
    settings = doc.settings.element
    compat = settings.find(qn("w:compat"))
    if compat is None:
        compat = OxmlElement("w:compat")
        settings.append(compat)
    for child in list(compat):
        compat.remove(child)  # useFELayout and the 2010 options belong to the old mode
    setting = OxmlElement("w:compatSetting")
    setting.set(qn("w:name"), "compatibilityMode")
    setting.set(qn("w:uri"), _WORD_URI)
    setting.set(qn("w:val"), COMPATIBILITY_MODE)
    compat.append(setting)
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), language)
        theme_lang.set(qn("w:eastAsia"), east_asian_language)


def set_language(doc: Document, language: str, east_asian_language: str = "zh-CN") -> None:
    """The document's language (en-US, en-GB) and zh-CN for East Asian text, in the style defaults."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        doc.styles.element.insert(0, defaults)
    run_defaults = defaults.find(qn("w:rPrDefault"))
    if run_defaults is None:
        run_defaults = OxmlElement("w:rPrDefault")
        defaults.insert(0, run_defaults)
    rpr = run_defaults.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        run_defaults.append(rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), language)
    lang.set(qn("w:eastAsia"), east_asian_language)


def set_app_properties(doc: Document, company: str) -> None:
    """A docProps/app.xml of our own: the application and the company, nothing of the template's."""
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        "<Template>Normal.dotm</Template><TotalTime>0</TotalTime><Application>poa</Application>"
        f"<DocSecurity>0</DocSecurity><Company>{escape(company, quote=False)}</Company>"
        "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
        "<HyperlinksChanged>false</HyperlinksChanged></Properties>"
    )
    for rel in doc.part.package.rels.values():
        if rel.reltype == RT.EXTENDED_PROPERTIES:
            rel.target_part._blob = xml.encode("utf-8")
            return
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    part = Part(
        PackURI("/docProps/app.xml"),
        "application/vnd.openxmlformats-officedocument.extended-properties+xml",
        xml.encode("utf-8"),
        doc.part.package,
    )
    doc.part.package.relate_to(part, RT.EXTENDED_PROPERTIES)


def plan_timestamp(plan_date: dt.date) -> dt.datetime:
    """Created and modified at the plan's date (noon UTC, so every time zone shows that day)."""
    return dt.datetime(plan_date.year, plan_date.month, plan_date.day, 12, tzinfo=dt.timezone.utc)


# --- header, footer and document properties ---------------------------------------------------


def set_up_header_and_footer(doc: Document, header_text: str) -> None:
    """The seller's name at the top right of every page, "Page X of Y" centred at the bottom."""
    section = doc.sections[0]
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    header.add_run(header_text)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Page ")
    _add_field(footer, "PAGE")
    footer.add_run(" of ")
    _add_field(footer, "NUMPAGES")


def _add_field(paragraph: Paragraph, code: str, placeholder: str = "1") -> None:
    """A complex field: Word and LibreOffice both recalculate it, showing `placeholder` until then."""
    _add_field_char(paragraph, "begin")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = f" {code} "
    paragraph.add_run()._r.append(instruction)
    _add_field_char(paragraph, "separate")
    paragraph.add_run(placeholder)
    _add_field_char(paragraph, "end")


def _add_field_char(paragraph: Paragraph, kind: str) -> None:
    field_char = OxmlElement("w:fldChar")
    field_char.set(qn("w:fldCharType"), kind)
    paragraph.add_run()._r.append(field_char)


def set_core_properties(
    doc: Document, *, title: str, subject: str, author: str, keywords: str, date: dt.date | None
) -> None:
    """The plan's own metadata; the template's "python-docx" author, comment and 2013 dates go."""
    properties = doc.core_properties
    properties.title = core_text(title)
    properties.subject = core_text(subject)
    properties.author = properties.last_modified_by = core_text(author)
    properties.keywords = core_text(keywords)
    properties.comments = ""
    properties.category = ""
    properties.content_status = ""
    properties.identifier = ""
    properties.revision = 1
    properties.created = properties.modified = plan_timestamp(date or dt.date.today())
    for printed in properties._element.findall(qn("cp:lastPrinted")):  # a reference's, or the template's
        properties._element.remove(printed)


def core_text(value: str) -> str:
    """Core properties hold at most 255 characters (python-docx raises beyond) and one line."""
    return strip_unstorable(value).replace("\n", " ")[:_CORE_PROPERTY_LIMIT]
