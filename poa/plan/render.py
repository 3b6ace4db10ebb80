"""From a Case to the plan's Markdown, through the Jinja2 templates that hold all its wording.

The code gathers facts (labels, numbers, dates, counts) into a context; the templates say them.
Answers enter the templates only as escaped data, never as template source.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from poa.case.catalog import Catalog, Marketplace, MetricSpec, Reason, load_catalog, load_marketplaces
from poa.case.metrics import MetricStatus, evaluate
from poa.errors import PoaError
from poa.plan.changes import ChangesView, and_list, changes_view
from poa.plan.markdown import Markdown, escape

if TYPE_CHECKING:
    import jinja2

    from poa.case.model import Case, ReasonPlan

MAIN_TEMPLATE = "plan.md.j2"
SECTIONS = (
    "header",
    "summary",
    "changes",
    "metrics",
    "root_causes",
    "corrective_actions",
    "preventive_measures",
    "evidence",
    "closing",
)
# The sandbox bounds what a template may touch, not how long it runs: bound its size instead.
MAX_TEMPLATE_BYTES = 64_000


def builtin_templates_dir() -> Path:
    """Inside an installed package the templates sit beside the code; in a checkout, at the top."""
    package = Path(__file__).parent.parent
    installed = package / "templates"
    return installed if installed.is_dir() else package.parent / "templates"


@dataclass(frozen=True)
class ReasonView:
    """One reason as the templates see it."""

    id: str
    kind: str
    label: str
    summary: str
    plan: ReasonPlan
    metric: MetricStatus | None = None
    spec: MetricSpec | None = None


@dataclass(frozen=True)
class EvidenceRow:
    name: str
    kind: str
    date: dt.date | None
    asins: list[str]
    reason_label: str


@dataclass(frozen=True)
class PlanContext:
    case: Case
    marketplace: Marketplace
    plan_date: dt.date
    reasons: list[ReasonView]
    evidence: list[EvidenceRow] = field(default_factory=list)
    changes: ChangesView | None = None  # what changed since the plan Amazon did not accept

    @property
    def performance(self) -> list[ReasonView]:
        return [r for r in self.reasons if r.metric is not None]

    def count(self, part: str) -> int:
        return sum(len(getattr(r.plan, part)) for r in self.reasons)

    def action_dates(self) -> list[dt.date]:
        return sorted(a.date for r in self.reasons for a in r.plan.corrective_actions)

    def as_template_vars(self) -> dict[str, Any]:
        dates = self.action_dates()
        return {
            "case": self.case,
            "seller": self.case.seller,
            "marketplace": self.marketplace,
            "notice_date": self.case.notice_date,
            "plan_date": self.plan_date,
            "reasons": self.reasons,
            "performance": self.performance,
            "several_reasons": len(self.reasons) > 1,
            "asins": self.case.affected_asins,
            "evidence": self.evidence,
            "documents_cover_every_asin": set(self.case.affected_asins) <= {a for e in self.evidence for a in e.asins},
            "root_cause_count": self.count("root_causes"),
            "action_count": self.count("corrective_actions"),
            "measure_count": self.count("preventive_measures"),
            "first_action_date": dates[0],
            "last_action_date": dates[-1],
            "changes": self.changes,
        }


def build_context(case: Case, *, today: dt.date, catalog: Catalog | None = None) -> PlanContext:
    catalog = catalog or load_catalog()
    reasons = [_reason_view(case, catalog[reason_id]) for reason_id in case.reasons]
    evidence = [
        EvidenceRow(item.name, item.kind, item.date, list(item.asins), view.label)
        for view in reasons
        for item in view.plan.evidence
    ]
    return PlanContext(
        case=case,
        marketplace=load_marketplaces()[case.marketplace],
        plan_date=case.plan_date or today,
        reasons=reasons,
        evidence=evidence,
        changes=changes_view(case, catalog),
    )


def _reason_view(case: Case, reason: Reason) -> ReasonView:
    status = None
    reading = case.metrics.get(reason.id)
    if reason.metric is not None and reading is not None:
        status = evaluate(
            rate_percent=reading.rate_percent,
            defects=reading.defects,
            orders=reading.orders,
            window_days=reading.window_days or reason.metric.window_days,
            target_percent=reason.metric.target_percent,
            direction=reason.metric.direction,
        )
    return ReasonView(
        id=reason.id,
        kind=reason.kind,
        label=reason.label.en,
        summary=reason.summary,
        plan=case.plans[reason.id],
        metric=status,
        spec=reason.metric,
    )


# --- formatting filters: how numbers and dates look, the same in every template ---------------

_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def long_date(value: dt.date, style: str = "us") -> Markdown:
    month = _MONTHS[value.month - 1]
    if style == "us":
        return Markdown(f"{month} {value.day}, {value.year}")
    return Markdown(f"{value.day} {month} {value.year}")


def _long_date_filter(context: Any, value: dt.date) -> Markdown:
    """Dates written the way the marketplace's country writes them."""
    return long_date(value, context["marketplace"].date_style)


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
        thousands=thousands,
        percent=percent,
        sentence=sentence,
        and_list=and_list,
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


def render_sections(case: Case, *, today: dt.date, user_templates: Path | None = None) -> dict[str, str]:
    """Each section of the plan on its own, for forms that ask for the parts separately."""
    env = make_environment(user_templates)
    variables = build_context(case, today=today).as_template_vars()
    sections = {name: _tidy(_render(env, f"sections/{name}.md.j2", variables)) for name in SECTIONS}
    return {name: text for name, text in sections.items() if text.strip()}
