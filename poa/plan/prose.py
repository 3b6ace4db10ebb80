"""English for the plan's own sentences: numbers, lists, plurals and date ranges as an editor writes them.

Pure functions on plain values, used as Jinja2 filters, so every template says them the same way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

_SMALL = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def number_words(value: int) -> str:
    """Whole numbers under ten as words in running text ("six"), larger ones with separators ("1,642")."""
    if 0 <= value < len(_SMALL):
        return _SMALL[value]
    return f"{value:,}"


def join_words(items: Iterable[object], conjunction: str = "and") -> str:
    """ "A", "A and B", "A, B and C": the serial comma left out, as Amazon's own pages write lists."""
    words = [str(item) for item in items]
    if len(words) <= 2:
        return f" {conjunction} ".join(words)
    return f"{', '.join(words[:-1])} {conjunction} {words[-1]}"


def plural(count: int, one: str, other: str | None = None) -> str:
    """The noun that goes with `count`: 1 order, 2 orders; 1 ASIN, 2 ASINs."""
    return one if count == 1 else (other or f"{one}s")


def counted(count: int, one: str, other: str | None = None) -> str:
    """The count in words where under ten, with its noun: "one complaint", "six orders", "19 orders"."""
    return f"{number_words(count)} {plural(count, one, other)}"


def long_date(value: dt.date, style: str = "us") -> str:
    """August 3, 2026 (us) or 3 August 2026 (day_first)."""
    month = MONTHS[value.month - 1]
    return f"{month} {value.day}, {value.year}" if style == "us" else f"{value.day} {month} {value.year}"


def short_date(value: dt.date, style: str = "us") -> str:
    """Aug 3, 2026 (us) or 3 Aug 2026 (day_first): for table cells, where width is short."""
    month = MONTHS[value.month - 1][:3]
    return f"{month} {value.day}, {value.year}" if style == "us" else f"{value.day} {month} {value.year}"


def date_range(first: dt.date, last: dt.date, style: str = "us") -> str:
    """The span of two dates, saying each part once: "on August 4, 2026", "between August 4 and 12, 2026",
    "between July 30 and August 12, 2026", "between December 28, 2026 and January 3, 2027"."""
    first, last = min(first, last), max(first, last)
    if first == last:
        return f"on {long_date(first, style)}"
    if first.year != last.year:
        return f"between {long_date(first, style)} and {long_date(last, style)}"
    start_month, end_month = MONTHS[first.month - 1], MONTHS[last.month - 1]
    if style == "us":
        start = f"{start_month} {first.day}"
        end = f"{last.day}" if first.month == last.month else f"{end_month} {last.day}"
        return f"between {start} and {end}, {last.year}"
    start = f"{first.day}" if first.month == last.month else f"{first.day} {start_month}"
    return f"between {start} and {last.day} {end_month} {last.year}"


def number_list(numbers: Iterable[int]) -> str:
    """Item numbers as a reader takes them in: "1", "1 and 3", "1 to 4", "1, 2 and 5"."""
    ordered = sorted(set(numbers))
    if len(ordered) > 2 and ordered == list(range(ordered[0], ordered[-1] + 1)):
        return f"{ordered[0]} to {ordered[-1]}"
    return join_words(ordered)


def in_sentence(label: str) -> str:
    """A label as it reads inside a sentence: "Item condition complaints" -> "item condition complaints";
    a name in title case ("Late Dispatch Rate") keeps its capitals."""
    words = label.split()
    later = [word for word in words[1:] if word[:1].isalpha()]
    if later and all(word[0].islower() for word in later) and not words[0][1:2].isupper():
        return label[:1].lower() + label[1:]
    return label


def capitalise(text: str) -> str:
    """The first letter upper case, the rest as written (unlike str.capitalize)."""
    return text[:1].upper() + text[1:]
