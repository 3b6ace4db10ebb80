"""The invoice checks: supplier invoices read the way an inauthenticity or IP reviewer reads them.

Dates against the notice (the window is data per marketplace and reason), the buyer against the
seller account, the supplier's contact details, the document's type, repeated numbers, and the
invoiced quantity of each ASIN under review against its units sold. What is compared is data
(poa/data/invoice_checks.yaml); the wording is in check_rules.yaml.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field

from poa.case.catalog import DATA_DIR, load_catalog, load_validated
from poa.plan.attachments import numbered_attachments
from poa.review.findings import Finding, item_path, make_finding, short

if TYPE_CHECKING:
    from poa.case.model import Case, Evidence, Invoice

INVOICE_CHECKS_PATH = DATA_DIR / "invoice_checks.yaml"
SECTION = "evidence"


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class DocumentType(_Data):
    en: str = Field(min_length=1)
    zh: str = Field(min_length=1)
    phrases: tuple[str, ...] = Field(min_length=1)


class InvoiceChecks(_Data):
    window_overrides: dict[str, dict[str, int]] = {}
    document_types: dict[str, DocumentType]
    document_type_unless: tuple[str, ...] = ()
    name_equivalents: dict[str, tuple[str, ...]] = {}
    address_equivalents: dict[str, tuple[str, ...]] = {}
    address_ignore: tuple[str, ...] = ()


@cache
def load_invoice_checks(path: Path = INVOICE_CHECKS_PATH) -> InvoiceChecks:
    return load_validated(path, InvoiceChecks)


# --- comparing names and addresses -----------------------------------------------------------------

_PUNCTUATION = re.compile(r"[^\w&#]+")


def _tokens(text: str, equivalents: dict[str, tuple[str, ...]]) -> list[str]:
    """Lower-case words, punctuation dropped ("L.L.C." is "llc"), each variant read as its canonical words."""
    lowered = text.casefold().replace("’", "'").replace(".", "").replace("'", "")
    variants = {variant.casefold(): canonical.split() for canonical, forms in equivalents.items() for variant in forms}
    words: list[str] = []
    for word in _PUNCTUATION.sub(" ", lowered.replace("&", " & ").replace("#", " # ")).split():
        words += variants.get(word, [word])
    return words


def normalise_name(name: str, checks: InvoiceChecks | None = None) -> str:
    """A company name as compared: "Shenzhen Hengtai Co., Ltd." and "SHENZHEN HENGTAI COMPANY LIMITED" agree."""
    checks = checks or load_invoice_checks()
    return " ".join(_tokens(name, checks.name_equivalents))


def normalise_address(address: str, checks: InvoiceChecks | None = None) -> str:
    """An address as compared: its words in any order, abbreviations spelt out, country names left out."""
    checks = checks or load_invoice_checks()
    text = " " + " ".join(_tokens(address, {})) + " "
    for country in sorted(checks.address_ignore, key=len, reverse=True):
        spaced = " " + " ".join(_tokens(country, {})) + " "
        while spaced in text:
            text = text.replace(spaced, " ")
    return " ".join(sorted(_tokens(text, checks.address_equivalents)))


# --- the window ------------------------------------------------------------------------------------


def invoice_window(marketplace: str, reason_id: str, checks: InvoiceChecks | None = None) -> int | None:
    """Days before the notice an invoice may be dated for this reason on this marketplace, or None."""
    checks = checks or load_invoice_checks()
    override = checks.window_overrides.get(marketplace, {})
    if reason_id in override:
        return override[reason_id]
    if "*" in override and _wants_invoices(reason_id):
        return override["*"]
    ages = [spec.max_age_days for spec in load_catalog()[reason_id].evidence if spec.kind == "supplier_invoice"]
    return min((age for age in ages if age is not None), default=None)


def _wants_invoices(reason_id: str) -> bool:
    return any(spec.kind == "supplier_invoice" for spec in load_catalog()[reason_id].evidence)


# --- the checks ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Document:
    """A supplier invoice of the case, once, with where the seller finds it."""

    evidence: Evidence
    where: str  # "inauthentic, document 1"
    # Every place the document is listed: (reason id, 1-based document number in that reason).
    places: tuple[tuple[str, int], ...]

    def path(self, key: str) -> str:
        """The answers file's path of a field of the document, at its first listing."""
        reason_id, number = self.places[0]
        return item_path(reason_id, "evidence", number - 1, key)

    @property
    def label(self) -> str:
        invoice = self.evidence.invoice
        if invoice is not None and invoice.number:
            return invoice.number
        return f"“{short(self.evidence.name, 50)}”"


def _documents(case: Case) -> list[_Document]:
    """Every supplier invoice once (a document shared by two reasons is one), in attachment order."""
    documents = []
    for attachment in numbered_attachments(case):
        if attachment.evidence.kind != "supplier_invoice":
            continue
        places = tuple((reason_id, index + 1) for reason_id, index in attachment.positions)
        reason_id, number = places[0]
        documents.append(_Document(attachment.evidence, f"{reason_id}, document {number}", places))
    return documents


def check_invoices(case: Case) -> list[Finding]:
    """Everything wrong with the case's supplier invoices and their coverage of the units sold."""
    checks = load_invoice_checks()
    documents = _documents(case)
    findings: list[Finding] = []
    counted: list[_Document] = []
    for document in documents:
        dated = list(_date_findings(case, document))
        findings += dated
        if not dated and document.evidence.date is not None:
            counted.append(document)
        findings += _wording_findings(document, checks)
        invoice = document.evidence.invoice
        if invoice is None:
            continue
        findings += _buyer_findings(case, document, invoice, checks)
        findings += _supplier_findings(document, invoice)
        findings += _line_findings(case, document, invoice)
    findings += _address_to_compare(case, documents)
    repeated, counted = _repeated_numbers(documents, counted, checks)
    findings += repeated
    findings += _coverage(case, documents, counted)
    return findings


def _date_findings(case: Case, document: _Document) -> Iterator[Finding]:
    item = document.evidence
    if item.date is None:
        return
    excerpt = short(item.name, 80)
    days = (case.notice_date - item.date).days
    if days < 0:
        if item.invoice is None or not item.invoice.note:
            yield make_finding(
                "invoice-after-notice",
                SECTION,
                document.where,
                excerpt=excerpt,
                at=document.path("date"),
                document=document.label,
                date=item.date.isoformat(),
                notice_date=case.notice_date.isoformat(),
            )
        return
    first_places: dict[str, int] = {}
    for reason_id, number in document.places:
        first_places.setdefault(reason_id, number)
    for reason_id, number in first_places.items():  # once per reason, at its first listing
        max_days = invoice_window(case.marketplace, reason_id)
        if max_days is not None and days > max_days:
            yield make_finding(
                "invoice-too-old",
                SECTION,
                f"{reason_id}, document {number}",
                excerpt=excerpt,
                at=item_path(reason_id, "evidence", number - 1, "date"),
                date=item.date.isoformat(),
                days=days,
                max_days=max_days,
                notice_date=case.notice_date.isoformat(),
            )


def _phrase_pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """Whole words where a phrase starts or ends with a letter; Chinese phrases match anywhere."""
    parts = []
    for phrase in sorted(phrases, key=len, reverse=True):
        body = r"[\s-]*".join(re.escape(word) for word in re.split(r"[\s-]+", phrase.strip()))
        left = r"(?<![^\W_])" if phrase[:1].isascii() else ""
        right = r"(?![^\W_])" if phrase[-1:].isascii() else ""
        parts.append(left + body + right)
    return re.compile("|".join(parts), re.IGNORECASE)


def _wording_findings(document: _Document, checks: InvoiceChecks) -> Iterator[Finding]:
    """A pro-forma, quotation, purchase order or receipt, by its title or its name in the case."""
    invoice = document.evidence.invoice
    unless = _phrase_pattern(checks.document_type_unless) if checks.document_type_unless else None
    for key, text in (("invoice.title", invoice.title if invoice else None), ("name", document.evidence.name)):
        if not text:
            continue
        cleared = unless.sub(" ", text) if unless else text
        for doc_type in checks.document_types.values():
            match = _phrase_pattern(doc_type.phrases).search(cleared)
            if match:
                yield make_finding(
                    "invoice-wrong-document",
                    SECTION,
                    document.where,
                    excerpt=short(text, 80),
                    at=document.path(key),
                    document=document.label,
                    type={"en": doc_type.en, "zh": doc_type.zh},
                    match=match[0],
                )
                return


_PARTS = {
    "name": {"en": "name", "zh": "名称"},
    "address": {"en": "address", "zh": "地址"},
}


def _buyer_findings(case: Case, document: _Document, invoice: Invoice, checks: InvoiceChecks) -> Iterator[Finding]:
    seller = case.seller
    compared = (
        ("name", invoice.buyer.name, seller.legal_name, normalise_name),
        ("address", invoice.buyer.address, seller.business_address, normalise_address),
    )
    for part, on_invoice, on_account, normal in compared:
        if not on_invoice:
            yield make_finding(
                "invoice-no-buyer",
                SECTION,
                document.where,
                at=document.path(f"invoice.buyer.{part}"),
                document=document.label,
                part=_PARTS[part],
                field=part,
            )
        elif on_account and normal(on_invoice, checks) != normal(on_account, checks):
            yield make_finding(
                "invoice-buyer-mismatch",
                SECTION,
                document.where,
                excerpt=f"{on_invoice} ≠ {on_account}",
                at=document.path(f"invoice.buyer.{part}"),
                document=document.label,
                part=_PARTS[part],
                invoice_value=on_invoice,
                seller_value=on_account,
            )


def _address_to_compare(case: Case, documents: list[_Document]) -> list[Finding]:
    if case.seller.business_address:
        return []
    if any(d.evidence.invoice and d.evidence.invoice.buyer.address for d in documents):
        return [make_finding("seller-address-missing", SECTION, "seller", at="seller.business_address")]
    return []


_CONTACT = {
    "name": {"en": "name", "zh": "名称"},
    "address": {"en": "address", "zh": "地址"},
    "phone": {"en": "phone number", "zh": "电话"},
    "online": {"en": "website or e-mail", "zh": "网站或邮箱"},
}


def _supplier_findings(document: _Document, invoice: Invoice) -> Iterator[Finding]:
    supplier = invoice.supplier
    present = {
        "name": supplier.name,
        "address": supplier.address,
        "phone": supplier.phone,
        "online": supplier.website or supplier.email,
    }
    missing = [key for key, value in present.items() if not value]
    if missing:
        joined = {lang: ", ".join(_CONTACT[key][lang] for key in missing) for lang in ("en", "zh")}
        joined["zh"] = "、".join(_CONTACT[key]["zh"] for key in missing)
        yield make_finding(
            "invoice-supplier-incomplete",
            SECTION,
            document.where,
            excerpt=short(supplier.name or document.evidence.name, 80),
            at=document.path(f"invoice.supplier.{'website' if missing[0] == 'online' else missing[0]}"),
            document=document.label,
            missing=joined,
        )


def _line_findings(case: Case, document: _Document, invoice: Invoice) -> Iterator[Finding]:
    listed = set(case.affected_asins)
    flagged: set[str] = set()
    for index, line in enumerate(invoice.lines):
        if line.asin is None:
            yield make_finding(
                "invoice-line-no-asin",
                SECTION,
                document.where,
                excerpt=short(line.description or line.sku or "", 80),
                at=document.path(f"invoice.lines.{index}.asin"),
                document=document.label,
                line=index + 1,
                index=index,
                quantity=f"{line.quantity:,}",
            )
        elif line.asin not in listed and line.asin not in flagged:
            flagged.add(line.asin)
            yield make_finding(
                "invoice-asin-not-in-case",
                SECTION,
                document.where,
                at=document.path(f"invoice.lines.{index}.asin"),
                document=document.label,
                asin=line.asin,
            )


def _number_key(document: _Document, checks: InvoiceChecks) -> tuple[str, str] | None:
    invoice = document.evidence.invoice
    if invoice is None or not invoice.number:
        return None
    number = re.sub(r"[\s-]+", "", invoice.number.casefold())
    return normalise_name(invoice.supplier.name or "", checks), number


def _repeated_numbers(
    documents: list[_Document], counted: list[_Document], checks: InvoiceChecks
) -> tuple[list[Finding], list[_Document]]:
    """The same supplier's invoice number on two documents: flagged, and its quantities counted once."""
    groups: dict[tuple[str, str], list[_Document]] = {}
    for document in documents:
        key = _number_key(document, checks)
        if key is not None:
            groups.setdefault(key, []).append(document)
    findings = []
    for group in groups.values():
        if len(group) > 1:
            invoice = group[0].evidence.invoice
            assert invoice is not None and invoice.number
            findings.append(
                make_finding(
                    "invoice-number-repeated",
                    SECTION,
                    ", ".join(d.where for d in group),
                    at=group[-1].path("invoice.number"),
                    number=invoice.number,
                    supplier=invoice.supplier.name or "?",
                    count=len(group),
                )
            )
    kept, seen = [], set()
    for document in counted:
        key = _number_key(document, checks)
        if key is None or key not in seen:
            kept.append(document)
        if key is not None:
            seen.add(key)
    return findings, kept


def _coverage(case: Case, documents: list[_Document], counted: list[_Document]) -> list[Finding]:
    """Each ASIN under review has invoice lines, and in the window they add up to its units sold."""
    blocks = [d.evidence.invoice for d in documents if d.evidence.invoice is not None]
    if not blocks and not case.units_sold:
        return []
    named = {line.asin for invoice in blocks for line in invoice.lines if line.asin}
    invoiced: dict[str, int] = {}
    for document in counted:
        for line in document.evidence.invoice.lines if document.evidence.invoice else ():
            if line.asin:
                invoiced[line.asin] = invoiced.get(line.asin, 0) + line.quantity
    # The fixes offered: a line added to the first invoice read, or the quantity of the ASIN's last
    # line in the window (the invoices counted).
    with_block = [d for d in documents if d.evidence.invoice is not None]
    add_line = with_block[0].path("invoice.lines") if with_block else ""
    last_line: dict[str, str] = {}
    for document in counted:
        for index, line in enumerate(document.evidence.invoice.lines if document.evidence.invoice else ()):
            if line.asin:
                last_line[line.asin] = document.path(f"invoice.lines.{index}.quantity")
    findings = []
    for asin in case.affected_asins:
        sold = case.units_sold.get(asin)
        if asin not in named:
            if blocks or sold is not None:
                findings.append(make_finding("invoice-asin-missing", SECTION, asin, at=add_line, asin=asin))
            continue
        total = invoiced.get(asin, 0)
        if sold is None:
            findings.append(make_finding("units-sold-missing", SECTION, asin, asin=asin, invoiced=f"{total:,}"))
        elif total < sold:
            at = last_line.get(asin, "")
            findings.append(
                make_finding("invoice-short", SECTION, asin, at=at, asin=asin, invoiced=f"{total:,}", sold=f"{sold:,}")
            )
    return findings
