"""Reads Amazon's answer to an appeal: what it decides, what it asks for, the ASINs it names, its deadline.

Offline and deterministic, like the notice reader. Every phrase lives in poa/data/replies.yaml; this
module knows only the order of the work:

1. Amazon's own words: the e-mail's quoted history, quoted lines and passages, "You wrote: ..." and,
   when the plan that was sent is known, the reply's sentences that repeat it, are set aside. A
   rejection that quotes the seller's "please reinstate our account" must not read as a reinstatement.
2. Sentences and their clauses: a reinstatement or final phrase counts only when no negation or
   condition comes before it in its clause; asks count only in a sentence that asks (or in a list a
   sentence that asks introduces).
3. The kind, by precedence: final, then reinstated or partial, verification, documents, more
   information, unclear. Nothing but a plain reinstatement is ever success: a reply that only repeats
   the original notice, or decides nothing, is not.
4. Dates and the deadline through the notice reader (the reply's date first, so "within 5 days"
   counts from it).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from poa.case.catalog import DATA_DIR, Bilingual, NoticePhrases, load_validated
from poa.case.model import ASK_IDS, DOCUMENT_ASKS, REPLY_KINDS, normalise_asin
from poa.errors import PoaError, message
from poa.readers.inputs import InputKind, decode, read_text
from poa.readers.reply_quotes import own_words

RULES_PATH = DATA_DIR / "replies.yaml"
MAX_REPLY_BYTES = 2_000_000  # a reply is a few paragraphs; even an HTML e-mail with its history is far below
MAX_SAID = 600  # the reply's own words kept beside an ask (the case's line length)
REPLY_INPUT = InputKind(
    limit=MAX_REPLY_BYTES,
    binary_hint=message("hint.reply_binary"),
    encoding_hint=message("hint.reply_encoding"),
    folder_hint=message("hint.reply_folder"),
    sniff=True,
    mail=True,
)


# ---------------------------------------------------------------- the phrases, as data


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


# Phrases in English and Chinese, written and checked as the notice reader's are (trimmed, "word*" endings).
Phrases = NoticePhrases
Texts = Bilingual


class AskLabel(Texts):
    doc: str = Field(min_length=1)  # how the plan names it: "Your reply asked for {doc}"


class QuoteCues(_Data):
    line: Phrases
    sentence: Phrases


class DocumentAsk(Texts):
    kinds: tuple[str, ...] = Field(min_length=1)


class FinalOption(Texts):
    source: Texts


class Funds(Texts):
    days_after_deactivation: int = Field(gt=0, le=365)
    source: Texts
    dated_en: str
    dated_zh: str


class ReplyRules(_Data):
    kinds: dict[str, Phrases]
    negations: Phrases
    conditions: Phrases
    ways_out: Phrases
    notice: Phrases
    reply: Phrases
    quote_cues: QuoteCues
    history_markers: Phrases
    asks: dict[str, Phrases]
    request_cues: Phrases
    direct_requests: Phrases
    appeal_itself: Phrases
    courtesy: Phrases
    documents: dict[str, DocumentAsk]
    kind_labels: dict[str, Texts]
    ask_labels: dict[str, AskLabel]
    next_steps: dict[str, Texts]
    deadline_sentence: Texts
    after_final: tuple[FinalOption, ...] = Field(min_length=1)
    funds: Funds

    @model_validator(mode="after")
    def _complete(self) -> ReplyRules:
        for group in ("reinstated", "partial", "final", "rejected", "verification", "pending"):
            if group not in self.kinds:
                raise ValueError(f"kinds.{group} is missing")
        for ask in ASK_IDS:
            if ask != "other" and ask not in self.asks:
                raise ValueError(f"asks.{ask} is missing")
            if ask not in self.ask_labels:
                raise ValueError(f"ask_labels.{ask} is missing")
        for ask in DOCUMENT_ASKS:
            if ask not in self.documents:
                raise ValueError(f"documents.{ask} is missing")
        for kind in REPLY_KINDS:
            if kind not in self.kind_labels or kind not in self.next_steps:
                raise ValueError(f"kind_labels.{kind} or next_steps.{kind} is missing")
        return self


@cache
def load_reply_rules(path: Path = RULES_PATH) -> ReplyRules:
    return load_validated(path, ReplyRules)


@cache
def _pattern(phrases: Phrases) -> re.Pattern[str]:
    """Any of the phrases: English ones as whole words, any case and spacing, "word*" any ending."""
    english = []
    for phrase in sorted(phrases.en, key=len, reverse=True):
        words = []
        for word in phrase.split(" "):
            stem = re.escape(word.rstrip("*")).replace(r"\-", r"[\s-]?")
            words.append(stem + (r"[a-z0-9']{0,20}" if word.endswith("*") else ""))
        english.append(r"\s+".join(words))
    chinese = [re.escape(p) for p in sorted(phrases.zh, key=len, reverse=True)]
    parts = []
    if english:
        parts.append(r"(?<![a-z0-9])(?:" + "|".join(english) + r")(?![a-z0-9])")
    if chinese:
        parts.append("(?:" + "|".join(chinese) + ")")
    return re.compile("|".join(parts) or r"(?!x)x", re.IGNORECASE)


def _found(phrases: Phrases, text: str) -> list[re.Match[str]]:
    return list(_pattern(phrases).finditer(text))


# ---------------------------------------------------------------- the reading


@dataclass
class AskFound:
    ask: str
    asins: list[str] = field(default_factory=list)
    said: str = ""


@dataclass
class ReplyReading:
    kind: str = "unclear"
    asks: list[AskFound] = field(default_factory=list)
    asins: list[str] = field(default_factory=list)  # every ASIN the reply names, in order
    reinstated_asins: list[str] = field(default_factory=list)
    deadline: dt.date | None = None
    deadline_counted_from: dt.date | None = None  # None: the reply states the date itself
    date: dt.date | None = None  # the reply's own date
    subject: str | None = None
    pending: bool = False  # Amazon says it is still reviewing
    repeats_notice: bool = False
    text: str = ""  # the reply as read (normalised), quotes included
    found: list[str] = field(default_factory=list)  # the phrases that decided the kind
    # (what, its details): said in the seller's language by reply_report
    notes: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    @property
    def ask_ids(self) -> list[str]:
        return list(dict.fromkeys(item.ask for item in self.asks))

    @property
    def blocked_asins(self) -> list[str]:
        """The ASINs named and not reinstated."""
        return [asin for asin in self.asins if asin not in self.reinstated_asins]

    @property
    def success(self) -> bool:
        return self.kind == "reinstated"

    def reply_data(self) -> dict[str, Any]:
        """What the case keeps of the reading (the case model's AmazonReply)."""
        data: dict[str, Any] = {"kind": self.kind}
        if self.date:
            data["date"] = self.date.isoformat()
        if self.asks:
            data["asks"] = [
                {"ask": a.ask, **({"asins": a.asins} if a.asins else {}), **({"said": a.said} if a.said else {})}
                for a in self.asks
            ]
        if self.asins:
            data["asins"] = list(self.asins)
        if self.reinstated_asins:
            data["reinstated_asins"] = list(self.reinstated_asins)
        if self.deadline:
            data["deadline"] = self.deadline.isoformat()
        return data


def reply_text(path: Path) -> str:
    """A reply file's text, or a one-line reason why it cannot be read."""
    return read_text(path, REPLY_INPUT)


def decode_reply(data: bytes, where: str = "the reply") -> str:
    return decode(data, REPLY_INPUT, where)


def read_reply(
    text: str,
    *,
    sent_texts: tuple[str, ...] = (),
    expected_asins: tuple[str, ...] = (),
    received: dt.date | None = None,
    marketplace: str | None = None,
) -> ReplyReading:
    """Read a reply. sent_texts: the plan's items as sent (their repetition is not Amazon's words);
    expected_asins: the ASINs under review (a reinstatement of only some of them is partial);
    received: the day it arrived, when the text does not say."""
    from poa.readers import mail
    from poa.readers.notice import normalise_text

    if len(text) > MAX_REPLY_BYTES:
        raise PoaError.of("reply.too_long", limit=f"{MAX_REPLY_BYTES:,}")
    raw = text.encode("utf-8", "surrogateescape")
    if mail.looks_like_eml(raw):  # a message given as it was saved; files come unpacked by the front door
        text = mail.eml_text(raw, "the reply")
    clean = normalise_text(text)
    if not clean:
        raise PoaError.of("reply.empty")
    subject, sent = _mail_fields(clean)
    reader = _Reader(load_reply_rules(), sent_texts, expected_asins)
    reading = reader.read(clean)
    reading.subject = subject
    reading.date = received or _email_date(sent)
    _dates(reading, reader.own, marketplace)
    return reading


_MAIL_FIELD = re.compile(
    r"(from|reply-to|sender|to|cc|date|sent|subject|发件人|收件人|日期|发送时间|主题) ?[:：] ?(.*)", re.I
)


def _mail_fields(text: str) -> tuple[str | None, str | None]:
    """The subject and the date of the header lines an e-mail starts with (saved, or pasted from a mail program)."""
    subject = sent = None
    for line in text.split("\n", 30)[:30]:
        match = _MAIL_FIELD.fullmatch(line.strip())
        if match is None:
            break
        name = match.group(1).lower()
        if name in ("subject", "主题"):
            subject = subject or match.group(2)
        elif name in ("date", "sent", "日期", "发送时间"):
            sent = sent or match.group(2)
    return subject, sent


def _email_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    import email.utils

    try:
        return email.utils.parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _dates(reading: ReplyReading, own: str, marketplace: str | None) -> None:
    """The reply's date and deadline, read as the notice reader reads a notice's."""
    from poa.readers.notice import read_notice

    text = own if reading.date is None else f"Date: {reading.date.isoformat()}\n{own}"
    if not text.strip():
        return
    try:
        found = read_notice(text, marketplace=marketplace)
    except PoaError:
        return
    reading.date = reading.date or found.notice_date
    if found.deadline is not None:
        reading.deadline = found.deadline
        if not (found.deadline_basis or "").startswith("stated"):
            reading.deadline_counted_from = found.notice_date
    if any(" can be " in warning for warning in found.warnings):  # "11/05/2026 can be May 11 or November 5"
        reading.notes.append(("date_ambiguous", {}))


# ---------------------------------------------------------------- the reader

_ASIN = re.compile(r"(?<![A-Za-z0-9])[Bb][A-Za-z0-9]{9}(?![A-Za-z0-9])|(?<![A-Za-z0-9])[0-9]{9}[0-9Xx](?![A-Za-z0-9])")
_LIST_ITEM = re.compile(r"^\s*(?:[-*•·]{1,2}|\d{1,2}[.)]|[a-z][.)]|\(\w\))\s+")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[\"'(A-Z0-9])|(?<=[。！？；])")
_CLAUSE = re.compile(
    r",?\s+but\s+|;\s*|,\s*however,?\s+|,\s+while\s+|,\s+whereas\s+|但是|但|，而|；|而其他|而其余", re.I
)
_WORD = re.compile(r"[a-z0-9']+|[\u3400-\u9fff]")
_ACCOUNT = re.compile(r"\baccount\b|selling privileges|\bselling account\b|账户|帐户|销售权限", re.IGNORECASE)


@dataclass
class _Unit:
    """A sentence of Amazon's words, with where it stands in a list."""

    text: str
    list_item: bool = False
    intro: bool = False  # ends with ":" and introduces the lines after it
    blank_before: bool = False


class _Reader:
    def __init__(self, rules: ReplyRules, sent_texts: tuple[str, ...], expected_asins: tuple[str, ...]) -> None:
        self.rules = rules
        self.sent = _trigrams(" ".join(sent_texts))
        self.expected = [a for a in (_asin(a) for a in expected_asins) if a]
        self.out = ReplyReading()
        self.own = ""
        self.set_aside = 0
        self.asin_states: dict[str, set[str]] = {}  # reinstated, blocked, or only named

    def read(self, text: str) -> ReplyReading:
        out = self.out
        out.text = text
        self.own = self._own_words(text)
        units = self._units(self.own)
        if self.set_aside:
            out.notes.append(("set_aside", {"count": str(self.set_aside)}))
        self._classify(units)
        return out

    # ------------------------------------------------------------ Amazon's own words

    def _own_words(self, text: str) -> str:
        own, set_aside = own_words(text, _pattern(self.rules.history_markers), _pattern(self.rules.quote_cues.line))
        self.set_aside += set_aside
        return own

    def _units(self, own: str) -> list[_Unit]:
        units: list[_Unit] = []
        sentence_cue = _pattern(self.rules.quote_cues.sentence)
        blank = True
        for line in _unwrapped(own):
            if not line.strip():
                blank = True
                continue
            item = _LIST_ITEM.match(line)
            body = line[item.end() :] if item else line.strip()
            for index, piece in enumerate(p.strip() for p in _SENTENCE.split(body)):
                if not piece:
                    continue
                cue = sentence_cue.match(piece)
                if cue is not None or self._repeats_plan(piece):
                    self.set_aside += 1
                    continue
                units.append(
                    _Unit(
                        piece,
                        list_item=bool(item) and index == 0,
                        intro=piece.endswith((":", "：")),
                        blank_before=blank,
                    )
                )
                blank = False
        return units

    def _repeats_plan(self, sentence: str) -> bool:
        """Most of the sentence's word triples are in the plan that was sent: the seller's words."""
        if not self.sent:
            return False
        own = _trigrams(sentence)
        return len(own) >= 4 and len(own & self.sent) >= 0.7 * len(own)

    # ------------------------------------------------------------ sentences

    def _holds(self, group: str, clause: str) -> list[re.Match[str]]:
        return _found(self.rules.kinds[group], clause)

    def _plain(self, clause: str, match: re.Match[str]) -> bool:
        """The phrase is said as a fact: no negation or condition before it in its clause."""
        before = re.split(r"[,，]", clause[: match.start()])[-1]  # "After reviewing it, we have reinstated ..."
        return not (_found(self.rules.negations, before) or _found(self.rules.conditions, before))

    def _classify(self, units: list[_Unit]) -> None:
        rules, out = self.rules, self.out
        reinstated = final = rejected = partial = verification = pending = False
        asking_list = False  # the lines after a sentence that asks, such as "Please provide the following:"
        listed = False  # a line of that list has been read: a blank line after it ends the list
        carry: str | None = None  # the state ASINs take from the sentence before them
        asin_states = self.asin_states
        for unit in units:
            text = unit.text
            if unit.blank_before and listed and not unit.list_item:
                asking_list = False
            courtesy = bool(_found(rules.courtesy, text))
            asks_here = not courtesy and (bool(_found(rules.request_cues, text)) or asking_list)
            listed = asking_list and not unit.intro
            if unit.intro:
                asking_list, listed = asks_here, False
            states: list[tuple[int, str]] = []
            offset = 0
            for clause in _CLAUSE.split(text):
                start = text.find(clause, offset)
                offset = max(start, 0) + len(clause)
                for match in self._holds("reinstated", clause):
                    if self._plain(clause, match):
                        reinstated = True
                        out.found.append(match.group(0))
                        states.append((start + match.start(), "reinstated"))
                for match in self._holds("final", clause):
                    if _found(rules.conditions, clause[: match.start()]):
                        continue
                    if _found(rules.ways_out, clause[match.end() :]):
                        rejected = True
                    else:
                        final = True
                    out.found.append(match.group(0))
                    states.append((start + match.start(), "blocked"))
                for group in ("rejected", "partial"):
                    for match in self._holds(group, clause):
                        rejected = rejected or group == "rejected"
                        partial = partial or group == "partial"
                        out.found.append(match.group(0))
                        states.append((start + match.start(), "blocked"))
                if self._holds("verification", clause):
                    verification = True
                    out.found += [m.group(0) for m in self._holds("verification", clause)]
                if self._holds("pending", clause):
                    pending = True
            asins = self._asins(text, states, carry, asin_states)
            if states:
                carry = max(states)[1]
            if asks_here:
                self._asks(text, asins, intro=unit.intro)
        self._notice_or_reply(units)
        # An ASIN named with no state of its own is reinstated only in a reply that blocks nothing.
        blocks = rejected or partial or final or any("blocked" in s for s in asin_states.values())
        for asin, states_of in asin_states.items():
            if states_of == {"reinstated"} or (reinstated and not blocks and states_of <= {"reinstated", "named"}):
                out.reinstated_asins.append(asin)
        out.pending = pending and not (reinstated or final or rejected or out.asks)
        self._decide(reinstated, final, rejected, partial, verification)

    def _asins(
        self, text: str, states: list[tuple[int, str]], carry: str | None, asin_states: dict[str, set[str]]
    ) -> list[str]:
        """The ASINs of a sentence, each with the state of the phrase nearest before it in its clause
        (else the nearest after it, else the sentence before's), as reinstated or blocked."""
        found = []
        bounds = [m.start() for m in _CLAUSE.finditer(text)]
        for match in _ASIN.finditer(text):
            asin = _asin(match.group(0))
            if asin is None:
                continue
            clause_start = max((b for b in bounds if b <= match.start()), default=0)
            clause_end = min((b for b in bounds if b > match.start()), default=len(text))
            before = [s for s in states if clause_start <= s[0] < match.start()]
            after = [s for s in states if match.start() < s[0] < clause_end]
            state = before[-1][1] if before else (after[0][1] if after else carry)
            asin_states.setdefault(asin, set()).add(state or "named")
            if asin not in self.out.asins:
                self.out.asins.append(asin)
            found.append(asin)
        return found

    def _asks(self, text: str, asins: list[str], *, intro: bool) -> None:
        rules, out = self.rules, self.out
        said = _short(text)
        named = [ask for ask, phrases in rules.asks.items() if ask != "asins" and _found(phrases, text)]
        if asins or _found(rules.asks["asins"], text):
            named.append("asins")
        if not (named or intro) and _found(rules.direct_requests, text) and not _found(rules.appeal_itself, text):
            named.append("other")
        for ask in named:
            existing = next((a for a in out.asks if a.ask == ask), None)
            if existing is None:
                out.asks.append(AskFound(ask, list(asins) if ask == "asins" else [], said))
            elif ask == "asins":
                existing.asins += [a for a in asins if a not in existing.asins]

    def _notice_or_reply(self, units: list[_Unit]) -> None:
        own = "\n".join(unit.text for unit in units)
        if _found(self.rules.notice, own) and not _found(self.rules.reply, own):
            self.out.repeats_notice = True
            self.out.notes.append(("repeats_notice", {}))

    def _decide(self, reinstated: bool, final: bool, rejected: bool, partial: bool, verification: bool) -> None:
        out = self.out
        blocked = out.blocked_asins
        asks = set(out.ask_ids)
        if reinstated and self.expected and out.reinstated_asins and not _ACCOUNT.search(self.own):
            missing = [asin for asin in self.expected if asin not in out.reinstated_asins]
            if missing:
                partial = True
                blocked = [*blocked, *(a for a in missing if a not in blocked)]
                out.notes.append(("not_named", {"asins": ", ".join(missing)}))
        if final:
            out.kind = "final"
        elif reinstated and not out.repeats_notice:
            out.kind = "partial" if (partial or rejected or blocked) else "reinstated"
        elif verification or "identity_documents" in asks:
            out.kind = "verification"
        elif asks & set(DOCUMENT_ASKS):
            out.kind = "documents"
        elif rejected or asks or out.repeats_notice:
            out.kind = "more_information"
        else:
            out.kind = "unclear"
        if out.kind == "reinstated":
            out.asks = []  # "continue to follow our policies" asks for nothing to send
        elif out.kind in ("unclear", "final"):
            self._ask_for_blocked([])  # nothing to answer: only ASINs a sentence asked about
        else:
            # A reply that does not reinstate them names ASINs for the next plan to cover.
            self._ask_for_blocked(blocked)

    def _ask_for_blocked(self, blocked: list[str]) -> None:
        """The ASINs not reinstated are what the next plan must cover; an ask naming none is dropped."""
        out = self.out
        existing = next((a for a in out.asks if a.ask == "asins"), None)
        if existing is None and blocked:
            out.asks.append(AskFound("asins", list(blocked)))
        elif existing is not None:
            existing.asins = [a for a in dict.fromkeys([*existing.asins, *blocked]) if a not in out.reinstated_asins]
            if not existing.asins:
                out.asks.remove(existing)


_LINE_END = (".", ":", "!", "?", ";", "。", "：", "！", "？", "；")
_ASIN_LINE = re.compile(r"^\s*(?:asin\s*:?\s*)?[A-Za-z0-9]{10}\s*$", re.IGNORECASE)


def _unwrapped(text: str) -> list[str]:
    """The lines of a hard-wrapped e-mail joined back into its sentences; lists and ASIN lines kept apart."""
    lines: list[str] = []
    for line in text.split("\n"):
        previous = lines[-1] if lines else ""
        joins = (
            line.strip()
            and previous.strip()
            and not previous.rstrip().endswith(_LINE_END)
            and not _LIST_ITEM.match(line)
            and not _ASIN_LINE.match(line)
            and not _ASIN_LINE.match(previous)
        )
        if joins:
            lines[-1] = previous.rstrip() + " " + line.strip()
        else:
            lines.append(line)
    return lines


def _asin(text: str) -> str | None:
    try:
        return normalise_asin(text)
    except ValueError:
        return None


def _trigrams(text: str) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    return {tuple(words[i : i + 3]) for i in range(len(words) - 2)}


def _short(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= MAX_SAID:
        return text
    cut = text.rfind(" ", 0, MAX_SAID - 1)
    return text[: cut if cut > 0 else MAX_SAID - 1] + "…"
