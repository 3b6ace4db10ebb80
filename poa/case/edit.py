"""Changes to a saved case file that keep everything else as the seller wrote it.

A YAML case is edited as text, at the place its parser reports, so comments, quoting and order stay
as they were; the result is parsed again and must hold exactly the intended change before it is
written. A JSON case has no comments and is written again whole.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from poa.case.store import _case_loader, case_from_data, dump_data, parse_answers
from poa.errors import PoaError

if TYPE_CHECKING:
    from poa.case.model import Evidence


# A document of the case and every place it is listed: (reason id, 0-based position in its evidence).
PlacedDocument = tuple["Evidence", tuple[tuple[str, int], ...]]


def with_invoice(
    text: str, path: Path, attachments: list[PlacedDocument], number: int, block: dict[str, Any], *, force: bool = False
) -> tuple[str, str]:
    """The case file's text with an invoice block in attachment N (in each place it is listed), and
    that document's name.

    attachments: the case's documents in attachment order, as poa.plan.attachments numbers them, so N
    is the number the plan shows.
    """
    data = parse_answers(text, path)
    if not 1 <= number <= len(attachments):
        raise PoaError.of("invoice.evidence_range", number=number, path=path, count=len(attachments))
    item, targets = attachments[number - 1]
    if item.kind != "supplier_invoice":
        raise PoaError.of("invoice.evidence_kind", number=number, name=item.name[:60], kind=item.kind)
    if item.invoice is not None and not force:
        raise PoaError.of("invoice.evidence_has_block", number=number)
    expected = copy.deepcopy(data)
    # The block as the case file's own reader would read it back (numbers stay text until validated).
    as_read = block if path.suffix.lower() == ".json" else parse_answers(dump_data(block), path)
    for reason_id, index in targets:
        expected["plans"][reason_id]["evidence"][index]["invoice"] = as_read
    if path.suffix.lower() == ".json":
        new_text = json.dumps(json.loads(_normal(expected, sort=False)), indent=2, ensure_ascii=False) + "\n"
    else:
        new_text = _yaml_with_invoice(text, path, targets, block)
        if _normal(parse_answers(new_text, path)) != _normal(expected):
            raise PoaError.of("invoice.unsafe_edit", path=path)
    case_from_data(parse_answers(new_text, path), path)  # still a valid case: its dates agree, ...
    return new_text, item.name


def _normal(data: Any, *, sort: bool = True) -> str:
    return json.dumps(data, sort_keys=sort, default=str, ensure_ascii=False)


def _yaml_with_invoice(text: str, path: Path, targets: tuple[tuple[str, int], ...], block: dict[str, Any]) -> str:
    import yaml

    root = yaml.compose(text, Loader=_case_loader())
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    edits = []
    for reason_id, index in targets:
        item = _node(_node(_node(_node(root, "plans"), reason_id), "evidence"), index)
        if not isinstance(item, yaml.MappingNode) or item.flow_style:
            raise PoaError.of("invoice.flow_item", path=path, where=f"plans.{reason_id}.evidence[{index}]")
        column = item.value[0][0].start_mark.column
        body = dump_data({"invoice": block})
        new_lines = [(" " * column + line if line.strip() else line) + "\n" for line in body.splitlines()]
        existing = next(((k, v) for k, v in item.value if k.value == "invoice"), None)
        if existing is not None:
            start, end = existing[0].start_mark.line, _end_line(existing[1], lines)
        else:
            start = end = _end_line(item.value[-1][1], lines)
        edits.append((start, end, new_lines))
    for start, end, new_lines in sorted(edits, reverse=True):
        lines[start:end] = new_lines
    return "".join(lines)


def _node(node: Any, key: str | int) -> Any:
    import yaml

    if isinstance(key, int) and isinstance(node, yaml.SequenceNode):
        return node.value[key]
    if isinstance(node, yaml.MappingNode):
        for key_node, value in node.value:
            if key_node.value == key:
                return value
    raise PoaError.of("invoice.unexpected_shape", key=key)


def _end_line(node: Any, lines: list[str]) -> int:
    """The first line after a value. A nested block ends where the next token starts (the next item's
    "- ", or the start of a line); a scalar ends within its last line."""
    mark = node.end_mark
    if mark.line >= len(lines) or not lines[mark.line][: mark.column].strip():
        return mark.line
    return mark.line + 1


# ---------------------------------------------------------------- a round (poa reply --case)


def with_round(text: str, path: Path, round_data: dict[str, Any]) -> str:
    """The case file's text with one more round at the end of previous_appeals, everything else as it was.

    A previous_appeals the text cannot take a line into (written on one line as [...]) makes the whole
    file written again from its values: what the seller wrote is kept, its comments are not.
    """
    data = parse_answers(text, path)
    if not isinstance(data, dict):
        raise PoaError.of("case.not_mapping", path=path)
    expected = copy.deepcopy(data)
    rounds = list(expected.get("previous_appeals") or [])
    if path.suffix.lower() == ".json":
        expected["previous_appeals"] = [*rounds, round_data]
        return json.dumps(json.loads(_normal(expected, sort=False)), indent=2, ensure_ascii=False) + "\n"
    item = _round_yaml(round_data)
    expected["previous_appeals"] = [*rounds, parse_answers(item, path)[0]]  # as the case's reader reads it back
    new_text = _yaml_with_round(text, item)
    if new_text is None or _normal(parse_answers(new_text, path)) != _normal(expected):
        new_text = dump_data(expected)
    case_from_data(parse_answers(new_text, path), path)  # still a valid case
    return new_text


def _round_yaml(round_data: dict[str, Any]) -> str:
    """The round as a YAML list item ("- date: ..."), the reply's text as a readable block."""
    import yaml

    base = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

    class RoundDumper(base):  # type: ignore[misc, valid-type]
        pass

    def text(dumper: Any, value: str) -> Any:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)

    RoundDumper.add_representer(str, text)
    return yaml.dump([round_data], Dumper=RoundDumper, sort_keys=False, allow_unicode=True, width=100)


def _yaml_with_round(text: str, item: str) -> str | None:
    """The text with the item after the last round (or under a new previous_appeals: at the end), else None."""
    import yaml

    root = yaml.compose(text, Loader=_case_loader())
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    if not isinstance(root, yaml.MappingNode) or root.flow_style:
        return None
    found = next(((k, v) for k, v in root.value if k.value == "previous_appeals"), None)
    if found is None:
        return "".join(lines) + "previous_appeals:\n" + item
    key, value = found
    if isinstance(value, yaml.SequenceNode) and not value.flow_style and value.value:
        column = value.start_mark.column  # where the items' "- " stand
        end = _end_line(value.value[-1], lines)
        lines[end:end] = [(" " * column + line if line.strip() else line) + "\n" for line in item.splitlines()]
        return "".join(lines)
    empty = (isinstance(value, yaml.ScalarNode) and value.value in ("", "null", "~")) or (
        isinstance(value, yaml.SequenceNode) and not value.value
    )
    if empty and key.start_mark.column == 0 and value.end_mark.line == key.start_mark.line:
        lines[key.start_mark.line] = "previous_appeals:\n" + item  # "previous_appeals: []" becomes a list
        return "".join(lines)
    return None
