"""What is wrong with a case, in the seller's words: pydantic's validation errors as field paths and messages.

pydantic's own English ("Input should be a valid integer") names neither the fix nor the field as the
seller wrote it; every kind of error here becomes a catalogue message (poa/data/messages.yaml), so it
can be said in Chinese as well.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from poa.errors import Message, message

if TYPE_CHECKING:
    from pydantic import ValidationError


@dataclass(frozen=True)
class CaseProblem:
    """One problem of a case: where it is (seller.legal_name, plans.x.root_causes[0]) and what to do."""

    where: str
    what: Message

    def text(self, lang: str = "en") -> str:
        said = self.what.text(lang)
        return f"{self.where}: {said}" if self.where else said


def case_problems(error: ValidationError) -> list[CaseProblem]:
    """Every problem pydantic found, in the order of the file; checks across fields spread out one by one."""
    from poa.case.model import PROBLEMS

    found = []
    for problem in error.errors(include_url=False):
        if problem["type"] == PROBLEMS:
            for loc, key, fields in (problem.get("ctx") or {}).get("problems", ()):
                found.append(CaseProblem(location(loc), message(key, **fields)))
            continue
        found.append(CaseProblem(location(problem["loc"]), _problem_message(problem)))
    return found


def describe_validation_error(error: ValidationError, lang: str = "en") -> str:
    """The first problem as 'field.path[0]: what is wrong', and how many more there are."""
    problems = case_problems(error)
    line = problems[0].text(lang)
    if len(problems) > 1:
        line += message("case.more", more=len(problems) - 1).text(lang)
    return line


def location(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif str(part).startswith(("function-", "literal[", "constrained-str", "lax-or-strict")):
            continue  # pydantic's internal step names say nothing to a seller
        elif str(part) == "[key]":
            out += " (key)"
        else:
            out += f".{part}" if out else str(part)
    return out


def short(value: Any) -> str:
    """A value as the seller wrote it, cut short: an answers file can hold a very long or deep value."""
    import reprlib

    shortened = reprlib.Repr()
    shortened.maxstring = shortened.maxother = 60
    shortened.maxlist = shortened.maxdict = 4
    shortened.maxlevel = 2
    shortened.maxlong = 40
    text = shortened.repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _kind(value: Any) -> str:
    names = {str: "text", int: "a number", float: "a number", bool: "true/false", list: "a list", dict: "a mapping"}
    return names.get(type(value), type(value).__name__)


_LIMITS = {
    "greater_than_equal": ("field.at_least", "ge"),
    "less_than_equal": ("field.at_most", "le"),
    "greater_than": ("field.above", "gt"),
    "less_than": ("field.below", "lt"),
}


def _problem_message(problem: Any) -> Message:
    kind = problem["type"]
    ctx = problem.get("ctx") or {}
    raw = problem.get("input")
    value = short(raw)
    from poa.errors import _catalogue

    if kind in _catalogue():  # raised by the model with a catalogue key (poa.case.model.problem)
        return message(kind, **{name: str(field) for name, field in ctx.items()})
    if kind == "missing":
        return message("field.missing")
    if kind == "extra_forbidden":
        return message("field.extra", name=str(problem["loc"][-1])[:60])
    if kind in ("string_too_short", "too_short") and ctx.get("min_length") == 1:
        return message("field.empty_list" if isinstance(raw, list | dict) else "field.empty_text")
    if kind in ("string_too_long", "too_long"):
        length = len(raw) if isinstance(raw, str | list | dict) else ctx.get("actual_length", "?")
        key = "field.text_too_long" if isinstance(raw, str) else "field.too_many"
        return message(key, length=f"{length:,}" if isinstance(length, int) else length, limit=ctx.get("max_length"))
    if kind.startswith(("date", "datetime")):
        return message("field.not_date", value=value)
    if kind == "literal_error":
        return message("field.choice", value=value, expected=ctx.get("expected"))
    if kind == "int_parsing_size":
        return message("field.number_too_long")
    if kind == "int_from_float":
        return message("field.not_whole", value=value)
    if kind in ("int_parsing", "float_parsing", "int_type", "float_type", "decimal_parsing"):
        return message("field.not_number", value=value)
    if kind == "finite_number":
        return message("field.not_finite", value=value)
    if kind in _LIMITS:
        key, bound = _LIMITS[kind]
        return message(key, value=value, limit=ctx.get(bound))
    if kind == "string_type":
        return message("field.not_text", kind=_kind(raw), value=value)
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return message("field.not_mapping", kind=_kind(raw))
    if kind == "list_type":
        return message("field.not_list", kind=_kind(raw))
    if kind in ("bool_type", "bool_parsing"):
        return message("field.not_bool", value=value)
    if kind == "value_error":  # a plain ValueError of a validator: its text is the seller's message
        return Message("field.other", {"value": value, "detail": str(ctx.get("error", problem["msg"]))[:200]})
    return message("field.other", value=value, detail=str(problem["msg"])[:200])
