"""The reason catalogue and the marketplace list: package data loaded into typed objects.

Every threshold, window and suggestion is data (poa/data/*.yaml) with its source and the date it
was checked, so a change on Amazon's side is an edit to a data file, not to code.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from poa.errors import PoaError

DATA_DIR = Path(__file__).parent.parent / "data"

EvidenceKind = Literal["supplier_invoice", "letter_of_authorization", "retraction", "test_report", "other"]
EVIDENCE_KINDS: tuple[str, ...] = EvidenceKind.__args__  # type: ignore[attr-defined]


class _Data(BaseModel):
    # Validators are built on first validation, not at import: a run that finds the validated
    # catalogue in the cache never validates, so never pays for building them.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Bilingual(_Data):
    en: str = Field(min_length=1)
    zh: str = Field(min_length=1)


class Suggestion(Bilingual):
    """A suggested root cause or corrective action: English for the document, Chinese for the wizard."""


class LinkedSuggestion(Suggestion):
    """A suggested action or measure, with the suggested root causes it usually answers.

    causes: 1-based numbers in the reason's root_causes list, so a ticked suggestion arrives linked.
    """

    causes: tuple[int, ...] = ()


class MeasureSuggestion(LinkedSuggestion):
    """A suggested preventive measure, with the role that owns it and how often it runs."""

    owner: str = Field(min_length=1)
    frequency: str = Field(min_length=1)


class MetricSpec(_Data):
    target_percent: float = Field(gt=0, lt=100)
    # below: the rate must stay under the target (defect rates); above: over it (tracking, delivery).
    direction: Literal["below", "above"]
    window_days: int = Field(gt=0)
    formula: str = Field(min_length=1)
    formula_zh: str = Field(min_length=1)
    # What the two counts are called for this metric, e.g. "orders with a defect" of "orders".
    defects_label: Bilingual
    orders_label: Bilingual


class EvidenceSpec(_Data):
    kind: EvidenceKind
    en: str = Field(min_length=1)
    zh: str = Field(min_length=1)
    # Invoices must be dated within this many days before the notice, where the reason says so.
    max_age_days: int | None = None


class ResponseWindow(_Data):
    """How long the seller has to respond, counted from the notice date."""

    days: int = Field(gt=0)
    business_days: bool = False
    note: str = ""
    note_zh: str = ""

    @model_validator(mode="after")
    def _both_languages(self) -> ResponseWindow:
        if bool(self.note) != bool(self.note_zh):
            raise ValueError("note and note_zh go together: give the note in both languages")
        return self


class Source(_Data):
    title: str
    reference: str
    checked: dt.date

    def cited(self, lang: str) -> str:
        """The source as a screen cites it; in Chinese, Seller Central's help pages by their Chinese name."""
        if lang != "zh":
            return f"{self.title} ({self.reference}), checked {self.checked.isoformat()}"
        title = self.title.replace("Seller Central help: ", "卖家平台帮助页：")
        reference = self.reference.replace("3P consultants' guidance (DOMAIN.md)", "第三方顾问的建议")
        reference = re.sub(r"^help (\w+)$", r"编号 \1", reference)
        return f"{title}（{reference}），核对于 {self.checked.isoformat()}"


class NoticePhrases(_Data):
    """Phrases as a notice writes them, in English and in Chinese; matching ignores case and spacing."""

    en: tuple[str, ...] = ()
    zh: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _clean_phrases(self) -> NoticePhrases:
        for phrase in (*self.en, *self.zh):
            if not phrase or phrase != phrase.strip() or "  " in phrase:
                raise ValueError(f"phrase {phrase!r}: write it trimmed, with single spaces")
            if re.search(r"\*[A-Za-z0-9*]|(?:^|[^A-Za-z0-9])\*", phrase):
                raise ValueError(f"phrase {phrase!r}: '*' may only end a word")
            if "..." in phrase and not re.fullmatch(r"[A-Za-z0-9*'-]+(?: [^.]+?)*(?: \.\.\. [^.]+)+", phrase):
                raise ValueError(f"phrase {phrase!r}: '...' stands alone between two words of an English phrase")
        for phrase in self.en:
            if not phrase.isascii():
                raise ValueError(f"en phrase {phrase!r}: English phrases are plain ASCII; put it under zh")
        for phrase in self.zh:
            if "*" in phrase or phrase.isascii():
                raise ValueError(f"zh phrase {phrase!r}: Chinese phrases are Chinese text, without '*'")
        return self

    def all(self) -> tuple[str, ...]:
        return (*self.en, *self.zh)


class NoticeRules(_Data):
    """How the notice reader recognises a reason (poa/readers/notice/reasons.py explains the scoring).

    names: a phrase that names the reason; one, not said in passing, is enough to report it.
    hints: words that make the reason likelier but never report it alone.
    metric: the names of the metric a value (2.13%) or counts may follow; performance reasons only.
    role: how the reason stands beside others (see the field).
    """

    names: NoticePhrases
    hints: NoticePhrases = NoticePhrases()
    metric: NoticePhrases | None = None
    # specific: reported on its own evidence. general: a policy notices cite beside a more specific one
    # (the Seller Code of Conduct), reported only when no specific policy reason is. fallback: the reason
    # for a notice that names none (its hints are the words of a deactivation), reported only alone.
    role: Literal["specific", "general", "fallback"] = "specific"

    @model_validator(mode="after")
    def _both_languages(self) -> NoticeRules:
        for field in ("names", "metric"):
            phrases = getattr(self, field)
            if phrases is not None and (not phrases.en or not phrases.zh):
                raise ValueError(f"notice.{field} needs English (en) and Chinese (zh) phrases")
        return self


class CountNoun(_Data):
    """What a root cause's count counts, in the singular and the plural ("complaint", "complaints")."""

    one: str = Field(min_length=1)
    other: str = Field(min_length=1)


class Reason(_Data):
    id: str = Field(pattern=r"^[a-z][a-z_]*$")
    kind: Literal["performance", "policy"]
    # label: the wizard's name for the reason; document_label: the plan's, in neutral words (the plan
    # never calls the seller's goods counterfeit unless the seller says so). Without one, label.en.
    label: Bilingual
    document_label: str | None = Field(default=None, min_length=1)
    description: Bilingual
    # Completes "Your notice of <date> concerned {summary}" in the plan's summary (policy reasons).
    summary: str = Field(min_length=1)
    metric: MetricSpec | None = None
    # What root cause counts count; performance reasons count orders, policy reasons complaints by default.
    count_noun: CountNoun | None = None
    root_causes: tuple[Suggestion, ...] = Field(min_length=5)
    corrective_actions: tuple[LinkedSuggestion, ...] = Field(min_length=5)
    preventive_measures: tuple[MeasureSuggestion, ...] = Field(min_length=5)
    evidence: tuple[EvidenceSpec, ...] = ()
    response: ResponseWindow | None = None
    sources: tuple[Source, ...] = Field(min_length=1)
    notice: NoticeRules
    # What the seller must know before answering, shown wherever the reason is (altered documents).
    caution: Bilingual | None = None

    @model_validator(mode="after")
    def _metric_matches_kind(self) -> Reason:
        if (self.kind == "performance") != (self.metric is not None):
            raise ValueError("a performance reason needs a metric, a policy reason has none")
        if (self.kind == "performance") != (self.notice.metric is not None):
            raise ValueError("notice.metric names the metric of a performance reason; a policy reason has none")
        for part in ("corrective_actions", "preventive_measures"):
            for index, item in enumerate(getattr(self, part)):
                for number in item.causes:
                    if not 1 <= number <= len(self.root_causes):
                        raise ValueError(
                            f"{part}[{index}].causes: root cause {number} does not exist "
                            f"(this reason suggests {len(self.root_causes)})"
                        )
        return self

    @property
    def plan_label(self) -> str:
        """The reason as the plan names it."""
        return self.document_label or self.label.en

    def noun_for(self, count: int) -> str:
        """The noun a root cause's count takes: "complaint" for 1, "orders" for 19."""
        noun = self.count_noun or (
            CountNoun(one="order", other="orders")
            if self.kind == "performance"
            else CountNoun(one="complaint", other="complaints")
        )
        return noun.one if count == 1 else noun.other


_Item = TypeVar("_Item", bound=_Data)
_Value = TypeVar("_Value")


class Marketplace(_Data):
    domain: str
    name: str
    country: str
    country_zh: str  # the country as Chinese screens name it
    language: str
    paper: Literal["a4", "letter"]
    date_style: Literal["us", "day_first"]
    # The English the plan is written in there (an id in english.yaml).
    english: str = "en-US"


_WORD_CHARS = re.compile(r"[A-Za-z]+")


class EnglishVariety(_Data):
    """One variety of English: its language tag, sign-off, spelling and Seller Central's own names.

    The plan's own words (labels, suggestions, template text) are written in US English in the data;
    `localise` turns them into this variety. What the seller typed is never changed.
    """

    id: str = Field(pattern=r"^en-[A-Z]{2}$")
    sign_off: str = Field(min_length=1)
    # Whole words, lower case, US spelling -> this variety's: canceled -> cancelled.
    spelling: dict[str, str] = {}
    # Seller Central's names where they differ beyond spelling: Late Shipment Rate -> Late Dispatch Rate.
    names: dict[str, str] = {}

    def localise(self, text: str) -> str:
        for us, local in self.names.items():
            text = text.replace(us, local)
        if not self.spelling:
            return text
        return _WORD_CHARS.sub(self._respell, text)

    def _respell(self, match: re.Match[str]) -> str:
        word = match[0]
        local = self.spelling.get(word.lower())
        if local is None:
            return word
        if word.isupper() and len(word) > 1:
            return local.upper()
        return local[0].upper() + local[1:] if word[0].isupper() else local


class Catalog:
    """All reasons, in the order of the data file (performance first)."""

    def __init__(self, reasons: list[Reason]) -> None:
        self.reasons: dict[str, Reason] = {}
        for reason in reasons:
            if reason.id in self.reasons:
                raise PoaError(f"reasons.yaml: reason '{reason.id}' is listed twice")
            self.reasons[reason.id] = reason

    def __contains__(self, reason_id: object) -> bool:
        return reason_id in self.reasons

    def __getitem__(self, reason_id: str) -> Reason:
        return self.reasons[reason_id]

    def ids(self, kind: str | None = None) -> list[str]:
        return [r.id for r in self.reasons.values() if kind is None or r.kind == kind]

    def unknown_reason_fields(self, reason_id: object) -> dict[str, str]:
        """The fields of the message for an unknown reason id: what was typed, the likely one, all known."""
        import difflib

        typed = str(reason_id).strip().lower()[:60]
        # "odr" or "lsr": the initials sellers use for the metrics.
        initials = [i for i in self.ids() if "".join(word[0] for word in i.split("_")) == typed]
        close = initials or difflib.get_close_matches(typed, self.ids(), n=1, cutoff=0.6)
        return {"value": repr(str(reason_id)[:60]), "close": close[0] if close else "", "known": ", ".join(self.ids())}

    def unknown_reason_message(self, reason_id: object):  # -> poa.errors.Message
        from poa.errors import message

        fields = self.unknown_reason_fields(reason_id)
        return message("case.unknown_reason_close" if fields["close"] else "case.unknown_reason", **fields)


def _load_yaml(path: Path) -> Any:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(path.read_text(encoding="utf-8"), Loader=loader)


def _cached(path: Path, build: Callable[[], _Value]) -> _Value:
    """The objects built from a data file, kept in the cache because every run reads them."""
    from pydantic import VERSION

    from poa import cache

    # Pickled models are read back only by the pydantic that wrote them, and by the same model classes:
    # the module that builds the value (and defines its models) is part of the key.
    module = os.stat(build.__code__.co_filename)
    tag = f"pydantic{VERSION}-{module.st_size}-{module.st_mtime_ns}"
    value = cache.load(path, tag)
    if value is None:
        value = build()
        cache.store(path, tag, value)
    return value


def load_validated(path: Path, model: type[_Item]) -> _Item:
    """A package data file validated as one model (kept in the cache), or one line saying it is damaged."""

    def build() -> _Item:
        try:
            return model.model_validate(_load_yaml(path))
        except ValidationError as error:
            first = error.errors()[0]
            where = ".".join(str(part) for part in first["loc"])
            raise PoaError(f"{path}: {where}: {first['msg']} (the package data is damaged; reinstall poa)") from None

    return _cached(path, build)


def _validate_each(model: type[_Item], items: Any, path: Path) -> list[_Item]:
    if not isinstance(items, list):
        raise PoaError(f"{path}: expected a list of entries (the package data is damaged; reinstall poa)")
    validated = []
    for index, item in enumerate(items):
        try:
            validated.append(model.model_validate(item))
        except ValidationError as error:
            raise _invalid_data(path, error, index) from None
    return validated


def _invalid_data(path: Path, error: ValidationError, index: int) -> PoaError:
    first = error.errors()[0]
    where = ".".join([f"[{index}]", *(str(part) for part in first["loc"])])
    return PoaError(f"{path}: {where}: {first['msg']} (the package data is damaged; reinstall poa)")


@cache
def load_catalog(path: Path = DATA_DIR / "reasons.yaml") -> Catalog:
    return _cached(path, lambda: Catalog(_validate_each(Reason, _load_yaml(path), path)))


@cache
def load_marketplaces(path: Path = DATA_DIR / "marketplaces.yaml") -> dict[str, Marketplace]:
    return _cached(path, lambda: {m.domain: m for m in _validate_each(Marketplace, _load_yaml(path), path)})


def marketplace_domain(value: str) -> str | None:
    """The marketplace a typed domain names ("https://www.Amazon.de/" is amazon.de), or None if unknown."""
    domain = value.strip().lower().removeprefix("https://").removeprefix("www.").rstrip("/")
    return domain if domain in load_marketplaces() else None


@cache
def load_english(path: Path = DATA_DIR / "english.yaml") -> dict[str, EnglishVariety]:
    return _cached(path, lambda: {v.id: v for v in _validate_each(EnglishVariety, _load_yaml(path), path)})


def english_of(domain: str) -> EnglishVariety:
    """The English a marketplace's plan is written in."""
    return load_english()[load_marketplaces()[domain].english]


@cache
def _measure_labels(path: Path = DATA_DIR / "measure_labels.yaml") -> dict[str, dict[str, str]]:
    """The labels by lower-cased value ("Daily" typed by the seller is the catalogue's "daily"): the pick
    lists' own (plan_choices.yaml) first, then those of the catalogue's other values."""
    lists = _load_yaml(DATA_DIR / "plan_choices.yaml")
    labels = {kind: {value.lower(): zh for value, zh in others.items()} for kind, others in _load_yaml(path).items()}
    for kind, entries in lists.items():
        labels.setdefault(kind, {}).update({entry["en"].lower(): entry["zh"] for entry in entries})
    return labels


def measure_label(kind: Literal["owners", "frequencies"], value: str, lang: str) -> str:
    """A measure's owner or frequency as a Chinese screen shows it (the catalogue's values have a
    Chinese label); the English value otherwise, and whatever the seller typed as typed."""
    if lang != "zh":
        return value
    return _measure_labels()[kind].get(value.strip().lower(), value)
