"""Erasure, disclosure and audit retention for people (APPI): accounts, workspaces, audit entries.

`erase_user` removes a person's account data everywhere (each app's `PersonalDataHandler` does its
own models) and leaves kept records — log entries, decisions, audit rows — pointing to the account
row, which now shows as 「削除済みユーザー #8f3a」. `erase_workspace` deletes a workspace and
everything in it. `export_person` gathers what is stored about one person. `prune_audit`
pseudonymises e-mail and IP addresses in audit entries older than KYOSO_AUDIT_PII_DAYS.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from allauth.usersessions.models import UserSession
from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import models, transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kyoso.accounts import audit
from kyoso.accounts.models import AuditAction, AuditEvent, Invitation, Membership, Role, User, Workspace
from kyoso.core.errors import DomainError
from kyoso.core.personal_data import (
    PSEUDONYM_IP_PREFIX,
    Person,
    PersonalDataHandler,
    handlers,
    is_pseudonymous_email,
    mentions,
    person_tag,
    plain,
    pseudonymise_emails,
    pseudonymous_email,
    pseudonymous_ip,
    register_personal_data,
    rows,
    scrub_text,
    scrub_value,
)


def user_label(tag: str) -> str:
    """The pseudonym stored in kept text, in the site's language: 「削除済みユーザー #8f3a2c」."""
    with translation.override(settings.LANGUAGE_CODE):
        return _("Deleted user #%(tag)s") % {"tag": tag}


def _audit_rows() -> models.QuerySet[AuditEvent]:
    """Audit rows through a plain queryset: only erasure and retention may rewrite them."""
    return models.QuerySet(model=AuditEvent)


def _needle_filter(needles: list[str]) -> Q:
    """Rows whose record text or changes mention a needle (JSON may hold \\u escapes on SQLite)."""
    query = Q()
    for needle in needles:
        if not needle or len(needle.strip()) < 2:
            continue
        escaped = json.dumps(needle.strip())[1:-1]
        query |= Q(object_repr__icontains=needle.strip()) | Q(changes_text__icontains=needle.strip())
        if escaped != needle.strip():
            query |= Q(changes_text__icontains=escaped)
    return query


def scrub_audit(person: Person, *, about: tuple[str, Any] | None = None) -> int:
    """Rewrite the audit rows about or by `person` so that none holds their name, e-mail or IP.

    With `about` (a record's model label and id: an erased contact or participant), only the rows
    about that record and those by the person's address are rewritten, never rows that merely
    contain the same words: otherwise a member could erase a made-up contact named after a phrase
    and so rewrite the workspace's history.
    """
    needles = person.needles
    query = Q(user_email__iexact=person.email) if person.email else Q(pk__in=[])
    if person.user is not None:
        query |= Q(user=person.user)
    if about is not None:
        query |= Q(model=about[0], object_id=str(about[1]))
    else:
        needle_query = _needle_filter(needles)
        if needle_query:
            query |= needle_query
    candidates = _audit_rows().annotate(changes_text=Cast("changes", TextField())).filter(query)
    if person.workspace is not None:
        candidates = candidates.filter(workspace=person.workspace)
    count = 0
    for row in candidates.only("pk", "user_id", "user_email", "ip_address", "object_repr", "changes"):
        own = (person.user is not None and row.user_id == person.user.pk) or (
            bool(person.email) and row.user_email.lower() == person.email.lower()
        )
        values: dict[str, Any] = {
            "object_repr": scrub_text(row.object_repr, needles, person.label)[:200],
            "changes": scrub_value(row.changes, needles, person.label),
        }
        if own:
            values["user_email"] = pseudonymous_email(row.user_email)
            values["ip_address"] = pseudonymous_ip(row.ip_address)
        _audit_rows().filter(pk=row.pk).update(**values)
        count += 1
    return count


def record_erasure(*, by: Any, model: str, object_id: Any, label: str, workspace: Workspace | None) -> None:
    """An audit entry for an erasure that holds none of the erased data (the actor's IP neither)."""
    event = audit.record(
        actor=by,
        action=AuditAction.DELETE,
        workspace=workspace,
        model=model,
        object_repr=label,
        changes={"personal_data": "erased"},
    )
    _audit_rows().filter(pk=event.pk).update(
        object_id=str(object_id), ip_address=pseudonymous_ip(event.ip_address)
    )


# ---------------------------------------------------------------------------------------- erasure


def _sole_owned_workspaces(user: User) -> list[Workspace]:
    owned = Membership.objects.filter(user=user, role=Role.OWNER).values_list("workspace_id", flat=True)
    sole = []
    for workspace in Workspace.objects.filter(pk__in=list(owned)):
        if Membership.objects.filter(workspace=workspace, role=Role.OWNER).exclude(user=user).count() == 0:
            sole.append(workspace)
    return sole


@transaction.atomic
def erase_user(*, by: User | None, user: User) -> str:
    """Erase `user`'s personal data everywhere; returns the pseudonym kept records now show.

    `by` is the user themselves (from their profile) or None (the operator's command). A sole owner
    of a workspace must first hand over ownership or erase the workspace (DomainError otherwise).
    """
    if user.is_erased:
        raise DomainError(_("This account has already been erased."), field="email")
    if by is not None and by.pk != user.pk and not by.is_superuser:
        raise PermissionError("only the account's owner or the operator may erase an account")
    sole = _sole_owned_workspaces(user)
    if sole:
        names = "、".join(w.name for w in sole)
        raise DomainError(
            _(
                "You are the only owner of %(names)s. Make another member an owner, or erase the "
                "workspace, before erasing your account."
            )
            % {"names": names},
            field="email",
        )
    tag = person_tag(user.email)
    person = Person(email=user.email, user=user, label=user_label(tag))
    person.add_names(user.name)
    for handler in handlers():
        handler.erase(person)
    scrub_audit(person)
    _erase_sessions(user)
    _erase_sign_in_records(user)
    user.email = pseudonymous_email(person.email)
    user.name = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    record_erasure(by=by, model="accounts.User", object_id=user.pk, label=person.label, workspace=None)
    return person.label


def _erase_sessions(user: User) -> None:
    for session in Session.objects.filter(expire_date__gt=timezone.now() - dt.timedelta(days=1)).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()


def _erase_sign_in_records(user: User) -> None:
    """allauth keeps the person's addresses, second factors, sessions (address and browser) and the
    identity provider's claims about them; none of it is needed once the account is erased."""
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    UserSession.objects.filter(user=user).delete()
    SocialAccount.objects.filter(user=user).delete()  # its tokens go with it


def _erase_accounts(person: Person) -> None:
    if person.user is not None:
        Membership.objects.filter(user=person.user).delete()
    if person.email:
        Invitation.objects.filter(email__iexact=person.email).update(email=pseudonymous_email(person.email))


def _export_accounts(person: Person) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    user = person.user
    memberships = Membership.objects.filter(user=user) if user is not None else Membership.objects.none()
    if person.workspace is not None:
        memberships = memberships.filter(workspace=person.workspace)
    if user is not None and (person.workspace is None or memberships.exists()):
        out["account"] = [
            {
                "email": user.email,
                "name": user.name,
                "language": user.language,
                "date_joined": plain(user.date_joined),
                "last_login": plain(user.last_login),
                "active": user.is_active,
            }
        ]
    out["memberships"] = [
        {
            "workspace": m.workspace.name,
            "role": m.role,
            "business_unit": m.business_unit,
            "since": plain(m.created_at),
        }
        for m in memberships.select_related("workspace")
    ]
    invitations = (
        Invitation.objects.filter(email__iexact=person.email) if person.email else Invitation.objects.none()
    )
    if person.workspace is not None:
        invitations = invitations.filter(workspace=person.workspace)
    out["workspace_invitations"] = [
        {
            "workspace": i.workspace.name,
            "email": i.email,
            "role": i.role,
            "sent": plain(i.created_at),
            "accepted": plain(i.accepted_at),
            "declined": plain(i.declined_at),
        }
        for i in invitations.select_related("workspace")
    ]
    events = AuditEvent.objects.none()
    if user is not None or person.email:
        query = Q(user=user) if user is not None else Q(pk__in=[])
        if person.email:
            query |= Q(user_email__iexact=person.email)
        events = AuditEvent.objects.filter(query)
        if person.workspace is not None:
            events = events.filter(workspace=person.workspace)
    # What the person did, without the records' text (it may name other people).
    out["audit_entries"] = rows(events.order_by("at"), ["at", "action", "model", "object_id", "ip_address"])
    return out


register_personal_data(
    PersonalDataHandler("accounts", erase=_erase_accounts, export=_export_accounts, order=10)
)


# ------------------------------------------------------------------------------------- workspaces


def _file_models() -> list[tuple[type[models.Model], str, list[str]]]:
    """(model, path to its workspace, file field names) for every model that stores uploaded files."""
    found = []
    for model in apps.get_models():
        file_fields = [f.name for f in model._meta.concrete_fields if isinstance(f, models.FileField)]
        path = getattr(getattr(model, "scope", None), "workspace", None)
        if file_fields and path:
            found.append((model, path, file_fields))
    return found


@transaction.atomic
def erase_workspace(
    *, by: User | None, workspace: Workspace, confirm_name: str = "", confirm_slug: str | None = None
) -> None:
    """Delete `workspace` and everything scoped to it, files included.

    `by` must be an owner (None = the operator's command). The caller confirms by repeating the
    workspace's name (`confirm_name`: the page and the command), or its slug (`confirm_slug`: the
    API, where the slug is what a script already uses to name the workspace).
    """
    if (
        by is not None
        and not Membership.objects.filter(workspace=workspace, user=by, role=Role.OWNER).exists()
    ):
        raise PermissionError("only an owner may erase a workspace")
    if confirm_slug is not None:
        if confirm_slug.strip() != workspace.slug:
            raise DomainError(
                _("Repeat the workspace's slug exactly to confirm: %(slug)s") % {"slug": workspace.slug},
                field="confirm_slug",
            )
    elif (confirm_name or "").strip() != workspace.name.strip():
        raise DomainError(
            _("Type the workspace's name exactly as shown to confirm: %(name)s") % {"name": workspace.name},
            field="confirm_name",
        )
    files = []
    for model, path, fields in _file_models():
        for record in model._default_manager.filter(**{path: workspace}):
            files += [getattr(record, name) for name in fields if getattr(record, name)]
    pk = workspace.pk
    workspace.delete()
    record_erasure(by=by, model="accounts.Workspace", object_id=pk, label=f"#{pk}", workspace=None)
    transaction.on_commit(lambda: [f.storage.delete(f.name) for f in files])


# ---------------------------------------------------------------------------------------- export


def export_person(*, by: User | None, email: str, workspace: Workspace | None = None) -> dict[str, Any]:
    """Everything stored about the person with `email`; in `workspace` only when given.

    `by` is the person themselves or the operator (None) for the whole site; an owner of
    `workspace` for that workspace's records.
    """
    email = (email or "").strip()
    if not email:
        raise DomainError(_("Give the person's e-mail address."), field="email")
    if workspace is not None and by is not None:
        if not Membership.objects.filter(workspace=workspace, user=by, role=Role.OWNER).exists():
            raise PermissionError("only an owner may export a person's data")
    user = User.objects.filter(email__iexact=email).first()
    if workspace is None and by is not None and (user is None or by.pk != user.pk) and not by.is_superuser:
        raise PermissionError("only the person or the operator may export all of a person's data")
    person = Person(
        email=email, user=user, names=[user.name] if user and user.name else [], workspace=workspace
    )
    return _gather(person, by=by)


def _gather(person: Person, *, by: Any, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "person": {"email": person.email},
        "generated_at": timezone.now().isoformat(),
        "workspace": person.workspace.name if person.workspace is not None else None,
    }
    if extra:
        data.update(extra)
    for handler in handlers():
        for section, records in handler.export(person).items():
            data.setdefault(section, []).extend(records)
    audit.record(
        actor=by,
        action=AuditAction.EXPORT,
        workspace=person.workspace,
        model="accounts.User",
        changes={"personal_data": "exported"},
    )
    return data


def person_files(person: Person) -> list[tuple[str, Any]]:
    files: list[tuple[str, Any]] = []
    for handler in handlers():
        if handler.files is not None:
            files += handler.files(person)
    return files


def export_file(data: dict[str, Any], files: list[tuple[str, Any]], *, stem: str) -> tuple[str, str, bytes]:
    """(filename, content type, bytes): JSON, or a ZIP holding it and the person's files."""
    text = json.dumps(data, ensure_ascii=False, indent=2, default=str).encode()
    if not files:
        return f"{stem}.json", "application/json", text
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{stem}.json", text)
        for name, field_file in files:
            try:
                with field_file.open("rb") as handle:
                    archive.writestr(f"files/{name}", handle.read())
            except OSError:
                continue  # a file missing on disk is listed in the JSON anyway
    return f"{stem}.zip", "application/zip", buffer.getvalue()


def export_user_file(*, by: User | None, user: User) -> tuple[str, str, bytes]:
    data = export_person(by=by, email=user.email)
    person = Person(email=user.email, user=user)
    return export_file(data, person_files(person), stem=f"kyoso-personal-data-{user.pk}")


# ------------------------------------------------------------------------------------- retention


def prune_audit(*, now: dt.datetime | None = None, days: int | None = None) -> int:
    """Pseudonymise e-mail and IP addresses in audit entries older than the retention; returns rows changed."""
    days = settings.KYOSO_AUDIT_PII_DAYS if days is None else days
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    old = _audit_rows().filter(at__lt=cutoff).annotate(changes_text=Cast("changes", TextField()))
    needs_work = (
        (Q(ip_address__isnull=False) & ~Q(ip_address__startswith=PSEUDONYM_IP_PREFIX))
        | (~Q(user_email="") & ~Q(user_email__iendswith="@erased.invalid"))
        | Q(object_repr__contains="@")
        | Q(changes_text__contains="@")
    )
    changed = 0
    for row in (
        old.filter(needs_work).only("pk", "user_email", "ip_address", "object_repr", "changes").iterator()
    ):
        values = {
            "user_email": pseudonymous_email(row.user_email) if row.user_email else "",
            "ip_address": pseudonymous_ip(row.ip_address),
            "object_repr": pseudonymise_emails(row.object_repr)[:200],
            "changes": pseudonymise_emails(row.changes),
        }
        if any(getattr(row, k) != v for k, v in values.items()):
            _audit_rows().filter(pk=row.pk).update(**values)
            changed += 1
    return changed


__all__ = [
    "erase_user",
    "erase_workspace",
    "export_person",
    "export_user_file",
    "is_pseudonymous_email",
    "mentions",
    "prune_audit",
    "scrub_audit",
]
