"""Reads for project pages and the projects API: portfolio, each tab of a project, the shared space,
charter completeness, cadence calendar, KPI chart, contract terms, and the choices forms offer.

Every function takes the caller (user and workspace, or a partner user) or a record already read
in scope; views and API routes read nothing else."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, DateField, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from kyoso.accounts.models import WRITE_ROLES, AuditAction, AuditEvent, User, Workspace
from kyoso.core.global_search import SearchCaller, page_of, text_matches
from kyoso.core.money import format_yen
from kyoso.partners.models import Need, Organisation
from kyoso.partners.selectors import past_collaborations
from kyoso.projects import red_flags
from kyoso.projects.charts import kpi_chart
from kyoso.projects.models import (
    Contract,
    Decision,
    Disclosure,
    Document,
    ExpectedBenefit,
    Gate,
    GateDecision,
    Kpi,
    LogEntry,
    LogParties,
    Milestone,
    Note,
    PartnerAccess,
    PartnerInvitation,
    Project,
    ProjectParty,
    Stage,
    StageHistory,
    Stakeholder,
    next_stage,
)
from kyoso.projects.snapshot import contract_terms

SORTS = {
    "updated": "-updated_at",
    "title": "title",
    "stage": "stage",
    "stage_entered": "stage_entered",
    "status": "status_colour",
}


def portfolio(
    qs: QuerySet[Project],
    *,
    stage: str = "",
    owner: str = "",
    business_unit: str = "",
    status: str = "",
    partner: str = "",
    q: str = "",
    sort: str = "updated",
) -> QuerySet[Project]:
    """The filtered, annotated, ordered portfolio (count it with `filter_portfolio`, without the annotations)."""
    qs = filter_portfolio(
        qs, stage=stage, owner=owner, business_unit=business_unit, status=status, partner=partner, q=q
    )
    return annotate_portfolio(qs, sort=sort)


def filter_portfolio(
    qs: QuerySet[Project],
    *,
    stage: str = "",
    owner: str = "",
    business_unit: str = "",
    status: str = "",
    partner: str = "",
    q: str = "",
) -> QuerySet[Project]:
    if stage:
        qs = qs.filter(stage=stage)
    if owner:
        qs = qs.filter(owner_id=owner) if owner.isdigit() else qs.none()
    if business_unit:
        qs = qs.filter(business_unit=business_unit)
    if status:
        qs = qs.filter(status_colour=status).exclude(stage=Stage.STOPPED)  # stopped: no status
    if partner:
        # a semi-join, not a JOIN + DISTINCT: the row count stays cheap and the annotations stay per row
        qs = qs.filter(
            pk__in=ProjectParty.objects.filter(side="partner", name__icontains=partner).values("project_id")
        )
    if q:
        qs = qs.filter(title__icontains=q)
    return qs


def annotate_portfolio(qs: QuerySet[Project], *, sort: str = "updated") -> QuerySet[Project]:
    """Overdue milestones and last contact as correlated subqueries (one index probe per shown row).

    Aggregating over JOINs of milestones × log entries multiplied every project by its log rows; the
    subqueries use the (project, -date) index of log entries and the open-milestone index.
    """
    today = timezone.localdate()
    overdue = (
        Milestone.objects.filter(project=OuterRef("pk"), done_on__isnull=True, due__lt=today)
        .order_by()
        .values("project")
        .annotate(n=Count("pk"))
        .values("n")
    )
    last_contact = (
        LogEntry.objects.filter(project=OuterRef("pk"))
        .exclude(parties=LogParties.CORPORATE)
        .order_by("-date")
        .values("date")[:1]
    )
    qs = qs.select_related("owner").annotate(
        overdue_milestones=Coalesce(Subquery(overdue, output_field=IntegerField()), 0),
        last_contact=Subquery(last_contact, output_field=DateField()),
    )
    return qs.order_by(SORTS.get(sort, "-updated_at"), "-id")


class CountedPage:
    """A sliceable queryset whose count comes from another (un-annotated) one, for `Paginator`."""

    def __init__(self, queryset: QuerySet[Any], count_queryset: QuerySet[Any]) -> None:
        self.queryset = queryset
        self.count_queryset = count_queryset

    def count(self) -> int:
        return self.count_queryset.order_by().count()

    def __getitem__(self, index: Any) -> Any:
        return self.queryset[index]

    def __len__(self) -> int:
        return self.count()


def partner_names(projects: list[Project]) -> dict[int, str]:
    names: dict[int, list[str]] = {}
    for party in ProjectParty.objects.filter(project__in=[p.pk for p in projects], side="partner").only(
        "project_id", "name"
    ):
        names.setdefault(party.project_id, []).append(party.name)
    return {k: "、".join(v) for k, v in names.items()}


def charter_gaps(project: Project, benefits: list[Any], stakeholders: list[Any]) -> list[str]:
    gaps = []
    if not project.purpose_category:
        gaps.append(_("No purpose category."))
    if not project.goal.strip():
        gaps.append(_("No concrete goal."))
    if not project.why_partner.strip():
        gaps.append(_("No reason why a partner rather than in-house."))
    if not any(b.is_numeric for b in benefits):
        gaps.append(_("No expected benefit with a number, a unit and a date."))
    if not stakeholders:
        gaps.append(_("No internal stakeholders named."))
    elif not any(s.acknowledged_on for s in stakeholders):
        gaps.append(_("No stakeholder has acknowledged the charter yet."))
    return gaps


@dataclass
class Lapse:
    start: dt.date
    end: dt.date
    days: int
    ongoing: bool


def cadence_calendar(
    cadence_days: int | None,
    contact_dates: list[dt.date],
    *,
    start: dt.date,
    today: dt.date | None = None,
    weeks: int = 26,
) -> dict[str, Any]:
    """Weeks with contact counts, and the lapses where no contact came within the cadence."""
    today = today or timezone.localdate()
    dates = sorted(d for d in contact_dates if d <= today)
    lapses: list[Lapse] = []
    if cadence_days:
        previous = start
        for d in dates + [today]:
            if d < previous:
                continue
            gap = (d - previous).days
            if gap > cadence_days:
                lapse_start = previous + dt.timedelta(days=cadence_days + 1)
                lapses.append(
                    Lapse(lapse_start, d, (d - lapse_start).days + 1, ongoing=d == today and d not in dates)
                )
            previous = d
    first_week = today - dt.timedelta(days=today.weekday()) - dt.timedelta(weeks=weeks - 1)
    counts: dict[dt.date, int] = {}
    for d in dates:
        week = d - dt.timedelta(days=d.weekday())
        counts[week] = counts.get(week, 0) + 1
    cells = []
    for i in range(weeks):
        week = first_week + dt.timedelta(weeks=i)
        week_end = week + dt.timedelta(days=6)
        in_lapse = any(lp.start <= week_end and lp.end >= week for lp in lapses)
        cells.append(
            {
                "start": week,
                "contacts": counts.get(week, 0),
                "lapse": in_lapse and week >= start - dt.timedelta(days=6),
                "future": week > today,
            }
        )
    days_since = (today - dates[-1]).days if dates else None
    return {
        "weeks": cells,
        "lapses": lapses,
        "days_since_contact": days_since,
        "overdue": bool(cadence_days and (days_since is None or days_since > cadence_days)),
    }


def communication_calendar(project: Project, entries: list[LogEntry]) -> dict[str, Any]:
    contacts = [e.date for e in entries if e.parties != LogParties.CORPORATE]
    return cadence_calendar(
        project.cadence_days,
        contacts,
        start=project.created_at.date() if project.created_at else project.stage_entered,
    )


TERM_LABELS = {
    "foreground_ip_owner": gettext_noop("Foreground IP owner"),
    "background_ip_listed": gettext_noop("Background IP listed"),
    "license_scope": gettext_noop("Licence scope"),
    "exclusivity": gettext_noop("Exclusivity (field and term)"),
    "publication": gettext_noop("Publication of results"),
    "fee_jpy": gettext_noop("Fee (JPY)"),
    "purpose_limited": gettext_noop("Use limited to the purpose"),
    "mutual": gettext_noop("Binds both sides (mutual)"),
    "oral_disclosures_covered": gettext_noop("Oral disclosures covered"),
    "confidential_months_after_end": gettext_noop("Confidentiality after end (months)"),
    "decision_deadline_days": gettext_noop("Deadline for the next-step decision (days)"),
    "deliverable": gettext_noop("Deliverable and acceptance"),
    "end_date": gettext_noop("End date"),
    "co_owner_consent_to_license": gettext_noop("Co-owner consent to license given in advance"),
    "improvements_grant_back": gettext_noop("Improvements grant-back"),
    "non_compete_months_after_end": gettext_noop("Non-compete after end (months)"),
    "free_license_to_corporate": gettext_noop("Free licence to the corporate"),
}


def _display(contract: Contract, term: str) -> str:
    if term == "exclusivity":
        if contract.exclusive is None:
            return ""
        if not contract.exclusive:
            return _("None")
        months = (
            _("%(n)s months") % {"n": contract.exclusivity_months}
            if contract.exclusivity_months
            else _("no time limit")
        )
        field = contract.exclusivity_field or _("no field limit")
        return f"{field} / {months}"
    value = getattr(contract, term)
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if term == "fee_jpy":
        return format_yen(value)
    display = getattr(contract, f"get_{term}_display", None)
    return str(display()) if display else str(value)


def contract_review(contract: Contract, *, lang: str = "ja") -> dict[str, Any]:
    terms = contract_terms(contract)
    flags = red_flags.red_flags(contract.kind, contract.status, terms, lang=lang)
    flagged = {f.term for f in flags}
    rows = [
        {
            "term": term,
            "label": _(TERM_LABELS[term]),
            "decided": decided,
            "value": _display(contract, term),
            "flagged": term in flagged,
        }
        for term, decided in red_flags.term_states(contract.kind, terms)
    ]
    return {"rows": rows, "flags": flags, "open_count": sum(1 for r in rows if not r["decided"])}


def dashboard_panel_context(request: HttpRequest) -> dict[str, Any] | None:
    workspace = getattr(request, "workspace", None)
    if workspace is None:
        return None
    from kyoso.accounts.access import scoped

    qs = scoped(request, Project)
    counts = dict(qs.values_list("stage").annotate(n=Count("id")).values_list("stage", "n"))
    if not counts:
        return None
    stages = [{"stage": s, "label": s.label, "count": counts.get(s.value, 0)} for s in Stage]
    # A stopped project keeps its last colour, but it is no longer a warning.
    red = list(qs.filter(status_colour="red").exclude(stage=Stage.STOPPED).only("id", "title")[:5])
    return {"stages": stages, "red": red}


# --------------------------------------------------------------------------- choices offered by forms


def members_of(workspace: Workspace) -> QuerySet[User]:
    """Active members of the workspace: whom a project field may name (owner, sponsor, team)."""
    return User.objects.filter(memberships__workspace=workspace, is_active=True).order_by("name", "email")


def staff_of(workspace: Workspace, project: Project | None = None) -> QuerySet[User]:
    """Whom a project may name as its owner or team: active members who may write (viewers only
    read), plus whoever the project already names, so that editing it keeps them."""
    # one filter() call, so that the role is that of this workspace's membership
    writers = User.objects.filter(
        memberships__workspace=workspace, memberships__role__in=WRITE_ROLES, is_active=True
    ).order_by("name", "email")
    if project is None or project.pk is None:
        return writers
    named = {project.owner_id, *project.team.values_list("pk", flat=True)} - {None}
    return members_of(workspace).filter(Q(pk__in=writers.values("pk")) | Q(pk__in=named)).distinct()


def organisations_of(workspace: Workspace) -> QuerySet[Organisation]:
    """The workspace's partner directory (a form only offers organisations of the same workspace)."""
    return Organisation.objects.filter(workspace=workspace).order_by("name", "id")


def needs_of(workspace: Workspace) -> QuerySet[Need]:
    return Need.objects.filter(workspace=workspace)


def contracts_of(project: Project) -> QuerySet[Contract]:
    return Contract.objects.within(project=project)


# --------------------------------------------------------------------------- the project page's tabs


def project_tab(project: Project, tab: str, *, lang: str = "ja") -> dict[str, Any]:
    """The records one tab of a project (already read in scope) shows; forms are the view's."""
    return TAB_READS[tab](project, lang)


def _parties(project: Project) -> list[ProjectParty]:
    parties = list(ProjectParty.objects.within(project=project).select_related("organisation"))
    for party in parties:
        party.past_collaborations = past_collaborations(party.organisation, party.oi_experience_count)  # type: ignore[attr-defined]
    return parties


def _overview(project: Project, lang: str) -> dict[str, Any]:
    return {
        "history": _history(project),
        "milestones": list(Milestone.objects.within(project=project).filter(done_on__isnull=True)[:5]),
        "parties": _parties(project),
        "team": list(project.team.all()),
        "notes": list(Note.objects.within(project=project).select_related("author")[:50]),
    }


def _charter(project: Project, lang: str) -> dict[str, Any]:
    benefits = list(ExpectedBenefit.objects.within(project=project))
    stakeholders = list(Stakeholder.objects.within(project=project))
    return {
        "benefits": benefits,
        "stakeholders": stakeholders,
        "gaps": charter_gaps(project, benefits, stakeholders),
    }


def _gates(project: Project, lang: str) -> dict[str, Any]:
    decisions = GateDecision.objects.select_related("decided_by").prefetch_related("evidence__criterion")
    gates = Gate.objects.within(project=project).prefetch_related(
        "criteria", Prefetch("decisions", queryset=decisions)
    )
    return {"gates": [gate_outcome(g, project) for g in gates]}


def gate_outcome(gate: Gate, project: Project) -> Gate:
    """Marks what a decision on the gate does: `is_current` (the project is in its stage), `go_to`,
    and `decided` (closed by a Go or No-go)."""
    gate.is_current = gate.stage == project.stage  # type: ignore[attr-defined]
    # A Go or No-go closes the gate (an extension keeps it open): nothing more to decide or add.
    gate.decided = any(d.decision != Decision.EXTEND for d in gate.decisions.all())  # type: ignore[attr-defined]
    for decision in gate.decisions.all():
        # criteria recorded with neither a verdict nor evidence would fill a table of dashes
        decision.shown_evidence = [e for e in decision.evidence.all() if e.met is not None or e.evidence]  # type: ignore[attr-defined]
    following = next_stage(gate.stage)
    gate.go_to = str(Stage(following).label) if following else ""  # type: ignore[attr-defined]
    return gate


def kpis_in(project: Project) -> QuerySet[Kpi]:
    """The KPIs of a project read in scope."""
    return Kpi.objects.within(project=project)


def kpis_with_measurements(project: Project) -> QuerySet[Kpi]:
    """The project's KPIs and their measurements in two queries."""
    return kpis_in(project).prefetch_related("measurements")


def kpis_of(project: Project) -> list[Kpi]:
    """The project's KPIs with their charts (the progress tab)."""
    kpis = list(kpis_with_measurements(project))
    for kpi in kpis:
        kpi.chart = kpi_chart(kpi, list(kpi.measurements.all()))  # type: ignore[attr-defined]
    return kpis


def _dependents(obj: Any) -> int:
    """How many rows go with `obj` when it is deleted (the cascade the user should hear about)."""
    if isinstance(obj, Kpi):
        return len(obj.measurements.all())  # prefetched on the progress tab
    if isinstance(obj, Contract):
        return len(obj.attachments.all())  # prefetched on the contracts tab
    return 0


def _record_name(obj: Any) -> str:
    name = str(obj).strip()
    return name if len(name) <= 40 else name[:39] + "…"


def deletion_question(obj: Any) -> str:
    """The confirmation a delete button asks, naming the record and what goes with it."""
    name, n = _record_name(obj), _dependents(obj)
    if isinstance(obj, Kpi):
        text = ngettext(
            "Delete the KPI “%(name)s” and its %(n)s measurement?",
            "Delete the KPI “%(name)s” and its %(n)s measurements?",
            n,
        )
    elif isinstance(obj, Contract) and n:
        text = ngettext(
            "Delete the contract “%(name)s” and its %(n)s attached file?",
            "Delete the contract “%(name)s” and its %(n)s attached files?",
            n,
        )
    else:
        text = _("Delete the %(kind)s “%(name)s”?")
    question = text % {"name": name, "n": n, "kind": obj._meta.verbose_name}
    # one sentence frame, so each language joins the two its own way (no space in Japanese)
    return _("%(question)s This cannot be undone.") % {"question": question}


def deletion_done(obj: Any) -> str:
    """The notice after a delete; computed before the row is gone."""
    name, n = _record_name(obj), _dependents(obj)
    if isinstance(obj, Kpi):
        text = ngettext(
            "Deleted the KPI “%(name)s” and its %(n)s measurement.",
            "Deleted the KPI “%(name)s” and its %(n)s measurements.",
            n,
        )
    elif isinstance(obj, Contract) and n:
        text = ngettext(
            "Deleted the contract “%(name)s” and its %(n)s attached file.",
            "Deleted the contract “%(name)s” and its %(n)s attached files.",
            n,
        )
    else:
        text = _("Deleted the %(kind)s “%(name)s”.")
    return text % {"name": name, "n": n, "kind": obj._meta.verbose_name}


def _progress(project: Project, lang: str) -> dict[str, Any]:
    return {
        "milestones": list(Milestone.objects.within(project=project).select_related("owner")),
        "kpis": kpis_of(project),
    }


def _communication(project: Project, lang: str) -> dict[str, Any]:
    entries = list(
        LogEntry.objects.within(project=project)
        .select_related("author")
        .prefetch_related("attachments")[:200]
    )
    return {"entries": entries, "calendar": communication_calendar(project, entries)}


def _contracts(project: Project, lang: str) -> dict[str, Any]:
    # attachments: each delete button names how many go with its contract (deletion_question)
    contracts = list(contracts_of(project).prefetch_related("attachments"))
    for c in contracts:
        c.review = contract_review(c, lang="ja" if lang.startswith("ja") else "en")  # type: ignore[attr-defined]
    disclosures = Disclosure.objects.within(project=project).select_related("contract")
    return {"contracts": contracts, "disclosures": list(disclosures)}


def _files(project: Project, lang: str) -> dict[str, Any]:
    return {"documents": list(Document.objects.within(project=project).select_related("uploaded_by"))}


def _sharing(project: Project, lang: str) -> dict[str, Any]:
    invitations = PartnerInvitation.objects.within(project=project)[:50]
    return {
        "accesses": list(
            PartnerAccess.objects.within(project=project)
            .filter(revoked_at__isnull=True)
            .select_related("user")
        ),
        "invitations": [i for i in invitations if i.is_pending],
    }


def _activity(project: Project, lang: str) -> dict[str, Any]:
    # Changes only: who opened the internal notes is the audit log's business (the workspace's audit
    # page), and one row per visit would bury what happened to the project.
    events = (
        AuditEvent.objects.filter(
            workspace_id=project.workspace_id, model="projects.Project", object_id=str(project.pk)
        )
        .exclude(action=AuditAction.VIEW)
        .select_related("user")[:100]
    )
    return {"events": list(events), "history": _history(project), "timeline": stage_timeline(project)}


def _history(project: Project) -> list[StageHistory]:
    return list(
        StageHistory.objects.within(project=project).select_related(
            "changed_by", "decision__gate", "decision__decided_by"
        )
    )


def stage_timeline(project: Project) -> list[dict[str, Any]]:
    """Stage changes and gate decisions in date order, newest first: how the project reached its stage.

    A decision that moved the stage is shown once, with the stage it led to. On the same day a decision
    comes before a direct stage change (an override follows the gate it overrides).
    """
    history = _history(project)
    moved = {h.decision_id: h for h in history if h.decision_id}
    decisions = GateDecision.objects.within(gate__project=project).select_related("gate", "decided_by")
    rows: list[dict[str, Any]] = [
        {"on": d.decided_on, "order": (0, d.pk), "decision": d, "moved_to": moved.get(d.pk)}
        for d in decisions
    ]
    rows += [
        {"on": h.entered_on, "order": (1, h.pk), "stage": h}
        for h in history
        if h.decision_id is None  # the decision's row already says where it led
    ]
    return sorted(rows, key=lambda r: (r["on"], r["order"]), reverse=True)


TAB_READS: dict[str, Callable[[Project, str], dict[str, Any]]] = {
    "overview": _overview,
    "charter": _charter,
    "gates": _gates,
    "progress": _progress,
    "communication": _communication,
    "contracts": _contracts,
    "files": _files,
    "sharing": _sharing,
    "activity": _activity,
}


# --------------------------------------------------------------------------- the partner's shared space


def partner_projects(user: Any) -> QuerySet[Project]:
    """The projects whose shared space a partner user was invited to."""
    return Project.objects.for_partner(user).select_related("workspace")


def partner_project(user: Any, pk: int) -> Project | None:
    return Project.objects.for_partner(user).filter(pk=pk).first()


def shared_space(user: Any, workspace: Workspace | None, pk: int) -> tuple[Project, bool] | None:
    """The project of a shared-space page and whether `user` opens it as its partner.

    A member of the project's workspace opens the same page as a preview of what the partner sees.
    """
    project = partner_projects(user).filter(pk=pk).first()
    if project is not None:
        return project, True
    project = Project.objects.for_member(user, workspace).filter(pk=pk).first()
    return (project, False) if project is not None else None


def space_records(
    model: type[Any], *, user: Any, workspace: Workspace | None, project: Project, as_partner: bool
) -> Any:
    """`model`'s shared records on the shared-space page: the partner's own, or a member's preview."""
    if as_partner:
        return model.objects.for_partner(user, project)
    return model.objects.shared_preview(user, workspace, project)


def shared_space_records(
    *, user: Any, workspace: Workspace | None, project: Project, as_partner: bool
) -> dict[str, Any]:
    def records(model: type[Any]) -> Any:
        return space_records(model, user=user, workspace=workspace, project=project, as_partner=as_partner)

    kpis = list(records(Kpi).prefetch_related("measurements"))
    for kpi in kpis:
        kpi.chart = kpi_chart(kpi, list(kpi.measurements.all()))  # type: ignore[attr-defined]
    entries = list(records(LogEntry).select_related("author").prefetch_related("attachments")[:100])
    documents = records(Document)
    shared_doc_ids = set(documents.values_list("pk", flat=True))
    for e in entries:
        e.shared_attachments = [d for d in e.attachments.all() if d.pk in shared_doc_ids]  # type: ignore[attr-defined]
    return {
        "milestones": list(records(Milestone)),
        "kpis": kpis,
        "entries": entries,
        "notes": list(records(Note).select_related("author")[:100]),
        "contracts": list(records(Contract)),
        "documents": list(documents.filter(log_entry__isnull=True)),
        "calendar": communication_calendar(project, entries),
    }


# --------------------------------------------------------------------------- the global search box


def search_projects(caller: SearchCaller, query: str, limit: int) -> tuple[list[Project], int, bool]:
    """Projects matching the query, and whether they were read as the caller's partner spaces.

    A member searches the workspace's projects by title, summary, goal and business unit; a partner
    user only the titles of the projects whose shared space they were invited to (the summary and
    goal are internal)."""
    if caller.is_member:
        qs = Project.objects.for_member(caller.user, caller.workspace).only("pk", "title", "stage", "summary")
        return (
            *page_of(
                text_matches(qs, query, name="title", fields=("summary", "goal", "business_unit")), limit
            ),
            False,
        )
    qs = Project.objects.for_partner(caller.user).only("pk", "title", "stage")
    return (*page_of(text_matches(qs, query, name="title"), limit), True)
