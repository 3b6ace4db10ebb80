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
