"""The project snapshot (docs/formats.md#project-snapshot, version 1): frozen dataclasses and the one parser.

Every field except ``kyoso_snapshot`` is optional. A missing field and a JSON ``null`` both mean
"unknown" and become ``None`` here; an empty list stays an empty tuple (known to be empty). Unknown
fields are ignored. Anything present but malformed raises :class:`SnapshotError` naming the JSON path
(``project.contracts[0].terms.foreground_ip_owner``) and what was expected.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

SNAPSHOT_VERSION = 1

PROJECT_TYPES = ("inbound", "outbound")
STAGES = ("exploration", "poc", "pilot", "commercialisation", "stopped")
PURPOSE_CATEGORIES = ("new_technology", "improve_existing", "new_business", "other")
SPONSOR_LEVELS = ("executive", "director", "manager")
GATE_DECISIONS = ("go", "no_go")
CONTRACT_KINDS = ("nda", "poc", "joint_development", "license")
CONTRACT_STATUSES = ("draft", "negotiating", "signed", "terminated")
IP_OWNERS = ("corporate", "partner", "joint", "undecided")
PUBLICATION = ("allowed", "allowed_after_review", "forbidden", "undecided")
QUALITY_APPROACHES = ("verify_first", "balanced", "ship_and_iterate")
RISK_APPETITES = ("low", "medium", "high")
GOAL_TYPES = ("improve_existing", "replace", "new_market", "explore")
PARTY_KINDS = ("corporate", "startup", "university", "public")
GRANT_BACK = ("mutual", "partner_only", "corporate_only", "none")


class SnapshotError(ValueError):
    """A snapshot that cannot be read. ``path`` is the JSON path, ``message`` what was expected."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


# --------------------------------------------------------------------------- dataclasses


@dataclass(frozen=True, slots=True)
class Benefit:
    metric: str | None = None
    target: float | None = None
    unit: str | None = None
    by: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Charter:
    purpose_category: str | None = None
    goal: str | None = None
    why_partner: str | None = None
    expected_benefits: tuple[Benefit, ...] | None = None
    stakeholders: tuple[str, ...] | None = None
    acknowledged_by: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class Sponsor:
    name: str | None = None
    level: str | None = None
    last_engaged: dt.date | None = None
    budget_committed_until: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Gate:
    stage: str | None = None
    criteria: tuple[str, ...] | None = None
    decision: str | None = None
    decided_on: dt.date | None = None
    due: dt.date | None = None  # extension: planned date of the gate decision


@dataclass(frozen=True, slots=True)
class Milestone:
    title: str | None = None
    due: dt.date | None = None
    done_on: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Kpi:
    name: str | None = None
    target: float | None = None
    unit: str | None = None
    horizon_months: float | None = None
    actual: float | None = None  # extension: the latest measured value
    higher_is_better: bool | None = None  # extension: direction of the target (default: higher)

    def met(self) -> bool | None:
        """Whether the latest measurement reaches the target (None when either is unknown)."""
        if self.actual is None or self.target is None:
            return None
        return self.actual <= self.target if self.higher_is_better is False else self.actual >= self.target


@dataclass(frozen=True, slots=True)
class LogEntry:
    date: dt.date | None = None
    kind: str | None = None
    parties: tuple[str, ...] | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Communication:
    cadence_days: int | None = None
    channels: tuple[str, ...] | None = None
    log: tuple[LogEntry, ...] | None = None


@dataclass(frozen=True, slots=True)
class Exclusivity:
    field: str | None = None
    months: float | None = None  # None means no time limit (docs/formats.md#project-snapshot)


@dataclass(frozen=True, slots=True)
class Terms:
    foreground_ip_owner: str | None = None
    background_ip_listed: bool | None = None
    license_scope: str | None = None
    exclusivity: Exclusivity | None = None
    publication: str | None = None
    fee_jpy: float | None = None
    purpose_limited: bool | None = None
    mutual: bool | None = None
    oral_disclosures_covered: bool | None = None
    confidential_months_after_end: float | None = None
    decision_deadline_days: int | None = None
    deliverable: str | None = None
    end_date: dt.date | None = None
    co_owner_consent_to_license: bool | None = None
    improvements_grant_back: str | None = None
    non_compete_months_after_end: float | None = None
    free_license_to_corporate: bool | None = None  # extension: red flag 12, a demand for a free licence


@dataclass(frozen=True, slots=True)
class Contract:
    kind: str | None = None
    status: str | None = None
    signed_on: dt.date | None = None
    terms: Terms | None = None


@dataclass(frozen=True, slots=True)
class Project:
    title: str | None = None
    type: str | None = None
    stage: str | None = None
    stage_entered: dt.date | None = None
    charter: Charter | None = None
    sponsor: Sponsor | None = None
    gates: tuple[Gate, ...] | None = None
    milestones: tuple[Milestone, ...] | None = None
    kpis: tuple[Kpi, ...] | None = None
    communication: Communication | None = None
    contracts: tuple[Contract, ...] | None = None


@dataclass(frozen=True, slots=True)
class Culture:
    decision_lead_days: float | None = None
    quality_approach: str | None = None
    risk_appetite: str | None = None


@dataclass(frozen=True, slots=True)
class Party:
    name: str | None = None
    kind: str | None = None
    oi_experience_count: int | None = None
    company_wide_support: bool | None = None
    culture: Culture | None = None


@dataclass(frozen=True, slots=True)
class Parties:
    corporate: Party | None = None
    partner: Party | None = None


@dataclass(frozen=True, slots=True)
class Answers:
    goal_type: str | None = None
    first_result_months: float | None = None
    decision_lead_days: float | None = None
    quality_approach: str | None = None
    result_owner: str | None = None
    budget_jpy: float | None = None
    success_kpi: str | None = None


@dataclass(frozen=True, slots=True)
class Alignment:
    corporate: Answers | None = None
    partner: Answers | None = None


@dataclass(frozen=True, slots=True)
class Snapshot:
    version: int = SNAPSHOT_VERSION
    as_of: dt.date | None = None  # as written in the snapshot; see effective_as_of()
    project: Project | None = None
    parties: Parties | None = None
    alignment: Alignment | None = None

    def effective_as_of(self) -> dt.date | None:
        """The day the diagnosis treats as "today".

        ``as_of`` when the snapshot gives it; otherwise the latest date of something that has
        already happened (stage entered, sponsor engagement, contact log, signature, gate decision,
        milestone done). Planned dates (due, end, budget, benefits) are not used: they lie in the
        future and would make everything look overdue. Never the wall clock, so output is
        reproducible. ``None`` when the snapshot holds no such date: time-based checks then skip.
        """
        if self.as_of is not None:
            return self.as_of
        p = self.project
        if p is None:
            return None
        seen: list[dt.date] = []
        if p.stage_entered:
            seen.append(p.stage_entered)
        if p.sponsor and p.sponsor.last_engaged:
            seen.append(p.sponsor.last_engaged)
        for g in p.gates or ():
            if g.decided_on:
                seen.append(g.decided_on)
        for m in p.milestones or ():
            if m.done_on:
                seen.append(m.done_on)
        if p.communication:
            seen.extend(e.date for e in p.communication.log or () if e.date)
        seen.extend(c.signed_on for c in p.contracts or () if c.signed_on)
        return max(seen) if seen else None


# --------------------------------------------------------------------------- parser

T = TypeVar("T")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return '"' + shown.replace('"', '\\"') + '"'
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


class _Obj:
    """A JSON object being read, with its path, so every error names where it happened."""

    __slots__ = ("data", "path")

    def __init__(self, data: Mapping[str, Any], path: str) -> None:
        self.data = data
        self.path = path

    def _get(self, key: str) -> tuple[Any, str]:
        return self.data.get(key), _join(self.path, key)

    def text(self, key: str) -> str | None:
        value, path = self._get(key)
        return _as_str(value, path)

    def enum(self, key: str, allowed: tuple[str, ...]) -> str | None:
        value, path = self._get(key)
        return _as_enum(value, path, allowed)

    def flag(self, key: str) -> bool | None:
        value, path = self._get(key)
        if value is None or isinstance(value, bool):
            return value
        raise SnapshotError(path, f"expected true, false or null, got {_describe(value)}")

    def number(self, key: str, *, minimum: float | None = 0) -> float | None:
        value, path = self._get(key)
        return _as_number(value, path, minimum)

    def integer(self, key: str) -> int | None:
        value, path = self._get(key)
        number = _as_number(value, path, 0)
        if number is None:
            return None
        if number != int(number):
            raise SnapshotError(path, f"expected a whole number, got {_describe(value)}")
        return int(number)

    def date(self, key: str) -> dt.date | None:
        value, path = self._get(key)
        return _as_date(value, path)

    def obj(self, key: str) -> _Obj | None:
        value, path = self._get(key)
        if value is None:
            return None
        if not isinstance(value, dict):
            raise SnapshotError(path, f"expected an object, got {_describe(value)}")
        return _Obj(value, path)

    def items(self, key: str, read: Callable[[Any, str], T]) -> tuple[T, ...] | None:
        value, path = self._get(key)
        if value is None:
            return None
        if not isinstance(value, list):
            raise SnapshotError(path, f"expected a list, got {_describe(value)}")
        return tuple(read(item, f"{path}[{i}]") for i, item in enumerate(value))

    def strings(self, key: str) -> tuple[str, ...] | None:
        def read(item: Any, path: str) -> str:
            text = _as_str(item, path)
            if text is None:
                raise SnapshotError(path, "expected a string, got null")
            return text

        return self.items(key, read)

    def objects(self, key: str, build: Callable[[_Obj], T]) -> tuple[T, ...] | None:
        def read(item: Any, path: str) -> T:
            if not isinstance(item, dict):
                raise SnapshotError(path, f"expected an object, got {_describe(item)}")
            return build(_Obj(item, path))

        return self.items(key, read)


def _as_str(value: Any, path: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise SnapshotError(path, f"expected a string, got {_describe(value)}")


def _as_enum(value: Any, path: str, allowed: tuple[str, ...]) -> str | None:
    if value is None or (isinstance(value, str) and value in allowed):
        return value
    raise SnapshotError(path, f"expected one of {'|'.join(allowed)}, got {_describe(value)}")


def _as_number(value: Any, path: str, minimum: float | None) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise SnapshotError(path, f"expected a number, got {_describe(value)}")
    if minimum is not None and value < minimum:
        raise SnapshotError(path, f"expected a number >= {minimum:g}, got {_describe(value)}")
    return float(value)


def _as_date(value: Any, path: str) -> dt.date | None:
    if value is None:
        return None
    expected = "expected an ISO 8601 date (YYYY-MM-DD)"
    if not isinstance(value, str) or not _DATE_RE.match(value):
        raise SnapshotError(path, f"{expected}, got {_describe(value)}")
    try:
        if len(value) == 10:
            return dt.date.fromisoformat(value)
        return dt.datetime.fromisoformat(value).date()
    except ValueError:
        raise SnapshotError(path, f"{expected}, got {_describe(value)} (no such date)") from None


def _benefit(o: _Obj) -> Benefit:
    return Benefit(o.text("metric"), o.number("target", minimum=None), o.text("unit"), o.date("by"))


def _charter(o: _Obj) -> Charter:
    return Charter(
        purpose_category=o.enum("purpose_category", PURPOSE_CATEGORIES),
        goal=o.text("goal"),
        why_partner=o.text("why_partner"),
        expected_benefits=o.objects("expected_benefits", _benefit),
        stakeholders=o.strings("stakeholders"),
        acknowledged_by=o.strings("acknowledged_by"),
    )


def _sponsor(o: _Obj) -> Sponsor:
    return Sponsor(
        o.text("name"),
        o.enum("level", SPONSOR_LEVELS),
        o.date("last_engaged"),
        o.date("budget_committed_until"),
    )


def _gate(o: _Obj) -> Gate:
    return Gate(
        o.enum("stage", STAGES),
        o.strings("criteria"),
        o.enum("decision", GATE_DECISIONS),
        o.date("decided_on"),
        o.date("due"),
    )


def _milestone(o: _Obj) -> Milestone:
    return Milestone(o.text("title"), o.date("due"), o.date("done_on"))


def _kpi(o: _Obj) -> Kpi:
    return Kpi(
        o.text("name"),
        o.number("target", minimum=None),
        o.text("unit"),
        o.number("horizon_months"),
        o.number("actual", minimum=None),
        o.flag("higher_is_better"),
    )


def _log_entry(o: _Obj) -> LogEntry:
    return LogEntry(o.date("date"), o.text("kind"), o.strings("parties"), o.text("note"))


def _communication(o: _Obj) -> Communication:
    return Communication(o.integer("cadence_days"), o.strings("channels"), o.objects("log", _log_entry))


def _terms(o: _Obj) -> Terms:
    excl = o.obj("exclusivity")
    return Terms(
        foreground_ip_owner=o.enum("foreground_ip_owner", IP_OWNERS),
        background_ip_listed=o.flag("background_ip_listed"),
        license_scope=o.text("license_scope"),
        exclusivity=Exclusivity(excl.text("field"), excl.number("months")) if excl is not None else None,
        publication=o.enum("publication", PUBLICATION),
        fee_jpy=o.number("fee_jpy"),
        purpose_limited=o.flag("purpose_limited"),
        mutual=o.flag("mutual"),
        oral_disclosures_covered=o.flag("oral_disclosures_covered"),
        confidential_months_after_end=o.number("confidential_months_after_end"),
        decision_deadline_days=o.integer("decision_deadline_days"),
        deliverable=o.text("deliverable"),
        end_date=o.date("end_date"),
        co_owner_consent_to_license=o.flag("co_owner_consent_to_license"),
        improvements_grant_back=o.enum("improvements_grant_back", GRANT_BACK),
        non_compete_months_after_end=o.number("non_compete_months_after_end"),
        free_license_to_corporate=o.flag("free_license_to_corporate"),
    )


def _contract(o: _Obj) -> Contract:
    terms = o.obj("terms")
    return Contract(
        o.enum("kind", CONTRACT_KINDS),
        o.enum("status", CONTRACT_STATUSES),
        o.date("signed_on"),
        _terms(terms) if terms is not None else None,
    )


def _project(o: _Obj) -> Project:
    charter, sponsor, comm = o.obj("charter"), o.obj("sponsor"), o.obj("communication")
    return Project(
        title=o.text("title"),
        type=o.enum("type", PROJECT_TYPES),
        stage=o.enum("stage", STAGES),
        stage_entered=o.date("stage_entered"),
        charter=_charter(charter) if charter is not None else None,
        sponsor=_sponsor(sponsor) if sponsor is not None else None,
        gates=o.objects("gates", _gate),
        milestones=o.objects("milestones", _milestone),
        kpis=o.objects("kpis", _kpi),
        communication=_communication(comm) if comm is not None else None,
        contracts=o.objects("contracts", _contract),
    )


def _party(o: _Obj) -> Party:
    culture = o.obj("culture")
    return Party(
        name=o.text("name"),
        kind=o.enum("kind", PARTY_KINDS),
        oi_experience_count=o.integer("oi_experience_count"),
        company_wide_support=o.flag("company_wide_support"),
        culture=(
            Culture(
                culture.number("decision_lead_days"),
                culture.enum("quality_approach", QUALITY_APPROACHES),
                culture.enum("risk_appetite", RISK_APPETITES),
            )
            if culture is not None
            else None
        ),
    )


def _answers(o: _Obj) -> Answers:
    return Answers(
        goal_type=o.enum("goal_type", GOAL_TYPES),
        first_result_months=o.number("first_result_months"),
        decision_lead_days=o.number("decision_lead_days"),
        quality_approach=o.enum("quality_approach", QUALITY_APPROACHES),
        result_owner=o.enum("result_owner", IP_OWNERS),
        budget_jpy=o.number("budget_jpy"),
        success_kpi=o.text("success_kpi"),
    )


def _maybe(o: _Obj | None, build: Callable[[_Obj], T]) -> T | None:
    return build(o) if o is not None else None


def parse_snapshot(data: Any) -> Snapshot:
    """Validate decoded JSON and build a :class:`Snapshot`; raise :class:`SnapshotError` on bad input."""
    if not isinstance(data, dict):
        raise SnapshotError("$", f"expected a JSON object with kyoso_snapshot, got {_describe(data)}")
    version = data.get("kyoso_snapshot")
    if "kyoso_snapshot" not in data:
        raise SnapshotError(
            "kyoso_snapshot", f"missing; expected {SNAPSHOT_VERSION} (a Kyoso snapshot version)"
        )
    if isinstance(version, bool) or version != SNAPSHOT_VERSION:
        raise SnapshotError(
            "kyoso_snapshot",
            f"expected {SNAPSHOT_VERSION} (the snapshot version this Kyoso reads), got {_describe(version)}",
        )
    root = _Obj(data, "")
    parties, alignment = root.obj("parties"), root.obj("alignment")
    return Snapshot(
        version=SNAPSHOT_VERSION,
        as_of=root.date("as_of"),
        project=_maybe(root.obj("project"), _project),
        parties=(
            Parties(_maybe(parties.obj("corporate"), _party), _maybe(parties.obj("partner"), _party))
            if parties is not None
            else None
        ),
        alignment=(
            Alignment(
                _maybe(alignment.obj("corporate"), _answers), _maybe(alignment.obj("partner"), _answers)
            )
            if alignment is not None
            else None
        ),
    )
