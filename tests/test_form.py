"""The appeal-form blocks: one per field, counted against a limit, never cut mid-word."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from helpers import EXAMPLE_NAMES, write_yaml

from poa import commands
from poa.plan import form, outputs
from poa.readers.case_file import load_case

TODAY = dt.date(2026, 12, 1)
HEADING = re.compile(r"^== (.+) \(([\d,]+) / ([\d,]+) characters(?:: ([\d,]+) over the limit, shorten it)?\) ==$")


def example(name: str):
    return load_case(Path(commands.EXAMPLES_DIR) / f"{name}.yaml")


def parse(text: str) -> list[tuple[str, int, int, str]]:
    """(label, count, limit, body) for each block of the form output."""
    blocks = []
    lines = text.split("\n")
    starts = [i for i, line in enumerate(lines) if HEADING.match(line)]
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        label, count, limit, _ = HEADING.match(lines[start]).groups()
        body = "\n".join(lines[start + 1 : end]).strip("\n")
        blocks.append((label, int(count.replace(",", "")), int(limit.replace(",", "")), body))
    return blocks


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_blocks_of_every_example(name):
    case = example(name)
    text = outputs.render(case, "form", today=TODAY).decode()
    blocks = parse(text)
    assert [b[0] for b in blocks] == [
        "Root cause",
        "Corrective actions",
        "Preventive measures",
        "Additional information",
    ]
    plain = outputs.render(case, "txt", today=TODAY).decode()
    for _label, count, limit, body in blocks:
        assert count == len(body) and 0 < count <= limit == 2000
        assert "#" not in body and "**" not in body and "\\" not in body  # plain text, no Markdown left
        # A web form keeps no aligned columns and no filler pointing at another box.
        assert not re.search(r"\S {2,}\S", body), body
        assert "set out below" not in body and "documents below" not in body and "Orders needed" not in body
    root, actions, measures, extra = (b[3] for b in blocks)
    for paragraph in "\n\n".join([root, actions, measures]).split("\n\n"):  # the plan's own wording
        assert paragraph in plain
    for plan in case.plans.values():
        for cause in plan.root_causes:
            assert cause.text in root
        for action in plan.corrective_actions:
            assert action.text in actions and "Completed" in actions
        for measure in plan.preventive_measures:
            assert measure.text in measures and f"Owner: {measure.owner}." in measures
    assert extra.startswith("Your notice of ")
    assert "Root causes" not in root.split("\n")[0]  # the field names it; no heading repeated


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_one_line_per_metric_and_per_attachment(name):
    case = example(name)
    extra = form.form_blocks(case, today=TODAY)[-1].text
    lines = extra.split("\n")
    for reason_id, reading in case.metrics.items():
        label = [line for line in lines if line.startswith("- ") and "at the notice, against a target of" in line]
        counts = f"({reading.defects:,} of {reading.orders:,})"
        assert sum(counts in line for line in label) == 1, (reason_id, extra)
    from poa.plan.attachments import numbered_attachments

    attachments = numbered_attachments(case)
    for attachment in attachments:
        mine = [line for line in lines if line.startswith(f"- Attachment {attachment.number}: ")]
        assert mine == [line for line in mine if attachment.evidence.name in line] and len(mine) == 1
    # No filler line: every line says something of its own (a sentence or an item).
    assert all(line == "" or re.search(r"[a-z]{3}", line) for line in lines)


def test_several_reasons_keep_their_labels():
    blocks = form.form_blocks(example("late_shipment_rate"), today=TODAY)
    root = blocks[0].text.split("\n")
    # amazon.co.uk: Seller Central's UK names.
    assert root[0] == "Late Dispatch Rate" and "Pre-fulfilment Cancel Rate" in root


def test_block_over_its_limit_is_whole_and_marked():
    case = example("order_defect_rate")
    full = form.form_blocks(case, today=TODAY)
    small = form.form_blocks(case, today=TODAY, limits={"root_cause": 100})
    assert small[0].text == full[0].text  # never cut, so never cut mid-word
    assert small[0].over == full[0].chars - 100
    heading = small[0].heading()
    assert (
        heading
        == f"== Root cause ({full[0].chars:,} / 100 characters: {full[0].chars - 100:,} over the limit, shorten it) =="
    )
    assert [b.limit for b in small] == [100, 2000, 2000, 2000]


def test_words_are_never_split():
    case = example("inauthentic")
    plain_words = set(outputs.render(case, "form", today=TODAY).decode().split())
    for limit in (50, 333, 1000):
        text = outputs.render(case, "form", today=TODAY, form_limits=dict.fromkeys(form.field_ids(), limit)).decode()
        for _, _, _, body in parse(text):
            assert set(body.split()) <= plain_words


def test_limits_from_the_data_file():
    spec = form.load_form_fields()
    assert [f.id for f in spec.fields] == [
        "root_cause",
        "corrective_actions",
        "preventive_measures",
        "additional_information",
    ]
    assert "No official" in spec.note
    assert form.resolve_limits({"preventive_measures": 900})["preventive_measures"] == 900


def test_parse_limits():
    assert form.parse_limits(["root_cause=2000", "corrective_actions = 3,000"]) == {
        "root_cause": 2000,
        "corrective_actions": 3000,
    }


def test_render_form_to_terminal_and_file(tmp_path, odr_data, run_cli):
    case = write_yaml(tmp_path / "case.yaml", odr_data)
    printed = run_cli("render", str(case), "--format", "form", "--limit", "root_cause=1500")
    assert printed.code == 0 and printed.out.startswith("== Root cause (")
    assert "/ 1,500 characters" in printed.out
    out = tmp_path / "form.txt"
    written = run_cli("render", str(case), "-o", str(out), "--format", "form")
    assert written.code == 0 and f"Wrote {out} (form)." in written.out
    assert parse(out.read_text(encoding="utf-8"))[0][0] == "Root cause"


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--limit", "title=100"], "--limit title=100: unknown field 'title' (known: root_cause, "),
        (["--limit", "root_cause=0"], "whole number of characters above 0"),
        (["--limit", "root_cause=many"], "whole number of characters above 0"),
        (["--limit", "root_cause"], "write FIELD=N"),
        (["-o", "form.md", "--format", "form"], "the extension says md but --format says form"),
    ],
)
def test_render_form_mistakes(tmp_path, odr_data, run_cli, args, needle):
    case = write_yaml(tmp_path / "case.yaml", odr_data)
    result = run_cli("render", str(case), *[str(tmp_path / a) if a == "form.md" else a for a in args])
    assert result.code == 2 and "Traceback" not in result.err
    assert len(result.err.strip().splitlines()) == 1 and needle in result.err
    assert not (tmp_path / "form.md").exists()
