"""`poa render --format request`: the request to Seller Performance for the policy and ASINs; and `poa new`."""

from __future__ import annotations

import yaml
from helpers import assert_one_line_error, write_yaml
from wizard_driver import ENTER, drive, typed

from poa.case.catalog import load_catalog
from poa.plan import outputs
from poa.plan.request import RequestFacts, request_text

SELLER = {
    "legal_name": "Shenzhen Hengtai Trading Co., Ltd.",
    "store_name": "Hengtai Home",
    "merchant_token": "A3HT7Q2KX9M1PZ",
    "signer_name": "Lin Xiaoyu",
    "signer_role": "General Manager",
}
NOTICE = "Date: 2026-08-03\nYour Amazon.com seller account has been deactivated.\nASIN: B08KTZ8249\n"


def facts(**fields) -> RequestFacts:
    data = {"seller": SELLER, "marketplace": "amazon.com", "notice_date": "2026-08-03", "reasons": ["unspecified"]}
    return RequestFacts.model_validate({**data, **fields})


def test_the_request_is_short_factual_and_names_the_account():
    text = request_text(facts(affected_asins=["B08KTZ8249"]))
    lines = text.splitlines()
    assert lines[0] == "Subject: Request for the policy and ASINs behind the deactivation of Hengtai Home"
    assert "On August 3, 2026, the Amazon.com selling account of Shenzhen Hengtai Trading Co., Ltd." in text
    assert "merchant token A3HT7Q2KX9M1PZ" in text
    assert "The notice does not state which policy the account breached." in text
    assert "It lists these ASINs: B08KTZ8249." in text
    assert "1. the specific policy, or section of the Business Solutions Agreement" in text
    assert lines[-4:] == ["Sincerely,", "Lin Xiaoyu", "General Manager", "Shenzhen Hengtai Trading Co., Ltd."]
    assert len(text.split()) < 160  # reviewers skim
    for word in ("please", "sorry", "unfortunately", "we did nothing wrong", "{{", "None"):
        assert word not in text.casefold() if word.islower() else word not in text


def test_a_notice_that_cites_a_general_policy_asks_for_the_activity():
    text = request_text(facts(reasons=["code_of_conduct"], notice={"policy": "Seller Code of Conduct"}))
    assert "The notice cites the Seller Code of Conduct but does not state the activity or the ASINs concerned." in text
    chinese_policy = request_text(facts(reasons=["code_of_conduct"], notice={"policy": "卖家行为准则"}))
    assert "卖家" not in chinese_policy  # the letter is English: the catalogue's label stands in
    assert "The notice cites Seller Code of Conduct (BSA Section 3)" in chinese_policy


def test_the_sign_off_follows_the_marketplace():
    assert "Kind regards," in request_text(facts(marketplace="amazon.co.uk"))


def test_render_request_from_a_partial_case_the_notice_wrote(tmp_path, run_cli):
    notice = tmp_path / "notice.txt"
    notice.write_text(NOTICE, encoding="utf-8")
    case = tmp_path / "case.yaml"
    result = run_cli("notice", str(notice), "-o", str(case))
    assert result.code == 0, result
    assert f"poa render {case} --format request" in result.out
    data = yaml.safe_load(case.read_text(encoding="utf-8"))
    assert data["reasons"] == ["unspecified"]
    data["seller"] = SELLER
    write_yaml(case, data)
    printed = run_cli("render", str(case), "--format", "request")
    assert printed.code == 0, printed
    assert "It lists these ASINs: B08KTZ8249." in printed.out
    written = run_cli("render", str(case), "--format", "request", "-o", str(tmp_path / "request.txt"))
    assert written.code == 0 and "Seller Performance" in written.out
    assert (tmp_path / "request.txt").read_text(encoding="utf-8") == printed.out


def test_render_request_mistakes_are_one_line(tmp_path, run_cli):
    case = write_yaml(tmp_path / "case.yaml", {"marketplace": "amazon.com", "notice_date": "2026-08-03"})
    assert_one_line_error(run_cli("render", str(case), "--format", "request"), "case.yaml: seller")
    full = write_yaml(
        tmp_path / "full.yaml", {"seller": SELLER, "marketplace": "amazon.com", "notice_date": "2026-08-03"}
    )
    docx = run_cli("render", str(full), "--format", "request", "-o", str(tmp_path / "r.docx"))
    assert_one_line_error(docx, "the extension says docx but --format says request")


def test_user_templates_can_reword_the_request(tmp_path):
    (tmp_path / "request.md.j2").write_text("To {{ seller.store_name }}: {{ asins | join(' ') }}\n", encoding="utf-8")
    text = request_text(facts(affected_asins=["B08KTZ8249"]), user_templates=tmp_path)
    assert text == "To Hengtai Home: B08KTZ8249\n"


def test_render_reminds_of_the_altered_documents_caution():
    from test_every_reason import TODAY, case_from_suggestions

    lines = outputs.reminders(case_from_suggestions("altered_documents"), today=TODAY)
    assert lines[0] == load_catalog()["altered_documents"].caution.en
    assert "Professional help" in lines[0]


def test_poa_new_offers_the_request_when_the_notice_names_no_reason(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    notice = tmp_path / "notice.txt"
    notice.write_text(NOTICE, encoding="utf-8")
    keys = [
        typed("Shenzhen Hengtai Trading Co., Ltd."),
        typed("Hengtai Home"),
        ENTER,  # no merchant token
        ENTER,  # amazon.com
        ENTER,  # the notice date as read
        typed("Lin Xiaoyu"),
        ENTER,  # role
        ENTER,  # kind: policy
        ENTER,  # reasons: unspecified, as read
        ENTER,  # yes: write the request
        ENTER,  # poa-request.txt
    ]
    run = drive(tmp_path, keys, lang="en", notice=notice)
    assert run.code == 0, run.out
    request = (tmp_path / "poa-request.txt").read_text(encoding="utf-8")
    assert "Hengtai Home" in request and "B08KTZ8249" in request
    assert "poa new --resume" in run.out
    done = run.draft()["poa_draft"]["done"]
    assert "request" in done and "reasons" not in done  # resumed, it asks for the reasons Amazon then names


def test_poa_new_goes_on_to_the_plan_when_the_request_is_declined(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    notice = tmp_path / "notice.txt"
    notice.write_text(NOTICE, encoding="utf-8")
    keys = [typed("Acme Ltd"), typed("Acme"), ENTER, ENTER, ENTER, typed("Li Wei"), ENTER, ENTER, ENTER, "n"]
    run = drive(tmp_path, keys, lang="en", notice=notice)
    assert not (tmp_path / "poa-request.txt").exists()
    assert "request" in run.draft()["poa_draft"]["done"]
    assert run.code == 130  # the keys ran out on the questions of the plan that follow


def test_poa_new_says_the_caution_when_altered_documents_is_chosen(tmp_path, monkeypatch):
    from wizard_driver import POLICY, choose, pick, seller_keys

    monkeypatch.chdir(tmp_path)
    position = load_catalog().ids("policy").index("altered_documents")
    run = drive(tmp_path, [*seller_keys(), choose(POLICY), pick(position)], lang="en")
    assert "Professional help (an experienced appeal consultant or a lawyer) is advisable" in run.out
