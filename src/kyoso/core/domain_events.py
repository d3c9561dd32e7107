"""Domain events: an app announces that something happened; higher apps subscribe.

A lower app (risk, events) must not import a higher one (the API's webhook delivery), so it
announces a named event here and whoever cares subscribes in its ``AppConfig.ready()``. Every
import arrow points down to this module.

* ``announce(name, *, workspace, payload)`` calls each subscriber now, inside the announcer's
  transaction, so what a subscriber writes (e.g. a queued webhook delivery) commits or rolls back
  with the action that announced it. Each subscriber runs in its own savepoint and its errors are
  logged, never raised: a subscriber must not undo the user's action. Anything that reaches
  outside the database is the subscriber's to defer with ``transaction.on_commit``. An announcer
  whose payload is only final after commit announces from its own ``on_commit`` callback.
* ``subscribe(name, handler)`` registers ``handler(name, workspace=..., payload=...)``; the same
  handler subscribed twice runs once.

Names are the fixed set below (also the webhook event names); announcing or subscribing to any
other name is a programming error and raises.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any, Final, Literal, Protocol, get_args

from django.db import transaction

log = logging.getLogger(__name__)

EventName = Literal[
    "warning.raised",  # risk: a diagnosis raised a new warning
    "schedule.published",  # events: a schedule run was published to participants
    "meeting.converted",  # events: a meeting became a project
]
NAMES: Final[frozenset[str]] = frozenset(get_args(EventName))


class Handler(Protocol):
    def __call__(self, name: str, *, workspace: Any, payload: Mapping[str, Any]) -> None: ...


_subscribers: dict[str, list[Handler]] = {name: [] for name in NAMES}


def _known(name: str) -> str:
    if name not in NAMES:
        raise ValueError(f"unknown domain event {name!r}; known: {', '.join(sorted(NAMES))}")
    return name


def subscribe(name: EventName, handler: Handler) -> None:
    handlers = _subscribers[_known(name)]
    if handler not in handlers:
        handlers.append(handler)


def unsubscribe(name: EventName, handler: Handler) -> None:
    handlers = _subscribers[_known(name)]
    if handler in handlers:
        handlers.remove(handler)


def subscribers(name: EventName) -> list[Handler]:
    return list(_subscribers[_known(name)])


def announce(name: EventName, *, workspace: Any, payload: Mapping[str, Any]) -> None:
    for handler in subscribers(name):
        try:
            with transaction.atomic():
                handler(name, workspace=workspace, payload=payload)
        except Exception:  # a subscriber's failure must never undo the announcer's action
            log.exception("domain event %s: subscriber %r failed", name, handler)
