"""Performance arithmetic: rates from counts, target checks, orders needed, deadlines.

Pure functions on plain numbers and dates; the thresholds come from the catalogue.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

Direction = Literal["below", "above"]
_MILLION = 1_000_000


def rate_from_counts(defects: int, orders: int, direction: Direction) -> float:
    """The rate in percent. For "above" metrics (valid tracking, on-time delivery) the counts are failures."""
    if orders <= 0:
        raise ValueError("orders must be positive")
    failing = 100 * defects / orders
    return failing if direction == "below" else 100 - failing


def meets_target(rate_percent: float, target_percent: float, direction: Direction) -> bool:
    """Amazon's targets are strict: an ODR of exactly 1% does not meet "under 1%"."""
    return rate_percent < target_percent if direction == "below" else rate_percent > target_percent


def orders_needed(defects: int, orders: int, target_percent: float, direction: Direction) -> int:
    """How many more orders without a defect bring the rate within target, if no new defect arrives.

    35 defects in 1,642 orders at a 1% target: 35 / (1,642 + n) < 1% needs n = 1,859.
    """
    # Integers in millionths of a whole: targets have at most four decimals (99.95%), and
    # integer arithmetic keeps a rate exactly on the target from counting as met.
    target = round(target_percent * 10_000)
    # Both directions reduce to keeping the failure share under a limit.
    limit = target if direction == "below" else _MILLION - target
    if limit <= 0:
        raise ValueError("a target of 100% above cannot be reached by adding orders")
    if defects * _MILLION < limit * orders:
        return 0
    # Smallest n with defects / (orders + n) < limit, that is orders + n > defects / limit.
    return defects * _MILLION // limit - orders + 1


@dataclass(frozen=True)
class MetricStatus:
    """One row of the plan's metrics table."""

    rate_percent: float
    target_percent: float
    direction: Direction
    window_days: int
    met: bool
    defects: int | None
    orders: int | None
    # None when only the rate is known: the counts are needed for this figure.
    orders_needed: int | None


def evaluate(
    *,
    rate_percent: float | None,
    defects: int | None,
    orders: int | None,
    window_days: int,
    target_percent: float,
    direction: Direction,
) -> MetricStatus:
    if defects is not None and orders is not None:
        rate = rate_from_counts(defects, orders, direction)
        needed: int | None = orders_needed(defects, orders, target_percent, direction)
    elif rate_percent is not None:
        rate, needed = rate_percent, None
    else:
        raise ValueError("a rate or the counts are needed")
    return MetricStatus(
        rate_percent=rate,
        target_percent=target_percent,
        direction=direction,
        window_days=window_days,
        met=meets_target(rate, target_percent, direction),
        defects=defects,
        orders=orders,
        orders_needed=needed,
    )


def add_business_days(start: dt.date, days: int) -> dt.date:
    """Monday to Friday count; public holidays differ by country and are not counted out."""
    if days < 0:
        raise ValueError("days must not be negative")
    current = start
    remaining = days
    while remaining:
        current += dt.timedelta(days=1)
        if current.weekday() < 5:
            remaining -= 1
    return current


def deadline(notice_date: dt.date, days: int, *, business_days: bool = False) -> dt.date:
    """The last day to respond: the notice date plus the response window."""
    if business_days:
        return add_business_days(notice_date, days)
    return notice_date + dt.timedelta(days=days)


def expected_ship_date(order_date: dt.date, handling_days: int) -> dt.date:
    """Order date plus the handling time in business days (Amazon counts handling time that way).

    An order placed on a weekend starts counting from the weekend day, so a Saturday order with
    one day of handling is due on Monday.
    """
    return add_business_days(order_date, handling_days)
