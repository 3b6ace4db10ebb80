"""Answers files in and out: YAML or JSON parsed and validated into a Case, written atomically.

Reading the file itself goes through the readers' front door (poa.readers.case_file)."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from poa.errors import PoaError

if TYPE_CHECKING:
    from pydantic import ValidationError

    from poa.case.model import Case

CASE_SUFFIXES = (".yaml", ".yml", ".json")


def _case_loader() -> type:
    """A safe YAML loader that keeps numbers-looking scalars as text.

    An ISBN such as 0306406152 would otherwise become the octal number 102337642; pydantic turns
    the text into a number where the schema wants one. Repeated keys are refused, because the
    second silently replacing the first loses what the seller wrote.
    """
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class CaseLoader(base):  # type: ignore[misc, valid-type]
        pass

    CaseLoader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag not in _NUMBER_TAGS]
        for first, resolvers in base.yaml_implicit_resolvers.items()
    }

    def construct_mapping(loader: Any, node: Any, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = loader.construct_object(key_node, deep=deep)
            if key in seen:
                line = key_node.start_mark.line + 1
                raise yaml.constructor.ConstructorError(None, None, f"key '{key}' appears twice (line {line})")
            seen.add(key)
        return base.construct_mapping(loader, node, deep=deep)

    CaseLoader.construct_mapping = construct_mapping  # type: ignore[method-assign]
    return CaseLoader


_NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")


def parse_answers(text: str, path: Path) -> Any:
    """The raw data of an answers file: JSON for .json, YAML otherwise."""
    if path.suffix.lower() == ".json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            raise PoaError(f"{path}: line {error.lineno}, column {error.colno}: invalid JSON ({error.msg})") from None
        except RecursionError:
            raise PoaError(f"{path}: the JSON is nested too deeply to be an answers file") from None
    import yaml

    try:
        return yaml.load(text, Loader=_case_loader())
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = error.problem or error.context or "not valid YAML"
        raise PoaError(f"{path}: {where}invalid YAML ({problem})") from None
    except yaml.YAMLError as error:
        raise PoaError(f"{path}: invalid YAML ({error})") from None


def case_from_data(data: Any, path: Path) -> Case:
    from pydantic import ValidationError

    from poa.case.model import Case

    if data is None:
        raise PoaError(f"{path}: the file is empty; start from `poa example order_defect_rate -o {path}`")
    if not isinstance(data, dict):
        raise PoaError(f"{path}: expected a mapping of fields (seller:, marketplace:, reasons:, ...) at the top")
    try:
        return Case.model_validate(data)
    except ValidationError as error:
        raise PoaError(f"{path}: {describe_validation_error(error)}") from None


def describe_validation_error(error: ValidationError) -> str:
    """The first problem as 'field.path[0]: what is wrong', and how many more there are."""
    problems = error.errors(include_url=False)
    first = problems[0]
    text = _problem_text(first)
    where = _location(first["loc"])
    line = f"{where}: {text}" if where else text
    if len(problems) > 1:
        more = len(problems) - 1
        line += f" (and {more} more problem{'s' if more > 1 else ''})"
    return line


def _location(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif str(part).startswith(("function-", "literal[", "constrained-str", "lax-or-strict")):
            continue  # pydantic's internal step names say nothing to a seller
        else:
            out += f".{part}" if out else str(part)
    return out


def _short(value: Any) -> str:
    """A value as the seller wrote it, cut short: an answers file can hold a very long or deep value."""
    import reprlib

    short = reprlib.Repr()
    short.maxstring = short.maxother = 60
    short.maxlist = short.maxdict = 4
    short.maxlevel = 2
    return short.repr(value)


def _problem_text(problem: Any) -> str:
    kind = problem["type"]
    ctx = problem.get("ctx") or {}
    raw = problem.get("input")
    value = _short(raw)
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return f"unknown field '{problem['loc'][-1]}'; check its spelling or remove it"
    if kind in ("string_too_short", "too_short") and ctx.get("min_length") == 1:
        return "must not be empty; write at least one entry"
    if kind == "string_too_long" or (kind == "too_long" and isinstance(raw, str)):
        # An optional text field reports its length as "too_long", like a list: say it of text.
        return f"text is longer than {ctx.get('max_length')} characters; shorten it"
    if kind == "too_long":
        return f"has more than {ctx.get('max_length')} entries; keep the most important ones"
    if kind.startswith("date"):
        return f"{value} is not a date; write it as YYYY-MM-DD, for example 2026-08-03"
    if kind == "literal_error":
        return f"{value} is not allowed; use one of {ctx.get('expected')}"
    if kind in ("int_parsing", "int_from_float", "float_parsing"):
        return f"{value} is not a number; write digits only, for example 1642"
    if kind in ("string_type",):
        return f"expected text, got {type(raw).__name__} {value}; put it in quotes"
    if kind in ("dict_type", "model_type"):
        return f"expected a mapping of fields here, got {type(raw).__name__}"
    if kind == "list_type":
        return f"expected a list here (lines starting with '- '), got {type(raw).__name__}"
    if kind == "value_error":
        return str(ctx.get("error", problem["msg"]))
    return problem["msg"]


def dump_case(case: Case, fmt: str = "yaml") -> str:
    return dump_data(case.model_dump(mode="json", exclude_none=True, exclude_defaults=False), fmt)


def dump_data(data: dict[str, Any], fmt: str = "yaml") -> str:
    """Plain answers data (a case, or a partial case such as a draft) as YAML or JSON text."""
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True, width=100)


def atomic_write(path: Path, data: bytes, *, force: bool = False) -> None:
    """Write through a temporary file in the same folder, then rename, so a crash leaves the old file.

    An existing file is kept unless force is given; without force the final step is a hard link,
    which fails rather than replace a file that appeared meanwhile.
    """
    try:
        check_target(path, force)
        folder = path.parent
        handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except ValueError:
        raise PoaError(f"{path!r}: the file name contains a character files cannot have; rename it") from None
    except OSError as error:
        raise PoaError(f"{path}: cannot write in {path.parent} ({error.strerror}); choose another folder") from None
    try:
        with os.fdopen(handle, "wb") as temp:
            temp.write(data)
            temp.flush()
            os.fsync(temp.fileno())
        os.chmod(temp_name, 0o666 & ~_umask())
        _move_into_place(temp_name, path, force)
    except OSError as error:
        raise PoaError(f"{path}: cannot be written ({error.strerror or error})") from None
    finally:
        if os.path.exists(temp_name):
            os.unlink(temp_name)


def check_target(path: Path, force: bool) -> None:
    """Refuse a target that is a folder, that exists (without force), or whose folder is missing."""
    if path.is_dir():
        raise PoaError(f"{path}: is a directory; give a file name such as {path / 'plan.docx'}")
    if path.exists() and not force:
        raise PoaError(f"{path}: already exists; choose another name or add --force to replace it")
    if not path.parent.is_dir():
        raise PoaError(f"{path}: {path.parent} is not an existing folder; create it or choose another")


def _move_into_place(temp_name: str, path: Path, force: bool) -> None:
    if force:
        os.replace(temp_name, path)
        return
    try:
        os.link(temp_name, path)
    except FileExistsError:
        raise PoaError(f"{path}: appeared while writing; choose another name or add --force") from None
    except OSError:
        # Some file systems have no hard links: fall back to a checked rename.
        if path.exists():
            raise PoaError(f"{path}: already exists; choose another name or add --force to replace it") from None
        os.replace(temp_name, path)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
