"""The `poa` command: parses arguments, runs the command (poa/commands.py), maps errors to exit codes.

Heavy libraries (pydantic, Jinja2, python-docx, ...) are imported inside the commands so that
`poa --help` and a mistyped command answer at once.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys

from poa import __version__, commands

TYPE_CHECKING = False  # typing itself costs `poa --help` a few milliseconds
if TYPE_CHECKING:
    from typing import Any

# --lang: zh-Hant is shown from the simplified texts (poa/languages.py); its names are spelled out here so
# that `poa --help` does not load the converter.
LANGS = ("en", "zh", "zh-Hant")
LANG_HELP = "language of the {what}: en, zh (simplified Chinese) or zh-Hant (traditional Chinese)"


def _formatter(prog: str) -> argparse.HelpFormatter:
    # Given a width, argparse does not import shutil to ask the terminal for one.
    try:
        width = os.get_terminal_size().columns - 2
    except OSError:
        width = 78
    return argparse.HelpFormatter(prog, width=max(width, 40))


def _command(subcommands: Any, name: str, summary: str, description: str, run: Any) -> argparse.ArgumentParser:
    command = subcommands.add_parser(name, help=summary, description=description, formatter_class=_formatter)
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
    subcommands = parser.add_subparsers(dest="command", metavar="COMMAND")

    new = _command(
        subcommands,
        "new",
        "answer questions in the terminal and get a finished plan (.yaml case and .docx)",
        "Walk through the plan step by step: seller, reasons, metrics, ASINs, root causes, corrective actions, "
        "preventive measures and evidence, with suggestions for each reason. Every answer is saved to a draft; "
        "Ctrl-B goes back, Ctrl-C saves and quits.",
        commands.run_new,
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
        subcommands,
        "render",
        "turn a saved case into a plan (.docx, .pdf, .md, .txt, or blocks for the appeal form)",
        "Render a case (answers file) into the plan of action a seller sends to Amazon.",
        commands.run_render,
    )
    render.add_argument("case", metavar="CASE", help="the answers file (.yaml, .yml or .json)")
    render.add_argument("-o", "--output", help="where to write; the format follows the extension")
    render.add_argument(
        "--format",
        choices=(*commands.FORMATS, commands.FORM_FORMAT, commands.REQUEST_FORMAT),
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
        subcommands,
        "check",
        "review a case or a draft plan the way a strict reviewer would",
        "Check a case (.yaml, .yml, .json) or a draft plan (.md, .txt, .docx) for the mistakes that get "
        "appeals rejected. Exit status: 0 no errors, 1 errors (with --strict, warnings too), 2 unreadable input.",
        commands.run_check,
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
        subcommands,
        "example",
        "write a complete example case to start from",
        "Write a bundled, complete example case. Without NAME, list the examples.",
        commands.run_example,
    )
    example.add_argument("name", metavar="NAME", nargs="?", help="one of: " + ", ".join(commands.example_names()))
    example.add_argument("-o", "--output", help="where to write (default: print it)")
    example.add_argument("--force", action="store_true", help="replace the output file if it exists")

    reasons = _command(
        subcommands,
        "reasons",
        "list the suspension reasons poa knows, or show one in full",
        "List the suspension reasons in the catalogue, or show one with its suggestions.",
        commands.run_reasons,
    )
    reasons.add_argument("reason", metavar="ID", nargs="?", help="a reason id, for example order_defect_rate")
    reasons.add_argument("--lang", choices=LANGS, default="en", help=LANG_HELP.format(what="labels"))

    notice = _command(
        subcommands,
        "notice",
        "read Amazon's notice: reasons, ASINs, dates, metrics, deadline",
        "Read a pasted suspension notice and show what it says; with -o, write it as a partial case.",
        commands.run_notice,
    )
    notice.add_argument("file", metavar="FILE", help="the notice as text or HTML; - reads standard input")
    notice.add_argument("--json", action="store_true", help="print one JSON object instead of the summary")
    notice.add_argument("--marketplace", metavar="DOMAIN", help="e.g. amazon.de, when the notice names none")
    notice.add_argument("-o", "--output", help="write a partial case (.yaml, .yml or .json) to complete")
    notice.add_argument("--force", action="store_true", help="replace the output file if it exists")
    notice.add_argument("--lang", choices=LANGS, default="en", help=LANG_HELP.format(what="summary"))

    reply = _command(
        subcommands,
        "reply",
        "read Amazon's answer to an appeal: what it decides and asks for; with --case, record the round",
        "Read Amazon's reply to an appeal (text, HTML, or an e-mail saved as .eml or .msg) and say what it decides "
        "(kind), what it asks for, the ASINs it names, its deadline and the next step. With --case, add the round to "
        "the case: "
        "the reply and the plan's items as sent. Exit status: 0 read, 1 no decision found, 2 unreadable input.",
        commands.run_reply,
    )
    reply.add_argument("file", metavar="FILE", help="the reply as text, HTML, .eml or .msg; - reads standard input")
    reply.add_argument("--json", action="store_true", help="print one JSON object instead of the summary")
    reply.add_argument("--lang", choices=LANGS, default="en", help=LANG_HELP.format(what="summary"))
    reply.add_argument("--case", metavar="CASE", help="the case the plan was sent from: record this round in it")
    reply.add_argument("--sent", metavar="YYYY-MM-DD", help="the day the plan was sent (default: its plan_date)")
    reply.add_argument("--date", metavar="YYYY-MM-DD", help="the day Amazon replied, when the reply does not say")
    reply.add_argument("--marketplace", metavar="DOMAIN", help="e.g. amazon.de, to read dates such as 02/09/2026")

    bundle = _command(
        subcommands,
        "bundle",
        "write the plan and its attachments, numbered, with an index and one combined PDF",
        "Write the plan (.docx and .pdf), every attachment (evidence file:) copied as "
        "'Attachment N - <document> - <date>', an index, and one PDF of the plan followed by every attachment, "
        "into a new folder or a .zip file. Needs LibreOffice.",
        commands.run_bundle,
    )
    bundle.add_argument("case", metavar="CASE", help="the answers file (.yaml, .yml or .json)")
    bundle.add_argument("-o", "--output", required=True, metavar="DIR|FILE.zip", help="a new folder, or a .zip file")
    bundle.add_argument("--force", action="store_true", help="replace the .zip file if it exists")
    bundle.add_argument("--templates", metavar="DIR", help="a folder of templates overriding the built-in ones")

    invoice = _command(
        subcommands,
        "invoice",
        "read a supplier invoice (.pdf, .docx, .xlsx) into the case's invoice block",
        "Read a supplier invoice and print its number, date, supplier, buyer and lines as YAML to paste into the "
        "case; with --case and --evidence, write them into that evidence item.",
        commands.run_invoice,
    )
    invoice.add_argument("file", metavar="FILE", help="the invoice: a text PDF, a Word (.docx) or Excel (.xlsx) file")
    invoice.add_argument("--case", metavar="CASE", help="the case file to write the invoice into")
    invoice.add_argument(
        "--evidence", metavar="N", type=int, help="the attachment number of the invoice in the plan (with --case)"
    )
    invoice.add_argument("--force", action="store_true", help="replace the item's existing invoice block")
    return parser


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
        return commands.EXIT_USAGE
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
        print(commands.error_line(error.text(_language(args)), _language(args)), file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print(message("cli.interrupted").text(_language(args)), file=sys.stderr)
        return commands.EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader (for example `head`) closed the pipe: not an error of ours.
        sys.stderr.close()
        return commands.EXIT_OK
    except OSError as error:
        # Files are written by atomic_write, which says what went wrong itself: what is left is
        # standard output (a full disk, > /dev/full, a terminal that went away).
        if error.errno not in _output_errors():
            raise
        _drop_unwritten_output()
        report = PoaError.of("output.stdout", problem=error.strerror or error)
        print(commands.error_line(report.text(_language(args)), _language(args)), file=sys.stderr)
        return commands.EXIT_USAGE
    finally:
        gc.set_threshold(*thresholds)
        if isinstance(sys.stdout, _Traditional):  # not where standard output was let go of (a full disk)
            sys.stdout = streams[0]
        if isinstance(sys.stderr, _Traditional):
            sys.stderr = streams[1]


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
        from poa.languages import default_language

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
        code = done.code if isinstance(done.code, int) else (0 if done.code is None else commands.EXIT_USAGE)
        if done.code is not None and not isinstance(done.code, int):
            print(done.code, file=sys.stderr)
    except BrokenPipeError:  # `poa --help | head -1`
        _drop_unwritten_output()
        code = commands.EXIT_OK
    except OSError as error:  # --help or --version into a full disk
        _drop_unwritten_output()
        print(f"error: cannot write to standard output ({error.strerror or error})", file=sys.stderr)
        code = commands.EXIT_USAGE
    for stream in (sys.stdout, sys.stderr):
        try:  # noqa: SIM105 - contextlib would cost every start a millisecond
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)
