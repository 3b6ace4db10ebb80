"""A corpus of bad and odd inputs, class by class, for every command (the runner is test_bad_inputs.py).

Each attempt sets up files in an empty folder, runs one command and says what must come out: the
exit statuses allowed, words the message must hold, and the files the command may write. The runner
checks the rest for every attempt: no traceback, no hang, nothing clobbered, nothing half-written.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from helpers import example_data

Setup = Callable[[Path], None]


@dataclass(frozen=True)
class Attempt:
    cls: str  # the class of bad input, for the count per class
    id: str
    args: tuple[str, ...]  # "{d}" stands for the attempt's folder
    setup: Setup = lambda folder: None
    codes: tuple[int, ...] = (2,)
    needles: tuple[str, ...] = ()  # each must be in what the command printed (errors or output)
    absent: tuple[str, ...] = ()  # none may be
    one_line: bool = True  # with status 2: one line on standard error
    writes: tuple[str, ...] = ()  # files the command may create or replace
    wizard: dict[str, str] = field(default_factory=dict)  # run `poa new` (wizard.start) with these options
    check: Callable[[Path, object], None] | None = None  # a further check on the folder and the result
    # User templates run in a child process (poa.plan.template_process); the corpus runs them in
    # this one, to be quick, except where the attempt is about what only the child bounds.
    child: bool = False

    def argv(self, folder: Path) -> list[str]:
        return [arg.replace("{d}", str(folder)) for arg in self.args]


# ---------------------------------------------------------------- building files

MARK = "RAWVALUEHERE"


def case_data(name: str = "order_defect_rate") -> dict:
    data = example_data(name)
    plan = data["plans"][next(iter(data["plans"]))]
    plan.setdefault("evidence", [{"name": "Invoice from our supplier", "kind": "other", "date": "2026-08-01"}])
    if name == "order_defect_rate":
        plan["evidence"][0].setdefault("date", "2026-08-01")
    data["previous_appeals"] = [{"date": "2026-08-06", "outcome": "rejected"}]
    data["notice"] = {"deadline": "2026-09-01"}
    return data


def _set(data: dict, path: str, value: object) -> None:
    parts = [int(p) if p.isdigit() else p for p in path.split(".")]
    target = data
    for part in parts[:-1]:
        target = target[part]
    target[parts[-1]] = value


def case_with(path: str, raw: str, name: str = "order_defect_rate", file: str = "case.yaml") -> Setup:
    """A case whose field at `path` is the YAML text `raw`, exactly as written (unquoted, tagged, ...)."""

    def setup(folder: Path) -> None:
        data = case_data(name)
        _set(data, path, MARK)
        text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1_000_000)
        (folder / file).write_text(text.replace(MARK, raw), encoding="utf-8")

    return setup


def _attached() -> dict:
    """A case whose one document names its file, letter.pdf, beside the case."""
    data = case_data()
    data["plans"]["order_defect_rate"]["evidence"][0]["file"] = "letter.pdf"
    return data


def case_file(data: dict | None = None, file: str = "case.yaml", encoding: str = "utf-8") -> Setup:
    def setup(folder: Path) -> None:
        text = yaml.safe_dump(data or case_data(), sort_keys=False, allow_unicode=True)
        (folder / file).write_bytes(text.encode(encoding))

    return setup


def changed(change: Callable[[dict], None], name: str = "order_defect_rate") -> dict:
    data = case_data(name)
    change(data)
    return data


def both(*setups: Setup) -> Setup:
    def setup(folder: Path) -> None:
        for one in setups:
            one(folder)

    return setup


def special(name: str, kind: str) -> Setup:
    """`name` in the folder as something that is not a regular file."""

    def setup(folder: Path) -> None:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if kind == "fifo":
            os.mkfifo(path)
        elif kind == "dir":
            path.mkdir()
        elif kind == "dangling":
            path.symlink_to(folder / "nowhere")
        elif kind == "link":  # a symbolic link to a regular file that must stay as it is
            (folder / "target.txt").write_text("keep me\n", encoding="utf-8")
            path.symlink_to(folder / "target.txt")
        else:  # a device
            path.symlink_to(kind)

    return setup


def text_file(name: str, text: str | bytes) -> Setup:
    def setup(folder: Path) -> None:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))

    return setup


ATTACHED = _attached()
NOTICE = (
    "Date: 2026-08-03\nHello from Amazon,\nYour selling privileges on Amazon.com have been deactivated because "
    "your Order Defect Rate is 2.13%, above our target of under 1%. ASIN: B0B7K2M4QX.\n"
    "Send us a plan of action within 17 days.\n"
)
DRAFT = "# Plan of Action\n\n## Root cause\n\n{text}\n\n## Corrective actions\n\n1. We refunded every buyer.\n"


# ---------------------------------------------------------------- the classes

DATE_FIELDS = {
    "notice_date": "notice_date",
    "plan_date": "plan_date",
    "action": "plans.order_defect_rate.corrective_actions.0.date",
    "evidence": "plans.order_defect_rate.evidence.0.date",
    "appeal": "previous_appeals.0.date",
    "deadline": "notice.deadline",
}
WHERE = {
    "notice_date": "notice_date:",
    "plan_date": "plan_date:",
    "action": "plans.order_defect_rate.corrective_actions[0].date:",
    "evidence": "plans.order_defect_rate.evidence[0].date:",
    "appeal": "previous_appeals[0].date:",
    "deadline": "notice.deadline:",
}


def yaml_dates() -> list[Attempt]:
    values = {
        "feb30": "2026-02-30",
        "month13": "2026-13-04",
        "year0": "0000-01-01",
        "garbage": "!!timestamp garbage",
        "feb29": "2026-02-29",
        "hour99": "!!timestamp 2026-08-03T99:00:00",
    }
    found = []
    for field_id, path in DATE_FIELDS.items():
        for value_id, raw in values.items():
            for command in ("render", "check"):
                args = (
                    ("render", "{d}/case.yaml", "--format", "md") if command == "render" else ("check", "{d}/case.yaml")
                )
                found.append(
                    Attempt(
                        "dates YAML cannot build",
                        f"{command}-{field_id}-{value_id}",
                        args,
                        case_with(path, raw),
                        needles=(WHERE[field_id], "is not a date; write it as YYYY-MM-DD"),
                    )
                )
    for value_id, raw in (("feb30", "2026-02-30"), ("garbage", "!!timestamp garbage")):
        found.append(
            Attempt(
                "dates YAML cannot build",
                f"new-answers-{value_id}",
                (),
                case_with("notice_date", raw),
                codes=(130, 2),
                wizard={"answers": "case.yaml"},
                writes=("poa-draft.yaml",),
            )
        )
        found.append(
            Attempt(
                "dates YAML cannot build",
                f"new-resume-{value_id}",
                (),
                text_file(
                    "poa-draft.yaml",
                    f"poa_draft: {{version: 1, lang: en, done: [lang]}}\ncase: {{notice_date: {raw}}}\n",
                ),
                codes=(130, 2),
                wizard={"resume": "poa-draft.yaml"},
                writes=("poa-draft.yaml",),
            )
        )
    return found


def calendar_ends() -> list[Attempt]:
    found = []
    far = {"9999": "9999-12-31", "0001": "0001-01-01", "1999": "1999-12-31", "2100": "2100-01-01"}
    for field_id in ("notice_date", "action", "deadline"):
        for value_id, raw in far.items():
            for command in ("render", "check"):
                args = (
                    ("render", "{d}/case.yaml", "-o", "{d}/plan.docx")
                    if command == "render"
                    else ("check", "{d}/case.yaml")
                )
                found.append(
                    Attempt(
                        "dates at the ends of the calendar",
                        f"{command}-{field_id}-{value_id}",
                        args,
                        case_with(DATE_FIELDS[field_id], raw),
                        needles=(WHERE[field_id], "is outside the dates a plan can hold (2000-01-01 to 2099-12-31)"),
                    )
                )
    # The last day a plan can hold: every deadline and window is computed without falling off the calendar.
    for name in ("order_defect_rate", "inauthentic", "ip_trademark"):
        found.append(
            Attempt(
                "dates at the ends of the calendar",
                f"render-last-day-{name}",
                ("render", "{d}/case.yaml", "-o", "{d}/plan.docx"),
                case_with("notice_date", "2099-12-31", name),
                codes=(0,),
                needles=("Wrote",),
                writes=("plan.docx",),
            )
        )
        found.append(
            Attempt(
                "dates at the ends of the calendar",
                f"check-first-day-{name}",
                ("check", "{d}/case.yaml"),
                case_with("notice_date", "2000-01-01", name),
                codes=(0, 1),
            )
        )
    for value, codes, needle in (
        ("9999-12-31", (2,), "outside 2000-01-01 to 2099-12-31"),
        ("0001-01-01", (2,), "outside 2000-01-01 to 2099-12-31"),
        ("2026-02-30", (2,), "not a date"),
        ("2099-12-31", (0, 1), ""),
    ):
        found.append(
            Attempt(
                "dates at the ends of the calendar",
                f"check-today-{value}",
                ("check", "{d}/case.yaml", "--today", value),
                case_file(),
                codes=codes,
                needles=(needle,) if needle else (),
            )
        )
    for value_id, line, needle in (
        ("date-9999", "Date: 9999-12-31", "'9999-12-31' is outside 2000-2099"),
        ("date-0001", "Date: 0001-01-01", "'0001-01-01' is outside 2000-2099"),
        ("date-feb30", "Date: 2026-02-30", "'2026-02-30' is not a date that exists"),
        ("named-feb30", "Date: February 30, 2026", "'February 30, 2026' is not a date that exists"),
        ("deadline-9999", "Date: 2026-08-03\nRespond by 9999-12-31.", "'9999-12-31' is outside 2000-2099"),
    ):
        text = NOTICE.replace("Date: 2026-08-03", line)
        found.append(
            Attempt(
                "dates at the ends of the calendar",
                f"notice-{value_id}",
                ("notice", "{d}/notice.txt", "-o", "{d}/case.yaml"),
                text_file("notice.txt", text),
                codes=(0, 1),
                needles=(needle,),
                writes=("case.yaml",),
            )
        )
    return found


def huge_numbers() -> list[Attempt]:
    digits = "9" * 5000
    values = {
        "tagged-5000": (f"!!int {digits}", "the number has too many digits"),
        "plain-5000": (digits, "the number has too many digits"),
        "1e30": ("1" + "0" * 30, "is too large; write a number of at most"),
        "negative": ("-1", "is too small; write a number of at least"),
        "float-1e400": ("1e400", "is not a number"),
        "nan": (".nan", "is not a number"),
        "hex": ("0x1F", "is not a number"),
        "fraction": ("3.5", "is not a number"),
        "words": ("twelve", "is not a number"),
        "tagged-float": ("!!float 1e999", "is not a usable number"),
    }
    found = []
    for field_id in ("defects", "window_days"):
        for value_id, (raw, needle) in values.items():
            for command in ("render", "check"):
                args = (
                    ("render", "{d}/case.yaml", "--format", "md") if command == "render" else ("check", "{d}/case.yaml")
                )
                found.append(
                    Attempt(
                        "huge integers",
                        f"{command}-{field_id}-{value_id}",
                        args,
                        case_with(f"metrics.order_defect_rate.{field_id}", raw),
                        needles=(f"metrics.order_defect_rate.{field_id}:", needle),
                        absent=("Input should", "Unable to parse"),
                    )
                )
    for value_id, raw, needle in (
        ("rate-inf", "!!float 1e999", "is too large; write a number of at most 100"),
        ("rate-huge", f"!!float {digits}", "is too large; write a number of at most 100"),
        ("rate-negative", "-0.5", "is too small"),
        ("rate-text", "2.13%", "is not a number"),
    ):

        def rate_case(folder: Path, raw: str = raw) -> None:
            data = case_data()
            data["metrics"]["order_defect_rate"] = {"rate_percent": MARK}
            text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1_000_000)
            (folder / "case.yaml").write_text(text.replace(MARK, raw), encoding="utf-8")

        found.append(
            Attempt(
                "huge integers",
                f"check-{value_id}",
                ("check", "{d}/case.yaml"),
                rate_case,
                needles=("metrics.order_defect_rate.rate_percent:", needle),
            )
        )

    def json_case(folder: Path) -> None:
        import json

        text = json.dumps(case_data(), default=str).replace('"defects": 35', '"defects": ' + digits)
        (folder / "case.json").write_text(text, encoding="utf-8")

    found.append(
        Attempt(
            "huge integers",
            "render-json-5000",
            ("render", "{d}/case.json", "--format", "md"),
            json_case,
            needles=("defects:", "too many digits"),
        )
    )
    found.append(
        Attempt(
            "huge integers",
            "check-json-5000",
            ("check", "{d}/case.json", "--lang", "zh"),
            json_case,
            needles=("数字位数过多",),
        )
    )
    found.append(
        Attempt(
            "huge integers",
            "check-schema-5000",
            ("check", "{d}/case.yaml"),
            case_with("schema_version", f"!!int {digits}"),
            needles=("schema_version:", "too many digits"),
        )
    )
    return found


SOURCES = {
    "zero": "/dev/zero",
    "urandom": "/dev/urandom",
    "null": "/dev/null",
    "fifo": "fifo",
    "dir": "dir",
    "dangling": "dangling",
}
SOURCE_NEEDLES = {
    "zero": "is a device or other special file, not a regular file",
    "urandom": "is a device or other special file, not a regular file",
    "null": "is a device or other special file, not a regular file",
    "fifo": "is a named pipe (FIFO), not a regular file",
    "dir": "is a directory",
    "dangling": "no such file",
}


def inputs_that_never_end() -> list[Attempt]:
    found = []
    consumers = {
        "render": ("case.yaml", ("render", "{d}/case.yaml", "--format", "md")),
        "check-case": ("case.yaml", ("check", "{d}/case.yaml")),
        "check-md": ("draft.md", ("check", "{d}/draft.md")),
        "check-docx": ("draft.docx", ("check", "{d}/draft.docx")),
        "notice": ("notice.txt", ("notice", "{d}/notice.txt")),
        "invoice": ("invoice.pdf", ("invoice", "{d}/invoice.pdf")),
    }
    for source_id, kind in SOURCES.items():
        for consumer_id, (name, args) in consumers.items():
            found.append(
                Attempt(
                    "inputs that never end or never arrive",
                    f"{consumer_id}-{source_id}",
                    args,
                    special(name, kind),
                    needles=(name, SOURCE_NEEDLES[source_id]),
                )
            )
        # An attachment of the bundle: read before anything is converted or written.
        found.append(
            Attempt(
                "inputs that never end or never arrive",
                f"bundle-attachment-{source_id}",
                ("bundle", "{d}/case.yaml", "-o", "{d}/bundle"),
                both(case_file(ATTACHED), special("letter.pdf", kind)),
                needles=("attachment 1", "letter.pdf", SOURCE_NEEDLES[source_id]),
            )
        )
        for option in ("answers", "resume", "notice"):
            name = "notice.txt" if option == "notice" else "case.yaml"
            found.append(
                Attempt(
                    "inputs that never end or never arrive",
                    f"new-{option}-{source_id}",
                    (),
                    special(name, kind),
                    needles=(name, SOURCE_NEEDLES[source_id]),
                    wizard={option: name},
                    writes=("poa-draft.yaml",),
                )
            )
        found.append(
            Attempt(
                "inputs that never end or never arrive",
                f"template-{source_id}",
                ("render", "{d}/case.yaml", "--templates", "{d}/mine"),
                both(case_file(), special("mine/sections/closing.md.j2", kind)),
                needles=("closing.md.j2", SOURCE_NEEDLES[source_id]),
            )
        )
    for kind in ("fifo", "/dev/zero"):
        found.append(
            Attempt(
                "inputs that never end or never arrive",
                f"templates-folder-{kind.strip('/').replace('/', '-')}",
                ("render", "{d}/case.yaml", "--templates", "{d}/mine"),
                both(case_file(), special("mine", kind)),
                needles=("no such templates folder",),
            )
        )
    found.append(
        Attempt(
            "inputs that never end or never arrive",
            "bundle-attachment-missing",
            ("bundle", "{d}/case.yaml", "-o", "{d}/bundle.zip"),
            case_file(ATTACHED),
            needles=("attachment 1", "letter.pdf", "no such file"),
        )
    )
    found.append(
        Attempt(
            "inputs that never end or never arrive",
            "new-draft-fifo",
            (),
            special("poa-draft.yaml", "fifo"),
            needles=("exists and is not a poa draft",),
            wizard={"draft": "poa-draft.yaml"},
        )
    )
    return found


TARGETS = {
    "devnull": ("/dev/null", "is a device or other special file, not a regular file"),
    "fifo": ("fifo", "is a named pipe (FIFO), not a regular file"),
    "link": ("link", "is a symbolic link, not a regular file"),
    "dangling": ("dangling", "is a symbolic link to nothing, not a regular file"),
    "dir": ("dir", "is a directory"),
}


def outputs_that_cannot_be_written() -> list[Attempt]:
    found = []
    producers = {
        "render-docx": (".docx", ("render", "{d}/case.yaml", "--force", "-o")),
        "render-md": (".md", ("render", "{d}/case.yaml", "--force", "-o")),
        "example": (".yaml", ("example", "order_defect_rate", "--force", "-o")),
        "notice": (".yaml", ("notice", "{d}/notice.txt", "--force", "-o")),
    }
    inputs = both(case_file(), text_file("notice.txt", NOTICE))
    for producer_id, (suffix, args) in producers.items():
        for target_id, (kind, needle) in TARGETS.items():
            if producer_id == "notice" and kind == "/dev/null":
                needle = "a case is written as .yaml, .yml or .json"
            if kind == "/dev/null":
                target = "/dev/null"
                setup = inputs
                extra: tuple[str, ...] = ("--format", "md") if producer_id.startswith("render") else ()
            else:
                target = "{d}/out" + suffix
                setup = both(inputs, special("out" + suffix, kind))
                extra = ()
            found.append(
                Attempt(
                    "output that cannot be written",
                    f"{producer_id}-{target_id}",
                    (*args, target, *extra),
                    setup,
                    needles=(needle,),
                )
            )
        for name_id, name, needle in (
            ("too-long", "p" * 300 + suffix, "the file name is 30"),
            ("newline", "plan\nx" + suffix, "holds a line break or control character"),
            ("control", "plan\x1bx" + suffix, "holds a line break or control character"),
            ("no-folder", "missing/plan" + suffix, "is not an existing folder"),
        ):
            found.append(
                Attempt(
                    "output that cannot be written",
                    f"{producer_id}-{name_id}",
                    (*args, "{d}/" + name),
                    inputs,
                    needles=(needle,),
                )
            )
        found.append(
            Attempt(
                "output that cannot be written",
                f"{producer_id}-exists",
                (*(a for a in args if a != "--force"), "{d}/old" + suffix),
                both(inputs, text_file("old" + suffix, "keep me\n")),
                needles=("already exists; choose another name or add --force",),
            )
        )
    for fmt in ("md", "txt", "form"):
        found.append(
            Attempt(
                "output that cannot be written",
                f"render-dash-{fmt}",
                ("render", "{d}/case.yaml", "-o", "-", "--format", fmt),
                case_file(),
                codes=(0,),
                needles=("Order Defect Rate",),
                check=lambda folder, result: _nothing_named_dash(folder),
            )
        )
    found += [
        Attempt(
            "output that cannot be written",
            "render-dash-docx",
            ("render", "{d}/case.yaml", "-o", "-", "--format", "docx"),
            case_file(),
            needles=("a .docx cannot be printed",),
        ),
        Attempt(
            "output that cannot be written",
            "render-dash-pdf",
            ("render", "{d}/case.yaml", "-o", "-", "--format", "pdf"),
            case_file(),
            needles=("a .pdf cannot be printed",),
        ),
        Attempt(
            "output that cannot be written",
            "bundle-dash",
            ("bundle", "{d}/case.yaml", "-o", "-"),
            case_file(ATTACHED),
            needles=("a bundle is a folder or a .zip file",),
            check=lambda folder, result: _nothing_named_dash(folder),
        ),
        Attempt(
            "output that cannot be written",
            "bundle-onto-a-file",
            ("bundle", "{d}/case.yaml", "-o", "{d}/old"),
            both(case_file(ATTACHED), text_file("old", "keep me\n")),
            needles=("is a file; give a new folder, or a name ending in .zip",),
        ),
        Attempt(
            "output that cannot be written",
            "bundle-folder-not-empty",
            ("bundle", "{d}/case.yaml", "-o", "{d}/full"),
            both(case_file(ATTACHED), text_file("full/keep.txt", "keep me\n")),
            needles=("the folder is not empty",),
        ),
        Attempt(
            "output that cannot be written",
            "bundle-zip-exists",
            ("bundle", "{d}/case.yaml", "-o", "{d}/old.zip"),
            both(case_file(ATTACHED), text_file("old.zip", "keep me\n")),
            needles=("already exists; choose another name or add --force",),
        ),
        Attempt(
            "output that cannot be written",
            "bundle-no-folder",
            ("bundle", "{d}/case.yaml", "-o", "{d}/missing/bundle"),
            case_file(ATTACHED),
            needles=("is not an existing folder",),
        ),
        Attempt(
            "output that cannot be written",
            "example-dash",
            ("example", "order_defect_rate", "-o", "-"),
            codes=(0,),
            needles=("schema_version: 1",),
            check=lambda folder, result: _nothing_named_dash(folder),
        ),
        Attempt(
            "output that cannot be written",
            "notice-dash",
            ("notice", "{d}/notice.txt", "-o", "-"),
            text_file("notice.txt", NOTICE),
            codes=(0,),
            needles=("reasons:", "- order_defect_rate"),
            check=lambda folder, result: _nothing_named_dash(folder),
        ),
        Attempt(
            "output that cannot be written",
            "notice-dash-json",
            ("notice", "{d}/notice.txt", "-o", "-", "--json"),
            text_file("notice.txt", NOTICE),
            needles=("choose one",),
        ),
        Attempt(
            "output that cannot be written",
            "render-onto-case",
            ("render", "{d}/case.yaml", "-o", "{d}/case.yaml", "--format", "md", "--force"),
            case_file(),
            needles=("is the case file itself",),
        ),
    ]
    found += _bundle_targets()
    return found


def _bundle_targets() -> list[Attempt]:
    """What is not a regular file or a real folder under the bundle's name: refused before any work."""
    found = []
    for target_id, (kind, needle) in TARGETS.items():
        for suffix in (".zip", ""):
            if kind == "/dev/null":
                if suffix:
                    continue  # /dev/null has no .zip name: once, as a folder
                target, setup = "/dev/null", case_file(ATTACHED)
            elif kind == "dir" and not suffix:
                continue  # an empty folder is where a bundle may go
            else:
                target, setup = "{d}/out" + suffix, both(case_file(ATTACHED), special("out" + suffix, kind))
            found.append(
                Attempt(
                    "output that cannot be written",
                    f"bundle-{'zip' if suffix else 'folder'}-{target_id}",
                    ("bundle", "{d}/case.yaml", "-o", target, "--force"),
                    setup,
                    needles=(needle,),
                )
            )
    return found


def _nothing_named_dash(folder: Path) -> None:
    assert not (folder / "-").exists() and not Path("-").exists()


def templates_that_run_away() -> list[Attempt]:
    bad = {
        "zero-division": ("{{ 1 / 0 }}", "ZeroDivisionError"),
        "include-self": ("{% include 'sections/closing.md.j2' %}", "includes or extends itself"),
        "extends-self": ("{% extends 'sections/closing.md.j2' %}", "includes or extends itself"),
        "repeat": ("{{ 'x' * 10**9 }}", "makes it larger than a plan"),
        "power": ("{{ 2 ** (reasons | length * 100000) }}", "too large a number"),
        "list-repeat": ("{{ [1, 2] * 10**8 }}", "makes it larger than a plan"),
        "nested-loops": (
            "{% for a in range(99999) %}{% for b in range(99999) %}x{% endfor %}{% endfor %}",
            "writes more than 1,000,000 characters",
        ),
        "silent-loops": (
            "{% for a in range(99999) %}{% for b in range(99999) %}{% endfor %}{% endfor %}",
            "were stopped",
        ),
        "doubling": (
            "{% set ns = namespace(s='x') %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
            "mine",  # stopped by the time limit or the memory limit, whichever comes first
        ),
        "center": ("{{ 'x' | center(10**9) }}", "mine"),
        "undefined": ("{{ nothing_here }}", "check the variable names"),
        "undefined-attr": ("{{ seller.nothing.deeper }}", "check the variable names"),
        "syntax": ("{% if %}", "template error"),
        "unclosed": ("{% for x in reasons %}", "template error"),
        "type-error": ("{{ seller.legal_name + 1 }}", "TypeError"),
        "dictsort": ("{{ {'a': 1} | dictsort(by='nothing') }}", "closing.md.j2"),
        "slice-zero": ("{{ reasons | slice(0) | list }}", "ZeroDivisionError"),
        "format": ("{{ '%d' | format('x') }}", "TypeError"),
        "mro": ("{{ seller.__class__.__mro__ }}", "not allowed in a template"),
        "globals": ("{{ lipsum.__globals__ }}", "not allowed in a template"),
        "import": ("{% import 'nowhere.j2' as x %}", "not found in the templates folder"),
        "include-missing": ("{% include 'nowhere.j2' %}", "not found in the templates folder"),
        "include-parent": ("{% include '../case.yaml' %}", "not found in the templates folder"),
    }
    in_child = {("silent-loops", "md"), ("doubling", "md"), ("center", "md"), ("zero-division", "form")}
    found = []
    for bad_id, (source, needle) in bad.items():
        for fmt in ("md", "form") if bad_id in ("zero-division", "include-self", "nested-loops") else ("md",):
            found.append(
                Attempt(
                    "templates that fail or run away",
                    f"{bad_id}-{fmt}",
                    ("render", "{d}/case.yaml", "--templates", "{d}/mine", "--format", fmt),
                    both(case_file(), text_file("mine/sections/closing.md.j2", source)),
                    needles=(needle,),
                    child=(bad_id, fmt) in in_child,
                )
            )
    found += [
        Attempt(
            "templates that fail or run away",
            "mutual-include",
            ("render", "{d}/case.yaml", "--templates", "{d}/mine", "-o", "{d}/plan.docx"),
            both(
                case_file(),
                text_file("mine/sections/closing.md.j2", "{% include 'sections/header.md.j2' %}"),
                text_file("mine/sections/header.md.j2", "{% include 'sections/closing.md.j2' %}"),
            ),
            needles=("includes or extends itself",),
        ),
        Attempt(
            "templates that fail or run away",
            "not-utf8",
            ("render", "{d}/case.yaml", "--templates", "{d}/mine"),
            both(case_file(), text_file("mine/plan.md.j2", "Caf\xe9 {{ seller.legal_name }}".encode("latin-1"))),
            needles=("plan.md.j2", "is not UTF-8; save the template as UTF-8 text"),
        ),
        Attempt(
            "templates that fail or run away",
            "utf16",
            ("render", "{d}/case.yaml", "--templates", "{d}/mine"),
            both(case_file(), text_file("mine/plan.md.j2", "{{ seller.legal_name }}".encode("utf-16"))),
            needles=("plan.md.j2", "is not UTF-8"),
        ),
        Attempt(
            "templates that fail or run away",
            "too-big",
            ("render", "{d}/case.yaml", "--templates", "{d}/mine"),
            both(case_file(), text_file("mine/plan.md.j2", "x" * 64_001)),
            needles=("plan.md.j2", "larger than 64,000 bytes"),
        ),
    ]
    return found


def misleading_messages() -> list[Attempt]:
    found = []
    long_cause = "x" * 100_000
    for lang, needle in (("en", "the text is 100,000 characters, more than the 600 allowed"), ("zh", "100,000 个字符")):
        found.append(
            Attempt(
                "messages that mislead",
                f"check-long-root-cause-{lang}",
                ("check", "{d}/case.yaml", "--lang", lang),
                case_file(changed(lambda d: _set(d, "plans.order_defect_rate.root_causes.0", long_cause))),
                needles=("plans.order_defect_rate.root_causes[0]:", needle),
            )
        )
    found.append(
        Attempt(
            "messages that mislead",
            "render-long-root-cause",
            ("render", "{d}/case.yaml", "--format", "md"),
            case_file(changed(lambda d: _set(d, "plans.order_defect_rate.root_causes.0", long_cause))),
            needles=("100,000 characters",),
            absent=("entries",),
        )
    )
    # pydantic's own English must not reach a seller who asked for Chinese.
    zh_cases = {
        "negative": ("metrics.order_defect_rate.defects", -3, "太小"),
        "text-for-number": ("metrics.order_defect_rate.orders", "many", "不是数字"),
        "empty-name": ("seller.legal_name", "", "不能为空"),
        "list-for-text": ("seller.store_name", ["a", "b"], "应是文本"),
        "text-for-list": ("reasons", "order_defect_rate", "应是列表"),
        "bad-choice": ("previous_appeals.0.outcome", "lost", "不允许"),
        "bad-marketplace": ("marketplace", "amazon.moon", "未知站点"),
        "bad-reason": ("reasons.0", "odr", "未知原因"),
        "bad-asin": ("affected_asins", ["X123"], "不是 ASIN"),
        "bad-token": ("seller.merchant_token", "abc", "卖家记号"),
        "unknown-field": ("seller.phone", "123", "未知字段"),
        "bad-date": ("notice_date", "last Tuesday", "不是日期"),
        "far-date": ("notice_date", "1999-01-01", "超出计划可用的日期范围"),
        "too-many": ("plans.order_defect_rate.root_causes", ["cause"] * 31, "超过上限 30 项"),
        "bool-for-text": ("seller.signer_role", True, "应是文本"),
    }
    for case_id, (path, value, needle) in zh_cases.items():
        found.append(
            Attempt(
                "messages that mislead",
                f"check-zh-{case_id}",
                ("check", "{d}/case.yaml", "--lang", "zh"),
                case_file(changed(lambda d, path=path, value=value: _set(d, path, value))),
                needles=(needle,),
                absent=("Input should", "greater than", "less than", "valid integer", "Field required"),
            )
        )
    for encoding in ("utf-16", "utf-16-le", "utf-16-be", "gb18030", "utf-8-sig"):
        data = changed(lambda d: _set(d, "seller.signer_name", "Lin Xiaoyu"))
        found.append(
            Attempt(
                "messages that mislead",
                f"check-case-{encoding}",
                ("check", "{d}/case.yaml"),
                case_file(data, encoding=encoding),
                codes=(0, 1),
                absent=("binary", "is not UTF-8"),
            )
        )
        found.append(
            Attempt(
                "messages that mislead",
                f"render-case-{encoding}",
                ("render", "{d}/case.yaml", "-o", "{d}/plan.docx"),
                case_file(data, encoding=encoding),
                codes=(0,),
                writes=("plan.docx",),
            )
        )
        found.append(
            Attempt(
                "messages that mislead",
                f"notice-{encoding}",
                ("notice", "{d}/notice.txt"),
                text_file("notice.txt", ("亚马逊通知。" + NOTICE).encode(encoding)),
                codes=(0,),
                needles=("order_defect_rate",),
            )
        )
    found.append(
        Attempt(
            "messages that mislead",
            "case-latin1",
            ("check", "{d}/case.yaml", "--lang", "zh"),
            text_file("case.yaml", "seller: {legal_name: Caf\xe9}\n".encode("latin-1")),
            needles=("不是 UTF-8 编码", "请将文件另存为 UTF-8 文本后重试"),
        )
    )
    for ask_id, asked, lang, needle in (
        ("unknown", "odr", "en", "did you mean 'order_defect_rate'?"),
        ("unknown-zh", "odr", "zh", "是否指 'order_defect_rate'"),
        ("long", "x" * 10_000, "en", "unknown reason 'xxxx"),
        ("newline", "order\ndefect", "en", "unknown reason"),
        ("empty", "", "zh", "未知原因"),
    ):
        found.append(
            Attempt(
                "messages that mislead",
                f"reasons-{ask_id}",
                ("reasons", asked, "--lang", lang),
                needles=(needle,),
                check=lambda folder, result: _short_message(result),
            )
        )
    for ask_id, asked in (("unknown", "odr"), ("long", "y" * 10_000), ("path", "../../etc/passwd")):
        found.append(
            Attempt(
                "messages that mislead",
                f"example-{ask_id}",
                ("example", asked),
                needles=("unknown example",),
                check=lambda folder, result: _short_message(result),
            )
        )
    found += _invoice_inputs()
    found.append(
        Attempt(
            "messages that mislead",
            "case-missing-zh",
            ("check", "{d}/nope.yaml", "--lang", "zh"),
            needles=("找不到该文件",),
        )
    )
    return found


def _invoice_inputs() -> list[Attempt]:
    """poa invoice given no invoice: a missing file, a notice, text or a zip under an invoice's name."""
    import io
    import zipfile

    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as opened:
        opened.writestr("notes.txt", "not a Word document")
    attempts = {
        "missing": ("nope.pdf", None, "nope.pdf: no such file"),
        "notice": ("notice.txt", NOTICE, "poa reads invoices saved as .pdf, .docx or .xlsx, not '.txt'"),
        "no-extension": ("invoice", NOTICE, "not 'no extension'"),
        "text-as-pdf": ("invoice.pdf", NOTICE, "this is not a .pdf file inside"),
        "case-as-xlsx": ("invoice.xlsx", "seller: {}\n", "this is not a .xlsx file inside"),
        "zip-as-docx": ("invoice.docx", archive.getvalue(), "the .docx file cannot be read"),
        "empty-pdf": ("invoice.pdf", b"%PDF-1.4\n%%EOF\n", "the .pdf file cannot be read"),
    }
    found = []
    for attempt_id, (name, content, needle) in attempts.items():
        found.append(
            Attempt(
                "messages that mislead",
                f"invoice-{attempt_id}",
                ("invoice", "{d}/" + name),
                (lambda folder: None) if content is None else text_file(name, content),
                needles=(needle,),
            )
        )
    found.append(
        Attempt(
            "messages that mislead",
            "invoice-case-without-evidence",
            ("invoice", "{d}/invoice.pdf", "--case", "{d}/case.yaml"),
            both(case_file(), text_file("invoice.pdf", NOTICE)),
            needles=("--case and --evidence go together",),
        )
    )
    return found


def _short_message(result: object) -> None:
    assert len(result.err) < 1_000, result.err[:200]  # type: ignore[attr-defined]


def all_problems_at_once() -> list[Attempt]:
    def broken(d: dict) -> None:
        d["seller"]["legal_name"] = ""
        d["metrics"]["order_defect_rate"]["defects"] = -1
        d["plans"]["order_defect_rate"]["corrective_actions"][0]["date"] = "soon"
        d["marketplace"] = "amazon.moon"

    def inconsistent(d: dict) -> None:
        d["reasons"].append("inauthentic")
        d["metrics"]["order_defect_rate"]["rate_percent"] = 9.0

    lines = [
        "seller.legal_name:",
        "marketplace:",
        "metrics.order_defect_rate.defects:",
        "plans.order_defect_rate.corrective_actions[0].date:",
    ]
    return [
        Attempt(
            "all problems at once",
            "check-four",
            ("check", "{d}/case.yaml"),
            case_file(changed(broken)),
            needles=(*lines, "4 problems; fix them and run poa check"),
            one_line=False,
            check=lambda folder, result: _lines_at_least(result, 5),
        ),
        Attempt(
            "all problems at once",
            "check-four-zh",
            ("check", "{d}/case.yaml", "--lang", "zh"),
            case_file(changed(broken)),
            needles=(*lines, "共 4 处问题"),
            one_line=False,
        ),
        Attempt(
            "all problems at once",
            "check-four-json",
            ("check", "{d}/case.yaml", "--format", "json"),
            case_file(changed(broken)),
            needles=('"valid": false', *(f'"where": "{line[:-1]}"' for line in lines)),
            one_line=False,
        ),
        Attempt(
            "all problems at once",
            "render-four",
            ("render", "{d}/case.yaml", "-o", "{d}/plan.docx"),
            case_file(changed(broken)),
            needles=("seller.legal_name:", "(and 3 more; see them all with: poa check"),
        ),
        Attempt(
            "all problems at once",
            "check-across-fields",
            ("check", "{d}/case.yaml"),
            case_file(changed(inconsistent)),
            needles=(
                "plans: 'inauthentic' is missing",
                "metrics.order_defect_rate.rate_percent: rate_percent 9.0 does not match",
                "2 problems",
            ),
            one_line=False,
        ),
        Attempt(
            "all problems at once",
            "render-across-fields",
            ("render", "{d}/case.yaml", "--format", "md"),
            case_file(changed(inconsistent)),
            needles=("plans: 'inauthentic' is missing", "(and 1 more; see them all with: poa check"),
        ),
        Attempt(
            "all problems at once",
            "check-many-asins",
            ("check", "{d}/case.yaml"),
            case_file(changed(lambda d: _set(d, "affected_asins", [f"X{i}" for i in range(80)]))),
            needles=("affected_asins[0]:", "affected_asins[49]:", "80 problems"),
            absent=("affected_asins[50]:",),
            one_line=False,
        ),
    ]


def _lines_at_least(result: object, count: int) -> None:
    assert len(result.err.strip().splitlines()) >= count  # type: ignore[attr-defined]


INVISIBLE = {
    "rlo": "\u202e",
    "zwsp-run": "\u200b" * 20,
    "isolate": "\u2066",
    "soft-hyphen": "\u00ad",
    "bom": "\ufeff",
    "lrm": "\u200e",
    "c1": "\x85\x9b",
    "tag": "\U000e0041\U000e0042",
}


def invisible_controls() -> list[Attempt]:
    found = []
    for char_id, chars in INVISIBLE.items():

        def has_none(folder: Path, result: object, chars: str = chars) -> None:
            from docx import Document

            text = "\n".join(p.text for p in Document(str(folder / "plan.docx")).paragraphs)
            assert "Our shipping template" in text
            assert not any(ch in text for ch in chars)

        found.append(
            Attempt(
                "right-to-left overrides and invisible controls",
                f"render-{char_id}",
                ("render", "{d}/case.yaml", "-o", "{d}/plan.docx"),
                case_file(
                    changed(
                        lambda d, chars=chars: (
                            _set(d, "plans.order_defect_rate.root_causes.0", f"Our shipping{chars} template{chars}."),
                            _set(d, "seller.legal_name", f"Shenzhen{chars} Hengtai"),
                        )
                    )
                ),
                codes=(0,),
                writes=("plan.docx",),
                check=has_none,
            )
        )
    scripts = {
        "cyrillic": ("Мы отправили заказы поздно", "Cyrillic"),
        "arabic": ("أرسلنا الطلبات متأخرة", "Arabic script"),
        "hebrew": ("שלחנו את ההזמנות באיחור", "Hebrew"),
        "thai": ("เราส่งคำสั่งซื้อช้า", "Thai"),
        "devanagari": ("हमने ऑर्डर देर से भेजे", "Hindi or another Indian script"),
        "chinese": ("我们发货太晚", "Chinese, Japanese or Korean"),
    }
    for script_id, (text, needle) in scripts.items():
        found.append(
            Attempt(
                "right-to-left overrides and invisible controls",
                f"check-draft-{script_id}",
                ("check", "{d}/draft.md"),
                text_file("draft.md", DRAFT.format(text=text)),
                codes=(1,),
                needles=(f"Text in {needle}",),
            )
        )
        found.append(
            Attempt(
                "right-to-left overrides and invisible controls",
                f"check-case-{script_id}",
                ("check", "{d}/case.yaml"),
                case_file(changed(lambda d, text=text: _set(d, "plans.order_defect_rate.root_causes.0", text))),
                codes=(1,),
                needles=(f"Text in {needle}",),
            )
        )
    found.append(
        Attempt(
            "right-to-left overrides and invisible controls",
            "check-draft-arabic-on-amazon-sa",
            ("check", "{d}/draft.md", "--marketplace", "amazon.sa"),
            text_file("draft.md", DRAFT.format(text=scripts["arabic"][0])),
            codes=(0, 1),
            absent=("Text in Arabic",),
        )
    )
    return found


REPLY = (
    "Date: 2026-08-20\nHello,\nWe are unable to reinstate your account. Your plan of action did not explain the "
    "root cause. Please provide invoices for ASIN B0B7K2M4QX.\n"
)


def _case_with_reply(key: str, raw: str) -> Setup:
    """A case whose recorded round's reply has `key` written as the YAML text `raw`."""

    def setup(folder: Path) -> None:
        data = case_data()
        data["previous_appeals"][0]["reply"] = {"kind": "documents", key: MARK}
        text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1_000_000)
        (folder / "case.yaml").write_text(text.replace(MARK, raw), encoding="utf-8")

    return setup


def replies() -> list[Attempt]:
    """poa reply, alone and recording a round in a case, tried with every class that applies to it."""
    found = []
    reply = text_file("reply.txt", REPLY)
    for source_id, kind in SOURCES.items():
        found.append(
            Attempt(
                "inputs that never end or never arrive",
                f"reply-{source_id}",
                ("reply", "{d}/reply.txt"),
                special("reply.txt", kind),
                needles=("reply.txt", SOURCE_NEEDLES[source_id]),
            )
        )
        found.append(
            Attempt(
                "inputs that never end or never arrive",
                f"reply-case-{source_id}",
                ("reply", "{d}/reply.txt", "--case", "{d}/case.yaml"),
                both(reply, special("case.yaml", kind)),
                needles=("case.yaml",),
            )
        )
    found.append(
        Attempt(
            "output that cannot be written",
            "reply-case-link",
            ("reply", "{d}/reply.txt", "--case", "{d}/case.yaml"),
            both(reply, special("case.yaml", "link")),
            needles=("case.yaml", "is a symbolic link, not a regular file"),
        )
    )
    for value_id, raw in (("feb30", "2026-02-30"), ("garbage", "!!timestamp garbage")):
        for key in ("date", "deadline"):
            found.append(
                Attempt(
                    "dates YAML cannot build",
                    f"check-reply-{key}-{value_id}",
                    ("check", "{d}/case.yaml"),
                    _case_with_reply(key, raw),
                    needles=(f"previous_appeals[0].reply.{key}:", "is not a date; write it as YYYY-MM-DD"),
                )
            )
    for option, value, needle in (
        ("--date", "2026-02-30", "--date 2026-02-30: not a date"),
        ("--date", "1999-12-31", "--date 1999-12-31: outside"),
        ("--sent", "last Tuesday", "--sent last Tuesday: not a date"),
    ):
        found.append(
            Attempt(
                "dates at the ends of the calendar",
                f"reply-option{option}-{value.replace(' ', '-')}",
                ("reply", "{d}/reply.txt", "--case", "{d}/case.yaml", option, value),
                both(reply, case_file()),
                needles=(needle,),
            )
        )
    zh = {
        "bad-date": (("--date", "2026-13-01"), "不是日期"),
        "sent-alone": (("--sent", "2026-08-10"), "--sent 是案例中计划的提交日期"),
        "marketplace": (("--marketplace", "amazon.moon"), "未知站点"),
    }
    for case_id, (options, needle) in zh.items():
        found.append(
            Attempt(
                "messages that mislead",
                f"reply-zh-{case_id}",
                ("reply", "{d}/reply.txt", "--lang", "zh", *options),
                reply,
                needles=(needle,),
            )
        )
    found.append(
        Attempt(
            "messages that mislead",
            "reply-zh-empty",
            ("reply", "{d}/reply.txt", "--lang", "zh"),
            text_file("reply.txt", " \n\n"),
            needles=("回复是空的",),
        )
    )
    for encoding in ("utf-16", "gb18030", "utf-8-sig"):
        found.append(
            Attempt(
                "messages that mislead",
                f"reply-{encoding}",
                ("reply", "{d}/reply.txt"),
                text_file("reply.txt", ("亚马逊回复。" + REPLY).encode(encoding)),
                codes=(0,),
                needles=("documents",),
            )
        )
    return found


def all_attempts() -> list[Attempt]:
    return [
        *replies(),
        *yaml_dates(),
        *calendar_ends(),
        *huge_numbers(),
        *inputs_that_never_end(),
        *outputs_that_cannot_be_written(),
        *templates_that_run_away(),
        *misleading_messages(),
        *all_problems_at_once(),
        *invisible_controls(),
    ]
