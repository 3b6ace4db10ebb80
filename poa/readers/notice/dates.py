"""Dates in a notice: the notice's own date, and the deadline it states or counts from it."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from poa.readers.notice.reading import NoticeReading, Said
from poa.readers.notice.text import MAX_HITS, NoticeText

_MONTH = (
    r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DATE = re.compile(
    r"(?<![0-9])(?P<y1>[0-9]{4})(?P<s1>[-/.])(?P<m1>[0-9]{1,2})(?P=s1)(?P<d1>[0-9]{1,2})(?![0-9])"
    r"|(?<![0-9])(?P<y2>[0-9]{4}) ?年 ?(?P<m2>[0-9]{1,2}) ?月 ?(?P<d2>[0-9]{1,2}) ?[日号]"
    rf"|(?<![a-z]){_MONTH.replace('(', '(?P<n3>', 1)}\.? ?(?P<d3>[0-9]{{1,2}})(?:st|nd|rd|th)?,? ?(?P<y3>[0-9]{{4}})"
    r"(?![0-9])"
    rf"|(?<![0-9])(?P<d4>[0-9]{{1,2}})(?:st|nd|rd|th)?(?: of)? {_MONTH.replace('(', '(?P<n4>', 1)}\.?,? ?"
    r"(?P<y4>[0-9]{4})(?![0-9])"
    r"|(?<![0-9/.-])(?P<a5>[0-9]{1,2})(?P<s5>[-/.])(?P<b5>[0-9]{1,2})(?P=s5)(?P<y5>[0-9]{4})(?![0-9])"
)
_NUMERIC_DATE = re.compile(r"(?<![0-9/])([0-9]{1,2})[/-]([0-9]{1,2})[/-][0-9]{4}")
_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTHS = {name: number for number, name in enumerate(_MONTH_NAMES, 1)}
_WEEKDAY = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]{0,6}\.?,? ?)?"
_NOTICE_LABEL = re.compile(
    r"(?:^|[^a-z])(?:notice date|date of (?:this |the )?(?:notice|e-?mail|message)|"
    r"(?:notice |e-?mail |message )?sent(?: on| date)?|date|dated|received(?: on)?|issued on)"
    rf" ?:? ?{_WEEKDAY}$|(?:通知日期|发送日期|发送时间|发件时间|日期|时间) ?:? ?(?:星期.)?$"
)
_NOT_NOTICE = re.compile(
    r"order|ship|deliver|invoice|receipt|\bdue\b|deadline|expir|before|until|\bby\b|within|截止|发票|订单|之前|以前"
)
_BY_DATE = re.compile(
    r"(?:\bby|\bbefore|\buntil|\bno later than|\bnot later than|\bdeadline|\bdue(?: date)?|\bon or before"
    r"|截止(?:日期|时间)?)"
    rf" ?:? ?(?:the end of )?{_WEEKDAY}$"
)
_BY_DATE_AFTER = re.compile(r" ?(?:前|之前|以前)")
_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "fourteen": 14,
    "fifteen": 15,
    "seventeen": 17,
    "twenty": 20,
    "thirty": 30,
}
_WITHIN = re.compile(
    rf"\bwithin (?:the next |the following )?([0-9]{{1,3}}|{'|'.join(_NUMBER_WORDS)})(?: \([0-9]{{1,3}}\))? ?"
    r"(business |working |calendar )?(days?|hours?)\b"
    r"|\b([0-9]{1,3}) (business |working |calendar )?(days?|hours?) (?:from|after) (?:the date of )?"
    r"(?:this|the|receiving this) (?:notice|message|e-?mail|notification)"
    r"|(?<![0-9])([0-9]{1,3}) ?个? ?(工作日|天|日|小时)(?:内|之内|以内)"
)
_RESPONSE_CUE = re.compile(
    r"appeal|plan of action|respond|response|reply|submit|send|provide|deactivat|reactivat|reinstat|"
    r"申诉|行动计划|回复|提交|提供|停用|恢复"
)
_NOT_RESPONSE = re.compile(r"invoice|receipt|dated|issued|deliver|ship|发票|送达|配送")
# A clause about what Amazon does ("we will review your appeal within 48 hours") sets no deadline for the seller.
_AMAZONS_SIDE = re.compile(
    r"\bwe will\b|\bwe'll\b|\bwe (?:usually|typically|aim|try|may)\b|\bour team\b|\busually\b|\btypically\b|"
    r"\byou (?:will|should|may) (?:receive|hear|get)\b|我们将|我们会|通常|一般"
)
_CLAUSE_END = re.compile(r"[,;:]\s|[，；：]")
# Text that is not the notice's own: a quoted line, or a quoted message after its "... wrote:" line.
_QUOTE_START = re.compile(
    r"^.{0,120}(?:\bwrote|\bbuyer'?s? message|\bmessage from (?:the )?(?:buyer|customer)|\bcustomer'?s? message|"
    r"买家留言|买家消息|买家来信|客户留言) ?:[^\n]{0,20}$",
    re.MULTILINE,
)
_QUOTED_LINE = re.compile(r"^ ?>.*$", re.MULTILINE)
_ORDER_LINE = re.compile(r"^.*(?<![0-9])[0-9]{3}-[0-9]{7}-[0-9]{7}(?![0-9]).*$", re.MULTILINE)
_FORWARDED = re.compile(
    r"(?<!-)-{2,20} ?(?:forwarded message|original message) ?-{2}|^begin forwarded message|转发的邮件|原始邮件",
    re.MULTILINE,
)


@dataclass(frozen=True)
class _Date:
    start: int
    end: int
    text: str
    day: dt.date
    ambiguous_with: dt.date | None  # the other reading of 11/05/2026, when both are dates


class DateFinder:
    """Every date in the notice, read the way the marketplace (or the notice's other dates) writes them."""

    def __init__(self, notice: NoticeText, out: NoticeReading) -> None:
        self.notice, self.out = notice, out
        self._date_order: tuple[bool, str] | None = None

    def read(self) -> None:
        quoted = self._quoted_spans()
        dates = [d for d in self._dates() if not any(start <= d.start < end for start, end in quoted)]
        self._notice_date(dates)
        self._deadline(dates)

    def _quoted_spans(self) -> list[tuple[int, int]]:
        """Quoted lines, quoted messages (to the next blank line) and order lines: their dates are not the notice's."""
        folded = self.notice.folded
        spans: list[tuple[int, int]] = []
        for pattern in (_QUOTED_LINE, _ORDER_LINE):
            lines = pattern.finditer(folded) if ">" in folded or pattern is _ORDER_LINE else ()
            for index, match in enumerate(lines):
                if index >= MAX_HITS:
                    break
                spans.append(match.span())
        for index, match in enumerate(_QUOTE_START.finditer(folded)):
            if index >= MAX_HITS:
                break
            blank = folded.find("\n\n", match.end())
            spans.append((match.end(), len(folded) if blank < 0 else blank))
        return spans

    def _dates(self) -> list[_Date]:
        raw: list[tuple[re.Match[str], int, int, int, bool]] = []
        for index, match in enumerate(_DATE.finditer(self.notice.folded)):
            if index >= MAX_HITS:
                break
            group = match.groupdict()
            if group["y1"]:
                raw.append((match, int(group["y1"]), int(group["m1"]), int(group["d1"]), False))
            elif group["y2"]:
                raw.append((match, int(group["y2"]), int(group["m2"]), int(group["d2"]), False))
            elif group["y3"]:
                raw.append((match, int(group["y3"]), _MONTHS[group["n3"][:3]], int(group["d3"]), False))
            elif group["y4"]:
                raw.append((match, int(group["y4"]), _MONTHS[group["n4"][:3]], int(group["d4"]), False))
            else:
                first, second = int(group["a5"]), int(group["b5"])
                day_first = group["s5"] == "." or self._day_first()
                month, day = (second, first) if day_first else (first, second)
                if first > 12 or second > 12:  # only one reading is a date
                    month, day = (second, first) if first > 12 else (first, second)
                raw.append((match, int(group["y5"]), month, day, first <= 12 and second <= 12 and first != second))
        from poa.case import dates as plausible

        dates = []
        dropped = 0
        for match, year, month, day, two_ways in raw:
            said = self.notice.text[match.start() : match.end()]
            try:
                when = dt.date(year, month, day)
            except ValueError:
                when = None
            if when is None or not plausible.in_range(when):
                # Said, not dropped silently: a date that does not exist may be the deadline misread.
                dropped += 1
                if dropped <= 5:
                    problem = "is not a date that exists" if when is None else "is outside 2000-2099"
                    problem_zh = "不是存在的日期" if when is None else "不在 2000 至 2099 年之间"
                    self.out.warnings.append(
                        Said(
                            f"'{said}' {problem}; it was not used (check the date in the notice)",
                            f"“{said}”{problem_zh}，未采用（请核对通知中的日期）",
                        )
                    )
                continue
            other = None
            if two_ways and match.group("s5") != ".":
                try:
                    other = dt.date(year, day, month)
                except ValueError:
                    other = None
            dates.append(_Date(match.start(), match.end(), said, when, other))
        return dates

    def _day_first(self) -> bool:
        """How to read 11/05/2026: the marketplace's custom, else what the notice's other dates show."""
        if self._date_order is None:
            self._date_order = self._find_date_order()
        return self._date_order[0]

    def _find_date_order(self) -> tuple[bool, str]:
        from poa.case.catalog import load_marketplaces

        if self.out.marketplace:
            return load_marketplaces()[self.out.marketplace].date_style == "day_first", "marketplace"
        shapes = set()
        for index, match in enumerate(_NUMERIC_DATE.finditer(self.notice.folded)):
            if index >= MAX_HITS:
                break
            first, second = int(match.group(1)), int(match.group(2))
            if first > 12 >= second:
                shapes.add("day_first")
            elif second > 12 >= first:
                shapes.add("us")
        if len(shapes) == 1:
            return shapes == {"day_first"}, "text"
        return False, "default"

    def _notice_date(self, dates: list[_Date]) -> None:
        # In a forwarded message the notice is below the last "Forwarded message" line, the forward above it.
        marker = None
        for index, match in enumerate(_FORWARDED.finditer(self.notice.folded)):
            if index >= MAX_HITS:
                break
            marker = match
        groups = [dates] if marker is None else [[d for d in dates if d.start > marker.end()], dates]
        chosen, labelled = None, False
        for group in groups:
            chosen, labelled = self._labelled_date(group), True
            if chosen is None:
                chosen, labelled = self._first_plain_date(group), False
            if chosen is not None:
                break
        if chosen is None:
            if dates:
                self.out.warnings.append(
                    Said(
                        "no notice date found (the dates in the text are deadlines or other dates)",
                        "未找到通知日期（文中的日期是截止日期或其他日期）",
                    )
                )
            return
        if not labelled:
            self.out.notes.append(
                Said(
                    f"notice date: no 'Date:' line; took the first date, {chosen.text}",
                    f"通知日期：通知中没有“Date:”一行，取了第一个日期 {chosen.text}",
                )
            )
        self.out.notice_date, self.out.notice_date_text = chosen.day, chosen.text
        self._explain_order(chosen)

    def _labelled_date(self, dates: list[_Date]) -> _Date | None:
        """A date under a label such as "Date:" or "Sent:"."""
        for date in dates:
            prefix = self.notice.folded[self.notice.line_start(date.start) : date.start].strip()[-60:]
            if _NOTICE_LABEL.search(prefix) and not _NOT_NOTICE.search(prefix):
                return date
        return None

    def _first_plain_date(self, dates: list[_Date]) -> _Date | None:
        """The first date that is not a deadline, an invoice or an order date."""
        for date in dates:
            begin, _ = self.notice.sentence(date.start, date.end)
            before = self.notice.folded[max(begin, date.start - 50) : date.start]
            if not _NOT_NOTICE.search(before) and not _BY_DATE_AFTER.match(self.notice.folded, date.end):
                return date
        return None

    def _explain_order(self, date: _Date) -> None:
        if date.ambiguous_with is None:
            return
        reading = f"{date.day:%B} {date.day.day}, {date.day.year}"
        other = f"{date.ambiguous_with:%B} {date.ambiguous_with.day}"
        day, other_day = date.day.isoformat(), date.ambiguous_with.isoformat()
        if self.out.marketplace:
            self.out.notes.append(
                Said(
                    f"read {date.text} as {reading}, as dates are written on {self.out.marketplace}",
                    f"按 {self.out.marketplace} 的日期写法，{date.text} 读作 {day}",
                )
            )
        elif self._date_order and self._date_order[1] == "text":
            self.out.notes.append(
                Said(
                    f"read {date.text} as {reading}, as the notice's other dates are written",
                    f"按通知中其他日期的写法，{date.text} 读作 {day}",
                )
            )
        else:
            self.out.warnings.append(
                Said(
                    f"{date.text} can be {reading} or {other}; read it month first (US). "
                    "If the notice is from a European marketplace, give --marketplace (e.g. amazon.de)",
                    f"{date.text} 可能是 {day}，也可能是 {other_day}；已按月份在前（美国写法）读取。"
                    "如果通知来自欧洲站点，请加上 --marketplace（如 amazon.de）",
                )
            )

    def _amazons_side(self, begin: int, position: int, end: int) -> bool:
        """The clause holding "within N days" says what Amazon does, not what the seller must do by when."""
        folded = self.notice.folded
        starts = [m.end() for m in _CLAUSE_END.finditer(folded, begin, position)]
        after = _CLAUSE_END.search(folded, position, end)
        clause = folded[starts[-1] if starts else begin : after.start() if after else end]
        return _AMAZONS_SIDE.search(clause) is not None

    def _deadline(self, dates: list[_Date]) -> None:
        out = self.out
        for date in dates:
            prefix = self.notice.folded[max(0, date.start - 40) : date.start]
            if _BY_DATE.search(prefix) or _BY_DATE_AFTER.match(self.notice.folded, date.end):
                if out.notice_date and date.day <= out.notice_date:
                    continue
                out.deadline = date.day
                out.deadline_basis = Said(f"stated in the notice: {date.text}", f"通知中写明：{date.text}")
                self._explain_order(date)
                return
        best = None
        spans = _WITHIN.finditer(self.notice.folded) if self.notice.mentions("day", "hour", "内") else ()
        for index, match in enumerate(spans):
            if index >= MAX_HITS:
                break
            number, kind, unit = (match.group(1), match.group(2), match.group(3))
            if number is None:
                number, kind, unit = (match.group(4), match.group(5), match.group(6))
            if number is None:
                number, unit = match.group(7), match.group(8)
                kind = "business " if unit == "工作日" else None
                unit = {"小时": "hours", "工作日": "days"}.get(unit, "days")
            count = _NUMBER_WORDS.get(number) or int(number)
            hours = unit.startswith("hour")
            days = -(-count // 24) if hours else count
            if not 1 <= days <= 90:
                continue
            begin, end = self.notice.sentence(match.start(), match.end())
            sentence = self.notice.folded[begin:end]
            if _NOT_RESPONSE.search(sentence) and not _RESPONSE_CUE.search(sentence):
                continue
            if self._amazons_side(begin, match.start(), end):
                continue
            business = bool(kind) and kind.strip() in ("business", "working")
            candidate = (days, business, self.notice.text[match.start() : match.end()], count if hours else None)
            if _RESPONSE_CUE.search(sentence):
                best = candidate
                break
            best = best or candidate
        if best is None:
            return
        days, business, said, hours = best
        unit = "business days" if business else "days"
        if out.notice_date is None:
            out.notes.append(
                Said(
                    f"the notice says '{said}', but no notice date was found to count from",
                    f"通知写明“{said}”，但没有找到可以起算的通知日期",
                )
            )
            return
        from poa.case.metrics import deadline

        out.deadline = deadline(out.notice_date, days, business_days=business)
        counted = f"{hours} hours ({days} {unit})" if hours else f"{days} {unit}"
        unit_zh = "个工作日" if business else "天"
        counted_zh = f"{hours} 小时（{days} {unit_zh}）" if hours else f"{days} {unit_zh}"
        notice_date = out.notice_date.isoformat()
        out.deadline_basis = Said(
            f"{counted} from the notice date {notice_date} ('{said}')",
            f"自通知日期 {notice_date} 起 {counted_zh}（通知原文“{said}”）",
        )
        if business:
            out.notes.append(
                Said(
                    "business days count Monday to Friday; public holidays are not counted out",
                    "工作日按周一至周五计算，未扣除公共假日",
                )
            )
