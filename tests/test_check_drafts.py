"""Drafts written anywhere: the sections sellers really write, drafts without headings, lists written a
line per sentence, names in Chinese, template filler, the Word reader and the fast phrase matching."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import docx
import pytest
from draft_docx import build_docx
from hypothesis import given, settings
from hypothesis import strategies as st

from poa.case.model import Case
from poa.errors import PoaError
from poa.readers import draft as draft_reader
from poa.readers.draft import load_draft
from poa.review import check, matching
from poa.review.rules import normalise

CAUSE = "Our packer did not check orders against the packing list, so 12 orders had the wrong item."
ACTION = "On 4 August 2026 we re-shipped the correct item to all 12 buyers."
MEASURE = "The warehouse lead checks every order against its packing list before it is sealed."


def rules_of(findings) -> list[str]:
    return [finding.rule for finding in findings]


def three_parts(titles: tuple[str, str, str], *, blank: bool = True) -> str:
    gap = [""] if blank else []
    lines: list[str] = []
    for title, text in zip(titles, (CAUSE, ACTION, MEASURE), strict=True):
        lines += [title, *gap, text, *gap]
    return "\n".join(lines)


HEADING_STYLES = [
    (
        "The root cause(s) of the issue",
        "The actions you have taken to resolve the issue",
        "The steps you have taken to prevent the issue",
    ),
    (
        "What is the root cause?",
        "What actions have you taken to resolve the issue?",
        "What steps have you taken to prevent it from happening again?",
    ),
    ("What went wrong", "What we did to fix it", "Here is our plan to avoid this in the future"),
    ("A) Root cause", "B) Corrective actions", "C) Preventive measures"),
    ("1) Root cause", "2) Immediate actions", "3) Long-term prevention"),
    ("Part 1: Root Cause", "Part 2: Actions Taken", "Part 3: Steps to Prevent Recurrence"),
    ("**Root Cause Analysis**", "**Corrective Actions Taken**", "**Preventive Measures Implemented**"),
    ("<u>Root cause</u>", "<u>Corrective actions</u>", "<u>Preventive measures</u>"),
    ("Our root causes:", "Actions we have taken:", "Measures now in place to prevent recurrence:"),
    ("一、根本原因", "二、纠正措施", "三、预防措施"),
    ("ROOT CAUSE", "CORRECTIVE ACTIONS", "PREVENTIVE MEASURES"),
    ("Issue identification", "Resolution", "Safeguards going forward"),
    ("## 1. The Root Cause", "## 2. Our Corrective Actions", "## 3. Our Preventive Measures"),
]


@pytest.mark.parametrize("titles", HEADING_STYLES, ids=lambda t: t[0])
def test_headings_in_every_style_find_the_three_parts(titles):
    for blank in (True, False):
        found = check.check_draft(three_parts(titles, blank=blank), marketplace_language="zh")
        assert "missing-section" not in rules_of(found), (titles, blank, [f.as_dict("en") for f in found])
        assert "sections-inferred" not in rules_of(found)


@pytest.mark.parametrize(
    "line",
    [
        "Root cause: our packer did not check orders against the packing list.",
        "1) Root cause - our packer did not check orders against the packing list.",
        "**Root cause:** our packer did not check orders against the packing list.",
        "What went wrong? Our packer did not check orders against the packing list.",
        "根本原因：我们的打包员没有核对装箱单。",
    ],
)
def test_a_heading_that_leads_its_text(line):
    text = "\n".join([line, "Corrective actions: " + ACTION, "Prevention: " + MEASURE])
    found = check.check_draft(text, marketplace_language="zh")
    assert "missing-section" not in rules_of(found), [f.as_dict("en") for f in found]


def test_a_promise_is_found_under_any_name_for_the_actions():
    for title in ("What we did to fix it", "Part 2: Immediate steps", "**Resolution**", "B) Remedial actions"):
        text = three_parts(("Root cause", title, "Preventive measures")).replace(ACTION, "We will refund every buyer.")
        found = check.check_draft(text)
        assert [(f.rule, f.section) for f in found] == [("promise-in-action", "corrective_actions")], title


def test_a_short_sentence_is_not_a_heading():
    text = three_parts(("Root cause", "Corrective actions", "Preventive measures"))
    text = text.replace(ACTION, "Fixed the template\n" + ACTION)
    found = check.check_draft(text)
    assert not found
    parts = {tuple(part.lines) for part in check.draft_parts(text, paragraph_per_line=False) if part.heading}
    assert ("Fixed the template",) not in parts


def test_a_draft_without_headings_gets_its_parts_from_its_sentences():
    text = "\n\n".join(
        [
            "Dear Seller Performance Team,",
            "Our late shipment rate went above 4% because our warehouse ships only twice a week and we did not"
            " check the ship-by dates.",
            "On 12 March 2026 we changed the handling time of all 214 SKUs to 3 days. We will refund every buyer.",
            "From now on the warehouse lead checks the ship-by report every morning.",
        ]
    )
    found = check.check_draft(text)
    assert rules_of(found) == ["promise-in-action", "sections-inferred"]
    inferred = found[1]
    assert inferred.severity == "warning" and inferred.section == "whole plan"
    assert "Root causes, Corrective actions and Preventive measures" in inferred.message_in("en")
    assert found[0].where == "line 5" and found[0].section == "corrective_actions"
    # With no cue at all the parts stay missing, and nothing is said to be inferred.
    bare = check.check_draft("Hello.\n\nThis is about my store.")
    assert rules_of(bare).count("missing-section") == 3 and "sections-inferred" not in rules_of(bare)


def test_a_line_per_sentence_is_a_list_not_a_wall():
    sentence = "Our packer worked alone on every shift of the busy week and had nobody to check the labels."
    lines = [sentence] * 10  # 180 words, a line each
    listed = three_parts(("Root cause", "Corrective actions", "Preventive measures")).replace(CAUSE, "\n".join(lines))
    assert "wall-of-text" not in rules_of(check.check_draft(listed))
    walled = listed.replace("\n".join(lines), " ".join(lines))
    assert "wall-of-text" in rules_of(check.check_draft(walled))
    # A paragraph wrapped at 70 characters is still one paragraph.
    wrapped = listed.replace("\n".join(lines), _wrap(" ".join(lines), 70))
    assert "wall-of-text" in rules_of(check.check_draft(wrapped))


def _wrap(text: str, width: int) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width))


def test_names_in_chinese():
    base = three_parts(("Root cause", "Corrective actions", "Preventive measures"))
    legal = base + "\n\nSincerely,\nShenzhen Hengtai Trading Co., Ltd. (深圳恒泰贸易有限公司)\n"
    assert check.check_draft(legal) == []
    signer = base + "\n\nSincerely,\n\n林晓宇\n"
    found = check.check_draft(signer)
    assert [(f.rule, f.severity, f.section) for f in found] == [("name-not-in-latin", "warning", "closing")]
    assert "林晓宇" in found[0].excerpt and "Lin Xiaoyu (林晓宇)" in found[0].hint_in("en")
    sentence = base.replace(ACTION, ACTION + " 我们已经补发了。")
    assert "wrong-language" in rules_of(check.check_draft(sentence))


def test_names_in_chinese_on_a_case(odr_data):
    odr_data["seller"]["legal_name"] = "Shenzhen Hengtai Trading Co., Ltd. (深圳恒泰贸易有限公司)"
    assert check.check_case(Case.model_validate(odr_data), today=dt.date(2026, 9, 1)) == []
    odr_data["seller"]["signer_name"] = "林晓宇"
    found = check.check_case(Case.model_validate(odr_data), today=dt.date(2026, 9, 1))
    assert [(f.rule, f.severity, f.where) for f in found] == [("name-not-in-latin", "warning", "seller.signer_name")]
    odr_data["seller"]["signer_role"] = "总经理"
    found = check.check_case(Case.model_validate(odr_data), today=dt.date(2026, 9, 1))
    assert ("wrong-language", "seller.signer_role") in [(f.rule, f.where) for f in found]


def test_template_filler_is_one_warning_for_the_plan():
    base = three_parts(("Root cause", "Corrective actions", "Preventive measures"))
    one = "I hope this message finds you well.\n\n" + base
    assert check.check_draft(one) == []
    many = one.replace("well.", "well. Rest assured that we remain committed to a seamless experience.")
    found = check.check_draft(many)
    assert [(f.rule, f.severity, f.section, f.where) for f in found] == [
        ("template-filler", "warning", "whole plan", "line 1")
    ]
    assert "4 stock phrases" in found[0].message_in("en") and "finds you well" in found[0].excerpt


def test_question_marks_in_links_and_amazon_questions():
    titles = HEADING_STYLES[1]
    text = three_parts(titles).replace(MEASURE, MEASURE + " She reads www.example.com/faq?id=7 every month.")
    assert rules_of(check.check_draft(text)) == ["case-id-or-link"]


def test_plan_dated_after_the_notice_deadline(odr_data):
    odr_data["notice"] = {"deadline": "2026-08-10"}
    found = check.check_case(Case.model_validate(odr_data), today=dt.date(2026, 9, 1))
    assert [(f.rule, f.severity) for f in found] == [("plan-after-deadline", "warning")]
    assert "2026-08-14" in found[0].message_in("en") and "2026-08-10" in found[0].message_in("en")
    odr_data["notice"] = {"deadline": "2026-08-14"}
    assert check.check_case(Case.model_validate(odr_data), today=dt.date(2026, 9, 1)) == []
    # Undated, the plan goes out today.
    del odr_data["plan_date"]
    found = check.check_case(Case.model_validate(odr_data), today=dt.date(2026, 9, 1))
    assert [f.rule for f in found] == ["plan-after-deadline"] and "2026-09-01" in found[0].message_in("en")


# --- the Word reader ----------------------------------------------------------------------------------


def test_word_drafts_without_heading_styles(tmp_path):
    source = "\n".join(
        [
            "title: Plan of Action",
            "**Root Cause:**",
            CAUSE,
            "__Corrective Actions__",
            "1. " + ACTION,
            "**Preventive measures**",
            "- " + MEASURE,
            "Half **bold** is not a heading.",
        ]
    )
    path = build_docx(source, tmp_path / "draft.docx")
    text = load_draft(path)
    assert text.splitlines()[:4] == ["# Plan of Action", "**Root Cause:**", CAUSE, "**Corrective Actions**"]
    assert "1. " + ACTION in text and "Half **bold** is not a heading." in text
    assert check.check_draft(text, paragraph_per_line=True) == []


def test_word_in_chinese_names_its_heading_styles_differently(tmp_path):
    source = (
        "%styles chinese\n# Root causes\n" + CAUSE + "\n# Corrective actions\n" + ACTION + "\n# Prevention\n" + MEASURE
    )
    path = build_docx(source, tmp_path / "draft.docx")
    document = docx.Document(str(path))
    assert document.paragraphs[0].style.style_id == "1"
    assert load_draft(path).splitlines()[0] == "# Root causes"
    assert check.check_draft(load_draft(path), paragraph_per_line=True) == []


def test_word_tracked_deletions_are_not_read(tmp_path):
    source = "# Corrective actions\nWe {-will -}removed the listing on 4 August 2026."
    text = load_draft(build_docx(source, tmp_path / "draft.docx"))
    assert "We removed the listing on 4 August 2026." in text and "will" not in text


def test_a_word_draft_one_paragraph_past_the_bound_is_refused(tmp_path, monkeypatch, run_cli):
    monkeypatch.setattr(draft_reader, "MAX_DRAFT_PARAGRAPHS", 30)
    monkeypatch.setattr(draft_reader, "_CHUNK", 512)  # the count must hold across the chunks read
    at = build_docx("\n".join([MEASURE] * 30), tmp_path / "at.docx")
    assert len(load_draft(at).splitlines()) == 30
    over = build_docx("\n".join([MEASURE] * 31), tmp_path / "over.docx")
    with pytest.raises(PoaError, match="more than 30 paragraphs"):
        load_draft(over)
    result = run_cli("check", str(over))
    assert result.code == 2 and result.err.count("\n") == 1 and "is it the right file?" in result.err


def test_a_text_draft_past_the_bound_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(draft_reader, "MAX_DRAFT_PARAGRAPHS", 30)
    path = tmp_path / "draft.txt"
    path.write_text("\n".join([MEASURE] * 31), encoding="utf-8")
    with pytest.raises(PoaError, match="more than 30 lines"):
        load_draft(path)
    path.write_text("\n\n".join([MEASURE] * 30), encoding="utf-8")  # blank lines do not count
    assert load_draft(path).count(MEASURE) == 30


def test_a_zip_that_inflates_past_the_cap_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(draft_reader, "MAX_DOCX_XML_BYTES", 100_000)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("word/document.xml", b"<w:document>" + b" " * 200_000 + b"</w:document>")
    path = tmp_path / "bomb.docx"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(PoaError, match="cannot be read"):
        load_draft(path)


# --- the fast matching gives what one expression would ------------------------------------------------

_PIECES = sorted(
    {
        piece
        for matcher in matching.matchers()
        for phrase in matcher.rule.phrases
        for piece in phrase.replace("{", " ").replace("}", " ").split()
    }
    | {"Amazon", "buyer", "http://x.io/a?b=1", "www.amazon.com/gp/help", "[Your Name]", "XXXX", "$name", "我们"}
)
_GLUE = st.sampled_from([" ", " ", " ", ", ", ". ", "!", "(", ")", '"', "'", "-", "’", "  "])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_PIECES), _GLUE), min_size=1, max_size=14))
def test_prefilter_never_loses_a_match(words):
    text = normalise("".join(word + glue for word, glue in words))
    lowered = text.lower()
    tokens = matching.tokens_of(lowered)
    for section in ("other", "root_causes", "corrective_actions", "preventive_measures"):
        candidates = matching.prefilter(section).candidates(lowered, tokens)
        for index, matcher in enumerate(matching.matchers()):
            if matcher.rule.sections and section not in matcher.rule.sections:
                continue  # looked for only in their own sections
            expected = matcher.phrases.expression.search(text)
            found = matcher.phrases.find(text, lowered, tokens, entries=candidates.get(index, []))
            assert bool(found) == bool(expected), (matcher.rule.id, text)
            if expected:
                assert found[0][0] == expected.start(), (matcher.rule.id, text)


JAPANESE_DRAFT = """根本原因
出荷前の検品手順がなく、破損した商品をそのまま発送していました。

是正措置
2026-09-02に在庫をすべて検品し、破損品32点を廃棄しました。

再発防止策
{measure}
"""

TRADITIONAL_DRAFT = """根本原因
我們發貨前沒有檢驗流程，把破損的商品直接發了出去。

糾正措施
2026-09-02 我們檢查了全部庫存，銷毀了 32 件破損商品。

預防措施
{measure}
"""


@pytest.mark.parametrize(
    ("draft", "specific", "vague"),
    [
        (JAPANESE_DRAFT, "倉庫責任者が毎日、出荷前に全商品を検品しています。", "今後は気をつけます。"),
        (TRADITIONAL_DRAFT, "倉庫主管每天在發貨前檢查全部商品。", "我們會更加小心。"),
    ],
)
def test_japanese_and_traditional_chinese_drafts_are_read_part_by_part(draft, specific, vague):
    found = check.check_draft(draft.format(measure=specific), marketplace_language="ja")
    assert found == []  # every part found under its heading; the measure names who and how often
    vague_found = check.check_draft(draft.format(measure=vague), marketplace_language="ja")
    assert [(f.rule, f.section) for f in vague_found] == [("measure-no-owner", "preventive_measures")]
