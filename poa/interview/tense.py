"""A promise rewritten as what is now in place: "We will check stock daily" -> "We check stock daily".

A corrective action written as a promise can move to the preventive measures, which say what is done
now, in the present tense. This offers that rewrite, deterministically, for the seller to accept or
edit: the future ("will", "shall", "'ll", "are going to", "plan to", ...) becomes the present, made to
agree with its subject ("The lead will check" -> "The lead checks"; "Orders will be packed" -> "Orders
are packed"). What it cannot read is left as it was.
"""

from __future__ import annotations

import re

# The future and the plans that stand for it, with the subject before them.
_FUTURE = re.compile(
    r"(?P<subject>^|.*?\b)(?P<future>will|shall|'ll|’ll|(?:am|is|are|'re|’re)\s+(?:going|planning)\s+to|"
    r"(?:plan|plans|intend|intends|aim|aims)\s+to)\s+(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
_PLURAL_SUBJECTS = {"we", "i", "they", "you", "both", "all"}
_IRREGULAR = {"be": "is", "have": "has", "do": "does", "go": "goes"}
# Adverbs that may stand between "will" and its verb ("will now check", "will also review").
_ADVERBS = ("now", "also", "always", "then", "still", "only", "regularly")


def present_tense(text: str) -> str:
    """The text with its first future verb made present; the text itself when there is none."""
    match = _FUTURE.match(text)
    if match is None:
        return text
    subject, rest = match["subject"], match["rest"]
    subject = subject.rstrip()
    plural = _plural(subject)
    words = rest.split(" ")
    adverbs = []
    while words and words[0].lower() in _ADVERBS:
        adverbs.append(words.pop(0))
    if not words or not words[0]:
        return text
    verb, tail = words[0], words[1:]
    negative = verb.lower() == "not"
    if negative:  # "will not sell" -> "do not sell", "does not sell"
        if not tail:
            return text
        verb = "do" if plural else "does"
        tail = ["not", *tail]
    elif verb.lower() == "be":  # "will be reviewed" -> "is reviewed", "are reviewed"
        verb = "are" if plural else "is"
    elif not plural:
        verb = _third_person(verb)
    out = " ".join(part for part in (subject, *adverbs, verb, *tail) if part)
    return out[:1].upper() + out[1:] if text[:1].isupper() else out


def _plural(subject: str) -> bool:
    """Whether the subject takes "check" rather than "checks": we, they, or a plural noun."""
    words = re.findall(r"[\w’']+", subject.lower())
    if not words:
        return True  # no subject written ("Will check ...", a list item): we
    last = words[-1]
    if last in _PLURAL_SUBJECTS:
        return True
    if last in ("he", "she", "it", "everyone", "each", "every"):
        return False
    return last.endswith("s") and not last.endswith(("ss", "us", "is"))


def _third_person(verb: str) -> str:
    lower = verb.lower()
    if lower in _IRREGULAR:
        return _IRREGULAR[lower]
    if lower.endswith(("s", "sh", "ch", "x", "z", "o")):
        return verb + "es"
    if lower.endswith("y") and len(lower) > 1 and lower[-2] not in "aeiou":
        return verb[:-1] + "ies"
    return verb + "s"
