"""Each report as a `Section`: its data (for the API), tables (for pages, Excel and PDF) and SVG charts.

`Sources` holds the scoped querysets a report may read; views build it from the
request, the API from its caller, so both go through the scoping mechanism.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext, pgettext

from kyoso.core.money import format_percent, format_yen
from kyoso.knowledge.causes import CAUSE_LABELS, CAUSES
from kyoso.reports import charts, selectors
from kyoso.reports.selectors import ReportFilters

SECTION_KEYS = ("pipeline", "time", "risk", "sponsors", "events", "lessons")


@dataclass
class Sources:
    projects: QuerySet[Any]
    diagnoses: QuerySet[Any] | None
    meetings: QuerySet[Any] | None
    cause_tags: QuerySet[Any]


@dataclass
class Column:
    key: str
    label: str
    kind: str = "text"  # text, int, pct, days, jpy


@dataclass
class Table:
    title: str
    columns: list[Column]
    rows: list[list[Any]]
    links: list[str | None] = field(default_factory=list)  # URL of the first cell per row, if any


@dataclass
class Section:
    key: str
    title: str
    data: dict[str, Any]
    tables: list[Table]
    charts: list[SafeString] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def sources_for_request(request: Any) -> Sources:
    from kyoso.accounts.access import scoped

    return Sources(
        projects=scoped(request, _model("projects", "Project")),
        diagnoses=_optional(lambda: scoped(request, _model("risk", "Diagnosis"))),
        meetings=_optional(lambda: scoped(request, _model("events", "Meeting"))),
        cause_tags=scoped(request, _model("knowledge", "RetrospectiveCause")),
    )


def sources_for_caller(c: Any) -> Sources:
    return Sources(
        projects=c.scoped(_model("projects", "Project")),
        diagnoses=_optional(lambda: c.scoped(_model("risk", "Diagnosis"))),
        meetings=_optional(lambda: c.scoped(_model("events", "Meeting"))),
        cause_tags=c.scoped(_model("knowledge", "RetrospectiveCause")),
    )


def _model(app: str, name: str) -> Any:
    from django.apps import apps

    return apps.get_model(app, name)


def _optional(make: Callable[[], QuerySet[Any]]) -> QuerySet[Any] | None:
    try:
        return make()
    except LookupError:  # the app is not installed
        return None


def stage_label(stage: str) -> str:
    from kyoso.projects.models import Stage

    try:
        return str(Stage(stage).label)
    except ValueError:
        return stage


def _pct(value: float | None) -> str:
    return "—" if value is None else format_percent(value * 100)


def _days(value: float | None) -> str:
    """A chart label in days with its unit (100日, 100 days): a bare 100 reads as anything."""
    if value is None:
        return "—"
    n = round(value)
    return ngettext("%(n)s day", "%(n)s days", n) % {"n": n}


# --------------------------------------------------------------------------- sections


def pipeline(src: Sources, f: ReportFilters) -> Section:
    data = selectors.funnel(src.projects, f)
    rows = data["rows"]
    table = Table(
        _("Pipeline funnel"),
        [
            Column("stage", _("Stage")),
            Column("reached", _("Projects that reached it"), "int"),
            Column("current", _("In it now"), "int"),
            Column("stopped_here", _("Stopped after reaching it"), "int"),
            Column("conversion", _("Conversion to the next stage"), "pct"),
        ],
        [
            [stage_label(r["stage"]), r["reached"], r["current"], r["stopped_here"], r["conversion"]]
            for r in rows
        ],
    )
    chart = charts.funnel(
        [charts.Bar(stage_label(r["stage"]), r["reached"], f"{r['reached']}") for r in rows],
        title=_("Projects that reached each stage"),
    )
    notes = [
        _(
            "%(total)s projects, %(stopped)s stopped; %(rate)s of those that started reached commercialisation."
        )
        % {"total": data["total"], "stopped": data["stopped"], "rate": _pct(data["overall_conversion"])}
    ]
    return Section("pipeline", _("Pipeline funnel"), data, [table], [chart], notes)


def time(src: Sources, f: ReportFilters) -> Section:
    data = selectors.time_in_stage(src.projects, f)
    table = Table(
        _("Time in stage (days, finished stages)"),
        [
            Column("stage", _("Stage")),
            Column("spells", _("Finished stage spells"), "int"),
            Column("median_days", _("Median (days)"), "days"),
            Column("p90_days", _("90th percentile (days)"), "days"),
            Column("mean_days", _("Mean (days)"), "days"),
        ],
        [
            [stage_label(r["stage"]), r["spells"], r["median_days"], r["p90_days"], r["mean_days"]]
            for r in data["rows"]
            if r["stage"] != "commercialisation"
        ],
    )
    stuck = Table(
        _("Stuck past their gate or PoC end"),
        [
            Column("title", _("Project")),
            Column("stage", _("Stage")),
            Column("owner", pgettext("person in charge", "Owner")),
            Column("days_in_stage", _("Days in stage"), "int"),
            Column("gate_due", _("Gate due")),
            Column("gate_overdue_days", _("Days past the gate"), "int"),
            Column("poc_overdue_days", _("Days past the PoC end"), "int"),
        ],
        [
            [
                s["title"],
                stage_label(s["stage"]),
                s["owner"],
                s["days_in_stage"],
                s["gate_due"] or "—",
                s["gate_overdue_days"],
                s["poc_overdue_days"],
            ]
            for s in data["stuck"]
        ],
        links=[f"/projects/{s['project_id']}/" for s in data["stuck"]],
    )
    chart = charts.grouped_hbars(
        [
            (
                stage_label(r["stage"]),
                [
                    charts.Bar(_("Median"), r["median_days"] or 0, _days(r["median_days"])),
                    charts.Bar(_("90th percentile"), r["p90_days"] or 0, _days(r["p90_days"])),
                ],
            )
            for r in data["rows"]
            if r["stage"] != "commercialisation"
        ],
        title=_("Days in each stage: median and 90th percentile"),
        series=[_("Median"), _("90th percentile")],
    )
    return Section("time", _("Time in stage"), data, [table, stuck], [chart])


LEVEL_LABELS = (
    ("low", gettext_noop("Low")),
    ("medium", gettext_noop("Medium")),
    ("high", gettext_noop("High")),
    ("critical", gettext_noop("Critical")),
)


def risk(src: Sources, f: ReportFilters) -> Section:
    data = selectors.risk(src.projects, src.diagnoses, f)
    levels = [(k, _(v)) for k, v in LEVEL_LABELS]
    table = Table(
        _("Live projects per cause and risk level"),
        [Column("cause", _("Cause")), Column("average", _("Average score"), "days")]
        + [Column(k, label, "int") for k, label in levels],
        [[str(CAUSE_LABELS[r["cause"]]), r["average"], *[r[k] for k, _l in levels]] for r in data["causes"]],
    )
    top = Table(
        _("Highest overall risk"),
        [
            Column("title", _("Project")),
            Column("stage", _("Stage")),
            Column("overall", _("Overall score"), "int"),
            Column("top_cause", _("Main cause")),
        ],
        [
            [
                t["title"],
                stage_label(t["stage"]),
                t["overall"],
                str(CAUSE_LABELS.get(t["top_cause"], t["top_cause"] or "—")),
            ]
            for t in data["top"]
        ],
        links=[f"/risk/project/{t['project_id']}/" for t in data["top"]],
    )
    chart = charts.heat_grid(
        [(str(CAUSE_LABELS[r["cause"]]), [r[k] for k, _l in levels]) for r in data["causes"]],
        title=_("Number of live projects per cause and level"),
        columns=levels,
    )
    notes = [_("From the stored diagnoses of %(n)s live projects.") % {"n": data["diagnosed"]}]
    return Section("risk", _("Risk heat map"), data, [table, top], [chart], notes)


def sponsors(src: Sources, f: ReportFilters) -> Section:
    rows = selectors.sponsors(src.projects, f)
    table = Table(
        _("Executive sponsors"),
        [
            Column("name", _("Sponsor")),
            Column("live", _("Live projects"), "int"),
            Column("projects", _("All projects"), "int"),
            Column("budget_jpy", _("Budget (JPY)"), "jpy"),
        ],
        [[r["name"], r["live"], r["projects"], r["budget_jpy"]] for r in rows],
        links=[f"/reports/sponsors/{r['user_id']}/" for r in rows],
    )
    chart = charts.hbars(
        [
            # the bars are scaled in millions; the labels carry the amount as the product writes
            # money everywhere (2億3,800万円 / ¥238,000,000)
            charts.Bar(r["name"], r["budget_jpy"] / 1_000_000, format_yen(r["budget_jpy"]))
            for r in rows[:15]
        ],
        title=_("Budget per sponsor"),
    )
    return Section("sponsors", _("Sponsors"), {"sponsors": rows}, [table], [chart] if rows else [])


def sponsor(src: Sources, f: ReportFilters, *, user_id: int, name: str) -> Section:
    data = selectors.sponsor_view(src.projects, src.diagnoses, user_id, f)
    projects = Table(
        _("What they sponsor"),
        [
            Column("title", _("Project")),
            Column("stage", _("Stage")),
            Column("status", _("Status")),
            Column("budget_jpy", _("Budget (JPY)"), "jpy"),
            Column("risk_score", _("Risk score"), "int"),
            Column("risk_cause", _("Main risk")),
            Column("last_engaged", _("Last engaged")),
        ],
        [
            [
                p["title"],
                stage_label(p["stage"]),
                _status(p["status"]),
                p["budget_jpy"],
                p["risk_score"],
                str(CAUSE_LABELS.get(p["risk_cause"], "")) if p["risk_cause"] else "—",
                p["last_engaged"] or "—",
            ]
            for p in data["projects"]
        ],
        links=[f"/projects/{p['project_id']}/" for p in data["projects"]],
    )
    waiting = Table(
        _("Decisions waiting on them"),
        [
            Column("title", _("Project")),
            Column("stage", _("Gate")),
            Column("gate_due", _("Decision due")),
            Column("overdue", _("Overdue")),
        ],
        [
            [w["title"], stage_label(w["stage"]), w["gate_due"] or "—", _("Yes") if w["gate_overdue"] else ""]
            for w in data["decisions_waiting"]
        ],
        links=[f"/projects/{w['project_id']}/gates/" for w in data["decisions_waiting"]],
    )
    notes = [
        _("%(live)s live projects, budget %(budget)s, %(risk)s at risk, %(waiting)s decisions waiting.")
        % {
            "live": data["live"],
            "budget": format_yen(data["budget_jpy"]),
            "risk": data["at_risk"],
            "waiting": len(data["decisions_waiting"]),
        }
    ]
    return Section(
        "sponsor", _("Sponsor one-pager: %(name)s") % {"name": name}, data, [waiting, projects], [], notes
    )


def _status(value: str) -> str:
    from kyoso.projects.models import StatusColour

    try:
        return str(StatusColour(value).label)
    except ValueError:
        return value


def events(src: Sources, f: ReportFilters) -> Section:
    if src.meetings is None:
        data: dict[str, Any] = {"events": [], "meetings": 0, "projects": 0, "rate": None, "benchmark": 0.3}
    else:
        data = selectors.event_conversion(src.meetings, f)
    table = Table(
        _("Event conversion: meetings to projects"),
        [
            Column("name", _("Event")),
            Column("date", _("Date")),
            Column("meetings", _("Meetings held"), "int"),
            Column("recorded", _("Outcome recorded"), "int"),
            Column("projects", _("Projects"), "int"),
            Column("rate", _("Meeting-to-project conversion"), "pct"),
        ],
        [
            [e["name"], e["date"], e["meetings"], e["recorded"], e["projects"], e["rate"]]
            for e in data["events"]
        ],
        links=[f"/events/{e['event_id']}/" for e in data["events"]],
    )
    chart = charts.hbars(
        [charts.Bar(e["name"], (e["rate"] or 0) * 100, _pct(e["rate"])) for e in data["events"][:15]],
        title=_("Meetings that led to a project (%)"),
        reference=(data["benchmark"] * 100, _("ILS benchmark 30%")),
        max_value=100,
    )
    notes = [
        _(
            "%(projects)s of %(meetings)s held meetings led to a project (%(rate)s); ILS reports over 30%%. "
            "Meetings of events still to come, and meetings a side did not attend, are not counted."
        )
        % {"projects": data["projects"], "meetings": data["meetings"], "rate": _pct(data["rate"])}
    ]
    return Section(
        "events", _("Meeting-to-project conversion"), data, [table], [chart] if data["events"] else [], notes
    )


def lessons(src: Sources, f: ReportFilters) -> Section:
    data = selectors.lessons_by_cause(src.cause_tags, f)
    names = [str(CAUSE_LABELS[c]) for c in CAUSES]
    table = Table(
        _("Retrospectives by cause and year"),
        [Column("year", _("Year"))] + [Column(c, str(CAUSE_LABELS[c]), "int") for c in CAUSES],
        [[str(r["year"]), *[r[c] for c in CAUSES]] for r in data["rows"]]
        + ([[_("Total"), *[data["totals"][c] for c in CAUSES]]] if data["rows"] else []),
    )
    chart = charts.stacked_columns(
        [(str(r["year"]), [r[c] for c in CAUSES]) for r in data["rows"]],
        title=_("Causes tagged in retrospectives, per year"),
        series=names,
    )
    return Section("lessons", _("Lessons by cause over time"), data, [table], [chart] if data["rows"] else [])


BUILDERS: dict[str, Callable[[Sources, ReportFilters], Section]] = {
    "pipeline": pipeline,
    "time": time,
    "risk": risk,
    "sponsors": sponsors,
    "events": events,
    "lessons": lessons,
}


def build(key: str, src: Sources, f: ReportFilters) -> Section:
    return BUILDERS[key](src, f)


def titles() -> list[tuple[str, str]]:
    return [
        ("pipeline", _("Pipeline funnel")),
        ("time", _("Time in stage")),
        ("risk", _("Risk heat map")),
        ("sponsors", _("Sponsors")),
        ("events", _("Meeting-to-project conversion")),
        ("lessons", _("Lessons by cause over time")),
    ]
