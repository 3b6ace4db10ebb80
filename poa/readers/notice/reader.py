"""Reads the suspension notice a seller pasted: reasons, ASINs, dates, metric values, deadline, documents.

Offline and deterministic: the same text always gives the same reading, and every item says how it
was found, so the seller can confirm or correct it. The phrases that recognise each reason live in
the catalogue (poa/data/reasons.yaml, `notice:`); the patterns in this package are the generic ones
(dates, ASINs, percentages, deadlines, complaint IDs, documents), each in the module of its finder.

Bounded time: the input is capped (MAX_NOTICE_BYTES); every pattern has bounded repetitions and starts
at a fixed kind of character, so a scan is linear in the text; context is read in small windows
around a match; and each kind of match is handled at most a fixed number of times.
"""

from __future__ import annotations

import re
from pathlib import Path

from poa.errors import PoaError, message
from poa.readers.inputs import InputKind, decode, read_text
from poa.readers.notice.asins import asin_labels, asin_reasons, find_asins
from poa.readers.notice.dates import DateFinder
from poa.readers.notice.documents import find_documents
from poa.readers.notice.ip import (
    complaint_ids,
    infringement_label,
    infringement_type,
    registration_numbers,
    rights_owner,
)
from poa.readers.notice.metrics import MetricFinder
from poa.readers.notice.policy import policy_name
from poa.readers.notice.reading import NoticeReading, Said
from poa.readers.notice.reasons import classify, find_hits
from poa.readers.notice.senders import phishing_warnings
from poa.readers.notice.text import CONTROL, MAX_HITS, NoticeText, normalise_text

MAX_NOTICE_BYTES = 2_000_000  # a notice is a few pages; even an HTML e-mail is far below this


def _too_big(where: str, size: int) -> PoaError:
    return PoaError.of("input.notice_too_big", path=where, size=f"{size:,}", limit=f"{MAX_NOTICE_BYTES:,}")


NOTICE_INPUT = InputKind(
    limit=MAX_NOTICE_BYTES,
    binary_hint=message("hint.notice_binary"),
    encoding_hint=message("hint.notice_encoding"),
    folder_hint=message("hint.notice_folder"),
    sniff=True,
    mail=True,
    too_big=_too_big,
)


def decode_notice(data: bytes, where: str = "the notice") -> str:
    """The text of a notice given as bytes, decoded by the front door (UTF-8, UTF-16, GB18030, Big5, ...)."""
    return decode(data, NOTICE_INPUT, where)


def read_notice_file(path: Path, *, marketplace: str | None = None) -> NoticeReading:
    """Read the notice saved in a file (what `poa new --notice FILE` starts from)."""
    return read_notice(notice_text(path), marketplace=marketplace)


def notice_text(path: Path) -> str:
    """A notice file's text, or a one-line reason why it cannot be read."""
    return read_text(path, NOTICE_INPUT)


def read_notice(text: str | bytes, *, marketplace: str | None = None) -> NoticeReading:
    """Read a pasted notice. `marketplace` (a domain) is used when the notice names none."""
    if isinstance(text, bytes):
        text = decode_notice(text)
    if len(text) > MAX_NOTICE_BYTES:
        raise _too_big("the notice", len(text))
    if "\x00" in text or len(CONTROL.findall(text[:65536])) > 100:
        raise PoaError("the notice: this is binary data, not text; copy the notice's text and try again")
    given = _known_marketplace(marketplace) if marketplace else None
    clean = normalise_text(text)
    if not clean:
        raise PoaError("the notice is empty; paste the text of Amazon's message (e-mail or Account Health)")
    return _read(NoticeText.of(clean), given)


def _known_marketplace(value: str) -> str:
    from poa.case.catalog import load_marketplaces, marketplace_domain

    domain = marketplace_domain(value)
    if domain is None:
        markets = ", ".join(load_marketplaces())
        raise PoaError(f"unknown marketplace {value!r}; use a domain such as amazon.com ({markets})")
    return domain


def _read(notice: NoticeText, given_marketplace: str | None) -> NoticeReading:
    """One reading: each finder in turn, in the order their results depend on each other."""
    from poa.case.catalog import load_catalog

    catalog = load_catalog()
    out = NoticeReading()
    out.marketplace = _marketplace(notice, given_marketplace, out)
    hits = find_hits(notice, catalog)
    valued = MetricFinder(notice, hits, catalog, out).find()
    labelled = infringement_label(notice)
    classify(notice, hits, catalog, out, valued, labelled, asin_labels(notice))
    out.metrics = {key: value for key, value in out.metrics.items() if key in out.reasons}
    out.asins = find_asins(notice, out)
    DateFinder(notice, out).read()
    out.complaint_ids = complaint_ids(notice)
    out.rights_owner = rights_owner(notice)
    out.registration_numbers = registration_numbers(notice)
    infringement_type(notice, out, labelled)
    out.documents = find_documents(notice)
    out.asin_reasons = asin_reasons(notice, out, hits)
    out.policy = policy_name(notice)
    out.warnings[:0] = phishing_warnings(notice)  # first: it matters more than anything else read
    return out


def _marketplace(notice: NoticeText, given: str | None, out: NoticeReading) -> str | None:
    """The marketplace the notice names most, else the one given."""
    from poa.case.catalog import load_marketplaces

    domains = sorted(load_marketplaces(), key=len, reverse=True)
    pattern = re.compile(r"(?<![a-z0-9-])(" + "|".join(re.escape(d) for d in domains) + r")(?![a-z0-9-]|\.[a-z])")
    counts: dict[str, int] = {}
    for index, match in enumerate(pattern.finditer(notice.folded)):
        if index >= MAX_HITS:
            break
        counts[match.group(1)] = counts.get(match.group(1), 0) + 1
    found = max(counts, key=lambda d: counts[d]) if counts else None  # ties: the first named
    if found and given and found != given:
        out.warnings.append(
            Said(
                f"the notice names {found} but {given} was given; read it as {found}",
                f"通知中写的是 {found}，而您给出的是 {given}；已按 {found} 读取",
            )
        )
    if found and len(counts) > 1:
        named = ", ".join(counts)
        out.notes.append(
            Said(
                f"several marketplaces are named ({named}); chose {found}, the most named",
                f"通知提到多个站点（{named}）；选用了提到最多的 {found}",
            )
        )
    return found or given
