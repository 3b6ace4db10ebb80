"""What a notice says, as read: the reading, its JSON and the partial case it gives."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


class Said(str):
    """A note, warning or deadline explanation of the reading: English as the text itself (what the JSON
    and the tests read), with its Chinese wording for `poa notice --lang zh` and the wizard."""

    zh: str

    def __new__(cls, en: str, zh: str) -> Said:
        said = super().__new__(cls, en)
        said.zh = zh
        return said

    def __reduce__(self) -> tuple[Any, ...]:  # copied or pickled with both wordings
        return Said, (str(self), self.zh)

    def in_language(self, lang: str) -> str:
        return self.zh if lang == "zh" else str(self)


def said_in(text: str, lang: str) -> str:
    """A reading's note in lang; a plain note (English only) as it is."""
    return text.in_language(lang) if isinstance(text, Said) else text


def reason_zh(reason_id: str) -> str:
    """A reason as Chinese notes name it: its Chinese label, never its id."""
    from poa.case.catalog import load_catalog

    catalog = load_catalog()
    return catalog[reason_id].label.zh if reason_id in catalog else reason_id


@dataclass
class MetricFound:
    """A performance metric as the notice states it; None where the notice does not say."""

    rate_percent: float | None = None
    target_percent: float | None = None
    window_days: int | None = None
    defects: int | None = None
    orders: int | None = None

    def percent(self, direction: str) -> float | None:
        if self.rate_percent is not None:
            return self.rate_percent
        if self.defects is not None and self.orders:
            from poa.case.metrics import rate_from_counts

            return round(rate_from_counts(self.defects, self.orders, direction), 2)  # type: ignore[arg-type]
        return None


@dataclass
class ReasonSignal:
    """Why a reason was (or was not) reported: its points and the phrases found."""

    score: int = 0
    found: list[str] = field(default_factory=list)


@dataclass
class UsualWindow:
    """A reason's usual response window from the catalogue: a hint, never the notice's own deadline."""

    reason: str
    days: int
    business_days: bool
    due: str | None
    source: str


@dataclass
class NoticeReading:
    reasons: list[str] = field(default_factory=list)
    asins: list[str] = field(default_factory=list)
    notice_date: dt.date | None = None
    notice_date_text: str | None = None
    marketplace: str | None = None
    metrics: dict[str, MetricFound] = field(default_factory=dict)
    deadline: dt.date | None = None
    # How the deadline was found: "stated: by ..." or "17 days from the notice date".
    deadline_basis: str | None = None  # a Said
    complaint_ids: list[str] = field(default_factory=list)
    rights_owner: str | None = None
    infringement_type: str | None = None
    registration_numbers: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    signals: dict[str, ReasonSignal] = field(default_factory=dict)
    # The policy as the notice writes it ("Seller Code of Conduct"), and the reasons a list gives per ASIN.
    policy: str | None = None
    asin_reasons: dict[str, list[str]] = field(default_factory=dict)

    @property
    def classified(self) -> bool:
        return bool(self.reasons)

    def to_json(self) -> dict[str, Any]:
        from poa.case.catalog import load_catalog

        catalog = load_catalog()
        percents: dict[str, float | None] = {}
        for reason_id, found in self.metrics.items():
            spec = catalog[reason_id].metric
            percents[reason_id] = found.percent(spec.direction) if spec else found.rate_percent
        return {
            "reasons": list(self.reasons),
            "asins": list(self.asins),
            "date": _iso(self.notice_date),
            "marketplace": self.marketplace,
            "metrics": {key: value for key, value in percents.items() if value is not None},
            "metric_details": {
                key: {name: value for name, value in vars(found).items() if value is not None}
                for key, found in self.metrics.items()
            },
            "deadline": _iso(self.deadline),
            "deadline_basis": None if self.deadline_basis is None else str(self.deadline_basis),
            "documents": [str(d) for d in self.documents],
            "complaint_ids": list(self.complaint_ids),
            "rights_owner": self.rights_owner,
            "infringement_type": self.infringement_type,
            "registration_numbers": list(self.registration_numbers),
            "notes": [str(n) for n in self.notes],
            "warnings": [str(w) for w in self.warnings],
            "signals": {key: {"score": s.score, "found": list(s.found)} for key, s in self.signals.items()},
            "asin_reasons": {asin: list(reasons) for asin, reasons in self.asin_reasons.items()},
            "policy": self.policy,
            "usual_deadlines": [vars(window) for window in self.usual_windows()],
        }

    def usual_windows(self) -> list[UsualWindow]:
        """When the notice states no deadline: the catalogue's usual window per reason, with its source."""
        if self.deadline is not None:
            return []
        from poa.case.catalog import load_catalog

        catalog = load_catalog()
        windows = []
        for reason_id in self.reasons:
            reason = catalog[reason_id]
            if reason.response is None:
                continue
            due = None
            if self.notice_date is not None:
                from poa.case.metrics import deadline

                due = deadline(self.notice_date, reason.response.days, business_days=reason.response.business_days)
            source = reason.sources[-1] if len(reason.sources) > 1 else reason.sources[0]
            windows.append(
                UsualWindow(
                    reason=reason_id,
                    days=reason.response.days,
                    business_days=reason.response.business_days,
                    due=_iso(due),
                    source=Said(source.cited("en"), source.cited("zh")),
                )
            )
        return windows

    def partial_case(self) -> dict[str, Any]:
        """What the notice says, under the case's own keys; only what was found.

        Adding the seller, the plans and the metrics the notice gives no value for makes it a case.
        """
        from poa.case.catalog import load_catalog

        catalog = load_catalog()
        data: dict[str, Any] = {}
        if self.marketplace:
            data["marketplace"] = self.marketplace
        if self.notice_date:
            data["notice_date"] = self.notice_date.isoformat()
        if self.reasons:
            data["reasons"] = list(self.reasons)
        metrics: dict[str, dict[str, Any]] = {}
        for reason_id, found in self.metrics.items():
            if reason_id not in self.reasons or catalog[reason_id].kind != "performance":
                continue
            reading: dict[str, Any] = {}
            if found.rate_percent is not None:
                reading["rate_percent"] = found.rate_percent
            if found.defects is not None and found.orders is not None:
                reading["defects"], reading["orders"] = found.defects, found.orders
            if not reading:
                continue  # a target alone is not a reading of the seller's metric
            if found.window_days is not None:
                reading["window_days"] = found.window_days
            metrics[reason_id] = reading
        if metrics:
            data["metrics"] = metrics
        if self.asins:
            data["affected_asins"] = list(self.asins)
        notice: dict[str, Any] = {}
        if self.complaint_ids:
            notice["complaint_ids"] = list(self.complaint_ids)
        if self.rights_owner:
            notice["rights_owner"] = self.rights_owner
        if self.infringement_type:
            notice["infringement_type"] = self.infringement_type
        if self.registration_numbers:
            notice["registration_numbers"] = list(self.registration_numbers)
        if self.deadline:
            notice["deadline"] = self.deadline.isoformat()
        if self.documents:
            notice["documents_requested"] = [str(d) for d in self.documents]  # English, as the case holds it
        if self.policy:
            notice["policy"] = self.policy
        if self.asin_reasons:
            notice["asin_reasons"] = {asin: list(reasons) for asin, reasons in self.asin_reasons.items()}
        if notice:
            data["notice"] = notice
        return data


def _iso(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()
