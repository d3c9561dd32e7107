"""Meeting scheduling engine for matchmaking events (pure Python, no Django).

Public API::

    from kyoso.engine.scheduling import parse_event, schedule_meetings, reschedule, validate_schedule
"""

from .generate import generate_event
from .problem import Event, EventError, Participant, Request, Slot, load_event, parse_event
from .reschedule import reschedule
from .schedule import BelowMin, Meeting, Schedule, meetings_from_json, validate_schedule
from .solver import schedule_meetings
from .state import ProgressFn

__all__ = [
    "BelowMin",
    "Event",
    "EventError",
    "Meeting",
    "Participant",
    "ProgressFn",
    "Request",
    "Schedule",
    "Slot",
    "generate_event",
    "load_event",
    "meetings_from_json",
    "parse_event",
    "reschedule",
    "schedule_meetings",
    "validate_schedule",
]
