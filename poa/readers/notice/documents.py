"""The documents a notice asks for: invoices (from whom, how recent), letters of authorization, reports, ..."""

from __future__ import annotations

import re

from poa.readers.notice.reading import Said
from poa.readers.notice.text import NoticeText

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
# The documents as Chinese screens name them (the English phrase is what the JSON and the case hold).
_DOCUMENTS_ZH = {
    "supplier invoices": "供应商发票",
    "invoices from the rights owner or its authorized distributor": "权利人或其授权经销商开具的发票",
    "letter of authorization": "授权书",
    "license agreement": "许可协议",
    "retraction sent by the rights owner directly to Amazon": "权利人直接发给亚马逊的撤诉声明",
    "test reports from an accredited laboratory": "认可实验室出具的检测报告",
    "product certificates (such as a Children's Product Certificate)": "产品证书（如儿童产品证书 CPC）",
    "plan of action": "行动计划",
    "bank statement or utility bill": "银行对账单或水电费账单",
    "business license": "营业执照",
    "photos of the product and its labels": "商品及其标签的照片",
    "proof of delivery": "签收证明",
}
_WITHIN = re.compile(r"(?P<phrase>.+) dated within the last (?P<days>\d+) days")


def _document_zh(phrase: str) -> str:
    within = _WITHIN.fullmatch(phrase)
    if within is not None:
        return f"{_DOCUMENTS_ZH[within['phrase']]}（开具于最近 {within['days']} 天内）"
    return _DOCUMENTS_ZH[phrase]


_SUPPLIER = re.compile(r"supplier|manufacturer|distributor|wholesaler|供应商|厂家|经销商")
_FROM_OWNER = re.compile(r"rights owner|brand owner|rights holder|权利人|品牌方")
_AGE = re.compile(
    r"(?<![0-9])([0-9]{1,3}) ?(days?|months?|天|个月)"
    r"|\b(last|past) (year|twelve months)\b|\b(one|twelve) (year|months)\b"
)


def find_documents(notice: NoticeText) -> list[str]:
    """The documents the notice asks for, in the order it names them, each once."""
    found: dict[str, int] = {}
    for pattern, phrase, words in _DOCUMENTS:
        if not notice.mentions(*words):
            continue
        for index, match in enumerate(pattern.finditer(notice.folded)):
            if index >= 20:
                break
            if phrase == "invoices":
                phrase_here = _invoice_phrase(notice, match)
                found.setdefault(phrase_here, match.start())
                continue
            found.setdefault(phrase, match.start())
            break
    documents = sorted(found, key=lambda d: found[d])
    # "supplier invoices" beside "supplier invoices dated within ...": keep the precise one.
    kept = [d for d in documents if not any(o != d and o.startswith(d) for o in documents)][:30]
    return [Said(d, _document_zh(d)) for d in kept]


def _invoice_phrase(notice: NoticeText, match: re.Match[str]) -> str:
    begin, end = notice.sentence(match.start(), match.end())
    sentence = notice.folded[begin:end]
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
