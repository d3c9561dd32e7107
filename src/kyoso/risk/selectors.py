"""Reads of the risk app: heat map rows, a project's diagnosis as a page shows it, warnings.

Every read here uses stored `Diagnosis` rows; nothing runs the engine while a page renders.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from kyoso.risk.models import CAUSE_LABELS, CAUSES, Diagnosis, Level, RiskWarning, WarningStatus

HEAVY_FIELDS = ("result_ja", "result_en", "snapshot")
LEVEL_LABELS = dict(Level.choices)
SORT_FIELDS = {"overall": "overall_score", "title": "project__title", **{c: c for c in CAUSES}}


def level_of(score: int) -> str:
    from kyoso.engine.diagnosis.scoring import level

    return level(score)


@dataclass
class Cell:
    cause: str
    score: int
    level: str

    @property
    def label(self) -> str:
        # a dict lookup: `Level.values` builds a list on every call, 350 cells a page
        label = LEVEL_LABELS.get(self.level)
        return str(label) if label is not None else self.level


@dataclass
class HeatRow:
    project: Any
    diagnosis: Diagnosis | None
    cells: list[Cell]

    @property
    def overall(self) -> Cell | None:
        if self.diagnosis is None:
            return None
        return Cell("overall", self.diagnosis.overall_score, self.diagnosis.overall_level)


def causes() -> list[dict[str, str]]:
    return [{"id": c, "label": str(CAUSE_LABELS[c])} for c in CAUSES]


def _heat_querysets(
    diagnoses: QuerySet[Diagnosis],
    projects: QuerySet[Any],
    *,
    sort: str,
    descending: bool,
    include_stopped: bool,
) -> tuple[QuerySet[Diagnosis], QuerySet[Any]]:
    """(current diagnoses in the asked order, projects not diagnosed yet by title): the heat map's two parts."""
    field = SORT_FIELDS.get(sort, "overall_score")
    order = [f"-{field}" if descending else field, "project__title", "project_id"]
    current = diagnoses.filter(is_current=True).select_related("project").defer(*HEAVY_FIELDS)
    pending = projects.exclude(pk__in=diagnoses.filter(is_current=True).values("project_id"))
    if not include_stopped:
        current = current.exclude(project__stage="stopped")
        pending = pending.exclude(stage="stopped")
    return current.order_by(*order), pending.order_by("title", "pk")


def _row(d: Diagnosis) -> HeatRow:
    return HeatRow(d.project, d, [Cell(c, getattr(d, c), level_of(getattr(d, c))) for c in CAUSES])


def heat_map(
    diagnoses: QuerySet[Diagnosis],
    projects: QuerySet[Any],
    *,
    sort: str = "overall",
    descending: bool = True,
    include_stopped: bool = False,
    limit: int = 500,
) -> tuple[list[HeatRow], bool]:
    """Rows (projects × six causes) from the current diagnoses, in two queries whatever the size.

    Returns (rows, truncated). Projects not diagnosed yet come last, without cells.
    """
    current, pending = _heat_querysets(
        diagnoses, projects, sort=sort, descending=descending, include_stopped=include_stopped
    )
    found = list(current[: limit + 1])
    truncated = len(found) > limit
    rows = [_row(d) for d in found[:limit]]
    if not truncated and len(rows) < limit:
        rows += [HeatRow(p, None, []) for p in pending[: limit - len(rows)]]
    return rows, truncated


class HeatMapRows:
    """The heat map as one sliceable sequence for `Paginator`: diagnosed projects in the asked order, then
    the projects not diagnosed yet. A page reads only its own rows, so it costs the same with 50 projects
    or 10,000: the total is one COUNT of the projects (a project has at most one current diagnosis, so
    diagnosed + not diagnosed = all of them), then a LIMIT query on the diagnoses (served in score order
    by the partial indexes of current diagnoses); the undiagnosed projects — and the number of diagnosed
    ones, to know where they start — are read only by the pages that reach them.
    """

    def __init__(
        self,
        diagnoses: QuerySet[Diagnosis],
        projects: QuerySet[Any],
        *,
        sort: str = "overall",
        descending: bool = True,
        include_stopped: bool = False,
    ) -> None:
        self.current, self.pending = _heat_querysets(
            diagnoses, projects, sort=sort, descending=descending, include_stopped=include_stopped
        )
        self.projects = projects if include_stopped else projects.exclude(stage="stopped")
        self._count: int | None = None

    def count(self) -> int:
        if self._count is None:
            self._count = self.projects.order_by().count()
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[HeatRow]:
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop, _ = index.indices(self.count())
        if stop <= start:
            return []
        found = list(self.current[start:stop])
        rows = [_row(d) for d in found]
        if len(rows) < stop - start:
            # past the last diagnosed project: the rest of the page is undiagnosed projects
            n_current = start + len(found) if found else self.current.order_by().count()
            rows += [HeatRow(p, None, []) for p in self.pending[max(start - n_current, 0) : stop - n_current]]
        return rows


def _text(value: Any, lang: str) -> str:
    if isinstance(value, dict):
        return str(value.get(lang) or value.get("ja") or "")
    return str(value or "")


def diagnosis_for_page(diagnosis: Diagnosis, lang: str) -> dict[str, Any]:
    """The stored result in `lang`, with each cause's fired rules' evidence in that language."""
    result = diagnosis.result(lang)
    out_causes = []
    for cause in result.get("causes", []):
        rules = [
            {
                "id": r.get("id", ""),
                "points": r.get("points", 0),
                "evidence": _text(r.get("evidence"), lang),
                "countermeasure": _text(r.get("countermeasure"), lang),
            }
            for r in cause.get("rules", [])
        ]
        out_causes.append(
            {
                "id": cause["id"],
                "label": cause.get("name") or str(CAUSE_LABELS.get(cause["id"], cause["id"])),
                "score": cause["score"],
                "level": cause["level"],
                "evidence": cause.get("evidence", []),
                "countermeasures": cause.get("countermeasures", []),
                "rules": rules,
            }
        )
    # Diagnoses stored before engine version 2 have no data_to_complete.
    prompts: list[dict[str, Any]] = result.get("data_to_complete", [])  # type: ignore[assignment]
    return {
        "overall": result.get("overall", {}),
        "causes": out_causes,
        "gaps": result.get("gaps", []),
        "warnings": result.get("warnings", []),
        "data_to_complete": [
            {
                "cause": str(CAUSE_LABELS.get(p.get("cause", ""), p.get("cause", ""))),
                "message": p.get("message", ""),
                "field": p.get("field", ""),
            }
            for p in prompts
        ],
        "as_of": result.get("as_of"),
    }


def open_warnings(warnings: QuerySet[RiskWarning]) -> QuerySet[RiskWarning]:
    return warnings.exclude(status=WarningStatus.RESOLVED).select_related("project")


def filter_warnings(
    warnings: QuerySet[RiskWarning], *, status: str = "", kind: str = "", project: str = ""
) -> QuerySet[RiskWarning]:
    qs = warnings.select_related("project", "acknowledged_by", "resolved_by")
    if status == "unresolved" or not status:
        qs = qs.exclude(status=WarningStatus.RESOLVED)
    elif status in WarningStatus.values:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if project.isdigit():
        qs = qs.filter(project_id=int(project))
    return qs.order_by("-raised_at", "-id")
