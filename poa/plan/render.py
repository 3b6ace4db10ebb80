"""From a Case to the plan's Markdown, through the Jinja2 templates that hold all its wording.

The code gathers facts (labels, numbers, dates, counts) into a context; the templates say them.
Answers enter the templates only as escaped data, never as template source.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from poa.errors import PoaError
from poa.plan import prose
from poa.plan.context import build_context
from poa.plan.markdown import Markdown, escape

if TYPE_CHECKING:
    import jinja2

    from poa.case.model import Case

MAIN_TEMPLATE = "plan.md.j2"
SECTIONS = (
    "header",
    "summary",
    "metrics",
    "root_causes",
    "corrective_actions",
    "preventive_measures",
    "closing",
    "evidence",  # after the signature, as a letter lists its enclosures
)
# The sandbox bounds what a template may touch, not how long it runs: bound its size, what it writes
# and (for a seller's own templates, in poa.plan.template_process) its time and memory.
MAX_TEMPLATE_BYTES = 64_000
MAX_OUTPUT_CHARS = 1_000_000  # a plan is a few pages; a template writing more than this has run away


def builtin_templates_dir() -> Path:
    """Inside an installed package the templates sit beside the code; in a checkout, at the top."""
    package = Path(__file__).parent.parent
    installed = package / "templates"
    return installed if installed.is_dir() else package.parent / "templates"


# --- formatting filters: how numbers and dates look, the same in every template ---------------


def long_date(value: dt.date, style: str = "us") -> Markdown:
    return Markdown(prose.long_date(value, style))


def _long_date_filter(context: Any, value: dt.date) -> Markdown:
    """Dates written the way the marketplace's country writes them."""
    return long_date(value, context["marketplace"].date_style)


def _short_date_filter(context: Any, value: dt.date) -> Markdown:
    """A date with the month abbreviated, for table cells."""
    return Markdown(prose.short_date(value, context["marketplace"].date_style))


def _date_range_filter(context: Any, first: dt.date, last: dt.date) -> Markdown:
    """ "on August 4, 2026" or "between August 4 and 12, 2026", in the marketplace's date style."""
    return Markdown(prose.date_range(first, last, context["marketplace"].date_style))


def _localise_filter(context: Any, text: str) -> str:
    """The template's own US English in the marketplace's English (never used on answers)."""
    return context["english"].localise(text)


def sentence(text: str) -> str:
    """A sentence ends with a full stop, so the note that follows it reads right."""
    ended = text.rstrip(")\"'”’").endswith((".", "!", "?", "。", "！", "？"))
    return text if ended else f"{text}."


# Filters that format numbers return Markdown: their output is ours, not the seller's, and
# "2.13%" must not be escaped as if it began a numbered list.
def thousands(value: int | float) -> Markdown:
    return Markdown(f"{value:,}")


def percent(value: float) -> Markdown:
    """2.1315 -> "2.13%", 1.0 -> "1%", 2.5 -> "2.5%"."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return Markdown(f"{text}%")


def _markdown(function: Any) -> Any:
    """A prose helper whose output is ours (numbers, words), not the seller's: not escaped again."""
    return lambda *args: Markdown(function(*args))


def join_words(items: Any, conjunction: str = "and") -> Markdown:
    """Items joined as a list in a sentence; answers among them are escaped, our Markdown kept."""
    return Markdown(prose.join_words([_finalize(item) for item in items], conjunction))


def _finalize(value: Any) -> Any:
    """Every {{ expression }} passes here: answers become literal Markdown text."""
    if isinstance(value, Markdown):
        return value
    if isinstance(value, str):
        return escape(value)
    return value


def _bounded_loader(folder: Path) -> jinja2.BaseLoader:
    """The built-in templates, refusing any file over MAX_TEMPLATE_BYTES."""
    import jinja2

    class BoundedLoader(jinja2.FileSystemLoader):
        def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Any]:
            source, filename, uptodate = super().get_source(environment, template)
            if len(source.encode("utf-8")) > MAX_TEMPLATE_BYTES:
                raise PoaError(_too_big(filename))
            return source, filename, uptodate

    return BoundedLoader(str(folder), encoding="utf-8")


def _too_big(filename: str) -> str:
    return f"{filename}: the template is larger than {MAX_TEMPLATE_BYTES:,} bytes; shorten it"


def _user_loader(folder: Path) -> jinja2.BaseLoader:
    """A seller's templates, read through the readers' front door: regular files only, at most
    MAX_TEMPLATE_BYTES, UTF-8. A folder, pipe or device under a template's name is refused, not
    skipped, so a seller never gets the built-in wording believing it is their own."""
    import os

    import jinja2
    from jinja2.loaders import split_template_path

    from poa.errors import message
    from poa.readers.inputs import InputKind, read_bytes

    kind = InputKind(
        limit=MAX_TEMPLATE_BYTES,
        binary_hint=message("hint.template_encoding"),
        encoding_hint=message("hint.template_encoding"),
        folder_hint=message("hint.template_folder"),
        too_big=lambda where, size: PoaError(_too_big(where)),
    )

    class UserLoader(jinja2.BaseLoader):
        def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Any]:
            path = folder.joinpath(*split_template_path(template))
            if not os.path.lexists(path):
                raise jinja2.TemplateNotFound(template)
            data = read_bytes(path, kind)
            try:
                source = data.decode("utf-8-sig")
            except UnicodeDecodeError as error:
                raise PoaError.of(
                    "input.not_encoding", path=path, byte=error.start, encoding="UTF-8", hint=kind.encoding_hint
                ) from None
            mtime = path.stat().st_mtime
            return source, str(path), lambda: os.path.isfile(path) and path.stat().st_mtime == mtime

    return UserLoader()


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept between runs; Jinja2 recompiles any template whose source changed."""
    from poa.cache import cache_dir

    folder = cache_dir()
    if folder is None:
        return None
    import jinja2

    return jinja2.FileSystemBytecodeCache(str(folder), "templates-%s.cache")


def check_templates_folder(folder: Path) -> None:
    if not folder.is_dir():
        raise PoaError(f"{folder}: no such templates folder; give a folder holding *.md.j2 files")


def _sandbox_class() -> type:
    """Jinja2's sandbox, with `*` and `**` refused where they would build a value larger than a plan."""
    from jinja2.sandbox import SandboxedEnvironment

    class BoundedSandbox(SandboxedEnvironment):
        intercepted_binops = frozenset({"*", "**"})

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            from jinja2.exceptions import SecurityError

            if operator == "**" and isinstance(left, int) and isinstance(right, int) and abs(right) > 64:
                raise SecurityError(f"{left} ** {right} is too large a number for a plan")
            if operator == "*":
                for sized, count in ((left, right), (right, left)):
                    repeated = isinstance(sized, str | list | tuple) and isinstance(count, int)
                    if repeated and len(sized) * count > MAX_OUTPUT_CHARS:
                        raise SecurityError(f"repeating a value {count:,} times makes it larger than a plan")
            return super().call_binop(context, operator, left, right)

    return BoundedSandbox


def make_environment(user_templates: Path | None = None) -> jinja2.Environment:
    """The sandboxed Jinja2 environment; a user's folder overrides the built-in templates by name."""
    import jinja2

    loaders = [_bounded_loader(builtin_templates_dir())]
    if user_templates is not None:
        check_templates_folder(user_templates)
        loaders.insert(0, _user_loader(user_templates))
    env = _sandbox_class()(
        loader=jinja2.ChoiceLoader(loaders),
        bytecode_cache=_bytecode_cache(),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_finalize,
    )
    env.filters.update(
        long_date=jinja2.pass_context(_long_date_filter),
        short_date=jinja2.pass_context(_short_date_filter),
        date_range=jinja2.pass_context(_date_range_filter),
        localise=jinja2.pass_context(_localise_filter),
        thousands=thousands,
        percent=percent,
        sentence=sentence,
        number_words=_markdown(prose.number_words),
        counted=_markdown(prose.counted),
        number_list=_markdown(prose.number_list),
        join_words=join_words,
        plural=prose.plural,
        capitalise=prose.capitalise,
        in_sentence=prose.in_sentence,
    )
    return env


def _tidy(markdown: str) -> str:
    """At most one blank line in a row, and one newline at the end."""
    return re.sub(r"\n{3,}", "\n\n", markdown).strip() + "\n"


def _render(env: jinja2.Environment, name: str, variables: dict[str, Any]) -> str:
    """One template run to its end, at most MAX_OUTPUT_CHARS; whatever goes wrong is one line naming the template."""
    import jinja2

    try:
        parts: list[str] = []
        size = 0
        for part in env.get_template(name).generate(variables):
            size += len(part)
            if size > MAX_OUTPUT_CHARS:
                raise PoaError(
                    f"template {name}: writes more than {MAX_OUTPUT_CHARS:,} characters (a loop that runs away?); "
                    "simplify it"
                )
            parts.append(part)
        return "".join(parts)
    except PoaError:
        raise
    except jinja2.TemplateNotFound as error:
        raise PoaError(
            f"template {error.name}: not found in the templates folder; add it or remove --templates"
        ) from None
    except jinja2.TemplateSyntaxError as error:
        raise PoaError(
            f"{error.filename or error.name}: line {error.lineno}: template error ({error.message})"
        ) from None
    except jinja2.UndefinedError as error:
        raise PoaError(f"{_at_fault(error, name)}: {error.message}; check the variable names in the template") from None
    except jinja2.exceptions.SecurityError as error:
        raise PoaError(f"{_at_fault(error, name)}: not allowed in a template ({error})") from None
    except RecursionError as error:
        raise PoaError(
            f"{_at_fault(error, name)}: includes or extends itself without end; check its include and extends lines"
        ) from None
    except MemoryError as error:
        raise PoaError(f"{_at_fault(error, name)}: builds a value too large for a plan; simplify it") from None
    except Exception as error:  # a template can raise anything Python can: 1/0, int('x'), ...
        detail = str(error).splitlines()[0][:200] if str(error) else ""
        raise PoaError(
            f"{_at_fault(error, name)}: the template failed ({type(error).__name__}{': ' + detail if detail else ''}); "
            "fix it or remove it from the templates folder"
        ) from None


def _at_fault(error: BaseException, name: str) -> str:
    """The template (and line) where an error was raised: Jinja2 puts template frames in the traceback."""
    traceback = error.__traceback__
    found = None
    while traceback is not None:
        filename = traceback.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            found = f"{filename}: line {traceback.tb_lineno}"
        traceback = traceback.tb_next
    return found or f"template {name}"


def render_markdown(
    case: Case, *, today: dt.date, user_templates: Path | None = None, env: jinja2.Environment | None = None
) -> str:
    """The whole plan as Markdown; a seller's own templates run in a bounded child process."""
    if user_templates is not None:
        return _in_child(case, today, user_templates, "plan")
    return render_markdown_here(case, today=today, env=env)


def render_sections(
    case: Case, *, today: dt.date, user_templates: Path | None = None, form: bool = False
) -> dict[str, str]:
    """Each section of the plan on its own, every reason in it: for forms that ask for the parts
    separately (form=True: one line per metric and per attachment, no tables) and for the checker."""
    if user_templates is not None:
        return _in_child(case, today, user_templates, "form_sections" if form else "sections")
    return render_sections_here(case, today=today, form=form)


def _in_child(case: Case, today: dt.date, user_templates: Path, what: str) -> Any:
    from poa.plan.template_process import render_in_child

    check_templates_folder(user_templates)
    return render_in_child(case, today=today, user_templates=user_templates, what=what)


def render_markdown_here(
    case: Case, *, today: dt.date, user_templates: Path | None = None, env: jinja2.Environment | None = None
) -> str:
    """The whole plan as Markdown, in this process."""
    env = env or make_environment(user_templates)
    variables = build_context(case, today=today).as_template_vars()
    return _tidy(_render(env, MAIN_TEMPLATE, variables))


def render_sections_here(
    case: Case, *, today: dt.date, user_templates: Path | None = None, form: bool = False
) -> dict[str, str]:
    """Each section of the plan on its own, in this process."""
    env = make_environment(user_templates)
    variables = build_context(case, today=today).as_template_vars(form=form)
    sections = {name: _tidy(_render(env, f"sections/{name}.md.j2", variables)) for name in SECTIONS}
    return {name: text for name, text in sections.items() if text.strip()}
