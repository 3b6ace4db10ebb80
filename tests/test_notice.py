"""The notice reader (poa/readers/notice/): what it reads from notices as Amazon and sellers write them."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

import pytest
import yaml
from helpers import example_data

from poa.case.catalog import load_catalog
from poa.case.store import case_from_data
from poa.errors import PoaError
from poa.readers.notice import MAX_NOTICE_BYTES, NoticeReading, decode_notice, describe, read_notice, read_notice_file

FIXTURES = Path(__file__).parent / "fixtures" / "notices"
SHARED = FIXTURES / "shared"  # copies of the project's shared samples, so CI needs nothing outside the repo
# Where the samples live beside the checkout during development; the copies must stay the same.
ORIGINAL = Path(__file__).resolve().parents[2] / "shared" / "notices"
EXPECTED = json.loads((SHARED / "expected.json").read_text(encoding="utf-8"))
CATALOG = load_catalog()
AUG_3 = dt.date(2026, 8, 3)


def read(text: str | bytes, **options) -> NoticeReading:
    return read_notice(text, **options)


# ---------------------------------------------------------------- the shared samples


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_shared_samples(name):
    reading = read((SHARED / name).read_bytes()).to_json()
    for key, value in EXPECTED[name].items():
        assert reading[key] == value, (name, key)


@pytest.mark.skipif(not ORIGINAL.is_dir(), reason="the shared samples folder is not beside this checkout")
def test_sample_copies_match_the_shared_folder():
    for original in ORIGINAL.iterdir():
        assert (SHARED / original.name).read_bytes() == original.read_bytes(), original.name


def test_samples_details():
    trademark = read((SHARED / "trademark.txt").read_text(encoding="utf-8"))
    assert trademark.complaint_ids == ["9812345671"]
    assert trademark.rights_owner == "Lumora Audio Ltd."
    assert trademark.infringement_type == "trademark"
    assert trademark.registration_numbers == ["5863214"]
    assert "letter of authorization" in trademark.documents
    assert "license agreement" in trademark.documents

    odr = read((SHARED / "order_defect_rate.txt").read_text(encoding="utf-8"))
    metric = odr.metrics["order_defect_rate"]
    assert (metric.rate_percent, metric.target_percent, metric.window_days) == (2.13, 1.0, 60)
    assert (metric.defects, metric.orders) == (35, 1642)
    assert odr.marketplace == "amazon.com"

    inauthentic = read((SHARED / "inauthentic.txt").read_text(encoding="utf-8"))
    assert inauthentic.documents[0] == "supplier invoices dated within the last 365 days"

    review = read((SHARED / "review_manipulation.txt").read_text(encoding="utf-8"))
    assert review.deadline == dt.date(2026, 11, 22)  # within 17 days of 2026-11-05
    assert "17 days" in review.deadline_basis


# ---------------------------------------------------------------- every reason, in English and Chinese

VARIANTS = {
    "order_defect_rate": (
        "Date: 3 August 2026\nYour account has been deactivated. Order Defect Rate 2.13% Target: under 1%",
        "日期：2026年8月3日\n您的账户已被停用，因为您的订单缺陷率为2.13%，高于1%的目标。",
        2.13,
    ),
    "cancellation_rate": (
        "Sent: Monday, August 3, 2026\nYour Pre-fulfillment Cancel Rate is 4.6%, above our target of 2.5%.",
        "通知日期：2026/08/03\n您的配送前取消率为4.6%，超过2.5%的目标。",
        4.6,
    ),
    "late_shipment_rate": (
        "Date: 2026-08-03\nYour late shipment rate over the last 30 days is 7.8%. Our target is below 4%.",
        "日期：2026年8月3日\n您过去30天的迟发率为7.8%，目标低于4%。",
        7.8,
    ),
    "valid_tracking_rate": (
        "Date: 2026-08-03\nValid Tracking Rate: 88.4% (target: above 95%)",
        "日期：2026年8月3日\n您的有效追踪率为88.4%，低于95%的要求。",
        88.4,
    ),
    "on_time_delivery_rate": (
        "Date: 2026-08-03\nYour On-Time Delivery Rate (OTDR) is 81.2% over a 14-day period; "
        "the target is greater than 90%.",
        "日期：2026年8月3日\n您的准时交货率为81.2%，目标高于90%。",
        81.2,
    ),
    "return_dissatisfaction_rate": (
        "Date: 2026-08-03\nYour Return Dissatisfaction Rate is 14.5%. Amazon's target is under 10%.",
        "日期：2026年8月3日\n您的退货不满意率为14.5%，目标低于10%。",
        14.5,
    ),
    "inauthentic": (
        "Date: 2026-08-03\nWe received reports that items you sold were counterfeit.\nASIN: B08KTZ8249",
        "日期：2026年8月3日\n我们收到买家投诉，称您销售的商品为假冒商品。\nASIN：B08KTZ8249",
        None,
    ),
    "ip_trademark": (
        "Date: 2026-08-03\nWe removed your listing after a notice of trademark infringement.\nASIN: B09ZQ4H2N7",
        "日期：2026年8月3日\n我们收到权利人的商标侵权投诉，已删除您的商品。\nASIN：B09ZQ4H2N7",
        None,
    ),
    "ip_copyright": (
        "Date: 2026-08-03\nA report of copyright infringement: your listing uses the rights owner's photos.",
        "日期：2026年8月3日\n权利人投诉您的商品图片侵犯版权。",
        None,
    ),
    "ip_patent": (
        "Date: 2026-08-03\nThe rights owner reports that your product infringes their utility patent.",
        "日期：2026年8月3日\n权利人投诉您的商品专利侵权。\n专利号：ZL201820123456.7",
        None,
    ),
    "review_manipulation": (
        "Date: 2026-08-03\nWe found that you offered incentivized reviews to buyers. Affected ASIN: B0C4QW7ZJM",
        "日期：2026年8月3日\n我们发现您通过刷单和好评返现操纵评论。",
        None,
    ),
    "restricted_product": (
        "Date: 2026-08-03\nYou listed restricted products that are not permitted for sale in this store.",
        "日期：2026年8月3日\n您上架了受限商品，请在72小时内提交行动计划。",
        None,
    ),
    "product_safety": (
        "Date: 2026-08-03\nCustomers reported a safety concern with your product.",
        "日期：2026年8月3日\n买家反映您的商品存在安全隐患，请提供检测报告。",
        None,
    ),
    "related_accounts": (
        "Date: 2026-08-03\nYour account is related to another seller account that was deactivated.",
        "日期：2026年8月3日\n您的账户与一个已停用的账户存在关联账户关系。",
        None,
    ),
    "pricing": (
        "Date: 2026-08-03\nYour offers violate the Amazon Fair Pricing Policy.",
        "日期：2026年8月3日\n您的报价违反了公平定价政策。",
        None,
    ),
    "condition": (
        "Date: 2026-08-03\nBuyers reported receiving used items sold as new.",
        "日期：2026年8月3日\n买家投诉您将二手商品当作新品销售。",
        None,
    ),
    "identity_verification": (
        "Date: 2026-08-03\nWe were unable to verify your identity with the documents you provided.",
        "日期：2026年8月3日\n我们无法通过您提供的文件完成身份验证。",
        None,
    ),
    "dropshipping": (
        "Date: 2026-08-03\nBuyers received packages naming another retailer, which violates our Drop Shipping Policy.",
        "日期：2026年8月3日\n买家收到了其他零售商的包裹，违反了代发货政策。",
        None,
    ),
    "listing_abuse": (
        "Date: 2026-08-03\nYour listings violate our variation policy: unrelated products were grouped together.",
        "日期：2026年8月3日\n您的商品存在变体滥用，不相关的商品被合并在一起。",
        None,
    ),
    "code_of_conduct": (
        "Date: 2026-08-03\nYour account was deactivated for suspected deceptive, fraudulent, or illegal activity.",
        "日期：2026年8月3日\n您的账户因违反卖家行为准则已被停用。",
        None,
    ),
    "support_abuse": (
        "Date: 2026-08-03\nWe have identified excessive contacts with Seller Support from your account.",
        "日期：2026年8月3日\n我们发现您的账户存在滥用卖家支持的行为。",
        None,
    ),
    "shipment_confirmation": (
        "Date: 2026-08-03\nYou are confirming shipment before the order has shipped.",
        "日期：2026年8月3日\n您在订单实际发出前提前确认发货。",
        None,
    ),
    "altered_documents": (
        "Date: 2026-08-03\nThe invoices you provided were altered.",
        "日期：2026年8月3日\n您提供的发票被篡改。",
        None,
    ),
    "unspecified": (
        "Date: 2026-08-03\nYour Amazon seller account has been deactivated. We are unable to share more information.",
        "日期：2026年8月3日\n您的亚马逊卖家账户已被停用。",
        None,
    ),
}


def test_every_reason_has_a_variant():
    assert set(VARIANTS) == set(CATALOG.ids())


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("reason_id", sorted(VARIANTS))
def test_each_reason_is_read(reason_id, lang):
    english, chinese, percent = VARIANTS[reason_id]
    reading = read(english if lang == "en" else chinese)
    assert reading.reasons == [reason_id]
    assert reading.notice_date == AUG_3
    if percent is not None:
        assert reading.to_json()["metrics"] == {reason_id: percent}


def test_targets_are_not_taken_for_values():
    reading = read(VARIANTS["late_shipment_rate"][0])
    found = reading.metrics["late_shipment_rate"]
    assert (found.rate_percent, found.target_percent, found.window_days) == (7.8, 4.0, 30)


@pytest.mark.parametrize(
    "text",
    [
        "Order Defect Rate 2.13% Target: under 1%",
        "Your ODR is 2.13%.",
        "订单缺陷率为2.13%",
        "Order Defect Rate | 2.13% | < 1%",
        "Metric\nOrder Defect Rate\n2.13%\nTarget\n< 1%",
        "Your order defect rate (ODR) of 2.13 % is above the 1% target.",
        "Order defect rate: 2,13 %",
    ],
)
def test_metric_values_however_written(text):
    assert read(text).to_json()["metrics"] == {"order_defect_rate": 2.13}


def test_counts_of_orders():
    reading = read("Your ODR is 2.13%: 35 of 1,642 orders had a defect.")
    found = reading.metrics["order_defect_rate"]
    assert (found.defects, found.orders) == (35, 1642)


def test_counts_that_contradict_the_rate_are_left_out():
    reading = read("Your ODR is 5.5%.\nOrders with a defect: 35\nOrders: 1,642")
    found = reading.metrics["order_defect_rate"]
    assert found.rate_percent == 5.5 and found.defects is None
    assert any("does not give the stated 5.5%" in w for w in reading.warnings)


def test_counts_for_a_metric_kept_above_its_target():
    reading = read("Valid Tracking Rate: 88.4%\nPackages without valid tracking: 58\nTotal packages: 500")
    found = reading.metrics["valid_tracking_rate"]
    assert (found.defects, found.orders) == (58, 500)


def test_counts_without_a_rate():
    reading = read("Late shipment rate\nLate shipments: 31\nShipments: 500")
    assert reading.to_json()["metrics"] == {"late_shipment_rate": 6.2}


# ---------------------------------------------------------------- several reasons, and words said in passing


def test_late_shipment_and_cancellation():
    reading = read(
        "Date: August 3, 2026\nYour Amazon.com seller account has been deactivated.\n"
        "Late Shipment Rate: 6.2% (target: under 4%)\n"
        "Pre-fulfillment Cancel Rate: 3.1% (target: under 2.5%)\n"
        "Orders shipped late: 31 of 500 orders"
    )
    assert reading.reasons == ["late_shipment_rate", "cancellation_rate"]
    assert reading.to_json()["metrics"] == {"late_shipment_rate": 6.2, "cancellation_rate": 3.1}
    assert (reading.metrics["late_shipment_rate"].defects, reading.metrics["late_shipment_rate"].orders) == (31, 500)


def test_chinese_multi_reason():
    reading = read("您的迟发率为6.2%，取消率为3.1%。")
    assert reading.reasons == ["late_shipment_rate", "cancellation_rate"]


@pytest.mark.parametrize(
    "text",
    [
        "Your late shipment rate is 7.1%. To avoid cancellations, keep your inventory up to date.",
        "Your late shipment rate is 7.1%. To avoid a high cancellation rate, confirm shipment on time.",
        "Your late shipment rate is 7.1%. Metrics such as the cancellation rate also matter.",
        "Your late shipment rate is 7.1%. We monitor metrics including the cancellation rate and the ODR.",
        "Late shipments lead to cancellations and negative feedback. Your late shipment rate is 7.1%.",
    ],
)
def test_a_metric_mentioned_in_passing_is_not_a_reason(text):
    assert read(text).reasons == ["late_shipment_rate"]


def test_hints_alone_do_not_classify():
    reading = read("We noticed cancellations, reviews and returns on your account.")
    assert reading.reasons == []
    assert reading.signals  # what was found is still reported


def test_unclassifiable_notice():
    reading = read("Hello, please check your shipping settings. Date: 2026-08-03")
    assert not reading.classified
    assert reading.notice_date == AUG_3
    assert "No reason recognised" in describe(reading) or "Reasons:" in describe(reading)


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("line", "marketplace"),
    [
        ("Date: 2026-08-03", None),
        ("Date: August 3, 2026", None),
        ("Date: Aug 3 2026", None),
        ("Date: Aug. 3, 2026", None),
        ("Date: 3 August 2026", None),
        ("Date: 3rd of August 2026", None),
        ("Sent: Monday, August 3, 2026 10:12 AM", None),
        ("Date: 08/03/2026", "amazon.com"),
        ("Date: 03/08/2026", "amazon.co.uk"),
        ("Date: 03.08.2026", None),
        ("日期：2026年8月3日", None),
        ("日期：２０２６年８月３日", None),
        ("Date: 2026/08/03", None),
        ("Date: 2026.08.03", None),
    ],
)
def test_date_formats(line, marketplace):
    reading = read(f"{line}\nWe found counterfeit items.", marketplace=marketplace)
    assert reading.notice_date == AUG_3


def test_ambiguous_date_without_marketplace_is_read_us_and_flagged():
    reading = read("Notice sent on 11/05/2026\nWe found counterfeit items.")
    assert reading.notice_date == dt.date(2026, 11, 5)
    assert any("11/05/2026 can be November 5, 2026 or May 11" in w for w in reading.warnings)


def test_ambiguous_date_follows_the_marketplace():
    assert read("Date: 11/05/2026\ncounterfeit", marketplace="amazon.de").notice_date == dt.date(2026, 5, 11)
    detected = read("Your Amazon.co.uk account.\nDate: 11/05/2026\ncounterfeit")
    assert detected.marketplace == "amazon.co.uk"
    assert detected.notice_date == dt.date(2026, 5, 11)
    assert not detected.warnings


def test_ambiguous_date_follows_the_notices_other_dates():
    reading = read("Date: 11/05/2026\nInvoices dated 25/04/2026 were not accepted. counterfeit")
    assert reading.notice_date == dt.date(2026, 5, 11)
    assert not reading.warnings


def test_unambiguous_slash_dates():
    assert read("Date: 25/08/2026\ncounterfeit").notice_date == dt.date(2026, 8, 25)
    assert read("Date: 08/25/2026\ncounterfeit").notice_date == dt.date(2026, 8, 25)


def test_the_notice_date_is_not_a_deadline_or_an_invoice_date():
    reading = read(
        "Provide invoices dated 2026-01-05 or later. Appeal by September 1, 2026.\n"
        "We found counterfeit items.\nDate: 2026-08-03"
    )
    assert reading.notice_date == AUG_3
    assert reading.deadline == dt.date(2026, 9, 1)


def test_without_a_label_the_first_plain_date_is_the_notice_date():
    reading = read("August 3, 2026\n\nWe found counterfeit items. Respond before 2026-09-01.")
    assert reading.notice_date == AUG_3
    assert reading.deadline == dt.date(2026, 9, 1)


def test_impossible_dates_are_skipped():
    assert read("Date: 2026-02-30\ncounterfeit").notice_date is None


# ---------------------------------------------------------------- deadlines


@pytest.mark.parametrize(
    ("sentence", "deadline"),
    [
        ("If you do not submit an acceptable plan of action within 17 days, ...", dt.date(2026, 8, 20)),
        ("Send us a plan of action within seventeen (17) days.", dt.date(2026, 8, 20)),
        ("Send a plan of action within 72 hours.", dt.date(2026, 8, 6)),
        ("Respond within 5 business days.", dt.date(2026, 8, 10)),
        ("Submit your appeal by September 1, 2026.", dt.date(2026, 9, 1)),
        ("请在17天内提交行动计划。", dt.date(2026, 8, 20)),
        ("请在2026年8月20日前提交申诉。", dt.date(2026, 8, 20)),
    ],
)
def test_deadlines(sentence, deadline):
    reading = read(f"Date: 2026-08-03\nWe found counterfeit items. {sentence}")
    assert reading.deadline == deadline
    assert reading.deadline_basis


def test_business_days_skip_the_weekend():
    reading = read("Date: Friday, August 7, 2026\ncounterfeit. Respond within 5 business days.")
    assert reading.deadline == dt.date(2026, 8, 14)


def test_a_window_for_invoices_is_not_a_deadline():
    reading = read("Date: 2026-08-03\ncounterfeit. Provide invoices issued within the last 365 days.")
    assert reading.deadline is None


def test_a_relative_deadline_without_a_notice_date():
    reading = read("counterfeit. Send a plan of action within 17 days.")
    assert reading.deadline is None
    assert any("within 17 days" in note for note in reading.notes)


# ---------------------------------------------------------------- ASINs


def test_asins_in_lines_lists_tables_and_links():
    reading = read(
        "counterfeit\nASIN: B08KTZ8249\nASINs:\n- B07PXGQC1Q\n* b0c4qw7zjm\n"
        "| ASIN | Title |\n| B09ZQ4H2N7 | Charging pad |\n"
        "https://www.amazon.com/dp/B0B7K2M4QX?ref=x\nASIN: B08KTZ8249 (again)\n"
        "Background information for businesses."
    )
    assert reading.asins == ["B08KTZ8249", "B07PXGQC1Q", "B0C4QW7ZJM", "B09ZQ4H2N7", "B0B7K2M4QX"]


def test_book_asins_are_isbn10_on_asin_lines_only():
    reading = read("counterfeit books\nASIN: 0306406152\nISBN: 0306406153\nComplaint ID: 0306406152")
    assert reading.asins == ["0306406152"]  # the second has a wrong check digit


# ---------------------------------------------------------------- IP details and documents


def test_ip_details():
    reading = read(
        "Date: 2026-08-03\nComplaint IDs: 1234567890, 1234567891 and 1234567892\n"
        "Rights Owner: Acme Brands GmbH\nInfringement type: Copyright\n"
        "Copyright registration number: VA 2-123-456"
    )
    assert reading.reasons == ["ip_copyright"]
    assert reading.complaint_ids == ["1234567890", "1234567891", "1234567892"]
    assert reading.rights_owner == "Acme Brands GmbH"
    assert reading.infringement_type == "copyright"
    assert reading.registration_numbers == ["VA 2-123-456"]


def test_dashes_of_any_kind():
    assert read("Your On\u2011Time Delivery Rate is 81.2%.").reasons == ["on_time_delivery_rate"]
    assert read("Your Pre\u2010fulfillment cancel rate is 4.6%.").reasons == ["cancellation_rate"]


def test_design_patent():
    reading = read("The rights owner reports that your product infringes their design patent.\nPatent No. US D912,345")
    assert reading.reasons == ["ip_patent"]
    assert reading.infringement_type == "design"
    assert reading.registration_numbers == ["US D912,345"]


def test_chinese_ip_details():
    reading = read("侵权类型：商标\n投诉编号：1234567890\n权利人：深圳某某科技有限公司\n商标注册号：5863214")
    assert reading.reasons == ["ip_trademark"]
    assert reading.complaint_ids == ["1234567890"]
    assert reading.rights_owner == "深圳某某科技有限公司"
    assert reading.registration_numbers == ["5863214"]


def test_business_registration_numbers_are_not_ip():
    reading = read("related account\nBusiness registration number: 91440300MA5")
    assert reading.registration_numbers == []


def test_documents_requested():
    reading = read(
        "counterfeit. Provide invoices from your supplier dated within the last 12 months, "
        "a letter of authorization from the brand, test reports and a plan of action."
    )
    assert reading.documents == [
        "supplier invoices dated within the last 365 days",
        "letter of authorization",
        "test reports from an accredited laboratory",
        "plan of action",
    ]
    assert read("假冒。请提供供应商发票和授权书。").documents == ["supplier invoices", "letter of authorization"]


# ---------------------------------------------------------------- marketplace


def test_marketplace_detected_given_and_conflicting():
    assert read("counterfeit on amazon.co.jp").marketplace == "amazon.co.jp"
    assert read("counterfeit", marketplace="Amazon.DE").marketplace == "amazon.de"
    conflicting = read("counterfeit on Amazon.com", marketplace="amazon.de")
    assert conflicting.marketplace == "amazon.com"
    assert any("amazon.de was given" in w for w in conflicting.warnings)
    with pytest.raises(PoaError, match="unknown marketplace 'amazon.xx'"):
        read("counterfeit", marketplace="amazon.xx")


# ---------------------------------------------------------------- what the input looks like

ODR_LINE = "Date: 2026-08-03\r\nYour Order Defect Rate is 2.13%.\r\nASIN: B08KTZ8249\r\n"


@pytest.mark.parametrize(
    "data",
    [
        ODR_LINE.encode("utf-8"),
        b"\xef\xbb\xbf" + ODR_LINE.encode("utf-8"),
        ODR_LINE.encode("utf-16"),  # with a byte-order mark
        b"\xfe\xff" + ODR_LINE.encode("utf-16-be"),
        ODR_LINE.replace(" ", "\u00a0").encode("utf-8"),
        ODR_LINE.replace(" ", "\u3000").encode("utf-8"),
        ODR_LINE.replace(" ", " \t  ").encode("utf-8"),
        ODR_LINE.replace("\r\n", "\r").encode("utf-8"),
        ODR_LINE.replace("Order Defect", "Or\u200bder\u00a0\u00a0Defect").encode("utf-8"),
        ODR_LINE.replace("2.13%", "２．１３％").replace("B08KTZ8249", "Ｂ０８ＫＴＺ８２４９").encode("utf-8"),
    ],
)
def test_encodings_line_endings_and_odd_spacing(data):
    reading = read(data)
    assert reading.reasons == ["order_defect_rate"]
    assert reading.notice_date == AUG_3
    assert reading.asins == ["B08KTZ8249"]
    assert reading.to_json()["metrics"] == {"order_defect_rate": 2.13}


def test_html_email():
    reading = read((FIXTURES / "html_email.html").read_bytes())
    assert reading.reasons == ["order_defect_rate"]
    assert reading.marketplace == "amazon.de"
    assert reading.notice_date == AUG_3  # 03.08.2026, day first
    # Comments and scripts are not part of the message.
    assert reading.asins == ["B08KTZ8249", "B07PXGQC1Q"]
    found = reading.metrics["order_defect_rate"]
    assert (found.rate_percent, found.target_percent, found.defects, found.orders) == (2.13, 1.0, 35, 1642)
    assert reading.deadline == dt.date(2026, 8, 20)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the notice is empty"),
        (b"  \r\n\t\n ", "the notice is empty"),
        (b"<html><body><p> </p></body></html>", "the notice is empty"),
        (b"\x00\x01\x02binary\x00", "binary file"),
        (b"%PDF-1.7\n%\xe2\xe3", "this is a PDF file"),
        (b"PK\x03\x04\x14\x00", "Word document"),
        (b"\x89PNG\r\n\x1a\n", "an image"),
        (b"Order Defect Rate \x81\xff\x8d", "is not UTF-8"),
        (b"x" * (MAX_NOTICE_BYTES + 1), "more than the 2,000,000"),
    ],
)
def test_unusable_input_is_one_clear_line(data, message):
    with pytest.raises(PoaError) as error:
        read(data)
    assert message in str(error.value)
    assert "\n" not in str(error.value)


def test_text_with_control_characters_is_binary():
    with pytest.raises(PoaError, match="binary"):
        read("\x01\x02\x03" * 200)


def test_read_notice_file_gives_the_reading():
    reading = read_notice_file(SHARED / "trademark.txt", marketplace="amazon.com")
    assert reading.reasons == ["ip_trademark"] and reading.marketplace == "amazon.com"
    with pytest.raises(PoaError, match="nope.txt: no such file"):
        read_notice_file(SHARED / "nope.txt")


def test_decode_names_the_source():
    with pytest.raises(PoaError, match="^standard input: this is a binary file"):
        decode_notice(b"\x00\x00", "standard input")


# ---------------------------------------------------------------- bounded time on hostile input

_BIG = MAX_NOTICE_BYTES - 10


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    "text",
    [
        "1" * _BIG,
        "B0" * (_BIG // 2),
        "<" * _BIG,
        "<b>" + "<a " * (_BIG // 3),
        "<!-- -->" * (_BIG // 9) + "counterfeit",
        "<p>" + "<!--" * (_BIG // 5) + "-->counterfeit",
        ("1 " * 1000 + "%") * (_BIG // 2001),
        "1% " * (_BIG // 3),
        "1." * (_BIG // 2),
        " " * (_BIG - 1) + "x",
        "11/05/2026 " * (_BIG // 11),
        "August " * (_BIG // 7),
        "order defect rate " * (_BIG // 18),
        "订单缺陷率为2.13%" * (_BIG // 40),
        "Complaint ID: " * (_BIG // 14),
        "Orders: 1,642\n" * (_BIG // 14),
        "within 17 days " * (_BIG // 15),
        "<td>Order Defect Rate</td><td>2.13%</td>" * (_BIG // 45),
        "Date: 2026-08-03 | Rights owner: X | Trademark number: 5 | " * (_BIG // 60),
        # the rules for real notices: forwards, quotes, order lines, senders, links, policy names, labels
        "-" * _BIG,
        "---------- Forwarded message ---------\n" * (_BIG // 40),
        "> quoted 2026-08-03\n" * (_BIG // 20),
        "The buyer wrote:\n" * (_BIG // 17),
        "112-1234567-1234567 " * (_BIG // 20),
        "From: Amazon <x@amaz0n.top>\n" * (_BIG // 28),
        "https://a.b.c.d.e.f.g.h " * (_BIG // 24),
        "Misuse Of Ratings Policy " * (_BIG // 25),
        "B0AAAAAAA1 (Trademark)\n" * (_BIG // 23),
        "《受限商品政策》" * (_BIG // 8),
        "Sincerely,\n" * (_BIG // 11),
        "asserting " * (_BIG // 10),
        "帳戶訂單缺陷率" * (_BIG // 7),
        "we will review within 48 hours, " * (_BIG // 32),
    ],
    ids=lambda text: repr(text[:12]),
)
def test_large_hostile_input_completes(text):
    reading = read(text)
    assert isinstance(reading.to_json(), dict)
    assert len(reading.asins) <= 500


# ---------------------------------------------------------------- output: JSON, partial case, summary


def test_json_keys():
    data = read((SHARED / "order_defect_rate.txt").read_text(encoding="utf-8")).to_json()
    for key in ("reasons", "asins", "date", "metrics", "deadline", "documents", "marketplace"):
        assert key in data
    assert data["metrics"] == {"order_defect_rate": 2.13}
    json.dumps(data)  # plain data only


def complete(partial: dict) -> dict:
    """The partial case plus what a notice never says: the seller, a plan per reason, missing metrics."""
    example = example_data("order_defect_rate")
    plan = copy.deepcopy(example["plans"]["order_defect_rate"])
    for action in plan["corrective_actions"]:
        action["asins"] = []
    for evidence in plan.get("evidence", []):
        evidence["asins"] = []
    data = copy.deepcopy(partial)
    data["seller"] = example["seller"]
    data["plans"] = {reason_id: plan for reason_id in data["reasons"]}
    metrics = data.setdefault("metrics", {})
    for reason_id in data["reasons"]:
        if CATALOG[reason_id].kind == "performance":
            metrics.setdefault(reason_id, {"rate_percent": 5.0})
    return data


NOTICES = [
    *(SHARED / name for name in sorted(EXPECTED)),
    FIXTURES / "html_email.html",
]


@pytest.mark.parametrize("path", NOTICES, ids=lambda p: p.name)
def test_partial_case_completes_into_a_valid_case(path):
    partial = read(path.read_bytes()).partial_case()
    assert set(partial) <= {"marketplace", "notice_date", "reasons", "metrics", "affected_asins", "notice"}
    data = complete(partial)
    if "marketplace" not in partial:
        assert path.name == "trademark.txt"  # that sample names no marketplace; the seller gives it
        data["marketplace"] = "amazon.com"
    case = case_from_data(yaml.safe_load(yaml.safe_dump(data)), path)
    assert case.reasons == partial["reasons"]
    assert case.notice_date.isoformat() == partial["notice_date"]


def test_partial_case_of_the_trademark_sample_keeps_the_notice_details():
    partial = read((SHARED / "trademark.txt").read_bytes()).partial_case()
    assert partial["notice"] == {
        "complaint_ids": ["9812345671"],
        "rights_owner": "Lumora Audio Ltd.",
        "infringement_type": "trademark",
        "registration_numbers": ["5863214"],
        "documents_requested": [
            "plan of action",
            "invoices from the rights owner or its authorized distributor",
            "letter of authorization",
            "license agreement",
        ],
    }


@pytest.mark.parametrize("reason_id", sorted(VARIANTS))
def test_partial_case_of_every_variant_is_valid(reason_id):
    for text in VARIANTS[reason_id][:2]:
        partial = read(text, marketplace="amazon.com").partial_case()
        case_from_data(complete(partial), Path("variant.yaml"))


def test_partial_case_has_only_what_was_found():
    partial = read("Your ODR is 2.13%.").partial_case()
    assert partial == {"reasons": ["order_defect_rate"], "metrics": {"order_defect_rate": {"rate_percent": 2.13}}}


def test_describe_lists_found_and_missing():
    reading = read((SHARED / "order_defect_rate.txt").read_text(encoding="utf-8"))
    text = describe(reading)
    assert "order_defect_rate (Order Defect Rate)" in text
    assert "2.13% (target < 1%; 60 days; 35 of 1,642 orders)" in text
    assert "Notice date:" in text and "2026-08-03" in text
    assert "Not found in the notice: ASINs, Deadline" in text
    chinese = describe(reading, "zh")
    assert "订单缺陷率" in chinese and "通知中未找到" in chinese


def test_describe_an_unclassified_notice():
    text = describe(read("We noticed cancellations on your account."))
    assert "Reasons:" in text and "No reason recognised; found only: cancellation_rate (cancellations)" in text


# ---------------------------------------------------------------- the reading rules in the catalogue


def test_every_reason_has_reading_rules_in_both_languages():
    for reason in CATALOG.reasons.values():
        rules = reason.notice
        assert rules.names.en and rules.names.zh, reason.id
        assert (rules.metric is not None) == (reason.kind == "performance"), reason.id
    assert "订单缺陷率" in CATALOG["order_defect_rate"].notice.names.zh


def _raw() -> list[dict]:
    from poa.case.catalog import DATA_DIR

    return yaml.safe_load((DATA_DIR / "reasons.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda entries: entries[0].pop("notice"), "notice"),
        (lambda entries: entries[0]["notice"]["names"].update(en=["订单"]), "English phrases are plain ASCII"),
        (lambda entries: entries[0]["notice"]["names"].update(en=["*odr"]), "'*' may only end a word"),
        (lambda entries: entries[0]["notice"]["names"].update(zh=[]), "needs English (en) and Chinese (zh)"),
        (lambda entries: entries[0]["notice"].pop("metric"), "notice.metric"),
        (lambda entries: entries[6]["notice"].update(metric=entries[0]["notice"]["metric"]), "notice.metric"),
        (lambda entries: entries[0]["notice"].update(weights=1), "Extra inputs"),
    ],
)
def test_damaged_reading_rules_are_refused(tmp_path, damage, message):
    from poa.case.catalog import load_catalog as load

    entries = _raw()
    damage(entries)
    path = tmp_path / "reasons.yaml"
    path.write_text(yaml.safe_dump(entries, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(PoaError, match="reasons.yaml") as error:
        load(path)
    assert message in str(error.value)
