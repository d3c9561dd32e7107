"""Personal data in stored diagnoses and warnings (APPI): names the engine wrote into its messages."""

from __future__ import annotations

import json
from typing import Any

from django.db.models import Q, TextField
from django.db.models.functions import Cast

from kyoso.core.personal_data import (
    Person,
    PersonalDataHandler,
    register_personal_data,
    scrub_text,
    scrub_value,
)
from kyoso.risk.models import Diagnosis, RiskWarning


def _needles(person: Person) -> list[str]:
    return [n.strip() for n in person.needles if n and len(n.strip()) >= 2]


def _erase(person: Person) -> None:
    needles = _needles(person)
    if not needles:
        return
    query = Q()
    for needle in needles:
        query |= Q(message_ja__icontains=needle) | Q(message_en__icontains=needle)
    warnings = RiskWarning.objects.filter(query)
    if person.workspace is not None:
        warnings = warnings.filter(project__workspace=person.workspace)
    for warning in warnings:
        warning.message_ja = scrub_text(warning.message_ja, needles, person.label)
        warning.message_en = scrub_text(warning.message_en, needles, person.label)
        warning.save(update_fields=["message_ja", "message_en"])
    # the engine's stored output and snapshot may quote names too (JSON may hold \\u escapes)
    query = Q()
    for needle in needles:
        for form in {needle, json.dumps(needle)[1:-1]}:
            query |= Q(ja__icontains=form) | Q(en__icontains=form) | Q(snap__icontains=form)
    diagnoses = Diagnosis.objects.annotate(
        ja=Cast("result_ja", TextField()),
        en=Cast("result_en", TextField()),
        snap=Cast("snapshot", TextField()),
    ).filter(query)
    if person.workspace is not None:
        diagnoses = diagnoses.filter(project__workspace=person.workspace)
    for diagnosis in diagnoses:
        diagnosis.result_ja = scrub_value(diagnosis.result_ja, needles, person.label)
        diagnosis.result_en = scrub_value(diagnosis.result_en, needles, person.label)
        diagnosis.snapshot = scrub_value(diagnosis.snapshot, needles, person.label)
        diagnosis.save(update_fields=["result_ja", "result_en", "snapshot"])


def _export(person: Person) -> dict[str, list[dict[str, Any]]]:
    return {}  # the engine's messages are about projects, not a record of the person


register_personal_data(PersonalDataHandler("risk", erase=_erase, export=_export, scrub=_erase, order=60))
