"""The sections of a draft written elsewhere: its headings and its points, each with its section.

Sellers head their parts in every style: Markdown or Word headings, bold or underlined lines, lines
ending in ":", Amazon's own questions, "1) Root cause", "Part 1:", "一、根本原因", or "Root cause: ..."
leading the text itself. What a heading is about comes from the cue words in check_rules.yaml
(draft_headings), wherever they stand in a marked heading; an unmarked short line counts as a heading
only when it starts with one, asks a question, or is written in title case. A draft with no headings
at all gets its parts from its sentences (draft_sentences), and says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from poa.review.matching import alternation, phrase_needs, tokens_of
from poa.review.rules import PLAN_PARTS, load_rules, normalise
from poa.review.wording import Item, count_words

LIST_MARKER = re.compile(r"^\s*(?:\d{1,3}[.)]|[-*+•·]|[a-zA-Z][.)]|\(\d{1,2}\)) ")
_BULLET = re.compile(r"^\s*[-*+•·] ")
_UNDERLINE = re.compile(r"^\s*(?:=+|-+)\s*$")
_MD_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*)$")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~&])")
# Whole-line emphasis: **bold**, __bold__, <u>underlined</u>, <b>bold</b>; a colon may follow.
_EMPHASIS = re.compile(r"^\s*(?:[-*+•·] )?(?:\*\*(.+)\*\*|__(.+)__|<u>(.+)</u>|<b>(.+)</b>)\s*[:：]?\s*$", re.I)
# Numbering before a heading's words: 1. 1) (1) A) II. Part 1: Part One - Section 2 Step 3 Q1 一、 （一） 第一部分
_ORDINALS = "one|two|three|four|five|six|first|second|third|fourth|fifth"
_HEADING_NUMBER = re.compile(
    r"^(?:(?:part|section|step|question|q|point|item)\s*(?:\d{1,2}|[ivx]{1,4}|[a-e]|" + _ORDINALS + r")\b\s*[.):：-]?"
    r"|\(?(?:\d{1,2}(?:\.\d{1,2})?|[a-h]|[ivx]{1,4})[.)、]"
    r"|\d{1,2}(?=\s)"
    r"|[（(]?[一二三四五六七八九十]{1,3}[）)、.．]"
    r"|第[一二三四五六七八九十\d]{1,3}(?:部分|点|项|条|步)[:：、]?"
    r"|[0-9]{1,2}、)\s*",
    re.IGNORECASE,
)
# Where a heading leading the text ends: "Root cause: ...", "What went wrong? ...", "Fix - ...".
_INLINE = re.compile(r"^(.{2,90}?)(?:[:：]|\?|？| [-–—] | \| )\s*(\S.*)$")
_SENTENCE_MARKS = ".。!！;；"
_TERMINAL = re.compile(f"[{_SENTENCE_MARKS},，]$")
# What may end a heading that leads its text ("Root cause: ...", "What went wrong? ..."): not "9:00".
_SEPARATORS = ("：", "？", " – ", " — ")  # and ": ", "? ", " - ", " | ", looked for first
# A heading that leads its text ends within this many characters.
_LEAD = 92


def _has_separator(line: str) -> bool:
    """Something that may end a heading leading the line (found with str's own search, in C)."""
    head = line[:_LEAD]
    return (
        ": " in head
        or "? " in head
        or " - " in head
        or " | " in head
        or (not head.isascii() and any(separator in head for separator in _SEPARATORS))
        or head.endswith((":", "?"))
    )


_SENTENCE_END = re.compile(r"[.。!！?？]['\"’”)\]]?$")
# A form's field, a line of its own: "Name: ____", "Title: General Manager".
_FIELD = re.compile(r"^\s*[A-Z][A-Za-z]{1,15}(?: [A-Za-z]{1,15}){0,2}:\s")
_COPULA = re.compile(r"\b(?:was|were|is)\b", re.IGNORECASE)
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[\"“(A-Z0-9])|(?<=[。！？])")

# Heading levels: Markdown's 1-6 (Word's headings arrive as Markdown); below them a heading found by
# its look (bold, a colon) or its words alone, which never ends a section it does not name.
_PLAIN = 7


@dataclass(slots=True)
class DraftPart:
    section: str
    line: int
    lines: list[str]
    heading: bool = False
    listed: bool = False  # starts with a list marker


# A paragraph whose lines end a sentence this often is a list written a line per sentence; a
# paragraph wrapped at a width ends a line with a sentence only now and then.
_LINE_PER_SENTENCE = 0.75


def _split_lines(part: DraftPart) -> list[DraftPart]:
    """The part's lines as points of their own when it is written a line per sentence."""
    ends = sum(1 for line in part.lines[:-1] if _SENTENCE_END.search(line))
    if len(part.lines) < 2 or ends < _LINE_PER_SENTENCE * (len(part.lines) - 1):
        return [part]
    first = DraftPart(part.section, part.line, part.lines[:1], listed=part.listed)
    return [first, *(DraftPart(part.section, part.line + i, [line]) for i, line in enumerate(part.lines[1:], 1))]


@dataclass(frozen=True)
class _Cues:
    """Compiled cue words of each section: anywhere in a heading, or at its start."""

    order: tuple[str, ...]
    names: dict[str, re.Pattern[str]]
    phrases: dict[str, re.Pattern[str]]
    starts: re.Pattern[str]  # one named group per section
    lead_ins: re.Pattern[str] | None
    openers: re.Pattern[str] | None
    words: frozenset[bytes]  # a heading in Latin letters names a section only if it has one of these


@cache
def _cues() -> _Cues:
    book = load_rules()
    headings = book.draft_headings
    order = tuple(headings)
    names, phrases, starts = {}, {}, []
    for index, (section, cue) in enumerate(headings.items()):
        every = (*cue.names, *cue.phrases)
        names[section] = alternation(cue.names) if cue.names else None
        phrases[section] = alternation(every)
        starts.append(f"(?P<s{index}>{alternation(every).pattern})")  # type: ignore[union-attr]
    lead_ins = alternation(book.heading_lead_ins)
    openers = alternation(book.heading_openers)
    words: set[bytes] = set()  # the word each cue cannot match without (its rarest)
    for cue in headings.values():
        for phrase in (*cue.names, *cue.phrases):
            needs = phrase_needs(phrase, {}) if phrase.isascii() else None
            if needs is not None and needs.words:
                words |= needs.filed_under()
    return _Cues(
        order=order,
        names={k: v for k, v in names.items() if v is not None},
        phrases=phrases,  # type: ignore[arg-type]
        starts=re.compile("^(?:" + "|".join(starts) + ")", re.IGNORECASE),
        lead_ins=re.compile(rf"^(?:(?:{lead_ins.pattern})\s+){{0,3}}", re.IGNORECASE) if lead_ins else None,
        openers=re.compile(rf"^(?:{openers.pattern})", re.IGNORECASE) if openers else None,
        words=frozenset(words),
    )


def _is_rule_line(line: str) -> bool:
    """A horizontal rule ("* * *", "---") or a Markdown table's separator row ("| --- | :-: |")."""
    if line.lstrip()[:1] not in ("-", "*", "_", "|", ":"):
        return False
    marks = line.replace(" ", "").replace("\t", "")
    if len(marks) >= 3 and len(set(marks)) == 1 and marks[0] in "-*_":
        return True
    return "-" in marks and not set(marks) - set("|:-")


_EMPHASIS_TAG = re.compile(r"</?[ub]>", re.IGNORECASE)
# Emphasis marks (**, __, *, `), not runs of three or more ("____" is a blank to fill in).
_EMPHASIS_MARK = re.compile(r"(?<![*_])(?:\*\*|__|\*)(?![*_])|`")


def clean_markup(line: str) -> str:
    """Markdown emphasis and escapes removed, so rules read the words."""
    if "*" not in line and "_" not in line and "`" not in line and "\\" not in line and "<" not in line:
        return line
    return _MD_ESCAPE.sub(r"\1", _EMPHASIS_MARK.sub("", _EMPHASIS_TAG.sub("", line)))


# Contractions spelled out, so that "Steps We've Taken" reads as "steps we have taken".
_CONTRACTIONS = (
    (re.compile(r"n't\b", re.I), " not"),
    (re.compile(r"'ve\b", re.I), " have"),
    (re.compile(r"'re\b", re.I), " are"),
    (re.compile(r"'ll\b", re.I), " will"),
)


def _topic(text: str, *, lead_ins: bool = False) -> str:
    """A heading's words: markup, numbering, trailing punctuation and (unless lead_ins) a leading
    "Here is our ..." gone."""
    text = normalise(clean_markup(text)).strip().strip("|").strip()
    if "'" in text:
        for contraction, spelled in _CONTRACTIONS:
            text = contraction.sub(spelled, text)
    text = _BULLET.sub("", text)
    for _ in range(2):  # "Part 1: A) Root cause"
        text = _HEADING_NUMBER.sub("", text, count=1).strip()
    cues = _cues()
    if cues.lead_ins is not None and not lead_ins:
        text = cues.lead_ins.sub("", text, count=1)
    return text.rstrip(" :：?？.-–—").strip().lower()


@lru_cache(maxsize=4096)  # a long draft repeats its headings ("Root cause" under every reason)
def heading_section(text: str, *, anywhere: bool = True) -> str | None:
    """The section a heading names: a section's own name anywhere (corrective, preventive, root
    cause) before a looser phrase (fix, avoid, went wrong); in a tie, the first in draft_headings.
    With anywhere=False, only a heading that starts with a cue, or with an opener such as "Steps"
    or "How", names a section."""
    cues = _cues()
    if text.isascii() and tokens_of(text.lower().replace("'", " ")).isdisjoint(cues.words):
        return None  # no cue's word in it: most lines that are not headings stop here
    topic = _topic(text)
    if not topic:
        return None
    if not anywhere and cues.openers is not None and cues.openers.match(topic):
        anywhere = True
    if not anywhere:
        match = cues.starts.match(topic)
        if match is None:
            return None
        return next(cues.order[int(k[1:])] for k, v in match.groupdict().items() if v is not None)
    whole = _topic(text, lead_ins=True)  # "The reason for ..." has its cue in the article
    for table in (cues.names, cues.phrases):
        for section in cues.order:
            pattern = table.get(section)
            if pattern is not None and pattern.search(whole):
                return section
    return None


def _is_title_case(text: str) -> bool:
    """Every word of more than three letters starts with a capital (text: without markup)."""
    seen = False
    for word in text.split():
        if len(word) > 3 and word[0].isalpha():
            if not word[0].isupper():
                return False
            seen = True
    return seen


@dataclass(slots=True)
class _Heading:
    title: str
    section: str | None
    level: int | None  # None: a heading by its look or words, which ends no section it does not name


def _heading(line: str, stripped: str, following: str, starts_block: bool) -> _Heading | None:
    """The line as a heading, if it is one (stripped: its words without markup)."""
    marked = _MD_HEADING.match(line)
    if marked:
        title = marked.group(2).rstrip("# \t")
        return _Heading(title, heading_section(title), len(marked.group(1)))
    if starts_block and following[:1] in "=-" and following.strip() and _UNDERLINE.match(following):
        return _Heading(line, heading_section(line), 1 if following.strip()[0] == "=" else 2)
    words = count_words(stripped)
    if words > 25:
        return None
    emphasis = _EMPHASIS.match(line) if line.lstrip()[:1] in "*_<-+•·" else None
    if emphasis:
        title = next(group for group in emphasis.groups() if group)
        section = heading_section(title)
        if section is not None or (count_words(title) <= 12 and not _TERMINAL.search(title.strip())):
            return _Heading(line.strip(), section, None)
        return None
    if stripped.endswith(("?", "？")):
        section = heading_section(stripped)
        return _Heading(line.strip(), section, None) if section else None
    if stripped.endswith((":", "：")) and words <= 15:
        section = heading_section(stripped)
        return _Heading(line.strip(), section, None) if section else None
    if stripped.endswith((",", "，")) and words <= 4:
        stripped = stripped[:-1]  # "Sincerely," "Best regards,"
    if words > 12 or _TERMINAL.search(stripped) or _BULLET.match(line):
        return None
    title_case = _is_title_case(stripped)
    section = heading_section(stripped, anywhere=title_case)
    if section is not None and (title_case or not _COPULA.search(_topic(stripped))):
        return _Heading(line.strip(), section, None)
    if title_case and starts_block and not following.strip() and not LIST_MARKER.match(line):
        return _Heading(line.strip(), None, None)  # a reason's name over its list, in plain text
    return None


def _inline_heading(stripped: str) -> tuple[str, str, str] | None:
    """ "Root cause: our packer ..." as its heading, the section it names, and the text after it."""
    cleaned = _BULLET.sub("", stripped)
    match = _INLINE.match(cleaned)
    if match is None or count_words(match[1]) > 12:
        return None
    lead = match[1]
    section = heading_section(lead, anywhere=cleaned[len(lead)] in "?？") or heading_section(lead, anywhere=False)
    if section is None or (_COPULA.search(_topic(lead)) and cleaned[len(lead)] not in "?？"):
        return None
    return lead, section, match[2]


def draft_parts(text: str, *, paragraph_per_line: bool) -> list[DraftPart]:
    """The draft as headings and points (paragraphs or list items), each with its section and line.

    A paragraph written a line per sentence is a list, not a wall of text: each line is a point.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    parts: list[DraftPart] = []
    section, section_level = "other", _PLAIN
    current: DraftPart | None = None

    def enter(heading: _Heading) -> None:
        nonlocal section, section_level
        if heading.section is not None:
            section, section_level = heading.section, heading.level or _PLAIN
        elif heading.level is not None and heading.level <= section_level:
            # An unknown heading as high as the section's own ends it; a lower one (a reason's name) does not.
            section, section_level = "other", heading.level

    for number, raw in enumerate(lines, 1):
        stripped = raw.strip()
        if not stripped:
            current = None
            continue
        first = stripped[0]
        if first in "=-*_|:" and (_UNDERLINE.match(stripped) or _is_rule_line(stripped)):
            current = None
            continue
        # Most lines are sentences: a finished one with nothing that could end a heading inside it.
        sentence = (
            first.isalnum()
            and (stripped[-1] in _SENTENCE_MARKS or stripped.count(" ") > 25)
            and not _has_separator(stripped)
        )
        line = stripped
        if not sentence:
            line = raw.rstrip()
            stripped = clean_markup(stripped).strip()
            following = lines[number] if number < len(lines) else ""
            heading = _heading(line, stripped, following, current is None)
            if heading is not None:
                enter(heading)
                parts.append(DraftPart(section, number, [heading.title], heading=True))
                current = None
                continue
            inline = _inline_heading(stripped) if _has_separator(stripped) else None
            if inline is not None:
                lead, named, line = inline
                enter(_Heading(lead, named, None))
                parts.append(DraftPart(section, number, [lead], heading=True))
                current = None
        # A list marker ("1.", "-", "a)", "(2)") is looked for only where one can start.
        maybe_marker = first.isdigit() or first in "-*+•·(" or (first.isalpha() and stripped[1:2] in ".)")
        marker = LIST_MARKER.match(line) if maybe_marker or not sentence else None
        # A list item, a form's field and a table row are points of their own.
        continues = (
            current is not None
            and not paragraph_per_line
            and marker is None
            and not _FIELD.match(line)
            and not line.startswith("|")
        )
        if not continues:
            current = DraftPart(section, number, [], listed=marker is not None)
            parts.append(current)
            line = line[marker.end() :] if marker else line  # "1." is numbering, not a number the text names
        assert current is not None
        current.lines.append(line.strip() if not sentence or marker else line)
    if paragraph_per_line:
        return parts
    return [piece for part in parts for piece in (_split_lines(part) if not part.heading else [part])]


# --- a draft with no headings ----------------------------------------------------------------------


@cache
def _sentence_cues() -> tuple[tuple[str, re.Pattern[str]], ...]:
    cues = load_rules().draft_sentences
    return tuple((section, alternation(cue.phrases, cue.patterns)) for section, cue in cues.items())  # type: ignore[misc]


def sentences(text: str) -> list[str]:
    return [piece.strip() for piece in _SENTENCE_SPLIT.split(text) if piece.strip()]


def sentence_section(sentence: str) -> tuple[str | None, int]:
    """The plan part a sentence reads as, and how many of its cues it has: the part whose cues it
    has most; in a tie, the first listed."""
    text = normalise(sentence)
    best, best_hits = None, 0
    for section, pattern in _sentence_cues():
        hits = len(pattern.findall(text))
        if hits > best_hits:
            best, best_hits = section, hits
    return best, best_hits


def infer_sections(points: list[Item]) -> list[Item]:
    """Each sentence of the points outside any named section, with the plan part it reads as.

    A sentence with no cue belongs where the one before it did; the paragraph keeps its place
    ("line 4") so findings still point at the text the seller wrote.
    """
    items = []
    for point in points:
        if point.section != "other":
            items.append(point)
            continue
        previous = "other"
        for sentence in sentences(point.text):
            section = sentence_section(sentence)[0] or previous
            items.append(Item(section, point.where, sentence, listed=point.listed))
            previous = section
    return items


# A sentence under another heading is taken for a part the draft has no heading for only when it
# reads as that part this plainly ("To stop it happening again we will ...": three cues).
_PLAIN_CUES = 2


def infer_missing(points: list[Item], missing: set[str]) -> list[Item]:
    """The points, with each sentence that plainly reads as a part the draft has no heading for
    moved to that part ("To stop it happening again, we will ..." at the end of the actions)."""
    items = []
    for point in points:
        pieces = sentences(point.text)
        moved = [(sentence, *sentence_section(sentence)) for sentence in pieces] if len(pieces) else []
        if not any(part in missing and hits >= _PLAIN_CUES for _, part, hits in moved):
            items.append(point)
            continue
        for sentence, part, hits in moved:
            section = part if part in missing and hits >= _PLAIN_CUES else point.section
            items.append(Item(section or point.section, point.where, sentence, listed=point.listed))
    return items


def named_parts(points: list[Item]) -> set[str]:
    return {point.section for point in points if point.section in PLAN_PARTS}
