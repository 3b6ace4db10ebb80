"""`poa reply --case`: Amazon's reply recorded as a round of the case, with the plan's items as sent."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from poa.case.edit import with_round
from poa.case.history import normalise, plan_snapshot, plan_texts
from poa.case.store import CASE_SUFFIXES, atomic_write, case_from_data, check_target, parse_answers
from poa.errors import PoaError
from poa.readers.case_file import CASE_INPUT
from poa.readers.inputs import read_text

if TYPE_CHECKING:
    from poa.case.model import Case
    from poa.readers.reply import ReplyReading

MAX_REPLY_CHARS = 20_000  # the case keeps this much of the reply's text

_SAY = {
    "en": {
        "recorded": "Recorded round {number} in {path}: the plan of {sent} and Amazon's reply ({kind}).",
        "sent_guessed": "The plan's sending date is not known; recorded as {sent}: correct it with --sent if needed.",
        "cut": "The reply is longer than {limit:,} characters; the case keeps its first {limit:,}.",
        "next": "Next: revise the plan (poa new --answers {path}, or edit the file), then poa check {path}.",
        "done": "Nothing more to send; the case keeps the history.",
    },
    "zh": {
        "recorded": "已在 {path} 中记录第 {number} 轮：{sent} 的行动计划和亚马逊的回复（{kind}）。",
        "sent_guessed": "不知道该计划的提交日期，已记为 {sent}；如有不同，请用 --sent 更正。",
        "cut": "回复超过 {limit:,} 个字符，案例只保留前 {limit:,} 个字符。",
        "next": "下一步：修改行动计划（poa new --answers {path}，或直接编辑文件），然后运行 poa check {path}。",
        "done": "无需再提交；案例中保留了全部记录。",
    },
}


@dataclass
class RoundRecord:
    path: Path
    text: str  # the case file as written
    case: Case

    @classmethod
    def open(cls, path: Path) -> RoundRecord:
        if path.suffix.lower() not in CASE_SUFFIXES:
            raise PoaError.of("reply.case_suffix", path=path)
        check_target(path, force=True)  # the case is replaced: a regular file, in a folder poa can write
        text = read_text(path, CASE_INPUT)
        return cls(path, text, case_from_data(parse_answers(text, path), path))

    def sent_texts(self) -> tuple[str, ...]:
        """The words of the plan as sent, and of any plan sent before: what a reply may quote back."""
        earlier = tuple(r.text_sent for r in self.case.previous_appeals if r.text_sent)
        return (*plan_texts(self.case), *earlier)

    def prepare(self, reading: ReplyReading, *, sent: dt.date | None) -> PreparedRound:
        """The case file with the round added, checked to read back as a valid case; nothing written yet."""
        for number, earlier in enumerate(self.case.previous_appeals, 1):
            if earlier.amazon_reply and normalise(earlier.amazon_reply) == normalise(reading.text):
                raise PoaError.of("reply.recorded", path=self.path, number=number)
        guessed = sent is None and self.case.plan_date is None
        sent = sent or self.case.plan_date or reading.date or dt.date.today()
        if reading.date is not None and reading.date < sent:
            raise PoaError.of("reply.before_sent", reply=reading.date.isoformat(), sent=sent.isoformat())
        round_data = {
            "date": sent.isoformat(),
            "reply": reading.reply_data(),
            "amazon_reply": reading.text[:MAX_REPLY_CHARS],
            "plan_sent": plan_snapshot(self.case),
        }
        data = with_round(self.text, self.path, round_data).encode("utf-8")  # checked to read back as a case
        return PreparedRound(data, sent, guessed, len(reading.text) > MAX_REPLY_CHARS, reading.kind)

    def write(self, prepared: PreparedRound, lang: str) -> list[str]:
        """Replace the case file atomically and say what was written."""
        say = _SAY["zh" if lang == "zh" else "en"]
        atomic_write(self.path, prepared.data, force=True)
        number = len(self.case.previous_appeals) + 1
        lines = [say["recorded"].format(number=number, path=self.path, sent=prepared.sent, kind=prepared.kind)]
        if prepared.cut:
            lines.append(say["cut"].format(limit=MAX_REPLY_CHARS))
        if prepared.sent_guessed:
            lines.append(say["sent_guessed"].format(sent=prepared.sent))
        lines.append(say["done" if prepared.kind == "reinstated" else "next"].format(path=self.path))
        return lines


@dataclass(frozen=True)
class PreparedRound:
    data: bytes  # the whole new case file
    sent: dt.date
    sent_guessed: bool
    cut: bool  # the reply was longer than the case keeps
    kind: str
