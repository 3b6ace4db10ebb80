"""What a seller types at a prompt, read into case values, with a message in their language when it is wrong.

Pure functions, no terminal: the wizard calls them as validators, the tests call them directly.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from poa.case.text import clean_line

# Letters of Chinese, Japanese and Korean, and the full-width punctuation typed with them.
_CJK = re.compile("[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff5e]")
_ISO_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_PERCENT = re.compile(r"^(\d{1,3}(?:[.,]\d{1,4})?)\s*%?$")
_COUNTS = re.compile(r"^(\d[\d,]{0,12})\s*(?:/|of|out of|／|之)\s*(\d[\d,]{0,12})$", re.IGNORECASE)
_LIST_SEPARATORS = re.compile(r"[\s,;，；、]+")


class AnswerError(ValueError):
    """An answer that cannot be used; the message says what to type instead, in the seller's language."""


@cache
def _texts() -> dict[str, dict[str, str]]:
    from poa.case.catalog import DATA_DIR, _load_yaml

    return _load_yaml(DATA_DIR / "wizard.yaml")


def say(key: str, lang: str, **fields: object) -> str:
    """The wizard's text `key` in English or Chinese, with its fields filled in (zh-Hant: converted)."""
    from poa.languages import shown, text_language

    entry = _texts()[key]
    return shown(entry.get(text_language(lang), entry["en"]).format(**fields), lang)


# What a Chinese input method types in a number or a date that NFKC leaves alone.
_IME_MARKS = str.maketrans({"。": ".", "、": ","})


def plain(raw: str) -> str:
    """An answer read as a number, date, ASIN, token or path, as typed with a Chinese input method:
    full-width digits, letters and punctuation (２０２６－０２－１５, ２．１３％, Ｂ０８…) made their ASCII
    selves, and the ideographic full stop a point. Never used on free text, which is kept as typed."""
    return unicodedata.normalize("NFKC", raw).translate(_IME_MARKS)


def has_chinese(text: str) -> bool:
    return _CJK.search(text) is not None


def parse_text(raw: str, lang: str, *, limit: int = 600, optional: bool = False) -> str | None:
    text = clean_line(raw)
    assert isinstance(text, str)
    if not text:
        if optional:
            return None
        raise AnswerError(say("error.empty", lang))
    if len(text) > limit:
        raise AnswerError(say("error.too_long", lang, limit=limit))
    return text


def read_long_text(raw: str, lang: str, *, limit: int = 20_000) -> str | None:
    """Pasted text (line breaks kept), or the path of a file holding it (.txt, .md, .docx); optional."""
    from poa.case.text import clean_paragraphs

    text = raw.strip()
    if not text:
        return None
    candidate = typed_path(text.strip("'\""), existing=True)
    if "\n" not in text and candidate.suffix.lower() in (".txt", ".md", ".docx"):
        if not candidate.is_file():
            raise AnswerError(say("error.no_file", lang, path=candidate))
        from poa.errors import PoaError
        from poa.readers.draft import load_draft

        try:
            text = load_draft(candidate)
        except PoaError as error:
            raise AnswerError(str(error)) from None
    cleaned = clean_paragraphs(text)
    assert isinstance(cleaned, str)
    if len(cleaned) > limit:
        raise AnswerError(say("error.too_long", lang, limit=limit))
    return cleaned or None


def parse_date(raw: str, lang: str, *, today: dt.date, optional: bool = False, notice: bool = False) -> dt.date | None:
    """A date typed year first (2026-08-03, 2026/8/3, 2026年8月3日); never after today."""
    text = plain(raw).strip()
    if not text and optional:
        return None
    match = _ISO_DATE.match(text)
    if not match:
        raise AnswerError(say("error.date", lang))
    try:
        date = dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:  # 2026-02-30: the format is right, the day does not exist
        shown = f"{match[1]}-{int(match[2]):02d}-{int(match[3]):02d}"
        raise AnswerError(say("error.no_such_day", lang, date=shown)) from None
    from poa.case import dates

    if not dates.in_range(date):
        raise AnswerError(
            say("error.date_range", lang, earliest=dates.EARLIEST.isoformat(), latest=dates.LATEST.isoformat())
        )
    if date > today:
        raise AnswerError(say("error.future_notice" if notice else "error.future_date", lang, today=today.isoformat()))
    return date


def parse_metric(raw: str, lang: str) -> dict[str, object]:
    """'2.13%' or '2.13' is a rate; '35/1642' or '35 of 1,642' are failing orders of all orders."""
    text = plain(raw).strip()
    counts = _COUNTS.match(text)
    if counts:
        defects, orders = (int(part.replace(",", "")) for part in counts.groups())
        if orders == 0:
            raise AnswerError(say("error.metric", lang))
        if defects > orders:
            raise AnswerError(say("error.metric_counts", lang, defects=defects, orders=orders))
        return {"defects": defects, "orders": orders}
    rate = _PERCENT.match(text)
    if rate:
        value = float(rate[1].replace(",", "."))
        if value <= 100:
            return {"rate_percent": value}
    raise AnswerError(say("error.metric", lang))


def parse_asins(raw: str, lang: str, *, allowed: list[str] | None = None) -> list[str]:
    """ASINs separated by commas, spaces, semicolons or lines; checked, upper-cased, each kept once."""
    from poa.case.model import normalise_asin

    asins: list[str] = []
    for word in _LIST_SEPARATORS.split(plain(raw).strip()):
        if not word:
            continue
        try:
            asin = normalise_asin(word)
        except ValueError:
            raise AnswerError(say("error.asin", lang, asin=word[:40])) from None
        if allowed is not None and asin not in allowed:
            raise AnswerError(say("error.asin_unknown", lang, asin=asin, asins=", ".join(allowed)))
        if asin not in asins:
            asins.append(asin)
    return asins


def parse_merchant_token(raw: str, lang: str) -> str | None:
    token = plain(raw).strip().upper()
    if not token:
        return None
    if not re.fullmatch(r"[A-Z0-9]{8,20}", token):
        raise AnswerError(say("error.merchant_token", lang))
    return token


def typed_path(text: str, *, existing: bool = False) -> Path:
    """A path as typed; typed with a Chinese input method ("plan。docx", "Ｄ：＼plans"), the plain one.

    A name may hold full-width characters of its own ("发票（1）.pdf"): the path as typed is kept when
    it exists (existing=True: a file to read) or when it already ends in a usable extension."""
    path = Path(text).expanduser()
    if (existing and path.exists()) or (not existing and path.suffix and path.suffix.isascii()):
        return path
    return Path(plain(text)).expanduser()


@dataclass(frozen=True)
class PathAnswer:
    path: Path
    exists: bool


def parse_output_path(raw: str, lang: str, *, suffixes: tuple[str, ...]) -> PathAnswer:
    """A file to write: the right extension, in a folder that exists; whether it exists is for the caller."""
    text = raw.strip()
    if not text:
        raise AnswerError(say("error.empty", lang))
    if any(ord(ch) < 32 for ch in text):
        raise AnswerError(say("error.path_chars", lang))
    path = typed_path(text)
    try:
        return _checked_output_path(path, lang, suffixes)
    except OSError as error:  # a name too long for the file system, a folder we may not look into
        raise AnswerError(say("error.path_os", lang, problem=error.strerror or error)) from None


def _checked_output_path(path: Path, lang: str, suffixes: tuple[str, ...]) -> PathAnswer:
    if path.is_dir():
        raise AnswerError(say("error.path_dir", lang, path=path, example=path / f"plan{suffixes[0]}"))
    if path.suffix.lower() not in suffixes:
        raise AnswerError(say("error.path_suffix", lang, suffixes=" / ".join(suffixes)))
    if not path.parent.is_dir():
        raise AnswerError(say("error.path_folder", lang, folder=path.parent))
    return PathAnswer(path, path.exists())
