"""The plan cut into the appeal form's fields: one plain-text block per field, with its character count.

The blocks are the plan's own sections (the same templates, as plain text), so the wording has one
source. A block over its limit is written whole, never cut: the checker reports it, and the seller
decides what to shorten.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from poa.case.catalog import DATA_DIR, Bilingual, _cached, _load_yaml
from poa.errors import PoaError

if TYPE_CHECKING:
    from poa.case.model import Case

FORM_FIELDS_PATH = DATA_DIR / "form_fields.yaml"
# The section's own "## Title" heading: the form field already names it.
_SECTION_HEADING = re.compile(r"\A\s*##[^\n]*\n")


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class FormField(_Data):
    id: str = Field(pattern=r"^[a-z][a-z_]*$")
    label: Bilingual
    sections: tuple[str, ...] = Field(min_length=1)
    limit: int = Field(gt=0)


class FormSpec(_Data):
    note: str
    checked: dt.date
    fields: tuple[FormField, ...] = Field(min_length=1)


@cache
def load_form_fields(path: Path = FORM_FIELDS_PATH) -> FormSpec:
    def build() -> FormSpec:
        try:
            return FormSpec.model_validate(_load_yaml(path))
        except ValidationError as error:
            first = error.errors()[0]
            where = ".".join(str(part) for part in first["loc"])
            raise PoaError(f"{path}: {where}: {first['msg']} (the package data is damaged; reinstall poa)") from None

    return _cached(path, build)


def field_ids() -> list[str]:
    return [f.id for f in load_form_fields().fields]


def parse_limits(pairs: list[str] | None) -> dict[str, int]:
    """`--limit root_cause=2000` values as {field: limit}; a one-line error for anything else."""
    known = field_ids()
    limits: dict[str, int] = {}
    for pair in pairs or []:
        name, sep, number = pair.partition("=")
        name = name.strip()
        if not sep:
            raise PoaError(f"--limit {pair}: write FIELD=N, for example --limit root_cause=2000")
        if name not in known:
            raise PoaError(f"--limit {pair}: unknown field {name!r} (known: {', '.join(known)})")
        number = number.strip().replace(",", "").replace("_", "")
        if not number.isdigit() or int(number) <= 0:
            raise PoaError(f"--limit {pair}: the limit must be a whole number of characters above 0, such as 2000")
        limits[name] = int(number)
    return limits


def resolve_limits(overrides: dict[str, int] | None = None) -> dict[str, int]:
    """Each field's limit: the user's where given, else the data file's default."""
    limits = {f.id: f.limit for f in load_form_fields().fields}
    for name, limit in (overrides or {}).items():
        if name not in limits:
            raise PoaError(f"form limit {name!r}: unknown field (known: {', '.join(limits)})")
        if limit <= 0:
            raise PoaError(f"form limit {name}={limit}: the limit must be above 0")
        limits[name] = limit
    return limits


@dataclass(frozen=True)
class FormBlock:
    field: str
    label: str
    text: str
    limit: int

    @property
    def chars(self) -> int:
        # What a browser's text box counts: one per character, a line break as one.
        return len(self.text)

    @property
    def over(self) -> int:
        return max(0, self.chars - self.limit)

    def heading(self) -> str:
        count = f"{self.chars:,} / {self.limit:,} characters"
        if self.over:
            count += f": {self.over:,} over the limit, shorten it"
        return f"== {self.label} ({count}) =="


def section_text(markdown: str) -> str:
    """A rendered section as plain text, without its own heading."""
    from poa.plan.text import markdown_to_text

    body = _SECTION_HEADING.sub("", markdown, count=1)
    return markdown_to_text(body).strip() if body.strip() else ""


def form_blocks(
    case: Case,
    *,
    today: dt.date,
    limits: dict[str, int] | None = None,
    sections: dict[str, str] | None = None,
    user_templates: Path | None = None,
) -> list[FormBlock]:
    """One block per form field, from the rendered sections (given, or rendered here)."""
    if sections is None:
        from poa.plan.render import render_sections

        sections = render_sections(case, today=today, user_templates=user_templates, form=True)
    resolved = resolve_limits(limits)
    blocks = []
    for spec in load_form_fields().fields:
        parts = [section_text(sections[name]) for name in spec.sections if name in sections]
        text = "\n\n".join(part for part in parts if part)
        blocks.append(FormBlock(spec.id, spec.label.en, text, resolved[spec.id]))
    return blocks


def blocks_text(blocks: list[FormBlock]) -> str:
    """All blocks, each under its heading, ready to paste field by field."""
    return "\n\n".join(f"{block.heading()}\n\n{block.text}" for block in blocks) + "\n"
