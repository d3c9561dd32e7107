"""Values no field of Kyoso's can hold, refused where they enter (JSON bodies, forms, saves).

* JSON numbers must be finite: ``NaN``, ``Infinity``, ``-Infinity`` and overflowing literals
  such as ``1e999`` are refused while parsing (`JsonInputError`), and output never contains them.
* Text must be storable: no NUL character (PostgreSQL refuses it) and no lone UTF-16 surrogate
  (``"\\ud800"`` in JSON; it cannot be encoded as UTF-8, so it fails deep in the database driver).
* Integers must fit the model field they are saved into, with the same bounds on every database
  (`INTEGER_RANGES`, the portable SQL ranges; SQLite alone would accept anything up to 2**63).

`check_instance` runs before every save of a Kyoso model (connected in ``CoreConfig.ready``), so
a value a form, an API schema or an import forgot to bound is a `DomainError` naming the field,
never a database error.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from typing import Any

from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils.translation import gettext as _

from kyoso.core.errors import DomainError

# {internal type: (min, max)}: the SQL standard ranges Django itself uses for PostgreSQL and MySQL.
INTEGER_RANGES: dict[str, tuple[int, int]] = dict(BaseDatabaseOperations.integer_field_ranges)
JSON_INT_RANGE = INTEGER_RANGES["BigIntegerField"]  # nothing beyond a 64-bit integer is meaningful
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def integer_bounds(field: models.Field) -> tuple[int, int] | None:  # type: ignore[type-arg]
    """(min, max) a model integer field can hold on every database, or None for other fields."""
    if not isinstance(field, models.IntegerField):
        return None
    return INTEGER_RANGES.get(field.get_internal_type())


def text_problem(value: str) -> str | None:
    """Why `value` cannot be stored as text, or None."""
    match = _UNSTORABLE.search(value)
    if match is None:
        return None
    if match.group() == "\x00":
        return _("NUL characters are not allowed.")
    return _("The text contains an invalid character (a lone UTF-16 surrogate).")


class _NonFinite:
    """Stands in for NaN/Infinity while parsing so the walk can name where it was."""

    def __init__(self, text: str) -> None:
        self.text = text


def _parse_float(text: str) -> Any:
    value = float(text)
    return value if math.isfinite(value) else _NonFinite(text)


class JsonInputError(ValueError):
    """A JSON body with values no field accepts; `detail` is the API's 422 list."""

    def __init__(self, detail: list[dict[str, Any]]) -> None:
        super().__init__(detail[0]["msg"])
        self.detail = detail


def _walk(value: Any, path: list[str | int]) -> Iterator[tuple[list[str | int], str, str]]:
    if isinstance(value, _NonFinite):
        yield (
            path,
            _("%(value)s is not a number; send a finite number.") % {"value": value.text},
            "finite_number",
        )
    elif isinstance(value, bool):
        return
    elif isinstance(value, int):
        low, high = JSON_INT_RANGE
        if not low <= value <= high:
            yield path, _("The number is too large."), "int_range"
    elif isinstance(value, str):
        problem = text_problem(value)
        if problem:
            yield path, problem, "invalid_text"
    elif isinstance(value, dict):
        for key, item in value.items():
            problem = text_problem(key)
            if problem:
                yield [*path, key.encode("utf-8", "replace").decode()], problem, "invalid_text"
            else:
                yield from _walk(item, [*path, key])
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, [*path, index])


def loads(body: bytes | str) -> Any:
    """json.loads that refuses non-finite numbers, over-long integers, NUL and lone surrogates."""
    data = json.loads(body, parse_constant=_NonFinite, parse_float=_parse_float)
    problems = [{"loc": ["body", *path], "msg": msg, "type": kind} for path, msg, kind in _walk(data, [])]
    if problems:
        raise JsonInputError(problems)
    return data


def check_instance(instance: models.Model) -> None:
    """Refuse a save whose integer, float or text values no database can hold (DomainError naming the field)."""
    for field in instance._meta.concrete_fields:
        value = getattr(instance, field.attname, None)
        if value is None:
            continue
        if isinstance(field, models.IntegerField) and isinstance(value, int):
            bounds = integer_bounds(field)
            if bounds and not bounds[0] <= value <= bounds[1]:
                raise DomainError(
                    _("Enter a whole number from %(min)s to %(max)s.") % {"min": bounds[0], "max": bounds[1]},
                    field=field.name,
                )
        elif isinstance(field, models.FloatField) and isinstance(value, float):
            if not math.isfinite(value):
                raise DomainError(_("Enter a finite number."), field=field.name)
        elif isinstance(field, (models.CharField, models.TextField)) and isinstance(value, str):
            problem = text_problem(value)
            if problem:
                raise DomainError(problem, field=field.name)


def check_before_save(
    sender: type[models.Model], instance: models.Model, raw: bool = False, **kwargs: Any
) -> None:
    if not raw:  # fixtures load as stored
        check_instance(instance)
