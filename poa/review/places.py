"""Where a finding is, in the seller's words: "late_shipment_rate, action 2" read as
"迟发率，第 2 项纠正措施".

A finding's `where` is the English place the checker names (and what `--format json` gives programs);
this words it for the screen in Chinese, with the reason's name instead of its id. Every place the
checker builds has a shape below; tests/test_places.py keeps the two in step.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from poa.review.rules import load_rules

_ITEMS = {  # a plan item's English name in a place, and its Chinese name
    "root cause": "根本原因",
    "action": "纠正措施",
    "measure": "预防措施",
    "document": "证明文件",
}
_SELLER_FIELDS = {
    "legal_name": "公司名称",
    "store_name": "店铺名称",
    "merchant_token": "卖家记号",
    "signer_name": "署名人姓名",
    "signer_role": "署名人职务",
    "business_address": "公司地址",
    "contact_email": "联系邮箱",
    "contact_phone": "联系电话",
}
_FIXED = {
    "whole plan": "整份申诉",
    "plan_date": "计划日期",
    "seller": "卖家信息",
}
_ITEM = re.compile(r"(?P<reason>[a-z_]+), (?P<item>root cause|action|measure|document) (?P<number>\d+)")
_PARAGRAPH = re.compile(r"(?P<section>[a-z ]+), paragraph (?P<number>\d+)")
_LINE = re.compile(r"(?P<unit>line|paragraph) (?P<number>\d+)")
_PREVIOUS = re.compile(r"previous appeal (?P<number>\d+)")
_SELLER = re.compile(r"seller\.(?P<field>[a-z_]+)")
_ASIN = re.compile(r"[A-Z0-9]{10}")


def _reason_label(reason_id: str) -> str:
    from poa.case.catalog import load_catalog

    catalog = load_catalog()
    return catalog[reason_id].label.zh if reason_id in catalog else reason_id


def _item(match: re.Match[str]) -> str:
    return f"{_reason_label(match['reason'])}，第 {match['number']} 项{_ITEMS[match['item']]}"


def _paragraph(match: re.Match[str]) -> str | None:
    label = load_rules().section_labels.get(match["section"].replace(" ", "_"))
    return None if label is None else f"{label.zh}部分第 {match['number']} 段"


def _line(match: re.Match[str]) -> str:
    return f"第 {match['number']} {'行' if match['unit'] == 'line' else '段'}"


def _form_field(where: str) -> str | None:
    from poa.plan.form import load_form_fields

    for field in load_form_fields().fields:
        if field.label.en == where:
            return f"申诉表单的“{field.label.zh}”栏"
    return None


_SHAPES: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str | None]], ...] = (
    (_ITEM, _item),
    (_PARAGRAPH, _paragraph),
    (_LINE, _line),
    (_PREVIOUS, lambda m: f"第 {m['number']} 次提交的申诉"),
    (_SELLER, lambda m: _SELLER_FIELDS.get(m["field"])),
    (_ASIN, lambda m: f"ASIN {m[0]}"),
)


def chinese_place(where: str) -> str | None:
    """The place in Chinese, or None for a shape this module does not know."""
    if where in _FIXED:
        return _FIXED[where]
    for pattern, word in _SHAPES:
        match = pattern.fullmatch(where)
        if match is not None:
            return word(match)
    items = list(_ITEM.finditer(where))  # several documents of one invoice: "a, document 1, b, document 2"
    if items and ", ".join(m[0] for m in items) == where:
        return "、".join(_item(m) for m in items)
    return _form_field(where)


def place(where: str, lang: str) -> str:
    """Where a finding is, as the seller reads it in lang ("en" or "zh")."""
    if lang != "zh":
        return where
    return chinese_place(where) or where
