"""The current workspace: its members and invitations (scope: workspace)."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.http import FileResponse, HttpRequest
from django.urls import reverse
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from kyoso.accounts import services
from kyoso.accounts.middleware import SESSION_WORKSPACE_KEY
from kyoso.accounts.models import Invitation, Membership, Role
from kyoso.api.auth import NotFound, caller, require_fresh_proof_of_identity, require_scope
from kyoso.api.conventions import KyosoPagination, errors, ordered
from kyoso.api.schemas import InvitationIn, InvitationOut, MemberOut, RoleIn, SSOSettingsOut, WorkspaceOut
from kyoso.core.errors import DomainError
from kyoso.transfer import selectors as transfer_selectors
from kyoso.transfer import services as transfer_services
from kyoso.transfer.models import ExportJob, ExportStatus

TAG = "workspace"
router = Router()


def _member(m: Membership) -> dict[str, object]:
    return {
        "id": m.pk,
        "user_id": m.user_id,
        "email": m.user.email,
        "name": m.user.name,
        "role": m.role,
        "business_unit": m.business_unit,
        "created_at": m.created_at,
    }


def _invitation(i: Invitation) -> dict[str, object]:
    return {
        "id": i.pk,
        "email": i.email,
        "role": i.role,
        "created_at": i.created_at,
        "expires_at": i.expires_at,
        "accepted_at": i.accepted_at,
        "revoked_at": i.revoked_at,
        "pending": i.is_pending,
        "language": i.language,
    }


@router.get("", response=WorkspaceOut, summary="The current workspace")
@require_scope("workspace:read")
def current_workspace(request: HttpRequest) -> dict[str, object]:
    c = caller(request)
    ws = c.workspace
    assert ws is not None
    return {
        "id": ws.pk,
        "slug": ws.slug,
        "name": ws.name,
        "role": c.role,
        "mfa_required": ws.mfa_required if c.role == Role.OWNER else None,
    }


@router.get(
    "/sso", response={200: SSOSettingsOut, **errors(403)}, summary="The workspace's single sign-on settings"
)
@require_scope("workspace:read")
def sso_settings(request: HttpRequest) -> dict[str, object]:
    """Owners only. The client secret is never returned, only whether one is stored."""
    from kyoso.sso import selectors as sso_selectors

    c = caller(request).require_owner("workspace:read")
    assert c.workspace is not None
    sso = sso_selectors.settings_for_owner(c.workspace)
    return {
        "protocol": sso.protocol if sso else "oidc",
        "enabled": bool(sso and sso.enabled),
        "active": bool(sso and sso.is_active),
        "require_sso": bool(sso and sso.require_sso),
        "jit_enabled": bool(sso and sso.jit_enabled),
        "jit_role": sso.jit_role if sso else Role.MEMBER,
        "oidc_issuer": sso.oidc_issuer if sso else "",
        "oidc_client_id": sso.oidc_client_id if sso else "",
        "oidc_client_secret_set": bool(sso and sso.has_secret),
        "saml_metadata_url": sso.saml_metadata_url if sso else "",
        "saml_idp_entity_id": sso.saml_idp_entity_id if sso else "",
        "saml_idp_sso_url": sso.saml_idp_sso_url if sso else "",
        "domains": [
            {
                "domain": d.domain,
                "verified": d.verified_at is not None,
                "txt_record": d.txt_record,
                "verified_at": d.verified_at,
            }
            for d in sso_selectors.domains_of(c.workspace)
        ],
    }


@router.get("/members", response=list[MemberOut], summary="List the workspace's members")
@paginate(KyosoPagination)
@require_scope("workspace:read")
def list_members(
    request: HttpRequest,
    role: str | None = None,
    ordering: str | None = Query(None, description="email, role, created_at; prefix - for descending"),
) -> object:
    c = caller(request)
    qs = c.scoped(Membership).select_related("user")
    if role:
        qs = qs.filter(role=role)
    qs = ordered(
        qs,
        ordering,
        allowed={"email": "user__email", "role": "role", "created_at": "created_at"},
        default="email",
    )
    return qs


@router.patch(
    "/members/{member_id}",
    response={200: MemberOut, **errors(403, 404, 422)},
    summary="Change a member's role (owners)",
    description="With a browser session, needs a recent sign-in (else 403: re-authenticate in the browser).",
)
@require_scope("workspace:write", roles={Role.OWNER}, sensitive=True)
def change_member_role(request: HttpRequest, member_id: int, data: RoleIn) -> dict[str, object]:
    c = caller(request)
    membership = c.get(c.scoped(Membership).select_related("user"), pk=member_id)
    membership = services.change_role(membership=membership, role=data.role, by=c.user)
    return _member(membership)


@router.delete(
    "/members/{member_id}", response={204: None, **errors(404, 422)}, summary="Remove a member (owners)"
)
@require_scope("workspace:write", roles={Role.OWNER}, sensitive=True)
def remove_member(request: HttpRequest, member_id: int) -> Status:
    c = caller(request)
    membership = c.get(Membership, pk=member_id)
    services.remove_member(membership=membership, by=c.user)
    return Status(204, None)


@router.get("/invitations", response=list[InvitationOut], summary="List invitations (owners)")
@paginate(KyosoPagination)
@require_scope("workspace:read", roles={Role.OWNER})
def list_invitations(request: HttpRequest, pending: bool | None = None) -> object:
    c = caller(request)
    items = [_invitation(i) for i in c.scoped(Invitation).order_by("-created_at", "-id")[:1000]]
    if pending is not None:
        items = [i for i in items if i["pending"] == pending]
    return items


@router.post(
    "/invitations", response={201: InvitationOut, **errors(422)}, summary="Invite someone by e-mail (owners)"
)
@require_scope("workspace:write", roles={Role.OWNER})
def create_invitation(request: HttpRequest, data: InvitationIn) -> Status:
    c = caller(request)
    assert c.workspace is not None
    try:
        validate_email(data.email.strip())
    except ValidationError:
        raise DomainError("Enter a valid e-mail address.", field="email") from None
    invitation, _link = services.invite_member(
        workspace=c.workspace, email=data.email, role=data.role, by=c.user, language=data.language or ""
    )
    return Status(201, _invitation(invitation))


@router.delete(
    "/invitations/{invitation_id}",
    response={204: None, **errors(404)},
    summary="Withdraw an invitation (owners)",
)
@require_scope("workspace:write", roles={Role.OWNER})
def revoke_invitation(request: HttpRequest, invitation_id: int) -> Status:
    c = caller(request)
    invitation = c.get(Invitation, pk=invitation_id)
    services.revoke_invitation(invitation=invitation, by=c.user)
    return Status(204, None)


# --------------------------------------------------------------------------- erasing the workspace


class EraseWorkspaceIn(Schema):
    confirm_slug: str = Field(
        ...,
        max_length=100,
        description="The workspace's slug, repeated: a request that does not name the workspace it erases "
        "erases nothing.",
    )


@router.post(
    "/erase",
    response={204: None, **errors(403, 422)},
    summary="Erase the workspace and everything in it (owners)",
    description="Deletes every record and uploaded file of the workspace for good (APPI erasure, "
    "docs/privacy.md); the members' accounts stay. Owners only, scope `workspace:write`, and a fresh proof "
    "of identity: a browser session must have signed in or re-authenticated within the re-authentication "
    "window (5 minutes by default), a token must have been created within that window (403 otherwise). "
    "`confirm_slug` must repeat the workspace's slug (422 naming the field otherwise). One audit entry "
    "records the erasure, without the erased data.",
)
@require_scope("workspace:write", roles={Role.OWNER})
def erase_workspace(request: HttpRequest, data: EraseWorkspaceIn) -> Status:
    c = caller(request)
    assert c.workspace is not None
    require_fresh_proof_of_identity(request, "Erasing a workspace")
    services.erase_workspace(by=c.user, workspace=c.workspace, confirm_slug=data.confirm_slug)
    if c.token is None:
        # as the page does: the session no longer points at a workspace that is gone
        request.session.pop(SESSION_WORKSPACE_KEY, None)
    return Status(204, None)


# --------------------------------------------------------------------------- whole-workspace export


class ExportOut(Schema):
    id: int
    status: str
    progress: int
    created_at: datetime
    finished_at: datetime | None
    size: int
    counts: dict[str, int]
    error: str
    download_url: str | None


def _export(job: ExportJob) -> dict[str, object]:
    done = job.status == ExportStatus.DONE and bool(job.file)
    return {
        "id": job.pk,
        "status": job.status,
        "progress": job.progress,
        "created_at": job.created_at,
        "finished_at": job.finished_at,
        "size": job.size,
        "counts": job.counts or {},
        "error": job.error,
        "download_url": reverse("api:workspace_export_download", args=[job.pk]) if done else None,
    }


@router.post(
    "/export",
    response={202: ExportOut, **errors(422)},
    summary="Start an archive of the whole workspace (owners)",
    description="Written in the background: poll GET /workspace/export/{id}, then download the ZIP "
    "(docs/formats.md#workspace-archive).",
)
@require_scope("workspace:write", roles={Role.OWNER}, sensitive=True)
def start_export(request: HttpRequest) -> Status:
    c = caller(request)
    assert c.workspace is not None
    job = transfer_services.start_export(workspace=c.workspace, by=c.user)
    job = c.get(transfer_selectors.exports_of(c.user, c.workspace), pk=job.pk)
    return Status(202, _export(job))


@router.get(
    "/export/{export_id}", response={200: ExportOut, **errors(404)}, summary="An export's progress (owners)"
)
@require_scope("workspace:read", roles={Role.OWNER})
def export_status(request: HttpRequest, export_id: int) -> dict[str, object]:
    c = caller(request)
    return _export(c.get(transfer_selectors.exports_of(c.user, c.workspace), pk=export_id))


@router.get(
    "/export/{export_id}/download",
    response={200: None, **errors(404)},
    summary="Download a finished export as ZIP (owners)",
    url_name="workspace_export_download",
)
@require_scope("workspace:read", roles={Role.OWNER})
def export_download(request: HttpRequest, export_id: int) -> FileResponse:
    c = caller(request)
    job = c.get(transfer_selectors.exports_of(c.user, c.workspace), pk=export_id)
    if job.status != ExportStatus.DONE or not job.file:
        raise NotFound("This export has no archive (not finished, failed or replaced by a newer one).")
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.filename)
