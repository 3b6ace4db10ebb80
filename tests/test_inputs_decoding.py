"""The front door's decoding and e-mail unpacking: every reader gets the same text from what sellers save."""

from __future__ import annotations

import datetime as dt
from email.message import EmailMessage

import pytest
from helpers import assert_one_line_error
from msg_file import compound_file, outlook_message

from poa.errors import PoaError
from poa.readers.inputs import InputKind, decode, html_to_text, read_text
from poa.readers.mail import eml_text, looks_like_eml
from poa.readers.notice import NOTICE_INPUT, read_notice, read_notice_file

TEXT_KIND = InputKind(limit=100_000, binary_hint="give a text file", encoding_hint="save it as UTF-8")
SIMPLIFIED = "日期：2026年8月3日\n您的账户已被停用，因为您的订单缺陷率为2.13%，高于1%的目标。\nASIN：B08KTZ8249\n"
TRADITIONAL = "日期：2026年8月3日\n您的賬戶已被停用，因為您的訂單缺陷率為2.13%，高於1%的目標。\nASIN：B08KTZ8249\n"
ENGLISH = "Date: 2026-08-03\r\nYour Order Defect Rate is 2.13%.\r\nASIN: B08KTZ8249\r\n"
GERMAN = "Datum: 03.08.2026\nIhr Verkäuferkonto wurde deaktiviert: Bestellmängelquote (Order Defect Rate) 2,13 %.\n"


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (ENGLISH, "utf-16-le"),  # UTF-16 without a byte-order mark, as some Windows programs save it
        (ENGLISH, "utf-16-be"),
        (SIMPLIFIED, "utf-16-le"),
        (SIMPLIFIED, "gb18030"),
        (SIMPLIFIED, "gbk"),
        (TRADITIONAL, "big5"),
        (SIMPLIFIED, "utf-8-sig"),
        (ENGLISH, "utf-16"),
    ],
)
def test_windows_encodings_are_read(text, encoding):
    assert decode(text.encode(encoding), TEXT_KIND, "notice.txt") == text


@pytest.mark.parametrize("encoding", ["gb18030", "big5", "utf-16-le", "utf-8"])
def test_a_chinese_notice_in_any_encoding_gives_the_same_reading(encoding):
    text = TRADITIONAL if encoding == "big5" else SIMPLIFIED
    reading = read_notice(text.encode(encoding))
    assert reading.reasons == ["order_defect_rate"]
    assert reading.notice_date == dt.date(2026, 8, 3)
    assert reading.asins == ["B08KTZ8249"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x00\x01\x02binary\x00", "binary file"),  # NUL bytes on both sides of a pair: not UTF-16
        (b"\xff\xfe\x00\x00\x01\x00", "binary file"),  # a UTF-16 mark before control characters
        (b"caf\x81\xff", "byte 3 is not UTF-8; save it as UTF-8"),
        # Windows-1252 is not guessed: its letters would read as stray Chinese characters in GBK.
        (GERMAN.encode("cp1252"), "byte 26 is not UTF-8; save it as UTF-8"),
    ],
)
def test_what_no_encoding_reads_is_one_line(data, message):
    with pytest.raises(PoaError) as error:
        decode(data, TEXT_KIND, "notice.txt")
    assert message in str(error.value) and "\n" not in str(error.value)


def test_every_reader_decodes_alike(tmp_path, run_cli):
    """A case file saved as GBK and a draft saved as UTF-16 come through the same front door."""
    draft = tmp_path / "draft.txt"
    draft.write_bytes("Root cause\n我们的库存不同步。\n".encode("utf-16-le"))
    assert "我们的库存不同步" in read_text(draft, TEXT_KIND)
    case = tmp_path / "case.yaml"
    case.write_bytes("seller: 深圳\n".encode("gbk"))
    result = run_cli("render", str(case))
    assert result.code == 2 and "seller" in result.err and "binary" not in result.err and "UTF-8" not in result.err


# ---------------------------------------------------------------- saved e-mails


def _eml(body: str, *, html: str | None = None, charset: str = "utf-8", cte: str = "quoted-printable") -> bytes:
    message = EmailMessage()
    message["From"] = "Amazon Seller Performance <seller-performance@amazon.com>"
    message["To"] = "seller@example.com"
    message["Subject"] = "您的亚马逊卖家账户 / Your Amazon.com selling account"
    message["Date"] = "Mon, 03 Aug 2026 10:12:00 +0000"
    message.set_content(body, charset=charset, cte=cte)
    if html is not None:
        message.add_alternative(html, subtype="html", cte="base64")
    return bytes(message)


def test_eml_with_quoted_printable_body(tmp_path):
    path = tmp_path / "notice.eml"
    path.write_bytes(_eml("We found counterfeit items in your inventory.\nASIN: B08KTZ8249 " + "x" * 90))
    text = read_text(path, NOTICE_INPUT)
    assert text.startswith("From: Amazon Seller Performance <seller-performance@amazon.com>\n")
    assert "Subject: 您的亚马逊卖家账户 / Your Amazon.com selling account" in text  # RFC 2047 decoded
    assert "=\n" not in text and "x" * 90 in text  # soft line breaks joined
    reading = read_notice_file(path)
    assert reading.reasons == ["inauthentic"] and reading.notice_date == dt.date(2026, 8, 3)
    assert reading.marketplace == "amazon.com"


def test_eml_with_base64_gb2312_body_and_html_alternative(tmp_path):
    html = "<p>您好，我们发现您销售的商品为<b>假冒商品</b>。</p><p>ASIN：B08KTZ8249</p>"
    path = tmp_path / "notice.eml"
    path.write_bytes(
        _eml("您好，我们发现您销售的商品为假冒商品。ASIN：B08KTZ8249", html=html, charset="gb2312", cte="base64")
    )
    reading = read_notice_file(path)
    assert reading.reasons == ["inauthentic"]
    assert reading.asins == ["B08KTZ8249"]


def test_eml_forwarded_as_an_attachment():
    inner = EmailMessage()
    inner["From"] = "seller-performance@amazon.co.uk"
    inner["Date"] = "Mon, 03 Aug 2026 10:12:00 +0000"
    inner.set_content("Your Late Dispatch Rate is 6.2%, above the target of 4%.")
    outer = EmailMessage()
    outer["From"] = "me@example.com"
    outer["Subject"] = "Fwd: account"
    outer["MIME-Version"] = "1.0"
    outer.set_content("See the notice below.")
    outer.add_attachment(inner)
    text = eml_text(bytes(outer), "fwd.eml")
    assert "---------- Forwarded message ----------\nFrom: seller-performance@amazon.co.uk" in text
    assert read_notice(text).reasons == ["late_shipment_rate"]


def test_an_email_is_recognised_without_its_extension(tmp_path):
    path = tmp_path / "notice.txt"
    path.write_bytes(_eml("We found counterfeit items."))
    assert read_text(path, NOTICE_INPUT).startswith("From: Amazon Seller Performance")


@pytest.mark.parametrize(
    "text",
    [
        b"From: Amazon\nSent: Monday, August 3, 2026\nSubject: account\n\nWe found counterfeit items.",
        b"Date: 2026-08-03\nYour Order Defect Rate is 2.13%.",
        b"Subject: x\nContent-Type: text/plain",  # no blank line ends the header block
    ],
)
def test_pasted_header_lines_are_not_a_saved_email(text):
    assert not looks_like_eml(text)


def test_an_email_is_only_unpacked_where_the_kind_takes_mail(tmp_path):
    path = tmp_path / "draft.txt"
    path.write_bytes(_eml("Root cause"))
    assert "Content-Type" in read_text(path, TEXT_KIND)


# ---------------------------------------------------------------- Outlook .msg


def test_outlook_msg(tmp_path):
    path = tmp_path / "notice.msg"
    path.write_bytes(
        outlook_message(
            sender="seller-performance@amazon.com",
            sender_name="Amazon Seller Performance",
            subject="Your Amazon.com selling privileges have been removed",
            body="Hello,\r\n\r\nWe found counterfeit items in your inventory.\r\nASIN: B08KTZ8249\r\n",
            sent=dt.datetime(2026, 8, 3, 10, 12),
        )
    )
    text = read_text(path, NOTICE_INPUT)
    assert text.startswith("From: Amazon Seller Performance <seller-performance@amazon.com>\n")
    assert "Date: Mon, 03 Aug 2026 10:12:00 +0000" in text  # from the submit time
    reading = read_notice_file(path)
    assert reading.reasons == ["inauthentic"]
    assert reading.notice_date == dt.date(2026, 8, 3)
    assert reading.asins == ["B08KTZ8249"]


def test_outlook_msg_date_from_its_transport_headers(tmp_path):
    data = outlook_message(
        sender="seller-performance@amazon.de",
        sender_name="Amazon",
        subject="Konto",
        body="Your Order Defect Rate is 2.13%.",
        headers="Received: from x\r\nDate: Tue, 4 Aug 2026 08:00:00 +0200\r\n",
    )
    reading = read_notice(read_text(_saved(tmp_path, "n.msg", data), NOTICE_INPUT))
    assert reading.notice_date == dt.date(2026, 8, 4)


def _saved(folder, name, data):
    path = folder / name
    path.write_bytes(data)
    return path


def test_an_ole_file_that_is_not_a_message_is_refused_in_one_line(tmp_path, run_cli):
    path = _saved(tmp_path, "old.doc", compound_file({"WordDocument": b"\x00" * 100}))
    assert_one_line_error(run_cli("notice", str(path)), "old.doc: this is an old Word or Outlook file, not text")


def test_a_damaged_msg_is_one_line(tmp_path, run_cli):
    data = outlook_message(sender="a@amazon.com", sender_name="A", subject="s", body="b")
    path = _saved(tmp_path, "broken.msg", data[:700])
    assert_one_line_error(run_cli("notice", str(path)), "broken.msg: the Outlook message cannot be read", "Save As")


def test_the_notice_command_reads_a_saved_email_from_standard_input(tmp_path):
    from helpers import run_process

    result = run_process("notice", "-", "--json", stdin=_eml("We found counterfeit items.").decode("ascii"))
    assert result.code == 0, result
    assert '"inauthentic"' in result.out


# ---------------------------------------------------------------- HTML links


def test_html_links_keep_their_host():
    text = html_to_text(
        '<p>Open <a class="b" href="https://sellercentral.amazon.com/perf?x=2.13%">Account Health</a></p>'
    )
    assert "[https://sellercentral.amazon.com] Account Health" in text
    assert "2.13" not in text  # the path and query stay out of the text
