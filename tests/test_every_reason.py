"""Every reason in the catalogue renders: a case built from its own suggestions."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest

from poa.case.catalog import load_catalog
from poa.case.model import Case
from poa.plan import outputs

CATALOG = load_catalog()
TODAY = dt.date(2026, 11, 26)
ASINS = ["B0TESTAAA1", "B0TESTAAA2"]


def case_from_suggestions(reason_id: str) -> Case:
    """Every suggestion of the reason ticked: actions and measures arrive linked as the catalogue links them."""
    reason = CATALOG[reason_id]
    notice = dt.date(2026, 10, 1)
    plan = {
        "root_causes": [s.en for s in reason.root_causes],
        "corrective_actions": [
            {
                "text": s.en,
                "date": notice + dt.timedelta(days=i + 1),
                "asins": ASINS[: i % 3],
                "addresses": list(s.causes),
            }
            for i, s in enumerate(reason.corrective_actions)
        ],
        "preventive_measures": [
            {"text": s.en, "owner": s.owner, "frequency": s.frequency, "addresses": list(s.causes)}
            for s in reason.preventive_measures
        ],
        "evidence": [
            {"name": f"{e.en} ({i + 1})", "kind": e.kind, "date": notice - dt.timedelta(days=30), "asins": ASINS}
            for i, e in enumerate(reason.evidence)
        ],
    }
    data = {
        "seller": {
            "legal_name": "Test Trading Co., Ltd.",
            "store_name": "Test Store",
            "signer_name": "Wang Fang",
            "signer_role": "Director",
        },
        "marketplace": "amazon.com",
        "notice_date": notice,
        "reasons": [reason_id],
        "affected_asins": ASINS,
        "plans": {reason_id: plan},
    }
    if reason.metric is not None:
        data["metrics"] = {reason_id: {"defects": 40, "orders": 300}}
    return Case.model_validate(data)


@pytest.mark.parametrize("reason_id", CATALOG.ids())
def test_reason_renders_with_all_its_suggestions(reason_id):
    case = case_from_suggestions(reason_id)
    document = docx.Document(io.BytesIO(outputs.render(case, "docx", today=TODAY)))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    reason = CATALOG[reason_id]
    for suggestion in (*reason.root_causes, *reason.corrective_actions, *reason.preventive_measures):
        assert suggestion.en in text
    for item in case.plans[reason_id].evidence:
        assert item.name in cells
    assert reason.plan_label in text
    if reason.kind == "policy":
        assert reason.summary in text
    assert "Addresses root cause" in text
    if reason.metric is not None:
        assert reason.label.en in cells
        assert "Above target" in cells or "Below target" in cells
    markdown = outputs.render(case, "md", today=TODAY).decode()
    assert "{{" not in markdown and "None" not in markdown


def test_all_reasons_in_one_case_render():
    cases = [case_from_suggestions(r) for r in CATALOG.ids()]
    data = cases[0].model_dump()
    for case in cases[1:]:
        data["reasons"] += case.reasons
        data["plans"].update(case.plans)
        data["metrics"].update(case.metrics)
    merged = Case.model_validate(data)
    markdown = outputs.render(merged, "md", today=TODAY).decode()
    # Reason by reason: each reason's heading, then its own root causes, actions and measures.
    headings = [line for line in markdown.splitlines() if line.startswith("## ")]
    labels = [CATALOG[reason_id].plan_label for reason_id in CATALOG.ids()]
    assert [h.removeprefix("## ") for h in headings if h.removeprefix("## ") in labels] == labels
    assert markdown.count("### Root causes") == len(labels)
    assert markdown.count("| Above target |") + markdown.count("| Below target |") == len(CATALOG.ids("performance"))
