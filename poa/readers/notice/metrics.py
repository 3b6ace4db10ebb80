"""Metric values a notice states: percentages, counts of orders, windows and targets, each tied to its metric."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING

from poa.readers.notice.reading import MetricFound, NoticeReading, Said, reason_zh
from poa.readers.notice.text import MAX_HITS, NoticeText

if TYPE_CHECKING:
    from poa.case.catalog import Catalog
    from poa.readers.notice.reasons import Hit

_PERCENT = re.compile(r"(?<![0-9.,])([0-9]{1,3}(?:[.,][0-9]{1,3})?) ?(?:%|percent(?![a-z])|per cent(?![a-z]))")
# A percentage is a target, not the seller's value, when a target word comes between the metric and it,
# a comparison comes right before it ("under 1%") or a target word right after it ("the 1% target").
_TARGET_WORD = re.compile(r"\b(?:target|goal|threshold|requirement|required|should|must)\b|目标|要求|标准|应")
_COMPARISON = re.compile(
    r"(?:\bunder|\bbelow|\bless than|\blower than|\babove|\bover|\bgreater than|\bmore than|\bat least|\bat most|"
    r"\bmaximum(?: of)?|\bminimum(?: of)?|\bexceed|[<>≤≥]|低于|高于|不超过|不低于|小于|大于|超过) ?:? ?$"
)
# Words that make a sentence state what a metric must be, not what the seller's is.
_TARGET_SENTENCE = re.compile(
    r"\b(?:target|goal|threshold|requirement|require[sd]?|should|must|needs?|maintain|keep|expected|standard|limit)\b"
    r"|目标|要求|标准|应|需|必须|保持"
)
# After the target word, a clause of its own that gives the seller's value: "...our target: your ODR is 2.13%".
_OWN_CLAUSE = re.compile(r"[:;,]\s?(?:[a-z]+ ){0,3}(?:your|you)\b|[:;，：；。]\s?.{0,6}(?:您的|你的)")
# "1% or less" bounds a target.
_BOUND_AFTER = re.compile(r" ?(?:or (?:less|lower|below|more|higher|above|better)|and below|and above|以下|以上|以内)")
# "Target:" after a value labels the next value, as in "Order Defect Rate 2.13% Target: under 1%".
_TARGET_AFTER = re.compile(r" ?(?:的)?(?:目标|要求|标准|target|threshold|goal)(?! ?:)")
# A count: 1642, 1,642 or (on European marketplaces) 1.642; counts are whole numbers.
_NUMBER = r"[0-9]{1,3}(?:[,.][0-9]{3}){1,3}|[0-9]{1,9}"
_COUNT_LINE = re.compile(
    rf"(?:^|(?<=\| )|(?<=[.;] ))([^\n:|]{{2,60}}?) ?[:|] ?({_NUMBER})(?![0-9%]|[.,][0-9])", re.MULTILINE
)
_COUNT_OF = re.compile(
    rf"(?<![0-9,.])({_NUMBER}) (?:out of|of) (?:your |the |all |total )?({_NUMBER}) "
    r"(?:[a-z-]{1,20} ){0,2}(?:orders|shipments|packages)"
)
_COUNTED_THING = re.compile(r"order|shipment|package|unit|return|订单|包裹|货件")
_FAILING = re.compile(
    r"defect|late|cancel|without (?:a )?valid tracking|untracked|not (?:delivered )?on time|negative|dissatisf|"
    r"缺陷|迟发|延迟|取消|无有效|不满意"
)
_TOTAL = re.compile(
    r"^(?:total |number of |all )?(?:seller-fulfilled |seller fulfilled |tracked )?(?:orders|shipments|packages|"
    r"return requests)(?: in (?:the )?(?:period|window))?$|^(?:订单总数|订单数|总订单数?|订单|包裹总数|发货总数)$"
)
_WINDOW = re.compile(r"(?<![0-9])([0-9]{1,3}) ?-? ?(?:days?|天|日)(?![a-z])")


def _number(text: str) -> int:
    return int(text.replace(",", "").replace(".", ""))


class MetricFinder:
    """Values tied to the metric named before them; counts to the metric their line or the notice names."""

    def __init__(self, notice: NoticeText, hits: list[Hit], catalog: Catalog, out: NoticeReading) -> None:
        self.notice, self.catalog, self.out = notice, catalog, out
        self.metric_hits = sorted((h for h in hits if h.metric), key=lambda h: h.start)
        self.metric_starts = [h.start for h in self.metric_hits]
        performance = set(catalog.ids("performance"))
        self.named = sorted((h for h in hits if h.strong and h.reason in performance), key=lambda h: h.start)
        self.named_starts = [h.start for h in self.named]

    def find(self) -> dict[str, int]:
        """Percentages and counts attached to the metric they follow; returns reason -> where a value is."""
        valued: dict[str, int] = {}
        if not self.metric_hits:
            return valued
        previous_end = -1
        percents = _PERCENT.finditer(self.notice.folded) if self.notice.mentions("%", "percent", "per cent") else ()
        for index, match in enumerate(percents):
            if index >= MAX_HITS:
                break
            value = self._percent_value(match.group(1))
            if value is None:
                continue
            attached = self._metric_before(match.start(), previous_end)
            previous_start, previous_end = previous_end, match.end()
            if attached is None:
                continue
            reason_id, gap = attached
            found = self.out.metrics.setdefault(reason_id, MetricFound())
            if (
                _TARGET_WORD.search(gap[-40:])
                or _COMPARISON.search(gap[-16:])
                or _TARGET_AFTER.match(self.notice.folded, match.end())
                or _BOUND_AFTER.match(self.notice.folded, match.end())
                or self._states_a_target(match.start(), previous_start)
            ):
                if found.target_percent is None:
                    found.target_percent = value
                continue
            if found.rate_percent is None:
                found.rate_percent = value
                valued.setdefault(reason_id, match.start())
            elif found.rate_percent != value:
                self.out.notes.append(
                    Said(
                        f"{reason_id}: the notice also states {value:g}%; kept {found.rate_percent:g}%",
                        f"{reason_zh(reason_id)}：通知中还写有 {value:g}%；保留了 {found.rate_percent:g}%",
                    )
                )
        self._counts(valued)
        for reason_id, found in self.out.metrics.items():
            found.window_days = self._window(reason_id)
            self._check_target(reason_id, found)
        return valued

    def _states_a_target(self, position: int, previous_end: int) -> bool:
        """A sentence that says what the metric must be ("the target ODR is 1%", "sellers need an ODR of 1%")
        states a target, unless a later clause of it gives the seller's own value ("...: your ODR is 2.13%")."""
        begin, _ = self.notice.sentence(position, position)
        segment = self.notice.folded[max(begin, previous_end, position - 200) : position]
        words = list(_TARGET_SENTENCE.finditer(segment))
        if not words:
            return False
        return not _OWN_CLAUSE.search(segment, words[-1].end())

    @staticmethod
    def _percent_value(text: str) -> float | None:
        whole, _, decimals = text.replace(",", ".").partition(".")
        if "," in text and len(decimals) == 3:
            return None  # 1,642%: a thousands separator, not a rate
        value = float(f"{whole}.{decimals or 0}")
        return value if value <= 100 else None

    def _metric_before(self, position: int, previous_end: int) -> tuple[str, str] | None:
        """The metric a value at `position` belongs to, and the words between them."""
        index = bisect_right(self.metric_starts, position) - 1
        while index >= 0 and self.metric_hits[index].end > position:
            index -= 1
        if index >= 0:
            hit = self.metric_hits[index]
            if position - hit.end <= 150 and "\n" not in self.notice.folded[hit.end : position]:
                return hit.reason, self.notice.folded[max(hit.end, previous_end) : position]
        # A table laid out one cell per line: the name on the line above, the value alone on its own.
        line_start = self.notice.line_start(position)
        prefix = self.notice.folded[line_start:position]
        if re.search(r"[a-z\u3400-\u9fff]", prefix) or line_start == 0:
            return None
        above = self.notice.folded.rfind("\n", max(0, line_start - 200), line_start - 1) + 1
        index = bisect_left(self.metric_starts, line_start) - 1
        if index >= 0 and self.metric_hits[index].start >= above:
            return self.metric_hits[index].reason, prefix
        return None

    def _counts(self, valued: dict[str, int]) -> None:
        found_counts: dict[str, dict[str, tuple[int, int]]] = {}
        for index, match in enumerate(_COUNT_LINE.finditer(self.notice.folded)):
            if index >= MAX_HITS:
                break
            label = match.group(1).strip()
            if not _COUNTED_THING.search(label):
                continue
            kind = "defects" if _FAILING.search(label) else "orders" if _TOTAL.search(label) else None
            reason_id = self._count_owner(match.start()) if kind else None
            if kind and reason_id:
                found_counts.setdefault(reason_id, {}).setdefault(kind, (_number(match.group(2)), match.start()))
        for index, match in enumerate(_COUNT_OF.finditer(self.notice.folded)):
            if index >= MAX_HITS:
                break
            reason_id = self._count_owner(match.start())
            if reason_id:
                counts = found_counts.setdefault(reason_id, {})
                counts.setdefault("defects", (_number(match.group(1)), match.start()))
                counts.setdefault("orders", (_number(match.group(2)), match.start()))
        for reason_id, counts in found_counts.items():
            if "defects" in counts and "orders" in counts:
                self._set_counts(reason_id, counts["defects"][0], counts["orders"][0], valued, counts["defects"][1])
            else:
                kind, (number, _) = next(iter(counts.items()))
                kind_zh = "问题订单数" if kind == "defects" else "订单总数"
                self.out.notes.append(
                    Said(
                        f"{reason_id}: the notice gives {kind} ({number:,}) but not the other count",
                        f"{reason_zh(reason_id)}：通知只给出了{kind_zh}（{number:,}），没有另一个数",
                    )
                )

    def _count_owner(self, position: int) -> str | None:
        """Counts belong to the metric their own line names ("Orders shipped late: 31"), else to the only
        metric the notice names, else to the nearest one before them."""
        begin, end = self.notice.line_start(position), self.notice.line_end(position)
        low, high = bisect_left(self.named_starts, begin), bisect_left(self.named_starts, end)
        on_line = {hit.reason for hit in self.named[low : min(high, low + 20)]}
        if len(on_line) == 1:
            return next(iter(on_line))
        named = {hit.reason for hit in self.metric_hits}
        if len(named) == 1:
            return next(iter(named))
        index = bisect_right(self.metric_starts, position) - 1
        if index >= 0 and position - self.metric_hits[index].end <= 400:
            return self.metric_hits[index].reason
        return None

    def _set_counts(self, reason_id: str, defects: int, orders: int, valued: dict[str, int], at: int) -> None:
        from poa.case.metrics import rate_from_counts

        spec = self.catalog[reason_id].metric
        assert spec is not None  # metric phrases belong to performance reasons (the catalogue checks it)
        found = self.out.metrics.setdefault(reason_id, MetricFound())
        if orders < 1 or defects > orders:
            self.out.warnings.append(
                Said(
                    f"{reason_id}: {defects:,} of {orders:,} orders cannot be right; counts left out",
                    f"{reason_zh(reason_id)}：{orders:,} 个订单中有 {defects:,} 个，这不可能；未采用这组计数",
                )
            )
            return
        if found.rate_percent is not None:
            readings = [defects] + ([orders - defects] if spec.direction == "above" else [])
            rate = found.rate_percent
            fits = [d for d in readings if abs(rate_from_counts(d, orders, spec.direction) - rate) <= 0.01]
            if not fits:
                self.out.warnings.append(
                    Said(
                        f"{reason_id}: {defects:,} of {orders:,} orders does not give the stated "
                        f"{found.rate_percent:g}%; kept the rate, check the counts",
                        f"{reason_zh(reason_id)}：{orders:,} 个订单中有 {defects:,} 个，"
                        f"与通知的 {found.rate_percent:g}% 不符；保留了比率，请核对计数",
                    )
                )
                return
            defects = fits[0]
        found.defects, found.orders = defects, orders
        valued.setdefault(reason_id, at)

    def _window(self, reason_id: str) -> int | None:
        others = [h for h in self.metric_hits if h.reason != reason_id]
        other_starts = [h.start for h in others]
        for hit in self.metric_hits:
            if hit.reason != reason_id:
                continue
            begin, end = self.notice.sentence(hit.start, hit.end)
            before = bisect_left(other_starts, hit.start) - 1
            if before >= 0:
                begin = max(begin, others[before].end)
            after = bisect_right(other_starts, hit.end)
            if after < len(others):
                end = min(end, others[after].start)
            for match in _WINDOW.finditer(self.notice.folded, begin, end):
                lead = self.notice.folded[max(begin, match.start() - 14) : match.start()]
                if re.search(r"within|next|内", lead) or self.notice.folded.startswith("内", match.end()):
                    continue
                days = int(match.group(1))
                if 1 <= days <= 366:
                    return days
        return None

    def _check_target(self, reason_id: str, found: MetricFound) -> None:
        spec = self.catalog[reason_id].metric
        if spec and found.target_percent is not None and found.target_percent != spec.target_percent:
            self.out.notes.append(
                Said(
                    f"{reason_id}: the notice states a target of {found.target_percent:g}%; "
                    f"poa's catalogue has {spec.target_percent:g}% (check `poa reasons {reason_id}`)",
                    f"{reason_zh(reason_id)}：通知写明的要求是 {found.target_percent:g}%，"
                    f"poa 记录的是 {spec.target_percent:g}%（请以通知为准）",
                )
            )
