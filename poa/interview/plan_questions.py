"""Steps 6 and 7 of `poa new`: each reason's plan, section by section, and its evidence.

A section is a pick list of the catalogue's suggestions and the seller's own items, then "write my
own" if chosen, then what each item still needs: an action's date, a measure's owner and frequency,
the root causes each action and measure answers (the catalogue's link ticked), a document's date and
ASINs, and a supplier invoice's file, whose reading is offered for the case.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterator
from typing import Any

from poa.case.catalog import EnglishVariety, Reason, english_of, load_catalog, load_marketplaces
from poa.interview.answers import AnswerError, parse_asins, parse_date, parse_text
from poa.interview.item_fields import action_date_questions, item_field_question, item_label, measure_field_questions
from poa.interview.question import OWN, Concern, InterviewView, Question, chinese_concern, short, step_title

# The kinds of document that carry a date (a letter, a retraction, a report, an invoice); the catalogue's
# "other" documents are procedures, checklists and screenshots, whose date says nothing.
DATED_KINDS = ("supplier_invoice", "letter_of_authorization", "retraction", "test_report")


LINKED_SECTIONS = ("corrective_actions", "preventive_measures")  # the items that name the causes they answer


def _english(iv: InterviewView) -> EnglishVariety:
    """The English of the plan: the chosen marketplace's, US English before one is chosen."""
    market = iv.get("marketplace")
    return english_of(market if market in load_marketplaces() else "amazon.com")


def _suggestions(iv: InterviewView, reason: Reason, section: str) -> list[tuple[str, str, dict[str, Any]]]:
    """(English text, Chinese label, extra fields) of the catalogue's suggestions for a section, the
    English spelt as the marketplace spells it (a ticked suggestion goes into the plan as it is)."""
    english = _english(iv)
    out = []
    for item in getattr(reason, section):
        extra = {"owner": item.owner, "frequency": item.frequency} if section == "preventive_measures" else {}
        out.append((english.localise(item.en), item.zh, extra))
    return out


def item_text(section: str, item: Any) -> str:
    if section == "root_causes" and isinstance(item, str):
        return item
    key = "name" if section == "evidence" else "text"
    return str(item.get(key, "")) if isinstance(item, dict) else ""


def _pick_question(iv: InterviewView, reason: Reason, section: str) -> Question:
    """Multi-select of the catalogue's suggestions and the seller's own items, plus "write my own"."""
    qid = f"plans.{reason.id}.{section}"
    current = iv.items(reason.id, section)
    by_text = {item_text(section, item): item for item in current}
    choices: list[tuple[str, str]] = []
    fresh: dict[str, Any] = {}
    if section == "evidence":
        for spec in reason.evidence:
            choices.append((spec.en, spec.en if iv.lang == "en" else f"{spec.zh}\n{spec.en}"))
            fresh[spec.en] = {"name": spec.en, "kind": spec.kind}
    else:
        for en, zh, extra in _suggestions(iv, reason, section):
            choices.append((en, en if iv.lang == "en" else f"{zh}\n{en}"))
            fresh[en] = en if section == "root_causes" else {"text": en, **extra}
    for text in by_text:
        if text and text not in fresh:
            choices.append((text, text))
    choices.append((OWN, iv.text("q.own")))

    def read(values: list[str]) -> list[str]:
        if not values:
            raise AnswerError(iv.text("error.pick_one"))
        return values

    linked: list[str] = []  # what store linked as the catalogue does, said under the answer

    def store(values: list[str]) -> None:
        kept = [v for v, _ in choices if v in values and v != OWN]
        items = [by_text.get(text) or copy.deepcopy(fresh[text]) for text in kept]
        linked.clear()
        if section in LINKED_SECTIONS:
            for text, item in zip(kept, items, strict=True):
                if text not in by_text and _link_as_catalogue(iv, reason, section, item):
                    linked.append(
                        iv.text(
                            "note.linked",
                            item=item_label(iv, reason, section, text),
                            causes=", ".join(map(str, item["addresses"])),
                        )
                    )
        iv.set_items(reason.id, section, items)
        own = set(iv.flags.get("own", []))
        own.discard(qid)
        if OWN in values:
            own.add(qid)
        iv.flags["own"] = sorted(own)
        # Items may have moved: their follow-up questions (dates, owners) are asked again where unanswered.
        iv.reopen(qid)
        if section == "root_causes":
            causes_changed(iv, reason.id)
        iv.mark_given()

    return Question(
        qid,
        6 if section != "evidence" else 7,
        step_title(iv, 6, reason=iv.label(reason.id)) if section != "evidence" else step_title(iv, 7),
        "checkbox",
        iv.text(f"q.{section}", reason=iv.label(reason.id)),
        default=[t for t in by_text if t],
        choices=choices,
        read=read,
        store=store,
        notes=lambda values: [*linked, iv.text("note.linked_change")] if linked else [],
        answered=lambda: bool(iv.items(reason.id, section)),
    )


def _own_question(iv: InterviewView, reason: Reason, section: str) -> Question:
    qid = f"plans.{reason.id}.{section}+"

    def add(text: str) -> None:
        items = iv.items(reason.id, section)
        if section == "root_causes":
            items.append(text)
        elif section == "evidence":
            items.append({"name": text, "kind": "other"})
        else:
            items.append({"text": text})
        iv.set_items(reason.id, section, items)

    def move(text: str) -> None:
        measures = iv.items(reason.id, "preventive_measures")
        measures.append({"text": text})
        iv.set_items(reason.id, "preventive_measures", measures)

    return Question(
        qid,
        6 if section != "evidence" else 7,
        step_title(iv, 6, reason=iv.label(reason.id)) if section != "evidence" else step_title(iv, 7),
        "own",
        iv.text(f"q.own.{section}"),
        read=lambda raw: parse_text(raw, iv.lang, optional=True),
        concerns=lambda text: item_concerns(iv, section, text),
        add=add,
        move=move if section == "corrective_actions" else None,
        needs_one=lambda: not iv.items(reason.id, section),
        answered=lambda: False,
    )


def item_concerns(iv: InterviewView, section: str, text: str) -> list[Concern]:
    """What a written plan item raises: Chinese where English is read, a promise among actions."""
    found = chinese_concern(iv, text)
    if section == "corrective_actions" and is_promise(text):
        found.append(Concern("promise", iv.text("q.promise", text=text)))
    return found


def plan_questions(iv: InterviewView, reason: Reason) -> Iterator[Question]:
    own = set(iv.flags.get("own", []))
    for section in ("root_causes", "corrective_actions", "preventive_measures"):
        yield _pick_question(iv, reason, section)
        if f"plans.{reason.id}.{section}" in own:
            yield _own_question(iv, reason, section)
        items = iv.items(reason.id, section)
        if section == "corrective_actions":
            yield from action_date_questions(
                iv, reason, lambda index: _link_question(iv, reason, "corrective_actions", index)
            )
        if section == "preventive_measures":
            suggested = {en for en, _, _ in _suggestions(iv, reason, section)}
            for index, item in enumerate(items):
                if not isinstance(item, dict):
                    continue
                if not (item.get("text") in suggested and item.get("owner")):
                    label = item_label(iv, reason, section, item_text(section, item))
                    for key in ("owner", "frequency"):
                        yield from measure_field_questions(iv, reason, index, key, label)
                yield from _link_question(iv, reason, section, index)


# ---------------------------------------------------------------------- the chain


def _link_question(iv: InterviewView, reason: Reason, section: str, index: int) -> Iterator[Question]:
    """Which root causes an action fixes or a measure prevents, ticked; the catalogue's link ticked first.

    Not asked with a single root cause: everything addresses it (see link_single_cause).
    """
    causes = iv.items(reason.id, "root_causes")
    if len(causes) < 2:
        return
    item = iv.items(reason.id, section)[index]
    current = item.get("addresses")
    default = [str(n) for n in current] if isinstance(current, list) else _catalogue_link(iv, reason, section, item)

    def read(values: list[str]) -> list[int]:
        if not values:
            raise AnswerError(iv.text("error.pick_cause"))
        return sorted(int(value) for value in values)

    def store(numbers: list[int]) -> None:
        items = iv.items(reason.id, section)
        items[index]["addresses"] = numbers
        iv.set_items(reason.id, section, items)

    labels = {en: zh for en, zh, _ in _suggestions(iv, reason, "root_causes")}
    choices = []
    for number, cause in enumerate(causes, 1):
        text = item_text("root_causes", cause)
        shown = labels[text] if iv.lang != "en" and text in labels else short(text, 90)
        choices.append((str(number), f"{number}. {shown}"))
    key = "q.action_causes" if section == "corrective_actions" else "q.measure_causes"
    yield Question(
        f"plans.{reason.id}.{section}.{index}.addresses",
        6,
        step_title(iv, 6, reason=iv.label(reason.id)),
        "checkbox",
        iv.text(key, text=item_label(iv, reason, section, item_text(section, item))),
        default=default,
        choices=choices,
        read=read,
        store=store,
        answered=lambda: isinstance(item.get("addresses"), list) and bool(item["addresses"]),
    )


def _catalogue_link(iv: InterviewView, reason: Reason, section: str, item: Any) -> list[str]:
    """The case's numbers of the root causes the catalogue links this suggestion to, where ticked."""
    texts = [en for en, _, _ in _suggestions(iv, reason, section)]
    text = item_text(section, item)
    if text not in texts:
        return []
    suggested_causes = [en for en, _, _ in _suggestions(iv, reason, "root_causes")]
    linked = {suggested_causes[n - 1] for n in getattr(reason, section)[texts.index(text)].causes}
    causes = [item_text("root_causes", cause) for cause in iv.items(reason.id, "root_causes")]
    return [str(number) for number, cause in enumerate(causes, 1) if cause in linked]


def _link_as_catalogue(iv: InterviewView, reason: Reason, section: str, item: Any) -> bool:
    """Link a suggestion to the ticked root causes the catalogue links it to, without asking; False
    when it links none of them (or there is one cause), so the link question is asked."""
    numbers = _catalogue_link(iv, reason, section, item)
    if not numbers or len(iv.items(reason.id, "root_causes")) < 2 or not isinstance(item, dict):
        return False
    item["addresses"] = [int(n) for n in numbers]
    return True


def causes_changed(iv: InterviewView, reason_id: str) -> None:
    """The root causes were changed (and may be numbered afresh): a suggestion is linked again as the
    catalogue links it; any other item's link is asked again."""
    reason = load_catalog()[reason_id]
    for section in LINKED_SECTIONS:
        items = iv.items(reason_id, section)
        for index, item in enumerate(items):
            if isinstance(item, dict):
                item.pop("addresses", None)
                _link_as_catalogue(iv, reason, section, item)
            iv.reopen(f"plans.{reason_id}.{section}.{index}.addresses")
        iv.set_items(reason_id, section, items)


def cover_single_asin(plan: Any, affected: Any) -> None:
    """With one affected ASIN, every document covers it: the wizard does not ask."""
    if not isinstance(plan, dict) or not isinstance(affected, list) or len(affected) != 1:
        return
    for item in plan.get("evidence") or []:
        if isinstance(item, dict) and not item.get("asins"):
            item["asins"] = list(affected)


def link_single_cause(plan: Any) -> None:
    """With one root cause, every action and measure addresses it: the wizard does not ask."""
    if not isinstance(plan, dict) or not isinstance(plan.get("root_causes"), list) or len(plan["root_causes"]) != 1:
        return
    for section in ("corrective_actions", "preventive_measures"):
        for item in plan.get(section) or []:
            if isinstance(item, dict) and not item.get("addresses"):
                item["addresses"] = [1]


def evidence_questions(iv: InterviewView, reason: Reason) -> Iterator[Question]:
    from poa.review.invoices import invoice_window

    yield _pick_question(iv, reason, "evidence")
    if f"plans.{reason.id}.evidence" in set(iv.flags.get("own", [])):
        yield _own_question(iv, reason, "evidence")
    affected = [a for a in iv.get("affected_asins", default=[]) if isinstance(a, str)]
    for index, item in enumerate(iv.items(reason.id, "evidence")):
        if not isinstance(item, dict):
            continue
        invoice = item.get("kind") == "supplier_invoice"
        text = item_label(iv, reason, "evidence", item_text("evidence", item))
        max_age = invoice_window(str(iv.get("marketplace", default="amazon.com")), reason.id) if invoice else None
        if item.get("kind") in DATED_KINDS or item.get("date"):  # a procedure or a screenshot has no date to ask
            yield item_field_question(
                iv,
                reason,
                "evidence",
                index,
                "date",
                iv.text("q.evidence_date" if invoice else "q.evidence_date_optional", text=text),
                lambda raw, optional=not invoice: parse_date(raw, iv.lang, today=iv.today, optional=optional),
                optional=not invoice,
                concerns=lambda value, max_age=max_age: _invoice_concern(iv, value, max_age),
            )
        if len(affected) > 1:  # with one ASIN, every document covers it (see cover_single_asin)
            yield item_field_question(
                iv,
                reason,
                "evidence",
                index,
                "asins",
                iv.text("q.evidence_asins", text=text, asins=", ".join(affected)),
                lambda raw: parse_asins(raw, iv.lang, allowed=affected) or list(affected),
            )
        if invoice:
            yield from _invoice_file_questions(iv, reason, index, item, text)


def _invoice_file_questions(
    iv: InterviewView, reason: Reason, index: int, item: dict[str, Any], text: str
) -> Iterator[Question]:
    """The invoice's file (kept for the bundle); what poa reads from it is offered for the case."""
    from poa.interview.invoice_offer import parse_evidence_file, read_invoice_block, summary

    def what_was_read(path: str | None) -> list[str]:
        if path is None:
            return []
        block, problem = read_invoice_block(path, iv.lang)
        if block is not None:
            return summary(block, problem, iv.lang).splitlines()
        return [iv.text("note.invoice_unreadable", problem=problem)] if problem else []

    file_question = item_field_question(
        iv,
        reason,
        "evidence",
        index,
        "file",
        iv.text("q.evidence_file", text=text),
        lambda raw: parse_evidence_file(raw, iv.lang),
        optional=True,
    )
    file_question.notes = what_was_read
    # An invoice block typed by hand (a case file) needs no file read for it.
    file_question.answered = lambda: "file" in item or "invoice" in item
    yield file_question
    path = item.get("file")
    if not isinstance(path, str):
        return
    block, _ = read_invoice_block(path)
    if block is None:
        return

    def store(choice: str) -> None:
        items = iv.items(reason.id, "evidence")
        if choice == "add":
            items[index]["invoice"] = block
            if block.get("date"):
                items[index]["date"] = block["date"]  # the invoice's own date
        else:
            items[index].pop("invoice", None)
        iv.set_items(reason.id, "evidence", items)

    yield Question(
        f"plans.{reason.id}.evidence.{index}.invoice",
        7,
        step_title(iv, 7),
        "select",
        iv.text("q.invoice_offer"),
        default="add",
        choices=[(key, iv.text(f"q.invoice_offer.{key}")) for key in ("add", "skip")],
        store=store,
        answered=lambda: "invoice" in item,
    )


def _invoice_concern(iv: InterviewView, value: dt.date | None, max_age: int | None) -> list[Concern]:
    """An invoice older than Amazon accepts, counted back from the notice date."""
    notice = iv.get("notice_date")
    if value is None or max_age is None or not notice:
        return []
    try:
        notice_date = notice if isinstance(notice, dt.date) else dt.date.fromisoformat(str(notice))
    except ValueError:  # a notice date from an answers file that is not a date: the review says so
        return []
    days = (notice_date - value).days
    if days > max_age:
        return [Concern("old_invoice", iv.text("q.old_invoice", days=days, limit=max_age))]
    return []


def is_promise(text: str) -> bool:
    """A corrective action written as something still to do: the checker's own rule, on one item."""
    from poa.review.check import check_item

    return any(f.rule == "promise-in-action" for f in check_item(text, "corrective_actions"))
