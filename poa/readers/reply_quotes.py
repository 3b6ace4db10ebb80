"""Amazon's own words in a reply: the e-mail's quoted history, quoted lines and passages set aside.

A rejection that quotes the seller's "please reinstate our account" must not read as a reinstatement,
so everything the reply quotes is taken out before its sentences are read (poa/readers/reply.py).
"""

from __future__ import annotations

import re

_WROTE = re.compile(r"^(?:on|am|le) .{4,160} (?:wrote|schrieb|a écrit) ?:$|^在.{2,80}写道[:：]$", re.IGNORECASE)
_FORWARDED = re.compile(
    r"^-{2,} ?forwarded message ?-{2,}$|^begin forwarded message:?$|^-{2,} ?转发的邮件 ?-{2,}$", re.I
)
_QUOTED_HEADER = re.compile(r"^(?:from|发件人) ?[:：]", re.IGNORECASE)
_QUOTED_HEADER_NEXT = re.compile(r"^(?:sent|date|subject|to|发送时间|日期|主题|收件人) ?[:：]", re.IGNORECASE)
_DOUBLE_QUOTED = re.compile(r'"[^"\n]{20,1500}"|“[^”\n]{20,1500}”|「[^」\n]{6,1500}」|『[^』\n]{6,1500}』')
_SINGLE_QUOTED = re.compile(
    r"(?<![A-Za-z0-9])'(?=[A-Z0-9])(?:[^'\n]|(?<=[A-Za-z])'(?=[A-Za-z])){20,1500}'(?![A-Za-z0-9])"
)


def own_words(text: str, history: re.Pattern[str], line_cue: re.Pattern[str]) -> tuple[str, int]:
    """The reply without the history, quoted lines and quoted passages; and how many were set aside."""
    lines = text.split("\n")
    for index, line in enumerate(lines):  # a forwarded reply: Amazon's words follow the marker
        if _FORWARDED.match(line.strip()):
            lines = lines[index + 1 :]
            break
    kept: list[str] = []
    set_aside = 0
    skipping = False
    for index, line in enumerate(lines):
        stripped = line.strip()
        if kept and _history_starts(stripped, lines[index + 1 : index + 5], history):
            set_aside += 1
            break
        if stripped.startswith(">"):
            if not kept or kept[-1] != "":
                set_aside += 1  # a block of quoted lines counts once
            kept.append("")
            continue
        if skipping:
            if not stripped:
                skipping = False
                kept.append("")
            continue
        cue = _quote_cue(stripped, line_cue)
        if cue is not None:
            set_aside += 1
            kept.append(stripped[:cue])
            skipping = not stripped[cue:].strip(" :：")  # the quote is on the lines that follow
            continue
        kept.append(line)
    own = "\n".join(kept)
    for pattern in (_DOUBLE_QUOTED, _SINGLE_QUOTED):
        own, count = pattern.subn(" ", own)
        set_aside += count
    return own, set_aside


def _history_starts(line: str, following: list[str], history: re.Pattern[str]) -> bool:
    if _WROTE.match(line):
        return True
    if history.fullmatch(line.strip("-_ *")) or (len(line) >= 20 and set(line) == {"_"}):
        return True  # Outlook draws a line of underscores above the quoted message
    return bool(_QUOTED_HEADER.match(line)) and any(_QUOTED_HEADER_NEXT.match(n.strip()) for n in following)


def _quote_cue(line: str, cue: re.Pattern[str]) -> int | None:
    """Where the quoted words start on a line such as "In your appeal, you wrote: ...", or None."""
    for match in cue.finditer(line):
        rest = line[match.end() :]
        colon = re.match(r"\s*[:：]", rest)
        if colon is not None:
            return match.end() + colon.end()
    return None
