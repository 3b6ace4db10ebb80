"""The next round end to end: a case, Amazon's reply recorded in it, the revised plan, the check, the .docx."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import yaml

REPLY = """From: Amazon Seller Performance <seller-performance@amazon.com>
To: seller@example.com
Subject: RE: Your appeal
Date: Fri, 02 Oct 2026 09:00:00 +0000
Message-ID: <reply-1@amazon.com>
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"

Hello,

Thank you for your appeal. We are unable to reinstate your account at this time.

Your plan of action does not explain the root cause of the complaints about ASIN B07PXGQC1Q. Please also provide
invoices from your supplier for ASIN B07PXGQC1Q. Please respond by October 20, 2026.

Seller Performance Team

On Sep 28, 2026, Northgate Supply LLC <seller@example.com> wrote:
> Please reinstate our account; all corrective actions have been implemented.
"""


def _revise(path: Path) -> None:
    """What a seller does after the reply: a new root cause, the action that fixed it and the measure that
    keeps it fixed, linked to it, and the invoice for the ASIN named, attached to the action."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    plan = data["plans"]["inauthentic"]
    plan["root_causes"].append(
        {
            "text": "For ASIN B07PXGQC1Q our buyer accepted a wholesaler's stock list as proof of source, without an "
            "invoice from the brand's authorized distributor.",
            "id": "stock-list",
        }
    )
    plan["evidence"].append(
        {
            "name": "Invoice EDI-2026-08812 from Eastline Distribution Inc., 100 units of B07PXGQC1Q",
            "kind": "supplier_invoice",
            "date": "2026-09-10",  # an invoice from before the notice, not sent the first time
            "asins": ["B07PXGQC1Q"],
            "id": "invoice-september",
        }
    )
    plan["corrective_actions"].append(
        {
            "text": "We matched every unit of B07PXGQC1Q we still hold to Eastline Distribution's invoice and shipping "
            "records and destroyed the 14 units that did not match.",
            "date": "2026-10-05",
            "asins": ["B07PXGQC1Q"],
            "addresses": ["stock-list"],
            "evidence": ["invoice-september"],
        }
    )
    plan["preventive_measures"].append(
        {
            "text": "The purchasing manager accepts a new source only with an invoice from the brand's authorized "
            "distributor, never a stock list.",
            "owner": "Purchasing manager",
            "frequency": "Each new source",
            "addresses": ["stock-list"],
        }
    )
    data["plan_date"] = "2026-10-06"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _errors(run_cli, case: Path) -> tuple[int, set[str]]:
    # The section on what changed goes into the form's additional-information box: give it room.
    limit = ("--limit", "additional_information=3000")
    result = run_cli("check", str(case), "--format", "json", "--today", "2026-10-07", *limit)
    findings = json.loads(result.out)["findings"]
    return result.code, {f["rule"] for f in findings if f["severity"] == "error"}


def test_case_reply_revised_plan_check_docx(tmp_path, run_cli):
    case = tmp_path / "case.yaml"
    assert run_cli("example", "inauthentic", "-o", str(case)).code == 0
    reply = tmp_path / "reply.eml"
    reply.write_text(REPLY, encoding="utf-8")

    # 1. The reply, recorded: Amazon's words only (the quoted appeal below "wrote:" is the seller's).
    recorded = run_cli("reply", str(reply), "--case", str(case), "--json")
    assert recorded.code == 0, recorded.err
    reading = json.loads(recorded.out)
    assert reading["kind"] == "documents"
    assert reading["asks"] == ["root_cause", "asins", "invoices"]
    assert reading["deadline"] == "2026-10-20"

    # 2. The same plan again: the checker says what the reply asked that it does not answer.
    code, errors = _errors(run_cli, case)
    assert code == 1
    assert {"round-ask-unanswered", "round-asin-unanswered", "round-documents-missing"} <= errors

    # 3. The revised plan answers every ask.
    _revise(case)
    code, errors = _errors(run_cli, case)
    assert not {e for e in errors if e.startswith("round-")}, errors
    assert code == 0, errors

    # 4. The document says what changed, and how it answers the reply.
    plan = tmp_path / "plan.docx"
    rendered = run_cli("render", str(case), "-o", str(plan))
    assert rendered.code == 0, rendered.err
    assert "funds Amazon holds 60 days after the deactivation: from 2026-11-13" in rendered.out
    paragraphs = [p for p in docx.Document(str(plan)).paragraphs if p.text.strip()]
    texts = [p.text for p in paragraphs]
    heading = texts.index("What has changed since our plan of September 28, 2026")
    assert paragraphs[heading].style.name.startswith("Heading")
    section = texts[heading + 1 : texts.index("Root causes")]
    asked = (
        "Your reply of October 2, 2026 asked for more detail on the root cause, coverage of the ASINs it named "
        "and invoices."
    )
    assert section[0] == asked
    assert "Root cause 5 is new, as your reply asked." in section
    assert "Corrective action 6 is new." in section
    assert "Preventive measure 6 is new." in section
    # The invoice is numbered as the plan numbers its attachments (the actions cite it last).
    attachments = [p.text for p in paragraphs if p.text.startswith("Attachment ")]
    assert (
        "Attachment 8 is new: Invoice EDI-2026-08812 from Eastline Distribution Inc., 100 units of B07PXGQC1Q, "
        "dated September 10, 2026, as your reply asked." in section
    ), attachments
    assert "ASIN B07PXGQC1Q, named in your reply: covered by corrective action 6 and Attachment 8." in section
    action = next(p.text for p in paragraphs if p.text.startswith("We matched every unit of B07PXGQC1Q"))
    assert "see Attachment 8" in action  # the number the section gives is the one the action cites
    bullets = paragraphs[heading + 2 : heading + 1 + len(section)]
    assert bullets and all(p.style.name == "List Bullet" for p in bullets)
    assert "Date of this plan: October 6, 2026" in "\n".join(texts)

    # 5. The case still reads as it did, with the round added.
    data = yaml.safe_load(case.read_text(encoding="utf-8"))
    [round_] = data["previous_appeals"]
    assert round_["reply"]["kind"] == "documents"
    # The reply as received: its sender, date and subject, then its text.
    assert round_["amazon_reply"].startswith("From: Amazon Seller Performance <seller-performance@amazon.com>\n")
    assert "Thank you for your appeal. We are unable to reinstate your account at this time." in round_["amazon_reply"]
    assert len(round_["plan_sent"]["plans"]["inauthentic"]["root_causes"]) == 4
