"""A short, factual request to Seller Performance for the policy and ASINs a notice did not name.

It needs only the seller and what the notice said, not a plan: a partial case from `poa notice -o`
with the seller added is enough. The wording lives in templates/request.md.j2; the text is plain.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from poa.case.model import AsinList, MarketplaceDomain, NoticeDetails, ReasonId, Seller

REQUEST_TEMPLATE = "request.md.j2"
# Marketplaces that close a letter with "Sincerely"; the others write "Kind regards".
_SINCERELY = {"amazon.com", "amazon.ca"}


class RequestFacts(BaseModel):
    """The parts of a case the request uses; the rest of a case (plans, metrics) may be there or not."""

    model_config = ConfigDict(extra="ignore")

    seller: Seller
    marketplace: MarketplaceDomain
    notice_date: dt.date
    reasons: list[ReasonId] = []
    affected_asins: AsinList = []
    notice: NoticeDetails | None = None


def request_facts(data: Any, path: Path) -> RequestFacts:
    """The request's facts from a case file's data, or one line naming the field to add."""
    from poa.case.store import validated

    return validated(RequestFacts, data, path)


def request_text(facts: RequestFacts, *, user_templates: Path | None = None) -> str:
    """The request as plain text, ready to paste into the appeal form or a reply to the notice."""
    from poa.case.catalog import load_catalog, load_marketplaces
    from poa.plan.render import _render, _tidy, make_environment
    from poa.plan.text import markdown_to_text

    catalog = load_catalog()
    cited = [catalog[r].label.en for r in facts.reasons if catalog[r].notice.role != "fallback"]
    policy = facts.notice.policy if facts.notice else None
    variables = {
        "seller": facts.seller,
        "marketplace": load_marketplaces()[facts.marketplace],
        "notice_date": facts.notice_date,
        "asins": list(facts.affected_asins),
        # A policy name in Chinese would put Chinese into an English letter: the reasons' labels say it instead.
        "policy": policy if policy and policy.isascii() else None,
        "reasons": cited,
        "sign_off": "Sincerely" if facts.marketplace in _SINCERELY else "Kind regards",
    }
    markdown = _tidy(_render(make_environment(user_templates), REQUEST_TEMPLATE, variables))
    return markdown_to_text(markdown)
