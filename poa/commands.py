"""What each `poa` command does once its arguments are parsed: read, call the core, print, write.

poa/cli.py builds the parser and maps errors to exit codes; the runners here are what it calls.
Heavy libraries are imported inside each runner, so that `poa --help` answers at once.
"""

from __future__ import annotations

import argparse
import os
import sys

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
EXAMPLES_DIR = os.path.join(os.path.dirname(__file__), "data", "examples")


def example_names() -> list[str]:
    return sorted(name.removesuffix(".yaml") for name in os.listdir(EXAMPLES_DIR) if name.endswith(".yaml"))


def run_new(args: argparse.Namespace) -> int:
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


def run_render(args: argparse.Namespace) -> int:
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


def run_check(args: argparse.Namespace) -> int:
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
        print(error_line(f"{invalid.path}: {problem.text(lang)}", lang), file=sys.stderr)
    if len(invalid.problems) > 1:
        print(message("case.invalid_count", path=invalid.path, count=len(invalid.problems)).text(lang), file=sys.stderr)
    return EXIT_USAGE


def run_example(args: argparse.Namespace) -> int:
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


def run_reasons(args: argparse.Namespace) -> int:
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


def run_notice(args: argparse.Namespace) -> int:

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


def run_reply(args: argparse.Namespace) -> int:
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


def run_bundle(args: argparse.Namespace) -> int:
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


def run_invoice(args: argparse.Namespace) -> int:
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


def error_line(text: str, lang: str) -> str:
    """One error line, "error: ..." or "错误：...", in the language the message is in."""
    from poa.errors import message

    return message("cli.error", text=text).text(lang)
