"""The seller's own .docx as the model of the plan's look (`poa render --reference-docx FILE`).

As with pandoc's --reference-doc, the reference's content is dropped and its styles, page set-up,
header and footer (a letterhead) are kept. A style the plan needs that the reference lacks (List
Number, say) is copied from python-docx's template, with its numbering. Only the .docx path imports
this module.
"""

from __future__ import annotations

import copy
import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from poa.errors import PoaError
from poa.readers.inputs import InputKind, read_bytes

if TYPE_CHECKING:
    from docx.document import Document
    from lxml.etree import _Element

# A letterhead with its logo is rarely over a few megabytes.
REFERENCE_INPUT = InputKind(
    limit=20_000_000,
    binary_hint="",
    encoding_hint="",
    folder_hint="give the path of a .docx file",
)
_NUMBERING_XML = '<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>'


@dataclass
class ReferenceDocx:
    """A reference document read and checked once; `open()` gives it emptied, ready for the plan."""

    where: str
    data: bytes

    @classmethod
    def load(cls, path: Path) -> ReferenceDocx:
        """Read and check the file: a one-line error for anything that is not a .docx Word can open."""
        if path.suffix.lower() != ".docx":
            raise PoaError(f"{path}: a reference document is a Word .docx file; save it as .docx and try again")
        reference = cls(str(path), read_bytes(path, REFERENCE_INPUT))
        reference.open()
        return reference

    def open(self) -> Document:
        import docx

        try:
            doc = docx.Document(io.BytesIO(self.data))
            _empty_body(doc)
            _ensure_styles(doc)
        except PoaError:
            raise
        except Exception as error:  # python-docx and lxml raise many kinds of error on a damaged file
            reason = str(error).splitlines()[0][:120] if str(error) else type(error).__name__
            raise PoaError(
                f"{self.where}: not a Word document poa can use as a reference ({reason}); "
                "open it in Word or LibreOffice and save it again as .docx"
            ) from None
        return doc


def _empty_body(doc: Document) -> None:
    """Nothing of the reference's text, only its last section's page set-up, header and footer."""
    from docx.oxml.ns import qn

    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    if body.find(qn("w:sectPr")) is None:
        raise PoaError("the document has no page set-up (no section properties)")


def _ensure_styles(doc: Document) -> None:
    """Every style the plan uses, taken from python-docx's template where the reference has none."""
    import docx

    from poa.plan.docx import USED_STYLES

    _mark_normal_default(doc)
    missing = [name for name in USED_STYLES if not _has_style(doc, name)]
    if not missing:
        _ensure_list_numbering(doc, None)
        return
    template = docx.Document()
    for name in missing:
        _copy_style(template, doc, name)
    _ensure_list_numbering(doc, template)


def _mark_normal_default(doc: Document) -> None:
    """Paragraphs without a style are Normal: some writers (LibreOffice) leave no default style."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml.ns import qn

    if doc.styles.default(WD_STYLE_TYPE.PARAGRAPH) is None and _has_style(doc, "Normal"):
        doc.styles["Normal"].element.set(qn("w:default"), "1")


def _has_style(doc: Document, name: str) -> bool:
    try:
        doc.styles[name]
    except KeyError:
        return False
    return True


def _copy_style(source: Document, target: Document, name: str) -> None:
    """The template's style `name` (and the styles it is based on) added to the target's styles."""
    from docx.oxml.ns import qn

    element = copy.deepcopy(source.styles[name].element)
    for link in element.findall(qn("w:link")):  # its linked character style may not exist there
        element.remove(link)
    based_on = element.find(qn("w:basedOn"))
    if based_on is not None:
        parent_id = based_on.get(qn("w:val"))
        parent = next((s for s in source.styles if s.style_id == parent_id), None)
        if parent is not None and not _has_style(target, parent.name):
            _copy_style(source, target, parent.name)
    target.styles.element.append(element)
    if element.find(qn("w:pPr")) is not None and element.find(qn("w:pPr") + "/" + qn("w:numPr")) is not None:
        _import_numbering(source, target, element)


def _numbering(doc: Document) -> _Element:
    """The document's numbering definitions, created when it has none (python-docx cannot)."""
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.oxml import parse_xml
    from docx.parts.numbering import NumberingPart

    try:
        return doc.part.part_related_by(RT.NUMBERING).element
    except KeyError:
        part = NumberingPart(
            PackURI("/word/numbering.xml"), CT.WML_NUMBERING, parse_xml(_NUMBERING_XML), doc.part.package
        )
        doc.part.relate_to(part, RT.NUMBERING)
        return part.element


def _import_numbering(source: Document, target: Document, style: _Element) -> None:
    """Copy the list definition a copied list style points to, under new ids, and point the style at it."""
    from docx.oxml.ns import qn

    num_id = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
    if num_id is None:
        return
    source_numbering = source.part.numbering_part.element
    num = source_numbering.num_having_numId(int(num_id.get(qn("w:val"))))
    abstract_id = num.abstractNumId.val
    abstract = next(
        a for a in source_numbering.findall(qn("w:abstractNum")) if int(a.get(qn("w:abstractNumId"))) == abstract_id
    )
    numbering = _numbering(target)
    abstracts = numbering.findall(qn("w:abstractNum"))
    nums = numbering.findall(qn("w:num"))
    new_abstract_id = 1 + max((int(a.get(qn("w:abstractNumId"))) for a in abstracts), default=-1)
    new_num_id = 1 + max((int(n.get(qn("w:numId"))) for n in nums), default=0)
    abstract = copy.deepcopy(abstract)
    abstract.set(qn("w:abstractNumId"), str(new_abstract_id))
    for style_link in abstract.findall(qn("w:styleLink")) + abstract.findall(qn("w:numStyleLink")):
        abstract.remove(style_link)
    # Schema order: every w:abstractNum before the first w:num.
    if nums:
        nums[0].addprevious(abstract)
    elif abstracts:
        abstracts[-1].addnext(abstract)
    else:
        numbering.insert(0, abstract)
    new_num = copy.deepcopy(num)
    new_num.set(qn("w:numId"), str(new_num_id))
    new_num.abstractNumId.val = new_abstract_id
    numbering.append(new_num)
    num_id.set(qn("w:val"), str(new_num_id))


def _ensure_list_numbering(doc: Document, template: Document | None) -> None:
    """A reference's list style without working numbering gets the template's, so lists count."""
    import docx
    from docx.oxml.ns import qn

    from poa.plan.docx import LIST_STYLES

    for name in LIST_STYLES.values():
        element = doc.styles[name].element
        ppr = element.get_or_add_pPr()
        num_id = ppr.find(f"{qn('w:numPr')}/{qn('w:numId')}")
        if num_id is not None and _has_num(doc, int(num_id.get(qn("w:val")))):
            continue
        template = template or docx.Document()
        source = template.styles[name].element.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        num_pr = ppr.get_or_add_numPr()
        for child in list(num_pr):
            num_pr.remove(child)
        for child in source:
            num_pr.append(copy.deepcopy(child))
        _import_numbering(template, doc, element)


def _has_num(doc: Document, num_id: int) -> bool:
    from docx.oxml.ns import qn

    numbering = _numbering(doc)
    return any(int(num.get(qn("w:numId"))) == num_id for num in numbering.findall(qn("w:num")))
