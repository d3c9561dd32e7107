"""Schemas of the reports API (`kyoso.api.reports`)."""

from __future__ import annotations

from typing import Any

from ninja import Field, Schema


class ColumnOut(Schema):
    key: str
    label: str
    kind: str = Field(..., description="text, int, pct (0–1), days or jpy")


class TableOut(Schema):
    title: str
    columns: list[ColumnOut]
    rows: list[list[Any]]


class ReportOut(Schema):
    key: str
    title: str
    filters: dict[str, Any]
    data: dict[str, Any] = Field(..., description="The report's numbers as computed (see docs).")
    notes: list[str]
    tables: list[TableOut]
