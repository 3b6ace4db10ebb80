"""The checker's rules: each one fires on a case that breaks it and stays quiet on a close one that does not."""

from __future__ import annotations

import copy
import datetime as dt
import io
from pathlib import Path

import docx
import pytest
from helpers import EXAMPLE_NAMES, example_data
from test_every_reason import CATALOG, case_from_suggestions
from test_invoice_checks import INVOICE_CASES
from test_rounds import ROUND_RULES

from poa import cli, commands
from poa.case.model import Case
from poa.plan import outputs
from poa.readers.case_file import load_case
from poa.readers.draft import load_draft
from poa.review import case_checks, check, rules, wording

TODAY = dt.date(2026, 12, 1)
RULES = check.load_rules()

SOUND = {
    "root_causes": "Our packer did not check orders against the packing list, so 12 orders had the wrong item.",
    "corrective_actions": "We re-shipped the correct item to all 12 buyers on August 4, 2026.",
    "preventive_measures": "The warehouse lead checks every order against its packing list before it is sealed.",
}


def draft(section: str = "", text: str = "", *, drop: str = "") -> str:
    """A sound three-part draft, with `text` as the one item of `section` (or added before them)."""
    parts = {**SOUND}
    if section in parts:
        parts[section] = text
    titles = {
        "root_causes": "Root causes",
        "corrective_actions": "Corrective actions taken",
        "preventive_measures": "Preventive measures in place",
    }
    lines = ["# Plan of Action", ""]
    if section == "other":
        lines += [text, ""]
    for name, title in titles.items():
        if name != drop:
            lines += [f"## {title}", "", f"1. {parts[name]}", ""]
    return "\n".join(lines)


def rules_of(findings) -> set[str]:
    return {finding.rule for finding in findings}


# (rule, section, text that breaks it, close text that must not)
TEXT_CASES = [
    (
        "promise-in-action",
        "corrective_actions",
        "We will continue to review our inventory daily.",
        "We reviewed all 412 units in our warehouse on August 4, 2026 and scrapped 37.",
    ),
    ("promise-in-action", "corrective_actions", "We plan to switch carriers next month.", None),
    ("promise-in-action", "corrective_actions", "We are going to retrain our staff.", None),
    (
        "blame",
        "root_causes",
        "The supplier sent us fakes that looked genuine.",
        "We bought from an unauthorised supplier without checking its documents.",
    ),
    (
        "blame",
        "root_causes",
        "It was the carrier's fault that 20 parcels arrived late.",
        "We used a carrier without checking its on-time record, and 20 parcels arrived late.",
    ),
    ("blame", "root_causes", "A competitor filed false complaints against our listing.", None),
    ("blame", "root_causes", "Amazon's system made a mistake when it counted our late shipments.", None),
    (
        "emotive",
        "other",
        "We beg you to give our store another chance; our family depends on it.",
        "We apologise for the late shipments; the causes and the fixes are set out below.",
    ),
    (
        "business-intro",
        "other",
        "We have been selling on Amazon since 2015 with thousands of satisfied customers.",
        "We have sold 1,200 units of this ASIN since March 2026.",
    ),
    (
        "case-id-or-link",
        "other",
        "As we explained in case ID 1234567890, the items are genuine.",
        "In 19 of the 35 cases the buyer filed a claim before delivery.",
    ),
    (
        "case-id-or-link",
        "other",
        "Our invoices are at https://drive.example.com/f/123 for review.",
        "We now buy only from Eastline Distribution Inc. (eastlinedist.com), the brand's authorised distributor.",
    ),
    (
        "side-question",
        "other",
        "Could you also tell us why our second account was flagged?",
        "We asked each buyer whether the replacement arrived, and all 12 confirmed it.",
    ),
    (
        "placeholder",
        "other",
        "This plan is submitted by [YOUR STORE NAME].",
        "The insert card listed ASIN [B0C4QW7ZJM] and an XXL size chart.",
    ),
    ("placeholder", "other", "TODO: add the invoice numbers", "The list of items to do is attached."),
    ("placeholder", "other", "Signed, {{ seller.signer_name }}", None),
    (
        "wrong-language",
        "corrective_actions",
        "We removed the listing on 21 October 2026. 我们已经删除了商品。",
        "We removed the listing of the Kestrel charging pad on 21 October 2026.",
    ),
    (
        "vague-action",
        "corrective_actions",
        "We will be more careful from now on.",
        "The packer is more careful now: the warehouse lead checks every order before sealing.",
    ),
    ("vague-action", "corrective_actions", "We reviewed our processes.", None),
    (
        "pleading-ignorance",
        "root_causes",
        "We did not know that the product needed a certificate.",
        "We did not check whether the product needed a certificate before listing it.",
    ),
    (
        "symptom-as-cause",
        "root_causes",
        "We received complaints about late deliveries.",
        "We received complaints about late deliveries because our carrier's transit time exceeded our template.",
    ),
    (
        "tells-reviewer",
        "other",
        "There was no violation and you should reinstate our account.",
        "We respectfully ask you to review this plan.",
    ),
    (
        "threat-or-legal",
        "other",
        "If the account is not reinstated we will take legal action.",
        "We engaged a patent attorney to compare our product with the patent named in the complaint.",
    ),
    (
        "promise-in-action",
        "corrective_actions",
        "All remaining stock will be disposed of next week.",
        "On 5 August 2026 we moved all orders to a tracked line so that buyers will get a tracking number.",
    ),
    ("promise-in-action", "corrective_actions", "We are currently retraining our packers.", None),
    (
        "blame",
        "root_causes",
        "Customers who abuse returns sent back used items.",
        "We accepted returns without inspecting them, so 14 used items were sold again.",
    ),
    ("blame", "root_causes", "The courier failed to collect our parcels on three days.", None),
    ("blame", "root_causes", "Your system wrongly counted 120 units as customer returns.", None),
    (
        "disputes-decision",
        "other",
        "Our account was deactivated in error; the complaint is false.",
        "We deactivated the listing ourselves on 3 May 2026, after the first complaint.",
    ),
    ("disputes-decision", "other", "As I told Seller Support, please read the case log.", None),
    (
        "admits-intent",
        "root_causes",
        "We knowingly listed the goods of an unauthorised supplier.",
        "We did not knowingly list anything wrong, but we never checked the supplier's authorisation.",
    ),
    ("admits-intent", "root_causes", "I admit my guilt.", None),
    (
        "emotive",
        "other",
        "We are truly sorry and humbly apologise from the bottom of our hearts.",
        "We apologise to the 12 buyers who received the wrong item.",
    ),
    ("emotive", "other", "Please give us a chance, our employees depend on this store.", None),
    ("placeholder", "other", "Signed on behalf of $store_name.", "We refunded $25 to each of the 12 buyers."),
    ("placeholder", "other", "We removed ASIN <ASIN> on {date}.", None),
    ("placeholder", "other", "Signature: ____________", None),
    (
        "placeholder",
        "other",
        "We removed the listing on insert date.",
        "On 4 August 2026 we recalled every insert card from our FBA stock.",
    ),
    (
        "side-question",
        "other",
        "Why was our listing flagged again?",
        "The compliance officer reads our supplier's catalogue (www.example.com/list?item=42) every month.",
    ),
    (
        "amazon-link",
        "other",
        "The policy is at https://sellercentral.amazon.com/help/hub/reference/external/G200164330.",
        "We read Amazon's restricted products policy before we listed the spray.",
    ),
    (
        "wrong-language",
        "other",
        "这是我们的申诉。",
        "Shenzhen Hengtai Trading Co., Ltd. (深圳恒泰贸易有限公司) is the registered seller.",
    ),
    (
        "implied-blame",
        "root_causes",
        "Most of the claims were for parcels where tracking shows the package was delivered.",
        "Our carrier service gave no delivery photos, so we could not resolve non-receipt claims.",
    ),
    (
        "implied-blame",
        "root_causes",
        "The buyers claimed the lamps were broken, although they were in perfect condition when we shipped them.",
        "Our packing used one layer of foam, which did not protect the glass shades in transit.",
    ),
    (
        "measure-no-owner",
        "preventive_measures",
        "We will continue to review our inventory daily.",
        "The warehouse lead reviews our inventory daily.",
    ),
    (
        "measure-no-owner",
        "preventive_measures",
        "The warehouse lead reviews our inventory.",
        "The warehouse lead reviews our inventory every Monday.",
    ),
]


@pytest.mark.parametrize(("rule", "section", "bad", "good"), TEXT_CASES)
def test_text_rule_fires_and_near_miss_does_not(rule, section, bad, good):
    found = check.check_draft(draft(section, bad))
    assert rule in rules_of(found), [f.as_dict("en") for f in found]
    hit = next(f for f in found if f.rule == rule)
    assert hit.section == section and hit.where.startswith("line ")
    assert "{" not in hit.message_in("en") + hit.message_in("zh") or rule == "placeholder"
    if good is not None:
        assert rule not in rules_of(check.check_draft(draft(section, good))), good


def test_context_decides_promises():
    """Ongoing steps belong in prevention; the same words as an action taken are a promise."""
    text = "We will continue to review our inventory daily with the warehouse lead."
    assert "promise-in-action" in rules_of(check.check_draft(draft("corrective_actions", text)))
    assert not rules_of(check.check_draft(draft("preventive_measures", text)))


def test_symptom_outside_root_causes_is_fine():
    text = "We received complaints from 4 buyers and refunded each of them on August 4, 2026."
    assert not rules_of(check.check_draft(draft("corrective_actions", text)))


def test_chinese_is_fine_for_a_cjk_marketplace():
    text = "We removed the listing on 21 October 2026. 我们已经删除了商品。"
    assert "wrong-language" in rules_of(check.check_draft(draft("corrective_actions", text), marketplace_language="de"))
    assert "wrong-language" not in rules_of(
        check.check_draft(draft("corrective_actions", text), marketplace_language="ja")
    )


def test_missing_section():
    found = check.check_draft(draft(drop="preventive_measures"))
    assert [(f.rule, f.section) for f in found] == [("missing-section", "whole plan")]
    assert "Preventive measures" in found[0].message_in("en") and "预防措施" in found[0].message_in("zh")
    assert not check.check_draft(draft())


def test_wall_of_text_at_the_limit():
    limit = RULES.settings.paragraph_max_words
    over = " ".join(["word"] * (limit + 1)) + "."
    at = " ".join(["word"] * limit) + "."
    assert "wall-of-text" in rules_of(check.check_draft(draft("other", over)))
    assert "wall-of-text" not in rules_of(check.check_draft(draft("other", at)))


def test_too_long_states_reading_time():
    limit = RULES.settings.plan_max_words
    sentence = "The warehouse lead checks every order against its packing list before it is sealed."
    per = wording.count_words(sentence)
    base = wording.count_words(draft().replace("#", ""))
    filler = "\n\n".join([sentence] * ((limit - base) // per + 2))
    found = [f for f in check.check_draft(draft("other", filler)) if f.rule == "too-long"]
    assert len(found) == 1 and "minutes of reading" in found[0].message_in("en")
    short = "\n\n".join([sentence] * ((limit - base) // per - 2))
    assert "too-long" not in rules_of(check.check_draft(draft("other", short)))


def test_headings_in_many_shapes():
    text = "\n".join(
        [
            "ROOT CAUSE:",
            SOUND["root_causes"],
            "",
            "Root cause analysis",
            "=================",
            SOUND["root_causes"],
            "",
            "**2. Actions taken**",
            SOUND["corrective_actions"],
            "",
            "III. Steps to prevent recurrence",
            SOUND["preventive_measures"],
        ]
    )
    assert not check.check_draft(text)


# --- structural rules on a case ---------------------------------------------------------------------


def case_of(data: dict) -> Case:
    return Case.model_validate(data)


def findings_of(data: dict, **kwargs) -> list[check.Finding]:
    return check.check_case(case_of(data), today=kwargs.pop("today", TODAY), **kwargs)


@pytest.fixture
def inauthentic_data() -> dict:
    return copy.deepcopy(example_data("inauthentic"))


def test_asin_with_no_action_or_document(inauthentic_data):
    inauthentic_data["affected_asins"].append("B0NEWASIN1")
    found = [f for f in findings_of(inauthentic_data) if f.rule == "asin-uncovered"]
    assert [(f.where, f.severity) for f in found] == [("B0NEWASIN1", "error")]
    # Named in the text of an action is enough.
    inauthentic_data["plans"]["inauthentic"]["corrective_actions"][0]["text"] += " We also removed B0NEWASIN1."
    assert "asin-uncovered" not in rules_of(findings_of(inauthentic_data))


def test_policy_reason_without_documents(inauthentic_data, odr_data):
    inauthentic_data["plans"]["inauthentic"]["evidence"] = []
    for action in inauthentic_data["plans"]["inauthentic"]["corrective_actions"]:
        action.pop("evidence", None)
    found = [f for f in findings_of(inauthentic_data) if f.rule == "reason-uncovered"]
    assert [(f.section, f.where) for f in found] == [("evidence", "inauthentic")]
    assert "Inauthentic" in found[0].message_in("en") or "inauthentic" in found[0].message_in("en").lower()
    # A performance reason's documents are optional.
    odr_data["plans"]["order_defect_rate"]["evidence"] = []
    for action in odr_data["plans"]["order_defect_rate"]["corrective_actions"]:
        action.pop("evidence", None)
    assert "reason-uncovered" not in rules_of(findings_of(odr_data))


def test_action_dated_after_today(odr_data):
    actions = odr_data["plans"]["order_defect_rate"]["corrective_actions"]
    actions[1]["date"] = TODAY + dt.timedelta(days=1)
    found = [f for f in findings_of(odr_data) if f.rule == "action-in-future"]
    assert [(f.where, f.severity) for f in found] == [("order_defect_rate, action 2", "error")]
    actions[1]["date"] = TODAY
    assert "action-in-future" not in rules_of(findings_of(odr_data))


def test_action_before_the_metric_window(odr_data):
    notice = dt.date.fromisoformat(str(odr_data["notice_date"]))
    window = odr_data["metrics"]["order_defect_rate"]["window_days"]
    actions = odr_data["plans"]["order_defect_rate"]["corrective_actions"]
    actions[0]["date"] = notice - dt.timedelta(days=window + 1)
    found = [f for f in findings_of(odr_data) if f.rule == "action-before-problem"]
    assert [f.where for f in found] == ["order_defect_rate, action 1"]
    assert (notice - dt.timedelta(days=window)).isoformat() in found[0].message_in("en")
    actions[0]["date"] = notice - dt.timedelta(days=window)
    assert "action-before-problem" not in rules_of(findings_of(odr_data))


def test_policy_action_long_before_the_notice(inauthentic_data):
    notice = dt.date.fromisoformat(str(inauthentic_data["notice_date"]))
    lookback = RULES.settings.policy_action_lookback_days
    action = inauthentic_data["plans"]["inauthentic"]["corrective_actions"][0]
    action["date"] = notice - dt.timedelta(days=lookback + 1)
    assert "action-before-problem" in rules_of(findings_of(inauthentic_data))
    action["date"] = notice - dt.timedelta(days=lookback)
    assert "action-before-problem" not in rules_of(findings_of(inauthentic_data))


def test_invoice_older_than_365_days(inauthentic_data):
    notice = dt.date.fromisoformat(str(inauthentic_data["notice_date"]))
    invoice = inauthentic_data["plans"]["inauthentic"]["evidence"][1]
    assert invoice["kind"] == "supplier_invoice"
    del invoice["invoice"]  # the document's date alone (an invoice block's date must agree with it)
    invoice["date"] = notice - dt.timedelta(days=366)
    found = [f for f in findings_of(inauthentic_data) if f.rule == "invoice-too-old"]
    assert [(f.where, f.section) for f in found] == [("inauthentic, document 2", "evidence")]
    assert "366 days" in found[0].message_in("en") and "365" in found[0].message_in("en")
    invoice["date"] = notice - dt.timedelta(days=365)
    assert "invoice-too-old" not in rules_of(findings_of(inauthentic_data))
    # Other documents may be older (a letter of authorization, for example).
    letter = inauthentic_data["plans"]["inauthentic"]["evidence"][3]
    assert letter["kind"] == "letter_of_authorization"
    letter["date"] = notice - dt.timedelta(days=900)
    assert "invoice-too-old" not in rules_of(findings_of(inauthentic_data))


@pytest.mark.parametrize(
    ("owner", "frequency", "missing"), [("We", "Daily", "owner"), ("Quality lead", "As needed", "frequency")]
)
def test_measure_owned_by_nobody(odr_data, owner, frequency, missing):
    measure = odr_data["plans"]["order_defect_rate"]["preventive_measures"][2]
    measure.update(owner=owner, frequency=frequency)
    found = [f for f in findings_of(odr_data) if f.rule == "measure-no-owner"]
    assert [f.where for f in found] == ["order_defect_rate, measure 3"]
    assert missing in found[0].message_in("en")
    measure.update(owner="Quality inspector", frequency="Every incoming batch")
    assert "measure-no-owner" not in rules_of(findings_of(odr_data))


def test_resubmitted_plan(odr_data):
    case = case_of(odr_data)
    sent = outputs.render(case, "txt", today=TODAY).decode()
    odr_data["previous_appeals"] = [{"date": "2026-08-06", "outcome": "rejected", "text_sent": sent}]
    found = [f for f in findings_of(odr_data) if f.rule == "resubmission"]
    assert len(found) == 1 and found[0].severity == "warning"
    assert "2026-08-06" in found[0].message_in("en") and "rejected" in found[0].message_in("en")
    # The review_manipulation example records a rejected plan that shares little with the new one.
    assert "resubmission" not in rules_of(check.check_case(load_example("review_manipulation"), today=TODAY))


def test_similarity():
    text = "We moved all seller-fulfilled orders to a tracked express line with 6-9 day delivery."
    assert case_checks.similarity(text, text) == 1.0
    assert case_checks.similarity(text, "Completely different words about another thing entirely here.") == 0.0


def test_wording_rules_run_on_case_items(odr_data):
    odr_data["plans"]["order_defect_rate"]["corrective_actions"][0]["text"] = "We will refund all buyers."
    odr_data["plans"]["order_defect_rate"]["preventive_measures"][0]["text"] = "We will continue to review daily."
    found = findings_of(odr_data)
    assert [(f.rule, f.where) for f in found if f.severity == "error"] == [
        ("promise-in-action", "order_defect_rate, action 1")
    ]


def test_chinese_in_a_case_for_amazon_com(odr_data):
    odr_data["plans"]["order_defect_rate"]["root_causes"][0] = "我们的物流太慢。"
    found = [f for f in findings_of(odr_data) if f.rule == "wrong-language"]
    assert [f.where for f in found] == ["order_defect_rate, root cause 1"]
    assert "English" in found[0].message_in("en") and "英语" in found[0].message_in("zh")
    odr_data["marketplace"] = "amazon.co.jp"
    assert "wrong-language" not in rules_of(findings_of(odr_data))


def test_us_spelling_in_a_plan_for_amazon_co_uk(odr_data):
    plan = odr_data["plans"]["order_defect_rate"]
    plan["corrective_actions"][0]["text"] = "We canceled the open orders and authorized refunds for 12 buyers."
    assert "us-spelling" not in rules_of(findings_of(odr_data))  # amazon.com writes US English
    odr_data["marketplace"] = "amazon.co.uk"
    found = {f.where: f for f in findings_of(odr_data) if f.rule == "us-spelling"}
    # The example's own "returns center" (action 5) is US spelling too.
    assert sorted(found) == ["order_defect_rate, action 1", "order_defect_rate, action 5"]
    first = found["order_defect_rate, action 1"]
    assert "canceled → cancelled, authorized → authorised" in first.message_in("en")
    assert "center → centre" in found["order_defect_rate, action 5"].message_in("en")
    assert first.severity == "warning" and "英式英语" in first.message_in("zh")


def test_us_spelling_in_a_draft_only_for_a_british_english_marketplace(tmp_path, capsys):
    draft = tmp_path / "plan.md"
    draft.write_text(
        "# Root cause\n\nOur Late Shipment Rate rose because the carrier's pickup was canceled.\n\n"
        "# Corrective actions\n\nWe moved to a daily pickup on 2026-09-02.\n\n"
        "# Preventive measures\n\nThe warehouse lead checks every pickup daily.\n",
        encoding="utf-8",
    )
    cli.main(["check", str(draft), "--format", "json"])
    assert "us-spelling" not in capsys.readouterr().out
    cli.main(["check", str(draft), "--format", "json", "--marketplace", "amazon.de"])
    out = capsys.readouterr().out
    assert "us-spelling" in out and "Late Shipment Rate → Late Dispatch Rate" in out and "canceled → cancelled" in out


def test_form_block_over_its_limit(odr_data):
    found = [f for f in findings_of(odr_data, form_limits={"root_cause": 100}) if f.rule == "form-over-limit"]
    assert len(found) == 1 and found[0].section == "form" and found[0].where == "Root cause"
    message = found[0].message_in("en")
    assert "Root cause" in message and "100" in message and "characters" in message
    assert "--limit root_cause=N" in found[0].hint_in("en")
    assert "form-over-limit" not in rules_of(findings_of(odr_data))


# --- what must pass -----------------------------------------------------------------------------------


def load_example(name: str) -> Case:
    return load_case(Path(commands.EXAMPLES_DIR) / f"{name}.yaml")


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_bundled_examples_are_clean(name):
    assert check.check_case(load_example(name), today=TODAY) == []


@pytest.mark.parametrize("reason_id", CATALOG.ids())
def test_catalogue_suggestions_pass(reason_id):
    found = check.check_case(case_from_suggestions(reason_id), today=dt.date(2026, 11, 26))
    assert [f for f in found if f.severity == "error"] == [], [f.as_dict("en") for f in found]


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
@pytest.mark.parametrize("fmt", ["md", "txt", "docx"])
def test_rendered_plans_read_back_as_clean_drafts(name, fmt, tmp_path):
    data = outputs.render(load_example(name), fmt, today=TODAY)
    path = tmp_path / f"plan.{fmt}"
    path.write_bytes(data)
    found = check.check_draft(load_draft(path), paragraph_per_line=fmt == "docx")
    assert found == [], [f.as_dict("en") for f in found]


# --- the rule book ------------------------------------------------------------------------------------


def test_every_rule_is_tested():
    tested = {row[0] for row in TEXT_CASES} | {
        "missing-section",
        "reason-uncovered",
        "asin-uncovered",
        "action-in-future",
        "action-before-problem",
        "invoice-too-old",
        "form-over-limit",
        "wall-of-text",
        "too-long",
        "resubmission",
        # tests/test_chain.py
        "cause-no-action",
        "cause-no-measure",
        "action-unlinked",
        "measure-unlinked",
        "over-page-budget",
        "sections-inferred",
        "plan-after-deadline",
        "name-not-in-latin",
        "us-spelling",
        "template-filler",
    }
    tested |= {row[0] for row in INVOICE_CASES}
    tested |= ROUND_RULES  # tested in test_rounds.py
    assert tested == {rule.id for rule in RULES.rules}


def test_every_rule_speaks_both_languages():
    for rule in RULES.rules:
        for text in (rule.message, rule.hint):
            assert text.en.strip() and text.zh.strip(), rule.id
            assert text.en != text.zh, rule.id


def test_unsafe_patterns_are_refused():
    with pytest.raises(ValueError, match="repeats a group"):
        rules.Rule.model_validate(
            {
                "id": "slow",
                "severity": "warning",
                "message": {"en": "a", "zh": "甲"},
                "hint": {"en": "b", "zh": "乙"},
                "patterns": ["(a+)+b"],
            }
        )


@pytest.mark.parametrize(
    "text",
    [
        "a" * 200_000,
        " " * 200_000 + "x",
        "[" + "A" * 200_000,
        "{{" + "x" * 200_000,
        "case " * 40_000,
        "we " * 60_000 + "will",
        "?" * 100_000,
        "1. " * 50_000,
    ],
)
def test_pathological_text_is_checked(text):
    found = check.check_draft(text)
    assert "missing-section" in rules_of(found)


def test_finding_as_json_and_text():
    found = check.check_draft(draft("corrective_actions", "We will refund every buyer."))
    text = check.format_findings(found, "en")
    assert text.splitlines()[0] == "Corrective actions"
    assert "error [promise-in-action] line 9" in text
    assert "Fix: Corrective actions are already done" in text
    assert text.rstrip().splitlines()[-1] == "1 error, 0 warnings."
    zh = check.format_findings(found, "zh")
    assert zh.splitlines()[0] == "纠正措施" and "修改建议" in zh and zh.rstrip().endswith("1 个错误，0 个警告。")
    assert check.format_findings([], "en").splitlines() == ["No problems found.", "0 errors, 0 warnings."]


def test_errors_come_first():
    text = draft("root_causes", "We did not know the rule. " + SOUND["root_causes"])
    text = text.replace(SOUND["corrective_actions"], "We will refund every buyer.")
    found = check.check_draft(text)
    assert [f.severity for f in found] == ["error", "warning"]
    lines = check.format_findings(found, "en").splitlines()
    assert lines.index("Corrective actions") < lines.index("Root causes")


def test_load_draft_reads_docx_headings_and_tables(tmp_path):
    document = docx.Document()
    document.add_heading("Root causes", level=1)
    document.add_paragraph(SOUND["root_causes"], style="List Number")
    document.add_heading("Corrective actions taken", level=1)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Action", "Date"
    table.cell(1, 0).text, table.cell(1, 1).text = "We will replace every unit.", "2026-08-04"
    document.add_heading("Preventive measures in place", level=1)
    document.add_paragraph(SOUND["preventive_measures"], style="List Number")
    buffer = io.BytesIO()
    document.save(buffer)
    path = tmp_path / "plan.docx"
    path.write_bytes(buffer.getvalue())
    text = load_draft(path)
    assert "# Root causes" in text and "We will replace every unit. | 2026-08-04" in text
    found = check.check_draft(text, paragraph_per_line=True)
    assert [(f.rule, f.where) for f in found] == [("promise-in-action", "paragraph 5")]
