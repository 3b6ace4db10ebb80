"""Answers files in and out: YAML or JSON parsed and validated into a Case, written atomically.

Reading the file itself goes through the readers' front door (poa.readers.case_file)."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from poa.errors import PoaError, message

if TYPE_CHECKING:
    from pydantic import BaseModel

    from poa.case.model import Case
    from poa.case.problems import CaseProblem

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
    for tag, construct in _TOLERANT.items():
        CaseLoader.add_constructor(tag, _tolerant(getattr(base, construct)))
    return CaseLoader


_NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
# Scalars YAML turns into Python values and can fail on: 2026-02-30, !!timestamp garbage, !!int with
# 5,000 digits. Left as text, the model says which field is wrong and what to write instead.
_TOLERANT = {
    "tag:yaml.org,2002:timestamp": "construct_yaml_timestamp",
    "tag:yaml.org,2002:int": "construct_yaml_int",
    "tag:yaml.org,2002:float": "construct_yaml_float",
}


def _tolerant(construct: Any) -> Any:
    def build(loader: Any, node: Any) -> Any:
        try:
            return construct(loader, node)
        except (ValueError, TypeError, AttributeError, OverflowError):
            return str(node.value)

    return build


def _json_int(digits: str) -> int | str:
    # Python refuses to convert more than 4,300 digits; the model reports a number that long in words.
    return int(digits) if len(digits) <= 100 else digits


def parse_answers(text: str, path: Path) -> Any:
    """The raw data of an answers file: JSON for .json, YAML otherwise."""
    if path.suffix.lower() == ".json":
        try:
            return json.loads(text, parse_int=_json_int)
        except json.JSONDecodeError as error:
            raise PoaError.of(
                "case.invalid_json", path=path, line=error.lineno, column=error.colno, problem=error.msg
            ) from None
        except RecursionError:
            raise PoaError.of("case.too_deep", path=path) from None
    import yaml

    try:
        return yaml.load(text, Loader=_case_loader())
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = message("case.yaml_where", line=mark.line + 1, column=mark.column + 1) if mark else ""
        problem = error.problem or error.context or "not valid YAML"
        raise PoaError.of("case.invalid_yaml", path=path, where=where, problem=problem) from None
    except yaml.YAMLError as error:
        raise PoaError.of("case.invalid_yaml", path=path, where="", problem=str(error)[:200]) from None
    except RecursionError:
        raise PoaError.of("case.too_deep", path=path) from None


class InvalidCase(PoaError):
    """A case that parses but does not validate: every problem, each with its field path."""

    def __init__(self, path: Path, problems: list[CaseProblem]) -> None:
        self.path = path
        self.problems = problems
        first = problems[0]
        if len(problems) == 1:
            text = message("case.invalid", path=path, where=first.where, problem=first.what)
        else:
            text = message(
                "case.invalid_more", path=path, where=first.where, problem=first.what, more=len(problems) - 1
            )
        if not first.where:
            text = message("case.invalid_top", path=path, problem=first.what)
        super().__init__(text)


def case_from_data(data: Any, path: Path) -> Case:
    from poa.case.model import Case

    if data is None:
        raise PoaError.of("case.empty_file", path=path)
    return validated(Case, data, path)


_Model = TypeVar("_Model", bound="BaseModel")


def validated(model: type[_Model], data: Any, path: Path) -> _Model:
    """A file's data as the model (a case, or the parts of one a writer needs), or every problem found."""
    from pydantic import ValidationError

    from poa.case.problems import case_problems

    if not isinstance(data, dict):
        raise PoaError.of("case.not_mapping", path=path)
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise InvalidCase(path, case_problems(error)) from None
    except RecursionError:
        raise PoaError.of("case.too_deep", path=path) from None


def dump_case(case: Case, fmt: str = "yaml") -> str:
    return dump_data(case.model_dump(mode="json", exclude_none=True, exclude_defaults=False), fmt)


def dump_data(data: dict[str, Any], fmt: str = "yaml") -> str:
    """Plain answers data (a case, or a partial case such as a draft) as YAML or JSON text."""
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True, width=100)


# Temporary files of a write, beside the target so the rename stays on one file system. A run killed
# mid-write (SIGKILL, a power cut) leaves one behind: the next write in that folder removes it.
TEMP_PREFIX = ".poa-"
TEMP_SUFFIX = ".tmp"
STALE_AFTER_SECONDS = 10  # a temporary this old and not locked by a live writer is left over
MAX_NAME_BYTES = 255  # the longest file name NTFS, ext4, APFS and most others take


def atomic_write(path: Path, data: bytes, *, force: bool = False) -> None:
    """Write through a temporary file in the same folder, then rename, so a crash leaves the old file.

    An existing file is kept unless force is given; without force the final step is a hard link,
    which fails rather than replace a file that appeared meanwhile. Only a regular file is ever
    replaced: a device, a pipe or a symbolic link under the name is refused, even with force.
    """
    check_target(path, force)
    folder = path.parent
    remove_stale_temporaries(folder)
    try:
        handle, temp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=folder)
    except OSError as error:
        raise PoaError.of("output.cannot_create", path=path, folder=folder, problem=error.strerror or error) from None
    try:
        with os.fdopen(handle, "wb") as temp:
            _hold(temp.fileno())
            temp.write(data)
            temp.flush()
            os.fsync(temp.fileno())
            os.chmod(temp_name, 0o666 & ~_umask())
            if os.name != "nt":  # renamed while still held, so no cleaner can take it meanwhile
                _move_into_place(temp_name, path, force)
        if os.name == "nt":  # Windows renames only a closed file
            _move_into_place(temp_name, path, force)
    except OSError as error:
        raise PoaError.of("output.cannot_write", path=path, problem=error.strerror or error) from None
    finally:
        if os.path.lexists(temp_name):
            os.unlink(temp_name)


def _hold(fd: int) -> None:
    """Lock a temporary while it is written: the next run removes only temporaries no live run holds."""
    try:
        import fcntl
    except ImportError:  # Windows: an open file cannot be removed, and age tells the rest
        return
    with contextlib.suppress(OSError):  # a file system without locks: age alone decides
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def remove_stale_temporaries(folder: Path) -> None:
    """Remove the temporaries of poa runs that were killed while writing in this folder."""
    import time

    try:
        entries = [e for e in os.scandir(folder) if e.name.startswith(TEMP_PREFIX) and e.name.endswith(TEMP_SUFFIX)]
    except OSError:
        return
    for entry in entries:
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            if time.time() - entry.stat(follow_symlinks=False).st_mtime < STALE_AFTER_SECONDS:
                continue  # maybe a run that has only just started writing it
            if _held_by_a_live_run(entry.path):
                continue
            os.unlink(entry.path)
        except OSError:
            continue  # in use (Windows), or removed by another run meanwhile


def _held_by_a_live_run(name: str) -> bool:
    try:
        import fcntl
    except ImportError:
        return False
    fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0))
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)
    return False


def check_target(path: Path, force: bool) -> None:
    """Refuse a name no file can have, a target that is not a regular file, that exists (without force),
    or whose folder is missing."""
    import stat

    check_name(path)
    mode = target_mode(path)
    if mode is not None:
        if stat.S_ISDIR(mode):
            raise PoaError.of("output.directory", path=path, example=path / "plan.docx")
        if not stat.S_ISREG(mode):
            raise PoaError.of("output.special", path=path, what=_what(path, mode))
        if not force:
            raise PoaError.of("output.exists", path=path)
    if not path.parent.is_dir():
        raise PoaError.of("output.no_folder", path=path, folder=path.parent)


def target_mode(path: Path) -> int | None:
    """What is under an output's name (its mode, the link itself for a link), or None for nothing."""
    try:
        return os.lstat(path).st_mode
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as error:
        raise PoaError.of("output.cannot_write", path=path, problem=getattr(error, "strerror", None) or error) from None


def check_name(path: Path) -> None:
    """Refuse a name no file can have: a line break or control character, or too many bytes."""
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in str(path)):
        raise PoaError.of("output.bad_chars", path=repr(str(path))[1:-1])
    length = len(path.name.encode("utf-8", "surrogateescape"))
    if length > MAX_NAME_BYTES:
        raise PoaError.of("output.too_long", path=_shortened(path), length=length, limit=MAX_NAME_BYTES)


def _what(path: Path, mode: int):  # -> Message
    import stat

    if stat.S_ISLNK(mode):
        return message("output.what_symlink" if path.exists() else "output.what_dangling")
    if stat.S_ISFIFO(mode):
        return message("output.what_fifo")
    return message("output.what_device")


def _shortened(path: Path) -> str:
    text = str(path)
    return text if len(text) <= 80 else text[:60] + "..." + text[-15:]


def _move_into_place(temp_name: str, path: Path, force: bool) -> None:
    if force:
        os.replace(temp_name, path)
        return
    try:
        os.link(temp_name, path)
    except FileExistsError:
        raise PoaError.of("output.appeared", path=path) from None
    except OSError:
        # Some file systems have no hard links: fall back to a checked rename.
        if os.path.lexists(path):
            raise PoaError.of("output.exists", path=path) from None
        os.replace(temp_name, path)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
