"""The notice reader: what a suspension notice says, read into a partial case.

text.py normalises the notice; reasons.py, metrics.py, dates.py, asins.py, ip.py and documents.py each
find one kind of thing; reading.py holds the result; summary.py prints it; reader.py runs them in turn.
"""

from poa.readers.notice.reader import (
    MAX_NOTICE_BYTES,
    NOTICE_INPUT,
    decode_notice,
    notice_text,
    read_notice,
    read_notice_file,
)
from poa.readers.notice.reading import MetricFound, NoticeReading, ReasonSignal
from poa.readers.notice.summary import describe
from poa.readers.notice.text import normalise_text

__all__ = [
    "MAX_NOTICE_BYTES",
    "NOTICE_INPUT",
    "MetricFound",
    "NoticeReading",
    "ReasonSignal",
    "decode_notice",
    "describe",
    "normalise_text",
    "notice_text",
    "read_notice",
    "read_notice_file",
]
