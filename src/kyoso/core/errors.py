"""Domain errors: exceptions whose message is fit to show the user."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class DomainError(Exception):
    """A rule of the domain was broken; `field` names the input at fault, if any."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


def add_form_error(form: Any, exc: DomainError, *, fields: Mapping[str, str] | None = None) -> None:
    """Show a service's DomainError on the form: on the field it names, else above the form.

    `fields` maps a service's field name to the form field showing it, for forms that split one
    service input over several widgets.
    """
    field = (fields or {}).get(exc.field or "", exc.field)
    form.add_error(field if field in form.fields else None, exc.message)


def check_fields(obj: Any, *, exclude: tuple[str, ...] = ()) -> None:
    """Django's own field checks (choices, lengths, ranges) as a DomainError naming the first bad field.

    Services call it before saving input that did not come through a form (API, imports), so a
    database that enforces lengths (PostgreSQL) never sees a value SQLite would silently accept.
    """
    from django.core.exceptions import ValidationError

    try:
        obj.clean_fields(exclude=list(exclude))
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise DomainError(" ".join(str(m) for m in messages), field=field) from None
