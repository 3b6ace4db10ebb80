"""The case: everything a seller tells poa, validated, and the schema of the answers file."""

# No "from __future__ import annotations" here: pydantic would evaluate every annotation string again
# when it builds the models, on every start.

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    StringConstraints,
    ValidationError,
    ValidatorFunctionWrapHandler,
    field_validator,
    model_serializer,
    model_validator,
)
from pydantic_core import PydanticCustomError

from poa.case import dates
from poa.case.catalog import EvidenceKind, load_catalog, load_marketplaces, marketplace_domain
from poa.case.metrics import rate_from_counts
from poa.case.text import clean_line, clean_paragraphs
from poa.errors import message

SCHEMA_VERSION = 1

# Lengths are bounded so a stray paste cannot produce a 400-page letter.
Name = Annotated[str, BeforeValidator(clean_line), StringConstraints(min_length=1, max_length=200)]
Line = Annotated[str, BeforeValidator(clean_line), StringConstraints(min_length=1, max_length=600)]
LongText = Annotated[str, BeforeValidator(clean_paragraphs), StringConstraints(max_length=20_000)]
Title = Annotated[str, BeforeValidator(clean_line), StringConstraints(min_length=1, max_length=80)]
ItemId = Annotated[str, BeforeValidator(clean_line), StringConstraints(pattern=r"^[a-z][a-z0-9_-]{0,39}$")]


def problem(key: str, /, **fields: object) -> PydanticCustomError:
    """A validation error whose text comes from the message catalogue, so it can be said in Chinese too.

    The error type is the catalogue key; poa.case.problems turns it back into the seller's language.
    """
    context = {name: str(value) for name, value in fields.items()}
    return PydanticCustomError(key, message(key, **context).text("en"), context)


def _plausible_date(value: dt.date) -> dt.date:
    if not dates.in_range(value):
        raise problem(
            "case.date_range",
            date=value.isoformat(),
            earliest=dates.EARLIEST.isoformat(),
            latest=dates.LATEST.isoformat(),
        )
    return value


# Every date of a case: a real day (YAML or pydantic refuses 2026-02-30) within a plausible range.
Date = Annotated[dt.date, AfterValidator(_plausible_date)]

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
        raise problem("case.asin_type")
    asin = clean_line(value).upper()
    shown = asin if len(asin) <= 40 else asin[:40] + "..."
    if not _ASIN.match(asin) and not _ISBN10.match(asin):
        raise problem("case.asin_shape", asin=shown)
    if _ISBN10.match(asin):
        if not _isbn10_checks(asin):
            raise problem("case.isbn_check", asin=asin)
    elif not asin.startswith("B"):
        raise problem("case.asin_start", asin=asin)
    return asin


def _unique_asins(asins: list[str]) -> list[str]:
    return list(dict.fromkeys(asins))


Asin = Annotated[str, BeforeValidator(normalise_asin)]
AsinList = Annotated[list[Asin], AfterValidator(_unique_asins), Field(max_length=500)]


def _known_reason(value: str) -> str:
    catalog = load_catalog()
    if value not in catalog:
        fields = catalog.unknown_reason_fields(value)
        raise problem("case.unknown_reason_close" if fields["close"] else "case.unknown_reason", **fields)
    return value


def _known_marketplace(value: str) -> str:
    domain = marketplace_domain(value)
    if domain is None:
        shown = value if len(value) <= 60 else value[:60] + "..."
        raise problem("case.unknown_marketplace", value=shown, known=", ".join(load_marketplaces()))
    return domain


ReasonId = Annotated[str, BeforeValidator(clean_line), AfterValidator(_known_reason)]
MarketplaceDomain = Annotated[str, AfterValidator(_known_marketplace)]


def _reference(value: object) -> object:
    """A reference to a root cause or a document of the same reason: its number (1, 2, ...) or its id.

    Case files keep number-looking text as text (see store.py), so "2" is the number 2.
    """
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return value


Ref = Annotated[int | ItemId, BeforeValidator(_reference)]
RefList = Annotated[list[Ref], AfterValidator(lambda refs: list(dict.fromkeys(refs))), Field(max_length=30)]
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")


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
    # Printed under the signature, so the reviewer can write back.
    contact_email: Name | None = None

    @field_validator("contact_email")
    @classmethod
    def _email_shape(cls, value: str | None) -> str | None:
        if value is not None and not _EMAIL.match(value):
            raise ValueError(f"'{value}' is not an e-mail address; write it as name@example.com")
        return value

    @field_validator("merchant_token")
    @classmethod
    def _token_shape(cls, value: str | None) -> str | None:
        if value is None:
            return None
        token = value.upper()
        if not re.fullmatch(r"[A-Z0-9]{8,20}", token):
            raise problem("case.merchant_token")
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
    def _rate_or_counts(self) -> "MetricReading":
        has_counts = self.defects is not None or self.orders is not None
        if has_counts and (self.defects is None or self.orders is None):
            missing = "orders" if self.orders is None else "defects"
            raise problem("case.metric_half_counts", missing=missing)
        if self.rate_percent is None and not has_counts:
            raise problem("case.metric_empty")
        if self.defects is not None and self.orders is not None and self.defects > self.orders:
            raise problem("case.metric_defects_over", defects=self.defects, orders=self.orders)
        return self

    @property
    def has_counts(self) -> bool:
        return self.defects is not None and self.orders is not None


class RootCause(_Part):
    """A root cause: the process that failed. Written as plain text, or with a title and a count.

    title: a few words for the summary ("a shipping template that promised 7-11 days");
    count: how many of the notice's orders or complaints this cause explains;
    id: a name other items can refer to instead of the cause's number.
    """

    text: Line
    title: Title | None = None
    count: int | None = Field(default=None, ge=1, le=100_000_000)
    id: ItemId | None = None

    @model_validator(mode="wrap")
    @classmethod
    def _plain_text(cls, value: object, handler: ValidatorFunctionWrapHandler) -> "RootCause":
        """A cause written as one line of text; a problem with it is the line's, not a "text" field's."""
        if not isinstance(value, str):
            return handler(value)
        try:
            return handler({"text": value})
        except ValidationError as error:
            first = error.errors()[0]
            template = first["msg"].replace("{", "{{").replace("}", "}}")  # the message is not a template
            raise PydanticCustomError(first["type"], template, first.get("ctx")) from None

    @model_serializer(mode="wrap")
    def _as_text_when_plain(self, handler: SerializerFunctionWrapHandler) -> object:
        # A cause with nothing but its text is written back as the plain line it was.
        if self.title is None and self.count is None and self.id is None:
            return self.text
        return handler(self)


class CorrectiveAction(_Part):
    text: Line
    date: Date
    asins: AsinList = []
    # The root causes it fixes, and the documents (this reason's evidence) that prove it was done.
    addresses: RefList = []
    evidence: RefList = []


class PreventiveMeasure(_Part):
    text: Line
    owner: Name
    frequency: Name
    addresses: RefList = []  # the root causes it keeps from coming back


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
    date: Date | None = None
    supplier: InvoiceSupplier = InvoiceSupplier()
    buyer: InvoiceBuyer = InvoiceBuyer()
    lines: list[InvoiceLine] = Field(default=[], max_length=500)
    # Why an invoice dated after the notice belongs to the appeal.
    note: Line | None = None


class Evidence(_Part):
    name: Line
    kind: EvidenceKind
    date: Date | None = None
    asins: AsinList = []
    id: ItemId | None = None
    # The attached file: its path, absolute or relative to the case file's folder (poa bundle copies it);
    # the plan shows its name, so the reviewer can match the row to it.
    file: Line | None = None
    # What the document shows, when the actions citing it do not say (e.g. units bought before the notice).
    supports: Line | None = None
    # The seller has highlighted the key areas (ASINs, supplier, quantities, dates) in the document.
    highlighted: bool = False
    invoice: Invoice | None = None

    @model_validator(mode="after")
    def _invoice_fits(self) -> "Evidence":
        if self.invoice is None:
            return self
        if self.kind != "supplier_invoice":
            raise problem("case.invoice_kind", kind=self.kind)
        if self.invoice.date is not None:
            if self.date is None:
                self.date = self.invoice.date
            elif self.date != self.invoice.date:
                raise problem("case.invoice_date", date=self.date.isoformat(), invoice=self.invoice.date.isoformat())
        return self


class ReasonPlan(_Part):
    root_causes: list[RootCause] = Field(min_length=1, max_length=30)
    corrective_actions: list[CorrectiveAction] = Field(min_length=1, max_length=30)
    preventive_measures: list[PreventiveMeasure] = Field(min_length=1, max_length=30)
    evidence: list[Evidence] = Field(default=[], max_length=50)

    @model_validator(mode="after")
    def _references_resolve(self) -> "ReasonPlan":
        _check_unique_ids("root_causes", self.root_causes)
        _check_unique_ids("evidence", self.evidence)
        for field in ("corrective_actions", "preventive_measures"):
            for index, item in enumerate(getattr(self, field)):
                for ref in item.addresses:
                    _resolve(ref, self.root_causes, f"{field}[{index}].addresses", "root cause")
        for index, action in enumerate(self.corrective_actions):
            for ref in action.evidence:
                _resolve(ref, self.evidence, f"corrective_actions[{index}].evidence", "document")
        return self

    def cause_numbers(self, refs: list[int | str]) -> list[int]:
        """The 1-based numbers of the root causes `refs` name, in the plan's order."""
        return sorted({_resolve(ref, self.root_causes, "", "root cause") for ref in refs})

    def evidence_indexes(self, refs: list[int | str]) -> list[int]:
        """The 0-based positions in `evidence` of the documents `refs` name, as cited."""
        return [_resolve(ref, self.evidence, "", "document") - 1 for ref in refs]


def _check_unique_ids(field: str, items: list[RootCause] | list[Evidence]) -> None:
    seen: set[str] = set()
    for index, item in enumerate(items):
        if item.id is not None:
            if item.id in seen:
                raise ValueError(f"{field}[{index}].id: '{item.id}' is used twice; give each item its own id")
            seen.add(item.id)


def _resolve(ref: int | str, items: list[RootCause] | list[Evidence], where: str, what: str) -> int:
    """The 1-based number of the item `ref` names, or a one-line error saying what exists."""
    if isinstance(ref, int):
        if 1 <= ref <= len(items):
            return ref
        raise ValueError(f"{where}: there is no {what} {ref} (this reason has {len(items)}); use 1 to {len(items)}")
    for number, item in enumerate(items, 1):
        if item.id == ref:
            return number
    known = ", ".join(item.id for item in items if item.id) or "none"
    raise ValueError(f"{where}: no {what} has the id '{ref}' (ids given: {known}); correct it or use a number")


ReplyKind = Literal["reinstated", "partial", "more_information", "documents", "verification", "final", "unclear"]
REPLY_KINDS: tuple[str, ...] = ReplyKind.__args__  # type: ignore[attr-defined]
AskId = Literal[
    "root_cause",
    "corrective_actions",
    "preventive_measures",
    "evidence",
    "invoices",
    "letter_of_authorization",
    "identity_documents",
    "asins",
    "other",
]
ASK_IDS: tuple[str, ...] = AskId.__args__  # type: ignore[attr-defined]
DOCUMENT_ASKS = ("evidence", "invoices", "letter_of_authorization", "identity_documents")
PLAN_ASKS = ("root_cause", "corrective_actions", "preventive_measures")
# The part of the plan whose new or revised items answer each of those asks.
PART_OF_ASK = {
    "root_cause": "root_causes",
    "corrective_actions": "corrective_actions",
    "preventive_measures": "preventive_measures",
}
Outcome = Literal["rejected", "more_information_requested", "no_reply"]
# The outcome an older case file states, as the kind of reply it stands for (reinstated has none).
_OUTCOME_OF_KIND: dict[str, Outcome | None] = {
    "reinstated": None,
    "partial": "rejected",
    "final": "rejected",
    "more_information": "more_information_requested",
    "documents": "more_information_requested",
    "verification": "more_information_requested",
    "unclear": "no_reply",
}


class ReplyAsk(_Part):
    """One thing Amazon's reply asks for, with the ASINs it names and its own words."""

    ask: AskId
    asins: AsinList = []
    said: Line | None = None


class AmazonReply(_Part):
    """What `poa reply` read in Amazon's answer to the plan."""

    date: Date | None = None  # the day Amazon replied
    kind: ReplyKind
    asks: list[ReplyAsk] = Field(default=[], max_length=50)
    asins: AsinList = []  # every ASIN the reply names
    reinstated_asins: AsinList = []
    deadline: Date | None = None  # the deadline the reply states (it wins over the notice's)

    @property
    def success(self) -> bool:
        return self.kind == "reinstated"

    def asked(self, ask: str) -> list[ReplyAsk]:
        return [item for item in self.asks if item.ask == ask]


class PlanSent(_Part):
    """The plan's items as they were sent, so the next round can tell what changed."""

    plan_date: Date | None = None
    reasons: list[ReasonId] = Field(min_length=1, max_length=16)
    affected_asins: AsinList = []
    plans: dict[ReasonId, ReasonPlan]


class PreviousAppeal(_Part):
    """One round: the plan sent on `date` and Amazon's answer to it.

    Older case files give `outcome` and the texts; `poa reply --case` adds what it read (`reply`) and the
    plan's items as sent (`plan_sent`), and fills `outcome` from the reply's kind.
    """

    date: Date  # the day the plan was sent
    outcome: Outcome | None = None
    amazon_reply: LongText | None = None
    text_sent: LongText | None = None
    reply: AmazonReply | None = None
    plan_sent: PlanSent | None = None

    @model_validator(mode="after")
    def _outcome_known(self) -> "PreviousAppeal":
        if self.outcome is None and self.reply is not None:
            self.outcome = _OUTCOME_OF_KIND[self.reply.kind]
        if self.outcome is None and (self.reply is None or self.text_sent is not None):
            raise problem("case.round_outcome")
        return self

    @property
    def rejected(self) -> bool:
        """Amazon did not reinstate everything: the next plan must not repeat this one."""
        if self.reply is not None:
            return not self.reply.success
        return self.outcome in ("rejected", "more_information_requested")


class NoticeDetails(_Part):
    """What Amazon's notice itself states beyond reasons and ASINs, kept for the plan and the checker."""

    complaint_ids: list[Name] = Field(default=[], max_length=50)
    rights_owner: Name | None = None
    infringement_type: Literal["trademark", "copyright", "patent", "design"] | None = None
    registration_numbers: list[Name] = Field(default=[], max_length=50)
    # The last day to respond, as the notice gives it or as counted from the notice date.
    deadline: Date | None = None
    documents_requested: list[Line] = Field(default=[], max_length=30)
    # The policy as the notice writes it ("Amazon Anti-Counterfeiting Policy"), and the reasons the
    # notice gives ASIN by ASIN.
    policy: Name | None = None
    asin_reasons: dict[Asin, list[ReasonId]] = Field(default={}, max_length=500)


class Case(_Part):
    schema_version: int = SCHEMA_VERSION
    seller: Seller
    marketplace: MarketplaceDomain
    notice_date: Date
    # The date printed on the plan; the day it is rendered when left out.
    plan_date: Date | None = None
    reasons: list[ReasonId] = Field(min_length=1, max_length=30)
    metrics: dict[ReasonId, MetricReading] = {}
    affected_asins: AsinList = []
    # Units sold of each ASIN under review in the 365 days before the notice: invoices must cover them.
    units_sold: dict[Asin, Annotated[int, Field(ge=0, le=100_000_000)]] = {}
    plans: dict[ReasonId, ReasonPlan]
    previous_appeals: list[PreviousAppeal] = Field(default=[], max_length=20)
    notice: NoticeDetails | None = None
    # What the plan asks Amazon to reinstate: the selling account, or the listings under review.
    reinstate: Literal["account", "listings"] = "account"

    @field_validator("schema_version")
    @classmethod
    def _supported_version(cls, value: int) -> int:
        if value != SCHEMA_VERSION:
            raise problem("case.schema_version", value=value, supported=SCHEMA_VERSION)
        return value

    @field_validator("reasons")
    @classmethod
    def _no_repeats(cls, reasons: list[str]) -> list[str]:
        seen: set[str] = set()
        for reason in reasons:
            if reason in seen:
                raise problem("case.reason_twice", reason=reason)
            seen.add(reason)
        return reasons

    @model_validator(mode="after")
    def _consistent(self) -> "Case":
        """Checks across fields, all of them: the seller sees every problem at once, each at its place."""
        catalog = load_catalog()
        performance = [r for r in self.reasons if catalog[r].kind == "performance"]
        found = [
            *_key_problems("plans", self.plans, self.reasons, "case.plans_extra", "case.plans_missing"),
            *_key_problems("metrics", self.metrics, performance, "case.metrics_extra", "case.metrics_missing"),
        ]
        for reason_id, reading in self.metrics.items():
            found += _rate_problems(reason_id, reading)
        found += self._unlisted_asins()
        if found:
            _, key, fields = found[0]
            raise PydanticCustomError(
                PROBLEMS,
                message(key, **fields).text("en"),
                {"problems": found},  # type: ignore[dict-item]
            )
        return self

    def _unlisted_asins(self) -> "list[Problem]":
        listed = set(self.affected_asins)
        found: list[Problem] = [
            (("units_sold", asin), "case.asin_unlisted", {"asin": asin})
            for asin in self.units_sold
            if asin not in listed
        ]
        for reason_id, plan in self.plans.items():
            for field, items in (("corrective_actions", plan.corrective_actions), ("evidence", plan.evidence)):
                for index, item in enumerate(items):
                    for asin in item.asins:
                        if asin not in listed:
                            loc = ("plans", reason_id, field, index, "asins")
                            found.append((loc, "case.asin_unlisted", {"asin": asin}))
        return found


# Checks across fields report every problem as one error of this type, carrying (where, key, fields)
# for each; poa.case.problems spreads them out again.
PROBLEMS = "case.problems"
Problem = tuple[tuple[str | int, ...], str, dict[str, str]]


def _key_problems(
    field: str, mapping: dict[str, object], expected: list[str], extra: str, missing: str
) -> list[Problem]:
    """One entry of `field` for each expected reason: none missing, none for a reason not in the case."""
    listed = ", ".join(expected) or "none"
    found: list[Problem] = [
        ((field, key), extra, {"key": key, "listed": listed}) for key in mapping if key not in expected
    ]
    found += [((field,), missing, {"key": key}) for key in expected if key not in mapping]
    return found


def _rate_problems(reason_id: str, reading: MetricReading) -> list[Problem]:
    """A rate typed beside its counts must agree with them, or one of the two is a typo."""
    if reading.rate_percent is None or not reading.has_counts:
        return []
    spec = load_catalog()[reason_id].metric
    if spec is None:  # a metric for a policy reason: reported by _key_problems
        return []
    computed = rate_from_counts(reading.defects or 0, reading.orders or 1, spec.direction)
    if abs(computed - reading.rate_percent) <= 0.01 + 1e-9:
        return []
    fields = {
        "rate": str(reading.rate_percent),
        "defects": str(reading.defects),
        "orders": str(reading.orders),
        "computed": f"{computed:.2f}",
    }
    return [(("metrics", reason_id, "rate_percent"), "case.rate_mismatch", fields)]
