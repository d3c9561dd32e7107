"""Personal data in the API's records (APPI): a person's tokens, and webhook payloads that name them."""

from __future__ import annotations

import json
from typing import Any

from django.db.models import Q, TextField
from django.db.models.functions import Cast

from kyoso.api.models import ApiToken, WebhookDelivery
from kyoso.core.personal_data import (
    Person,
    PersonalDataHandler,
    register_personal_data,
    rows,
    scrub_text,
    scrub_value,
)


def _tokens(person: Person) -> Any:
    if person.user is None:
        return ApiToken.objects.none()
    found = ApiToken.objects.filter(user=person.user)
    if person.workspace is not None:
        found = found.filter(workspace=person.workspace)
    return found


def _scrub_webhooks(person: Person) -> None:
    """Delivered webhook payloads (and the receivers' answers) that name the person."""
    needles = [n.strip() for n in person.needles if n and len(n.strip()) >= 2]
    if not needles:
        return
    query = Q()
    for needle in needles:
        for form in {needle, json.dumps(needle)[1:-1]}:
            query |= Q(payload_text__icontains=form) | Q(response_body__icontains=form)
    deliveries = WebhookDelivery.objects.annotate(payload_text=Cast("payload", TextField())).filter(query)
    if person.workspace is not None:
        deliveries = deliveries.filter(endpoint__workspace=person.workspace)
    for delivery in deliveries:
        delivery.payload = scrub_value(delivery.payload, needles, person.label)
        delivery.response_body = scrub_text(delivery.response_body, needles, person.label)
        delivery.save(update_fields=["payload", "response_body"])


def _erase(person: Person) -> None:
    _tokens(person).delete()
    _scrub_webhooks(person)


def _export(person: Person) -> dict[str, list[dict[str, Any]]]:
    fields = [
        "name",
        "kind",
        "prefix",
        "scopes",
        "created_at",
        "expires_at",
        "last_used_at",
        "last_used_ip",
        "revoked_at",
    ]
    return {"api_tokens": rows(_tokens(person).order_by("created_at"), fields)}


register_personal_data(
    PersonalDataHandler("api", erase=_erase, export=_export, scrub=_scrub_webhooks, order=80)
)
