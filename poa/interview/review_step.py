"""Step 8 of `poa new`, as data: every answer on one screen, and the menu of sections to change."""

from __future__ import annotations

from typing import Any

from poa.case.catalog import load_catalog, measure_label
from poa.interview.plan_questions import item_text
from poa.interview.question import PLAN_SECTIONS, InterviewView
from poa.interview.reason_questions import metric_notes


def review_lines(iv: InterviewView) -> list[str]:
    """Every section: what the plan will say, item by item, in full (the screen wraps and pages them)."""
    missing = iv.text("review.missing")
    seller = iv.get("seller", default={}) or {}

    def line(label: str, value: object) -> str:  # "Seller: ...", "卖家：..."
        return iv.text("review.line", label=iv.text(f"review.{label}"), value=value)

    lines = [
        line("seller", f"{seller.get('legal_name', missing)} · {seller.get('store_name', missing)}")
        + (f" · {seller['merchant_token']}" if seller.get("merchant_token") else ""),
        line("marketplace", iv.get("marketplace", default=missing))
        + " · "
        + line("notice_date", iv.get("notice_date", default=missing)),
        line(
            "signer",
            f"{seller.get('signer_name', missing)}{iv.text('review.join_names')}{seller.get('signer_role', missing)}",
        ),
        line("reasons", iv.text("review.join").join(iv.label(r) for r in iv.reasons()) or missing),
    ]
    catalog = load_catalog()
    for reason_id in iv.reasons():
        reading = iv.get("metrics", reason_id)
        if catalog[reason_id].kind == "performance":
            if isinstance(reading, dict):
                try:
                    numbers = {k: float(v) if k == "rate_percent" else int(v) for k, v in reading.items()}
                    notes = metric_notes(iv, catalog[reason_id], numbers)
                    lines.append(line("metrics", ("" if iv.lang == "zh" else " ").join(notes)))
                except (TypeError, ValueError):
                    lines.append(line("metrics", f"{iv.label(reason_id)}: {reading}"))
            else:
                lines.append(line("metrics", f"{iv.label(reason_id)}: {missing}"))
    asins = iv.get("affected_asins", default=[])
    lines.append(line("asins", ", ".join(map(str, asins)) if asins else iv.text("note.none")))
    for reason_id in iv.reasons():
        for section in PLAN_SECTIONS:
            items = iv.items(reason_id, section)
            heading = f"{iv.label(reason_id)} · {iv.text('section.' + section)}"
            lines.append(iv.text("review.heading", heading=heading, count=len(items)))
            for number, item in enumerate(items, 1):
                lines.append(f"  {number}. {item_text(section, item)}{_item_details(section, item, iv.lang)}")
    return lines


def _item_details(section: str, item: Any, lang: str = "en") -> str:
    if not isinstance(item, dict):
        return ""
    if section == "corrective_actions":
        return f" [{item.get('date', '?')}]"
    if section == "preventive_measures":
        return " [" + owner_and_frequency(item, lang) + "]"
    if section == "evidence":
        parts = [str(item["date"])] if item.get("date") else []
        if item.get("asins"):
            parts.append(", ".join(map(str, item["asins"])))
        return f" [{'; '.join(parts)}]" if parts else ""
    return ""


def owner_and_frequency(item: dict[str, Any], lang: str) -> str:
    """A measure's owner and frequency as the screen shows them: Chinese labels for the catalogue's values."""
    owner = measure_label("owners", str(item.get("owner", "?")), lang)
    frequency = measure_label("frequencies", str(item.get("frequency", "?")), lang)
    return f"{owner}{'，' if lang == 'zh' else ', '}{frequency}"


def section_choices(iv: InterviewView) -> list[tuple[str, str]]:
    """Every section the review can change: the seller, the reasons, metrics, ASINs, each plan section."""
    choices = [(name, iv.text(f"q.review.{name}")) for name in ("seller", "reasons")]
    if any(load_catalog()[r].kind == "performance" for r in iv.reasons()):
        choices.append(("metrics", iv.text("q.review.metrics")))
    choices.append(("asins", iv.text("q.review.asins")))
    for reason_id in iv.reasons():
        for section in PLAN_SECTIONS:
            choices.append(
                (
                    f"plans.{reason_id}.{section}",
                    iv.text("q.review.section", reason=iv.label(reason_id), section=iv.text("section." + section)),
                )
            )
    return choices


def reopen_section(iv: InterviewView, choice: str) -> None:
    """Ask a review section's questions again, their answers as defaults."""
    if choice == "seller":
        iv.reopen_step(2)
    elif choice == "reasons":
        iv.reopen_step(3)
    elif choice == "metrics":
        iv.reopen_step(4)
    elif choice == "asins":
        iv.reopen_step(5)
    else:
        iv.reopen(choice)
