"""Steps 1 and 2 of `poa new`: the language, then the seller account, the notice date and who signs."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator

from poa.case.catalog import load_marketplaces
from poa.interview.answers import parse_merchant_token, say
from poa.interview.question import InterviewView, Question, date_question, step_title, text_question
from poa.languages import NAMES, ZH_HANT, is_traditional, text_language


def language_question(iv: InterviewView) -> Question:
    def store(value: str) -> None:
        iv.lang = text_language(value)
        iv.hant = is_traditional(value)

    return Question(
        "lang",
        1,
        step_title(iv, 1),
        "select",
        say("q.lang", iv.lang) + " / " + say("q.lang", "zh" if iv.lang == "en" else "en"),
        default=ZH_HANT if iv.hant else iv.lang,
        choices=list(NAMES.items()),
        store=store,
        answered=lambda: False,
    )


def seller_questions(iv: InterviewView) -> Iterator[Question]:
    yield text_question(iv, "seller.legal_name", 2, iv.text("q.legal_name"), ("seller", "legal_name"))
    yield text_question(iv, "seller.store_name", 2, iv.text("q.store_name"), ("seller", "store_name"))
    token = iv.get("seller", "merchant_token")
    yield Question(
        "seller.merchant_token",
        2,
        step_title(iv, 2),
        "text",
        iv.text("q.merchant_token"),
        default=token or "",
        read=lambda raw: parse_merchant_token(raw, iv.lang),
        store=lambda value: iv.put("seller", "merchant_token", value=value),
        answered=lambda: iv.get("seller", "legal_name") is not None,
    )
    markets = load_marketplaces()
    current = iv.get("marketplace")
    yield Question(
        "marketplace",
        2,
        step_title(iv, 2),
        "select",
        iv.text("q.marketplace"),
        default=current if current in markets else "amazon.com",
        choices=[
            (domain, f"{domain}（{m.country_zh}）" if iv.lang == "zh" else f"{domain}  ({m.country})")
            for domain, m in markets.items()
        ],
        store=lambda value: iv.put("marketplace", value=value),
        answered=lambda: iv.get("marketplace") in markets,
    )
    notice_date = date_question(iv, "notice_date", 2, iv.text("q.notice_date"), ("notice_date",), notice=True)
    notice_date.notes = lambda date: deadline_lines(iv, date)
    yield notice_date
    yield text_question(iv, "seller.signer_name", 2, iv.text("q.signer_name"), ("seller", "signer_name"))
    yield text_question(
        iv, "seller.signer_role", 2, iv.text("q.signer_role"), ("seller", "signer_role"), default="Owner"
    )


def deadline_lines(iv: InterviewView, notice_date: dt.date | None = None) -> list[str]:
    """When to respond by, said as soon as it is known: the deadline the notice states (a notice read),
    else the usual window of each reason chosen, labelled as usual; a day gone by is said plainly.

    Said once per deadline: the reasons' usual windows come after the reasons when the notice date
    came first, and not again when the question is answered again."""
    from poa.case.catalog import load_catalog
    from poa.case.metrics import deadline

    if notice_date is None:
        try:
            notice_date = dt.date.fromisoformat(str(iv.get("notice_date")))
        except ValueError:
            return []
    stated = iv.get("notice", "deadline")
    found: list[tuple[str, dt.date, str | None]] = []  # (key, due, reason)
    if stated:
        with contextlib.suppress(ValueError):
            found.append(("stated", dt.date.fromisoformat(str(stated)), None))
    if not found:
        catalog = load_catalog()
        for reason_id in iv.reasons():
            window = catalog[reason_id].response
            if window is not None:
                found.append(
                    ("usual", deadline(notice_date, window.days, business_days=window.business_days), reason_id)
                )
    lines, said = [], set(iv.flags.get("deadline_said", []))
    for key, due, reason_id in found:
        mark = f"{key}:{reason_id or ''}:{due.isoformat()}"
        if mark in said:
            continue
        said.add(mark)
        passed = due < iv.today
        if key == "stated":
            lines.append(iv.text("note.deadline_passed" if passed else "note.deadline_stated", due=due.isoformat()))
            continue
        window = load_catalog()[reason_id].response  # type: ignore[index]
        assert window is not None
        unit = iv.text("note.business_days" if window.business_days else "note.days", days=window.days)
        label = iv.label(reason_id)  # type: ignore[arg-type]
        key = "note.deadline_usual_passed" if passed else "note.deadline_usual"
        lines.append(iv.text(key, reason=label, unit=unit, due=due.isoformat()))
    iv.flags["deadline_said"] = sorted(said)
    return lines
