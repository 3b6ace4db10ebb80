"""`poa new` on a case whose latest plan Amazon did not accept: Amazon's reply first, then the parts it asked about.

The wizard shows what this module says; it knows nothing of the terminal. The parts the reply asked
about are asked again (their pick lists, the current items ticked), each with what was sent before
beside it, so the seller revises what Amazon questioned instead of resending it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from poa.case.history import closest, normalise

if TYPE_CHECKING:
    from poa.case.model import AmazonReply, PreviousAppeal
    from poa.interview.flow import Interview
    from poa.interview.question import Question

# The plan parts that answer each ask; an ask poa cannot place ("other") sends the seller to none.
_PARTS_OF_ASK = {
    "root_cause": ("root_causes",),
    "corrective_actions": ("corrective_actions",),
    "preventive_measures": ("preventive_measures",),
    "evidence": ("evidence",),
    "invoices": ("evidence",),
    "letter_of_authorization": ("evidence",),
    "identity_documents": ("evidence",),
    "asins": ("corrective_actions", "evidence"),
    "other": (),
}
_ALL_PARTS = ("root_causes", "corrective_actions", "preventive_measures")
_REVISIT = "revisit"  # iv.flags: the pick lists still to go through for the latest round
_WALKED = "round_walked"  # iv.flags: the round whose parts were reopened (once per round)


def latest_rejected(iv: Interview) -> PreviousAppeal | None:
    """The case's latest round, when Amazon did not reinstate everything; None otherwise or if unreadable."""
    from pydantic import ValidationError

    from poa.case.model import PreviousAppeal

    rounds = iv.get("previous_appeals")
    if not isinstance(rounds, list) or not rounds or not isinstance(rounds[-1], dict):
        return None
    try:
        latest = PreviousAppeal.model_validate(rounds[-1])
    except ValidationError:
        return None
    return latest if latest.rejected else None


def _reply_of(round_: PreviousAppeal, iv: Interview) -> AmazonReply | None:
    """What the reply says: as recorded by poa reply, else read now from the text pasted in the wizard."""
    if round_.reply is not None:
        return round_.reply
    if not round_.amazon_reply:
        return None
    from poa.case.model import AmazonReply
    from poa.errors import PoaError
    from poa.readers.reply import read_reply

    try:
        reading = read_reply(round_.amazon_reply, expected_asins=tuple(iv.get("affected_asins", default=[]) or ()))
    except PoaError:
        return None
    return AmazonReply.model_validate(reading.reply_data())


def start_lines(iv: Interview) -> list[str]:
    """Amazon's reply, shown before anything is asked; the first time, the parts it asked about are reopened."""
    round_ = latest_rejected(iv)
    if round_ is None:
        return []
    from poa.case.history import sent_on
    from poa.readers.reply import load_reply_rules

    rules = load_reply_rules()
    reply = _reply_of(round_, iv)
    lang = "zh" if iv.lang == "zh" else "en"
    sent = sent_on(round_).isoformat()
    replied = reply.date.isoformat() if reply is not None and reply.date else "?"
    lines = ["", iv.text("round.title", date=replied, sent=sent)]
    if reply is not None:
        lines.append(iv.text("round.kind", kind=getattr(rules.kind_labels[reply.kind], lang)))
        labels = [getattr(rules.ask_labels[item.ask], lang) for item in reply.asks]
        if labels:
            lines.append(iv.text("round.asks", asks=iv.text("round.join").join(dict.fromkeys(labels))))
        said = list(dict.fromkeys(item.said for item in reply.asks if item.said))
        if said:
            lines.append(iv.text("round.words"))
            lines += [f"  > {text}" for text in said]
        if reply.deadline is not None:
            lines.append(iv.text("round.deadline", date=reply.deadline.isoformat()))
        if reply.kind == "final":
            lines.append(iv.text("round.final"))
    parts = _asked_parts(reply)
    if iv.flags.get(_WALKED) != sent and (reply is None or reply.kind != "final"):
        revisit = [f"plans.{reason}.{part}" for reason in iv.reasons() for part in parts]
        iv.flags[_REVISIT] = revisit
        iv.flags[_WALKED] = sent
        for qid in revisit:
            iv.reopen(qid)
        iv.done = [qid for qid in iv.done if qid.removesuffix("+") not in revisit]  # "write my own" too
        iv.mark_given()  # dates, owners and ASINs already given stay given
    if iv.flags.get(_REVISIT):
        names = iv.text("round.join").join(iv.text(f"section.{part}") for part in parts)
        lines.append(iv.text("round.walk", parts=names))
    return lines


def _asked_parts(reply: AmazonReply | None) -> list[str]:
    asks = [item.ask for item in reply.asks] if reply is not None else []
    parts = [part for ask in asks for part in _PARTS_OF_ASK[ask]]
    if not parts:  # no part named: the whole plan is in question
        parts = list(_ALL_PARTS)
    order = ("root_causes", "corrective_actions", "preventive_measures", "evidence")
    return [part for part in order if part in parts]


def revisiting(iv: Interview, question_id: str) -> bool:
    """A pick list the reply asked about, not yet gone through: given answers do not skip it."""
    return question_id in iv.flags.get(_REVISIT, [])


def walked(iv: Interview, question_id: str) -> None:
    if question_id in iv.flags.get(_REVISIT, []):
        iv.flags[_REVISIT] = [qid for qid in iv.flags[_REVISIT] if qid != question_id]


def beside(iv: Interview, question: Question) -> list[str]:
    """Before a pick list of a part the reply asked about: what was sent, each item as it was."""
    if not revisiting(iv, question.id):
        return []
    _, reason_id, part = question.id.split(".")
    round_ = latest_rejected(iv)
    if round_ is None or round_.plan_sent is None or reason_id not in round_.plan_sent.plans:
        return []
    from poa.case.history import item_words, sent_on

    old = item_words(round_.plan_sent.plans[reason_id], part)
    if not old:
        return []
    lines = [iv.text("round.sent", date=sent_on(round_).isoformat())]
    current = {normalise(_words(item, part)) for item in iv.items(reason_id, part)}
    for number, text in enumerate(old, 1):
        mark = iv.text("round.same") if normalise(text) in current else iv.text("round.changed")
        lines.append(f"  {number}. {text} {mark}")
    return lines


def sent_text(iv: Interview, reason_id: str, part: str, text: str) -> str | None:
    """The version of an item that was sent in the latest rejected round (the same words, or the closest)."""
    round_ = latest_rejected(iv)
    if round_ is None or round_.plan_sent is None or reason_id not in round_.plan_sent.plans:
        return None
    from poa.case.history import item_words

    old = item_words(round_.plan_sent.plans[reason_id], part)
    same = [o for o in old if normalise(o) == normalise(text)]
    return same[0] if same else closest(text, old)


def _words(item: Any, part: str) -> str:
    if isinstance(item, str):
        return item
    if isinstance(item, dict):
        return str(item.get("name" if part == "evidence" else "text", ""))
    return ""
