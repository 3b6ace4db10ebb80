"""`poa reasons`: the catalogue as text for the terminal, in English or Chinese."""

from __future__ import annotations

from poa.case.catalog import Catalog, Reason


def _label(reason: Reason, lang: str) -> str:
    return reason.label.zh if lang == "zh" else reason.label.en


def listing(catalog: Catalog, lang: str) -> str:
    heads = {"performance": ("Poor performance", "绩效不达标"), "policy": ("Policy breach", "违反政策")}
    width = max(len(reason_id) for reason_id in catalog.ids())
    lines = []
    for kind in ("performance", "policy"):
        lines.append(heads[kind][1 if lang == "zh" else 0] + ":")
        for reason in catalog.reasons.values():
            if reason.kind == kind:
                lines.append(f"  {reason.id:<{width}}  {_label(reason, lang)}")
        lines.append("")
    lines.append("Show one in full: poa reasons ID" if lang == "en" else "查看详情：poa reasons ID")
    return "\n".join(lines) + "\n"


def detail(reason: Reason, lang: str) -> str:
    zh = lang == "zh"
    out = [f"{reason.id}: {_label(reason, lang)}", reason.description.zh if zh else reason.description.en, ""]
    if reason.caution is not None:
        out += [("请注意：" if zh else "Before you answer: ") + (reason.caution.zh if zh else reason.caution.en), ""]
    if reason.metric is not None:
        metric = reason.metric
        side = "<" if metric.direction == "below" else ">"
        out += [
            ("目标" if zh else "Target") + f": {side} {metric.target_percent:g}%",
            ("统计周期" if zh else "Window") + f": {metric.window_days} " + ("天" if zh else "days"),
            ("计算方式" if zh else "Formula") + f": {metric.formula}",
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
                line += f"\n     ({owner}; {item.frequency})"  # type: ignore[attr-defined]
            out.append(line)
        out.append("")
    if reason.evidence:
        out.append("审核人员期待的材料" if zh else "Evidence reviewers expect")
        for item in reason.evidence:
            age = f" (≤ {item.max_age_days} days before the notice)" if item.max_age_days else ""
            out.append(f"  - {item.zh if zh else item.en}{age}")
        out.append("")
    if reason.response is not None:
        unit = "business days" if reason.response.business_days else "days"
        out.append(("回复期限" if zh else "Usual response window") + f": {reason.response.days} {unit}")
        if reason.response.note:
            out.append(f"  {reason.response.note}")
        out.append("")
    out.append("来源" if zh else "Sources")
    for source in reason.sources:
        out.append(f"  - {source.title} ({source.reference}), checked {source.checked.isoformat()}")
    return "\n".join(out) + "\n"
