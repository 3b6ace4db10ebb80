"""The interview without a terminal: answer parsing, the flow of questions, back, drafts."""

from __future__ import annotations

import datetime as dt

import pytest
from helpers import example_data, write_yaml

from poa.interview import answers
from poa.interview.answers import AnswerError
from poa.interview.draft_file import load_draft, save_draft
from poa.interview.flow import Interview, build_case
from poa.languages import default_language

TODAY = dt.date(2026, 11, 26)


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("2.13%", {"rate_percent": 2.13}),
        ("2.13", {"rate_percent": 2.13}),
        ("2,13 %", {"rate_percent": 2.13}),
        ("35/1642", {"defects": 35, "orders": 1642}),
        ("35 / 1,642", {"defects": 35, "orders": 1642}),
        ("35 of 1642", {"defects": 35, "orders": 1642}),
        ("0/10", {"defects": 0, "orders": 10}),
    ],
)
def test_metric_answers(typed, value):
    assert answers.parse_metric(typed, "en") == value


@pytest.mark.parametrize("typed", ["", "abc", "101%", "35/0", "35/", "2.13.4"])
def test_metric_answers_refused(typed):
    with pytest.raises(AnswerError, match="percentage such as 2.13%"):
        answers.parse_metric(typed, "en")


def test_metric_counts_the_wrong_way_round():
    with pytest.raises(AnswerError, match=r"first count \(1642\) cannot be larger"):
        answers.parse_metric("1642/35", "en")
    with pytest.raises(AnswerError, match="不能大于"):
        answers.parse_metric("1642/35", "zh")


@pytest.mark.parametrize("typed", ["2026-08-03", "2026/8/3", "2026.08.03", "2026年8月3日", " 2026-8-3 "])
def test_date_answers(typed):
    assert answers.parse_date(typed, "en", today=TODAY) == dt.date(2026, 8, 3)


@pytest.mark.parametrize("typed", ["08/03/2026", "yesterday", "20260803"])
def test_date_answers_refused(typed):
    with pytest.raises(AnswerError, match="YYYY-MM-DD"):
        answers.parse_date(typed, "en", today=TODAY)


def test_a_day_that_does_not_exist_is_named_not_blamed_on_the_format():
    with pytest.raises(AnswerError, match="^There is no such day as 2026-02-30;"):
        answers.parse_date("2026-02-30", "en", today=TODAY)
    with pytest.raises(AnswerError, match="^没有 2026-02-30 这一天"):
        answers.parse_date("2026年2月30日", "zh", today=TODAY)
    with pytest.raises(AnswerError, match="^没有 2026-04-31 这一天"):
        answers.parse_date("２０２６－０４－３１", "zh", today=TODAY)


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("２０２６－０２－１５", dt.date(2026, 2, 15)),
        ("２０２６／２／１５", dt.date(2026, 2, 15)),
        ("２０２６。０２。１５", dt.date(2026, 2, 15)),
        ("２０２６年２月１５日", dt.date(2026, 2, 15)),
    ],
)
def test_full_width_dates_from_a_chinese_input_method(typed, read):
    assert answers.parse_date(typed, "zh", today=TODAY) == read


def test_full_width_numbers_asins_tokens_and_paths_from_a_chinese_input_method(tmp_path):
    assert answers.parse_metric("２．１３％", "zh") == {"rate_percent": 2.13}
    assert answers.parse_metric("２。１３％", "zh") == {"rate_percent": 2.13}
    assert answers.parse_metric("35／1642", "zh") == {"defects": 35, "orders": 1642}
    assert answers.parse_metric("３５／１，６４２", "zh") == {"defects": 35, "orders": 1642}
    assert answers.parse_asins("Ｂ０８ＫＴＺ８２４９，ｂ０７ｐｘｇｑｃ１ｑ、B08KTZ8249", "zh") == [
        "B08KTZ8249",
        "B07PXGQC1Q",
    ]
    assert answers.parse_merchant_token("Ａ２ＥＸＡＭＰＬＥ７ＴＯＫＥＮ", "zh") == "A2EXAMPLE7TOKEN"
    assert (
        answers.parse_output_path(str(tmp_path / "plan。docx"), "zh", suffixes=(".docx",)).path
        == tmp_path / "plan.docx"
    )
    # A name with full-width characters of its own is kept as typed.
    kept = answers.parse_output_path(str(tmp_path / "计划（1）.docx"), "zh", suffixes=(".docx",))
    assert kept.path == tmp_path / "计划（1）.docx"


def test_future_dates_are_refused_in_the_sellers_language():
    with pytest.raises(AnswerError, match="in the future; type the day it was done"):
        answers.parse_date("2026-11-27", "en", today=TODAY)
    with pytest.raises(AnswerError, match="未来"):
        answers.parse_date("2026-11-27", "zh", today=TODAY)
    assert answers.parse_date("2026-11-26", "en", today=TODAY) == TODAY
    assert answers.parse_date("", "en", today=TODAY, optional=True) is None


def test_asins_are_checked_upper_cased_and_kept_once():
    typed = "b08ktz8249, B07PXGQC1Q;B08KTZ8249\n0306406152，B0C4QW7ZJM"
    assert answers.parse_asins(typed, "en") == ["B08KTZ8249", "B07PXGQC1Q", "0306406152", "B0C4QW7ZJM"]
    with pytest.raises(AnswerError, match="'B0BAD' is not an ASIN"):
        answers.parse_asins("B08KTZ8249 B0BAD", "en")
    with pytest.raises(AnswerError, match="'0306406153' is not an ASIN"):
        answers.parse_asins("0306406153", "en")  # wrong ISBN check digit
    with pytest.raises(AnswerError, match="not among the affected ASINs"):
        answers.parse_asins("B07PXGQC1Q", "en", allowed=["B08KTZ8249"])


def test_chinese_is_detected_in_free_text():
    assert answers.has_chinese("我们已经检查了库存")
    assert answers.has_chinese("We checked（全部）")
    assert not answers.has_chinese("We checked every unit — café, naïve, 10%.")


def test_every_message_exists_in_both_languages():
    texts = answers._texts()
    for key, entry in texts.items():
        assert set(entry) == {"en", "zh"}, key
        assert entry["en"].strip() and entry["zh"].strip(), key


def test_default_language_follows_the_locale(monkeypatch):
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    assert default_language() == "en"
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert default_language() == "zh"
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    assert default_language() == "en"


def answer_next(iv: Interview, raw):
    question = iv.next_question()
    assert question is not None
    iv.accept(question, question.read(raw))
    return question


def test_back_unanswers_the_last_question_and_keeps_its_answer():
    iv = Interview(lang="en", lang_fixed=True, today=TODAY)
    answer_next(iv, "Acme Trading Ltd")
    answer_next(iv, "Acme Home")
    assert iv.next_question().id == "seller.merchant_token"
    assert iv.back()
    question = iv.next_question()
    assert question.id == "seller.store_name"
    assert question.default == "Acme Home"
    assert iv.back()
    assert iv.next_question().id == "seller.legal_name"
    assert not Interview(lang="en", lang_fixed=True).back()


def test_choosing_a_reason_brings_its_questions():
    iv = Interview(lang="en", lang_fixed=True, today=TODAY)
    iv.data = {"reasons": ["late_shipment_rate", "inauthentic"]}
    ids = [q.id for q in iv.questions()]
    assert "metrics.late_shipment_rate" in ids
    assert "metrics.inauthentic" not in ids
    assert ids.index("plans.late_shipment_rate.root_causes") < ids.index("plans.inauthentic.root_causes")
    assert ids[-2:] == ["review", "output"]


def test_a_complete_case_is_all_given_but_review_and_output():
    iv = Interview(data=example_data("inauthentic"), lang="en", lang_fixed=True, today=TODAY)
    iv.mark_given()
    assert iv.next_question().id == "review"
    case, problem = build_case(iv)
    assert problem is None and case.reasons == ["inauthentic"]


def test_a_dropped_reason_keeps_its_answers_but_leaves_the_case():
    iv = Interview(data=example_data("late_shipment_rate"), lang="en", lang_fixed=True, today=TODAY)
    iv.data["reasons"] = ["late_shipment_rate"]
    case, problem = build_case(iv)
    assert problem is None
    assert list(case.plans) == ["late_shipment_rate"] and list(case.metrics) == ["late_shipment_rate"]
    assert "cancellation_rate" in iv.data["plans"]  # still in the draft, should the seller tick it again


def test_draft_round_trip(tmp_path):
    iv = Interview(data=example_data("ip_trademark"), lang="zh", lang_fixed=False, today=TODAY)
    iv.done = ["lang", "seller.legal_name"]
    iv.flags = {"kind": "policy", "own": ["plans.ip_trademark.root_causes"]}
    iv.pending = {"question": "seller.store_name", "text": "半个"}
    path = tmp_path / "d.yaml"
    save_draft(iv, path)
    assert path.read_text(encoding="utf-8").startswith("# An unfinished plan of action. Continue it with: poa new")
    loaded, saved = load_draft(path, today=TODAY)
    assert loaded.data["seller"] == iv.data["seller"]
    assert (loaded.lang, loaded.done, loaded.flags, loaded.pending) == ("zh", iv.done, iv.flags, iv.pending)
    assert not loaded.lang_fixed  # the language was asked: it can be asked again
    assert saved.startswith("20")


def test_case_files_and_other_files_are_not_drafts(tmp_path):
    from poa.errors import PoaError

    case = write_yaml(tmp_path / "case.yaml", example_data("inauthentic"))
    with pytest.raises(PoaError, match="is not a poa draft"):
        load_draft(case, today=TODAY)
    (tmp_path / "bad.yaml").write_text("poa_draft: {version: 9}\ncase: {}\n")
    with pytest.raises(PoaError, match="draft version '9' is not supported"):
        load_draft(tmp_path / "bad.yaml", today=TODAY)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("a\x00.yaml", "control characters"),
        ("x.txt", "End the file name with .yaml"),
        ("/nonexistent-folder/x.yaml", "does not exist"),
        ("a" * 300 + ".yaml", "cannot be used"),
        ("", "cannot be empty"),
    ],
)
def test_output_paths_refused_at_the_prompt(typed, message):
    with pytest.raises(AnswerError, match=message):
        answers.parse_output_path(typed, "en", suffixes=(".yaml", ".yml"))


def test_output_path_that_exists(tmp_path):
    (tmp_path / "case.yaml").write_text("x")
    answer = answers.parse_output_path(str(tmp_path / "case.yaml"), "en", suffixes=(".yaml",))
    assert answer.exists and answer.path == tmp_path / "case.yaml"
    with pytest.raises(AnswerError, match="is a folder"):
        answers.parse_output_path(str(tmp_path), "en", suffixes=(".yaml",))


def test_default_language_reads_the_windows_locale_name(monkeypatch):
    """Windows sets no LANG: its locale name decides."""
    import locale

    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(locale, "getlocale", lambda *args: ("Chinese (Simplified)_China", "936"))
    assert default_language() == "zh"
    monkeypatch.setattr(locale, "getlocale", lambda *args: ("English_United States", "1252"))
    assert default_language() == "en"


# --- the chain: which root causes each action and measure answers -----------------------------------


def interview_at_the_plan(marketplace: str = "amazon.com") -> Interview:
    """An interview with the seller, reason and metric given: the next questions are the plan's."""
    data = example_data("order_defect_rate")
    data["marketplace"] = marketplace
    data.pop("plans")
    data["previous_appeals"] = []
    iv = Interview(data=data, lang="en", lang_fixed=True, today=TODAY)
    iv.flags["kind"] = "performance"
    iv.mark_given()
    return iv


def answer(iv: Interview, qid: str, raw):
    question = iv.next_question()
    assert question.id == qid, question.id
    iv.accept(question, question.read(raw))
    return question


def test_a_suggestion_comes_linked_as_the_catalogue_links_it_and_anything_else_is_asked():
    from poa.case.catalog import load_catalog

    reason = load_catalog()["order_defect_rate"]
    iv = interview_at_the_plan()
    causes = answer(iv, "plans.order_defect_rate.root_causes", [reason.root_causes[0].en, reason.root_causes[4].en])
    assert causes.kind == "checkbox"
    # The third suggested action answers the catalogue's root cause 1 (the case's first); one that answers
    # neither ticked cause has nothing to take from the catalogue.
    assert reason.corrective_actions[2].causes == (1,)
    unlinked = next(a for a in reason.corrective_actions if not set(a.causes) & {1, 5})
    picked = answer(iv, "plans.order_defect_rate.corrective_actions", [reason.corrective_actions[2].en, unlinked.en])
    assert picked.notes([])[0].endswith("→ root cause 1")  # said under the answer
    answer(iv, "plans.order_defect_rate.corrective_actions.dates", "same")
    answer(iv, "plans.order_defect_rate.corrective_actions.date", "2026-08-10")
    link = iv.next_question()
    assert link.id == "plans.order_defect_rate.corrective_actions.1.addresses"  # the first is not asked
    assert link.kind == "checkbox" and link.message.startswith("Which root causes did it fix?")
    assert link.default == []
    assert [value for value, _ in link.choices] == ["1", "2"]
    assert link.choices[1][1].startswith("2. No one on our team")
    with pytest.raises(AnswerError, match="at least one root cause"):
        link.read([])
    iv.accept(link, link.read(["1", "2"]))  # the seller links it to both
    answer(iv, "plans.order_defect_rate.preventive_measures", [reason.preventive_measures[1].en])
    plan = iv.case_data()["plans"]["order_defect_rate"]
    assert [a["addresses"] for a in plan["corrective_actions"]] == [[1], [1, 2]]
    assert plan["preventive_measures"][0]["addresses"] == [2]  # the catalogue's cause 5, the case's second
    # A cause added between them renumbers them: the suggestions are linked afresh as the catalogue
    # links them (its cause 5 is now the case's third), the seller's own link is asked again.
    three = [reason.root_causes[0].en, reason.root_causes[1].en, reason.root_causes[4].en]
    iv.accept(causes, causes.read(three))
    iv.mark_given()
    plan = iv.case_data()["plans"]["order_defect_rate"]
    assert [a.get("addresses") for a in plan["corrective_actions"]] == [[1], None]
    assert plan["preventive_measures"][0]["addresses"] == [3]
    assert iv.next_question().id == "plans.order_defect_rate.corrective_actions.1.addresses"


def test_one_root_cause_needs_no_link_question():
    from poa.case.catalog import load_catalog

    reason = load_catalog()["order_defect_rate"]
    iv = interview_at_the_plan()
    answer(iv, "plans.order_defect_rate.root_causes", [reason.root_causes[0].en])
    answer(iv, "plans.order_defect_rate.corrective_actions", [reason.corrective_actions[0].en])
    answer(iv, "plans.order_defect_rate.corrective_actions.0.date", "2026-08-10")
    assert iv.next_question().id == "plans.order_defect_rate.preventive_measures"
    assert iv.case_data()["plans"]["order_defect_rate"]["corrective_actions"][0]["addresses"] == [1]


def test_changing_the_root_causes_asks_the_links_again():
    from poa.interview.plan_questions import causes_changed

    iv = Interview(data=example_data("order_defect_rate"), lang="en", lang_fixed=True, today=TODAY)
    iv.mark_given()
    assert iv.next_question().id == "review"
    causes_changed(iv, "order_defect_rate")
    assert iv.next_question().id == "plans.order_defect_rate.corrective_actions.0.addresses"
    assert "addresses" not in iv.items("order_defect_rate", "corrective_actions")[0]


def test_suggestions_ticked_for_a_british_marketplace_are_spelt_the_british_way():
    iv = Interview(data={"marketplace": "amazon.co.uk", "reasons": ["cancellation_rate"]}, lang="en", lang_fixed=True)
    pick = next(q for q in iv.questions() if q.id == "plans.cancellation_rate.root_causes")
    assert "Our quantities in Seller Central were not synchronised with our warehouse stock" in pick.choices[0][0]
    us = Interview(data={"marketplace": "amazon.com", "reasons": ["cancellation_rate"]}, lang="en", lang_fixed=True)
    pick = next(q for q in us.questions() if q.id == "plans.cancellation_rate.root_causes")
    assert "synchronized" in pick.choices[0][0]
