"""Intellectual-property details a notice states: complaint IDs, the rights owner, registration numbers, the type."""

from __future__ import annotations

import re

from poa.readers.notice.reading import NoticeReading
from poa.readers.notice.text import MAX_HITS, NoticeText

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


def complaint_ids(notice: NoticeText) -> list[str]:
    """The IDs after a label such as "Complaint ID:", as many as the line lists."""
    ids: list[str] = []
    labels = _COMPLAINT_LABEL.finditer(notice.folded) if notice.mentions("complaint", "投诉") else ()
    for index, label in enumerate(labels):
        if index >= MAX_HITS or len(ids) >= 50:
            break
        position, end = label.end(), notice.line_end(label.end())
        while position < end and len(ids) < 50:
            match = _ID.match(notice.text, position, end)
            if match is None or not any(ch.isdigit() for ch in match.group(0)):
                break
            if match.group(0) not in ids:
                ids.append(match.group(0))
            separator = _ID_SEPARATOR.match(notice.text, match.end(), end)
            if separator is None:
                break
            position = separator.end()
    return ids


def rights_owner(notice: NoticeText) -> str | None:
    """The name after a label such as "Rights owner:"."""
    words = ("owner", "holder", "complainant", "权利", "投诉")
    labels = _OWNER_LABEL.finditer(notice.folded) if notice.mentions(*words) else ()
    for index, label in enumerate(labels):
        if index >= MAX_HITS:
            break
        value = notice.text[label.end() : notice.line_end(label.end())].split(" | ")[0].strip(" ,;")
        if re.search(r"[A-Za-z\u3400-\u9fff]", value):
            return value[:200].strip()
    return None


def registration_numbers(notice: NoticeText) -> list[str]:
    """Trademark, patent or copyright numbers after their label; business and tax numbers are not IP."""
    numbers: list[str] = []
    words = ("number", "no", "num", "#", "号")
    labels = _REG_LABEL.finditer(notice.folded) if notice.mentions(*words) else ()
    for index, label in enumerate(labels):
        if index >= MAX_HITS or len(numbers) >= 50:
            break
        if _NOT_REG.search(notice.folded, max(notice.line_start(label.start()), label.start() - 25), label.start()):
            continue
        value = notice.text[label.end() : notice.line_end(label.end())].split(" | ")[0][:200]
        for part in _REG_SPLIT.split(value):
            match = _REG_VALUE.match(part.strip().upper())
            if match and match.group(0).strip(" .,") not in numbers and len(numbers) < 50:
                numbers.append(match.group(0).strip(" .,"))
            if not match:
                break
    return numbers


def infringement_label(notice: NoticeText) -> tuple[str | None, str | None, int]:
    """A labelled infringement type: (infringement_type, reason, where), or Nones."""
    match = _TYPE_LABEL.search(notice.folded) if notice.mentions("type", "类型") else None
    if match is None:
        return None, None, -1
    value = match.group(1)
    for words, kind, reason_id in _TYPES:
        if any(word in value for word in words):
            return kind, reason_id, match.start()
    return None, None, -1


def infringement_type(notice: NoticeText, out: NoticeReading, labelled: tuple[str | None, str | None, int]) -> None:
    """The labelled type, else the type of the one IP reason reported."""
    kind, _, _ = labelled
    if kind is None:
        ip = [r for r in out.reasons if r in _IP_TYPES]
        if len(ip) != 1:
            return
        kind = _IP_TYPES[ip[0]]
        if kind == "patent" and _DESIGN.search(notice.folded):
            kind = "design"
    out.infringement_type = kind
