"""Which catalogue reasons a notice names: phrases found, weighed, and reported above a score.

How a notice is classified (points per reason):
- a name of the reason (notice.names or notice.metric), said plainly: 3 points, and 1 more for each
  further plain mention, at most 2 more;
- a name said in passing ("to avoid cancellations", "metrics such as the late shipment rate"), in a
  pointer to more reading ("to learn more about our Anti-Counterfeiting Policy, see ...") or in the
  footer after the sign-off: 1 point;
- hints (notice.hints): 1 point per distinct hint; hints and passing mentions together add at most 2,
  so they never report a reason on their own;
- a value stated for the reason's metric (2.13%, or counts of orders): 5 points;
- a labelled infringement type ("Infringement type: Trademark"), or a label beside an ASIN in a list
  ("B0XXXXXXXX (Trademark)"): 5 points.
A reason is reported at 3 points or more, in the order its first plain evidence appears. A
performance reason named without a value, in a notice that states a value for another metric, needs
two plain mentions: notices list the other metrics in passing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from poa.readers.notice.reading import NoticeReading, ReasonSignal, Said, reason_zh
from poa.readers.notice.text import MAX_HITS, NoticeText, find_phrase

if TYPE_CHECKING:
    from poa.case.catalog import Catalog

REPORT_AT = 3
_NAME, _MORE, _MORE_CAP, _WEAK_CAP, _VALUE, _LABEL = 3, 1, 2, 2, 5, 5

_PASSING = re.compile(
    r"(?:\bavoid(?:ing|s)?\b|\bprevent(?:ing|s)?\b|\bsuch as\b|\bfor example\b|\be\.g\.|\blike\b|"
    r"\bother (?:metrics|measures|policies)\b|避免|防止|例如|比如|诸如|以免)[^.;!?\n]{0,60}$"
)


# "X and Y are other metrics we monitor": the names come before the words that make them passing.
_PASSING_AFTER = re.compile(
    r"[^.;!?\n]{0,80}?\b(?:are|is)(?: also)? (?:other|among the|some of the|examples of)\b"
    r"|[^。;!?\n]{0,30}?(?:等其他|等其它|是其他|属于其他)"
)


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    reason: str
    phrase: str
    strong: bool  # a name (True) or a hint (False)
    metric: bool  # a name of the reason's metric


def find_hits(notice: NoticeText, catalog: Catalog) -> list[Hit]:
    """Every place a reason's name, metric name or hint stands in the notice."""
    hits: list[Hit] = []
    for reason in catalog.reasons.values():
        rules = reason.notice
        metric_names = set(rules.metric.all()) if rules.metric else set()
        for phrase in dict.fromkeys((*rules.names.all(), *metric_names)):
            for start, end in find_phrase(notice, phrase):
                hits.append(Hit(start, end, reason.id, phrase, True, phrase in metric_names))
        for phrase in rules.hints.all():
            for start, end in find_phrase(notice, phrase):
                hits.append(Hit(start, end, reason.id, phrase, False, False))
    return hits


# Where a policy is only mentioned: a pointer to more reading, a link, a page of Amazon's help.
_BOILERPLATE = re.compile(
    r"\bto learn more\b|\blearn more about\b|\bfor more information\b|\bmore information (?:about|on)\b|"
    r"\bfor (?:more )?details (?:about|on)\b|\bfor information about\b|\bhelp page|\bpolicy page|\bhelp center\b|"
    r"\bsee (?:our|the) \b|\bvisit (?:our|the) \b|\bread (?:our|the|more)\b|\bwe take [a-z ]{0,30}seriously\b|"
    r"了解更多|更多信息|详情请|请参阅|请查看|帮助页面|请访问"
)
# The sign-off of a message; what follows the last one is a footer.
_SIGN_OFF = re.compile(
    r"^(?:sincerely|regards|best regards|kind regards|thank you|thanks|seller performance team|amazon services|"
    r"amazon\.[a-z.]+ seller performance|此致|敬上|谢谢|亚马逊卖家绩效团队)[ ,.!]*$",
    re.MULTILINE,
)


def only_mentioned(notice: NoticeText, start: int, end: int, footer: int) -> bool:
    """Words said in passing: after "to avoid" or "such as", before "are other metrics we monitor", in a
    pointer to a help page, or in the footer."""
    if start >= footer:
        return True
    begin, stop = notice.sentence(start, end)
    if _PASSING.search(notice.folded, max(begin, start - 70), start):
        return True
    if _PASSING_AFTER.match(notice.folded, end, stop):
        return True
    return _BOILERPLATE.search(notice.folded, begin, stop) is not None


def footer_start(notice: NoticeText) -> int:
    """Where the footer begins: after the last sign-off, when a few lines at most follow it."""
    last = None
    for index, match in enumerate(_SIGN_OFF.finditer(notice.folded)):
        if index >= MAX_HITS:
            break
        last = match
    if last is None or notice.folded.count("\n", last.end()) > 12:
        return len(notice.folded)
    return last.end()


def classify(
    notice: NoticeText,
    hits: list[Hit],
    catalog: Catalog,
    out: NoticeReading,
    valued: dict[str, int],
    labelled: tuple[str | None, str | None, int],
    listed: dict[str, int],
) -> None:
    """Score every reason, record the signals, and report the reasons that reach REPORT_AT."""
    by_reason: dict[str, list[Hit]] = {}
    for hit in sorted(hits, key=lambda h: (h.start, -h.end)):
        by_reason.setdefault(hit.reason, []).append(hit)
    plain_counts: dict[str, int] = {}
    first: dict[str, int] = {}
    footer = footer_start(notice)
    _, label_reason, label_at = labelled
    for reason_id in catalog.ids():
        signal = ReasonSignal()
        plain, weak, last_end = 0, set(), -1
        for hit in by_reason.get(reason_id, []):
            if hit.start < last_end:
                continue  # one place in the text counts once, whatever phrases match it
            last_end = hit.end
            said = notice.text[hit.start : hit.end]
            if hit.strong and not only_mentioned(notice, hit.start, hit.end, footer):
                plain += 1
                first.setdefault(reason_id, hit.start)
            else:
                weak.add(hit.phrase.casefold())
            if said.casefold() not in (f.casefold() for f in signal.found) and len(signal.found) < 6:
                signal.found.append(said)
        signal.score = (_NAME + min(_MORE_CAP, _MORE * (plain - 1)) if plain else 0) + min(_WEAK_CAP, len(weak))
        if reason_id in valued:
            signal.score += _VALUE
            first[reason_id] = min(first.get(reason_id, valued[reason_id]), valued[reason_id])
        if reason_id == label_reason:
            signal.score += _LABEL
            first[reason_id] = min(first.get(reason_id, label_at), label_at)
        elif reason_id in listed:  # a label beside an ASIN in a list weighs the same
            signal.score += _LABEL
            first[reason_id] = min(first.get(reason_id, listed[reason_id]), listed[reason_id])
        plain_counts[reason_id] = plain
        if signal.score:
            out.signals[reason_id] = signal
    any_value = bool(valued)
    reported = []
    for reason_id, signal in out.signals.items():
        if signal.score < REPORT_AT or reason_id not in first:
            continue
        performance = catalog[reason_id].kind == "performance"
        if performance and any_value and reason_id not in valued and plain_counts[reason_id] < 2:
            out.notes.append(
                Said(
                    f"{reason_id} is named once without a value beside the metrics that have one; not reported",
                    f"{reason_zh(reason_id)}只被提到一次，且没有数值（其他指标都有）；未列入",
                )
            )
            continue
        reported.append(reason_id)
    out.reasons = sorted(_by_role(reported, catalog, out), key=lambda r: first.get(r, -1))


def _by_role(reported: list[str], catalog: Catalog, out: NoticeReading) -> list[str]:
    """A general policy yields to a specific one; the fallback stands only alone, or when nothing else is."""
    role = {reason_id: catalog[reason_id].notice.role for reason_id in catalog.ids()}
    specific = [r for r in reported if role[r] == "specific"]
    general = [r for r in reported if role[r] == "general"]
    if specific and general:
        for reason_id in general:
            out.notes.append(
                Said(
                    f"the notice also cites {catalog[reason_id].label.en}; read as the specific reasons",
                    f"通知还引用了{catalog[reason_id].label.zh}；已按其中具体的原因读取",
                )
            )
        general = []
    if specific or general:
        return specific + general
    fallback = [r for r in role if role[r] == "fallback" and r in out.signals]
    return fallback[:1]
