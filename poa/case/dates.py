"""The dates a case may hold: a plausible range, so no deadline or window is ever computed past the calendar.

Python's dates end at year 1 and 9999; a notice dated 9999-12-31 plus a response window, or year 1
minus a metric's window, would fall off the calendar. Amazon's third-party marketplace dates from
2000, and a plan is written for a notice of this century.
"""

from __future__ import annotations

import datetime as dt

EARLIEST = dt.date(2000, 1, 1)
LATEST = dt.date(2099, 12, 31)


def in_range(date: dt.date) -> bool:
    return EARLIEST <= date <= LATEST
