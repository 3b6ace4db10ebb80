"""The bundle a seller hands in: the plan, every attachment named and numbered as the plan cites it,
an index, and one PDF of it all.

Every attachment is read and checked before anything is converted, and the bundle is built whole in
memory, then written to a temporary folder (or zip file) that is renamed into place: a missing or
unreadable attachment, or a failure half-way, leaves nothing behind. Attachments are copied byte for
byte; only the combined PDF converts them (PDF pages appended, images as pages, Word documents
through LibreOffice).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from poa.case.catalog import load_marketplaces
from poa.case.store import atomic_write, check_name, check_target, target_mode
from poa.errors import Message, PoaError, message
from poa.plan.attachments import Attachment, numbered_attachments
from poa.readers.inputs import InputKind, read_bytes

if TYPE_CHECKING:
    from poa.case.model import Case

PLAN_NAME = "Plan of Action"
COMBINED_NAME = f"{PLAN_NAME} with attachments.pdf"
INDEX_NAME = "Index.txt"
# The types Amazon accepts as attachments, and Word documents, which the combined PDF converts.
SUPPORTED = {".pdf": "pdf", ".jpg": "image", ".jpeg": "image", ".png": "image", ".gif": "image", ".docx": "docx"}
_SIGNATURES = {
    "pdf": (b"%PDF",),
    "image": (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a"),
    "docx": (b"PK\x03\x04",),
}
MAX_ATTACHMENT_BYTES = 50_000_000
ATTACHMENT_INPUT = InputKind(
    limit=MAX_ATTACHMENT_BYTES,
    binary_hint=message("hint.attachment_file"),
    encoding_hint=message("hint.attachment_file"),
    folder_hint=message("hint.attachment_folder"),
)
_PAPER_POINTS = {"a4": (595.28, 841.89), "letter": (612.0, 792.0)}
_IMAGE_MARGIN_POINTS = 36.0  # half an inch around an image page
_NOT_IN_NAMES = re.compile(r'[<>:"/\\|?*\x00-\x1f]+')
_DOCUMENT_NAME_CHARS = 60
# Words a shortened name must not end on ("... 60 of"): they promise a word that was cut.
_DANGLING_WORDS = frozenset(["a", "an", "and", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with"])


@dataclass(frozen=True)
class BundleFile:
    name: str
    data: bytes


@dataclass(frozen=True)
class _Source:
    attachment: Attachment
    kind: str  # pdf, image, docx
    suffix: str
    data: bytes

    @property
    def file_name(self) -> str:
        return attachment_file_name(self.attachment, self.suffix)


def attachment_file_name(attachment: Attachment, suffix: str) -> str:
    """ "Attachment 1 - Invoice EDI-2026-04417 from Eastline Distribution - 2026-04-08.pdf"."""
    document = _NOT_IN_NAMES.sub(" ", attachment.evidence.name)
    document = re.sub(r"\s+", " ", document).strip()
    if len(document) > _DOCUMENT_NAME_CHARS:
        cut = document[: _DOCUMENT_NAME_CHARS + 1].rsplit(" ", 1)[0]
        document = cut if len(cut) > _DOCUMENT_NAME_CHARS // 2 else document[:_DOCUMENT_NAME_CHARS]
        words = document.split(" ")
        while len(words) > 1 and words[-1].lower().rstrip(",;") in _DANGLING_WORDS:
            words.pop()
        document = " ".join(words)
    document = document.rstrip(" .,;-(")  # Windows drops trailing dots and spaces
    date = attachment.evidence.date
    parts = [f"Attachment {attachment.number}", document, *([date.isoformat()] if date else [])]
    return " - ".join(parts) + suffix.lower()


def build_bundle(
    case: Case, case_path: Path, *, today: dt.date, user_templates: Path | None = None
) -> list[BundleFile]:
    """Every file of the bundle, in memory; the first unusable attachment stops it with one line."""
    from poa.plan import outputs
    from poa.plan.pdf import docx_to_pdf, require_soffice

    sources = [_read_attachment(attachment, case_path.parent) for attachment in numbered_attachments(case)]
    require_soffice()
    plan_docx = outputs.render(case, "docx", today=today, user_templates=user_templates)
    to_convert = {PLAN_NAME: plan_docx} | {s.file_name: s.data for s in sources if s.kind == "docx"}
    converted = docx_to_pdf(to_convert)
    paper = _PAPER_POINTS[load_marketplaces()[case.marketplace].paper]
    combined, page_ranges = _combined_pdf(converted[PLAN_NAME], sources, converted, paper)
    files = [BundleFile(f"{PLAN_NAME}.docx", plan_docx), BundleFile(f"{PLAN_NAME}.pdf", converted[PLAN_NAME])]
    files += [BundleFile(source.file_name, source.data) for source in sources]
    files.append(BundleFile(INDEX_NAME, index_text(case, sources, page_ranges).encode("utf-8")))
    files.append(BundleFile(COMBINED_NAME, combined))
    return files


def _read_attachment(attachment: Attachment, folder: Path) -> _Source:
    item = attachment.evidence
    label = message("bundle.label", number=attachment.number, name=_short(item.name))
    if not item.file:
        raise PoaError.of("bundle.no_file", label=label)
    path = Path(item.file)
    if not path.is_absolute():
        path = folder / path

    def unusable(problem: Message) -> PoaError:
        return PoaError.of("bundle.file_problem", label=label, path=path, problem=problem)

    kind = SUPPORTED.get(path.suffix.lower())
    if kind is None:
        raise unusable(message("bundle.unsupported", suffix=path.suffix or message("invoice.no_suffix")))
    try:
        data = read_bytes(path, ATTACHMENT_INPUT)
    except PoaError as error:
        raise PoaError.of("bundle.problem", label=label, problem=error.message or str(error)) from None
    if not data.startswith(_SIGNATURES[kind]):
        raise unusable(message("bundle.not_its_type", suffix=path.suffix.lower()))
    problem = _unreadable(kind, data)
    if problem is not None:
        raise unusable(problem)
    return _Source(attachment, kind, path.suffix, data)


def _short(text: str, limit: int = 50) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _unreadable(kind: str, data: bytes) -> Message | None:
    """Why the combined PDF could not take this file, checked before any work is done."""
    if kind == "pdf":
        from pypdf import PdfReader

        try:
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                return message("bundle.pdf_password")
            if not reader.pages:
                return message("bundle.pdf_empty")
        except Exception as error:  # pypdf's errors for a damaged file
            return message("bundle.pdf_damaged", problem=type(error).__name__)
    if kind == "image":
        from PIL import Image, UnidentifiedImageError

        try:
            with Image.open(io.BytesIO(data)) as image:
                image.verify()
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
            return message("bundle.image_damaged", problem=type(error).__name__)
    return None


def _image_pdf(data: bytes, paper: tuple[float, float]) -> bytes:
    import logging

    import img2pdf

    layout = img2pdf.get_layout_fun(
        pagesize=paper, border=(_IMAGE_MARGIN_POINTS, _IMAGE_MARGIN_POINTS), fit=img2pdf.FitMode.into, auto_orient=True
    )
    quiet = logging.getLogger("img2pdf")
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # it reports how it stores transparency; nothing for the seller
    try:
        return img2pdf.convert(data, layout_fun=layout)
    finally:
        quiet.setLevel(level)


def _combined_pdf(
    plan_pdf: bytes, sources: list[_Source], converted: dict[str, bytes], paper: tuple[float, float]
) -> tuple[bytes, dict[int, tuple[int, int]]]:
    """The plan, then each attachment; and each attachment's first and last page in it (from 1)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(plan_pdf)), outline_item=PLAN_NAME, import_outline=False)
    ranges: dict[int, tuple[int, int]] = {}
    for source in sources:
        if source.kind == "pdf":
            pdf = source.data
        elif source.kind == "image":
            pdf = _image_pdf(source.data, paper)
        else:
            pdf = converted[source.file_name]
        reader = PdfReader(io.BytesIO(pdf))
        if reader.is_encrypted:
            reader.decrypt("")
        first = len(writer.pages) + 1
        writer.append(reader, outline_item=source.file_name.rsplit(".", 1)[0], import_outline=False)
        ranges[source.attachment.number] = (first, len(writer.pages))
    writer.add_metadata({"/Title": f"{PLAN_NAME} with attachments"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), ranges


_KINDS = {
    "supplier_invoice": "Supplier invoice",
    "letter_of_authorization": "Letter of authorization",
    "retraction": "Retraction from the rights owner",
    "test_report": "Test report",
    "other": "Supporting document",
}


def index_text(case: Case, sources: list[_Source], page_ranges: dict[int, tuple[int, int]]) -> str:
    """What is in the bundle, for the seller and for anyone the bundle is handed to."""
    marketplace = load_marketplaces()[case.marketplace]
    plan_pages = min((first for first, _ in page_ranges.values()), default=0) - 1
    lines = [
        f"{PLAN_NAME}: {case.seller.legal_name} ({marketplace.name}), notice of {case.notice_date.isoformat()}",
        "",
        f"{PLAN_NAME}.docx  the plan, to edit",
        f"{PLAN_NAME}.pdf  the plan",
        f"{COMBINED_NAME}  the plan" + (f" (pages 1-{plan_pages}) and every attachment after it" if sources else ""),
        "",
        "Attachments, in the order the plan cites them:" if sources else "The plan cites no attachments.",
    ]
    for source in sources:
        item = source.attachment.evidence
        first, last = page_ranges[source.attachment.number]
        pages = f"page {first}" if first == last else f"pages {first}-{last}"
        details = [_KINDS[item.kind], item.date.isoformat() if item.date else "undated"]
        if item.asins:
            details.append("ASINs " + ", ".join(item.asins))
        lines += [
            "",
            source.file_name,
            f"  {item.name}",
            f"  {'; '.join(details)}; {pages} of the combined PDF",
        ]
    return "\n".join(lines) + "\n"


# --- writing ---------------------------------------------------------------------------------------


def write_bundle(files: list[BundleFile], target: Path, *, force: bool = False) -> None:
    """A .zip file (replaced only with force), or a new or empty folder; all or nothing."""
    if target.suffix.lower() == ".zip":
        atomic_write(target, _zip_bytes(files), force=force)
        return
    _check_folder(target)
    try:
        temp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    except OSError as error:
        raise PoaError.of(
            "output.cannot_create", path=target, folder=target.parent, problem=error.strerror or error
        ) from None
    try:
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(temp, 0o777 & ~mask)  # a temporary folder is private; the bundle is an ordinary folder
        for file in files:
            atomic_write(temp / file.name, file.data)
        if target.is_dir():
            target.rmdir()  # empty, checked above
        os.replace(temp, target)
    except OSError as error:
        raise PoaError.of("output.cannot_write", path=target, problem=error.strerror or error) from None
    finally:
        if temp.exists():
            shutil.rmtree(temp, ignore_errors=True)


def check_bundle_target(target: Path, force: bool) -> None:
    """Refuse a target before any work: an existing zip without force, a folder that is not empty,
    anything that is not a regular file or a real folder."""
    if target.suffix.lower() == ".zip":
        check_target(target, force)
    else:
        _check_folder(target)


def _check_folder(target: Path) -> None:
    import stat

    check_name(target)
    mode = target_mode(target)
    if mode is None:
        if not target.parent.is_dir():
            raise PoaError.of("output.no_folder", path=target, folder=target.parent)
    elif stat.S_ISDIR(mode):
        if any(target.iterdir()):
            raise PoaError.of("bundle.not_empty", path=target)
    else:
        check_target(target, force=True)  # a link, pipe or device: refused, saying which
        raise PoaError.of("bundle.is_file", path=target)


def _zip_bytes(files: list[BundleFile]) -> bytes:
    import zipfile

    out = io.BytesIO()
    stamp = dt.datetime.now().timetuple()[:6]
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for file in files:
            info = zipfile.ZipInfo(file.name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, file.data)
    return out.getvalue()
