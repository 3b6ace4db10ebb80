from __future__ import annotations

from helpers import example_data

from poa.case.model import Case
from poa.plan.attachments import numbered_attachments


def test_attachments_are_numbered_in_plan_order_and_shared_documents_keep_one_number():
    data = example_data("late_shipment_rate")
    case = Case.model_validate(data)
    first, second = case.reasons[:2]
    shared = case.plans[first].evidence[0]
    case.plans[second].evidence.append(shared)
    numbered = numbered_attachments(case)
    assert [a.number for a in numbered] == list(range(1, len(numbered) + 1))
    assert [a.evidence.name for a in numbered].count(shared.name) == 1
    assert numbered[0].reason_id == first
