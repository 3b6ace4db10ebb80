"""Reading and choosing in `poa new`: whole suggestions, lists for owner and frequency, no question that
cannot matter, poa's own prompt texts, the deadline, plausibility, full-width input, the present tense."""

from __future__ import annotations

import pytest
import yaml
from helpers import write_yaml
from prompt_toolkit.utils import get_cwidth
from wizard_driver import (
    ENTER,
    PERFORMANCE,
    POLICY,
    choose,
    docx_text,
    drive,
    odr_keys,
    pick,
    seller_keys,
    typed,
)

from poa.case.catalog import DATA_DIR, load_catalog
from poa.interview.prompts import wrap
from poa.interview.tense import present_tense

pytestmark = pytest.mark.timeout(90)

ODR = load_catalog()["order_defect_rate"]
INAUTHENTIC = load_catalog()["inauthentic"]
CHOICES = yaml.safe_load((DATA_DIR / "plan_choices.yaml").read_text(encoding="utf-8"))


def flat(screen: str) -> str:
    """The screen's words in one line: a wrapped text reads as one."""
    return " ".join(screen.split())


def list_position(key: str, value: str, lang: str) -> int:
    """Where value stands in the owner or frequency list: the reason's own first, then the common ones
    (on a Chinese screen, only those with a Chinese name)."""
    own = [str(getattr(m, key)) for m in ODR.preventive_measures]
    common = [entry["en"] for entry in CHOICES["owners" if key == "owner" else "frequencies"]]
    values = list(dict.fromkeys(own + common))
    return [v for v in values if lang == "en" or v in common].index(value)


# ---------------------------------------------------------------------- suggestions shown whole


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_suggestions_wrap_whole_at_a_narrow_terminal(folder, lang):
    run = drive(folder, odr_keys()[:13], lang=lang, columns=50)  # up to the corrective actions' list
    screen = flat(run.screen)
    for suggestion in ODR.corrective_actions:
        assert suggestion.en in screen  # every word of it, in order, however it wrapped
        if lang == "zh":
            assert suggestion.zh in screen.replace(" ", "")
    assert "…" not in run.screen and "Description" not in run.screen
    for line in run.screen.splitlines():
        assert get_cwidth(line) <= 50, line


def test_wrapping_counts_chinese_as_two_columns_and_never_cuts_a_word():
    lines = wrap("回复所有未处理的拒付通知，附发票、单号和签收证明 We answered every open chargeback", 20)
    assert all(get_cwidth(line) <= 20 for line in lines)
    assert "".join(lines[:3]).startswith("回复所有未处理的拒付通知，附发票、")  # a comma stays with its character
    words = " ".join(lines).split()
    assert "answered" in words and "chargeback" in words


def test_a_chinese_label_names_the_item_in_later_prompts(folder):
    # An invoice (dated, the file asked) covering two ASINs: each prompt about it names it in Chinese.
    evidence = [pick(0), typed("2026-03-02"), ENTER, ENTER]
    keys = [
        *seller_keys("2026-09-14"),
        choose(POLICY),
        pick(0),
        ENTER,
        typed("B08KTZ8249 B07PXGQC1Q"),
        pick(0),
        pick(0),
        typed("2026-09-20"),
        pick(0),
        *evidence,
        ENTER,
        ENTER,
        ENTER,
    ]
    run = drive(folder, keys, lang="zh", columns=200)
    assert run.code == 0, run.out
    label = INAUTHENTIC.evidence[0].zh
    for prompt in (
        "文件日期（YYYY-MM-DD）：",
        "涵盖的ASIN（回车表示全部：B08KTZ8249, B07PXGQC1Q）：",
        "发票文件的路径",
    ):
        assert prompt in run.screen
    assert run.screen.count(label) >= 4  # the list, the date, the ASINs and the file
    assert INAUTHENTIC.evidence[0].en[:70] not in run.screen.split(label, 1)[1]


# ---------------------------------------------------------------------- owner and frequency from lists


def own_measure_keys(owner: str, frequency: str, lang: str) -> list[str]:
    return [
        *odr_keys()[:14],  # two root causes, two corrective actions
        ENTER,  # the same date
        typed("2026-08-10"),
        ENTER,
        ENTER,
        pick(len(ODR.preventive_measures)),  # only "write my own"
        typed("We check every parcel against the order before it ships."),
        typed(""),
        choose(list_position("owner", owner, lang)),
        choose(list_position("frequency", frequency, lang)),
        pick(0),  # the root causes it prevents: the first
        pick(0),
        ENTER,
        ENTER,
        ENTER,
    ]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_owner_and_frequency_are_picked_from_lists_and_written(folder, lang):
    run = drive(folder, own_measure_keys("Warehouse Supervisor", "every order", lang), lang=lang, columns=120)
    assert run.code == 0, run.out
    measure = run.case()["plans"]["order_defect_rate"]["preventive_measures"][0]
    assert measure["owner"] == "Warehouse Supervisor" and measure["frequency"] == "every order"
    assert "Warehouse Supervisor" in docx_text(folder / "plan.docx")
    if lang == "zh":
        assert "仓库主管（Warehouse Supervisor）" in run.screen and "每个订单（every order）" in run.screen
        assert "由谁负责？" in run.screen and "多久执行一次？" in run.screen
    else:
        assert "Who owns it? We check every parcel against the order" in run.screen


def test_the_common_roles_are_in_the_list_after_the_reasons_own(folder):
    run = drive(folder, own_measure_keys("Quality Manager", "weekly", "zh"), lang="zh", columns=120)
    assert run.code == 0, run.out
    measure = run.case()["plans"]["order_defect_rate"]["preventive_measures"][0]
    assert (measure["owner"], measure["frequency"]) == ("Quality Manager", "weekly")
    assert "质量经理（Quality Manager）" in run.screen


# ---------------------------------------------------------------------- questions that cannot matter


def three_actions(same: bool) -> list[str]:
    keys = [*odr_keys()[:12], pick(0), pick(0, 1, 2)]  # one root cause: no links to ask
    if same:
        return [*keys, ENTER, typed("2026-08-11"), pick(0), pick(0), ENTER, ENTER, ENTER]
    dates = [typed("2026-08-09"), typed("2026-08-10"), typed("2026-08-11")]
    return [*keys, choose(1), *dates, pick(0), pick(0), ENTER, ENTER, ENTER]


def test_same_date_for_all_is_asked_once_and_written_to_each_action(folder):
    run = drive(folder, three_actions(same=True), lang="en", columns=120)
    assert run.code == 0, run.out
    actions = run.case()["plans"]["order_defect_rate"]["corrective_actions"]
    assert [str(a["date"]) for a in actions] == ["2026-08-11"] * 3
    assert "Were the 3 corrective actions done on the same date?" in run.screen
    assert "Date done (YYYY-MM-DD):" not in run.screen  # no date per action


def test_different_dates_are_asked_per_action(folder):
    run = drive(folder, three_actions(same=False), lang="zh", columns=120)
    assert run.code == 0, run.out
    actions = run.case()["plans"]["order_defect_rate"]["corrective_actions"]
    assert [str(a["date"]) for a in actions] == ["2026-08-09", "2026-08-10", "2026-08-11"]
    assert "这 3 项纠正措施是在同一天完成的吗？" in run.screen
    assert f"完成日期（YYYY-MM-DD）：{ODR.corrective_actions[1].zh}" in run.screen


def test_one_asin_is_covered_without_asking_and_a_document_of_no_date_gets_none(folder):
    keys = [
        *seller_keys("2026-09-14"),
        choose(POLICY),
        pick(0),
        ENTER,
        typed("B08KTZ8249"),
        pick(0),
        pick(0),
        typed("2026-09-20"),
        pick(0),
        pick(1, 2),  # the letter of authorization (dated, optional) and an undated document
        ENTER,  # the letter has no date
        ENTER,
        ENTER,
        ENTER,
    ]
    run = drive(folder, keys, lang="zh", columns=200)
    assert run.code == 0, run.out
    letter, other = run.case()["plans"]["inauthentic"]["evidence"]
    assert letter["asins"] == other["asins"] == ["B08KTZ8249"]
    assert "涵盖的ASIN" not in run.screen
    asked = "文件日期（YYYY-MM-DD；没有日期则回车）："
    assert asked + INAUTHENTIC.evidence[1].zh in run.screen  # the letter's date: asked
    assert asked + INAUTHENTIC.evidence[2].zh not in run.screen  # the other document's: not
    assert other.get("date") is None


# ---------------------------------------------------------------------- poa's own prompt texts


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "Tick at least one reason with Space"),
        ("zh", "请用空格至少勾选一个原因"),
    ],
)
def test_enter_with_nothing_ticked_says_so_right_under_the_list(folder, lang, said):
    keys = [*seller_keys(), choose(PERFORMANCE), ENTER]  # the keys end there: the screen stays as drawn
    run = drive(folder, keys, lang=lang, columns=120)
    last = load_catalog()[load_catalog().ids("performance")[-1]]
    shown = last.label.en if lang == "en" else f"{last.label.zh} ({last.label.en})"
    # The list's last choice, then the message on the lines right under it (not at the foot of the screen).
    under = [line for line in run.screen.split(shown)[-1].splitlines() if line.strip()]
    assert said in under[0], under[:3]


def test_a_chinese_screen_has_none_of_questionarys_english(folder):
    keys = [
        typed("义乌贸易"),  # a Chinese business name: the yes/no question
        "n",
        typed("Yiwu Trading Ltd"),
        *seller_keys()[1:],
        choose(PERFORMANCE),
        pick(0),
        ENTER,
        typed("35/1642"),
        ENTER,
        pick(0, 4),
        pick(0, 1),
        ENTER,
        typed("2026-08-10"),
        ENTER,
        ENTER,
        pick(1),
        ENTER,
        pick(0),
        ENTER,
        ENTER,
        ENTER,
    ]
    run = drive(folder, keys, lang="zh", columns=120)
    assert run.code == 0, run.out
    for english in ("done (", "selections", "(y/N)", "(Y/n)", "Yes", "No\n", "Use arrow keys", "<space>", "to toggle"):
        assert english not in run.screen, english
    assert "仍然保留吗？ 否" in run.screen  # the answered yes/no question
    assert "已选 2 项" in run.screen  # a list answered with two ticked
    assert run.case()["seller"]["legal_name"] == "Yiwu Trading Ltd"
    # The yes/no question as drawn before it is answered (the keys end there).
    asking = drive(folder, keys[:1], lang="zh", columns=120)
    assert "审核人员阅读英文，而此回答包含中文。仍然保留吗？ （y 是 / n 否，回车 = 否）" in asking.screen
    assert "(y/N)" not in asking.screen


def test_the_a_and_i_keys_do_nothing_on_a_list(folder):
    keys = [*seller_keys(), choose(PERFORMANCE), "a", "i", pick(0)]
    run = drive(folder, keys, lang="en", columns=120)
    assert run.draft()["case"]["reasons"] == ["order_defect_rate"]  # not all of them, not inverted


# ---------------------------------------------------------------------- the deadline


def seller_answers(folder, **notice) -> None:
    data = {
        "seller": {"legal_name": "Acme Trading Ltd", "store_name": "Acme Home", "signer_name": "Li Wei"},
        "marketplace": "amazon.com",
    }
    if notice:
        data["notice"] = notice
    write_yaml(folder / "answers.yaml", data)


@pytest.mark.parametrize(
    ("lang", "deadline", "said"),
    [
        ("en", "2026-12-20", "Your notice asks for a response by 2026-12-20."),
        ("en", "2026-11-01", "The deadline on your notice passed on 2026-11-01: send the plan as soon as you can."),
        ("zh", "2026-11-01", "通知上的截止日期 2026-11-01 已过：请尽快提交计划。"),
    ],
)
def test_the_notices_deadline_is_said_right_after_the_notice_date(folder, lang, deadline, said):
    seller_answers(folder, deadline=deadline)
    run = drive(folder, [typed("2026-10-20"), ENTER], lang=lang, answers=folder / "answers.yaml")
    assert said in run.out
    step_3 = "Step 3 of 9" if lang == "en" else "第 3 步"
    assert run.out.index(said) < run.out.index(step_3)  # before the next step's questions


@pytest.mark.parametrize(
    ("notice_date", "said"),
    [
        ("2026-11-20", f"Notices for {INAUTHENTIC.label.en} usually allow 17 days: respond by 2026-12-07"),
        ("2026-09-14", f"Notices for {INAUTHENTIC.label.en} usually allow 17 days, which ended on 2026-10-01: send"),
    ],
)
def test_the_usual_window_is_said_once_the_reasons_are_known(folder, notice_date, said):
    keys = [*seller_keys(notice_date), choose(POLICY), pick(0)]
    run = drive(folder, keys, lang="en")
    assert said in run.out
    assert run.out.count("usually allow 17 days") == 1
    assert run.out.index(said) > run.out.index("Step 3 of 9")


# ---------------------------------------------------------------------- plausibility


def test_a_rate_within_target_for_a_named_reason_is_questioned(folder):
    keys = [*odr_keys()[:10], typed("0.5%"), "n", typed("2.13%"), *odr_keys()[11:]]
    run = drive(folder, keys, lang="en", columns=200)
    assert run.code == 0, run.out
    assert "0.50% is within Amazon's target (< 1%), yet the notice names Order Defect Rate." in flat(run.screen)
    assert run.case()["metrics"]["order_defect_rate"] == {"rate_percent": 2.13}


def test_a_rate_within_target_can_be_kept(folder):
    keys = [*odr_keys()[:10], typed("0.5%"), "y", *odr_keys()[11:]]
    run = drive(folder, keys, lang="zh", columns=200)
    assert run.code == 0, run.out
    assert "0.50% 已在亚马逊的目标范围内（< 1%），但通知中列出了订单缺陷率" in run.screen
    assert run.case()["metrics"]["order_defect_rate"] == {"rate_percent": 0.5}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_previous_plan_dated_before_the_notice_is_questioned(folder, lang):
    keys = [
        *odr_keys()[:9],
        choose(1),  # a plan was sent and rejected
        typed("2026-07-01"),  # before the notice of 2026-08-03
        "n",
        typed("2026-08-20"),
        ENTER,  # no reply pasted
        ENTER,  # nor the plan
    ]
    run = drive(folder, keys, lang=lang, columns=200)
    said = "That is before the notice of 2026-08-03" if lang == "en" else "该日期早于通知日期 2026-08-03"
    assert said in run.screen
    assert run.draft()["case"]["previous_appeals"][0]["date"] == "2026-08-20"


@pytest.mark.parametrize(
    ("lang", "said"), [("en", "There is no such day as 2026-02-30"), ("zh", "没有 2026-02-30 这一天")]
)
def test_an_impossible_notice_date_is_named(folder, lang, said):
    keys = [*seller_keys()[:4], typed("2026-02-30")]  # the keys end there: the message stays on screen
    run = drive(folder, keys, lang=lang, columns=200)
    assert said in run.screen and "YYYY-MM-DD, for example" not in run.screen
    assert run.draft()["case"].get("notice_date") is None


def test_full_width_input_from_a_chinese_input_method(folder):
    keys = [
        typed("Acme Trading Ltd"),
        typed("Acme Home"),
        typed("Ａ２ＥＸＡＭＰＬＥ７ＴＯＫＥＮ"),
        ENTER,
        typed("２０２６－０８－０３"),
        typed("Li Wei"),
        ENTER,
        choose(PERFORMANCE),
        pick(0),
        ENTER,
        typed("３５／１６４２"),
        typed("Ｂ０８ＫＴＺ８２４９，ｂ０７ｐｘｇｑｃ１ｑ"),
    ]
    run = drive(folder, keys, lang="zh")
    case = run.draft()["case"]
    assert case["seller"]["merchant_token"] == "A2EXAMPLE7TOKEN"
    assert case["notice_date"] == "2026-08-03"
    assert case["metrics"]["order_defect_rate"] == {"defects": 35, "orders": 1642}
    assert case["affected_asins"] == ["B08KTZ8249", "B07PXGQC1Q"]


# ---------------------------------------------------------------------- a promise moved, in the present tense


@pytest.mark.parametrize(
    ("promise", "present"),
    [
        ("We will check stock daily.", "We check stock daily."),
        ("The stock will be reviewed every week.", "The stock is reviewed every week."),
        ("All orders will be packed in drop-tested cartons.", "All orders are packed in drop-tested cartons."),
        ("We are going to train every new employee.", "We train every new employee."),
        ("We'll now check every listing before it goes live.", "We now check every listing before it goes live."),
        ("The Customer Service Lead will reply within 24 hours.", "The Customer Service Lead replies within 24 hours."),
        ("We will not sell used items as new.", "We do not sell used items as new."),
        ("We plan to audit our suppliers quarterly.", "We audit our suppliers quarterly."),
        ("Our manager will carry out a weekly audit.", "Our manager carries out a weekly audit."),
        ("We replaced the stock.", "We replaced the stock."),
    ],
)
def test_present_tense(promise, present):
    assert present_tense(promise) == present


def test_a_moved_promise_is_offered_in_the_present_tense_and_can_be_edited(folder):
    own_action = len(ODR.corrective_actions)
    keys = [
        *odr_keys()[:12],
        pick(0),
        pick(0, own_action),
        typed("We will check every order before it ships."),
        choose(1),  # move it
    ]
    offered = drive(folder, keys, lang="zh", columns=200)  # the keys end at the rewrite, as drawn
    assert "作为预防措施，应写成现在持续在做的事（英文现在时）：回车采用以下措辞，或直接修改" in offered.screen
    assert "We check every order before it ships." in offered.screen  # the default offered
    keys += [
        typed("The Warehouse Supervisor checks every order before it ships."),  # edited
        typed(""),
    ]
    (folder / "poa-draft.yaml").unlink()
    run = drive(folder, keys, lang="zh")
    measures = run.draft()["case"]["plans"]["order_defect_rate"]["preventive_measures"]
    assert measures[-1]["text"] == "The Warehouse Supervisor checks every order before it ships."


# ---------------------------------------------------------------------- the answers a Chinese seller gives


def test_the_chinese_odr_path_takes_21_answers_where_it_took_26(folder, monkeypatch):
    """From the first question to the written .docx, on a Chinese system.

    Measured on this path before: 26 answers (the language, 7 for the seller, the kind, the reason,
    an earlier plan, the metric, the ASINs, 3 pick lists, 2 action dates and 3 links, the evidence,
    its date, the review and 2 paths). Now the language is the system's (said, not asked), the
    suggestions come linked to their root causes as the catalogue links them (said, changed on the
    review), the evidence (a written procedure) has no date to ask, and the two actions' dates are
    one answer after "same date for all"; with three actions, two dated documents or one ASIN the
    saving grows (see the tests above)."""
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    keys = odr_keys()
    run = drive(folder, keys)
    assert run.code == 0, run.out
    assert "问题使用中文（与您的系统语言一致" in run.out and "第 1 步" not in run.out
    assert (folder / "plan.docx").exists()
    assert len(keys) == 21
    # Every answer is needed: one fewer and the plan is not written.
    again = folder / "again"
    again.mkdir()
    monkeypatch.chdir(again)
    assert drive(again, keys[:-1]).code == 130
    assert "Written customer service procedure" in docx_text(folder / "plan.docx")


def test_with_a_notice_read_the_usual_window_is_said_right_after_the_notice_date(folder):
    from helpers import REPO

    notice = REPO / "tests" / "fixtures" / "notices" / "shared" / "inauthentic.txt"
    keys = seller_keys("2026-09-14")[:5]  # up to the notice date, typed as the notice states it
    run = drive(folder, keys, lang="zh", notice=notice)
    said = f"{INAUTHENTIC.label.zh}的通知通常给予 17 天，已于 2026-10-01 结束：请尽快提交计划"
    assert said in run.out
    assert "第 3 步" not in run.out.split(said)[0]  # in step 2, right after the notice date


def test_a_suggestion_that_lost_its_owner_offers_its_own_first(folder):
    from poa.interview.flow import Interview
    from poa.interview.item_fields import measure_field_questions

    iv = Interview(lang="zh")
    suggestion = ODR.preventive_measures[1]
    iv.data = {"marketplace": "amazon.com", "reasons": ["order_defect_rate"]}
    iv.set_items("order_defect_rate", "preventive_measures", [{"text": suggestion.en}])
    question = next(measure_field_questions(iv, ODR, 0, "owner", suggestion.zh))
    assert question.choices[0][0] == suggestion.owner
    assert question.default == suggestion.owner
    assert question.choices[-1][1] == "✎ 自己填写"
