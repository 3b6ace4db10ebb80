"""`poa reasons`: the catalogue as text for the terminal, in English or Chinese."""

from __future__ import annotations

from poa.case.catalog import Catalog, Reason, measure_label
from poa.languages import display_width, pad


def _label(reason: Reason, lang: str) -> str:
    return reason.label.zh if lang == "zh" else reason.label.en


def listing(catalog: Catalog, lang: str) -> str:
    heads = {"performance": ("Poor performance", "绩效不达标"), "policy": ("Policy breach", "违反政策")}
    zh = lang == "zh"
    lines = []
    for kind in ("performance", "policy"):
        lines.append(heads[kind][1 if zh else 0] + ("：" if zh else ":"))
        reasons = [reason for reason in catalog.reasons.values() if reason.kind == kind]
        if zh:  # the Chinese name first, in a column as wide as the widest; the id to type after it
            width = max(display_width(_label(reason, lang)) for reason in reasons)
            lines += [f"  {pad(_label(reason, lang), width)}  {reason.id}" for reason in reasons]
        else:
            width = max(len(reason_id) for reason_id in catalog.ids())
            lines += [f"  {reason.id:<{width}}  {_label(reason, lang)}" for reason in reasons]
        lines.append("")
    lines.append("Show one in full: poa reasons ID" if lang == "en" else "查看详情：poa reasons 后接右列的原因代码")
    return "\n".join(lines) + "\n"


def detail(reason: Reason, lang: str) -> str:
    zh = lang == "zh"
    title = f"{_label(reason, lang)}（{reason.id}）" if zh else f"{reason.id}: {_label(reason, lang)}"
    out = [title, reason.description.zh if zh else reason.description.en, ""]
    colon = "：" if zh else ": "
    if reason.caution is not None:
        out += [("请注意：" if zh else "Before you answer: ") + (reason.caution.zh if zh else reason.caution.en), ""]
    if reason.metric is not None:
        metric = reason.metric
        side = "<" if metric.direction == "below" else ">"
        out += [
            ("要求" if zh else "Target") + f"{colon}{side} {metric.target_percent:g}%",
            ("统计周期" if zh else "Window") + f"{colon}{metric.window_days} " + ("天" if zh else "days"),
            ("计算方式" if zh else "Formula") + f"{colon}{metric.formula_zh if zh else metric.formula}",
            "",
        ]
    sections = (
        ("Suggested root causes", "常见根本原因", reason.root_causes),
        ("Suggested corrective actions", "建议的纠正措施", reason.corrective_actions),
        ("Suggested preventive measures", "建议的预防措施", reason.preventive_measures),
    )
    for english, chinese, items in sections:
        out.append(chinese if zh else english)
        for number, item in enumerate(items, start=1):
            line = f"  {number}. {item.en}"
            if zh:
                line = f"  {number}. {item.zh}\n     {item.en}"
            owner = getattr(item, "owner", None)
            if owner:
                frequency = measure_label("frequencies", item.frequency, lang)  # type: ignore[attr-defined]
                who = measure_label("owners", owner, lang)
                line += f"\n     （{who}；{frequency}）" if zh else f"\n     ({owner}; {frequency})"
            out.append(line)
        out.append("")
    if reason.evidence:
        out.append("审核人员期待的材料" if zh else "Evidence reviewers expect")
        for item in reason.evidence:
            age = ""
            if item.max_age_days:
                days = item.max_age_days
                age = f"（通知前 {days} 天内）" if zh else f" (≤ {days} days before the notice)"
            out.append(f"  - {item.zh if zh else item.en}{age}")
        out.append("")
    if reason.response is not None:
        unit = ("个工作日" if zh else "business days") if reason.response.business_days else ("天" if zh else "days")
        out.append(("通常的回复期限" if zh else "Usual response window") + f"{colon}{reason.response.days} {unit}")
        if reason.response.note:
            out.append(f"  {reason.response.note_zh if zh else reason.response.note}")
        out.append("")
    out.append("来源" if zh else "Sources")
    for source in reason.sources:
        out.append(f"  - {source.cited(lang)}")
    return "\n".join(out) + "\n"
