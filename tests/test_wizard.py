"""`poa new` driven in this process through prompt_toolkit's pipe input: every path of the issue."""

from __future__ import annotations

import pytest
import yaml
from helpers import example_data, write_yaml
from wizard_driver import (
    BACK,
    BOTH,
    CTRL_C,
    DOWN,
    ENTER,
    PERFORMANCE,
    POLICY,
    SPACE,
    UP,
    choose,
    docx_text,
    drive,
    odr_keys,
    pick,
    seller_keys,
    typed,
)

from poa.case.catalog import load_catalog

pytestmark = pytest.mark.timeout(60)


def test_performance_path_writes_the_case_and_the_plan(folder):
    run = drive(folder, odr_keys(), lang="en")
    assert run.code == 0, run.out
    case = run.case()
    catalog = load_catalog()["order_defect_rate"]
    assert case["reasons"] == ["order_defect_rate"]
    assert case["metrics"]["order_defect_rate"] == {"defects": 35, "orders": 1642}
    plan = case["plans"]["order_defect_rate"]
    assert plan["root_causes"] == [catalog.root_causes[0].en, catalog.root_causes[4].en]
    assert [a["text"] for a in plan["corrective_actions"]] == [s.en for s in catalog.corrective_actions[:2]]
    # The second action's date defaults to the first one's.
    assert [str(a["date"]) for a in plan["corrective_actions"]] == ["2026-08-10", "2026-08-10"]
    # Each ticked suggestion arrives linked as the catalogue links it: root causes 1 and 5 of the
    # catalogue are the case's 1 and 2; both actions and the measure answer the catalogue's cause 5.
    assert catalog.corrective_actions[0].causes == (2, 5) and catalog.corrective_actions[1].causes == (5,)
    assert [a["addresses"] for a in plan["corrective_actions"]] == [[2], [2]]
    measure = catalog.preventive_measures[1]
    assert plan["preventive_measures"] == [
        {"text": measure.en, "owner": measure.owner, "frequency": measure.frequency, "addresses": [2]}
    ]
    assert plan["evidence"][0]["name"] == catalog.evidence[0].en
    # The rate, the target and the orders needed are shown when the counts are entered.
    assert "2.13% against a target of < 1%" in run.out
    assert "1,859 more defect-free orders" in run.out
    assert "Step 4 of 9 · Metrics" in run.out and "Step 9 of 9 · Output" in run.out
    text = docx_text(folder / "plan.docx")
    assert "Acme Trading Ltd" in text
    for cause in plan["root_causes"]:
        assert cause in text
    assert "35" in text and "1,642" in text
    # Finished: the draft is gone, the paths were printed.
    assert not (folder / "poa-draft.yaml").exists()
    assert "Wrote poa-case.yaml." in run.out and "Wrote plan.docx." in run.out


def test_a_complete_single_reason_plan_takes_22_answers_and_no_link_question(folder, monkeypatch):
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    keys = [ENTER, *odr_keys()]  # the language question is asked when the locale is not Chinese
    assert len(keys) == 22
    run = drive(folder, keys, columns=100)
    assert run.code == 0, run.out
    assert "Language of the questions" in run.screen
    # The suggestions came linked as the catalogue links them; the links are said, not asked.
    assert "Which root causes" not in run.screen
    assert run.out.count("→ root cause 2") == 3
    plan = run.case()["plans"]["order_defect_rate"]
    assert [a["addresses"] for a in plan["corrective_actions"]] == [[2], [2]]
    assert plan["preventive_measures"][0]["addresses"] == [2]
    # One answer fewer and nothing is written: each is needed.
    again = folder / "again"
    again.mkdir()
    monkeypatch.chdir(again)
    assert drive(again, keys[:-1]).code == 130 and not (again / "plan.docx").exists()


def test_the_language_question_is_asked_without_lang(folder, monkeypatch):
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    run = drive(folder, [ENTER, *odr_keys()])
    assert run.code == 0, run.out
    assert "Step 1 of 9 · Language" in run.out


def policy_keys(reason_position: int, asins: str, evidence: list[str], *, kind: int = POLICY) -> list[str]:
    return [
        *seller_keys("2026-09-14"),
        choose(kind),
        pick(reason_position),
        ENTER,  # no plan sent before
        typed(asins),
        pick(0),
        pick(0),
        typed("2026-09-20"),
        pick(0),
        *evidence,
        ENTER,
        ENTER,
        ENTER,
    ]


def test_counterfeit_path_with_invoice_dates_and_asins(folder):
    evidence = [
        pick(0, 1),  # supplier invoices, letter of authorization
        typed("2026-03-02"),  # invoice date: required
        typed("B08KTZ8249"),  # covers one ASIN
        ENTER,  # no file for the invoice yet
        ENTER,  # the letter has no date
        ENTER,  # covers every affected ASIN
    ]
    run = drive(folder, policy_keys(0, "b08ktz8249, B07PXGQC1Q B08KTZ8249", evidence), lang="en")
    assert run.code == 0, run.out
    case = run.case()
    assert case["reasons"] == ["inauthentic"]
    # Upper-cased and de-duplicated.
    assert case["affected_asins"] == ["B08KTZ8249", "B07PXGQC1Q"]
    invoice, letter = case["plans"]["inauthentic"]["evidence"]
    assert invoice["kind"] == "supplier_invoice" and str(invoice["date"]) == "2026-03-02"
    assert invoice["asins"] == ["B08KTZ8249"]
    assert letter["kind"] == "letter_of_authorization" and letter.get("date") is None
    assert letter["asins"] == ["B08KTZ8249", "B07PXGQC1Q"]
    text = docx_text(folder / "plan.docx")
    assert "B07PXGQC1Q" in text and "Supplier invoices" in text


def test_ip_infringement_path(folder):
    # The letter and the retraction: each date is optional; the one ASIN is covered without asking.
    evidence = [pick(0, 2), ENTER, ENTER]
    run = drive(folder, policy_keys(1, "B09ZQ4H2N7", evidence), lang="en")
    assert run.code == 0, run.out
    case = run.case()
    assert case["reasons"] == ["ip_trademark"]
    kinds = [item["kind"] for item in case["plans"]["ip_trademark"]["evidence"]]
    assert kinds == ["letter_of_authorization", "retraction"]
    assert load_catalog()["ip_trademark"].root_causes[0].en in docx_text(folder / "plan.docx")


def test_fake_orders_path(folder):
    evidence = [pick(0, 1)]  # two documents of no date, covering the one ASIN: nothing more is asked
    run = drive(folder, policy_keys(4, "B0C4QW7ZJM", evidence), lang="en")
    assert run.code == 0, run.out
    case = run.case()
    assert case["reasons"] == ["review_manipulation"]
    documents = case["plans"]["review_manipulation"]["evidence"]
    assert [e.get("date") for e in documents] == [None, None]
    assert [e["asins"] for e in documents] == [["B0C4QW7ZJM"], ["B0C4QW7ZJM"]]
    assert "Date of the document" not in run.out and "ASINs it covers" not in run.out
    assert "review" in docx_text(folder / "plan.docx").lower()


def test_mixed_performance_and_policy_case(folder):
    keys = [
        *seller_keys(),
        choose(BOTH),
        pick(0, 6),  # order_defect_rate (performance) and inauthentic (first policy reason)
        ENTER,
        typed("2.13%"),
        typed("B08KTZ8249"),
        # order_defect_rate
        pick(0),
        pick(0),
        typed("2026-08-10"),
        pick(0),
        # inauthentic
        pick(1),
        pick(2),
        typed("2026-08-11"),
        pick(0),
        # evidence: order_defect_rate, then inauthentic (an invoice: date, ASINs, no file)
        pick(0),
        ENTER,
        ENTER,
        pick(0),
        typed("2026-05-01"),
        ENTER,
        ENTER,
        ENTER,
        ENTER,
        ENTER,
    ]
    run = drive(folder, keys, lang="en")
    assert run.code == 0, run.out
    case = run.case()
    assert case["reasons"] == ["order_defect_rate", "inauthentic"]
    assert case["metrics"] == {"order_defect_rate": {"rate_percent": 2.13}}
    assert set(case["plans"]) == {"order_defect_rate", "inauthentic"}
    # Only a rate: the wizard asks for counts to say how many orders are needed.
    assert "Give the counts" in run.out
    text = docx_text(folder / "plan.docx")
    assert "Order Defect Rate" in text and "B08KTZ8249" in text
    assert load_catalog()["inauthentic"].root_causes[1].en in text


def test_editing_a_section_from_the_review_screen(folder):
    catalog = load_catalog()["order_defect_rate"]
    keys = odr_keys()[:-3]  # up to the review
    # Review menu: confirm, change a section; its sections: seller, reasons, metrics, asins, then
    # the root causes of order_defect_rate.
    keys += [
        choose(1),
        choose(4),
        choose(1),  # change an item
        ENTER,  # the first root cause
        ENTER,  # its wording (a root cause has nothing else)
        typed("Our listings did not state the exact size of the rugs."),
        ENTER,  # done with this item
        choose(2),  # remove items
        pick(1),  # the second root cause
        choose(3),  # back to the review
        ENTER,  # confirm
        ENTER,
        ENTER,
    ]
    run = drive(folder, keys, lang="en")
    assert run.code == 0, run.out
    causes = run.case()["plans"]["order_defect_rate"]["root_causes"]
    assert causes == ["Our listings did not state the exact size of the rugs."]
    assert catalog.root_causes[4].en not in docx_text(folder / "plan.docx")


def test_adding_an_action_from_the_review_asks_its_date(folder):
    keys = odr_keys()[:-3]
    keys += [
        choose(1),  # change a section
        choose(5),  # corrective actions of order_defect_rate
        choose(0),  # add: the pick list again, with the current actions ticked
        DOWN * 2 + SPACE + ENTER,  # tick the third suggestion as well
        choose(1),  # the actions were done on different dates: only the new one's is asked
        typed("2026-08-15"),  # the new action's date; linked as the catalogue links it (the case's cause 1)
        ENTER,  # review: confirm
        ENTER,  # poa-case.yaml
        ENTER,  # plan.docx
    ]
    run = drive(folder, keys, lang="en")
    assert run.code == 0, run.out
    assert "→ root cause 1" in run.out  # the link said, not asked
    actions = run.case()["plans"]["order_defect_rate"]["corrective_actions"]
    assert [str(a["date"]) for a in actions] == ["2026-08-10", "2026-08-10", "2026-08-15"]
    assert [a["addresses"] for a in actions] == [[2], [2], [1]]


def test_back_key_returns_to_the_previous_question_with_its_answer(folder):
    keys = [
        typed("Acme Trading Ltd"),
        typed("Acme Home"),
        BACK,  # at the merchant token: back to the store name, shown with "Acme Home"
        BACK,  # back again, to the business name
        typed("Acme Trading Limited"),
        ENTER,  # the store name keeps its answer
        *seller_keys()[2:],
        *odr_keys()[7:],
    ]
    run = drive(folder, keys, lang="en")
    assert run.code == 0, run.out
    seller = run.case()["seller"]
    assert seller["legal_name"] == "Acme Trading Limited"
    assert seller["store_name"] == "Acme Home"


def test_back_from_a_menu_and_from_a_multi_select(folder):
    keys = [
        *seller_keys(),
        choose(POLICY),
        BACK,  # at the policy reasons: back to the menu, the pointer on "policy"
        UP + ENTER,  # performance
        pick(0),
        BACK,  # at the question on earlier plans: back to the reasons, order_defect_rate still ticked
        ENTER,
        *odr_keys()[9:],
    ]
    run = drive(folder, keys, lang="en")
    assert run.code == 0, run.out
    assert run.case()["reasons"] == ["order_defect_rate"]
    assert run.case().get("previous_appeals", []) == []


@pytest.mark.parametrize(
    ("step_keys", "message"),
    [
        ([typed("")], "Type an answer; it cannot be empty."),
        ([typed("Acme"), typed("Acme"), ENTER, ENTER, typed("2027-01-01")], "cannot be dated after today"),
        ([typed("Acme"), typed("Acme"), ENTER, ENTER, typed("3 Aug")], "Type a date as YYYY-MM-DD"),
        ([typed("Acme"), typed("Acme"), typed("abc")], "A merchant token is 8 to 20 letters"),
    ],
)
def test_validation_keeps_the_seller_on_the_question(folder, step_keys, message):
    """A rejected answer is not stored: the prompt stays, and the draft lacks it."""
    run = drive(folder, step_keys, lang="en")
    assert run.code == 130
    draft = run.draft()
    assert (
        draft["poa_draft"]["done"]
        == [
            "seller.legal_name",
            "seller.store_name",
            "seller.merchant_token",
            "marketplace",
        ][: len(step_keys) - 1]
    )
    # The validator's message is what prompt_toolkit shows under the prompt.
    from poa.interview import answers

    with pytest.raises(answers.AnswerError, match=message.split(";")[0][:20]):
        if "date" in message.lower() or "today" in message:
            answers.parse_date(step_keys[-1].strip("\x15\r"), "en", today=TODAY_DATE, notice=True)
        elif "token" in message:
            answers.parse_merchant_token("abc", "en")
        else:
            answers.parse_text("", "en")


TODAY_DATE = __import__("datetime").date(2026, 11, 26)


def test_bad_asin_and_future_action_date_are_rejected_then_corrected(folder):
    keys = [
        *seller_keys(),
        choose(POLICY),
        pick(0),
        ENTER,
        typed("B08KTZ8249, B0BAD"),  # rejected: B0BAD is not an ASIN
        typed("B08KTZ8249"),
        pick(0),
        pick(0),
        typed("2026-12-24"),  # rejected: after today
        typed("2026-09-20"),
        pick(0),
        pick(2),
        ENTER,
        ENTER,
        ENTER,
        ENTER,
        ENTER,
    ]
    run = drive(folder, keys, lang="en")
    assert run.code == 0, run.out
    case = run.case()
    assert case["affected_asins"] == ["B08KTZ8249"]
    assert str(case["plans"]["inauthentic"]["corrective_actions"][0]["date"]) == "2026-09-20"


def test_empty_pick_list_is_refused(folder):
    keys = [*seller_keys(), choose(PERFORMANCE), ENTER]  # nothing ticked
    run = drive(folder, keys, lang="en")
    assert run.code == 130
    assert "reasons" not in run.draft()["poa_draft"]["done"]


def test_ctrl_c_saves_and_resume_finishes(folder):
    first = odr_keys()[:11]
    run = drive(folder, [*first, CTRL_C], lang="en")
    assert run.code == 130
    assert "poa new --resume poa-draft.yaml" in run.out
    draft = run.draft()
    assert draft["case"]["metrics"] == {"order_defect_rate": {"defects": 35, "orders": 1642}}
    assert draft["case"]["seller"]["legal_name"] == "Acme Trading Ltd"
    resumed = drive(folder, odr_keys()[11:], resume=folder / "poa-draft.yaml")
    assert resumed.code == 0, resumed.out
    assert resumed.case()["seller"]["legal_name"] == "Acme Trading Ltd"
    assert (folder / "plan.docx").exists()


def test_text_being_typed_is_kept_when_input_ends(folder):
    run = drive(folder, [typed("Acme Trading Ltd"), "Acme Ho"], lang="en")  # no Enter: the input closes
    assert run.code == 130
    pending = run.draft()["poa_draft"]["pending"]
    assert pending == {"question": "seller.store_name", "text": "Acme Ho"}
    resumed = drive(folder, ["me" + ENTER, *odr_keys()[2:]], resume=folder / "poa-draft.yaml")
    assert resumed.code == 0, resumed.out
    assert resumed.case()["seller"]["store_name"] == "Acme Home"


def test_an_existing_draft_is_offered_for_resume(folder):
    drive(folder, odr_keys()[:5], lang="en")
    run = drive(folder, [ENTER, *odr_keys()[5:]], lang="en")  # "Resume it" is the default
    assert run.code == 0, run.out
    assert run.case()["notice_date"] == "2026-08-03" or str(run.case()["notice_date"]) == "2026-08-03"


def test_starting_afresh_keeps_the_old_draft(folder):
    drive(folder, odr_keys()[:3], lang="en")
    run = drive(folder, [choose(1), CTRL_C], lang="en")
    assert run.code == 130
    backups = [p for p in folder.glob("poa-draft.*.yaml")]
    assert len(backups) == 1
    assert yaml.safe_load(backups[0].read_text())["case"]["seller"]["legal_name"] == "Acme Trading Ltd"
    assert "The previous draft is kept as" in run.out


def test_an_existing_plan_is_not_replaced_without_asking(folder):
    (folder / "poa-case.yaml").write_text("keep me\n")
    keys = [*odr_keys()[:-2], ENTER, ENTER, typed("second.yaml"), ENTER]  # refuse, then a new name
    run = drive(folder, keys, lang="en")
    assert run.code == 0, run.out
    assert (folder / "poa-case.yaml").read_text() == "keep me\n"
    assert run.case("second.yaml")["reasons"] == ["order_defect_rate"]


def test_replacing_an_existing_plan_when_the_seller_agrees(folder):
    (folder / "plan.docx").write_text("old")
    run = drive(folder, [*odr_keys(), "y"], lang="en")
    assert run.code == 0, run.out
    assert "Acme Trading Ltd" in docx_text(folder / "plan.docx")


def test_promise_in_an_action_can_move_to_preventive_measures(folder):
    own_action = len(load_catalog()["order_defect_rate"].corrective_actions)  # "write my own" is last
    keys = [
        *odr_keys()[:12],
        pick(0),
        pick(0, own_action),
        typed("We will check every order before it ships."),
        choose(1),  # move it to preventive measures
        ENTER,  # its present-tense wording, as offered
        typed("We replaced the damaged stock."),
        typed(""),
        ENTER,  # both actions done on the same date
        typed("2026-08-10"),
        # The moved measure is the step's one preventive measure: its owner and frequency come next.
        UP + ENTER,  # its owner: "write my own", last in the list
        typed("Warehouse lead"),
        UP + ENTER,
        typed("Before every shipment"),
        pick(0),  # evidence: a written procedure, no date to ask
        ENTER,
        ENTER,
        ENTER,
    ]
    run = drive(folder, keys, lang="en")
    assert run.code == 0, run.out
    plan = run.case()["plans"]["order_defect_rate"]
    assert [a["text"] for a in plan["corrective_actions"]][-1] == "We replaced the damaged stock."
    assert "We will check every order before it ships." not in [a["text"] for a in plan["corrective_actions"]]
    moved = plan["preventive_measures"][-1]
    assert moved == {
        "text": "We check every order before it ships.",
        "owner": "Warehouse lead",
        "frequency": "Before every shipment",
        "addresses": [1],  # the plan's one root cause: nothing to ask
    }
    assert "Moved to preventive measures" in run.out


def test_an_old_invoice_is_flagged_on_the_spot(folder):
    evidence = [pick(0), typed("2025-01-05"), "n", typed("2026-03-02"), ENTER]
    run = drive(folder, policy_keys(0, "B08KTZ8249", evidence), lang="en")
    assert run.code == 0, run.out
    invoice = run.case()["plans"]["inauthentic"]["evidence"][0]
    assert str(invoice["date"]) == "2026-03-02"


def test_chinese_questions_keep_the_plan_in_english(folder):
    run = drive(folder, odr_keys(), lang="zh")
    assert run.code == 0, run.out
    assert "第 4 步，共 9 步 · 绩效指标" in run.out
    assert "还需 1,859 个无缺陷订单" in run.out
    plan = run.case()["plans"]["order_defect_rate"]
    assert plan["root_causes"][0] == load_catalog()["order_defect_rate"].root_causes[0].en


def test_chinese_free_text_is_flagged_for_an_english_marketplace(folder):
    keys = [typed("深圳市某某贸易有限公司"), ENTER, typed("Shenzhen Acme Trading Co., Ltd."), *odr_keys()[1:]]
    run = drive(folder, keys, lang="zh")
    assert run.code == 0, run.out
    assert run.case()["seller"]["legal_name"] == "Shenzhen Acme Trading Co., Ltd."
    assert "您刚才输入的是：深圳市某某贸易有限公司" in run.out  # shown while the English is typed


def test_answers_file_asks_only_what_is_missing(folder):
    data = example_data("order_defect_rate")
    del data["seller"]["signer_role"]
    write_yaml(folder / "case.yaml", data)
    # Only the signer's role is missing: then the review, and the paths (the case file: replace it).
    run = drive(folder, [typed("Director"), ENTER, ENTER, "y", ENTER], lang="en", answers=folder / "case.yaml")
    assert run.code == 0, run.out
    assert "only what is missing is asked" in run.out
    case = run.case("case.yaml")
    assert case["seller"]["signer_role"] == "Director"
    assert (
        case["plans"] == yaml.safe_load(yaml.safe_dump(data["plans"])) or case["plans"].keys() == data["plans"].keys()
    )
    assert (folder / "plan.docx").exists()


def test_the_review_shows_what_is_still_missing(folder):
    data = example_data("order_defect_rate")
    data["plans"]["order_defect_rate"]["corrective_actions"][0]["date"] = "not a date"
    write_yaml(folder / "case.yaml", data)
    run = drive(folder, [ENTER], lang="en", answers=folder / "case.yaml")
    assert run.code == 130
    assert "To fix before the plan can be written: plans.order_defect_rate.corrective_actions[0].date" in run.out


def test_no_terminal_gives_one_line_and_exit_2(run_cli):
    result = run_cli("new")
    assert result.code == 2
    assert result.err.count("\n") == 1
    assert "needs a terminal" in result.err and "poa render" in result.err


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["new", "--lang", "zh"], "错误：poa new 需要在终端中回答问题"),
        (["new", "--lang", "zh", "--resume", "d.yaml", "--answers", "c.yaml"], "错误：--resume 按原样继续草稿"),
        (["new", "--lang", "zh-Hant", "--resume", "d.yaml", "--draft", "x.yaml"], "錯誤：--resume 按原樣繼續草稿"),
    ],
)
def test_starting_errors_are_said_in_the_sellers_language(run_cli, args, said):
    result = run_cli(*args)
    assert result.code == 2 and result.err.count("\n") == 1
    assert result.err.startswith(said)  # the "error:" word in the seller's language too


def test_start_files_refused_in_chinese(folder):
    from poa.errors import PoaError

    (folder / "poa-draft.yaml").write_text("hello: world\n")
    with pytest.raises(PoaError) as error:
        drive(folder, [], lang="zh")
    assert error.value.text("zh") == "poa-draft.yaml：已存在，但不是 poa 草稿；请用 --draft 路径 另选草稿文件"
    case = folder / "case.yaml"
    case.write_text("- a\n- b\n")
    (folder / "poa-draft.yaml").unlink()
    with pytest.raises(PoaError) as error:
        drive(folder, [], lang="zh", answers=case)
    assert "文件顶层应为字段映射" in error.value.text("zh")


def test_a_file_that_is_not_a_draft_is_refused(folder):
    (folder / "poa-draft.yaml").write_text("hello: world\n")
    from poa.errors import PoaError

    with pytest.raises(PoaError, match="is not a poa draft"):
        drive(folder, [], lang="en")
    assert (folder / "poa-draft.yaml").read_text() == "hello: world\n"


def test_asins_pasted_on_several_lines(folder):
    paste = "\x1b[200~B08KTZ8249\nB07PXGQC1Q\r\nB08KTZ8249\x1b[201~"
    keys = policy_keys(0, "", [pick(2), ENTER])  # a document of no date; it covers every ASIN
    keys[keys.index(typed(""))] = "\x15" + paste + ENTER
    run = drive(folder, keys, lang="en")
    assert run.code == 0, run.out
    assert run.case()["affected_asins"] == ["B08KTZ8249", "B07PXGQC1Q"]


def test_the_review_shows_the_checkers_findings(folder):
    data = example_data("order_defect_rate")
    data["plans"]["order_defect_rate"]["corrective_actions"][0]["text"] = "We will review every listing each week."
    write_yaml(folder / "case.yaml", data)
    run = drive(folder, [ENTER, typed("fixed.yaml"), ENTER], lang="en", answers=folder / "case.yaml")
    assert run.code == 0, run.out
    review = run.out.split("Step 8 of 9")[1].split("Step 9 of 9")[0]
    assert "A strict reviewer would say:" in review
    assert 'A corrective action is written as a promise: "We will"' in review
    assert "1 error" in review


def test_a_clean_case_gets_a_clean_review(folder):
    write_yaml(folder / "case.yaml", example_data("inauthentic"))
    run = drive(folder, [ENTER, typed("out.yaml"), ENTER], lang="zh", answers=folder / "case.yaml")
    assert run.code == 0, run.out
    assert "严格的审核人员不会提出异议。" in run.out


def test_notice_prefills_and_every_part_is_confirmed(folder):
    from helpers import REPO

    notice = REPO / "tests" / "fixtures" / "notices" / "shared" / "inauthentic.txt"
    keys = [
        typed("Acme Trading Ltd"),
        typed("Acme Home"),
        ENTER,
        ENTER,  # marketplace: amazon.com, as the notice says
        ENTER,  # notice date: as read, 2026-09-14
        typed("Li Wei"),
        ENTER,
        ENTER,  # kind: policy, from the reasons read
        ENTER,  # reasons: inauthentic ticked
        ENTER,  # no plan sent before
        ENTER,  # ASINs as read
        pick(0),
        pick(0),
        typed("2026-09-20"),
        pick(0),
        pick(2),
        ENTER,
        ENTER,
        ENTER,
        ENTER,
        ENTER,
    ]
    run = drive(folder, keys, lang="en", notice=notice)
    assert run.code == 0, run.out
    before_questions = run.out.split("Step 2 of 9")[0]
    assert "Read from the notice:" in before_questions and "B07PXGQC1Q" in before_questions
    case = run.case()
    assert str(case["notice_date"]) == "2026-09-14"
    assert case["reasons"] == ["inauthentic"]
    assert case["affected_asins"] == ["B08KTZ8249", "B07PXGQC1Q"]
    assert case["marketplace"] == "amazon.com"
    assert any("invoice" in d.lower() for d in case["notice"]["documents_requested"])


def test_notice_values_can_be_corrected(folder):
    from helpers import REPO

    notice = REPO / "tests" / "fixtures" / "notices" / "shared" / "order_defect_rate.txt"
    keys = [*seller_keys("2026-08-04"), ENTER, ENTER, ENTER, typed("35/1642"), *odr_keys()[11:]]
    run = drive(folder, keys, lang="en", notice=notice)
    assert run.code == 0, run.out
    case = run.case()
    assert str(case["notice_date"]) == "2026-08-04"  # typed over what the notice said
    # The counts typed replace the rate read; the window the notice states is kept.
    assert case["metrics"]["order_defect_rate"] == {"defects": 35, "orders": 1642, "window_days": 60}


@pytest.mark.parametrize(
    ("option", "content", "message"),
    [
        ("answers", None, "no such file"),
        ("answers", b"- a\n- b\n", "expected a mapping of fields"),
        ("notice", b"\x00\x01\x02binary", "binary"),
        ("notice", b"", "empty"),
    ],
)
def test_unusable_start_files_give_one_line(folder, option, content, message):
    from poa.errors import PoaError

    path = folder / ("case.yaml" if option == "answers" else "notice.txt")
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(PoaError, match=message) as error:
        drive(folder, [], lang="en", **{option: path})
    assert "\n" not in str(error.value)
    assert not (folder / "poa-draft.yaml").exists()  # nothing started, nothing left behind


def test_a_rejected_plan_is_recorded_and_a_copy_of_it_is_flagged(folder):
    first = drive(folder, odr_keys(), lang="en")
    assert first.code == 0, first.out
    from poa.plan import outputs
    from poa.readers.case_file import load_case

    sent = folder / "sent.md"
    sent.write_bytes(outputs.render(load_case(folder / "poa-case.yaml"), "md", today=TODAY_DATE))
    keys = odr_keys()
    keys[9:10] = [
        choose(1),  # rejected
        typed("2026-08-20"),
        typed("Your plan did not explain the root cause."),
        typed(str(sent)),
    ]
    keys[-2:] = [typed("second.yaml"), typed("second.docx")]
    run = drive(folder, keys, lang="en")
    assert run.code == 0, run.out
    appeal = run.case("second.yaml")["previous_appeals"][0]
    assert appeal["outcome"] == "rejected" and str(appeal["date"]) == "2026-08-20"
    assert appeal["amazon_reply"] == "Your plan did not explain the root cause."
    assert appeal["text_sent"].startswith("# Plan of Action")
    review = run.out.split("Step 8 of 9")[1]
    assert "[resubmission]" in review


def test_a_missing_file_for_the_plan_sent_is_refused(folder):
    from poa.interview import answers

    with pytest.raises(answers.AnswerError, match="No file at"):
        answers.read_long_text(str(folder / "nope.docx"), "en")
    assert answers.read_long_text("We sent this.\n\nAnd this.", "en") == "We sent this.\n\nAnd this."
    assert answers.read_long_text("  ", "en") is None


def test_the_deadline_is_said_in_the_sellers_language(folder):
    keys = policy_keys(4, "B0C4QW7ZJM", [pick(0)])
    keys[4] = typed("2026-11-20")  # the notice date: 17 days from it is still ahead
    run = drive(folder, keys, lang="zh")
    assert run.code == 0, run.out
    assert "请在 2026-12-07 之前回复" in run.out


def test_an_invoice_named_by_path_is_read_and_its_findings_show_in_the_review(folder):
    from invoice_samples import Sample, pdf_bytes

    (folder / "invoice.pdf").write_bytes(pdf_bytes(Sample(date="March 2, 2026")))
    evidence = [
        pick(0),  # supplier invoices
        typed("2026-03-02"),
        typed("B08KTZ8249, B07PXGQC1Q"),
        typed("invoice.pdf"),
        ENTER,  # add what was read
    ]
    run = drive(folder, policy_keys(0, "B08KTZ8249 B07PXGQC1Q", evidence), lang="en")
    assert run.code == 0, run.out
    assert "Read from the invoice: number EDI-2026-04417, date 2026-03-02" in run.out
    assert "B07PXGQC1Q: 1,120" in run.out
    item = run.case()["plans"]["inauthentic"]["evidence"][0]
    assert item["file"] == str(folder / "invoice.pdf")
    assert item["invoice"]["number"] == "EDI-2026-04417"
    assert item["invoice"]["lines"][1] == {
        "asin": "B07PXGQC1Q",
        "sku": "VD-RH4-WH",
        "description": "Veridan brush heads, 4-pack",
        "quantity": 1120,
    }
    # The invoice names Northgate Supply LLC as the buyer, not the seller typed in step 2.
    review = run.out.split("Step 8 of 9")[1].split("Step 9 of 9")[0]
    assert "[invoice-buyer-mismatch]" in review
    assert '"Northgate Supply LLC", but the seller\'s name is "Acme Trading Ltd"' in review


def test_a_scanned_invoice_gets_one_line_and_its_file_is_kept(folder):
    from invoice_samples import scanned_pdf_bytes

    (folder / "scan.pdf").write_bytes(scanned_pdf_bytes())
    evidence = [pick(0), typed("2026-03-02"), typed("scan.pdf")]
    run = drive(folder, policy_keys(0, "B08KTZ8249", evidence), lang="zh")
    assert run.code == 0, run.out
    assert "无法读取此发票（" in run.out and "只有图片（扫描件）" in run.out
    item = run.case()["plans"]["inauthentic"]["evidence"][0]
    assert item["file"] == str(folder / "scan.pdf") and "invoice" not in item
