"""Steps 1 and 2 of `poa new`: the language, then the seller account, the notice date and who signs."""

from __future__ import annotations

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
    yield date_question(iv, "notice_date", 2, iv.text("q.notice_date"), ("notice_date",), notice=True)
    yield text_question(iv, "seller.signer_name", 2, iv.text("q.signer_name"), ("seller", "signer_name"))
    yield text_question(
        iv, "seller.signer_role", 2, iv.text("q.signer_role"), ("seller", "signer_role"), default="Owner"
    )
