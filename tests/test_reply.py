"""The reply reader (poa/readers/reply.py): Amazon's answers to an appeal, as Amazon and sellers save them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from poa import commands
from poa.case.history import plan_texts
from poa.case.model import ASK_IDS, REPLY_KINDS
from poa.errors import PoaError
from poa.readers import mail, reply_report
from poa.readers.case_file import load_case
from poa.readers.reply import decode_reply, load_reply_rules, read_reply, reply_text

FIXTURES = Path(__file__).parent / "fixtures" / "replies"
EXPECTED = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))
TRAPS = sorted(name for name in EXPECTED if name.startswith("trap_"))


def _case_for(ref: str):
    if ref.startswith("example:"):
        return load_case(Path(commands.EXAMPLES_DIR) / f"{ref.removeprefix('example:')}.yaml")
    return load_case(FIXTURES / ref)


def _read_fixture(name: str):
    expected = EXPECTED[name]
    options = {}
    if "case" in expected:
        case = _case_for(expected["case"])
        options = {"sent_texts": plan_texts(case), "expected_asins": tuple(case.affected_asins)}
    return read_reply(reply_text(FIXTURES / name), **options)


def read(text: str, **options):
    return read_reply(text, **options)


# ---------------------------------------------------------------- the fixtures, each with its expected reading


def test_every_fixture_has_its_expected_reading():
    files = {p.name for p in FIXTURES.iterdir() if p.is_file() and p.name != "expected.json"}
    assert files == set(EXPECTED)
    assert len(files) >= 30


def test_the_fixtures_cover_every_kind_both_languages_and_the_traps():
    assert {entry["kind"] for entry in EXPECTED.values()} == set(REPLY_KINDS)
    chinese = [name for name in EXPECTED if "zh" in name]
    assert {EXPECTED[name]["kind"] for name in chinese} >= {"reinstated", "partial", "more_information", "final"}
    asked = {ask for entry in EXPECTED.values() for ask in entry["asks"]}
    assert asked == set(ASK_IDS)
    # The traps the issue names: quoting the plan, a partial reinstatement with ASINs, the notice again.
    assert any(EXPECTED[t].get("case") for t in TRAPS)
    assert any(EXPECTED[n]["kind"] == "partial" and EXPECTED[n]["reinstated_asins"] for n in EXPECTED)
    assert any(EXPECTED[t]["repeats_notice"] for t in TRAPS)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture(name):
    expected = EXPECTED[name]
    reading = _read_fixture(name)
    assert reading.kind == expected["kind"]
    assert reading.ask_ids == expected["asks"]
    assert reading.asins == expected["asins"]
    assert reading.reinstated_asins == expected["reinstated_asins"]
    asked = [a.asins for a in reading.asks if a.ask == "asins"]
    assert (asked[0] if asked else None) == expected.get("asked_asins")
    assert (reading.deadline.isoformat() if reading.deadline else None) == expected.get("deadline")
    assert (reading.date.isoformat() if reading.date else None) == expected.get("date")
    assert reading.repeats_notice == expected["repeats_notice"]
    assert reading.pending == expected["pending"]


@pytest.mark.parametrize("name", TRAPS)
def test_no_trap_reads_as_success(name):
    reading = _read_fixture(name)
    assert not reading.success
    assert reading.kind not in ("reinstated", "partial")


# ---------------------------------------------------------------- why the traps hold: without the rule, they fail


def test_the_quoted_plan_is_what_would_read_as_reinstated():
    text = reply_text(FIXTURES / "trap_quotes_plan.txt")
    unquoted = text.replace('In your appeal, you wrote: "', "").replace('"', "")
    assert read(unquoted).kind in ("reinstated", "partial")  # the seller's words, taken as Amazon's
    assert read(text).kind == "more_information"


def test_the_quoted_history_is_what_would_read_as_reinstated():
    text = reply_text(FIXTURES / "trap_quoted_history.eml")  # unpacked by the front door
    unquoted = "\n".join(line.lstrip("> ") for line in text.split("\n") if "wrote:" not in line)
    assert read(unquoted).kind in ("reinstated", "partial")
    assert read(text).kind == "more_information"


def test_a_plan_quoted_without_marks_is_set_aside_with_the_case():
    name = "trap_quotes_plan_unmarked.txt"
    alone = read(reply_text(FIXTURES / name))
    assert alone.kind == "partial"  # "is now active again", read as Amazon's words: still no success
    with_case = _read_fixture(name)
    assert with_case.kind == "more_information"
    assert ("set_aside", {"count": "1"}) in with_case.notes


def test_negation_and_condition_turn_a_reinstatement_around():
    assert read("Your account has been reinstated.").kind == "reinstated"
    assert read("Your account has not been reinstated.").kind != "reinstated"
    assert read("We cannot confirm that your account has been reinstated.").kind != "reinstated"
    assert read("Once your account has been reactivated, you will receive an e-mail.").kind == "unclear"
    assert read("After reviewing your appeal, we have reinstated your account.").kind == "reinstated"


def test_a_final_phrase_with_a_way_out_is_a_rejection():
    assert read("Your account will not be reinstated.").kind == "final"
    until = read("Your account will not be reinstated until you provide invoices for ASIN B07PXGQC1Q.")
    assert until.kind == "documents"
    conditional = read("If you do not reply, we will not respond to further appeals.")
    assert conditional.kind != "final"


def test_a_reply_that_only_repeats_the_notice():
    reading = _read_fixture("trap_repeated_notice.txt")
    assert reading.repeats_notice and not reading.success
    step = reply_report.next_step(reading, "en")
    assert "original notice again" in step and "not accepted" in step
    # The same notice with the words of a reply to an appeal is a reply, not the notice again.
    replied = "Thank you for your appeal.\n" + reply_text(FIXTURES / "trap_repeated_notice.txt")
    assert not read(replied).repeats_notice


def test_partial_reinstatement_against_the_case_asins():
    reading = read("We have reinstated ASIN B08KTZ8249.", expected_asins=("B08KTZ8249", "B07PXGQC1Q"))
    assert reading.kind == "partial"
    assert [a.asins for a in reading.asks if a.ask == "asins"] == [["B07PXGQC1Q"]]
    # An account-level reinstatement covers every ASIN, named or not.
    whole = read(
        "Your account has been reinstated. We have reinstated ASIN B08KTZ8249.",
        expected_asins=("B08KTZ8249", "B07PXGQC1Q"),
    )
    assert whole.kind == "reinstated"


def test_asks_count_only_where_the_reply_asks():
    reading = read("Your account has been reinstated. Please continue to prevent late shipments in the future.")
    assert reading.kind == "reinstated" and reading.asks == []
    mention = read("We are unable to reinstate your account. Root cause analysis is part of every appeal we review.")
    assert mention.ask_ids == []
    asked = read("We are unable to reinstate your account. Please explain the root cause.")
    assert asked.ask_ids == ["root_cause"]


def test_said_keeps_amazons_own_words():
    reading = _read_fixture("en_other_ask.txt")
    other = [a for a in reading.asks if a.ask == "other"]
    assert other and "relationship between your account" in other[0].said


# ---------------------------------------------------------------- dates and deadlines


def test_the_reply_date_given_counts_the_deadline():
    text = "We need more information about your preventive measures. Please respond within 10 days."
    assert read(text).deadline is None  # no date to count from
    reading = read(text, received=dt.date(2026, 9, 1))
    assert reading.date == dt.date(2026, 9, 1)
    assert reading.deadline == dt.date(2026, 9, 11)
    assert reading.deadline_counted_from == dt.date(2026, 9, 1)


def test_a_stated_deadline_is_kept_as_stated():
    reading = read("Date: 2026-09-01\nPlease provide invoices by September 20, 2026.")
    assert reading.deadline == dt.date(2026, 9, 20)
    assert reading.deadline_counted_from is None
    assert reply_report.deadline_basis(reading, "en") == "stated in the reply"
    assert reply_report.deadline_basis(reading, "zh") == "回复中写明"


def test_the_email_date_header_is_the_reply_date():
    reading = _read_fixture("en_reinstated_email.eml")
    assert reading.date == dt.date(2026, 8, 24)
    assert reading.subject == "Your Amazon.com selling account"


def test_a_day_first_date_follows_the_marketplace():
    text = "Date: 02/09/2026\nWe are unable to reinstate your account. Please explain the root cause."
    assert read(text, marketplace="amazon.de").date == dt.date(2026, 9, 2)
    assert read(text, marketplace="amazon.com").date == dt.date(2026, 2, 9)


# ---------------------------------------------------------------- what the seller is told


@pytest.mark.parametrize("kind_file", ["en_final.txt", "zh_final.txt"])
def test_after_a_final_decision_the_options_come_with_sources(kind_file):
    reading = _read_fixture(kind_file)
    for lang in ("en", "zh"):
        text = reply_report.describe(reading, lang)
        options = reply_report.final_options(lang)
        assert len(options) >= 2
        for option, source in options:
            assert option in text and source in text
    assert "likely go unanswered" in reply_report.next_step(reading, "en")
    assert "60 days" in reply_report.describe(reading, "en")  # the funds window, from the domain notes


def test_the_funds_reminder_while_the_account_stays_deactivated():
    rejected = _read_fixture("en_more_info_root_cause.txt")
    reminder = reply_report.funds_reminder(rejected.kind, "en", dt.date(2026, 8, 3))
    assert reminder is not None and "2026-10-02" in reminder  # 60 days after the notice of August 3
    assert reply_report.funds_reminder("reinstated", "en") is None
    assert reply_report.funds_reminder("partial", "en") is None
    assert load_reply_rules().funds.days_after_deactivation == 60


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_chinese_summary_is_chinese(name):
    reading = _read_fixture(name)
    text = reply_report.describe(reading, "zh")
    assert "从亚马逊的回复中读到" in text and "下一步" in text
    assert reading.kind not in text.split("\n")[1]  # the kind's id is for --json, not for the screen
    # Amazon's own words are quoted as they are; everything else is Chinese.
    ours = "\n".join(line for line in text.split("\n") if line[4:] not in {a.said for a in reading.asks})
    for english in ("Next step", "Reminder", "Asks for", "the root cause", "invoices", "quoted passage", "source"):
        assert english not in ours


def test_next_steps_name_what_was_asked_in_either_language():
    reading = _read_fixture("en_documents_invoices.txt")
    assert "invoices" in reply_report.next_step(reading, "en")
    assert "发票" in reply_report.next_step(reading, "zh")
    assert "2026-10-19" in reply_report.next_step(reading, "en")  # the deadline the reply gives


def test_json_has_the_fields_programs_need():
    data = reply_report.reading_json(_read_fixture("en_partial_asins.txt"))
    for key in ("kind", "asks", "asins", "deadline", "next_step", "reinstated_asins", "ask_details", "success"):
        assert key in data
    assert data["kind"] == "partial" and data["success"] is False
    assert data["asks"] == ["root_cause", "preventive_measures", "asins"]
    json.dumps(data)


# ---------------------------------------------------------------- input


def test_saved_emails_are_read_through_the_front_door():
    assert mail.looks_like_eml((FIXTURES / "en_verification_email.eml").read_bytes())
    body = reply_text(FIXTURES / "en_verification_email.eml")  # HTML in base64, made text
    assert "video call" in body and "<p>" not in body
    raw = (FIXTURES / "trap_quoted_history.eml").read_text(encoding="utf-8")
    assert read(raw).kind == "more_information" and read(raw).date == dt.date(2026, 8, 20)


def test_a_pasted_header_block_gives_the_date_and_subject():
    pasted = "From: Amazon <seller-performance@amazon.com>\nSent: Wed, 02 Sep 2026 10:05:00 +0000\n"
    pasted += "Subject: Your appeal\n\nWe are unable to reinstate your account. Please explain the root cause."
    reading = read(pasted)
    assert reading.date == dt.date(2026, 9, 2) and reading.subject == "Your appeal"


def test_empty_and_binary_replies_are_refused():
    with pytest.raises(PoaError, match="empty"):
        read("   \n ")
    with pytest.raises(PoaError, match="PDF"):
        decode_reply(b"%PDF-1.7 ...")
    assert decode_reply("回复".encode("utf-16")) == "回复"


def test_the_rules_file_is_checked_when_loaded(tmp_path):
    broken = tmp_path / "replies.yaml"
    broken.write_text("kinds: {}\n", encoding="utf-8")
    with pytest.raises(PoaError, match="damaged"):
        load_reply_rules.__wrapped__(broken)


def test_reading_is_bounded_on_long_input():
    text = ("We are unable to reinstate your account. Please explain the root cause. " * 20_000)[:1_900_000]
    reading = read(text)
    assert reading.kind == "more_information"
