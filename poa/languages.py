"""The languages poa speaks to the seller: English, simplified Chinese, and traditional Chinese shown from
the simplified texts.

Every text is kept in English and simplified Chinese ("en", "zh"), and every lookup uses one of those.
Traditional Chinese ("zh-Hant", for sellers in Taiwan and Hong Kong) is a way of showing: the finished
simplified text is converted by OpenCC where it reaches the screen. OpenCC's "s2tw" configuration is
used (Taiwan's standard characters), not "s2twp": the phrase tables of s2twp carry computing words
into a seller's text (文件 "documents" becomes 檔案 "computer file", 类型 becomes 型別 "data type").
The few words where Taiwan's Seller Central and software say it otherwise (預設, 資訊, 設定, 帳戶, 資料夾)
are replaced after the conversion, below.
"""

from __future__ import annotations

import os
import re
from functools import cache

EN, ZH, ZH_HANT = "en", "zh", "zh-Hant"
CHOICES = (EN, ZH, ZH_HANT)  # what --lang takes

# Taiwan's words where the characters alone would read as mainland usage (帳戶 in Seller Central, not 賬戶).
_TERMS = {
    "賬戶": "帳戶",
    "賬號": "帳號",
    "賬單": "帳單",
    "賣家平臺": "賣家平台",
    "默認": "預設",
    "信息": "資訊",
    "設置": "設定",
    "文件夾": "資料夾",
    "軟件": "軟體",
    "鏈接": "連結",
    "質量": "品質",
    "菜單": "選單",
    "知識產權": "智慧財產權",
    "聯繫": "聯絡",
    "反饋": "回饋",
    "視頻": "影片",
    "打印": "列印",
    "網絡": "網路",
    "意大利": "義大利",
    "沙特阿拉伯": "沙烏地阿拉伯",
    "崗位": "職位",
    "計劃": "計畫",
}
_TERM_PATTERN = re.compile("|".join(_TERMS))


def text_language(lang: str | None) -> str:
    """The language texts are looked up in: zh-Hant reads the simplified texts, before they are shown."""
    return ZH if lang in (ZH, ZH_HANT) else EN


def is_traditional(lang: str | None) -> bool:
    return lang == ZH_HANT


@cache
def _converter():  # -> opencc.OpenCC; loading its dictionaries takes a moment, so once and only when needed
    import opencc

    return opencc.OpenCC("s2tw")


# The languages' own names, as the language question offers them: never converted.
NAMES = {EN: "English", ZH: "简体中文", ZH_HANT: "繁體中文"}


def traditional(text: str) -> str:
    """Simplified Chinese text in Taiwan's traditional characters and words; other text as it is."""
    if text.isascii():
        return text
    if NAMES[ZH] in text:  # "简体中文" names the simplified script: it stays as it is written
        return NAMES[ZH].join(traditional(part) for part in text.split(NAMES[ZH]))
    converted = _converter().convert(text)
    return _TERM_PATTERN.sub(lambda match: _TERMS[match[0]], converted)


def shown(text: str, lang: str | None) -> str:
    """Text as the seller sees it in lang: converted to traditional characters for zh-Hant."""
    return traditional(text) if lang == ZH_HANT else text


def locale_language(name: str) -> str:
    """The language a locale name speaks: zh_TW, zh_HK, zh_MO, zh-Hant and "Chinese (Traditional)" are
    traditional Chinese; any other zh or Chinese locale simplified; everything else English."""
    lowered = name.lower().replace("-", "_")
    if not lowered.startswith(("zh", "chinese")):
        return EN
    if any(mark in lowered for mark in ("_tw", "_hk", "_mo", "hant", "traditional", "taiwan", "hong kong")):
        return ZH_HANT
    return ZH


def default_language() -> str:
    """The language of the terminal's locale: traditional or simplified Chinese, English otherwise."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(name)
        if value:
            return locale_language(value)
    # Windows sets none of these; its locale is named like "Chinese (Simplified)_China" or "zh_CN".
    import locale

    return locale_language(locale.getlocale()[0] or "")


def display_width(text: str) -> int:
    """Columns text takes on a terminal: a Chinese character or full-width mark takes two."""
    if text.isascii():
        return len(text)
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 0 if unicodedata.combining(ch) else 1 for ch in text)


def pad(text: str, width: int) -> str:
    """text followed by spaces up to width columns, so Chinese labels line up in a column."""
    return text + " " * max(0, width - display_width(text))
