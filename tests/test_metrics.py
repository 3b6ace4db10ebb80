import datetime as dt

import pytest

from poa.case.metrics import (
    add_business_days,
    deadline,
    evaluate,
    expected_ship_date,
    meets_target,
    orders_needed,
    rate_from_counts,
)


def test_rate_from_counts_below_and_above():
    assert rate_from_counts(35, 1642, "below") == pytest.approx(2.1315, abs=1e-4)
    # For "above" metrics the counts are failures: 24 untracked of 480 is 95% valid tracking.
    assert rate_from_counts(24, 480, "above") == pytest.approx(95.0)


def test_targets_are_strict():
    assert not meets_target(1.0, 1.0, "below")
    assert meets_target(0.99, 1.0, "below")
    assert not meets_target(95.0, 95.0, "above")
    assert meets_target(95.01, 95.0, "above")


def test_orders_needed_matches_the_worked_example():
    # 35 defects in 1,642 orders at a 1% target: 1,859 more defect-free orders.
    assert orders_needed(35, 1642, 1.0, "below") == 1859
    assert 35 / (1642 + 1859) < 0.01
    assert not 35 / (1642 + 1858) < 0.01


@pytest.mark.parametrize(
    ("defects", "orders", "target", "direction"),
    [
        (35, 1642, 1.0, "below"),
        (19, 562, 2.5, "below"),
        (61, 1204, 4.0, "below"),
        (24, 400, 95.0, "above"),
        (30, 200, 90.0, "above"),
        (1, 3, 10.0, "below"),
        (7, 7, 2.5, "below"),
    ],
)
def test_orders_needed_is_the_smallest_count_that_works(defects, orders, target, direction):
    needed = orders_needed(defects, orders, target, direction)
    assert needed > 0

    def met(extra: int) -> bool:
        return meets_target(rate_from_counts(defects, orders + extra, direction), target, direction)

    assert met(needed)
    assert not met(needed - 1)


def test_orders_needed_is_zero_when_already_within_target():
    assert orders_needed(5, 1000, 1.0, "below") == 0
    assert orders_needed(0, 100, 95.0, "above") == 0


def test_evaluate_from_rate_only_has_no_orders_needed():
    status = evaluate(
        rate_percent=2.13, defects=None, orders=None, window_days=60, target_percent=1.0, direction="below"
    )
    assert status.rate_percent == 2.13
    assert status.met is False
    assert status.orders_needed is None


def test_evaluate_from_counts():
    status = evaluate(rate_percent=None, defects=35, orders=1642, window_days=60, target_percent=1.0, direction="below")
    assert round(status.rate_percent, 2) == 2.13
    assert status.orders_needed == 1859
    assert status.window_days == 60


def test_business_days_skip_weekends():
    friday = dt.date(2026, 8, 7)
    assert add_business_days(friday, 1) == dt.date(2026, 8, 10)  # Monday
    assert add_business_days(friday, 5) == dt.date(2026, 8, 14)
    assert add_business_days(friday, 0) == friday
    saturday = dt.date(2026, 8, 8)
    assert expected_ship_date(saturday, 1) == dt.date(2026, 8, 10)
    assert expected_ship_date(dt.date(2026, 8, 3), 2) == dt.date(2026, 8, 5)


def test_deadlines_calendar_and_business():
    notice = dt.date(2026, 11, 5)  # a Thursday
    assert deadline(notice, 17) == dt.date(2026, 11, 22)
    assert deadline(notice, 3, business_days=True) == dt.date(2026, 11, 10)
