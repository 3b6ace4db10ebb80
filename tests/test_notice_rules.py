"""The notice reader's rules for real notices: each one fires where it should, and a near miss does not."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml
from test_notice import complete

from poa.case.store import case_from_data
from poa.readers.notice import describe, read_notice
from poa.readers.notice.senders import WARNING

D = "Date: 2026-08-03\n"


def reasons(text: str) -> list[str]:
    return read_notice(text).reasons


# ---------------------------------------------------------------- where a phrase stands


@pytest.mark.parametrize(
    "footer",
    [
        "To learn more about our Anti-Counterfeiting Policy, visit the help page.",
        "For more information about counterfeit products, see our policy page.",
        "Sincerely,\nSeller Performance Team\nInauthentic and counterfeit items are prohibited in our store.",
        "了解更多关于假冒商品的信息，请参阅帮助页面。",
    ],
)
def test_boilerplate_about_another_policy_adds_no_reason(footer):
    text = f"{D}We removed your listing after a report of trademark infringement from the rights owner.\n{footer}"
    assert reasons(text) == ["ip_trademark"]


def test_near_miss_the_same_policy_in_the_sentence_that_says_why_is_a_reason():
    text = f"{D}We removed your listing after a report of trademark infringement. The items are counterfeit."
    assert reasons(text) == ["ip_trademark", "inauthentic"]


def test_a_footer_is_only_what_follows_the_last_sign_off():
    # A forwarder's "Regards," is followed by the whole notice: the notice is no footer.
    text = "Please help.\nRegards,\nLi\n" + "\n" * 3 + "\n".join(["Your listing was removed."] * 14)
    text += "\nWe found counterfeit items in your inventory."
    assert reasons(text) == ["inauthentic"]


def test_names_before_are_other_metrics_are_said_in_passing():
    text = f"{D}Your Late Shipment Rate is 7.1%. Valid Tracking Rate and On-Time Delivery Rate are other metrics."
    assert reasons(text) == ["late_shipment_rate"]


def test_near_miss_metrics_named_as_the_problem_are_reasons():
    text = f"{D}Your Valid Tracking Rate is 91% and your On-Time Delivery Rate is 84%."
    assert reasons(text) == ["valid_tracking_rate", "on_time_delivery_rate"]


# ---------------------------------------------------------------- targets and rates


@pytest.mark.parametrize(
    "text",
    [
        "Order Defect Rate: the target is 1%.",
        "Your Valid Tracking Rate must meet 95%.",
        "Sellers need an Order Defect Rate of 1% or less.",
        "To keep selling, maintain an Order Defect Rate of 1%.",
        "The target for your Order Defect Rate is 1%.",
        "订单缺陷率需保持在1%以下。",
    ],
)
def test_a_target_stated_alone_is_not_the_sellers_rate(text):
    reading = read_notice(D + text)
    assert reading.to_json()["metrics"] == {}
    found = next(iter(reading.metrics.values()))
    assert found.rate_percent is None and found.target_percent in (1.0, 95.0)


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("Your account does not meet our target: your Order Defect Rate is 2.13%.", None),
        ("The target ODR is 1%, your ODR is 2.13%.", 1.0),
        ("订单缺陷率需低于1%，您的订单缺陷率为2.13%。", 1.0),
    ],
)
def test_near_miss_a_rate_the_sentence_gives_as_the_sellers_is_kept(text, target):
    found = read_notice(D + text).metrics["order_defect_rate"]
    assert (found.rate_percent, found.target_percent) == (2.13, target)


# ---------------------------------------------------------------- reasons per ASIN


def test_asin_reasons_from_labels_lists_and_tables():
    reading = read_notice(
        f"{D}We removed these listings after complaints from rights owners.\n"
        "B0MIX00001 (Trademark)\nB0MIX00002 - Counterfeit\nASIN | Reason\nB0MIX00003 | Copyright\n"
        "B0MIX00004, B0MIX00005: 商标侵权\n"
    )
    assert reading.asin_reasons == {
        "B0MIX00001": ["ip_trademark"],
        "B0MIX00002": ["inauthentic"],
        "B0MIX00003": ["ip_copyright"],
        "B0MIX00004": ["ip_trademark"],
        "B0MIX00005": ["ip_trademark"],
    }
    assert reading.reasons == ["ip_trademark", "inauthentic", "ip_copyright"]
    assert "B0MIX00001 (ip_trademark)" in describe(reading)


def test_near_miss_an_asin_without_a_label_has_no_reason_of_its_own():
    reading = read_notice(f"{D}We found counterfeit items.\nASIN: B0NOLABEL1 (see the attached list)\n")
    assert reading.asin_reasons == {}
    assert reading.reasons == ["inauthentic"]


def test_asin_reasons_in_json_and_the_partial_case():
    reading = read_notice(f"{D}Listings removed on amazon.com.\nB0MIX00001 (Trademark)\nB0MIX00002 (Copyright)\n")
    data = reading.to_json()
    assert data["asin_reasons"] == {"B0MIX00001": ["ip_trademark"], "B0MIX00002": ["ip_copyright"]}
    partial = reading.partial_case()
    assert partial["notice"]["asin_reasons"] == data["asin_reasons"]
    case = case_from_data(complete(yaml.safe_load(yaml.safe_dump(partial))), Path("partial.yaml"))
    assert case.notice.asin_reasons == data["asin_reasons"]


# ---------------------------------------------------------------- policy names as Amazon writes them


@pytest.mark.parametrize(
    ("text", "reason", "policy"),
    [
        (
            "You violated our Misuse of Ratings, Feedback, or Reviews Policy.",
            "review_manipulation",
            "Misuse of Ratings, Feedback, or Reviews Policy",
        ),
        ("We found that you were placing orders for your own products.", "review_manipulation", None),
        ("We detected sales rank manipulation on your listings.", "review_manipulation", None),
        ("Your listing was asserting the rights owner's trademark.", "ip_trademark", None),
        ("Notice: Used Sold as New. Customers received used items.", "condition", None),
        ("This violates our Drop Shipping Policy.", "dropshipping", "Drop Shipping Policy"),
        (
            "Your account was deactivated under Section 3 of the Business Solutions Agreement.",
            "code_of_conduct",
            "Section 3 of the Business Solutions Agreement",
        ),
        ("您的商品违反了《受限商品政策》。", "restricted_product", "受限商品政策"),
    ],
)
def test_policy_names_map_to_the_catalogue(text, reason, policy):
    reading = read_notice(D + text)
    assert reading.reasons == [reason]
    if policy is not None:
        assert reading.policy == policy
        assert reading.to_json()["policy"] == policy


def test_near_miss_a_policy_only_pointed_to_is_not_the_policy_named():
    reading = read_notice(f"{D}We found counterfeit items. To learn more, read our Anti-Counterfeiting Policy.")
    assert reading.policy is None


def test_a_trademark_complaint_that_says_inauthentic_gives_both_reasons():
    text = f"{D}The rights owner reported trademark infringement and stated that the items are inauthentic."
    assert reasons(text) == ["ip_trademark", "inauthentic"]


def test_a_general_policy_yields_to_a_specific_one():
    reading = read_notice(f"{D}You manipulated customer reviews, which violates the Seller Code of Conduct.")
    assert reading.reasons == ["review_manipulation"]
    assert any("Seller Code of Conduct" in note for note in reading.notes)


def test_near_miss_the_code_of_conduct_alone_is_the_reason():
    assert reasons(f"{D}Your account violated the Seller Code of Conduct.") == ["code_of_conduct"]


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize(
    "text",
    [
        "We found counterfeit items. The buyer wrote:\nI received it on July 9, 2026.\n\nNotice date: 2026-08-03",
        "We found counterfeit items.\n> On 2026-07-09 I received a fake.\n2026-08-03",
        "Order 112-3344556-7788990 placed on 2026-07-02\nWe found counterfeit items. Date: 2026-08-03",
        "买家留言：\n我在2026年7月9日收到了假货。\n\n日期：2026年8月3日\n假冒商品",
    ],
)
def test_dates_in_quoted_messages_and_order_lines_are_not_the_notice_date(text):
    assert read_notice(text).notice_date == dt.date(2026, 8, 3)


def test_near_miss_an_unquoted_first_date_is_the_notice_date():
    reading = read_notice("July 9, 2026\nWe found counterfeit items.")
    assert reading.notice_date == dt.date(2026, 7, 9)


def test_a_forwarded_notice_has_its_own_date_not_the_forwards():
    text = (
        "From: li@hengtai-home.com\nDate: Mon, Aug 10, 2026\n\n---------- Forwarded message ---------\n"
        "From: seller-performance@amazon.com\nDate: Mon, Aug 3, 2026 at 10:12 AM\n\nWe found counterfeit items."
    )
    assert read_notice(text).notice_date == dt.date(2026, 8, 3)


def test_near_miss_without_a_forward_the_first_date_line_is_the_notice_date():
    text = "Date: Mon, Aug 10, 2026\nWe found counterfeit items. Invoices dated Aug 3, 2026 were not accepted."
    assert read_notice(text).notice_date == dt.date(2026, 8, 10)


# ---------------------------------------------------------------- deadlines


@pytest.mark.parametrize(
    "sentence",
    [
        "After you appeal, we will review it within 48 hours.",
        "You should hear from us within 2 business days.",
        "我们会在48小时内审核您的申诉。",
    ],
)
def test_what_amazon_does_within_a_time_is_no_deadline(sentence):
    reading = read_notice(f"{D}We found counterfeit items. {sentence}")
    assert reading.deadline is None


def test_near_miss_the_sellers_own_window_is_a_deadline_even_beside_we_will():
    text = f"{D}We found counterfeit items. If you do not appeal within 17 days, we will close your account."
    assert read_notice(text).deadline == dt.date(2026, 8, 20)


def test_a_usual_window_is_shown_as_usual_with_its_source_never_as_the_deadline():
    reading = read_notice(f"{D}We found counterfeit items.")
    assert reading.deadline is None
    usual = reading.to_json()["usual_deadlines"]
    assert usual == [
        {
            "reason": "inauthentic",
            "days": 17,
            "business_days": False,
            "due": "2026-08-20",
            "source": usual[0]["source"],
        }
    ]
    assert "checked 2026-11-26" in usual[0]["source"]
    summary = describe(reading)
    assert "  Deadline:" in summary and "Deadline:             -" in summary
    assert "Usual window (not stated in this notice; check your own notice): inauthentic 17 days" in summary


def test_near_miss_a_stated_deadline_shows_no_usual_window():
    reading = read_notice(f"{D}We found counterfeit items. Appeal within 30 days.")
    assert reading.deadline == dt.date(2026, 9, 2)
    assert reading.to_json()["usual_deadlines"] == []
    assert "Usual window" not in describe(reading)


# ---------------------------------------------------------------- Chinese in every form


@pytest.mark.parametrize(
    "text",
    [
        "您的账户已被停用，因为您的订单缺陷率为2.4%。",  # simplified
        "您的賬戶已被停用，因為您的訂單缺陷率為2.4%。",  # traditional
        "您的帳戶已被停用，因為您的訂單缺陷率為2.4%。",  # traditional, the variant 帳
        "您的帐户已被停用，因为您的订单缺陷率为2.4%。",  # simplified, the variant 帐
    ],
)
def test_simplified_traditional_and_variant_characters_read_alike(text):
    reading = read_notice(text)
    assert reading.reasons == ["order_defect_rate"]
    assert reading.to_json()["metrics"] == {"order_defect_rate": 2.4}


def test_values_keep_the_characters_the_notice_wrote():
    reading = read_notice("侵權類型：商標\n權利人：臺灣某某科技有限公司")
    assert reading.reasons == ["ip_trademark"]
    assert reading.rights_owner == "臺灣某某科技有限公司"  # read in simplified, reported as written


def test_near_miss_traditional_text_about_something_else_names_no_reason():
    assert reasons("請確認您的運送設定。") == []


# ---------------------------------------------------------------- phishing


@pytest.mark.parametrize(
    "text",
    [
        "From: Amazon Seller Support <support@amazon-seller-verify.com>\nYour account is deactivated.",
        "From: seller-performance@amazon.com\nSign in at https://sellercentral-amazon.account-review.top/login",
        "发件人: 亚马逊 <service@amaz0n-cn.com>\n您的账户已被停用。",
        "<p>Appeal <a href='http://amazon.secure-appeal.net/x'>here</a></p>",
    ],
)
def test_a_sender_or_link_outside_amazon_gets_a_warning(text):
    reading = read_notice(text)
    assert reading.warnings[0].startswith(WARNING)
    assert "check Performance Notifications in Seller Central" in describe(reading)
    assert reading.to_json()["warnings"][0].startswith("this may not be from Amazon")


@pytest.mark.parametrize(
    "text",
    [
        "From: Amazon <seller-performance@amazon.co.uk>\nSee https://sellercentral-europe.amazon.com/help",
        "From: notice-dispute@amazon.com\nTrademark register: https://www.uspto.gov/trademarks",
        "From: li@hengtai-home.com\n---------- Forwarded message ---------\nFrom: seller-performance@amazon.com\nx",
        "We found counterfeit items.",
    ],
)
def test_near_miss_amazons_own_domains_and_a_sellers_forward_get_no_warning(text):
    assert not any(w.startswith(WARNING) for w in read_notice(text).warnings)


# ---------------------------------------------------------------- a notice that names no reason


def test_a_deactivation_without_a_reason_is_unspecified_and_says_what_the_wording_suggests():
    reading = read_notice(f"{D}Your account has been deactivated. Review your invoices and supply chain.")
    assert reading.reasons == ["unspecified"]
    summary = describe(reading)
    assert "The notice names no reason" in summary and "--format request" in summary
    assert "Its wording suggests: inauthentic (invoices, supply chain)" in summary
    assert "措辞暗示的可能原因" in describe(reading, "zh")


def test_near_miss_a_notice_with_a_reason_is_never_unspecified():
    text = f"{D}Your account has been deactivated. We are unable to share more information. Counterfeit items."
    assert reasons(text) == ["inauthentic"]


def test_near_miss_text_without_a_deactivation_is_not_unspecified():
    assert reasons(f"{D}Please check your shipping settings.") == []


# ---------------------------------------------------------------- the eight new reasons


NEW_REASONS = {
    "identity_verification": (
        "We could not complete the verification of your business information.",
        "We were unable to verify the authenticity of the invoices. The items are counterfeit.",
        ["inauthentic"],
    ),
    "dropshipping": (
        "Your supplier shipped orders with its own packing slips, breaking the drop shipping policy.",
        "Print packing slips for every order. Your Late Shipment Rate is 7%.",
        ["late_shipment_rate"],
    ),
    "listing_abuse": (
        "You created duplicate detail pages for products that already have an ASIN.",
        "The detail page of your product shows a patented design; the rights owner reported patent infringement.",
        ["ip_patent"],
    ),
    "code_of_conduct": (
        "Your account may be used for deceptive, fraudulent or illegal activity.",
        "Fraudulent chargebacks by buyers raised your Order Defect Rate to 2%.",
        ["order_defect_rate"],
    ),
    "support_abuse": (
        "We found duplicate contacts with Seller Support from your account.",
        "Contact Seller Support if you have questions about the restricted products we removed.",
        ["restricted_product"],
    ),
    "shipment_confirmation": (
        "You marked orders as shipped before the package was shipped.",
        "Confirm shipment on time to keep your Late Shipment Rate under 4%. Your Late Shipment Rate is 6%.",
        ["late_shipment_rate"],
    ),
    "altered_documents": (
        "The documents you submitted were altered.",
        "The invoices could not be verified; we found counterfeit items.",
        ["inauthentic"],
    ),
}


@pytest.mark.parametrize("reason_id", sorted(NEW_REASONS))
def test_each_new_reason_fires_and_its_near_miss_does_not(reason_id):
    fires, near_miss, instead = NEW_REASONS[reason_id]
    assert reasons(D + fires) == [reason_id]
    assert reasons(D + near_miss) == instead


def test_altered_documents_comes_with_the_caution():
    reading = read_notice(f"{D}The invoices you provided were altered.")
    summary = describe(reading)
    assert "Before you answer:" in summary and "Professional help" in summary and "Never send an edited" in summary
    assert "回复之前请注意" in describe(reading, "zh")


def test_json_keeps_todays_keys_and_adds_the_new_ones():
    data = read_notice(f"{D}We found counterfeit items.").to_json()
    for key in ("reasons", "asins", "date", "metrics", "deadline", "documents", "marketplace", "warnings"):
        assert key in data
    assert {"asin_reasons", "policy", "usual_deadlines"} <= set(data)
    json.dumps(data)
