"""The review's pieces that need no terminal: lines wrapped and paged to a terminal's size, and the
fields of a plan item read and stored as the review edits them."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
from helpers import example_data

from poa.interview.answers import AnswerError
from poa.interview.flow import Interview
from poa.interview.paging import blocks, fit, paginate, sane_size, width_of, wrap
from poa.interview.review_fields import (
    FieldRef,
    editable,
    field_keys,
    field_question,
    parse_path,
    shown,
    store_value,
    value_of,
)

TODAY = dt.date(2026, 11, 26)


def test_lines_wrap_between_words_at_the_width_with_the_items_indent():
    line = "  1. Our shipping template promised delivery in 7-11 days, but the postal line took 12-20 days."
    lines = wrap(line, 40)
    assert all(width_of(piece) <= 40 for piece in lines)
    assert " ".join(" ".join(lines).split()) == " ".join(line.split())  # no word cut or lost
    assert all(piece.startswith("    ") for piece in lines[1:])
    assert wrap("short", 40) == ["short"]


def test_chinese_takes_two_columns_and_breaks_between_characters_not_before_a_comma():
    line = "我们的配送模板承诺七到十一天送达，但承运商平均需要十四天，因此很多订单迟到。"
    lines = wrap(line, 30)
    assert all(width_of(piece) <= 30 for piece in lines) and len(lines) == 3
    assert "".join(piece.strip() for piece in lines) == line
    assert not any(piece.strip().startswith(("，", "。")) for piece in lines)


def test_a_word_wider_than_the_line_is_cut_alone():
    assert [len(piece.strip()) for piece in wrap("x" * 50, 20)] == [20, 18, 12]


def test_fit_keeps_whole_words():
    assert fit("Fix this: an action dated after today", 22) == "Fix this: an action…"
    assert fit("short", 22) == "short"


def test_pages_keep_a_wrapped_line_and_a_heading_with_what_follows():
    blocks = [["Heading"], ["  1. one", "    more"], ["  2. two", "    more"], ["Next heading"], ["  1. x"]]
    pages = paginate(blocks, 5)
    assert pages == [["Heading", "  1. one", "    more", "  2. two", "    more"], ["Next heading", "  1. x"]]
    assert paginate([["a"], [""], ["b"]], 1) == [["a"], ["b"]]  # no page starts blank
    assert paginate([], 10) == [[]]


def test_a_finding_stays_whole_on_a_page_with_the_headings_above_it():
    lines = [
        "intro",
        "A strict reviewer would say:",
        "  Actions",
        "    error [rule] where",
        "      message",
        "      Fix",
    ]
    found = blocks(lines, 80, join_deeper_than=4)
    assert found[-1] == ["    error [rule] where", "      message", "      Fix"]
    # The note, the section's name and the finding need five lines: on a page of five they start it.
    assert paginate(found, 5) == [["intro"], lines[1:]]


def test_an_unknown_terminal_size_is_taken_as_24_by_80():
    assert sane_size(0, 0) == (24, 80)
    assert sane_size(50, 120) == (50, 120)


@pytest.fixture
def iv() -> Interview:
    return Interview(data=copy.deepcopy(example_data("inauthentic")), lang="en", today=TODAY)


def test_a_findings_path_names_an_item_field():
    assert parse_path("plans.inauthentic.corrective_actions.0.date") == FieldRef(
        "inauthentic", "corrective_actions", 0, "date"
    )
    assert parse_path("plans.inauthentic.root_causes.2") == FieldRef("inauthentic", "root_causes", 2, "text")
    assert parse_path("plans.inauthentic.evidence.1.name").key == "text"
    assert parse_path("seller.signer_name") is None
    assert parse_path("") is None


def test_each_section_has_its_fields(iv):
    causes = iv.items("inauthentic", "root_causes")
    iv.set_items("inauthentic", "root_causes", ["Our buyer ordered from an unapproved source.", *causes[1:]])
    assert field_keys(iv, "inauthentic", "root_causes", 0) == ["text"]  # a cause written as one line
    assert field_keys(iv, "inauthentic", "corrective_actions", 0) == ["text", "date", "asins", "addresses", "evidence"]
    assert field_keys(iv, "inauthentic", "preventive_measures", 0) == ["text", "owner", "frequency", "addresses"]
    invoice = field_keys(iv, "inauthentic", "evidence", 1)
    assert invoice[:4] == ["text", "date", "asins", "file"]
    assert "invoice.supplier.name" in invoice and "invoice.lines.1.quantity" in invoice
    assert not any(k.startswith("invoice") for k in field_keys(iv, "inauthentic", "evidence", 0))
    assert field_keys(iv, "inauthentic", "corrective_actions", 99) == []
    assert editable(iv, FieldRef("inauthentic", "evidence", 1, "invoice.supplier.phone"))
    assert not editable(iv, FieldRef("inauthentic", "evidence", 0, "invoice.number"))


def test_fields_are_stored_where_the_case_file_keeps_them(iv):
    line = FieldRef("inauthentic", "evidence", 1, "invoice.lines.0.quantity")
    store_value(iv, line, 250)
    assert iv.items("inauthentic", "evidence")[1]["invoice"]["lines"][0]["quantity"] == 250
    date = FieldRef("inauthentic", "evidence", 1, "date")
    store_value(iv, date, dt.date(2026, 4, 9))
    document = iv.items("inauthentic", "evidence")[1]
    assert document["date"] == document["invoice"]["date"] == "2026-04-09"
    cause = FieldRef("inauthentic", "root_causes", 0, "text")
    store_value(iv, cause, "A new cause.")
    assert value_of(iv, cause) == "A new cause."
    assert shown(iv, FieldRef("inauthentic", "corrective_actions", 1, "evidence")) == "2, 3, 4"


def test_a_fields_question_reads_as_the_wizard_reads(iv):
    question = field_question(iv, FieldRef("inauthentic", "corrective_actions", 0, "date"))
    assert question is not None and question.default == "2026-09-15"
    with pytest.raises(AnswerError, match="in the future"):
        question.read("2026-12-30")
    quantity = field_question(iv, FieldRef("inauthentic", "evidence", 1, "invoice.lines.0.quantity"))
    assert quantity.read("１,２００") == 1200
    with pytest.raises(AnswerError):
        quantity.read("many")
    asins = field_question(iv, FieldRef("inauthentic", "corrective_actions", 0, "asins"))
    with pytest.raises(AnswerError):
        asins.read("B0CX1Y2Z3A")
    assert field_question(iv, FieldRef("inauthentic", "corrective_actions", 0, "text")) is None


def test_a_root_cause_written_with_a_title_and_a_count_has_those_fields_too():
    iv = Interview(data=copy.deepcopy(example_data("condition")), lang="en", today=TODAY)
    reason = iv.reasons()[0]
    assert field_keys(iv, reason, "root_causes", 0) == ["text", "title", "count"]
    count = field_question(iv, FieldRef(reason, "root_causes", 0, "count"))
    assert count.default == "15" and count.read("") is None and count.read("16") == 16
    with pytest.raises(AnswerError):
        count.read("0")
    count.store(16)
    assert iv.items(reason, "root_causes")[0]["count"] == 16


def test_an_actions_date_is_its_own_when_the_flow_asks_one_for_all(iv):
    iv.flags["same_date"] = {"inauthentic": "same"}  # the seller said all actions share one date
    assert not any(q.id == "plans.inauthentic.corrective_actions.1.date" for q in iv.questions())
    question = field_question(iv, FieldRef("inauthentic", "corrective_actions", 1, "date"))
    assert question.default == "2026-09-16"
    with pytest.raises(AnswerError):
        question.read("2026-12-30")
    question.store(question.read("2026-09-17"))
    assert iv.items("inauthentic", "corrective_actions")[1]["date"] == "2026-09-17"
