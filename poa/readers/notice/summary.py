"""The reading as `poa notice` prints it: item by item, what was not found, warnings and notes."""

from __future__ import annotations

from poa.readers.notice.reading import NoticeReading, reason_zh, said_in

_LABELS = {
    "en": {
        "title": "Read from the notice:",
        "reasons": "Reasons",
        "policy": "Policy named",
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
        "usual": "Usual window (not stated in this notice; check your own notice)",
        "by": "by",
        "source": "source",
        "caution": "Before you answer",
        "no_reason": "The notice names no reason. Ask Seller Performance for the specific policy and ASINs "
        "(poa notice FILE -o case.yaml, add seller:, then poa render case.yaml --format request)",
        "suggests": "Its wording suggests",
    },
    "zh": {
        "title": "从通知中读到：",
        "reasons": "原因",
        "policy": "通知中的政策",
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
        "target": "要求",
        "window": "天",
        "of": "/",
        "orders": "订单",
        "usual": "通常期限（本通知未写明，请以您的通知为准）",
        "by": "截至",
        "source": "来源",
        "caution": "回复之前请注意",
        "no_reason": "通知未说明原因。请向卖家绩效团队询问具体政策和ASIN"
        "（poa notice 文件 -o case.yaml，补充 seller:，再运行 poa render case.yaml --format request）",
        "suggests": "措辞暗示的可能原因",
    },
}


def describe(reading: NoticeReading, lang: str = "en") -> str:
    """What was read, item by item, and what was not found: the text `poa notice` prints.

    In Chinese, reasons are named by their Chinese labels (never their ids), every note is in Chinese,
    labels end in a full-width colon and the values line up by display width."""
    from poa.case.catalog import load_catalog
    from poa.languages import display_width, pad

    catalog = load_catalog()
    zh = lang == "zh"
    words = _LABELS["zh" if zh else "en"]
    colon, comma, semicolon = ("：", "，", "；") if zh else (": ", ", ", "; ")

    def named(reason_id: str) -> str:
        label = catalog[reason_id].label
        return label.zh if zh else f"{reason_id} ({label.en})"

    def in_brackets(text: str) -> str:
        return f"（{text}）" if zh else f" ({text})"

    rows: list[tuple[str, str | None]] = []
    rows.append((words["reasons"], ("、" if zh else ", ").join(named(r) for r in reading.reasons) or None))
    rows.append((words["marketplace"], reading.marketplace))
    date = reading.notice_date.isoformat() if reading.notice_date else None
    if date and reading.notice_date_text and reading.notice_date_text != date:
        date += in_brackets(reading.notice_date_text)
    rows.append((words["date"], date))
    asins = [
        a + in_brackets(("、" if zh else ", ").join(_reason_word(r, zh) for r in reading.asin_reasons[a]))
        if a in reading.asin_reasons
        else a
        for a in reading.asins
    ]
    rows.append((words["asins"], ", ".join(asins) or None))
    metric_texts = []
    for reason_id, found in reading.metrics.items():
        spec = catalog[reason_id].metric
        percent = found.percent(spec.direction) if spec else found.rate_percent
        details = []
        if found.target_percent is not None:
            side = "<" if spec is None or spec.direction == "below" else ">"
            details.append(f"{words['target']} {side} {found.target_percent:g}%")
        if found.window_days is not None:
            details.append(f"{found.window_days} {words['window']}")
        if found.defects is not None and found.orders is not None:
            details.append(f"{found.defects:,} {words['of']} {found.orders:,} {words['orders']}")
        text = (catalog[reason_id].label.zh if zh else reason_id) + (f" {percent:g}%" if percent is not None else "")
        metric_texts.append(text + (in_brackets(semicolon.join(details)) if details else ""))
    rows.append((words["metrics"], semicolon.join(metric_texts) or None))
    deadline = None
    if reading.deadline:
        basis = said_in(reading.deadline_basis, lang) if reading.deadline_basis else None
        deadline = reading.deadline.isoformat() + (in_brackets(basis) if basis else "")
    rows.append((words["deadline"], deadline))
    rows.append((words["complaints"], ", ".join(reading.complaint_ids) or None))
    rows.append((words["owner"], reading.rights_owner))
    kind = reading.infringement_type
    rows.append((words["type"], _INFRINGEMENTS_ZH.get(kind, kind) if zh and kind else kind))
    rows.append((words["registrations"], ", ".join(reading.registration_numbers) or None))
    rows.append((words["documents"], semicolon.join(said_in(d, lang) for d in reading.documents) or None))
    rows.append((words["policy"], reading.policy))

    width = max(display_width(label + colon.strip()) for label, _ in rows)
    lines = [words["title"]]
    for label, value in rows:
        lines.append(f"  {pad(label + colon.strip(), width)} {value if value is not None else '-'}")
    missing = [label for label, value in rows if value is None]
    if missing:
        lines.append(f"{words['missing']}{colon}{('、' if zh else ', ').join(missing)}")
    for window in reading.usual_windows():
        unit = words["window"] if not window.business_days else ("个工作日" if zh else "business days")
        due = f"{comma}{words['by']} {window.due}" if window.due else ""
        reason = catalog[window.reason].label.zh if zh else window.reason
        source = said_in(window.source, lang)
        lines.append(
            f"{words['usual']}{colon}{reason} {window.days} {unit}{due}"
            + in_brackets(f"{words['source']}{colon}{source}")
        )
    if not reading.reasons and reading.signals:
        hints = ", ".join(f"{_reason_word(r, zh)} ({', '.join(s.found[:3])})" for r, s in reading.signals.items())
        lines.append(f"{words['unclassified']}{colon}{hints}")
    if catalog_roles(reading) == ["fallback"]:
        lines.append(words["no_reason"] + ("。" if zh else "."))
        others = [(r, s) for r, s in reading.signals.items() if r not in reading.reasons]
        if others:
            hints = ", ".join(f"{_reason_word(r, zh)} ({', '.join(s.found[:3])})" for r, s in others)
            lines.append(f"{words['suggests']}{colon}{hints}")
    for reason_id in reading.reasons:
        caution = catalog[reason_id].caution
        if caution is not None:
            lines.append(f"{words['caution']}{colon}{caution.zh if zh else caution.en}")
    for key, items in (("warnings", reading.warnings), ("notes", reading.notes)):
        if items:
            lines.append(f"{words[key]}{colon.strip()}")
            lines.extend(f"  - {said_in(item, lang)}" for item in items)
    return "\n".join(lines) + "\n"


_INFRINGEMENTS_ZH = {"trademark": "商标", "copyright": "版权", "patent": "专利", "design": "外观设计"}


def _reason_word(reason_id: str, zh: bool) -> str:
    """A reason in a list of hints: its id in English (for `poa reasons ID`), its label in Chinese."""
    return reason_zh(reason_id) if zh else reason_id


def catalog_roles(reading: NoticeReading) -> list[str]:
    """How the reasons read stand in the catalogue: ["fallback"] for a notice that names no reason."""
    from poa.case.catalog import load_catalog

    catalog = load_catalog()
    return [catalog[r].notice.role for r in reading.reasons]
