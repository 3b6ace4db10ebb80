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
# The sandbox bounds what a template may touch, not how long it runs: bound its size instead.
MAX_TEMPLATE_BYTES = 64_000


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
    """Templates from a folder, refusing any file over MAX_TEMPLATE_BYTES."""
    import jinja2

    class BoundedLoader(jinja2.FileSystemLoader):
        def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Any]:
            source, filename, uptodate = super().get_source(environment, template)
            if len(source.encode("utf-8")) > MAX_TEMPLATE_BYTES:
                raise PoaError(f"{filename}: the template is larger than {MAX_TEMPLATE_BYTES:,} bytes; shorten it")
            return source, filename, uptodate

    return BoundedLoader(str(folder), encoding="utf-8")


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept between runs; Jinja2 recompiles any template whose source changed."""
    from poa.cache import cache_dir

    folder = cache_dir()
    if folder is None:
        return None
    import jinja2

    return jinja2.FileSystemBytecodeCache(str(folder), "templates-%s.cache")


def make_environment(user_templates: Path | None = None) -> jinja2.Environment:
    """The sandboxed Jinja2 environment; a user's folder overrides the built-in templates by name."""
    import jinja2
    from jinja2.sandbox import SandboxedEnvironment

    loaders = [_bounded_loader(builtin_templates_dir())]
    if user_templates is not None:
        if not user_templates.is_dir():
            raise PoaError(f"{user_templates}: no such templates folder; give a folder holding *.md.j2 files")
        loaders.insert(0, _bounded_loader(user_templates))
    env = SandboxedEnvironment(
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
    import jinja2

    try:
        return env.get_template(name).render(variables)
    except jinja2.TemplateNotFound as error:
        raise PoaError(
            f"template {error.name}: not found in the templates folder; add it or remove --templates"
        ) from None
    except jinja2.TemplateSyntaxError as error:
        raise PoaError(
            f"{error.filename or error.name}: line {error.lineno}: template error ({error.message})"
        ) from None
    except jinja2.UndefinedError as error:
        raise PoaError(f"template {name}: {error.message}; check the variable names in the template") from None
    except jinja2.exceptions.SecurityError as error:
        raise PoaError(f"template {name}: not allowed in a template ({error})") from None


def render_markdown(
    case: Case, *, today: dt.date, user_templates: Path | None = None, env: jinja2.Environment | None = None
) -> str:
    """The whole plan as Markdown."""
    env = env or make_environment(user_templates)
    variables = build_context(case, today=today).as_template_vars()
    return _tidy(_render(env, MAIN_TEMPLATE, variables))


def render_sections(
    case: Case, *, today: dt.date, user_templates: Path | None = None, form: bool = False
) -> dict[str, str]:
    """Each section of the plan on its own, every reason in it: for forms that ask for the parts
    separately (form=True: one line per metric and per attachment, no tables) and for the checker."""
    env = make_environment(user_templates)
    variables = build_context(case, today=today).as_template_vars(form=form)
    sections = {name: _tidy(_render(env, f"sections/{name}.md.j2", variables)) for name in SECTIONS}
    return {name: text for name, text in sections.items() if text.strip()}
