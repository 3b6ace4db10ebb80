"""Whatever a seller types, in whatever field, the plan renders and opens again."""

from __future__ import annotations

import copy
import datetime as dt
import io

import docx
import pytest
from helpers import example_data
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from poa.case.model import Case
from poa.case.text import clean_line
from poa.plan import outputs
from poa.plan.render import sentence
from poa.plan.text import inline_text, parse_markdown

BASE = example_data("inauthentic")
TODAY = dt.date(2026, 11, 26)

# Every free-text field of a case, as a path into the data.
TEXT_FIELDS = [
    ("seller", "legal_name"),
    ("seller", "store_name"),
    ("seller", "signer_name"),
    ("seller", "signer_role"),
    ("plans", "inauthentic", "root_causes", 0),
    ("plans", "inauthentic", "corrective_actions", 0, "text"),
    ("plans", "inauthentic", "preventive_measures", 0, "text"),
    ("plans", "inauthentic", "preventive_measures", 0, "owner"),
    ("plans", "inauthentic", "preventive_measures", 0, "frequency"),
    ("plans", "inauthentic", "evidence", 0, "name"),
]


def set_path(data: dict, path: tuple, value: str) -> None:
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(field=st.sampled_from(TEXT_FIELDS), text=st.text(min_size=1, max_size=120))
def test_any_text_in_any_field_renders_to_a_docx_that_opens(field, text):
    data = copy.deepcopy(BASE)
    set_path(data, field, text)
    try:
        case = Case.model_validate(data)
    except ValidationError:
        # Only text that is empty once cleaned may be refused.
        assert clean_line(text) == ""
        return
    document = docx.Document(io.BytesIO(outputs.render(case, "docx", today=TODAY)))
    seen = "\n".join(p.text for p in document.paragraphs)
    seen += "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    seen += "\n".join(p.text for p in document.sections[0].header.paragraphs)
    assert clean_line(text) in seen


@pytest.mark.parametrize("fmt", ["md", "txt"])
@settings(max_examples=30, deadline=None)
@given(text=st.text(min_size=1, max_size=120))
def test_any_root_cause_reaches_the_text_formats(fmt, text):
    data = copy.deepcopy(BASE)
    data["plans"]["inauthentic"]["root_causes"][0] = text
    try:
        case = Case.model_validate(data)
    except ValidationError:
        assert clean_line(text) == ""
        return
    rendered = outputs.render(case, fmt, today=TODAY).decode("utf-8")
    expected = sentence(clean_line(text))
    if fmt == "txt":
        assert f"\n1. {expected}\n" in rendered
    else:
        # What a Markdown reader shows as the first root cause is exactly what was typed.
        first_list = next(node for node in parse_markdown(rendered).children if node.type == "ordered_list")
        first_item = first_list.children[0].children[0]
        assert inline_text(first_item.children[0]) == expected
