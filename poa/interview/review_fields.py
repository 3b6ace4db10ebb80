"""The fields of a plan item as the review edits them: which fields an item has, what each holds,
and the question that changes one, read and checked as the wizard reads and checks it.

A field is named by its path in the answers file's shape, the same path the checker's findings give
(plans.late_shipment_rate.corrective_actions.0.date), so "fix this" opens the field a finding names.
No terminal here: the review's screens (review_screen.py, editors.py) ask the questions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from poa.interview.answers import AnswerError, parse_asins, parse_date, parse_text, plain, say
from poa.interview.paging import fit
from poa.interview.plan_questions import item_text
from poa.interview.question import PLAN_SECTIONS, InterviewView, Question, chinese_concern, short, step_title

if TYPE_CHECKING:
    from poa.interview.flow import Interview

STEP = 8  # fields are changed from the review
# The invoice's details the review offers, beside each of its lines' ASIN and quantity.
INVOICE_DETAILS = (
    "invoice.number",
    "invoice.supplier.name",
    "invoice.supplier.address",
    "invoice.buyer.name",
    "invoice.buyer.address",
)
# Invoice details a finding may name besides those; any of them is a line of text.
_INVOICE_TEXTS = {
    *INVOICE_DETAILS,
    "invoice.title",
    "invoice.supplier.phone",
    "invoice.supplier.email",
    "invoice.supplier.website",
}
_LINE = re.compile(r"^invoice\.lines\.(\d+)\.(asin|quantity)$")


@dataclass(frozen=True)
class FieldRef:
    """One field of one item: "text" (a document's name, a root cause's line) or a key of the item,
    dotted for the invoice's details ("invoice.supplier.name", "invoice.lines.0.quantity")."""

    reason_id: str
    section: str
    index: int
    key: str

    @property
    def path(self) -> str:
        return f"plans.{self.reason_id}.{self.section}.{self.index}.{self.key}"


def parse_path(path: str) -> FieldRef | None:
    """The item field a dotted path names, or None for a path outside the plans' items."""
    parts = path.split(".")
    if len(parts) < 4 or parts[0] != "plans" or parts[2] not in PLAN_SECTIONS or not parts[3].isdigit():
        return None
    key = ".".join(parts[4:]) or "text"
    if key in ("name", "invoice.date") and parts[2] == "evidence":
        key = "text" if key == "name" else "date"  # an invoice's date is its document's date
    return FieldRef(parts[1], parts[2], int(parts[3]), key)


def _item(iv: InterviewView, ref: FieldRef) -> Any:
    items = iv.items(ref.reason_id, ref.section)
    return items[ref.index] if 0 <= ref.index < len(items) else None


def field_keys(iv: InterviewView, reason_id: str, section: str, index: int) -> list[str]:
    """Every field of an item the review can change, in the order its menu lists them."""
    item = _item(iv, FieldRef(reason_id, section, index, "text"))
    if not isinstance(item, dict):
        return ["text"] if item is not None else []
    many_causes = len(iv.items(reason_id, "root_causes")) > 1  # with one cause, everything addresses it
    affected = bool(iv.get("affected_asins", default=[]))
    keys = ["text"]
    if section == "root_causes":  # a cause written with a title and a count (a case file's)
        return keys + [key for key in ("title", "count") if key in item]
    if section == "corrective_actions":
        keys.append("date")
        keys += ["asins"] if affected else []
        keys += ["addresses"] if many_causes else []
        keys += ["evidence"] if iv.items(reason_id, "evidence") else []
    elif section == "preventive_measures":
        keys += ["owner", "frequency"] + (["addresses"] if many_causes else [])
    elif section == "evidence":
        keys += ["date"] + (["asins"] if affected else []) + ["file"]
        invoice = item.get("invoice")
        if isinstance(invoice, dict):
            keys += list(INVOICE_DETAILS)
            for number, _ in enumerate(invoice.get("lines") or []):
                keys += [f"invoice.lines.{number}.asin", f"invoice.lines.{number}.quantity"]
            keys.append("invoice.lines")  # a line added
    return keys


def editable(iv: InterviewView, ref: FieldRef) -> bool:
    """Whether the review can change this field: the item exists and the field is one it has."""
    keys = field_keys(iv, ref.reason_id, ref.section, ref.index)
    if ref.key in keys:
        return True
    return "invoice.number" in keys and ref.key in _INVOICE_TEXTS


# ---------------------------------------------------------------------- reading and storing


def value_of(iv: InterviewView, ref: FieldRef) -> Any:
    item = _item(iv, ref)
    if ref.key == "text":
        return item_text(ref.section, item)
    node = item
    for part in ref.key.split("."):
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return None
    return node


def store_value(iv: InterviewView, ref: FieldRef, value: Any) -> None:
    """Put a read answer in the item. An empty answer is kept as null on the item (answered, as the
    wizard keeps it) and dropped from the invoice's details; a document's date is its invoice's date."""
    items = iv.items(ref.reason_id, ref.section)
    item = items[ref.index]
    if ref.key == "text" and isinstance(item, str):
        items[ref.index] = value
    else:
        parts = ref.key.split(".") if ref.key != "text" else ["name" if ref.section == "evidence" else "text"]
        node: Any = item
        for part in parts[:-1]:
            node = node[int(part)] if isinstance(node, list) else node.setdefault(part, {})
        if value is None and len(parts) > 1:
            node.pop(parts[-1], None)
        else:
            node[parts[-1]] = value.isoformat() if hasattr(value, "isoformat") else value
        invoice = item.get("invoice")
        if ref.section == "evidence" and ref.key == "date" and isinstance(invoice, dict):
            if value is None:
                invoice.pop("date", None)
            else:
                invoice["date"] = item["date"]
    iv.set_items(ref.reason_id, ref.section, items)


def shown(iv: InterviewView, ref: FieldRef) -> str:
    """A field's value as the field menu shows it."""
    value = value_of(iv, ref)
    if ref.key == "evidence":  # documents by their number on the review, not by their ids
        value = document_numbers(iv.items(ref.reason_id, "evidence"), value)
    if ref.key == "invoice.lines":  # the lines are listed one by one above: this adds one
        return ""
    if isinstance(value, list):
        value = ", ".join(map(str, value))
    return iv.text("note.none") if value in (None, "") else fit(str(value), 50)


def field_label(iv: InterviewView, key: str) -> str:
    """What a field is called on the menu: "Date", "Invoice line 2: quantity"."""
    line = _LINE.match(key)
    if line:
        return iv.text(f"field.invoice.line_{line[2]}", number=int(line[1]) + 1)
    return iv.text(f"field.{key}")


# ---------------------------------------------------------------------- the question that changes one


def follow_up(iv: Interview, question: Question) -> Question | None:
    """What the flow asks after a field's question once answered: the owner typed after "write my
    own" on the owner's list (the question id with a "+", in the flow while that is chosen)."""
    return next((q for q in iv.questions() if q.id == question.id + "+"), None)


def field_question(iv: Interview, ref: FieldRef) -> Question | None:
    """The question that changes a field (text aside: rewording is the editor's), its value as the
    default. The wizard's own question where the flow has one; else one read by the wizard's readers."""
    if ref.key == "text" or not editable(iv, ref):
        return None
    question = next((q for q in iv.questions() if q.id == ref.path), None)
    if question is None:
        question = _own_question(iv, ref)
    question.step, question.title = STEP, step_title(iv, STEP)
    store = question.store

    def store_synced(value: Any) -> None:  # the wizard's store, then a document's date on its invoice too
        store(value)
        if ref.key == "date" and ref.section == "evidence":
            store_value(iv, ref, value_of(iv, ref))

    question.store = store_synced
    return question


def _own_question(iv: InterviewView, ref: FieldRef) -> Question:
    """A field the wizard's flow does not ask (an owner the catalogue gave, an invoice's details)."""
    text = short(item_text(ref.section, _item(iv, ref)))
    current = value_of(iv, ref)
    default = ", ".join(map(str, current)) if isinstance(current, list) else "" if current is None else str(current)
    lang = iv.lang
    kind = "text"
    choices: list[tuple[str, str]] = []
    concerns: Any = lambda value: []  # noqa: E731
    if ref.key == "date":  # an action whose date the flow asks once for all (the same date for all)
        message = iv.text("q.action_date", text=text)
        read = lambda raw: parse_date(raw, lang, today=iv.today)  # noqa: E731
    elif ref.key in ("owner", "frequency"):
        message = iv.text(f"q.{ref.key}", text=text)
        read: Any = lambda raw: parse_text(raw, lang, limit=200)  # noqa: E731
        concerns = lambda value: chinese_concern(iv, value)  # noqa: E731
    elif ref.key == "asins":
        affected = [a for a in iv.get("affected_asins", default=[]) if isinstance(a, str)]
        message = iv.text("q.action_asins", text=text, asins=", ".join(affected))
        read = lambda raw: parse_asins(raw, lang, allowed=affected)  # noqa: E731
    elif ref.key == "file":
        from poa.interview.invoice_offer import parse_evidence_file

        message = iv.text("q.attachment_file", text=text)
        read = lambda raw: parse_evidence_file(raw, lang)  # noqa: E731
    elif ref.key == "evidence":
        documents = iv.items(ref.reason_id, "evidence")
        kind, default = "checkbox", [str(n) for n in document_numbers(documents, current)]
        choices = [(str(n), f"{n}. {short(item_text('evidence', d), 70)}") for n, d in enumerate(documents, 1)]
        message = iv.text("q.action_evidence", text=text)
        read = lambda values: document_refs(documents, [int(v) for v in values])  # noqa: E731
    elif ref.key in ("title", "count"):
        message = iv.text(f"q.cause_{ref.key}", text=text)
        if ref.key == "title":
            read = lambda raw: parse_text(raw, lang, limit=80, optional=True)  # noqa: E731
            concerns = lambda value: chinese_concern(iv, value)  # noqa: E731
        else:
            read = lambda raw: _read_count(raw, lang, optional=True)  # noqa: E731
    elif ref.key == "invoice.lines":
        message, default = iv.text("q.invoice_new_line", text=text), ""
        read = lambda raw: _read_new_line(raw, lang)  # noqa: E731
    elif _LINE.match(ref.key):
        line_key = _LINE.match(ref.key)[2]  # type: ignore[index]
        message = iv.text(f"q.invoice_line_{line_key}", text=text, number=int(ref.key.split(".")[2]) + 1)
        read = (lambda raw: _read_line_asin(raw, lang)) if line_key == "asin" else (lambda raw: _read_count(raw, lang))
    else:
        message = iv.text("q.invoice_detail", field=field_label(iv, ref.key), text=text)
        limit = 600 if ref.key.endswith("address") else 200
        read = lambda raw: parse_text(raw, lang, limit=limit, optional=True)  # noqa: E731
    store = (lambda value: _add_line(iv, ref, value)) if ref.key == "invoice.lines" else None
    return Question(
        ref.path,
        STEP,
        step_title(iv, STEP),
        kind,  # type: ignore[arg-type]
        message,
        default=default,
        choices=choices,
        read=read,
        store=store or (lambda value: store_value(iv, ref, value)),
        concerns=concerns,
    )


def document_numbers(documents: list[Any], refs: Any) -> list[int]:
    """The numbers (from 1) of the documents an action refers to, by number or by id."""
    ids = {d.get("id"): n for n, d in enumerate(documents, 1) if isinstance(d, dict) and d.get("id")}
    numbers = [ref if isinstance(ref, int) else ids.get(ref) for ref in refs or []]
    return sorted(n for n in numbers if isinstance(n, int) and 1 <= n <= len(documents))


def document_refs(documents: list[Any], numbers: list[int]) -> list[int | str]:
    """References to the documents chosen: a document's id where it has one (the case file reads
    better), its number otherwise."""
    refs: list[int | str] = []
    for number in sorted(numbers):
        document = documents[number - 1]
        refs.append(document["id"] if isinstance(document, dict) and document.get("id") else number)
    return refs


def _add_line(iv: InterviewView, ref: FieldRef, line: dict[str, Any]) -> None:
    items = iv.items(ref.reason_id, ref.section)
    items[ref.index]["invoice"].setdefault("lines", []).append(line)
    iv.set_items(ref.reason_id, ref.section, items)


def _read_new_line(raw: str, lang: str) -> dict[str, Any]:
    """A new invoice line typed as its ASIN and its quantity: "B08KTZ8249 240"."""
    words = plain(raw).split()
    if len(words) != 2:
        raise AnswerError(say("error.invoice_line", lang))
    return {"asin": _read_line_asin(words[0], lang), "quantity": _read_count(words[1], lang)}


def _read_line_asin(raw: str, lang: str) -> str | None:
    """One ASIN, or none (a line of goods the case does not list)."""
    asins = parse_asins(raw, lang)
    if len(asins) > 1:
        raise AnswerError(say("error.one_asin", lang))
    return asins[0] if asins else None


def _read_count(raw: str, lang: str, *, optional: bool = False) -> int | None:
    """A number (of units, of orders); full-width digits and thousands separators as a Chinese
    keyboard types them. Optional: empty is none, and the number is at least 1."""
    text = plain(raw).strip().replace(",", "")
    if optional and not text:
        return None
    if not text.isdigit() or int(text) > 100_000_000 or (optional and int(text) < 1):
        raise AnswerError(say("error.quantity", lang))
    return int(text)
