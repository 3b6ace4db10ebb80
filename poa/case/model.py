"""The case: everything a seller tells poa, validated, and the schema of the answers file."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from poa.case.catalog import EvidenceKind, load_catalog, load_marketplaces
from poa.case.metrics import rate_from_counts
from poa.case.text import clean_line, clean_paragraphs

SCHEMA_VERSION = 1

# Lengths are bounded so a stray paste cannot produce a 400-page letter.
Name = Annotated[str, BeforeValidator(clean_line), StringConstraints(min_length=1, max_length=200)]
Line = Annotated[str, BeforeValidator(clean_line), StringConstraints(min_length=1, max_length=600)]
LongText = Annotated[str, BeforeValidator(clean_paragraphs), StringConstraints(max_length=20_000)]

_ASIN = re.compile(r"^[A-Z0-9]{10}$")
_ISBN10 = re.compile(r"^[0-9]{9}[0-9X]$")


def _isbn10_checks(isbn: str) -> bool:
    total = sum((10 - i) * (10 if ch == "X" else int(ch)) for i, ch in enumerate(isbn))
    return total % 11 == 0


def normalise_asin(value: object) -> str:
    """An ASIN is 10 letters and digits starting with B; a book's ASIN is its ISBN-10."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError("an ASIN must be text such as B08KTZ8249")
    asin = clean_line(value).upper()
    if not _ASIN.match(asin) and not _ISBN10.match(asin):
        raise ValueError(f"'{asin}' is not an ASIN: an ASIN is 10 letters and digits, such as B08KTZ8249")
    if _ISBN10.match(asin):
        if not _isbn10_checks(asin):
            raise ValueError(f"'{asin}' is not a valid ISBN-10 (its check digit is wrong)")
    elif not asin.startswith("B"):
        raise ValueError(f"'{asin}' is not an ASIN: ASINs other than ISBN-10s start with B, such as B08KTZ8249")
    return asin


def _unique_asins(asins: list[str]) -> list[str]:
    return list(dict.fromkeys(asins))


Asin = Annotated[str, BeforeValidator(normalise_asin)]
AsinList = Annotated[list[Asin], AfterValidator(_unique_asins), Field(max_length=500)]


def _known_reason(value: str) -> str:
    catalog = load_catalog()
    if value not in catalog:
        raise ValueError(catalog.unknown_reason_message(value))
    return value


def _known_marketplace(value: str) -> str:
    domain = value.strip().lower().removeprefix("https://").removeprefix("www.").rstrip("/")
    markets = load_marketplaces()
    if domain not in markets:
        raise ValueError(f"unknown marketplace {value!r} (known: {', '.join(markets)})")
    return domain


ReasonId = Annotated[str, BeforeValidator(clean_line), AfterValidator(_known_reason)]
MarketplaceDomain = Annotated[str, AfterValidator(_known_marketplace)]


class _Part(BaseModel):
    # Unknown keys are typos in an answers file: refuse them rather than drop what the seller wrote.
    model_config = ConfigDict(extra="forbid")


class Seller(_Part):
    legal_name: Name
    store_name: Name
    merchant_token: Name | None = None
    signer_name: Name
    signer_role: Name
    # As on the account, so invoices' buyer address can be compared with it.
    business_address: Line | None = None

    @field_validator("merchant_token")
    @classmethod
    def _token_shape(cls, value: str | None) -> str | None:
        if value is None:
            return None
        token = value.upper()
        if not re.fullmatch(r"[A-Z0-9]{8,20}", token):
            raise ValueError(
                "a merchant token is 8 to 20 letters and digits, such as A2EXAMPLE7TOKEN "
                "(Seller Central > Settings > Account Info > Merchant Token)"
            )
        return token


class MetricReading(_Part):
    """A performance metric as the notice or Account Health states it: a rate, or the counts behind it.

    `defects` counts the failing orders (late, cancelled, untracked, ...) of `orders` in the window.
    """

    rate_percent: float | None = Field(default=None, ge=0, le=100)
    defects: int | None = Field(default=None, ge=0, le=100_000_000)
    orders: int | None = Field(default=None, ge=1, le=100_000_000)
    window_days: int | None = Field(default=None, ge=1, le=366)

    @model_validator(mode="after")
    def _rate_or_counts(self) -> MetricReading:
        has_counts = self.defects is not None or self.orders is not None
        if has_counts and (self.defects is None or self.orders is None):
            missing = "orders" if self.orders is None else "defects"
            raise ValueError(f"give both defects and orders (missing: {missing}), or only rate_percent")
        if self.rate_percent is None and not has_counts:
            raise ValueError("give rate_percent (for example 2.13) or the counts defects and orders")
        if self.defects is not None and self.orders is not None and self.defects > self.orders:
            raise ValueError(f"defects ({self.defects}) cannot exceed orders ({self.orders})")
        return self

    @property
    def has_counts(self) -> bool:
        return self.defects is not None and self.orders is not None


class CorrectiveAction(_Part):
    text: Line
    date: dt.date
    asins: AsinList = []


class PreventiveMeasure(_Part):
    text: Line
    owner: Name
    frequency: Name


class InvoiceSupplier(_Part):
    """Who issued the invoice; every field is optional so a partial reading can be pasted and completed."""

    name: Name | None = None
    address: Line | None = None
    phone: Name | None = None
    email: Name | None = None
    website: Name | None = None


class InvoiceBuyer(_Part):
    name: Name | None = None
    address: Line | None = None


class InvoiceLine(_Part):
    asin: Asin | None = None
    sku: Name | None = None
    description: Line | None = None
    quantity: int = Field(ge=0, le=100_000_000)


class Invoice(_Part):
    """What a supplier invoice says, for the checker: who sold what to whom, when, and how many."""

    # The document's own heading ("Commercial Invoice", "Proforma Invoice"), as printed.
    title: Line | None = None
    number: Name | None = None
    date: dt.date | None = None
    supplier: InvoiceSupplier = InvoiceSupplier()
    buyer: InvoiceBuyer = InvoiceBuyer()
    lines: list[InvoiceLine] = Field(default=[], max_length=500)
    # Why an invoice dated after the notice belongs to the appeal.
    note: Line | None = None


class Evidence(_Part):
    name: Line
    kind: EvidenceKind
    date: dt.date | None = None
    asins: AsinList = []
    # The attachment's file, absolute or relative to the case file's folder.
    file: Line | None = None
    invoice: Invoice | None = None

    @model_validator(mode="after")
    def _invoice_fits(self) -> Evidence:
        if self.invoice is None:
            return self
        if self.kind != "supplier_invoice":
            raise ValueError(
                f"invoice: only a document of kind supplier_invoice carries an invoice block, not {self.kind}"
            )
        if self.invoice.date is not None:
            if self.date is None:
                self.date = self.invoice.date
            elif self.date != self.invoice.date:
                raise ValueError(
                    f"date {self.date.isoformat()} differs from invoice.date {self.invoice.date.isoformat()}; "
                    "make them agree"
                )
        return self


class ReasonPlan(_Part):
    root_causes: list[Line] = Field(min_length=1, max_length=30)
    corrective_actions: list[CorrectiveAction] = Field(min_length=1, max_length=30)
    preventive_measures: list[PreventiveMeasure] = Field(min_length=1, max_length=30)
    evidence: list[Evidence] = Field(default=[], max_length=50)


class PreviousAppeal(_Part):
    date: dt.date
    outcome: Literal["rejected", "more_information_requested", "no_reply"]
    amazon_reply: LongText | None = None
    text_sent: LongText | None = None


class NoticeDetails(_Part):
    """What Amazon's notice itself states beyond reasons and ASINs, kept for the plan and the checker."""

    complaint_ids: list[Name] = Field(default=[], max_length=50)
    rights_owner: Name | None = None
    infringement_type: Literal["trademark", "copyright", "patent", "design"] | None = None
    registration_numbers: list[Name] = Field(default=[], max_length=50)
    # The last day to respond, as the notice gives it or as counted from the notice date.
    deadline: dt.date | None = None
    documents_requested: list[Line] = Field(default=[], max_length=30)


class Case(_Part):
    schema_version: int = SCHEMA_VERSION
    seller: Seller
    marketplace: MarketplaceDomain
    notice_date: dt.date
    # The date printed on the plan; the day it is rendered when left out.
    plan_date: dt.date | None = None
    reasons: list[ReasonId] = Field(min_length=1, max_length=16)
    metrics: dict[ReasonId, MetricReading] = {}
    affected_asins: AsinList = []
    # Units sold of each ASIN under review in the 365 days before the notice: invoices must cover them.
    units_sold: dict[Asin, Annotated[int, Field(ge=0, le=100_000_000)]] = {}
    plans: dict[ReasonId, ReasonPlan]
    previous_appeals: list[PreviousAppeal] = Field(default=[], max_length=20)
    notice: NoticeDetails | None = None

    @field_validator("schema_version")
    @classmethod
    def _supported_version(cls, value: int) -> int:
        if value != SCHEMA_VERSION:
            raise ValueError(f"schema_version {value} is not supported (this poa reads version {SCHEMA_VERSION})")
        return value

    @field_validator("reasons")
    @classmethod
    def _no_repeats(cls, reasons: list[str]) -> list[str]:
        seen: set[str] = set()
        for reason in reasons:
            if reason in seen:
                raise ValueError(f"'{reason}' is listed twice; list each reason once")
            seen.add(reason)
        return reasons

    @model_validator(mode="after")
    def _consistent(self) -> Case:
        catalog = load_catalog()
        _check_keys(
            "plans", self.plans, self.reasons, "each of the case's reasons", "root_causes, corrective_actions, ..."
        )
        performance = [r for r in self.reasons if catalog[r].kind == "performance"]
        _check_keys(
            "metrics", self.metrics, performance, "the case's performance reasons", "rate_percent or defects and orders"
        )
        for reason_id, reading in self.metrics.items():
            _check_rate_matches_counts(reason_id, reading)
        self._check_asins_listed()
        return self

    def _check_asins_listed(self) -> None:
        listed = set(self.affected_asins)
        for asin in self.units_sold:
            if asin not in listed:
                raise ValueError(f"units_sold.{asin}: {asin} is not in affected_asins (add it there or correct it)")
        for reason_id, plan in self.plans.items():
            for field, items in (("corrective_actions", plan.corrective_actions), ("evidence", plan.evidence)):
                for index, item in enumerate(items):
                    for asin in item.asins:
                        if asin not in listed:
                            raise ValueError(
                                f"plans.{reason_id}.{field}[{index}].asins: {asin} is not in affected_asins "
                                "(add it there or correct it)"
                            )


def _check_keys(field: str, mapping: dict[str, object], expected: list[str], whose: str, needs: str) -> None:
    """One entry of `field` for each expected reason: none missing, none for a reason not in the case."""
    for key in mapping:
        if key not in expected:
            listed = ", ".join(expected) or "none here"
            raise ValueError(
                f"{field}.{key}: {field} holds one entry for {whose} ({listed}); remove it or add it there"
            )
    for key in expected:
        if key not in mapping:
            raise ValueError(f"{field}: '{key}' is missing (add {field}.{key} with {needs})")


def _check_rate_matches_counts(reason_id: str, reading: MetricReading) -> None:
    """A rate typed beside its counts must agree with them, or one of the two is a typo."""
    if reading.rate_percent is None or not reading.has_counts:
        return
    spec = load_catalog()[reason_id].metric
    assert spec is not None  # metrics keys are performance reasons, checked before
    computed = rate_from_counts(reading.defects or 0, reading.orders or 1, spec.direction)
    if abs(computed - reading.rate_percent) > 0.01 + 1e-9:
        raise ValueError(
            f"metrics.{reason_id}: rate_percent {reading.rate_percent} does not match "
            f"{reading.defects} of {reading.orders} orders ({computed:.2f}%); correct one of them"
        )
