"""Audit records as a person reads them: record types by name, changes as "Stage: Exploration → PoC".

The activity tab of a project and the workspace audit log both render through here, so a change
stored once reads the same on every page and in both languages.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from kyoso.core.money import format_yen

# Keys that describe an action rather than a model field.
KEY_LABELS: dict[str, Any] = {
    "viewed": _("Viewed"),
    "downloaded": _("Downloaded"),
    "via": _("Via"),
    "out": _("Output"),
    "format": _("Format"),
    "filters": _("Filters"),
    "from": _("From"),
    "to": _("To"),
    "owner": _("Owner"),
    "business_unit": _("Business unit"),
    "shared_space": _("Shared space"),
    "scopes": _("Scopes"),
    "kind": _("Kind"),
    "url": _("URL"),
    "events": _("Events"),
    "export": _("Export"),
    "imported_participants": _("Imported participants"),
    "imported_requests": _("Imported meeting requests"),
    "imported_json": _("Imported records"),
    "reason": _("Reason"),
    "published_run": _("Published schedule"),
    "meetings": _("Meetings"),
    "withdrawn": _("Withdrawn"),
    "closed": _("Closed"),
    "cancelled": _("Cancelled"),
    "outcome": _("Outcome"),
    "lead": _("Lead"),
    "project": _("Project"),
    "email": _("Email"),
    "portal": _("Participant portal"),
    "created": _("Created"),
    "updated": _("Updated"),
    "causes": _("Causes"),
    "share_agreed": _("Sharing agreed"),
    "exchanged": _("Exchanged"),
    "name": _("Name"),
    "role": _("Role"),
    "status": _("Status"),
    "note": _("Note"),
    "team": _("Team"),
    "corporate_feedback": _("Corporate feedback"),
    "startup_feedback": _("Startup feedback"),
    "personal_data": _("Personal data"),
    "participant": _("Participant"),
}

# Values recorded as words rather than as a field's stored code.
VALUE_LABELS: dict[str, Any] = {
    "internal notes": _("internal notes"),
    "internal_notes": _("internal notes"),
    "internal_note": _("internal notes"),
    "cli": _("command line"),
    "api": "API",
    "stdout": _("standard output"),
    "pdf": "PDF",
    "xlsx": "Excel",
    "csv": "CSV",
    # stored as words, read in the reader's language (the audit log is read by people of both)
    "erased": _("erased"),
    "exported": _("exported"),
    "private_agenda_link": _("the participant's private agenda link"),
}

REPORT = pgettext_lazy("audit record type", "Report")


def _model(label: str) -> type[models.Model] | None:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def record_type(label: str) -> str:
    """'partners.Organisation' → 'Organisation' in the reader's language; reports by the word 'Report'."""
    if label.startswith("reports."):
        return str(REPORT)
    model = _model(label)
    if model is None:
        return gettext("Other")
    return str(capfirst(model._meta.verbose_name))


def _field(model: type[models.Model] | None, key: str) -> models.Field | None:
    if model is None:
        return None
    try:
        field = model._meta.get_field(key)
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, models.Field) else None


def _choice_labels(model: type[models.Model] | None, key: str) -> dict[str, str]:
    field = _field(model, key)
    choices = getattr(field, "flatchoices", None) or []
    labels = {str(value): str(label) for value, label in choices}
    if key == "channels":
        from kyoso.projects.models import Channel

        labels = {str(value): str(label) for value, label in Channel.choices}
    return labels


def key_label(model: type[models.Model] | None, key: str) -> str:
    field = _field(model, key)
    if field is not None and field.verbose_name:
        return str(capfirst(field.verbose_name))
    if key in KEY_LABELS:
        return str(KEY_LABELS[key])
    return str(capfirst(key.replace("_", " ")))


def value_text(value: Any, labels: dict[str, str] | None = None, *, money: bool = False) -> str:
    """One stored value in words: choice labels, Yes/No, money, lists joined, nested mappings spelled out."""
    labels = labels or {}
    if value is None or value in ("", "None"):
        return "—"
    if isinstance(value, bool) or value in ("True", "False"):
        return gettext("Yes") if value in (True, "True") else gettext("No")
    if isinstance(value, dict):
        return "、".join(f"{key_label(None, str(k))}: {value_text(v)}" for k, v in value.items()) or "—"
    if isinstance(value, (list, tuple)):
        return "、".join(value_text(v, labels, money=money) for v in value) or "—"
    text = str(value)
    if money and text.lstrip("-").isdigit():
        return format_yen(text)
    if text in labels:
        return labels[text]
    if text in VALUE_LABELS:
        return str(VALUE_LABELS[text])
    return text


def describe_changes(label: str, changes: dict[str, Any] | None, action: str = "") -> list[dict[str, str]]:
    """[{"field": "Stage", "text": "Exploration → PoC"}, …] for one audit record's changes."""
    model = _model(label)
    rows = []
    for key, value in (changes or {}).items():
        labels = _choice_labels(model, key)
        money = key.endswith("_jpy")
        if action == "update" and isinstance(value, (list, tuple)) and len(value) == 2:
            before, after = (value_text(v, labels, money=money) for v in value)
            text = f"{before} → {after}"
        else:
            text = value_text(value, labels, money=money)
        rows.append({"field": key_label(model, key), "text": text})
    return rows


def change_summary(event: Any) -> str:
    """The changes of one audit event on one line, for tables."""
    return " · ".join(
        f"{row['field']}: {row['text']}" for row in describe_changes(event.model, event.changes, event.action)
    )
