"""Personal data in the API's records (APPI): a person's tokens and the address they were last used from."""

from __future__ import annotations

from typing import Any

from kyoso.api.models import ApiToken
from kyoso.core.personal_data import Person, PersonalDataHandler, register_personal_data, rows


def _tokens(person: Person) -> Any:
    if person.user is None:
        return ApiToken.objects.none()
    found = ApiToken.objects.filter(user=person.user)
    if person.workspace is not None:
        found = found.filter(workspace=person.workspace)
    return found


def _erase(person: Person) -> None:
    _tokens(person).delete()


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


register_personal_data(PersonalDataHandler("api", erase=_erase, export=_export, order=80))
