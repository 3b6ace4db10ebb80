"""The `poa` command: parses arguments, calls the core, maps errors to exit codes.

Heavy libraries (pydantic, Jinja2, python-docx, ...) are imported inside the commands so that
`poa --help` and a mistyped command answer at once.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys

from poa import __version__

TYPE_CHECKING = False  # typing itself costs `poa --help` a few milliseconds
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_UNCLASSIFIED = 1  # poa notice: a notice it cannot classify
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
MAX_PROBLEMS_LISTED = 50  # poa check on a case that does not validate: the rest are counted
FORMATS = ("docx", "pdf", "md", "txt")
# Formats that are files, not text: never printed to standard output.
BINARY_FORMATS = ("docx", "pdf")
# The appeal-form blocks are plain text: written to a .txt file or printed.
FORM_FORMAT = "form"
REQUEST_FORMAT = "request"
# --lang: zh-Hant is shown from the simplified texts (poa/languages.py); its names are spelled out here so
# that `poa --help` does not load the converter.
LANGS = ("en", "zh", "zh-Hant")
LANG_HELP = "language of the {what}: en, zh (simplified Chinese) or zh-Hant (traditional Chinese)"
EXAMPLES_DIR = os.path.join(os.path.dirname(__file__), "data", "examples")


def example_names() -> list[str]:
    return sorted(name.removesuffix(".yaml") for name in os.listdir(EXAMPLES_DIR) if name.endswith(".yaml"))


def _formatter(prog: str) -> argparse.HelpFormatter:
    # Given a width, argparse does not import shutil to ask the terminal for one.
    try:
        width = os.get_terminal_size().columns - 2
    except OSError:
        width = 78
    return argparse.HelpFormatter(prog, width=max(width, 40))


def _command(commands: Any, name: str, summary: str, description: str, run: Any) -> argparse.ArgumentParser:
    command = commands.add_parser(name, help=summary, description=description, formatter_class=_formatter)
    command.set_defaults(run=run)
    return command


class _Parser(argparse.ArgumentParser):
    def _print_message(self, message: str, file: Any = None) -> None:
        # argparse ignores a failed write, so `poa --help > /dev/full` would exit 0 having printed nothing.
        if message:
            (file or sys.stderr).write(message)
            (file or sys.stderr).flush()


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="poa",
        description="Write a Plan of Action for a suspended Amazon seller account, offline.",
        epilog="Start with: poa new (questions in the terminal), or: poa example order_defect_rate -o case.yaml "
        "&& poa render case.yaml -o plan.docx",
        formatter_class=_formatter,
    )
    parser.add_argument("--version", action="version", version=f"poa {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    new = _command(
        commands,
        "new",
        "answer questions in the terminal and get a finished plan (.yaml case and .docx)",
        "Walk through the plan step by step: seller, reasons, metrics, ASINs, root causes, corrective actions, "
        "preventive measures and evidence, with suggestions for each reason. Every answer is saved to a draft; "
        "Ctrl-B goes back, Ctrl-C saves and quits.",
        _run_new,
    )
    new.add_argument(
        "--lang",
        choices=LANGS,
        help="language of the questions: en, zh (simplified Chinese) or zh-Hant (traditional); default: the locale's",
    )
    new.add_argument("--draft", metavar="PATH", help="where to keep the draft (default: ./poa-draft.yaml)")
    new.add_argument("--resume", metavar="PATH", help="continue the draft saved in PATH")
    new.add_argument("--answers", metavar="CASE", help="start from a case file and ask only what is missing")
    new.add_argument("--notice", metavar="FILE", help="start from Amazon's notice: what it states is pre-filled")

    render = _command(
        commands,
        "render",
        "turn a saved case into a plan (.docx, .pdf, .md, .txt, or blocks for the appeal form)",
        "Render a case (answers file) into the plan of action a seller sends to Amazon.",
        _run_render,
    )
    render.add_argument("case", metavar="CASE", help="the answers file (.yaml, .yml or .json)")
    render.add_argument("-o", "--output", help="where to write; the format follows the extension")
    render.add_argument(
        "--format",
        choices=(*FORMATS, FORM_FORMAT, REQUEST_FORMAT),
        help="docx, pdf (through LibreOffice), md, txt; form: one block per appeal-form field; request: ask Seller "
        "Performance for the policy and ASINs a notice does not name (default: from -o, else md)",
    )
    render.add_argument("--force", action="store_true", help="replace the output file if it exists")
    render.add_argument("--templates", metavar="DIR", help="a folder of templates overriding the built-in ones")
    render.add_argument(
        "--reference-docx",
        metavar="FILE",
        help="a .docx whose styles, page set-up, header and footer (a letterhead) the Word plan takes",
    )
    render.add_argument(
        "--limit",
        action="append",
        default=[],
        metavar="FIELD=N",
        help="a form field's character limit, e.g. root_cause=2000 (repeatable; for --format form)",
    )

    check = _command(
        commands,
        "check",
        "review a case or a draft plan the way a strict reviewer would",
        "Check a case (.yaml, .yml, .json) or a draft plan (.md, .txt, .docx) for the mistakes that get "
        "appeals rejected. Exit status: 0 no errors, 1 errors (with --strict, warnings too), 2 unreadable input.",
        _run_check,
    )
    check.add_argument("file", metavar="FILE", help="a case (.yaml, .yml, .json) or a draft (.md, .txt, .docx)")
    check.add_argument("--format", choices=("text", "json"), default="text", help="text (default) or json")
    check.add_argument("--lang", choices=LANGS, default="en", help=LANG_HELP.format(what="messages"))
    check.add_argument("--strict", action="store_true", help="count warnings as errors in the exit status")
    check.add_argument(
        "--limit", action="append", default=[], metavar="FIELD=N", help="a form field's character limit (repeatable)"
    )
    check.add_argument(
        "--marketplace", metavar="DOMAIN", help="for a draft: the marketplace it is for (default amazon.com)"
    )
    check.add_argument("--today", metavar="YYYY-MM-DD", help="the date to check action dates against (default today)")

    example = _command(
        commands,
        "example",
        "write a complete example case to start from",
        "Write a bundled, complete example case. Without NAME, list the examples.",
        _run_example,
    )
    example.add_argument("name", metavar="NAME", nargs="?", help="one of: " + ", ".join(example_names()))
    example.add_argument("-o", "--output", help="where to write (default: print it)")
    example.add_argument("--force", action="store_true", help="replace the output file if it exists")

    reasons = _command(
        commands,
        "reasons",
        "list the suspension reasons poa knows, or show one in full",
        "List the suspension reasons in the catalogue, or show one with its suggestions.",
        _run_reasons,
    )
    reasons.add_argument("reason", metavar="ID", nargs="?", help="a reason id, for example order_defect_rate")
    reasons.add_argument("--lang", choices=LANGS, default="en", help=LANG_HELP.format(what="labels"))

    notice = _command(
        commands,
        "notice",
        "read Amazon's notice: reasons, ASINs, dates, metrics, deadline",
        "Read a pasted suspension notice and show what it says; with -o, write it as a partial case.",
        _run_notice,
    )
    notice.add_argument("file", metavar="FILE", help="the notice as text or HTML; - reads standard input")
    notice.add_argument("--json", action="store_true", help="print one JSON object instead of the summary")
    notice.add_argument("--marketplace", metavar="DOMAIN", help="e.g. amazon.de, when the notice names none")
    notice.add_argument("-o", "--output", help="write a partial case (.yaml, .yml or .json) to complete")
    notice.add_argument("--force", action="store_true", help="replace the output file if it exists")
    notice.add_argument("--lang", choices=LANGS, default="en", help=LANG_HELP.format(what="summary"))

    reply = _command(
        commands,
        "reply",
        "read Amazon's answer to an appeal: what it decides and asks for; with --case, record the round",
        "Read Amazon's reply to an appeal (text, HTML, or an e-mail saved as .eml or .msg) and say what it decides "
        "(kind), what it asks for, the ASINs it names, its deadline and the next step. With --case, add the round to "
        "the case: "
        "the reply and the plan's items as sent. Exit status: 0 read, 1 no decision found, 2 unreadable input.",
        _run_reply,
    )
    reply.add_argument("file", metavar="FILE", help="the reply as text, HTML, .eml or .msg; - reads standard input")
    reply.add_argument("--json", action="store_true", help="print one JSON object instead of the summary")
    reply.add_argument("--lang", choices=LANGS, default="en", help=LANG_HELP.format(what="summary"))
    reply.add_argument("--case", metavar="CASE", help="the case the plan was sent from: record this round in it")
    reply.add_argument("--sent", metavar="YYYY-MM-DD", help="the day the plan was sent (default: its plan_date)")
    reply.add_argument("--date", metavar="YYYY-MM-DD", help="the day Amazon replied, when the reply does not say")
    reply.add_argument("--marketplace", metavar="DOMAIN", help="e.g. amazon.de, to read dates such as 02/09/2026")

    bundle = _command(
        commands,
        "bundle",
        "write the plan and its attachments, numbered, with an index and one combined PDF",
        "Write the plan (.docx and .pdf), every attachment (evidence file:) copied as "
        "'Attachment N - <document> - <date>', an index, and one PDF of the plan followed by every attachment, "
        "into a new folder or a .zip file. Needs LibreOffice.",
        _run_bundle,
    )
    bundle.add_argument("case", metavar="CASE", help="the answers file (.yaml, .yml or .json)")
    bundle.add_argument("-o", "--output", required=True, metavar="DIR|FILE.zip", help="a new folder, or a .zip file")
    bundle.add_argument("--force", action="store_true", help="replace the .zip file if it exists")
    bundle.add_argument("--templates", metavar="DIR", help="a folder of templates overriding the built-in ones")

    invoice = _command(
        commands,
        "invoice",
        "read a supplier invoice (.pdf, .docx, .xlsx) into the case's invoice block",
        "Read a supplier invoice and print its number, date, supplier, buyer and lines as YAML to paste into the "
        "case; with --case and --evidence, write them into that evidence item.",
        _run_invoice,
    )
    invoice.add_argument("file", metavar="FILE", help="the invoice: a text PDF, a Word (.docx) or Excel (.xlsx) file")
    invoice.add_argument("--case", metavar="CASE", help="the case file to write the invoice into")
    invoice.add_argument(
        "--evidence", metavar="N", type=int, help="the attachment number of the invoice in the plan (with --case)"
    )
    invoice.add_argument("--force", action="store_true", help="replace the item's existing invoice block")
    return parser


def _run_new(args: argparse.Namespace) -> int:
    from poa.errors import PoaError

    if args.resume and (args.answers or args.notice or args.draft):
        raise PoaError.of("new.resume_alone")
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise PoaError.of("new.no_terminal")
    from pathlib import Path

    from poa.interview import wizard

    def path(value: str | None) -> Path | None:
        return None if value is None else Path(value)

    options = wizard.Options(
        lang=args.lang,
        draft=path(args.draft),
        resume=path(args.resume),
        answers=path(args.answers),
        notice=path(args.notice),
    )
    return wizard.start(options)


def _run_render(args: argparse.Namespace) -> int:
    from pathlib import Path

    from poa.errors import PoaError

    args.case = Path(args.case)
    args.output = _output_path(args.output)
    args.templates = None if args.templates is None else Path(args.templates)
    from poa.case.store import check_name

    if args.output is not None:
        check_name(args.output)
    if args.output is not None and args.output.exists() and args.case.exists() and args.output.samefile(args.case):
        raise PoaError(f"{args.output}: is the case file itself; write the plan to another file")

    fmt = _output_format(args.output, args.format)
    if fmt in BINARY_FORMATS and args.output is None:
        raise PoaError.of("output.binary_stdout", format=fmt)
    if fmt == "pdf":
        from poa.plan.pdf import require_soffice

        require_soffice()  # before the work: without LibreOffice there is no PDF
    from poa.case.store import atomic_write, check_target
    from poa.readers.case_file import load_case

    limits: dict[str, int] | None = None
    if args.limit:  # a mistyped limit is a mistake whatever the format
        from poa.plan.form import parse_limits

        limits = parse_limits(args.limit)
    if args.output is not None:
        check_target(args.output, args.force)  # before the work, not only when writing
    reference = None
    if args.reference_docx is not None:
        if fmt != "docx":
            raise PoaError(
                f"--reference-docx sets the look of a Word plan; write to a .docx file (not {fmt}) or leave it out"
            )
        from poa.plan.reference import ReferenceDocx

        reference = ReferenceDocx.load(Path(args.reference_docx))

    import datetime as dt

    from poa.plan import outputs

    if fmt == REQUEST_FORMAT:  # needs the seller and the notice, not a complete plan
        from poa.plan.request import request_facts, request_text
        from poa.readers.case_file import read_answers

        facts = request_facts(read_answers(args.case), args.case)
        text = request_text(facts, user_templates=args.templates)
        if args.output is None:
            sys.stdout.write(text)
            return EXIT_OK
        atomic_write(args.output, text.encode("utf-8"), force=args.force)
        print(f"Wrote {args.output}: send it to Seller Performance from the notice's appeal page or as a reply.")
        return EXIT_OK
    case = load_case(args.case)
    data = outputs.render(
        case, fmt, today=dt.date.today(), user_templates=args.templates, form_limits=limits, reference_docx=reference
    )
    if args.output is None:
        _print(data.decode("utf-8"))
        return EXIT_OK
    atomic_write(args.output, data, force=args.force)
    print(f"Wrote {args.output} ({fmt}).")
    for line in [*outputs.metric_notes(case), *outputs.reminders(case, today=dt.date.today())]:
        print(line)
    return EXIT_OK


def _output_path(value: str | None) -> Path | None:
    """-o as a path; `-o -` (or no -o) means standard output."""
    from pathlib import Path

    return None if value in (None, "-") else Path(value)


def _print(text: str) -> None:
    """Text for standard output, written at once so a full disk or a closed pipe is seen here."""
    sys.stdout.write(text)
    sys.stdout.flush()


def _output_format(output: Path | None, requested: str | None) -> str:
    from poa.errors import PoaError

    if output is None:
        return requested or "md"
    suffix = output.suffix.lower().lstrip(".")
    if requested == FORM_FORMAT and suffix in ("txt", ""):
        return requested
    if requested == REQUEST_FORMAT and suffix in ("txt", "md", ""):
        return requested
    if suffix not in FORMATS:
        if requested:
            return requested
        raise PoaError(
            f"{output}: cannot tell the format from '{output.suffix or 'no extension'}'; "
            "end the name with .docx, .pdf, .md or .txt, or add --format"
        )
    if requested and requested != suffix:
        raise PoaError(f"{output}: the extension says {suffix} but --format says {requested}; make them agree")
    return suffix


def _run_check(args: argparse.Namespace) -> int:
    from pathlib import Path

    from poa.plan.form import parse_limits
    from poa.review import check

    path = Path(args.file)
    limits = parse_limits(args.limit)
    today = _today_option(args.today)
    if path.suffix.lower() in (".yaml", ".yml", ".json"):
        from poa.case.store import InvalidCase
        from poa.readers.case_file import load_case

        try:
            case = load_case(path)
        except InvalidCase as invalid:
            return _invalid_case(invalid, args.format, args.lang)
        findings = check.check_case(case, today=today, form_limits=limits)
    else:
        language, english = "en", "en-US"
        if args.marketplace:
            market = _marketplace_option(args.marketplace)
            language, english = market.language, market.english
        from poa.readers.draft import load_draft

        text = load_draft(path)
        findings = check.check_draft(
            text, marketplace_language=language, english=english, paragraph_per_line=path.suffix == ".docx"
        )
    if args.format == "json":
        _print(check.findings_json(findings, args.lang))
    else:
        _print(check.format_findings(findings, args.lang))
    errors, warnings = check.counts(findings)
    return EXIT_FINDINGS if errors or (args.strict and warnings) else EXIT_OK


def _today_option(value: str | None):  # -> dt.date
    import datetime as dt

    from poa.case import dates
    from poa.errors import PoaError

    if not value:
        return dt.date.today()
    try:
        today = dt.date.fromisoformat(value)
    except ValueError:
        raise PoaError.of("option.today", value=value[:40]) from None
    if not dates.in_range(today):
        raise PoaError.of(
            "option.today_range", value=value, earliest=dates.EARLIEST.isoformat(), latest=dates.LATEST.isoformat()
        )
    return today


def _invalid_case(invalid: Any, fmt: str, lang: str) -> int:
    """A case that does not validate: every problem with its field path, not only the first."""
    from poa.errors import message

    if fmt == "json":
        import json

        problems = [{"where": p.where, "message": p.what.text(lang)} for p in invalid.problems]
        _print(json.dumps({"file": str(invalid.path), "valid": False, "problems": problems}, ensure_ascii=False) + "\n")
        return EXIT_USAGE
    for problem in invalid.problems[:MAX_PROBLEMS_LISTED]:
        print(_error_line(f"{invalid.path}: {problem.text(lang)}", lang), file=sys.stderr)
    if len(invalid.problems) > 1:
        print(message("case.invalid_count", path=invalid.path, count=len(invalid.problems)).text(lang), file=sys.stderr)
    return EXIT_USAGE


def _run_example(args: argparse.Namespace) -> int:
    from poa.errors import PoaError

    names = example_names()
    if args.name is None:
        print("Examples (write one with: poa example NAME -o case.yaml):")
        for name in names:
            print(f"  {name}")
        return EXIT_OK
    if args.name not in names:
        raise PoaError(f"unknown example {args.name[:60]!r} (known: {', '.join(names)})")
    with open(os.path.join(EXAMPLES_DIR, f"{args.name}.yaml"), "rb") as example:
        data = example.read()
    output = _output_path(args.output)
    if output is None:
        _print(data.decode("utf-8"))
        return EXIT_OK
    from poa.case.store import atomic_write

    atomic_write(output, data, force=args.force)
    print(f"Wrote {args.output}. Render it with: poa render {args.output} -o plan.docx")
    return EXIT_OK


def _run_reasons(args: argparse.Namespace) -> int:
    from poa import reasons_view
    from poa.case.catalog import load_catalog
    from poa.errors import PoaError

    catalog = load_catalog()
    if args.reason is None:
        _print(reasons_view.listing(catalog, args.lang))
        return EXIT_OK
    if args.reason not in catalog:
        raise PoaError(catalog.unknown_reason_message(args.reason))
    _print(reasons_view.detail(catalog[args.reason], args.lang))
    return EXIT_OK


def _run_notice(args: argparse.Namespace) -> int:

    from poa.case.store import CASE_SUFFIXES, atomic_write, check_target, dump_data
    from poa.errors import PoaError
    from poa.readers.notice import NOTICE_INPUT, describe, notice_text, read_notice

    # `-o -` prints the partial case (YAML) instead of the summary, which goes to standard error.
    to_stdout = args.output == "-"
    if to_stdout and args.json:
        raise PoaError.of("option.two_stdout")
    output = _output_path(args.output)
    if output is not None:
        if output.suffix.lower() not in CASE_SUFFIXES:
            raise PoaError.of("option.case_suffix", path=output)
        check_target(output, args.force)  # before the work, not only when writing
    text = _input_text(args.file, "option.no_stdin", NOTICE_INPUT, notice_text)
    reading = read_notice(text, marketplace=args.marketplace)
    # With --json or `-o -`, standard output holds the JSON object or the case alone.
    say = sys.stderr if args.json or to_stdout else sys.stdout
    if args.json:
        import json

        _print(json.dumps(reading.to_json(), ensure_ascii=False, indent=2) + "\n")
    else:
        say.write(describe(reading, args.lang))
    if not reading.classified:
        print(
            "poa could not tell the suspension reason from this notice (nothing written); "
            "see the reasons it knows with: poa reasons",
            file=say,
        )
        return EXIT_UNCLASSIFIED
    if to_stdout:
        _print(dump_data(reading.partial_case(), "yaml"))
    if output is not None:
        fmt = "json" if output.suffix.lower() == ".json" else "yaml"
        data = dump_data(reading.partial_case(), fmt)
        if fmt == "yaml":
            data = f"# Read from {args.file} by poa notice. Add seller: and plans: to complete it.\n" + data
        atomic_write(output, data.encode("utf-8"), force=args.force)
        if reading.reasons == ["unspecified"]:
            print(f"Wrote {output}: add seller:, then ask which policy: poa render {output} --format request", file=say)
        else:
            print(
                f"Wrote {output}: a partial case; add the seller and a plan for each reason, then: poa render", file=say
            )
    return EXIT_OK


def _marketplace_option(value: str):  # -> poa.case.catalog.Marketplace
    """--marketplace as a known marketplace, or one line listing the known ones."""
    from poa.case.catalog import load_marketplaces
    from poa.errors import PoaError

    markets = load_marketplaces()
    domain = value.strip().lower().removeprefix("https://").removeprefix("www.").rstrip("/")
    if domain not in markets:
        raise PoaError.of("option.marketplace", value=value[:60], known=", ".join(markets))
    return markets[domain]


def _input_text(file: str, no_stdin: str, kind: Any, read_file: Any) -> str:
    """The text of FILE, or of standard input for "-" (piped, never a terminal left waiting)."""
    from pathlib import Path

    from poa.errors import PoaError
    from poa.readers.inputs import read_stdin_text

    if file != "-":
        return read_file(Path(file))
    if sys.stdin is None or sys.stdin.isatty():
        raise PoaError.of(no_stdin)
    return read_stdin_text(kind)


def _date_option(name: str, value: str | None) -> Any:
    """A date option (YYYY-MM-DD) within the dates a case can hold, or None when not given."""
    import datetime as dt

    from poa.case import dates
    from poa.errors import PoaError

    if value is None:
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise PoaError.of("reply.date", option=name, value=value[:40]) from None
    if not dates.in_range(day):
        earliest, latest = dates.EARLIEST.isoformat(), dates.LATEST.isoformat()
        raise PoaError.of("reply.date_range", option=name, value=value, earliest=earliest, latest=latest)
    return day


def _run_reply(args: argparse.Namespace) -> int:
    import json
    from pathlib import Path

    from poa.errors import PoaError
    from poa.readers import reply_report
    from poa.readers.reply import REPLY_INPUT, read_reply, reply_text

    sent, received = _date_option("--sent", args.sent), _date_option("--date", args.date)
    marketplace = _marketplace_option(args.marketplace).domain if args.marketplace else None
    if sent is not None and args.case is None:
        raise PoaError.of("reply.sent_needs_case")
    record = None
    if args.case is not None:
        from poa.readers.reply_round import RoundRecord

        record = RoundRecord.open(Path(args.case))
    text = _input_text(args.file, "reply.no_stdin", REPLY_INPUT, reply_text)
    case = record.case if record else None
    reading = read_reply(
        text,
        sent_texts=record.sent_texts() if record else (),
        expected_asins=tuple(case.affected_asins) if case else (),
        received=received,
        marketplace=marketplace or (case.marketplace if case else None),
    )
    prepared = record.prepare(reading, sent=sent) if record else None  # a mistake is found before any output
    notice_date = case.notice_date if case else None
    if args.json:
        data = reply_report.reading_json(reading, args.lang, notice_date=notice_date)
        _print(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        _print(reply_report.describe(reading, args.lang, notice_date=notice_date))
    say = sys.stderr if args.json else sys.stdout  # with --json, standard output holds the JSON object alone
    if record is not None and prepared is not None:
        for line in record.write(prepared, args.lang):
            print(line, file=say)
    return EXIT_UNCLASSIFIED if reading.kind == "unclear" else EXIT_OK


def _run_bundle(args: argparse.Namespace) -> int:
    import datetime as dt
    from pathlib import Path

    from poa.errors import PoaError
    from poa.plan.bundle import build_bundle, check_bundle_target, write_bundle
    from poa.readers.case_file import load_case

    if args.output == "-":  # a folder or a zip file is no text to print
        raise PoaError.of("option.bundle_stdout")
    case_path, target = Path(args.case), Path(args.output)
    check_bundle_target(target, args.force)  # before the work, not only when writing
    case = load_case(case_path)
    templates = None if args.templates is None else Path(args.templates)
    files = build_bundle(case, case_path, today=dt.date.today(), user_templates=templates)
    write_bundle(files, target, force=args.force)
    attachments = len(files) - 4  # the plan twice, the index and the combined PDF
    print(f"Wrote {target}: the plan, {attachments} attachment{'' if attachments == 1 else 's'}, an index and one PDF.")
    return EXIT_OK


def _run_invoice(args: argparse.Namespace) -> int:
    from pathlib import Path

    from poa.errors import PoaError
    from poa.readers.invoice import invoice_yaml, read_invoice_file, validated_block

    if (args.case is None) != (args.evidence is None):
        raise PoaError.of("option.case_evidence")
    reading = read_invoice_file(Path(args.file))
    shown = invoice_yaml(reading, args.file)
    if args.case is None:
        _print(shown)
        return EXIT_OK
    from poa.case.edit import with_invoice
    from poa.case.store import atomic_write, case_from_data, check_target, parse_answers
    from poa.plan.attachments import numbered_attachments
    from poa.readers.case_file import CASE_INPUT
    from poa.readers.inputs import read_text

    case_path = Path(args.case)
    text = read_text(case_path, CASE_INPUT)
    check_target(case_path, force=True)  # a case behind a symbolic link is read, but never replaced
    case = case_from_data(parse_answers(text, case_path), case_path)
    attachments = [(attachment.evidence, attachment.positions) for attachment in numbered_attachments(case)]
    block = validated_block(reading)
    # Everything is checked before the block is shown, so what is shown is what is written.
    new_text, name = with_invoice(text, case_path, attachments, args.evidence, block, force=args.force)
    _print(shown)
    atomic_write(case_path, new_text.encode("utf-8"), force=True)
    print(f"Wrote the invoice into {case_path}, attachment {args.evidence}: {name}.")
    return EXIT_OK


def _skip_pydantic_plugin_discovery() -> None:
    """pydantic searches every installed distribution for plugins on first use, through
    importlib.metadata: about 30 ms of every start. The poa command uses no pydantic plugin,
    so in its own process (run() only, never main()) the search answers "none" at once.
    """
    if "pydantic" in sys.modules:
        return
    import types

    loader = types.ModuleType("pydantic.plugin._loader")
    loader.get_plugins = lambda: ()  # type: ignore[attr-defined]
    sys.modules.setdefault("pydantic.plugin._loader", loader)


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    for stream in (sys.stdout, sys.stderr):
        # A terminal that cannot show Chinese must not turn a label into a traceback.
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    from poa.errors import PoaError, message

    # A run creates many long-lived objects (models, templates, styles) and few cycles: the
    # collector's passes over them cost more than they free in a command that ends in a second.
    thresholds = gc.get_threshold()
    gc.set_threshold(100_000, 50, 100)
    streams = sys.stdout, sys.stderr
    if args.command != "new" and getattr(args, "lang", None) == "zh-Hant":
        # The command works in simplified Chinese; what it prints is shown in traditional characters.
        args.lang = "zh"
        sys.stdout, sys.stderr = _Traditional(sys.stdout), _Traditional(sys.stderr)
    try:
        code = args.run(args)
        sys.stdout.flush()  # a full disk behind standard output is an error of this run, said here
        return code
    except PoaError as error:
        print(_error_line(error.text(_language(args)), _language(args)), file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print(message("cli.interrupted").text(_language(args)), file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader (for example `head`) closed the pipe: not an error of ours.
        sys.stderr.close()
        return EXIT_OK
    except OSError as error:
        # Files are written by atomic_write, which says what went wrong itself: what is left is
        # standard output (a full disk, > /dev/full, a terminal that went away).
        if error.errno not in _output_errors():
            raise
        _drop_unwritten_output()
        report = PoaError.of("output.stdout", problem=error.strerror or error)
        print(_error_line(report.text(_language(args)), _language(args)), file=sys.stderr)
        return EXIT_USAGE
    finally:
        gc.set_threshold(*thresholds)
        if isinstance(sys.stdout, _Traditional):  # not where standard output was let go of (a full disk)
            sys.stdout = streams[0]
        if isinstance(sys.stderr, _Traditional):
            sys.stderr = streams[1]


def _error_line(text: str, lang: str) -> str:
    """One error line, "error: ..." or "错误：...", in the language the message is in."""
    from poa.errors import message

    return message("cli.error", text=text).text(lang)


class _Traditional:
    """A text stream that shows simplified Chinese in traditional characters (--lang zh-Hant)."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        from poa.languages import traditional

        return self._stream.write(traditional(text))

    def __getattr__(self, name: str) -> Any:  # flush, isatty, encoding, ... of the stream underneath
        return getattr(self._stream, name)


def _output_errors() -> frozenset[int]:
    """What writing to standard output can fail with: a full disk or quota, a file too big, a device gone."""
    import errno

    names = ("ENOSPC", "EDQUOT", "EFBIG", "EIO", "ENXIO", "EBADF", "EPIPE")
    return frozenset(getattr(errno, name) for name in names if hasattr(errno, name))


def _language(args: argparse.Namespace) -> str:
    """The language of the messages: --lang where the command has it, else the locale's."""
    lang = getattr(args, "lang", None)
    if lang is None:
        from poa.interview.answers import default_language

        lang = default_language()
    return lang or "en"


def _drop_unwritten_output() -> None:
    """Standard output could not take what was printed: let go of it, so no later flush fails again."""
    try:  # noqa: SIM105 - contextlib would cost every start a millisecond
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - lives until the process ends
    except OSError:
        pass


def _terminated(signum: int, frame: object) -> None:
    # SIGTERM unwinds like an exception, so every temporary file being written is removed on the way out.
    raise SystemExit(128 + signum)


def run() -> None:
    """The console script: main(), then exit without tearing down every module.

    Everything is written and closed by then; the interpreter's teardown of pydantic, Jinja2
    and python-docx objects would only add tens of milliseconds to every command.
    """
    _skip_pydantic_plugin_discovery()
    import signal

    signal.signal(signal.SIGTERM, _terminated)
    try:
        code = main()
    except SystemExit as done:  # argparse's --help, --version and usage errors
        code = done.code if isinstance(done.code, int) else (0 if done.code is None else EXIT_USAGE)
        if done.code is not None and not isinstance(done.code, int):
            print(done.code, file=sys.stderr)
    except BrokenPipeError:  # `poa --help | head -1`
        _drop_unwritten_output()
        code = EXIT_OK
    except OSError as error:  # --help or --version into a full disk
        _drop_unwritten_output()
        print(f"error: cannot write to standard output ({error.strerror or error})", file=sys.stderr)
        code = EXIT_USAGE
    for stream in (sys.stdout, sys.stderr):
        try:  # noqa: SIM105 - contextlib would cost every start a millisecond
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)
