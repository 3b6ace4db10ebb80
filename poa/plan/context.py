"""The facts the plan's templates say: a Case gathered into plain views, numbers worked out, words localised.

The views are named tuples: read-only, and cheap to define (a command pays for every class it builds).

The code works out what is true (which root causes an action fixes, which attachment proves it, whether
a metric is within target); the templates decide how to say it. Catalogue wording (labels, counts'
nouns) is localised here to the marketplace's English; what the seller typed is passed on as typed.
"""

import datetime as dt
import re
from typing import TYPE_CHECKING, Any, NamedTuple

from poa.case.catalog import Catalog, EnglishVariety, Marketplace, Reason, english_of, load_catalog, load_marketplaces
from poa.case.metrics import MetricStatus, evaluate
from poa.plan.attachments import attachment_numbers, numbered_attachments

if TYPE_CHECKING:
    from poa.case.model import Case, NoticeDetails, ReasonPlan


class CauseView(NamedTuple):
    number: int
    text: str
    title: str | None
    count: int | None


class ActionView(NamedTuple):
    number: int
    text: str
    date: dt.date
    asins: list[str]  # only when the action covers some, not all, of the ASINs under review
    causes: list[int]  # the root causes it fixes, by number
    attachments: list[int]  # the attachments that prove it, by number


class MeasureView(NamedTuple):
    number: int
    text: str
    owner: str
    frequency: str
    causes: list[int]


class MetricView(NamedTuple):
    """One performance metric, with its labels in the marketplace's English."""

    status: MetricStatus
    defects_label: str
    orders_label: str

    @property
    def state(self) -> str:
        """within, above or below: where the rate stands against the target, never "above" when met."""
        if self.status.met:
            return "within"
        return "above" if self.status.direction == "below" else "below"


class ReasonView(NamedTuple):
    """One reason as the templates see it."""

    id: str
    kind: str
    label: str
    summary: str
    count_noun: tuple[str, str]  # singular, plural
    causes: list[CauseView]
    actions: list[ActionView]
    measures: list[MeasureView]
    metric: MetricView | None = None

    @property
    def titled_causes(self) -> list[CauseView]:
        return [cause for cause in self.causes if cause.title]

    @property
    def chain_complete(self) -> bool:
        """Every root cause has an action that fixed it and a measure that keeps it fixed."""
        numbers = {cause.number for cause in self.causes}
        fixed = {n for action in self.actions for n in action.causes}
        kept = {n for measure in self.measures for n in measure.causes}
        return numbers <= fixed and numbers <= kept


class AttachmentRow(NamedTuple):
    number: int
    name: str
    date: dt.date | None
    asins: list[str]
    file: str | None
    highlighted: bool
    supports: str | None  # what the seller says it shows
    # The actions citing it, by reason: (reason label, action numbers), for "Action 2" when the seller
    # says nothing of what it supports.
    cited_by: list[tuple[str, list[int]]]


def _file_name(path: str | None) -> str | None:
    """The file's name, as the reviewer sees it on the upload: the folders it sits in (the case's
    `file` may be a path, Windows' or not) are the seller's own."""
    if path is None:
        return None
    return re.split(r"[\\/]", path.rstrip("\\/"))[-1] or path


class PlanContext(NamedTuple):
    case: "Case"
    marketplace: Marketplace
    english: EnglishVariety
    plan_date: dt.date
    reasons: list[ReasonView]
    attachments: list[AttachmentRow]

    @property
    def performance(self) -> list[ReasonView]:
        return [r for r in self.reasons if r.metric is not None]

    def action_dates(self) -> list[dt.date]:
        return sorted(a.date for r in self.reasons for a in r.actions)

    def as_template_vars(self, *, form: bool = False) -> dict[str, Any]:
        dates = self.action_dates()
        asins = self.case.affected_asins
        covered = {asin for row in self.attachments for asin in row.asins}
        highlighted = [row.number for row in self.attachments if row.highlighted]
        several = len(self.reasons) > 1
        return {
            "case": self.case,
            "seller": self.case.seller,
            "marketplace": self.marketplace,
            "english": self.english,
            "notice_date": self.case.notice_date,
            "notice": _notice_details(self.case.notice),
            "plan_date": self.plan_date,
            "reasons": self.reasons,
            "performance": self.performance,
            "policy": [r for r in self.reasons if r.metric is None],
            "several_reasons": several,
            # The sections a template prints, and how: all reasons in each section (the form, a
            # one-reason plan), or one reason at a time under its own heading (the plan of several).
            "section_reasons": self.reasons,
            "level": 2,  # of the sections' headings
            "reason_headings": several,
            "form": form,
            "asins": asins,
            "attachments": self.attachments,
            "attachments_cover_every_asin": bool(asins) and set(asins) <= covered,
            "attachment_asins_column": bool(covered),
            "highlighted_attachments": highlighted,
            "every_attachment_highlighted": bool(highlighted) and len(highlighted) == len(self.attachments),
            "chain_complete": all(r.chain_complete for r in self.reasons),
            "first_action_date": dates[0],
            "last_action_date": dates[-1],
            "reinstate": self.case.reinstate,
        }


def _notice_details(notice: "NoticeDetails | None") -> "NoticeDetails | None":
    """The notice's details, or None when it states nothing the header block prints."""
    if notice is None:
        return None
    if notice.complaint_ids or notice.rights_owner or notice.registration_numbers or notice.policy:
        return notice
    return None


def build_context(case: "Case", *, today: dt.date, catalog: Catalog | None = None) -> "PlanContext":
    catalog = catalog or load_catalog()
    english = english_of(case.marketplace)
    numbers = attachment_numbers(case)
    reasons = [_reason_view(case, catalog[reason_id], english, numbers) for reason_id in case.reasons]
    rows = []
    for attachment in numbered_attachments(case):
        item = attachment.evidence
        cited_by = [
            (view.label, citing)
            for view in reasons
            if (citing := [action.number for action in view.actions if attachment.number in action.attachments])
        ]
        rows.append(
            AttachmentRow(
                number=attachment.number,
                name=item.name,
                date=item.date,
                asins=list(item.asins),
                file=_file_name(item.file),
                highlighted=item.highlighted,
                supports=item.supports,
                cited_by=cited_by,
            )
        )
    return PlanContext(
        case=case,
        marketplace=load_marketplaces()[case.marketplace],
        english=english,
        plan_date=case.plan_date or today,
        reasons=reasons,
        attachments=rows,
    )


def _reason_view(
    case: "Case", reason: Reason, english: EnglishVariety, numbers: dict[tuple[str, int], int]
) -> ReasonView:
    plan: ReasonPlan = case.plans[reason.id]
    every_asin = set(case.affected_asins)
    actions = [
        ActionView(
            number=number,
            text=action.text,
            date=action.date,
            asins=list(action.asins) if set(action.asins) != every_asin else [],
            causes=plan.cause_numbers(action.addresses),
            attachments=list(dict.fromkeys(numbers[(reason.id, i)] for i in plan.evidence_indexes(action.evidence))),
        )
        for number, action in enumerate(plan.corrective_actions, 1)
    ]
    measures = [
        MeasureView(number, m.text, m.owner, m.frequency, plan.cause_numbers(m.addresses))
        for number, m in enumerate(plan.preventive_measures, 1)
    ]
    causes = [CauseView(number, c.text, c.title, c.count) for number, c in enumerate(plan.root_causes, 1)]
    singular, other = reason.noun_for(1), reason.noun_for(2)
    return ReasonView(
        id=reason.id,
        kind=reason.kind,
        label=english.localise(reason.plan_label),
        summary=english.localise(reason.summary),
        count_noun=(english.localise(singular), english.localise(other)),
        causes=causes,
        actions=actions,
        measures=measures,
        metric=_metric_view(case, reason, english),
    )


def _metric_view(case: "Case", reason: Reason, english: EnglishVariety) -> "MetricView | None":
    reading = case.metrics.get(reason.id)
    if reason.metric is None or reading is None:
        return None
    status = evaluate(
        rate_percent=reading.rate_percent,
        defects=reading.defects,
        orders=reading.orders,
        window_days=reading.window_days or reason.metric.window_days,
        target_percent=reason.metric.target_percent,
        direction=reason.metric.direction,
    )
    return MetricView(
        status,
        english.localise(reason.metric.defects_label.en),
        english.localise(reason.metric.orders_label.en),
    )
