"""A case rendered into the bytes of each output format."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from poa.case.catalog import english_of, load_catalog, load_marketplaces
from poa.case.metrics import deadline
from poa.plan.render import render_markdown

if TYPE_CHECKING:
    from poa.case.model import Case
    from poa.plan.reference import ReferenceDocx

TITLE = "Plan of Action"


def render(
    case: Case,
    fmt: str,
    *,
    today: dt.date,
    user_templates: Path | None = None,
    form_limits: dict[str, int] | None = None,
    reference_docx: ReferenceDocx | None = None,
) -> bytes:
    if fmt == "form":  # one plain-text block per appeal-form field, from the same sections
        from poa.plan.form import blocks_text, form_blocks

        blocks = form_blocks(case, today=today, limits=form_limits, user_templates=user_templates)
        return blocks_text(blocks).encode("utf-8")
    markdown = render_markdown(case, today=today, user_templates=user_templates)
    if fmt == "md":
        return markdown.encode("utf-8")
    if fmt == "txt":
        from poa.plan.text import markdown_to_text

        return markdown_to_text(markdown).encode("utf-8")
    if fmt in ("docx", "pdf"):
        from poa.plan.docx import docx_bytes

        reference = reference_docx.open() if reference_docx is not None else None
        document = docx_bytes(markdown, document_info(case, today=today), reference)
        if fmt == "docx":
            return document
        from poa.plan.pdf import docx_to_pdf

        return docx_to_pdf({"the plan": document})["the plan"]
    raise ValueError(f"unknown format {fmt!r}")


def document_info(case: Case, *, today: dt.date):  # -> poa.plan.docx.DocumentInfo, imported with python-docx
    from poa.plan.docx import DocumentInfo

    catalog = load_catalog()
    marketplace = load_marketplaces()[case.marketplace]
    english = english_of(case.marketplace)
    labels = [english.localise(catalog[r].plan_label) for r in case.reasons]
    return DocumentInfo(
        title=TITLE,
        author=case.seller.legal_name,
        subject=f"{TITLE}: {'; '.join(labels)}, {marketplace.name}",
        header_text=case.seller.legal_name,
        paper=marketplace.paper,
        # What a search for the file should find: the reasons as the plan names them and the ASINs.
        keywords=", ".join([*labels, *case.affected_asins]),
        language=english.id,
        date=case.plan_date or today,
    )


@dataclass(frozen=True)
class ResponseDeadline:
    reason_id: str
    due: dt.date
    # None when the notice states the date itself; else the usual window it was counted from.
    days: int | None
    business_days: bool


def response_deadlines(case: Case) -> list[ResponseDeadline]:
    """The notice's own deadline when it states one, else the usual window of each reason."""
    if case.notice is not None and case.notice.deadline is not None:
        return [ResponseDeadline(case.reasons[0], case.notice.deadline, None, False)]
    catalog = load_catalog()
    found = []
    for reason_id in case.reasons:
        window = catalog[reason_id].response
        if window is not None:
            due = deadline(case.notice_date, window.days, business_days=window.business_days)
            found.append(ResponseDeadline(reason_id, due, window.days, window.business_days))
    return found


def metric_notes(case: Case) -> list[str]:
    """For the seller, not the document: how many defect-free orders bring each metric within target.

    On a rolling window old orders also drop out, so the figure is a guide for the seller; printed in
    the plan it would read as a promise to a reviewer.
    """
    from poa.plan.context import build_context

    lines = []
    for view in build_context(case, today=case.notice_date).performance:
        status = view.metric.status if view.metric else None
        if status is None or status.met or status.orders_needed is None:
            continue
        lines.append(
            f"{view.label}: with no new defect, {status.orders_needed:,} more defect-free orders bring it "
            "within target (old orders also leave the window, so check Account Health)."
        )
    return lines


def reminders(case: Case, *, today: dt.date) -> list[str]:
    """Deadlines still ahead and cautions, for the seller (not for the document)."""
    catalog = load_catalog()
    lines = [catalog[r].caution.en for r in case.reasons if catalog[r].caution is not None]  # type: ignore[union-attr]
    for item in response_deadlines(case):
        if item.due < today:
            continue
        if item.days is None:
            lines.append(f"Your notice asks for a response by {item.due.isoformat()}.")
            continue
        unit = "business days" if item.business_days else "days"
        lines.append(
            f"Notices for {catalog[item.reason_id].label.en} usually allow {item.days} {unit}: "
            f"respond by {item.due.isoformat()} (check the deadline in your own notice)."
        )
    return lines


def write_plan(
    case: Case,
    *,
    case_path: Path,
    plan_path: Path,
    today: dt.date,
    replace_case: bool = False,
    replace_plan: bool = False,
) -> None:
    """Save the case and its .docx. The document is built first, so a failure writes neither file."""
    from poa.case.store import atomic_write, dump_case

    document = render(case, "docx", today=today)
    answers = dump_case(case, "json" if case_path.suffix.lower() == ".json" else "yaml")
    atomic_write(case_path, answers.encode("utf-8"), force=replace_case)
    atomic_write(plan_path, document, force=replace_plan)
