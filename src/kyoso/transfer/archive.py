"""A whole workspace as one ZIP file, and back (docs/formats.md#workspace-archive).

Which models go in is not listed here: every model that declares a `Scope` (the registry the
scoping walk uses) is exported, in an order where each row's required references come first,
unless `EXCLUDED` names it with the reason. A new app's models are therefore carried by the next
archive without a change here; `tests/transfer` fails if one cannot be (a required reference to a
model that is left out).

Rows keep the ids they had on the exporting instance; references are those ids. On import every
row gets a new id and every reference is translated, so an archive lands next to other
workspaces without colliding. People are written by e-mail address, name and language only: no
password hash, no session, no token; on import each is linked to the account with that address or
created as an account that cannot sign in until its holder sets a password by the reset link.
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import hashlib
import json
import posixpath
import secrets
import stat
import uuid
import zipfile
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import IO, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.validators import validate_slug
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.duration import duration_iso_string
from django.utils.translation import gettext as _

import kyoso
from kyoso.accounts.scoping import Scope, scoped_models
from kyoso.core.errors import DomainError

FORMAT = "kyoso-workspace"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
USERS_FILE = "data/users.json"
MANIFEST_MAX_BYTES = 5 * 1024 * 1024
WORKSPACE_LABEL = "accounts.Workspace"
AUDIT_LABEL = "accounts.AuditEvent"
BATCH = 500

# Scoped models left out, and why (docs/formats.md repeats this list).
EXCLUDED: dict[str, str] = {
    "accounts.Invitation": "invitation links belong to the instance that mailed them; invite again",
    "projects.PartnerInvitation": "invitation links belong to the instance that mailed them",
    "events.ParticipantInvitation": "invitation links belong to the instance that mailed them",
    "api.ApiToken": "token secrets never leave an instance; create new tokens",
    "api.WebhookEndpoint": "signing secrets never leave an instance; register endpoints again",
    "api.WebhookDelivery": "the delivery log of the old instance's endpoints",
    "outbox.OutboxMessage": "mail queued or sent by the old instance",
    "partners.SearchIndexState": "derived: the search index is rebuilt after an import",
    "partners.IndexTombstone": "derived: the search index is rebuilt after an import",
    "partners.ImportJob": "uploads between their check and their import; transient",
    "events.PrintJob": "derived print files; print them again",
    "transfer.ExportJob": "the exports themselves",
    "sso.VerifiedDomain": "a domain is proved by DNS on each instance; an archive must not carry the proof",
    "sso.WorkspaceSSO": "identity-provider secrets never leave an instance; set up SSO again",
}
# Fields of exported models that are left out (set to their default on import).
DROPPED_FIELDS: dict[str, frozenset[str]] = {
    "accounts.AuditEvent": frozenset({"ip_address"}),
}


def data_file(label: str) -> str:
    return f"data/{label}.json"


@dataclass(frozen=True)
class ModelPlan:
    """How one model is written and read."""

    model: type[models.Model]
    label: str
    fields: tuple[models.Field, ...]  # plain values
    references: tuple[models.ForeignKey, ...]  # to exported models or to users
    dropped_references: tuple[models.ForeignKey, ...]  # nullable, to models that are not exported
    many: tuple[models.ManyToManyField, ...]
    deferred: frozenset[str]  # references set after every model is in (cycles, self-references)

    @property
    def file(self) -> str:
        return data_file(self.label)

    @property
    def scope(self) -> Scope:
        return self.model.scope  # type: ignore[attr-defined,no-any-return]


def _user_model() -> type[models.Model]:
    return get_user_model()


def _is_user(model: Any) -> bool:
    return model is _user_model()


@cache
def export_plan() -> tuple[ModelPlan, ...]:
    """The exported models, each after the models its required references point to."""
    candidates = [m for m in scoped_models() if m._meta.label not in EXCLUDED]
    exported = set(candidates)
    hard: dict[type[models.Model], set[type[models.Model]]] = {m: set() for m in candidates}
    for model in candidates:
        for f in model._meta.concrete_fields:
            if not f.is_relation:
                continue
            target = f.related_model
            if _is_user(target) or target is model:
                continue
            if target not in exported:
                if not f.null:
                    raise ImproperlyConfigured(
                        f"{model._meta.label}.{f.name} requires a {target._meta.label}, which the "
                        "workspace archive leaves out: export it or leave this model out too"
                    )
                continue
            if not f.null:
                hard[model].add(target)
    order: list[type[models.Model]] = []
    remaining = list(candidates)
    while remaining:
        ready = [m for m in remaining if hard[m] <= set(order)]
        if not ready:
            raise ImproperlyConfigured("the required references of the scoped models form a cycle")
        # the audit log refers to records by id: it goes last, when every id is known
        ready.sort(key=lambda m: m._meta.label == AUDIT_LABEL)
        order.append(ready[0])
        remaining.remove(ready[0])
    position = {m: i for i, m in enumerate(order)}
    plans = []
    for model in order:
        label = model._meta.label
        dropped = DROPPED_FIELDS.get(label, frozenset())
        plain, refs, gone, deferred = [], [], [], set()
        for f in model._meta.concrete_fields:
            if f.primary_key or f.name in dropped:
                continue
            if not f.is_relation:
                plain.append(f)
                continue
            target = f.related_model
            if _is_user(target):
                refs.append(f)
            elif target in exported:
                refs.append(f)
                if target is model or position[target] >= position[model]:
                    deferred.add(f.name)
            else:
                gone.append(f)
        many = tuple(
            m2m
            for m2m in model._meta.many_to_many
            if _is_user(m2m.related_model) or m2m.related_model in exported
        )
        plans.append(
            ModelPlan(model, label, tuple(plain), tuple(refs), tuple(gone), many, frozenset(deferred))
        )
    return tuple(plans)


def plan_by_label() -> dict[str, ModelPlan]:
    return {p.label: p for p in export_plan()}


# ----------------------------------------------------------------------------------- values


def _dump(f: models.Field, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(f, models.FileField):
        return value.name or ""
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return duration_iso_string(value)
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, (bytes, memoryview)):
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


def _load(f: models.Field, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(f, models.JSONField):
        return value
    if isinstance(f, models.BinaryField):
        return base64.b64decode(value)
    return f.to_python(value)


# ----------------------------------------------------------------------------------- export


@dataclass
class ExportResult:
    counts: dict[str, int]
    files: int


def _rows_of(plan: ModelPlan, workspace: models.Model) -> models.QuerySet[Any]:
    lookup = plan.scope.workspace_lookup()
    return plan.model._base_manager.filter(**{lookup: [workspace.pk]}).order_by("pk")


def write_archive(
    workspace: models.Model, out: IO[bytes], *, on_progress: Callable[[int], None] | None = None
) -> ExportResult:
    """Write `workspace` as a ZIP archive to the binary file `out`."""
    plans = export_plan()
    ids = {p.label: set(_rows_of(p, workspace).values_list("pk", flat=True)) for p in plans}
    checksums: dict[str, str] = {}
    counts: dict[str, int] = {}
    users: set[int] = set()
    file_names: list[str] = []
    steps = len(plans) + 2
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:

        def put(name: str, payload: Any) -> None:
            content = json.dumps(payload, ensure_ascii=False, indent=1).encode("utf-8")
            zf.writestr(name, content)
            checksums[name] = hashlib.sha256(content).hexdigest()

        for step, plan in enumerate(plans, start=1):
            rows = []
            queryset = _rows_of(plan, workspace).prefetch_related(*(m.name for m in plan.many))
            for obj in queryset.iterator(chunk_size=BATCH) if not plan.many else queryset:
                row: dict[str, Any] = {"id": obj.pk}
                for f in plan.fields:
                    row[f.name] = _dump(f, f.value_from_object(obj))
                    if isinstance(f, models.FileField) and row[f.name]:
                        file_names.append(row[f.name])
                for f in plan.references:
                    value = getattr(obj, f.attname)
                    if value is not None and _is_user(f.related_model):
                        users.add(value)
                    elif value is not None and value not in ids[f.related_model._meta.label]:
                        if not f.null:
                            raise DomainError(
                                _("%(model)s #%(id)s refers to a record outside the workspace (%(field)s).")
                                % {"model": plan.label, "id": obj.pk, "field": f.name}
                            )
                        value = None
                    row[f.name] = value
                for m2m in plan.many:
                    related = [r.pk for r in getattr(obj, m2m.name).all()]
                    if _is_user(m2m.related_model):
                        users.update(related)
                    else:
                        related = [pk for pk in related if pk in ids[m2m.related_model._meta.label]]
                    row[m2m.name] = sorted(related)
                rows.append(row)
            put(plan.file, rows)
            counts[plan.label] = len(rows)
            if on_progress:
                on_progress(round(step * 90 / steps))
        people = _user_model()._base_manager.filter(pk__in=users).order_by("pk")
        put(
            USERS_FILE,
            [{"id": u.pk, "email": u.email, "name": u.name, "language": u.language} for u in people],
        )
        for name in sorted(set(file_names)):
            member = f"files/{name}"
            digest = hashlib.sha256()
            try:
                source = default_storage.open(name, "rb")
            except FileNotFoundError:
                raise DomainError(
                    _("The uploaded file %(name)s is missing from the file storage.") % {"name": name}
                ) from None
            with source, zf.open(member, "w", force_zip64=True) as target:
                while chunk := source.read(1024 * 1024):
                    digest.update(chunk)
                    target.write(chunk)
            checksums[member] = digest.hexdigest()
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "kyoso_version": kyoso.__version__,
            "created_at": timezone.now().isoformat(),
            "workspace": {"name": workspace.name, "slug": workspace.slug},  # type: ignore[attr-defined]
            "models": [{"model": p.label, "file": p.file, "count": counts[p.label]} for p in plans],
            "users": len(users),
            "files": len(set(file_names)),
            "checksums": checksums,
        }
        zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8"))
    if on_progress:
        on_progress(100)
    return ExportResult(counts=counts, files=len(set(file_names)))


# ----------------------------------------------------------------------------------- reading


def _refuse(message: str) -> DomainError:
    return DomainError(message, field="archive")


def safe_member_name(name: str) -> bool:
    """A relative POSIX path inside the archive: no absolute path, drive, backslash or `..`."""
    if not name or "\\" in name or "\x00" in name or name.startswith("/") or ":" in name.split("/")[0]:
        return False
    parts = name.split("/")
    return all(part not in ("", ".", "..") for part in parts) and posixpath.normpath(name) == name


@dataclass
class Archive:
    """An opened archive whose manifest, member names, sizes and checksums have been checked."""

    zf: zipfile.ZipFile
    manifest: dict[str, Any]
    data: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    @property
    def slug(self) -> str:
        workspace = self.manifest.get("workspace")
        return str(workspace.get("slug") or "") if isinstance(workspace, dict) else ""


def _limits() -> tuple[int, int]:
    unpacked = int(getattr(settings, "KYOSO_ARCHIVE_MAX_UNPACKED_MB", 2000)) * 1024 * 1024
    members = int(getattr(settings, "KYOSO_ARCHIVE_MAX_MEMBERS", 50000))
    return unpacked, members


def open_archive(source: str | IO[bytes]) -> Archive:
    """Open and check an archive before anything is written; a DomainError says what is wrong."""
    try:
        zf = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError):
        raise _refuse(_("The file is not a ZIP archive.")) from None
    try:
        return _check(zf)
    except BaseException:
        zf.close()
        raise


def _check(zf: zipfile.ZipFile) -> Archive:
    max_unpacked, max_members = _limits()
    infos = zf.infolist()
    if len(infos) > max_members:
        raise _refuse(
            _("The archive holds %(n)s files; at most %(max)s are accepted.")
            % {"n": len(infos), "max": max_members}
        )
    total = 0
    names: set[str] = set()
    for info in infos:
        name = info.filename
        if not safe_member_name(name[:-1] if info.is_dir() else name):
            raise _refuse(_("%(name)s: this path is not allowed in an archive.") % {"name": name})
        if info.is_dir():
            continue
        if stat.S_ISLNK(info.external_attr >> 16):
            raise _refuse(_("%(name)s: links are not allowed in an archive.") % {"name": name})
        if info.flag_bits & 0x1:
            raise _refuse(_("%(name)s: encrypted files are not accepted.") % {"name": name})
        if name in names:
            raise _refuse(_("%(name)s appears twice in the archive.") % {"name": name})
        if name != MANIFEST and not (name.startswith("data/") or name.startswith("files/")):
            raise _refuse(_("%(name)s: unexpected file in a workspace archive.") % {"name": name})
        names.add(name)
        total += info.file_size
        if total > max_unpacked:
            raise _refuse(
                _("The archive unpacks to more than %(mb)s MB, the limit of this instance.")
                % {"mb": max_unpacked // (1024 * 1024)}
            )
    if MANIFEST not in names:
        raise _refuse(_("The archive has no manifest.json: it is not a Kyoso workspace archive."))
    if zf.getinfo(MANIFEST).file_size > MANIFEST_MAX_BYTES:
        raise _refuse(_("manifest.json is too large."))
    manifest = _read_json(zf, MANIFEST)
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _refuse(_("manifest.json: this is not a Kyoso workspace archive."))
    version = manifest.get("format_version")
    if not isinstance(version, int) or version < 1:
        raise _refuse(_("manifest.json: the format version is missing or not a number."))
    if version > FORMAT_VERSION:
        raise _refuse(
            _(
                "manifest.json: the archive has format version %(version)s, written by Kyoso "
                "%(kyoso)s; this instance reads up to version %(max)s. Upgrade this instance first."
            )
            % {"version": version, "kyoso": manifest.get("kyoso_version", "?"), "max": FORMAT_VERSION}
        )
    checksums = manifest.get("checksums")
    if not isinstance(checksums, dict):
        raise _refuse(_("manifest.json: the checksums are missing."))
    for name in sorted(names - {MANIFEST}):
        if name not in checksums:
            raise _refuse(_("%(name)s is not listed in manifest.json.") % {"name": name})
    for name in sorted(checksums):
        if name not in names:
            raise _refuse(_("manifest.json lists %(name)s, which the archive lacks.") % {"name": name})
    for name in sorted(checksums):
        if _sha256(zf, name) != checksums[name]:
            raise _refuse(
                _(
                    "%(name)s: the checksum does not match manifest.json; the archive is damaged or was changed."
                )
                % {"name": name}
            )
    known = plan_by_label()
    models_list = manifest.get("models")
    if not isinstance(models_list, list):
        raise _refuse(_("manifest.json: the list of models is missing."))
    archive = Archive(zf=zf, manifest=manifest)
    for index, entry in enumerate(models_list, start=1):
        label = entry.get("model") if isinstance(entry, dict) else None
        if label not in known:
            raise _refuse(
                _("manifest.json, model %(n)s: unknown model %(label)s; this instance cannot import it.")
                % {"n": index, "label": label}
            )
        if entry.get("file") != data_file(label) or data_file(label) not in names:
            raise _refuse(
                _("manifest.json, model %(n)s (%(label)s): its data file is missing.")
                % {"n": index, "label": label}
            )
    for name in sorted(names):
        if name.startswith("data/") and name != USERS_FILE:
            label = name[len("data/") : -len(".json")] if name.endswith(".json") else name
            if label not in known:
                raise _refuse(
                    _("%(name)s: unknown model %(label)s; this instance cannot import it.")
                    % {"name": name, "label": label}
                )
    if WORKSPACE_LABEL not in {e.get("model") for e in models_list} or USERS_FILE not in names:
        raise _refuse(_("manifest.json: the workspace or its people are missing."))
    for name in [USERS_FILE, *(data_file(e["model"]) for e in models_list)]:
        rows = _read_json(zf, name)
        if not isinstance(rows, list) or not all(
            isinstance(r, dict) and isinstance(r.get("id"), int) for r in rows
        ):
            raise _refuse(_("%(name)s: expected a list of records, each with a numeric id.") % {"name": name})
        seen: set[int] = set()
        for index, row in enumerate(rows, start=1):
            if row["id"] in seen:
                raise _refuse(
                    _("%(where)s: the id %(id)s appears twice.")
                    % {"where": _where(name, index), "id": row["id"]}
                )
            seen.add(row["id"])
        archive.data[name] = rows
    return archive


def _read_json(zf: zipfile.ZipFile, name: str) -> Any:
    try:
        with zf.open(name) as handle:
            return json.load(handle)
    except (ValueError, UnicodeDecodeError) as exc:
        raise _refuse(_("%(name)s is not valid JSON (%(error)s).") % {"name": name, "error": exc}) from None
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise _refuse(_("%(name)s cannot be read (%(error)s).") % {"name": name, "error": exc}) from None


def _sha256(zf: zipfile.ZipFile, name: str) -> str:
    digest = hashlib.sha256()
    try:
        with zf.open(name) as handle:
            for chunk in iter(lambda: handle.read(1024 * 1024), b""):
                digest.update(chunk)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise _refuse(_("%(name)s cannot be read (%(error)s).") % {"name": name, "error": exc}) from None
    return digest.hexdigest()


# ----------------------------------------------------------------------------------- import


@dataclass
class ImportResult:
    workspace: Any
    counts: dict[str, int]
    users_created: list[str]
    users_linked: list[str]
    files: int


def check_slug(slug: str) -> str:
    from kyoso.accounts.models import Workspace

    slug = (slug or "").strip().lower()
    try:
        validate_slug(slug)
    except ValidationError:
        raise DomainError(
            _("Give the new workspace an address of letters, digits and hyphens."), field="slug"
        ) from None
    if len(slug) > Workspace._meta.get_field("slug").max_length:
        raise DomainError(_("The address is too long."), field="slug")
    if Workspace.objects.filter(slug=slug).exists():
        raise DomainError(
            _(
                "A workspace with the address “%(slug)s” exists already on this instance (the same "
                "archive imported before?). Give another address to import a second copy."
            )
            % {"slug": slug},
            field="slug",
        )
    return slug


def import_archive(archive: Archive, *, slug: str | None = None, by: Any = None) -> ImportResult:
    """Create a new workspace from a checked archive: all of it, or nothing.

    `by` (the importing owner, or None from the command line) becomes an owner of the new workspace.
    Derived data (the search index, the risk diagnosis) is rebuilt once the import has committed.
    """
    written: list[str] = []
    try:
        with transaction.atomic():
            result = _import(archive, slug=slug, by=by, written=written)
            transaction.on_commit(lambda: rebuild_derived(result.workspace.pk))
    except BaseException:
        for name in written:
            default_storage.delete(name)
        raise
    return result


def _where(name: str, index: int) -> str:
    return _("%(file)s, record %(n)s") % {"file": name, "n": index}


def _import(archive: Archive, *, slug: str | None, by: Any, written: list[str]) -> ImportResult:
    from kyoso.accounts import audit
    from kyoso.accounts.models import AuditAction, Membership, Role

    slug = check_slug(slug or archive.slug)
    plans = plan_by_label()
    order = [p for p in export_plan() if p.file in archive.data]
    user_map, created, linked = _import_users(archive.data[USERS_FILE])
    id_map: dict[str, dict[int, int]] = defaultdict(dict)
    pending: list[tuple[ModelPlan, models.Model, models.ForeignKey, int, int]] = []
    many: list[tuple[ModelPlan, models.Model, dict[str, Any], int]] = []
    counts: dict[str, int] = {}
    files = 0
    for plan in order:
        rows = archive.data[plan.file]
        if plan.label == WORKSPACE_LABEL and len(rows) != 1:
            raise _refuse(_("%(name)s: expected exactly one workspace.") % {"name": plan.file})
        allowed = (
            {"id"}
            | {f.name for f in plan.fields}
            | {f.name for f in plan.references}
            | {f.name for f in plan.dropped_references}
            | {m.name for m in plan.many}
        )
        objs: list[models.Model] = []
        auto_values: list[dict[str, Any]] = []
        for index, row in enumerate(rows, start=1):
            unknown = sorted(set(row) - allowed)
            if unknown:
                raise _refuse(
                    _("%(where)s: unknown field %(field)s.")
                    % {"where": _where(plan.file, index), "field": unknown[0]}
                )
            obj = plan.model()
            autos: dict[str, Any] = {}
            stored: list[tuple[models.Field, str]] = []
            for f in plan.fields:
                if f.name not in row:
                    continue
                try:
                    value = _load(f, row[f.name])
                except (ValidationError, ValueError, TypeError):
                    raise _refuse(
                        _("%(where)s: the value of %(field)s cannot be read.")
                        % {"where": _where(plan.file, index), "field": f.name}
                    ) from None
                if isinstance(f, models.FileField) and value:
                    stored.append((f, value))
                    continue
                setattr(obj, f.attname, value)
                if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                    autos[f.attname] = value
            if plan.label == WORKSPACE_LABEL:
                obj.slug = slug  # type: ignore[attr-defined]
            for f in plan.references:
                old = row.get(f.name)
                if old is None:
                    if not f.null and f.name not in row:
                        raise _refuse(
                            _("%(where)s: %(field)s is missing.")
                            % {"where": _where(plan.file, index), "field": f.name}
                        )
                    setattr(obj, f.attname, None)
                    continue
                if f.name in plan.deferred:
                    setattr(obj, f.attname, None)
                    pending.append((plan, obj, f, old, index))
                    continue
                setattr(obj, f.attname, _translate(f, old, user_map, id_map, plan.file, index))
            for f, name in stored:  # after the references: the new path names the new parent
                setattr(obj, f.attname, _restore_file(archive, name, f, obj, plan, index, written))
                files += 1
            if plan.label == AUDIT_LABEL:
                obj.object_id = _audit_object(obj, id_map)  # type: ignore[attr-defined]
            if plan.many:
                many.append((plan, obj, row, index))
            objs.append(obj)
            auto_values.append(autos)
        _fresh_tokens(plan, objs)
        try:
            with transaction.atomic():
                plan.model._base_manager.bulk_create(objs, batch_size=BATCH)
        except IntegrityError as exc:
            raise _refuse(
                _("%(name)s: the records conflict with each other or with this instance (%(error)s).")
                % {"name": plan.file, "error": exc}
            ) from None
        for row, obj in zip(rows, objs, strict=True):
            if obj.pk is None:  # pragma: no cover - every supported database returns the new ids
                raise ImproperlyConfigured("the database did not return the ids of new rows")
            id_map[plan.label][row["id"]] = obj.pk
        auto_fields = sorted({name for autos in auto_values for name in autos})
        if auto_fields:
            for obj, autos in zip(objs, auto_values, strict=True):
                for name, value in autos.items():
                    setattr(obj, name, value)
            plan.model._base_manager.bulk_update(objs, auto_fields, batch_size=BATCH)
        counts[plan.label] = len(objs)
    _resolve_deferred(pending, user_map, id_map)
    _add_many(many, user_map, id_map)
    workspace = plans[WORKSPACE_LABEL].model._base_manager.get(
        pk=next(iter(id_map[WORKSPACE_LABEL].values()))
    )
    if by is not None and getattr(by, "pk", None):
        Membership.objects.update_or_create(workspace=workspace, user=by, defaults={"role": Role.OWNER})
    audit.record(
        actor=by,
        action=AuditAction.CREATE,
        obj=workspace,
        changes={
            "imported_from": {
                "slug": archive.slug,
                "kyoso_version": archive.manifest.get("kyoso_version", ""),
                "created_at": archive.manifest.get("created_at", ""),
            },
            "records": sum(counts.values()),
            "files": files,
            "people_created": len(created),
        },
    )
    return ImportResult(workspace, counts, created, linked, files)


def _import_users(rows: list[dict[str, Any]]) -> tuple[dict[int, int], list[str], list[str]]:
    """Link each person to the account with their address, or create one that must set a password."""
    user_model = _user_model()
    languages = {c[0] for c in user_model._meta.get_field("language").choices}  # type: ignore[union-attr]
    user_map: dict[int, int] = {}
    created: list[str] = []
    linked: list[str] = []
    for index, row in enumerate(rows, start=1):
        email = str(row.get("email") or "").strip().lower()
        if "@" not in email:
            raise _refuse(
                _("%(where)s: the e-mail address is missing.") % {"where": _where(USERS_FILE, index)}
            )
        existing = user_model._base_manager.filter(email__iexact=email).first()
        if existing is None:
            language = row.get("language") if row.get("language") in languages else settings.LANGUAGE_CODE
            # A random password nobody knows: the holder signs in after a password reset by e-mail.
            existing = user_model.objects.create_user(  # type: ignore[attr-defined]
                email, secrets.token_urlsafe(32), name=str(row.get("name") or "")[:150], language=language
            )
            created.append(email)
        else:
            linked.append(email)
        user_map[row["id"]] = existing.pk
    return user_map, created, linked


def _translate(
    f: models.ForeignKey,
    old: Any,
    user_map: dict[int, int],
    id_map: dict[str, dict[int, int]],
    name: str,
    index: int,
) -> int:
    target = f.related_model
    table = user_map if _is_user(target) else id_map[target._meta.label]
    new = table.get(old) if isinstance(old, int) else None
    if new is None:
        source = USERS_FILE if _is_user(target) else data_file(target._meta.label)
        raise _refuse(
            _("%(where)s: %(field)s refers to record %(id)s, which %(source)s does not hold.")
            % {"where": _where(name, index), "field": f.name, "id": old, "source": source}
        )
    return new


def _audit_object(obj: Any, id_map: dict[str, dict[int, int]]) -> str:
    """An audit entry's record id on this instance ('' when the record was not exported)."""
    try:
        old = int(obj.object_id)
    except (TypeError, ValueError):
        return ""
    new = id_map.get(obj.model, {}).get(old)
    return str(new) if new is not None else ""


def _fresh_tokens(plan: ModelPlan, objs: list[models.Model]) -> None:
    """Unique values with a generated default (private links) are kept unless this instance uses them."""
    for f in plan.fields:
        if not f.unique or not callable(f.default):
            continue
        values = [getattr(o, f.attname) for o in objs]
        taken = set(
            plan.model._base_manager.filter(**{f"{f.attname}__in": values}).values_list(f.attname, flat=True)
        )
        for obj in objs:
            if getattr(obj, f.attname) in taken:
                setattr(obj, f.attname, f.get_default())


def _restore_file(
    archive: Archive,
    name: str,
    f: models.Field,
    obj: models.Model,
    plan: ModelPlan,
    index: int,
    written: list[str],
) -> str:
    member = f"files/{name}"
    if not safe_member_name(name) or member not in archive.manifest["checksums"]:
        raise _refuse(
            _("%(where)s: the file %(file)s is not in the archive.")
            % {"where": _where(plan.file, index), "file": name}
        )
    storage = f.storage  # type: ignore[attr-defined]
    basename = posixpath.basename(name)
    with archive.zf.open(member) as handle:
        target = f.generate_filename(obj, basename)  # type: ignore[attr-defined]
        saved = storage.save(target, File(handle, name=basename))
    written.append(saved)
    return str(saved)


def _resolve_deferred(
    pending: list[tuple[ModelPlan, models.Model, models.ForeignKey, int, int]],
    user_map: dict[int, int],
    id_map: dict[str, dict[int, int]],
) -> None:
    grouped: dict[tuple[str, str], list[models.Model]] = defaultdict(list)
    plans: dict[str, ModelPlan] = {}
    for plan, obj, f, old, index in pending:
        setattr(obj, f.attname, _translate(f, old, user_map, id_map, plan.file, index))
        grouped[(plan.label, f.name)].append(obj)
        plans[plan.label] = plan
    for (label, name), objs in grouped.items():
        plans[label].model._base_manager.bulk_update(objs, [name], batch_size=BATCH)


def _add_many(
    many: list[tuple[ModelPlan, models.Model, dict[str, Any], int]],
    user_map: dict[int, int],
    id_map: dict[str, dict[int, int]],
) -> None:
    through_rows: dict[Any, list[models.Model]] = defaultdict(list)
    for plan, obj, row, index in many:
        for m2m in plan.many:
            values = row.get(m2m.name) or []
            if not isinstance(values, list):
                raise _refuse(
                    _("%(where)s: %(field)s must be a list.")
                    % {"where": _where(plan.file, index), "field": m2m.name}
                )
            through = m2m.remote_field.through  # type: ignore[union-attr]
            source = m2m.m2m_field_name()
            target = m2m.m2m_reverse_field_name()
            for old in values:
                new = _translate(m2m, old, user_map, id_map, plan.file, index)  # type: ignore[arg-type]
                through_rows[through].append(through(**{f"{source}_id": obj.pk, f"{target}_id": new}))
    for through, objs in through_rows.items():
        through._base_manager.bulk_create(objs, batch_size=BATCH)


def rebuild_derived(workspace_id: int) -> None:
    """Queue the rebuild of what the archive does not carry: the search index and the risk diagnosis."""
    from kyoso.partners.tasks import refresh_search_index
    from kyoso.risk.tasks import recompute_workspace

    refresh_search_index.enqueue(workspace_id)
    recompute_workspace.enqueue(workspace_id)


def rebuild_derived_now(workspace_id: int) -> None:
    """The same rebuild, in this process (the import command, which should not wait for a worker)."""
    from kyoso.accounts.models import Workspace
    from kyoso.partners import search
    from kyoso.risk.services import recompute_all

    search.refresh(workspace_id)
    recompute_all(workspace=Workspace.objects.get(pk=workspace_id))
