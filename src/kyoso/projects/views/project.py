"""The project page (tabs) and its inline actions: reads through `projects.selectors` and `scoped()`."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kyoso.accounts import audit
from kyoso.accounts.access import forbidden, member_view, owner_view, scoped
from kyoso.accounts.models import AuditAction
from kyoso.accounts.reauth import sensitive
from kyoso.core.downloads import as_attachment
from kyoso.core.errors import DomainError, add_form_error
from kyoso.core.redirects import safe_next
from kyoso.projects import forms as f
from kyoso.projects import selectors, services
from kyoso.projects.models import (
    Contract,
    Disclosure,
    Document,
    ExpectedBenefit,
    Gate,
    Kpi,
    LogEntry,
    Milestone,
    Note,
    PartnerAccess,
    PartnerInvitation,
    Project,
    Side,
    Stakeholder,
)
from kyoso.projects.snapshot import build_snapshot, snapshot_queryset

TABS = [
    ("overview", pgettext_lazy("project tab", "Overview")),
    ("charter", pgettext_lazy("project tab", "Charter")),
    ("gates", pgettext_lazy("project tab", "Gates")),
    ("progress", pgettext_lazy("project tab", "Milestones & KPIs")),
    ("communication", pgettext_lazy("project tab", "Communication")),
    ("contracts", pgettext_lazy("project tab", "Contracts & IP")),
    ("files", pgettext_lazy("project tab", "Files")),
    ("sharing", pgettext_lazy("project tab", "Shared space")),
    ("activity", pgettext_lazy("project tab", "Activity")),
]

# Records that can be deleted or have their visibility switched from the project page.
CHILD_MODELS: dict[str, type[Any]] = {
    "benefit": ExpectedBenefit,
    "stakeholder": Stakeholder,
    "milestone": Milestone,
    "kpi": Kpi,
    "log": LogEntry,
    "note": Note,
    "contract": Contract,
    "disclosure": Disclosure,
    "document": Document,
}
SHAREABLE = {"milestone", "kpi", "log", "note", "contract", "disclosure", "document"}


def _project(request: HttpRequest, pk: int) -> Project:
    return get_object_or_404(scoped(request, Project).select_related("owner", "sponsor_user"), pk=pk)


def _tab_url(project: Project, tab: str) -> str:
    if tab == "overview":
        return reverse("projects:detail", args=[project.pk])
    return reverse("projects:tab", args=[project.pk, tab])


def _tab_forms(project: Project, tab: str, records: dict[str, Any]) -> dict[str, Any]:
    """The empty forms a tab offers (a failed POST replaces one with its bound copy)."""
    ws = project.workspace
    if tab == "overview":
        parties = records["parties"]
        return {
            "stage_form": f.StageForm(),
            "edit_form": f.ProjectForm(instance=project, workspace=ws),
            "party_forms": {
                side: f.PartyForm(
                    instance=next((p for p in parties if p.side == side), None), prefix=side, workspace=ws
                )
                for side in (Side.CORPORATE, Side.PARTNER)
            },
            "note_form": f.NoteForm(),
        }
    if tab == "charter":
        return {
            "charter_form": f.CharterForm(instance=project),
            "benefit_form": f.BenefitForm(),
            "stakeholder_form": f.StakeholderForm(),
            "ack_form": f.AcknowledgeForm(),
            "sponsor_form": f.SponsorForm(instance=project, workspace=ws),
        }
    if tab == "gates":
        return {"gate_form": f.GateForm(), "criterion_form": f.CriterionForm()}
    if tab == "progress":
        return {
            "milestone_form": f.MilestoneForm(workspace=ws),
            "kpi_form": f.KpiForm(),
            "measurement_form": f.MeasurementForm(),
            "done_form": f.DoneForm(),
        }
    if tab == "communication":
        return {"plan_form": f.CommPlanForm(instance=project, workspace=ws), "log_form": f.LogEntryForm()}
    if tab == "contracts":
        return {"disclosure_form": f.DisclosureForm(project=project)}
    if tab == "files":
        return {"document_form": f.DocumentForm()}
    if tab == "sharing":
        return {"invite_form": f.PartnerInviteForm()}
    return {}


def _audit_tab_view(request: HttpRequest, project: Project, tab: str, records: dict[str, Any]) -> None:
    """Reading internal notes and contracts is recorded."""
    if tab == "overview" and (
        any(n.visibility == "internal" for n in records["notes"]) or project.internal_note
    ):
        audit.record(
            actor=request.user,
            action=AuditAction.VIEW,
            obj=project,
            changes={"viewed": "internal notes"},
        )
    elif tab == "contracts":
        for c in records["contracts"]:
            audit.record(actor=request.user, action=AuditAction.VIEW, obj=c)


def _tab_context(request: HttpRequest, project: Project, tab: str) -> dict[str, Any]:
    records = selectors.project_tab(project, tab, lang=get_language() or "ja")
    _audit_tab_view(request, project, tab, records)
    return {"project": project, "tab": tab, "tabs": TABS, **records, **_tab_forms(project, tab, records)}


def _render_tab(
    request: HttpRequest,
    project: Project,
    tab: str,
    *,
    bound: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    ctx = _tab_context(request, project, tab)
    ctx.update(bound or {})
    if request.headers.get("HX-Request") and status >= 400:
        status = 200  # htmx swaps only 2xx answers: show the errors inline
    return render(request, f"projects/tab_{tab}.html", ctx, status=status)


@member_view()
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_tab(request, _project(request, pk), "overview")


@member_view()
def project_tab(request: HttpRequest, pk: int, tab: str) -> HttpResponse:
    if tab not in dict(TABS):
        raise Http404
    return _render_tab(request, _project(request, pk), tab)


def _form_action(
    request: HttpRequest,
    pk: int,
    *,
    tab: str,
    form_name: str,
    make_form: Callable[[Project], Any],
    run: Callable[[Project, Any], Any],
    success: str,
) -> HttpResponse:
    project = _project(request, pk)
    form = make_form(project)
    if form.is_valid():
        try:
            run(project, form)
        except DomainError as exc:
            add_form_error(form, exc)
        else:
            messages.success(request, success)
            return redirect(_tab_url(project, tab))
    return _render_tab(request, project, tab, bound={form_name: form}, status=400)


def _child(request: HttpRequest, model: type[Any], project: Project, pk: int) -> Any:
    return get_object_or_404(scoped(request, model), pk=pk, **_project_filter(model, project))


def _project_filter(model: type[Any], project: Project) -> dict[str, Any]:
    path = model.scope.workspace.rsplit("__workspace", 1)[0]
    return {path: project}


# --------------------------------------------------------------------------- overview


def _save_project(request: HttpRequest, project: Project, data: dict[str, Any]) -> None:
    fields = {k: v for k, v in data.items() if k in services.PROJECT_FIELDS}
    services.save_project(project=project, by=request.user, fields=fields, team=data.get("team") or [])


@member_view(write=True)
@require_POST
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _form_action(
        request,
        pk,
        tab="overview",
        form_name="edit_form",
        make_form=lambda p: f.ProjectForm(
            request.POST, workspace=p.workspace, initial={}, instance=Project(workspace=p.workspace)
        ),
        run=lambda p, form: _save_project(request, p, form.cleaned_data),
        success=_("Project saved."),
    )


@owner_view
@require_POST
def project_stage(request: HttpRequest, pk: int) -> HttpResponse:
    """An owner's override of the stage gate (members move stages by recording gate decisions)."""
    return _form_action(
        request,
        pk,
        tab="overview",
        form_name="stage_form",
        make_form=lambda p: f.StageForm(request.POST),
        run=lambda p, form: services.change_stage(
            project=p,
            by=request.user,
            stage=form.cleaned_data["stage"],
            reason=form.cleaned_data["reason"],
            on=form.cleaned_data["on"],
        ),
        success=_("Stage changed by an owner override."),
    )


@member_view(write=True)
@require_POST
def party_edit(request: HttpRequest, pk: int, side: str) -> HttpResponse:
    if side not in Side.values:
        raise Http404

    def run(p: Project, form: Any) -> None:
        services.set_party(project=p, by=request.user, side=side, **form.cleaned_data)

    return _form_action(
        request,
        pk,
        tab="overview",
        form_name="party_form_error",
        make_form=lambda p: f.PartyForm(request.POST, prefix=side, workspace=p.workspace),
        run=run,
        success=_("Saved."),
    )


@member_view(write=True)
@require_POST
def note_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _form_action(
        request,
        pk,
        tab="overview",
        form_name="note_form",
        make_form=lambda p: f.NoteForm(request.POST),
        run=lambda p, form: services.add_note(project=p, by=request.user, **form.cleaned_data),
        success=_("Comment added."),
    )


# --------------------------------------------------------------------------- charter and sponsor


@member_view(write=True)
@require_POST
def charter_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _form_action(
        request,
        pk,
        tab="charter",
        form_name="charter_form",
        make_form=lambda p: f.CharterForm(request.POST),
        run=lambda p, form: services.update_charter(project=p, by=request.user, **form.cleaned_data),
        success=_("Charter saved."),
    )


@member_view(write=True)
@require_POST
def benefit_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _form_action(
        request,
        pk,
        tab="charter",
        form_name="benefit_form",
        make_form=lambda p: f.BenefitForm(request.POST),
        run=lambda p, form: services.add_benefit(
            project=p,
            by=request.user,
            metric=form.cleaned_data["metric"],
            target=form.cleaned_data["target"],
            unit=form.cleaned_data["unit"],
            by_date=form.cleaned_data["by"],
        ),
        success=_("Benefit added."),
    )


@member_view(write=True)
@require_POST
def stakeholder_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _form_action(
        request,
        pk,
        tab="charter",
        form_name="stakeholder_form",
        make_form=lambda p: f.StakeholderForm(request.POST),
        run=lambda p, form: services.add_stakeholder(
            project=p, by=request.user, name=form.cleaned_data["name"]
        ),
        success=_("Stakeholder added."),
    )


@member_view(write=True)
@require_POST
def stakeholder_ack(request: HttpRequest, pk: int, sid: int) -> HttpResponse:
    def run(p: Project, form: Any) -> None:
        s = _child(request, Stakeholder, p, sid)
        services.acknowledge(
            stakeholder=s,
            by=request.user,
            on=form.cleaned_data["acknowledged_on"],
            comment=form.cleaned_data["comment"],
        )

    return _form_action(
        request,
        pk,
        tab="charter",
        form_name="ack_form",
        make_form=lambda p: f.AcknowledgeForm(request.POST),
        run=run,
        success=_("Acknowledgement recorded."),
    )


@member_view(write=True)
@require_POST
def sponsor_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _form_action(
        request,
        pk,
        tab="charter",
        form_name="sponsor_form",
        make_form=lambda p: f.SponsorForm(
            request.POST, workspace=p.workspace, instance=Project(workspace=p.workspace)
        ),
        run=lambda p, form: services.update_sponsor(
            project=p,
            by=request.user,
            user=form.cleaned_data["sponsor_user"],
            name=form.cleaned_data["sponsor_name"],
            level=form.cleaned_data["sponsor_level"],
            budget_until=form.cleaned_data["sponsor_budget_until"],
        ),
        success=_("Sponsor saved."),
    )


# --------------------------------------------------------------------------- gates


@member_view(write=True)
@require_POST
def gate_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _form_action(
        request,
        pk,
        tab="gates",
        form_name="gate_form",
        make_form=lambda p: f.GateForm(request.POST),
        run=lambda p, form: services.create_gate(
            project=p,
            by=request.user,
            stage=form.cleaned_data["stage"],
            criteria=form.cleaned_data["criteria"].splitlines(),
            due=form.cleaned_data["due"],
        ),
        success=_("Gate criteria saved."),
    )


@member_view(write=True)
@require_POST
def criterion_add(request: HttpRequest, pk: int, gid: int) -> HttpResponse:
    def run(p: Project, form: Any) -> None:
        services.add_criterion(
            gate=_child(request, Gate, p, gid), by=request.user, text=form.cleaned_data["text"]
        )

    return _form_action(
        request,
        pk,
        tab="gates",
        form_name="criterion_form",
        make_form=lambda p: f.CriterionForm(request.POST),
        run=run,
        success=_("Criterion added."),
    )


@member_view()
def gate_decide(request: HttpRequest, pk: int, gid: int) -> HttpResponse:
    """Members and executives (who sign gate decisions) may record a decision; viewers only read."""
    project = _project(request, pk)
    gate = selectors.gate_outcome(_child(request, Gate, project, gid), project)
    if gate.decided:  # type: ignore[attr-defined]
        messages.info(request, _("This gate is already decided (Go or No-go)."))
        return redirect(_tab_url(project, "gates"))
    if request.method == "POST" and request.membership.role not in services.GATE_SIGNERS:  # type: ignore[attr-defined]
        return forbidden(request, _("Only members and executives may record a gate decision."))
    form = f.DecisionForm(request.POST or None, gate=gate)
    if request.method == "POST" and form.is_valid():
        try:
            services.decide_gate(
                gate=gate,
                by=request.user,
                decision=form.cleaned_data["decision"],
                decided_on=form.cleaned_data["decided_on"],
                note=form.cleaned_data["note"],
                extended_to=form.cleaned_data["extended_to"],
                sponsor_signed_off_on=form.cleaned_data["sponsor_signed_off_on"],
                evidence=form.evidence(),
            )
        except DomainError as exc:
            add_form_error(form, exc)
        else:
            messages.success(request, _("Gate decision recorded."))
            return redirect(_tab_url(project, "gates"))
    return render(
        request,
        "projects/gate_decide.html",
        {"project": project, "gate": gate, "form": form},
        status=400 if form.errors else 200,
    )


# --------------------------------------------------------------------------- milestones and KPIs


@member_view(write=True)
@require_POST
def milestone_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _form_action(
        request,
        pk,
        tab="progress",
        form_name="milestone_form",
        make_form=lambda p: f.MilestoneForm(request.POST, workspace=p.workspace),
        run=lambda p, form: services.add_milestone(project=p, by=request.user, **form.cleaned_data),
        success=_("Milestone added."),
    )


@member_view(write=True)
@require_POST
def milestone_done(request: HttpRequest, pk: int, mid: int) -> HttpResponse:
    def run(p: Project, form: Any) -> None:
        services.complete_milestone(
            milestone=_child(request, Milestone, p, mid),
            by=request.user,
            done_on=form.cleaned_data["done_on"],
        )

    return _form_action(
        request,
        pk,
        tab="progress",
        form_name="done_form",
        make_form=lambda p: f.DoneForm(request.POST),
        run=run,
        success=_("Milestone done."),
    )


@member_view(write=True)
@require_POST
def kpi_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _form_action(
        request,
        pk,
        tab="progress",
        form_name="kpi_form",
        make_form=lambda p: f.KpiForm(request.POST),
        run=lambda p, form: services.add_kpi(project=p, by=request.user, **form.cleaned_data),
        success=_("KPI added."),
    )


@member_view(write=True)
@require_POST
def measurement_add(request: HttpRequest, pk: int, kid: int) -> HttpResponse:
    def run(p: Project, form: Any) -> None:
        services.add_measurement(kpi=_child(request, Kpi, p, kid), by=request.user, **form.cleaned_data)

    return _form_action(
        request,
        pk,
        tab="progress",
        form_name="measurement_form",
        make_form=lambda p: f.MeasurementForm(request.POST),
        run=run,
        success=_("Measurement added."),
    )


# --------------------------------------------------------------------------- communication


@member_view(write=True)
@require_POST
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _form_action(
        request,
        pk,
        tab="communication",
        form_name="plan_form",
        make_form=lambda p: f.CommPlanForm(
            request.POST, workspace=p.workspace, instance=Project(workspace=p.workspace)
        ),
        run=lambda p, form: services.update_communication_plan(
            project=p,
            by=request.user,
            cadence_days=form.cleaned_data["cadence_days"],
            channels=form.cleaned_data["channels"],
            corporate_owner=form.cleaned_data["comm_corporate_owner"],
            partner_owner=form.cleaned_data["comm_partner_owner"],
        ),
        success=_("Communication plan saved."),
    )


@member_view(write=True)
@require_POST
def log_add(request: HttpRequest, pk: int) -> HttpResponse:
    def run(p: Project, form: Any) -> None:
        data = {k: v for k, v in form.cleaned_data.items() if k != "attachments"}
        services.add_log_entry(project=p, by=request.user, files=request.FILES.getlist("attachments"), **data)

    return _form_action(
        request,
        pk,
        tab="communication",
        form_name="log_form",
        make_form=lambda p: f.LogEntryForm(request.POST, request.FILES),
        run=run,
        success=_("Log entry added."),
    )


# --------------------------------------------------------------------------- contracts


@member_view(write=True)
def contract_edit(request: HttpRequest, pk: int, cid: int | None = None) -> HttpResponse:
    """A contract's terms: the edit form for those who may write, read-only for viewers."""
    can_write = request.membership.can_write  # type: ignore[attr-defined]
    if cid is None and not can_write:
        return forbidden(
            request,
            _("Your role (%(role)s) can read but not change records in this workspace.")
            % {"role": request.membership.get_role_display()},  # type: ignore[attr-defined]
        )
    project = _project(request, pk)
    contract = _child(request, Contract, project, cid) if cid else None
    form = f.ContractForm(request.POST or None, instance=contract)
    if not can_write:
        for field in form.fields.values():
            field.disabled = True  # shown for reading; nothing to fill in and lose on save
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items()}
        try:
            if contract is None:
                services.create_contract(project=project, by=request.user, **data)
            else:
                contract.refresh_from_db()
                services.update_contract(contract=contract, by=request.user, **data)
        except DomainError as exc:
            add_form_error(form, exc)
        else:
            messages.success(request, _("Contract saved."))
            return redirect(_tab_url(project, "contracts"))
    if contract is not None and request.method == "GET":
        audit.record(actor=request.user, action=AuditAction.VIEW, obj=contract)
    return render(
        request,
        "projects/contract_form.html",
        {"project": project, "form": form, "contract": contract},
        status=400 if form.errors else 200,
    )


@member_view(write=True)
@require_POST
def disclosure_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _form_action(
        request,
        pk,
        tab="contracts",
        form_name="disclosure_form",
        make_form=lambda p: f.DisclosureForm(request.POST, project=p),
        run=lambda p, form: services.add_disclosure(project=p, by=request.user, **form.cleaned_data),
        success=_("Disclosure recorded."),
    )


# --------------------------------------------------------------------------- files


@member_view(write=True)
@require_POST
def document_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _form_action(
        request,
        pk,
        tab="files",
        form_name="document_form",
        make_form=lambda p: f.DocumentForm(request.POST, request.FILES),
        run=lambda p, form: services.upload_document(
            project=p,
            by=request.user,
            file=form.cleaned_data["file"],
            visibility=form.cleaned_data["visibility"],
        ),
        success=_("File uploaded."),
    )


def serve_document(request: HttpRequest, doc: Document) -> FileResponse:
    audit.record(
        actor=request.user,
        action=AuditAction.VIEW,
        obj=doc,
        workspace=doc.project.workspace,
        changes={"downloaded": doc.name},
    )
    try:
        handle = doc.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=doc.name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@member_view()
def document_download(request: HttpRequest, pk: int, did: int) -> HttpResponse:
    project = _project(request, pk)
    return serve_document(request, _child(request, Document, project, did))


# --------------------------------------------------------------------------- generic record actions


@member_view(write=True)
@require_POST
@sensitive
def record_delete(request: HttpRequest, pk: int, kind: str, oid: int) -> HttpResponse:
    model = CHILD_MODELS.get(kind)
    if model is None:
        raise Http404
    project = _project(request, pk)
    obj = _child(request, model, project, oid)
    done = selectors.deletion_done(obj)
    services.delete_record(obj=obj, project=project, by=request.user)
    messages.success(request, done)
    return redirect(safe_next(request, _tab_url(project, "overview")))


@member_view(write=True)
@require_POST
def record_visibility(request: HttpRequest, pk: int, kind: str, oid: int) -> HttpResponse:
    if kind not in SHAREABLE:
        raise Http404
    project = _project(request, pk)
    obj = _child(request, CHILD_MODELS[kind], project, oid)
    try:
        services.set_visibility(obj=obj, by=request.user, visibility=request.POST.get("visibility", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(safe_next(request, _tab_url(project, "overview")))


# --------------------------------------------------------------------------- shared space management


@member_view(write=True)
@require_POST
def partner_invite(request: HttpRequest, pk: int) -> HttpResponse:
    def run(p: Project, form: Any) -> None:
        _invitation, link = services.invite_partner(project=p, by=request.user, **form.cleaned_data)
        messages.info(request, _("Invitation link (also e-mailed): %(link)s") % {"link": link})

    return _form_action(
        request,
        pk,
        tab="sharing",
        form_name="invite_form",
        make_form=lambda p: f.PartnerInviteForm(request.POST),
        run=run,
        success=_("Invitation sent."),
    )


@member_view(write=True)
@require_POST
def partner_revoke(request: HttpRequest, pk: int, aid: int) -> HttpResponse:
    project = _project(request, pk)
    access = _child(request, PartnerAccess, project, aid)
    services.revoke_partner_access(access=access, by=request.user)
    messages.success(request, _("Access removed."))
    return redirect(_tab_url(project, "sharing"))


@member_view(write=True)
@require_POST
def partner_invitation_revoke(request: HttpRequest, pk: int, iid: int) -> HttpResponse:
    project = _project(request, pk)
    invitation = _child(request, PartnerInvitation, project, iid)
    services.revoke_partner_invitation(invitation=invitation, by=request.user)
    messages.success(request, _("Invitation withdrawn."))
    return redirect(_tab_url(project, "sharing"))


@member_view()
def project_export(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_object_or_404(snapshot_queryset(scoped(request, Project)), pk=pk)
    data = build_snapshot(project)
    audit.record(actor=request.user, action=AuditAction.EXPORT, obj=project)
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json")
    as_attachment(response, f"project-{project.pk}-snapshot-{timezone.localdate()}.json")
    return response
