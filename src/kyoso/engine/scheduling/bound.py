"""Proven upper bounds on the total weight of any schedule that obeys the hard rules.

Flow bound (always computed): drop the slot structure except for three facts every schedule
obeys -- each request is used at most once, participant p has at most
cap(p) = min(max_meetings, number of available slots) meetings (one per available slot), and
there are at most sum(tables) meetings in total. Every feasible schedule is then a b-matching of
at most sum(tables) edges, so the maximum-weight such b-matching (an integral min-cost flow,
solved exactly) is at least the optimum. Non-integer weights are rounded *up* before solving.
"""

from __future__ import annotations

from .selection import flow_bound
from .state import Deadline, Instance


def best_bound(inst: Instance, deadline: Deadline) -> tuple[float, str]:
    """(bound, name of the method that produced it)."""
    return flow_bound(inst), "b-matching flow"
