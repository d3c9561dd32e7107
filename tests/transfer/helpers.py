"""Shared pieces of the transfer tests: the demo with uploaded files, and archive comparison."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

from django.core.files.base import ContentFile

from kyoso.accounts.demo_data import load_demo
from kyoso.knowledge.models import Retrospective, RetrospectiveAttachment
from kyoso.projects.models import Document, Project
from kyoso.transfer.archive import AUDIT_LABEL, USERS_FILE, export_plan, write_archive

PDF = b"%PDF-1.4\n" + bytes(range(256)) * 40 + "見積書".encode()
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\xff" * 3000


def demo_with_files() -> Any:
    demo = load_demo()
    project = Project.objects.filter(workspace=demo.workspace).order_by("pk").first()
    doc = Document(project=project, name="見積書.pdf", size=len(PDF), uploaded_by=demo.owner)
    doc.file.save("mitsumori.pdf", ContentFile(PDF), save=True)
    retro = Retrospective.objects.filter(project__workspace=demo.workspace).first()
    if retro is not None:
        att = RetrospectiveAttachment(retrospective=retro, name="board.png", size=len(PNG))
        att.file.save("board.png", ContentFile(PNG), save=True)
    return demo


def export_bytes(workspace: Any) -> bytes:
    out = io.BytesIO()
    write_archive(workspace, out)
    return out.getvalue()


def read(data: bytes) -> dict[str, Any]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {n: json.loads(zf.read(n)) for n in zf.namelist() if n.endswith(".json")}


def normalised(data: bytes, *, skip: frozenset[str] = frozenset()) -> dict[str, list[Any]]:
    """Every model's rows with ids replaced by their rank and people by their address.

    Ids differ between instances; the order of rows does not (they are inserted in the order
    of their old ids), so a reference is compared as "the n-th row of that model".
    """
    files = read(data)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        blobs = {n[len("files/") :]: zf.read(n) for n in zf.namelist() if n.startswith("files/")}
    users = {u["id"]: u["email"] for u in files[USERS_FILE]}
    plans = export_plan()
    rank = {
        p.label: {row["id"]: i for i, row in enumerate(sorted(files[p.file], key=lambda r: r["id"]))}
        for p in plans
        if p.file in files
    }
    result: dict[str, list[Any]] = {}
    for plan in plans:
        rows = []
        for row in sorted(files.get(plan.file, []), key=lambda r: r["id"]):
            out: dict[str, Any] = {}
            for f in plan.fields:
                if f.name in skip:
                    continue
                value = row.get(f.name)
                if hasattr(f, "upload_to") and value:
                    value = len(blobs[value]), blobs[value][:64]
                out[f.name] = value
            for f in plan.references:
                value = row.get(f.name)
                if value is None:
                    out[f.name] = None
                elif f.related_model._meta.label == "accounts.User":
                    out[f.name] = users[value]
                else:
                    out[f.name] = rank[f.related_model._meta.label][value]
            for m2m in plan.many:
                if m2m.related_model._meta.label == "accounts.User":
                    out[m2m.name] = sorted(users[v] for v in row.get(m2m.name, []))
                else:
                    out[m2m.name] = sorted(
                        rank[m2m.related_model._meta.label][v] for v in row.get(m2m.name, [])
                    )
            if plan.label == AUDIT_LABEL:
                out.pop("object_id", None)
            rows.append(out)
        result[plan.label] = rows
    return result
