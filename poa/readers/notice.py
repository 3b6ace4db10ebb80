"""Reads the suspension notice a seller pasted: reasons, ASINs, dates, metric values, deadline, documents.

Offline and deterministic: the same text always gives the same reading, and every item says how it
was found, so the seller can confirm or correct it. The phrases that recognise each reason live in
the catalogue (poa/data/reasons.yaml, `notice:`); the patterns here are the generic ones (dates,
ASINs, percentages, deadlines, complaint IDs, documents).

How a notice is classified (points per reason):
- a name of the reason (notice.names or notice.metric), said plainly: 3 points, and 1 more for each
  further plain mention, at most 2 more;
- a name said in passing ("to avoid cancellations", "metrics such as the late shipment rate"): 1 point;
- hints (notice.hints): 1 point per distinct hint; hints and passing mentions together add at most 2,
  so they never report a reason on their own;
- a value stated for the reason's metric (2.13%, or counts of orders): 5 points;
- a labelled infringement type ("Infringement type: Trademark"): 5 points.
A reason is reported at 3 points or more, in the order its first plain evidence appears. A
performance reason named without a value, in a notice that states a value for another metric, needs
two plain mentions: notices list the other metrics in passing.

Bounded time: the input is capped (MAX_NOTICE_BYTES); every pattern has bounded repetitions and starts
at a fixed kind of character, so a scan is linear in the text; context is read in small windows
around a match; and each kind of match is handled at most a fixed number of times.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from poa.errors import PoaError, message
from poa.readers.inputs import InputKind, decode, html_to_text, looks_like_html, read_text

MAX_NOTICE_BYTES = 2_000_000  # a notice is a few pages; even an HTML e-mail is far below this
_MAX_HITS = 300  # matches of one pattern handled in Python; real notices have a handful
_MAX_ASINS = 500  # the case's own limit
REPORT_AT = 3
_NAME, _MORE, _MORE_CAP, _WEAK_CAP, _VALUE, _LABEL = 3, 1, 2, 2, 5, 5

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
# Dashes, quotes and invisible characters e-mail programs put in; NFKC leaves these alone.
_PUNCTUATION = str.maketrans(
    {
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2212": "-",
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u200b": None,
        "\u200c": None,
        "\u200d": None,
        "\u2060": None,
        "\u00ad": None,
        "\ufeff": None,
        "\t": " ",
        "\f": "\n",
        "\v": "\n",
    }
)
_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")

# ---------------------------------------------------------------- input


NOTICE_INPUT = InputKind(
    limit=MAX_NOTICE_BYTES,
    binary_hint=message("hint.notice_binary"),
    encoding_hint=message("hint.notice_encoding"),
    folder_hint=message("hint.notice_folder"),
    sniff=True,
    too_big=lambda where, size: _too_big(where, size),
)


def decode_notice(data: bytes, where: str = "the notice") -> str:
    """The text of a notice given as bytes: UTF-8 (with or without BOM) or UTF-16 with a BOM."""
    return decode(data, NOTICE_INPUT, where)


def read_notice_file(path: Path, *, marketplace: str | None = None) -> NoticeReading:
    """Read the notice saved in a file (what `poa new --notice FILE` starts from)."""
    return read_notice(notice_text(path), marketplace=marketplace)


def notice_text(path: Path) -> str:
    """A notice file's text, or a one-line reason why it cannot be read."""
    return read_text(path, NOTICE_INPUT)


def _too_big(where: str, size: int) -> PoaError:
    return PoaError.of("input.notice_too_big", path=where, size=f"{size:,}", limit=f"{MAX_NOTICE_BYTES:,}")


# ---------------------------------------------------------------- normalising the text


_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
_SPACES = re.compile(r"[^\S\n]+")
_CJK_GAP = re.compile(r"(?<=[\u3400-\u9fff]) (?=[\u3400-\u9fff])")
_EDGES = re.compile(r"^[ |]+|[ |]+$", re.MULTILINE)
_MANY_BLANKS = re.compile(r"\n{3,}")


def normalise_text(text: str) -> str:
    """One way of writing what can be written many: line endings, spaces, full-width forms, HTML."""
    from poa.case.text import strip_unstorable

    text = strip_unstorable(text.translate(_PUNCTUATION))
    if looks_like_html(text):
        text = html_to_text(text)
    # Full-width digits, letters and punctuation (２０２６年, ％, ：) become their ASCII forms.
    text = unicodedata.normalize("NFKC", text).translate(_PUNCTUATION)
    text = _SPACES.sub(" ", text)
    text = _CJK_GAP.sub("", text)
    text = _EDGES.sub("", text)
    return _MANY_BLANKS.sub("\n\n", text).strip()


# ---------------------------------------------------------------- the reading


@dataclass
class MetricFound:
    """A performance metric as the notice states it; None where the notice does not say."""

    rate_percent: float | None = None
    target_percent: float | None = None
    window_days: int | None = None
    defects: int | None = None
    orders: int | None = None

    def percent(self, direction: str) -> float | None:
        if self.rate_percent is not None:
            return self.rate_percent
        if self.defects is not None and self.orders:
            from poa.case.metrics import rate_from_counts

            return round(rate_from_counts(self.defects, self.orders, direction), 2)  # type: ignore[arg-type]
        return None


@dataclass
class ReasonSignal:
    """Why a reason was (or was not) reported: its points and the phrases found."""

    score: int = 0
    found: list[str] = field(default_factory=list)


@dataclass
class NoticeReading:
    reasons: list[str] = field(default_factory=list)
    asins: list[str] = field(default_factory=list)
    notice_date: dt.date | None = None
    notice_date_text: str | None = None
    marketplace: str | None = None
    metrics: dict[str, MetricFound] = field(default_factory=dict)
    deadline: dt.date | None = None
    # How the deadline was found: "stated: by ..." or "17 days from the notice date".
    deadline_basis: str | None = None
    complaint_ids: list[str] = field(default_factory=list)
    rights_owner: str | None = None
    infringement_type: str | None = None
    registration_numbers: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    signals: dict[str, ReasonSignal] = field(default_factory=dict)

    @property
    def classified(self) -> bool:
        return bool(self.reasons)

    def to_json(self) -> dict[str, Any]:
        from poa.case.catalog import load_catalog

        catalog = load_catalog()
        percents: dict[str, float | None] = {}
        for reason_id, found in self.metrics.items():
            spec = catalog[reason_id].metric
            percents[reason_id] = found.percent(spec.direction) if spec else found.rate_percent
        return {
            "reasons": list(self.reasons),
            "asins": list(self.asins),
            "date": _iso(self.notice_date),
            "marketplace": self.marketplace,
            "metrics": {key: value for key, value in percents.items() if value is not None},
            "metric_details": {
                key: {name: value for name, value in vars(found).items() if value is not None}
                for key, found in self.metrics.items()
            },
            "deadline": _iso(self.deadline),
            "deadline_basis": self.deadline_basis,
            "documents": list(self.documents),
            "complaint_ids": list(self.complaint_ids),
            "rights_owner": self.rights_owner,
            "infringement_type": self.infringement_type,
            "registration_numbers": list(self.registration_numbers),
            "notes": list(self.notes),
            "warnings": list(self.warnings),
            "signals": {key: {"score": s.score, "found": list(s.found)} for key, s in self.signals.items()},
        }

    def partial_case(self) -> dict[str, Any]:
        """What the notice says, under the case's own keys; only what was found.

        Adding the seller, the plans and the metrics the notice gives no value for makes it a case.
        """
        from poa.case.catalog import load_catalog

        catalog = load_catalog()
        data: dict[str, Any] = {}
        if self.marketplace:
            data["marketplace"] = self.marketplace
        if self.notice_date:
            data["notice_date"] = self.notice_date.isoformat()
        if self.reasons:
            data["reasons"] = list(self.reasons)
        metrics: dict[str, dict[str, Any]] = {}
        for reason_id, found in self.metrics.items():
            if reason_id not in self.reasons or catalog[reason_id].kind != "performance":
                continue
            reading: dict[str, Any] = {}
            if found.rate_percent is not None:
                reading["rate_percent"] = found.rate_percent
            if found.defects is not None and found.orders is not None:
                reading["defects"], reading["orders"] = found.defects, found.orders
            if not reading:
                continue  # a target alone is not a reading of the seller's metric
            if found.window_days is not None:
                reading["window_days"] = found.window_days
            metrics[reason_id] = reading
        if metrics:
            data["metrics"] = metrics
        if self.asins:
            data["affected_asins"] = list(self.asins)
        notice: dict[str, Any] = {}
        if self.complaint_ids:
            notice["complaint_ids"] = list(self.complaint_ids)
        if self.rights_owner:
            notice["rights_owner"] = self.rights_owner
        if self.infringement_type:
            notice["infringement_type"] = self.infringement_type
        if self.registration_numbers:
            notice["registration_numbers"] = list(self.registration_numbers)
        if self.deadline:
            notice["deadline"] = self.deadline.isoformat()
        if self.documents:
            notice["documents_requested"] = list(self.documents)
        if notice:
            data["notice"] = notice
        return data


def _iso(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def read_notice(text: str | bytes, *, marketplace: str | None = None) -> NoticeReading:
    """Read a pasted notice. `marketplace` (a domain) is used when the notice names none."""
    if isinstance(text, bytes):
        text = decode_notice(text)
    if len(text) > MAX_NOTICE_BYTES:
        raise _too_big("the notice", len(text))
    if "\x00" in text or len(_CONTROL.findall(text[:65536])) > 100:
        raise PoaError("the notice: this is binary data, not text; copy the notice's text and try again")
    given = _known_marketplace(marketplace) if marketplace else None
    clean = normalise_text(text)
    if not clean:
        raise PoaError("the notice is empty; paste the text of Amazon's message (e-mail or Account Health)")
    return _Reader(clean, given).read()


def _known_marketplace(value: str) -> str:
    from poa.case.catalog import load_marketplaces

    domain = value.strip().lower().removeprefix("https://").removeprefix("www.").rstrip("/")
    markets = load_marketplaces()
    if domain not in markets:
        raise PoaError(f"unknown marketplace {value!r}; use a domain such as amazon.com ({', '.join(markets)})")
    return domain


# ---------------------------------------------------------------- patterns

_SENTENCE_END = re.compile(r"[.!?;](?=\s|$)|[。!?;\n]")
_PASSING = re.compile(
    r"(?:\bavoid(?:ing|s)?\b|\bprevent(?:ing|s)?\b|\bsuch as\b|\bfor example\b|\be\.g\.|\blike\b|"
    r"\bother (?:metrics|measures|policies)\b|避免|防止|例如|比如|诸如|以免)[^.;!?\n]{0,60}$"
)
_ASIN = re.compile(r"(?<![a-z0-9])b[a-z0-9]{9}(?![a-z0-9])")
_ISBN_LINE = re.compile(r"\b(?:asin|isbn)s?\b[^\n]{0,200}")
_ISBN = re.compile(r"(?<![a-z0-9])[0-9]{9}[0-9x](?![a-z0-9])")
_PERCENT = re.compile(r"(?<![0-9.,])([0-9]{1,3}(?:[.,][0-9]{1,3})?) ?(?:%|percent(?![a-z])|per cent(?![a-z]))")
# A percentage is a target, not the seller's value, when a target word comes between the metric and it,
# a comparison comes right before it ("under 1%") or a target word right after it ("the 1% target").
_TARGET_WORD = re.compile(r"\b(?:target|goal|threshold|requirement|required|should|must)\b|目标|要求|标准|应")
_COMPARISON = re.compile(
    r"(?:\bunder|\bbelow|\bless than|\blower than|\babove|\bover|\bgreater than|\bmore than|\bat least|\bat most|"
    r"\bmaximum(?: of)?|\bminimum(?: of)?|\bexceed|[<>≤≥]|低于|高于|不超过|不低于|小于|大于|超过) ?:? ?$"
)
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
_WEEKDAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,? ?)?"
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
_COMPLAINT_LABEL = re.compile(
    r"\bcomplaint (?:ids|id|numbers|number|no\.?|references|reference|ref\.?)(?: ?\(s\))? ?(?::|#|is|are)? ?"
    r"|投诉(?:编号|号码|号|id|编码) ?:? ?"
)
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{3,39}(?![A-Za-z0-9-])")
_ID_SEPARATOR = re.compile(r"(?:\s?[,;/&]\s?|\s(?:and|和)\s|\s|、)")
_OWNER_LABEL = re.compile(
    r"(?<![a-z])(?:rights? ?-?(?:owner|holder)|brand owner|complainant)(?:'s)?(?: name)? ?[:|] ?"
    r"|(?:权利人|权利所有人|投诉人|投诉方)(?:名称|姓名)? ?[:|] ?"
)
_REG_LABEL = re.compile(
    r"(?<![a-z])(?:(?:trademark|patent|copyright|design)(?: registration)?|registration|reg\.?) ?"
    r"(?:number|no\.?|num\.?|#)(?:s|\(s\))? ?:? ?"
    r"|(?:商标注册号|商标号|注册号|专利号|版权登记号|登记号) ?:? ?"
)
_NOT_REG = re.compile(r"business|vat|company|tax|营业|公司|税")
_REG_SPLIT = re.compile(r";\s?|,\s|\sand\s|\s/\s|、")
_REG_VALUE = re.compile(r"(?:[A-Z]{1,4} ?)?[A-Z]?[0-9][0-9,./-]{0,24}(?: ?[A-Z][0-9]?(?![A-Za-z]))?")
_TYPE_LABEL = re.compile(
    r"(?:infringement type|type of infringement|complaint type|violation type|侵权类型|投诉类型) ?[:|]? ?"
    r"([a-z\u4e00-\u9fff][a-z\u4e00-\u9fff -]{0,30})"
)
# What a labelled infringement type means: (words, infringement_type, reason).
_TYPES = (
    (("design", "外观"), "design", "ip_patent"),
    (("patent", "专利"), "patent", "ip_patent"),
    (("trademark", "商标"), "trademark", "ip_trademark"),
    (("copyright", "版权", "著作权"), "copyright", "ip_copyright"),
    (("counterfeit", "inauthentic", "假冒", "假货"), None, "inauthentic"),
)
_IP_TYPES = {"ip_trademark": "trademark", "ip_copyright": "copyright", "ip_patent": "patent"}
_DESIGN = re.compile(r"design patent|registered design|design right|外观设计")
# Documents a notice asks for: (pattern, the phrase the reading reports).
_DOCUMENTS = (
    (re.compile(r"\binvoices?\b|\breceipts?\b|发票|收据"), "invoices", ("invoice", "receipt", "发票", "收据")),
    (
        re.compile(r"\bletters? of authori[sz]ation\b|\bloa\b|授权书|授权信|授权函"),
        "letter of authorization",
        ("authori", "loa", "授权"),
    ),
    (
        re.compile(r"\blicen[sc]e agreements?\b|\blicensing agreements?\b|许可协议|授权协议"),
        "license agreement",
        ("agreement", "协议"),
    ),
    (
        re.compile(r"\bretractions?\b|撤诉|撤回投诉"),
        "retraction sent by the rights owner directly to Amazon",
        ("retraction", "撤"),
    ),
    (
        re.compile(r"\b(?:test|lab|laboratory) reports?\b|检测报告|测试报告|检验报告"),
        "test reports from an accredited laboratory",
        ("report", "报告"),
    ),
    (
        re.compile(r"\bcertificates? of conformity\b|\bchildren's product certificate\b|\bcpc\b|合格证|认证证书"),
        "product certificates (such as a Children's Product Certificate)",
        ("certificat", "cpc", "合格证", "证书"),
    ),
    (
        re.compile(r"\bplan of action\b|\bpoa\b|\baction plan\b|行动计划|整改计划"),
        "plan of action",
        ("plan", "poa", "计划"),
    ),
    (
        re.compile(r"\bbank statements?\b|\butility bills?\b|银行对账单|水电费账单"),
        "bank statement or utility bill",
        ("statement", "bill", "账单"),
    ),
    (re.compile(r"\bbusiness licen[sc]e\b|营业执照"), "business license", ("business licen", "营业执照")),
    (
        re.compile(r"\b(?:photos?|pictures?) of (?:the |your )?(?:products?|items?|labels?|packag)|商品照片|标签照片"),
        "photos of the product and its labels",
        ("photo", "picture", "照片"),
    ),
    (re.compile(r"\bproof of delivery\b|签收证明|妥投证明"), "proof of delivery", ("proof of delivery", "证明")),
)
_SUPPLIER = re.compile(r"supplier|manufacturer|distributor|wholesaler|供应商|厂家|经销商")
_FROM_OWNER = re.compile(r"rights owner|brand owner|rights holder|权利人|品牌方")
_AGE = re.compile(
    r"(?<![0-9])([0-9]{1,3}) ?(days?|months?|天|个月)"
    r"|\b(last|past) (year|twelve months)\b|\b(one|twelve) (year|months)\b"
)


@dataclass(frozen=True)
class _Hit:
    start: int
    end: int
    reason: str
    phrase: str
    strong: bool  # a name (True) or a hint (False)
    metric: bool  # a name of the reason's metric


@dataclass(frozen=True)
class _Date:
    start: int
    end: int
    text: str
    day: dt.date
    ambiguous_with: dt.date | None  # the other reading of 11/05/2026, when both are dates


@cache
def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    """An English phrase as a pattern: any case and spacing, '-' or a space between words, 'word*' endings."""
    parts = re.split(r"([a-z0-9]+\*?)", phrase.translate(_ASCII_LOWER))
    pattern = ""
    for index, part in enumerate(parts):
        if index % 2:
            pattern += re.escape(part.rstrip("*")) + ("[a-z0-9]{0,20}" if part.endswith("*") else "")
        elif 0 < index < len(parts) - 1:
            core = re.sub(r"[\s-]", "", part)
            if core:
                pattern += r"\s?" + re.escape(core) + r"\s?"
            elif "-" in part:
                pattern += r"[\s-]{0,2}"
            else:
                pattern += r"[\s:|/-]{1,4}"
    return re.compile(pattern + "(?![a-z0-9])")


def _find_phrase(folded: str, phrase: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    if phrase.isascii():
        for match in _phrase_pattern(phrase).finditer(folded):
            if match.start() == 0 or folded[match.start() - 1] not in _ALNUM:
                spans.append(match.span())
                if len(spans) >= _MAX_HITS:
                    break
        return spans
    start = folded.find(phrase)
    while start >= 0 and len(spans) < _MAX_HITS:
        spans.append((start, start + len(phrase)))
        start = folded.find(phrase, start + len(phrase))
    return spans


def _number(text: str) -> int:
    return int(text.replace(",", "").replace(".", ""))


class _Reader:
    """One reading: the normalised text, lowered for matching (the same length, so positions agree)."""

    def __init__(self, text: str, given_marketplace: str | None) -> None:
        from poa.case.catalog import load_catalog

        self.text = text
        self.folded = text.translate(_ASCII_LOWER)
        self.catalog = load_catalog()
        self.given_marketplace = given_marketplace
        self.out = NoticeReading()
        self._date_order: tuple[bool, str] | None = None

    def read(self) -> NoticeReading:
        out = self.out
        out.marketplace = self._marketplace()
        self.hits = self._hits()
        self.metric_hits = sorted((h for h in self.hits if h.metric), key=lambda h: h.start)
        self.metric_starts = [h.start for h in self.metric_hits]
        performance = set(self.catalog.ids("performance"))
        self.named = sorted((h for h in self.hits if h.strong and h.reason in performance), key=lambda h: h.start)
        self.named_starts = [h.start for h in self.named]
        valued = self._metrics()
        labelled = self._infringement_label()
        self._classify(valued, labelled)
        out.metrics = {key: value for key, value in out.metrics.items() if key in out.reasons}
        out.asins = self._asins()
        dates = self._dates()
        self._notice_date(dates)
        self._deadline(dates)
        out.complaint_ids = self._complaint_ids()
        out.rights_owner = self._rights_owner()
        out.registration_numbers = self._registration_numbers()
        self._infringement_type(labelled)
        out.documents = self._documents()
        return out

    # ------------------------------------------------------------ context windows

    def _mentions(self, *words: str) -> bool:
        """A quick look before a full scan: a pattern that needs one of these words cannot match without it."""
        return any(word in self.folded for word in words)

    def _line_start(self, position: int) -> int:
        floor = max(0, position - 300)
        return self.folded.rfind("\n", floor, position) + 1 or floor

    def _line_end(self, position: int) -> int:
        end = self.folded.find("\n", position, position + 300)
        return min(len(self.folded), position + 300) if end < 0 else end

    def _sentence(self, start: int, end: int) -> tuple[int, int]:
        floor = max(0, start - 250)
        ends = [match.end() for match in _SENTENCE_END.finditer(self.folded, floor, start)]
        begin = ends[-1] if ends else floor
        after = _SENTENCE_END.search(self.folded, end, end + 250)
        return begin, (after.start() if after else min(len(self.folded), end + 250))

    # ------------------------------------------------------------ marketplace

    def _marketplace(self) -> str | None:
        from poa.case.catalog import load_marketplaces

        domains = sorted(load_marketplaces(), key=len, reverse=True)
        pattern = re.compile(r"(?<![a-z0-9-])(" + "|".join(re.escape(d) for d in domains) + r")(?![a-z0-9-]|\.[a-z])")
        counts: dict[str, int] = {}
        for index, match in enumerate(pattern.finditer(self.folded)):
            if index >= _MAX_HITS:
                break
            counts[match.group(1)] = counts.get(match.group(1), 0) + 1
        found = max(counts, key=lambda d: counts[d]) if counts else None  # ties: the first named
        if found and self.given_marketplace and found != self.given_marketplace:
            self.out.warnings.append(
                f"the notice names {found} but {self.given_marketplace} was given; read it as {found}"
            )
        if found and len(counts) > 1:
            named = ", ".join(counts)
            self.out.notes.append(f"several marketplaces are named ({named}); chose {found}, the most named")
        return found or self.given_marketplace

    # ------------------------------------------------------------ reasons

    def _hits(self) -> list[_Hit]:
        hits: list[_Hit] = []
        for reason in self.catalog.reasons.values():
            rules = reason.notice
            metric_names = set(rules.metric.all()) if rules.metric else set()
            for phrase in dict.fromkeys((*rules.names.all(), *metric_names)):
                for start, end in _find_phrase(self.folded, phrase.translate(_ASCII_LOWER)):
                    hits.append(_Hit(start, end, reason.id, phrase, True, phrase in metric_names))
            for phrase in rules.hints.all():
                for start, end in _find_phrase(self.folded, phrase.translate(_ASCII_LOWER)):
                    hits.append(_Hit(start, end, reason.id, phrase, False, False))
        return hits

    def _passing(self, hit: _Hit) -> bool:
        begin, _ = self._sentence(hit.start, hit.end)
        return bool(_PASSING.search(self.folded, max(begin, hit.start - 70), hit.start))

    def _classify(self, valued: dict[str, int], labelled: tuple[str | None, str | None, int]) -> None:
        out = self.out
        by_reason: dict[str, list[_Hit]] = {}
        for hit in sorted(self.hits, key=lambda h: (h.start, -h.end)):
            by_reason.setdefault(hit.reason, []).append(hit)
        plain_counts: dict[str, int] = {}
        first: dict[str, int] = {}
        _, label_reason, label_at = labelled
        for reason_id in self.catalog.ids():
            signal = ReasonSignal()
            plain, weak, last_end = 0, set(), -1
            for hit in by_reason.get(reason_id, []):
                if hit.start < last_end:
                    continue  # one place in the text counts once, whatever phrases match it
                last_end = hit.end
                said = self.text[hit.start : hit.end]
                if hit.strong and not self._passing(hit):
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
            plain_counts[reason_id] = plain
            if signal.score:
                out.signals[reason_id] = signal
        any_value = bool(valued)
        reported = []
        for reason_id, signal in out.signals.items():
            if signal.score < REPORT_AT or reason_id not in first:
                continue
            performance = self.catalog[reason_id].kind == "performance"
            if performance and any_value and reason_id not in valued and plain_counts[reason_id] < 2:
                out.notes.append(
                    f"{reason_id} is named once without a value beside the metrics that have one; not reported"
                )
                continue
            reported.append(reason_id)
        out.reasons = sorted(reported, key=lambda r: first[r])

    # ------------------------------------------------------------ metrics

    def _metrics(self) -> dict[str, int]:
        """Percentages and counts attached to the metric they follow; returns reason -> where a value is."""
        valued: dict[str, int] = {}
        if not self.metric_hits:
            return valued
        previous_end = -1
        percents = _PERCENT.finditer(self.folded) if self._mentions("%", "percent", "per cent") else ()
        for index, match in enumerate(percents):
            if index >= _MAX_HITS:
                break
            value = self._percent_value(match.group(1))
            if value is None:
                continue
            attached = self._metric_before(match.start(), previous_end)
            previous_end = match.end()
            if attached is None:
                continue
            reason_id, gap = attached
            found = self.out.metrics.setdefault(reason_id, MetricFound())
            if (
                _TARGET_WORD.search(gap[-40:])
                or _COMPARISON.search(gap[-16:])
                or _TARGET_AFTER.match(self.folded, match.end())
            ):
                if found.target_percent is None:
                    found.target_percent = value
                continue
            if found.rate_percent is None:
                found.rate_percent = value
                valued.setdefault(reason_id, match.start())
            elif found.rate_percent != value:
                self.out.notes.append(f"{reason_id}: the notice also states {value:g}%; kept {found.rate_percent:g}%")
        self._counts(valued)
        for reason_id, found in self.out.metrics.items():
            found.window_days = self._window(reason_id)
            self._check_target(reason_id, found)
        return valued

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
            if position - hit.end <= 150 and "\n" not in self.folded[hit.end : position]:
                return hit.reason, self.folded[max(hit.end, previous_end) : position]
        # A table laid out one cell per line: the name on the line above, the value alone on its own.
        line_start = self._line_start(position)
        prefix = self.folded[line_start:position]
        if re.search(r"[a-z\u3400-\u9fff]", prefix) or line_start == 0:
            return None
        above = self.folded.rfind("\n", max(0, line_start - 200), line_start - 1) + 1
        index = bisect_left(self.metric_starts, line_start) - 1
        if index >= 0 and self.metric_hits[index].start >= above:
            return self.metric_hits[index].reason, prefix
        return None

    def _counts(self, valued: dict[str, int]) -> None:
        found_counts: dict[str, dict[str, tuple[int, int]]] = {}
        for index, match in enumerate(_COUNT_LINE.finditer(self.folded)):
            if index >= _MAX_HITS:
                break
            label = match.group(1).strip()
            if not _COUNTED_THING.search(label):
                continue
            kind = "defects" if _FAILING.search(label) else "orders" if _TOTAL.search(label) else None
            reason_id = self._count_owner(match.start()) if kind else None
            if kind and reason_id:
                found_counts.setdefault(reason_id, {}).setdefault(kind, (_number(match.group(2)), match.start()))
        for index, match in enumerate(_COUNT_OF.finditer(self.folded)):
            if index >= _MAX_HITS:
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
                self.out.notes.append(f"{reason_id}: the notice gives {kind} ({number:,}) but not the other count")

    def _count_owner(self, position: int) -> str | None:
        """Counts belong to the metric their own line names ("Orders shipped late: 31"), else to the only
        metric the notice names, else to the nearest one before them."""
        begin, end = self._line_start(position), self._line_end(position)
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
            self.out.warnings.append(f"{reason_id}: {defects:,} of {orders:,} orders cannot be right; counts left out")
            return
        if found.rate_percent is not None:
            readings = [defects] + ([orders - defects] if spec.direction == "above" else [])
            rate = found.rate_percent
            fits = [d for d in readings if abs(rate_from_counts(d, orders, spec.direction) - rate) <= 0.01]
            if not fits:
                self.out.warnings.append(
                    f"{reason_id}: {defects:,} of {orders:,} orders does not give the stated {found.rate_percent:g}%; "
                    "kept the rate, check the counts"
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
            begin, end = self._sentence(hit.start, hit.end)
            before = bisect_left(other_starts, hit.start) - 1
            if before >= 0:
                begin = max(begin, others[before].end)
            after = bisect_right(other_starts, hit.end)
            if after < len(others):
                end = min(end, others[after].start)
            for match in _WINDOW.finditer(self.folded, begin, end):
                lead = self.folded[max(begin, match.start() - 14) : match.start()]
                if re.search(r"within|next|内", lead) or self.folded.startswith("内", match.end()):
                    continue
                days = int(match.group(1))
                if 1 <= days <= 366:
                    return days
        return None

    def _check_target(self, reason_id: str, found: MetricFound) -> None:
        spec = self.catalog[reason_id].metric
        if spec and found.target_percent is not None and found.target_percent != spec.target_percent:
            self.out.notes.append(
                f"{reason_id}: the notice states a target of {found.target_percent:g}%; "
                f"poa's catalogue has {spec.target_percent:g}% (check `poa reasons {reason_id}`)"
            )

    # ------------------------------------------------------------ ASINs

    def _asins(self) -> list[str]:
        from poa.case.model import normalise_asin

        found: dict[str, int] = {}
        for match in _ASIN.finditer(self.folded):
            candidate = match.group(0)
            if any(ch.isdigit() for ch in candidate):  # "background" is a word, "b08ktz8249" an ASIN
                found.setdefault(candidate.upper(), match.start())
            if len(found) > _MAX_ASINS:
                break
        # A book's ASIN is its ISBN-10; only taken where the line says ASIN or ISBN.
        lines = _ISBN_LINE.finditer(self.folded) if self._mentions("asin", "isbn") else ()
        for index, line in enumerate(lines):
            if index >= _MAX_HITS:
                break
            for match in _ISBN.finditer(self.folded, line.start(), line.end()):
                try:
                    found.setdefault(normalise_asin(match.group(0)), match.start())
                except ValueError:
                    continue
        asins = sorted(found, key=lambda a: found[a])
        if len(asins) > _MAX_ASINS:
            self.out.warnings.append(f"more than {_MAX_ASINS} ASINs; kept the first {_MAX_ASINS}")
            asins = asins[:_MAX_ASINS]
        return asins

    # ------------------------------------------------------------ dates

    def _dates(self) -> list[_Date]:
        raw: list[tuple[re.Match[str], int, int, int, bool]] = []
        for index, match in enumerate(_DATE.finditer(self.folded)):
            if index >= _MAX_HITS:
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
            said = self.text[match.start() : match.end()]
            try:
                when = dt.date(year, month, day)
            except ValueError:
                when = None
            if when is None or not plausible.in_range(when):
                # Said, not dropped silently: a date that does not exist may be the deadline misread.
                dropped += 1
                if dropped <= 5:
                    problem = "is not a date that exists" if when is None else "is outside 2000-2099"
                    self.out.warnings.append(f"'{said}' {problem}; it was not used (check the date in the notice)")
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
        for index, match in enumerate(_NUMERIC_DATE.finditer(self.folded)):
            if index >= _MAX_HITS:
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
        chosen = None
        for date in dates:  # a date under a label such as "Date:" or "Sent:"
            prefix = self.folded[self._line_start(date.start) : date.start].strip()[-60:]
            if _NOTICE_LABEL.search(prefix) and not _NOT_NOTICE.search(prefix):
                chosen = date
                break
        if chosen is None:  # else the first date that is not a deadline, an invoice or an order date
            for date in dates:
                begin, _ = self._sentence(date.start, date.end)
                before = self.folded[max(begin, date.start - 50) : date.start]
                if not _NOT_NOTICE.search(before) and not _BY_DATE_AFTER.match(self.folded, date.end):
                    chosen = date
                    break
            if chosen is not None:
                self.out.notes.append(f"notice date: no 'Date:' line; took the first date, {chosen.text}")
        if chosen is None:
            if dates:
                self.out.warnings.append("no notice date found (the dates in the text are deadlines or other dates)")
            return
        self.out.notice_date, self.out.notice_date_text = chosen.day, chosen.text
        self._explain_order(chosen)

    def _explain_order(self, date: _Date) -> None:
        if date.ambiguous_with is None:
            return
        reading = f"{date.day:%B} {date.day.day}, {date.day.year}"
        other = f"{date.ambiguous_with:%B} {date.ambiguous_with.day}"
        if self.out.marketplace:
            self.out.notes.append(f"read {date.text} as {reading}, as dates are written on {self.out.marketplace}")
        elif self._date_order and self._date_order[1] == "text":
            self.out.notes.append(f"read {date.text} as {reading}, as the notice's other dates are written")
        else:
            self.out.warnings.append(
                f"{date.text} can be {reading} or {other}; read it month first (US). "
                "If the notice is from a European marketplace, give --marketplace (e.g. amazon.de)"
            )

    def _deadline(self, dates: list[_Date]) -> None:
        out = self.out
        for date in dates:
            prefix = self.folded[max(0, date.start - 40) : date.start]
            if _BY_DATE.search(prefix) or _BY_DATE_AFTER.match(self.folded, date.end):
                if out.notice_date and date.day <= out.notice_date:
                    continue
                out.deadline, out.deadline_basis = date.day, f"stated in the notice: {date.text}"
                self._explain_order(date)
                return
        best = None
        spans = _WITHIN.finditer(self.folded) if self._mentions("day", "hour", "内") else ()
        for index, match in enumerate(spans):
            if index >= _MAX_HITS:
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
            begin, end = self._sentence(match.start(), match.end())
            sentence = self.folded[begin:end]
            if _NOT_RESPONSE.search(sentence) and not _RESPONSE_CUE.search(sentence):
                continue
            business = bool(kind) and kind.strip() in ("business", "working")
            candidate = (days, business, self.text[match.start() : match.end()], count if hours else None)
            if _RESPONSE_CUE.search(sentence):
                best = candidate
                break
            best = best or candidate
        if best is None:
            return
        days, business, said, hours = best
        unit = "business days" if business else "days"
        if out.notice_date is None:
            out.notes.append(f"the notice says '{said}', but no notice date was found to count from")
            return
        from poa.case.metrics import deadline

        out.deadline = deadline(out.notice_date, days, business_days=business)
        counted = f"{hours} hours ({days} {unit})" if hours else f"{days} {unit}"
        out.deadline_basis = f"{counted} from the notice date {out.notice_date.isoformat()} ('{said}')"
        if business:
            out.notes.append("business days count Monday to Friday; public holidays are not counted out")

    # ------------------------------------------------------------ IP details

    def _complaint_ids(self) -> list[str]:
        ids: list[str] = []
        labels = _COMPLAINT_LABEL.finditer(self.folded) if self._mentions("complaint", "投诉") else ()
        for index, label in enumerate(labels):
            if index >= _MAX_HITS or len(ids) >= 50:
                break
            position, end = label.end(), self._line_end(label.end())
            while position < end and len(ids) < 50:
                match = _ID.match(self.text, position, end)
                if match is None or not any(ch.isdigit() for ch in match.group(0)):
                    break
                if match.group(0) not in ids:
                    ids.append(match.group(0))
                separator = _ID_SEPARATOR.match(self.text, match.end(), end)
                if separator is None:
                    break
                position = separator.end()
        return ids

    def _rights_owner(self) -> str | None:
        words = ("owner", "holder", "complainant", "权利", "投诉")
        labels = _OWNER_LABEL.finditer(self.folded) if self._mentions(*words) else ()
        for index, label in enumerate(labels):
            if index >= _MAX_HITS:
                break
            value = self.text[label.end() : self._line_end(label.end())].split(" | ")[0].strip(" ,;")
            if re.search(r"[A-Za-z\u3400-\u9fff]", value):
                return value[:200].strip()
        return None

    def _registration_numbers(self) -> list[str]:
        numbers: list[str] = []
        words = ("number", "no", "num", "#", "号")
        labels = _REG_LABEL.finditer(self.folded) if self._mentions(*words) else ()
        for index, label in enumerate(labels):
            if index >= _MAX_HITS or len(numbers) >= 50:
                break
            if _NOT_REG.search(self.folded, max(self._line_start(label.start()), label.start() - 25), label.start()):
                continue
            value = self.text[label.end() : self._line_end(label.end())].split(" | ")[0][:200]
            for part in _REG_SPLIT.split(value):
                match = _REG_VALUE.match(part.strip().upper())
                if match and match.group(0).strip(" .,") not in numbers and len(numbers) < 50:
                    numbers.append(match.group(0).strip(" .,"))
                if not match:
                    break
        return numbers

    def _infringement_label(self) -> tuple[str | None, str | None, int]:
        """A labelled infringement type: (infringement_type, reason, where), or Nones."""
        match = _TYPE_LABEL.search(self.folded) if self._mentions("type", "类型") else None
        if match is None:
            return None, None, -1
        value = match.group(1)
        for words, kind, reason_id in _TYPES:
            if any(word in value for word in words):
                return kind, reason_id, match.start()
        return None, None, -1

    def _infringement_type(self, labelled: tuple[str | None, str | None, int]) -> None:
        kind, _, _ = labelled
        if kind is None:
            ip = [r for r in self.out.reasons if r in _IP_TYPES]
            if len(ip) != 1:
                return
            kind = _IP_TYPES[ip[0]]
            if kind == "patent" and _DESIGN.search(self.folded):
                kind = "design"
        self.out.infringement_type = kind

    # ------------------------------------------------------------ documents

    def _documents(self) -> list[str]:
        found: dict[str, int] = {}
        for pattern, phrase, words in _DOCUMENTS:
            if not self._mentions(*words):
                continue
            for index, match in enumerate(pattern.finditer(self.folded)):
                if index >= 20:
                    break
                if phrase == "invoices":
                    phrase_here = self._invoice_phrase(match)
                    found.setdefault(phrase_here, match.start())
                    continue
                found.setdefault(phrase, match.start())
                break
        documents = sorted(found, key=lambda d: found[d])
        # "supplier invoices" beside "supplier invoices dated within ...": keep the precise one.
        return [d for d in documents if not any(o != d and o.startswith(d) for o in documents)][:30]

    def _invoice_phrase(self, match: re.Match[str]) -> str:
        begin, end = self._sentence(match.start(), match.end())
        sentence = self.folded[begin:end]
        if _SUPPLIER.search(sentence) or not _FROM_OWNER.search(sentence):
            phrase = "supplier invoices"
        else:
            phrase = "invoices from the rights owner or its authorized distributor"
        age = _AGE.search(sentence)
        if age:
            if age.group(1):
                number, unit = int(age.group(1)), age.group(2)
                days = number * 30 if unit.startswith(("month", "个月")) else number
                days = 365 if unit.startswith(("month", "个月")) and number == 12 else days
            else:
                days = 365
            if 30 <= days <= 730:
                phrase += f" dated within the last {days} days"
        return phrase


# ---------------------------------------------------------------- the summary for the terminal

_LABELS = {
    "en": {
        "title": "Read from the notice:",
        "reasons": "Reasons",
        "marketplace": "Marketplace",
        "date": "Notice date",
        "asins": "ASINs",
        "metrics": "Metrics",
        "deadline": "Deadline",
        "complaints": "Complaint IDs",
        "owner": "Rights owner",
        "type": "Infringement type",
        "registrations": "Registration numbers",
        "documents": "Documents requested",
        "not_found": "not found",
        "missing": "Not found in the notice",
        "notes": "Notes",
        "warnings": "Check",
        "unclassified": "No reason recognised; found only",
        "target": "target",
        "window": "days",
        "of": "of",
        "orders": "orders",
    },
    "zh": {
        "title": "从通知中读到：",
        "reasons": "原因",
        "marketplace": "站点",
        "date": "通知日期",
        "asins": "ASIN",
        "metrics": "指标",
        "deadline": "截止日期",
        "complaints": "投诉编号",
        "owner": "权利人",
        "type": "侵权类型",
        "registrations": "注册号",
        "documents": "要求的文件",
        "not_found": "未找到",
        "missing": "通知中未找到",
        "notes": "说明",
        "warnings": "请核对",
        "unclassified": "未识别出原因；只找到",
        "target": "目标",
        "window": "天",
        "of": "/",
        "orders": "订单",
    },
}


def describe(reading: NoticeReading, lang: str = "en") -> str:
    """What was read, item by item, and what was not found: the text `poa notice` prints."""
    from poa.case.catalog import load_catalog

    catalog = load_catalog()
    words = _LABELS["zh" if lang == "zh" else "en"]
    rows: list[tuple[str, str | None]] = []
    labels = [f"{r} ({catalog[r].label.zh if lang == 'zh' else catalog[r].label.en})" for r in reading.reasons]
    rows.append((words["reasons"], ", ".join(labels) or None))
    rows.append((words["marketplace"], reading.marketplace))
    date = reading.notice_date.isoformat() if reading.notice_date else None
    if date and reading.notice_date_text and reading.notice_date_text != date:
        date += f" ({reading.notice_date_text})"
    rows.append((words["date"], date))
    rows.append((words["asins"], ", ".join(reading.asins) or None))
    metric_texts = []
    for reason_id, found in reading.metrics.items():
        spec = catalog[reason_id].metric
        parts = []
        percent = found.percent(spec.direction) if spec else found.rate_percent
        if percent is not None:
            parts.append(f"{percent:g}%")
        details = []
        if found.target_percent is not None:
            side = "<" if spec is None or spec.direction == "below" else ">"
            details.append(f"{words['target']} {side} {found.target_percent:g}%")
        if found.window_days is not None:
            details.append(f"{found.window_days} {words['window']}")
        if found.defects is not None and found.orders is not None:
            details.append(f"{found.defects:,} {words['of']} {found.orders:,} {words['orders']}")
        text = f"{reason_id} " + " ".join(parts)
        metric_texts.append(text.strip() + (f" ({'; '.join(details)})" if details else ""))
    rows.append((words["metrics"], "; ".join(metric_texts) or None))
    deadline = None
    if reading.deadline:
        deadline = reading.deadline.isoformat() + (f" ({reading.deadline_basis})" if reading.deadline_basis else "")
    rows.append((words["deadline"], deadline))
    rows.append((words["complaints"], ", ".join(reading.complaint_ids) or None))
    rows.append((words["owner"], reading.rights_owner))
    rows.append((words["type"], reading.infringement_type))
    rows.append((words["registrations"], ", ".join(reading.registration_numbers) or None))
    rows.append((words["documents"], "; ".join(reading.documents) or None))

    width = max(len(label) for label, _ in rows) + 1
    lines = [words["title"]]
    for label, value in rows:
        lines.append(f"  {label + ':':<{width}} {value if value is not None else '-'}")
    missing = [label for label, value in rows if value is None]
    if missing:
        lines.append(f"{words['missing']}: {', '.join(missing)}")
    if not reading.reasons and reading.signals:
        hints = ", ".join(f"{r} ({', '.join(s.found[:3])})" for r, s in reading.signals.items())
        lines.append(f"{words['unclassified']}: {hints}")
    for key, items in (("warnings", reading.warnings), ("notes", reading.notes)):
        if items:
            lines.append(f"{words[key]}:")
            lines.extend(f"  - {item}" for item in items)
    return "\n".join(lines) + "\n"
