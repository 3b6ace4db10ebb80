"""What `poa reply` tells the seller: the reading, the next step, and the reminders, in English or Chinese.

The wording is data (poa/data/replies.yaml); this module fills it in.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from poa.readers.reply import ReplyReading, load_reply_rules

_LABELS = {
    "en": {
        "title": "Read from Amazon's reply:",
        "kind": "Kind",
        "asks": "Asks for",
        "asins": "ASINs named",
        "reinstated": "Reinstated",
        "deadline": "Deadline",
        "date": "Reply date",
        "said": "Amazon's words",
        "next": "Next step",
        "still": "What you can still do",
        "source": "source",
        "reminder": "Reminder",
        "notes": "Notes",
        "none": "-",
        "stated": "stated in the reply",
        "counted": "counted from the reply's date, {date}",
        "set_aside": "{count} quoted passage(s) set aside: the seller's own words, not Amazon's.",
        "repeats_notice": "The reply repeats the wording of a deactivation notice: the appeal was not accepted.",
        "not_named": "Not named as reinstated: {asins}.",
        "date_ambiguous": "A date in the reply can be read day first or month first; give --marketplace to settle it.",
    },
    "zh": {
        "title": "从亚马逊的回复中读到：",
        "kind": "类型",
        "asks": "要求提供",
        "asins": "提到的 ASIN",
        "reinstated": "已恢复",
        "deadline": "截止日期",
        "date": "回复日期",
        "said": "亚马逊原文",
        "next": "下一步",
        "still": "您仍可以做的事",
        "source": "来源",
        "reminder": "提醒",
        "notes": "说明",
        "none": "-",
        "stated": "回复中写明",
        "counted": "从回复日期 {date} 起算",
        "set_aside": "已忽略 {count} 段引用：这是卖家自己的话，不是亚马逊的。",
        "repeats_notice": "该回复重复了停用通知的内容：申诉未被接受。",
        "not_named": "未被列为已恢复：{asins}。",
        "date_ambiguous": "回复中的日期可能是日在前也可能是月在前；请用 --marketplace 指定站点。",
    },
}


def _lang(lang: str) -> str:
    return "zh" if lang == "zh" else "en"


def join(items: list[str], lang: str) -> str:
    """ "A, B and C" in English, "A、B和C" in Chinese."""
    if len(items) <= 1:
        return "".join(items)
    if lang == "zh":
        return "、".join(items[:-1]) + "和" + items[-1]
    return ", ".join(items[:-1]) + " and " + items[-1]


def asks_phrase(reading: ReplyReading, lang: str) -> str:
    """What the reply asks for, in words: "the root cause and invoices"."""
    lang = _lang(lang)
    labels = load_reply_rules().ask_labels
    parts = []
    for item in reading.asks:
        label = getattr(labels[item.ask], lang)
        if item.ask == "asins" and item.asins:
            label += f"（{', '.join(item.asins)}）" if lang == "zh" else f" ({', '.join(item.asins)})"
        parts.append(label)
    return join(parts, lang)


def next_step(reading: ReplyReading, lang: str) -> str:
    lang = _lang(lang)
    rules = load_reply_rules()
    key = reading.kind
    if key == "unclear" and reading.pending:
        key = "pending"
    elif reading.repeats_notice and not reading.success:
        key = "repeated_notice"
    elif key == "more_information" and not reading.asks:
        key = "more_information_unnamed"
    deadline = ""
    if reading.deadline is not None:
        deadline = getattr(rules.deadline_sentence, lang).format(date=reading.deadline.isoformat())
    template = getattr(rules.next_steps[key], lang)
    return template.format(
        asks=asks_phrase(reading, lang) or getattr(rules.ask_labels["other"], lang),
        asins=", ".join(reading.blocked_asins) or "-",
        reinstated=", ".join(reading.reinstated_asins) or getattr(rules.kind_labels["partial"], lang),
        deadline=deadline,
    ).strip()


def final_options(lang: str) -> list[tuple[str, str]]:
    """After a final decision: what the seller can still do, each with its source."""
    lang = _lang(lang)
    return [(getattr(option, lang), getattr(option.source, lang)) for option in load_reply_rules().after_final]


def funds_reminder(kind: str, lang: str, notice_date: dt.date | None = None) -> str | None:
    """While the account stays deactivated: when the seller can appeal for withheld funds."""
    if kind in ("reinstated", "partial"):
        return None
    lang = _lang(lang)
    funds = load_reply_rules().funds
    days = funds.days_after_deactivation
    if notice_date is None:
        return getattr(funds, lang).format(days=days)
    date = notice_date + dt.timedelta(days=days)
    return getattr(funds, f"dated_{lang}").format(days=days, date=date.isoformat(), notice_date=notice_date.isoformat())


def deadline_basis(reading: ReplyReading, lang: str) -> str | None:
    """How the deadline was found: stated in the reply, or counted from its date."""
    if reading.deadline is None:
        return None
    words = _LABELS[_lang(lang)]
    if reading.deadline_counted_from is None:
        return words["stated"]
    return words["counted"].format(date=reading.deadline_counted_from.isoformat())


def notes(reading: ReplyReading, lang: str) -> list[str]:
    words = _LABELS[_lang(lang)]
    return [words[key].format(**params) for key, params in reading.notes]


def _width(text: str) -> int:
    """Columns on a terminal: Chinese characters take two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _source(source: str, lang: str) -> str:
    return f"（来源：{source}）" if lang == "zh" else f" (source: {source})"


def describe(reading: ReplyReading, lang: str = "en", *, notice_date: dt.date | None = None) -> str:
    """What was read, the next step and the reminders: the text `poa reply` prints."""
    lang = _lang(lang)
    words = _LABELS[lang]
    rules = load_reply_rules()
    kind_label = getattr(rules.kind_labels[reading.kind], lang)
    rows = [
        # The kind's id is what --json gives; a Chinese screen shows only its name.
        (words["kind"], kind_label if lang == "zh" else f"{reading.kind} ({kind_label})"),
        (words["asks"], asks_phrase(reading, lang) or words["none"]),
        (words["asins"], ", ".join(reading.asins) or words["none"]),
    ]
    if reading.reinstated_asins:
        rows.append((words["reinstated"], ", ".join(reading.reinstated_asins)))
    deadline = words["none"]
    if reading.deadline is not None:
        basis = deadline_basis(reading, lang)
        deadline = f"{reading.deadline.isoformat()}" + (f"（{basis}）" if lang == "zh" else f" ({basis})")
    rows.append((words["deadline"], deadline))
    rows.append((words["date"], reading.date.isoformat() if reading.date else words["none"]))
    colon = "：" if lang == "zh" else ":"
    width = max(_width(label) for label, _ in rows) + 1
    lines = [words["title"], *(f"  {label}{colon}{' ' * (width - _width(label))}{value}" for label, value in rows)]
    said = list(dict.fromkeys(item.said for item in reading.asks if item.said))
    if said:
        lines.append(f"{words['said']}{colon}")
        lines += [f"  - {text}" for text in said]
    lines += ["", f"{words['next']}{colon}", f"  {next_step(reading, lang)}"]
    if reading.kind == "final":
        lines.append(f"{words['still']}{colon}")
        for text, source in final_options(lang):
            lines.append(f"  - {text}{_source(source, lang)}")
    reminder = funds_reminder(reading.kind, lang, notice_date) if reading.kind != "final" else None
    if reminder:  # after a final decision the funds are the first of what can still be done
        space = "" if lang == "zh" else " "
        lines.append(f"{words['reminder']}{colon}{space}{reminder}{_source(getattr(rules.funds.source, lang), lang)}")
    if reading.notes:
        lines.append(f"{words['notes']}{colon}")
        lines += [f"  - {note}" for note in notes(reading, lang)]
    return "\n".join(lines) + "\n"


def reading_json(reading: ReplyReading, lang: str = "en", *, notice_date: dt.date | None = None) -> dict[str, Any]:
    """One object for programs: at least kind, asks, asins, deadline and next_step."""
    lang = _lang(lang)
    rules = load_reply_rules()
    data: dict[str, Any] = {
        "kind": reading.kind,
        "kind_label": getattr(rules.kind_labels[reading.kind], lang),
        "asks": reading.ask_ids,
        "ask_details": [{"ask": a.ask, "asins": list(a.asins), "said": a.said} for a in reading.asks],
        "asins": list(reading.asins),
        "reinstated_asins": list(reading.reinstated_asins),
        "deadline": reading.deadline.isoformat() if reading.deadline else None,
        "deadline_basis": deadline_basis(reading, lang),
        "date": reading.date.isoformat() if reading.date else None,
        "success": reading.success,
        "repeats_notice": reading.repeats_notice,
        "pending": reading.pending,
        "next_step": next_step(reading, lang),
        "found": list(dict.fromkeys(reading.found)),
        "notes": notes(reading, lang),
    }
    if reading.kind == "final":
        data["still_possible"] = [{"text": text, "source": source} for text, source in final_options(lang)]
    reminder = funds_reminder(reading.kind, lang, notice_date)
    if reminder:
        data["funds_reminder"] = {"text": reminder, "source": getattr(rules.funds.source, lang)}
    return data
