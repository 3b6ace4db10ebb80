"""Step 8 of `poa new`, as data: every answer on one screen, and the menu of sections to change."""

from __future__ import annotations

from typing import Any

from poa.case.catalog import load_catalog, measure_label
from poa.interview.plan_questions import item_text
from poa.interview.question import PLAN_SECTIONS, InterviewView, short
from poa.interview.reason_questions import metric_notes


def review_lines(iv: InterviewView) -> list[str]:
    """Every section on one screen: what the plan will say, item by item, shortened."""
    missing = iv.text("review.missing")
    colon = "：" if iv.lang == "zh" else ": "  # full-width after a Chinese label
    seller = iv.get("seller", default={}) or {}
    lines = [
        f"{iv.text('review.seller')}{colon}{seller.get('legal_name', missing)} · {seller.get('store_name', missing)}"
        + (f" · {seller['merchant_token']}" if seller.get("merchant_token") else ""),
        f"{iv.text('review.marketplace')}{colon}{iv.get('marketplace', default=missing)} · "
        f"{iv.text('review.notice_date')}{colon}{iv.get('notice_date', default=missing)}",
        f"{iv.text('review.signer')}{colon}{seller.get('signer_name', missing)}"
        + ("，" if iv.lang == "zh" else ", ")
        + str(seller.get("signer_role", missing)),
        f"{iv.text('review.reasons')}{colon}"
        + (("、" if iv.lang == "zh" else ", ").join(iv.label(r) for r in iv.reasons()) or missing),
    ]
    catalog = load_catalog()
    for reason_id in iv.reasons():
        reading = iv.get("metrics", reason_id)
        if catalog[reason_id].kind == "performance":
            if isinstance(reading, dict):
                try:
                    numbers = {k: float(v) if k == "rate_percent" else int(v) for k, v in reading.items()}
                    lines.append(
                        f"{iv.text('review.metrics')}{colon}" + " ".join(metric_notes(iv, catalog[reason_id], numbers))
                    )
                except (TypeError, ValueError):
                    lines.append(f"{iv.text('review.metrics')}{colon}{iv.label(reason_id)}{colon}{reading}")
            else:
                lines.append(f"{iv.text('review.metrics')}{colon}{iv.label(reason_id)}{colon}{missing}")
    asins = iv.get("affected_asins", default=[])
    lines.append(f"{iv.text('review.asins')}{colon}" + (", ".join(map(str, asins)) if asins else iv.text("note.none")))
    for reason_id in iv.reasons():
        for section in PLAN_SECTIONS:
            items = iv.items(reason_id, section)
            count = f"（{len(items)}）" if iv.lang == "zh" else f" ({len(items)})"
            lines.append(f"{iv.label(reason_id)} · {iv.text('section.' + section)}{count}")
            for number, item in enumerate(items, 1):
                details = _item_details(section, item, iv.lang)
                lines.append(f"  {number}. {short(item_text(section, item), 90)}{details}")
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


def review_choices(iv: InterviewView, *, ready: bool) -> list[tuple[str, str]]:
    """The review screen's menu: confirm (once the case is complete), then every section to change."""
    choices = [("confirm", iv.text("q.review.confirm"))] if ready else []
    choices += [(name, iv.text(f"q.review.{name}")) for name in ("seller", "reasons")]
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
