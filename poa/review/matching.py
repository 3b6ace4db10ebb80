"""Finding the rule book's phrases and patterns in text, fast enough for a draft of 20,000 paragraphs.

Python's regular expressions try every alternative at every position, so one expression of a
rule's hundred phrases costs tens of microseconds a paragraph even where nothing matches. Here each
phrase and pattern states what all its matches contain (Needs: its words, or the words or characters
a pattern starts with); a paragraph's words are found once, and only the phrases whose needs it meets
are looked for: a phrase without {terms} with str.find, anything else with its own small expression.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from poa.review.rules import CJK_CHARS, QUOTES, SPACES, TERM, Rule, load_rules

_CJK_CHAR = re.compile(CJK_CHARS)


# --- one expression for many phrases (headings' cues, unless, and the slow path) ---------------------


def _literal_pattern(phrase: str, terms: dict[str, tuple[str, ...]]) -> str:
    """Literal words, one space between; a {term} is any of its entries, longest first."""
    parts = []
    for index, chunk in enumerate(TERM.split(SPACES.sub(" ", phrase))):
        if index % 2:
            options = sorted(terms[chunk], key=len, reverse=True)
            parts.append("(?:" + "|".join(re.escape(SPACES.sub(" ", o.strip())) for o in options) + ")")
        else:
            parts.append(re.escape(chunk.translate(QUOTES)))
    return "".join(parts)


def _bounds(phrase: str) -> tuple[bool, bool]:
    """Whether the phrase must start and end at a word's edge. Chinese has no spaces between words:
    its phrases match anywhere."""
    starts = phrase.startswith("{") or bool(re.match(r"\w", phrase) and not _CJK_CHAR.match(phrase))
    ends = phrase.endswith("}") or bool(re.search(r"\w$", phrase) and not _CJK_CHAR.match(phrase[-1:]))
    return starts, ends


def alternation(phrases: Iterable[str], patterns: Iterable[str] = (), terms: Any = None, *, case: bool = False):
    """One expression for phrases and patterns.

    Phrases that share their word boundaries share one pair of boundary checks, and phrases that
    start with the same {term} share one copy of it.
    """
    groups: dict[tuple[bool, bool, str], list[str]] = {}
    for raw in phrases:
        phrase = raw.strip()
        starts, ends = _bounds(phrase)
        lead = TERM.match(phrase)
        rest = phrase[lead.end() :] if lead else phrase
        groups.setdefault((starts, ends, lead[0] if lead else ""), []).append(_literal_pattern(rest, terms or {}))
    alternatives = [
        ("(?<!\\w)" if starts else "")
        + _literal_pattern(lead, terms or {})
        + "(?:"
        + "|".join(bodies)
        + ")"
        + ("(?!\\w)" if ends else "")
        for (starts, ends, lead), bodies in groups.items()
    ]
    alternatives += list(patterns)
    if not alternatives:
        return None
    return re.compile("|".join(f"(?:{a})" for a in alternatives), 0 if case else re.IGNORECASE)


# --- what every match contains ------------------------------------------------------------------------

# A text's words as the needs see them: runs of ASCII letters and digits of the lower-cased text, as
# bytes (a byte table and split() find them several times faster than a regular expression).
_TOKEN_BYTES = bytes(c if 48 <= c <= 57 or 97 <= c <= 122 else 32 for c in range(256))
# Words too common to file a phrase under, in English and in plans of action (only which word a
# phrase is filed under depends on this, not whether it is found); they still count as needed words.
_COMMON = frozenset(
    b"a an the and or but if to of in on at for from by with as into we our us you your i my they their it its "
    b"this that is are was were be been not no all any have has had do did can so s t ll re d ve "
    b"order orders seller sellers buyer buyers customer customers amazon listing listings product products "
    b"shipping account asin item items claim claims review reviews rate day days time new".split()
)


def tokens_of(lowered: str) -> set[bytes]:
    return set(lowered.encode("utf-8", "replace").translate(_TOKEN_BYTES).split())


def _tokens(text: str) -> list[bytes]:
    return text.translate(QUOTES).lower().encode("utf-8", "replace").translate(_TOKEN_BYTES).split()


@dataclass(frozen=True)
class Needs:
    """What every match of one phrase or pattern contains: one word of each set, and each string."""

    words: tuple[frozenset[bytes], ...]
    strings: tuple[str, ...]

    def met(self, tokens: set[bytes], lowered: str) -> bool:
        for choice in self.words:
            if choice.isdisjoint(tokens):
                return False
        return all(string in lowered for string in self.strings)

    def filed_under(self) -> frozenset[bytes]:
        """The words to look this up by: the set that looks rarest."""
        return min(self.words, key=lambda choice: (bool(choice & _COMMON), len(choice), -max(map(len, choice))))


def phrase_needs(phrase: str, terms: dict[str, tuple[str, ...]]) -> Needs | None:
    chunks = TERM.split(phrase.strip())
    words: list[frozenset[bytes]] = [frozenset({token}) for chunk in chunks[::2] for token in _tokens(chunk)]
    for name in chunks[1::2]:
        options = [_tokens(option) for option in terms[name]]
        if all(options):
            words.append(frozenset(max(tokens, key=len) for tokens in options))
    if words:
        return Needs(tuple(words), ())
    text = SPACES.sub(" ", phrase.strip().translate(QUOTES).lower())
    return Needs((), (text,)) if text else None


_LEADING = re.compile(r"(?:\\b|\^|\(\?<[!=](?:\\.|[^()\\])*\))+")
_CASE_PAIR = re.compile(r"\[([A-Za-z])([A-Za-z])\]")
_GROUP = re.compile(r"\(\?:([a-zA-Z0-9' |]+)\)")
_RUN = re.compile(r"[a-zA-Z]+")
_CHAR = re.compile(r"\\[^\w\s]|[^\sa-zA-Z0-9.^$*+?{}\[\]|()\\]")
# What may follow a word for it to be a whole word of the text: a boundary, a space, a literal mark.
_WORD_ENDS = re.compile(r"\\b|[ ]|\\[^\w\s]|[^\w.^$*+?{}\[\]|()\\]")


def _pattern_needs(pattern: str) -> Needs | None:
    """What a pattern's matches contain, read from how it starts: literal words ("\\bcase"; "https?"
    needs "http"), groups of words ("(?:will|shall) "), literal characters ("\\[", "<"). It reads on
    until anything else; None when the pattern starts with anything else."""
    rest = _CASE_PAIR.sub(lambda m: m[1] if m[1].lower() == m[2].lower() else m[0], pattern)
    words: list[frozenset[bytes]] = []
    strings: list[str] = []
    position = 0
    while position < len(rest):
        lead = _LEADING.match(rest, position) if position == 0 or rest.startswith("\\b", position) else None
        if lead:
            position = lead.end()
            continue
        if rest[position] == " ":
            position += 1
            continue
        group, run, char = _GROUP.match(rest, position), _RUN.match(rest, position), _CHAR.match(rest, position)
        found = group or run or char
        if found is None:
            break
        after = rest[found.end() : found.end() + 3]
        if re.match(r"[?*]|\{0[,}]", after):  # optional: only what surely stands before it counts
            if run:
                strings.append(run[0][:-1].lower())
            break
        if group:
            heads = [_tokens(option)[:1] for option in group[1].split("|")]
            if not all(heads) or not _WORD_ENDS.match(after):
                break
            words.append(frozenset(head[0] for head in heads))
        elif run:
            if _WORD_ENDS.match(after):
                words.append(frozenset({run[0].lower().encode()}))
            else:
                strings.append(run[0].lower())
                break
        else:
            mark = char[0].removeprefix("\\")  # type: ignore[index]
            if mark != " ":
                strings.append(mark.lower())
        position = found.end()
    strings = [string for string in strings if string]
    return Needs(tuple(words), tuple(strings)) if words or strings else None


# --- phrases and patterns, each looked for on its own --------------------------------------------------


@lru_cache(maxsize=4096)
def _compiled(source: str, flags: int) -> re.Pattern[str]:
    """An entry's expression, compiled the first time some text needs it."""
    return re.compile(source, flags)


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


@dataclass(frozen=True)
class _Entry:
    """One phrase or pattern: what its matches contain, and how to find them."""

    needs: Needs | None  # None: no shortcut, always looked for
    literal: str | None  # a phrase without {terms}: found with str.find
    starts: bool  # the literal must not follow a letter or digit
    ends: bool  # ... nor be followed by one
    source: str  # otherwise, an expression
    flags: int
    lowered: bool  # looked for in the lower-cased text (the rule ignores case)

    def spans(self, text: str) -> Iterator[tuple[int, int]]:
        if self.literal is None:
            for match in _compiled(self.source, self.flags).finditer(text):
                yield match.start(), match.end()
            return
        literal, size = self.literal, len(self.literal)
        position = text.find(literal)
        while position != -1:
            end = position + size
            if not (self.starts and position and _is_word(text[position - 1])) and not (
                self.ends and end < len(text) and _is_word(text[end])
            ):
                yield position, end
            position = text.find(literal, position + 1)


class _Index:
    """Things filed under the words or characters every match of theirs contains (their Needs), so
    that a text's words find the few worth looking for."""

    def __init__(self) -> None:
        # Each key with what else it needs once its word is found (None: nothing else).
        self.by_word: dict[bytes, list[tuple[Any, Needs | None]]] = {}
        self.by_string: dict[str, list[tuple[Any, Needs]]] = {}
        self.always: list[Any] = []

    def add(self, key: Any, needs: Needs | None) -> None:
        if needs is None:
            self.always.append(key)
        elif needs.words:
            filed = needs.filed_under()
            rest = Needs(tuple(choice for choice in needs.words if choice is not filed), needs.strings)
            for word in filed:
                self.by_word.setdefault(word, []).append((key, rest if rest.words or rest.strings else None))
        else:
            self.by_string.setdefault(needs.strings[0], []).append((key, needs))

    def lookup(self, lowered: str, tokens: set[bytes]) -> list[Any]:
        """The keys whose needs the text meets, and those with no needs (a key may come twice)."""
        found = list(self.always)
        by_word = self.by_word
        for token in tokens & by_word.keys():
            for key, rest in by_word[token]:
                if rest is None or rest.met(tokens, lowered):
                    found.append(key)
        for string, filed in self.by_string.items():  # a few marks ("?", "[", "!!"): str's own search
            if string in lowered:
                found += [key for key, needs in filed if needs.met(tokens, lowered)]
        return found


class Phrases:
    """A list of phrases and patterns to find in text: a rule's, or the role and frequency words."""

    def __init__(
        self, phrases: Iterable[str], patterns: Iterable[str] = (), terms: Any = None, *, case: bool = False
    ) -> None:
        self.phrases, self.patterns, self.terms, self.case = tuple(phrases), tuple(patterns), terms or {}, case
        entries = []
        for raw in self.phrases:
            phrase = SPACES.sub(" ", raw.strip().translate(QUOTES))
            starts, ends = _bounds(phrase)
            text = phrase if case else phrase.lower()
            literal = None if TERM.search(phrase) else text
            source = ""
            if literal is None:
                options = {k: tuple(o if case else o.lower() for o in v) for k, v in self.terms.items()}
                source = ("(?<!\\w)" if starts else "") + _literal_pattern(text, options) + ("(?!\\w)" if ends else "")
            entries.append(_Entry(phrase_needs(phrase, self.terms), literal, starts, ends, source, 0, not case))
        for pattern in self.patterns:
            # A pattern with no capital letter of its own runs on the lower-cased text: ignoring case
            # costs Python's regular expressions several times over.
            lowered = not case and not re.search("[A-Z]", re.sub(r"\\.", "", pattern))
            flags = 0 if case or lowered else re.IGNORECASE
            entries.append(_Entry(_pattern_needs(pattern), None, False, False, pattern, flags, lowered))
        self.entries: tuple[_Entry, ...] = tuple(entries)
        self.index = _Index()
        for number, entry in enumerate(self.entries):
            self.index.add(number, entry.needs)

    @property
    def expression(self) -> re.Pattern[str]:
        """All phrases and patterns as one expression: for text whose lower case changes its length."""
        return _compiled_alternation(self)

    def find(
        self,
        text: str,
        lowered: str,
        tokens: set[bytes],
        *,
        every: bool = False,
        entries: Iterable[int] | None = None,
    ) -> list[tuple[int, int]]:
        """The spans of matches in the text, first first: only the first unless every.

        entries: the indexes of the entries whose needs are known to be met (by the prefilter);
        without it they are looked up here.
        """
        if len(lowered) != len(text):  # lower() changed the length ("İ"): positions would not agree
            spans = [(match.start(), match.end()) for match in self.expression.finditer(text)]
            return spans if every else spans[:1]
        found: list[tuple[int, int]] = []
        for index in set(self.index.lookup(lowered, tokens)) if entries is None else entries:
            entry = self.entries[index]
            for span in entry.spans(lowered if entry.lowered else text):
                found.append(span)
                if not every:
                    break
        found.sort(key=lambda span: (span[0], -span[1]))
        return found if every else found[:1]

    def entries_found(self, text: str, lowered: str, tokens: set[bytes]) -> set[int]:
        """The indexes of the phrases and patterns that are in the text."""
        if len(lowered) != len(text):  # lower() changed the length ("İ"): each entry as an expression
            return {index for index in range(len(self.entries)) if _compiled_one(self, index).search(text)}
        return {
            index
            for index in set(self.index.lookup(lowered, tokens))
            if next(self.entries[index].spans(lowered if self.entries[index].lowered else text), None)
        }

    def search(self, text: str) -> bool:
        """Whether any phrase or pattern is in the text."""
        lowered = text.lower()
        return bool(self.find(text, lowered, tokens_of(lowered)))


def _compiled_one(phrases: Phrases, index: int) -> re.Pattern[str]:
    """One entry as its own expression, for text whose lower case changes its length."""
    count = len(phrases.phrases)
    if index < count:
        pattern = alternation([phrases.phrases[index]], (), phrases.terms, case=phrases.case)
    else:
        pattern = alternation((), [phrases.patterns[index - count]], case=phrases.case)
    assert pattern is not None
    return pattern


@cache
def _compiled_alternation(phrases: Phrases) -> re.Pattern[str]:
    pattern = alternation(phrases.phrases, phrases.patterns, phrases.terms, case=phrases.case)
    assert pattern is not None
    return pattern


# --- the rules ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Matcher:
    rule: Rule
    phrases: Phrases
    unless: re.Pattern[str] | None
    not_after: re.Pattern[str] | None


@cache
def matchers() -> tuple[Matcher, ...]:
    return tuple(
        Matcher(
            rule,
            Phrases(rule.phrases, rule.patterns, rule.terms, case=rule.case_sensitive),
            alternation(rule.unless),
            alternation(rule.not_after),
        )
        for rule in load_rules().rules
        if rule.is_text_rule
    )


class Prefilter:
    """The entries of the rules of one section, filed under the words or characters their matches contain."""

    def __init__(self, rules: tuple[Matcher, ...], section: str) -> None:
        self.index = _Index()
        for rule, matcher in enumerate(rules):
            if matcher.rule.sections and section not in matcher.rule.sections:
                continue
            for entry, spec in enumerate(matcher.phrases.entries):
                self.index.add((rule, entry), spec.needs)

    def candidates(self, lowered: str, tokens: set[bytes]) -> dict[int, list[int]]:
        """For each rule (its index in matchers()) worth running on this text, its entries to look for."""
        found: dict[int, set[int]] = {}
        for rule, entry in self.index.lookup(lowered, tokens):
            if rule in found:
                found[rule].add(entry)
            else:
                found[rule] = {entry}
        return {rule: list(found[rule]) for rule in sorted(found)}


@cache
def prefilter(section: str) -> Prefilter:
    """The entries of the rules that apply in a section ("we will" is looked for only in the actions)."""
    return Prefilter(matchers(), section)


# --- what makes a sentence specific ----------------------------------------------------------------------

_DIGIT = re.compile(r"\d")


@cache
def _frequencies() -> Phrases:
    return Phrases(load_rules().settings.frequency_words)


@cache
def _measure_words() -> tuple[Phrases, range, range, range]:
    """Roles (and automated controls), frequencies and sign-offs as one list, looked up once."""
    settings = load_rules().settings
    lists = ((*settings.role_words, *settings.automation_words), settings.frequency_words, settings.sign_off_phrases)
    bounds = [0]
    for words in lists:
        bounds.append(bounds[-1] + len(words))
    ranges = tuple(range(bounds[i], bounds[i + 1]) for i in range(3))
    return Phrases(word for words in lists for word in words), *ranges  # type: ignore[return-value]


def has_frequency(text: str) -> bool:
    """A number or a word of frequency: "every order", "weekly", "within 24 hours"."""
    return _DIGIT.search(text) is not None or _frequencies().search(text)


def measure_gaps(text: str, lowered: str | None = None, tokens: set[bytes] | None = None) -> tuple[bool, bool, bool]:
    """What a preventive measure lacks (an owner, a frequency) and whether it is a sign-off instead
    (text normalised; lowered and tokens, if given, are its lower case and words)."""
    phrases, roles, frequencies, sign_offs = _measure_words()
    lowered = text.lower() if lowered is None else lowered
    found = phrases.entries_found(text, lowered, tokens_of(lowered) if tokens is None else tokens)
    no_owner = not any(index in roles for index in found)
    no_frequency = _DIGIT.search(text) is None and not any(index in frequencies for index in found)
    return no_owner, no_frequency, any(index in sign_offs for index in found)


@cache
def _people() -> Phrases:
    return Phrases(load_rules().settings.role_words)


def is_specific(text: str) -> bool:
    """A number, a role or a frequency: what turns a vague sentence into a checkable one ("our
    system" is no one: "we will strengthen our system" stays vague)."""
    return has_frequency(text) or _people().search(text)
