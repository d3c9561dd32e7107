"""`OrganisationImport`: CSV/XLSX rows into the directory, all or nothing.

File format (docs/formats.md#partner-import, docs/partners.md): header row first, then one organisation a row.
Columns `name, kind, description, industries, technologies, website, country, founded, employees,
stage, decision_lead_days, quality_approach`; `name` and `kind` are required. Headers are matched
ignoring case, spaces, hyphens and underscores, and Japanese headers (名称, 種別, 業種 ...) are
accepted too. Also understood: `risk_appetite`, `tags`, `oi_experience_count`,
`company_wide_support`. Any other column is ignored and named in the summary, so a spreadsheet
with extra working columns imports without editing.

Decisions:

* Row numbers are the spreadsheet's: the header is row 1, the first organisation row 2.
* Every row is validated before anything is written; the report names every bad row, its column
  and the reason. Any error and nothing is written.
* A row whose name and website (compared without scheme, `www.` and trailing slash, ignoring
  case) match an organisation of the workspace updates it; its non-empty cells overwrite, empty
  cells keep what is stored. Two rows of one file with the same name and website are an error.
* CSV is read as UTF-8 (with or without BOM); a file that is not UTF-8 but decodes as Shift_JIS
  (CP932, what Japanese Excel writes) is read as such and the summary says so; anything else is
  rejected naming the encoding charset-normalizer guesses.
* `RowError`, `ImportRejected`, the decoding and the CSV reader are shared with the events
  imports (kyoso.core.imports); they stay importable from here.
* XLSX is opened read-only without evaluating formulas; a cell such as `=HYPERLINK(...)` is kept
  as plain text (and must be escaped by any export).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kyoso.core.imports import ImportRejected, RowError, UnreadableFile, csv_rows, decode_text
from kyoso.core.safe_urls import is_safe_web_url, with_scheme
from kyoso.partners import search
from kyoso.partners.models import (
    Organisation,
    OrganisationKind,
    QualityApproach,
    RiskAppetite,
    Source,
    Stage,
    YesNoUnknown,
    industry_keys,
)

COLUMNS = [
    "name",
    "kind",
    "description",
    "industries",
    "technologies",
    "website",
    "country",
    "founded",
    "employees",
    "stage",
    "decision_lead_days",
    "quality_approach",
]
EXTRA_COLUMNS = ["risk_appetite", "tags", "oi_experience_count", "company_wide_support"]
REQUIRED = ("name", "kind")
MAX_ERRORS = 1000
BATCH = 1000
# Rows per UPDATE of a re-import: Django's bulk_update writes one CASE over the batch per column,
# which grows with batch x batch; PostgreSQL gets one UPDATE ... FROM (VALUES ...) per batch instead.
UPDATE_BATCH = 100

HEADER_ALIASES: dict[str, str] = {
    # Japanese headers (and common English variants) -> column
    "名称": "name",
    "名前": "name",
    "会社名": "name",
    "組織名": "name",
    "企業名": "name",
    "organisation": "name",
    "organization": "name",
    "company": "name",
    "種別": "kind",
    "区分": "kind",
    "組織種別": "kind",
    "type": "kind",
    "説明": "description",
    "概要": "description",
    "事業内容": "description",
    "業種": "industries",
    "業界": "industries",
    "industry": "industries",
    "技術": "technologies",
    "技術分野": "technologies",
    "technology": "technologies",
    "ウェブサイト": "website",
    "webサイト": "website",
    "url": "website",
    "ホームページ": "website",
    "国": "country",
    "国名": "country",
    "所在国": "country",
    "設立": "founded",
    "設立年": "founded",
    "設立日": "founded",
    "従業員数": "employees",
    "社員数": "employees",
    "ステージ": "stage",
    "資金調達ステージ": "stage",
    "意思決定日数": "decision_lead_days",
    "意思決定期間": "decision_lead_days",
    "意思決定期間日": "decision_lead_days",
    "品質方針": "quality_approach",
    "品質への姿勢": "quality_approach",
    "リスク許容度": "risk_appetite",
    "タグ": "tags",
    "oi経験数": "oi_experience_count",
    "全社的な協力体制": "company_wide_support",
}

KIND_ALIASES = {
    "企業": "corporate",
    "大企業": "corporate",
    "事業会社": "corporate",
    "スタートアップ": "startup",
    "ベンチャー": "startup",
    "大学": "university",
    "研究機関": "university",
    "大学・研究機関": "university",
    "公的機関": "public",
    "自治体": "public",
}
STAGE_ALIASES = {
    "seed": "seed",
    "シード": "seed",
    "seriesa": "series_a",
    "a": "series_a",
    "シリーズa": "series_a",
    "seriesb": "series_b",
    "b": "series_b",
    "シリーズb": "series_b",
    "seriesc": "series_c",
    "c": "series_c",
    "seriesc+": "series_c",
    "シリーズc": "series_c",
    "シリーズc以降": "series_c",
    "later": "series_c",
    "preipo": "pre_ipo",
    "ipo": "listed",
    "listed": "listed",
    "上場": "listed",
    "上場企業": "listed",
}
QUALITY_ALIASES = {
    "verifyfirst": "verify_first",
    "検証優先": "verify_first",
    "balanced": "balanced",
    "バランス": "balanced",
    "バランス型": "balanced",
    "shipanditerate": "ship_and_iterate",
    "出して改善": "ship_and_iterate",
}
RISK_ALIASES = {"low": "low", "低": "low", "medium": "medium", "中": "medium", "high": "high", "高": "high"}
YES_NO_ALIASES = {
    "yes": "yes",
    "はい": "yes",
    "あり": "yes",
    "no": "no",
    "いいえ": "no",
    "なし": "no",
    "unknown": "unknown",
    "不明": "unknown",
    "": "unknown",
}

_SPLIT = re.compile(r"[;；]")


def _key(text: str) -> str:
    """Header/enum comparison key: NFKC, lower case, no spaces, hyphens, underscores or dots."""
    return re.sub(r"[\s_\-・.()（）]", "", unicodedata.normalize("NFKC", text).lower())


def website_key(website: str) -> str:
    value = website.strip().lower()
    value = re.sub(r"^https?://", "", value)
    value = re.sub(r"^www\.", "", value)
    return value.rstrip("/")


def match_key(name: str, website: str) -> tuple[str, str]:
    return (unicodedata.normalize("NFKC", name).strip().lower(), website_key(website))


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    rows: int
    notes: list[str] = field(default_factory=list)


@dataclass
class CleanRow:
    row: int
    values: dict[str, Any]
    present: set[str]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()


class OrganisationImport:
    """Read, check and (when every row is good) write one file of organisations.

    imp = OrganisationImport(workspace=ws, data=raw_bytes, filename="list.xlsx", by=user)
    imp.check()          # fills imp.errors / imp.rows; never writes
    result = imp.run()   # raises ImportRejected if any row is bad
    """

    def __init__(self, *, workspace: Any, data: bytes, filename: str, by: Any = None) -> None:
        self.workspace = workspace
        self.data = data
        self.filename = filename
        self.by = by if getattr(by, "is_authenticated", False) else None
        self.errors: list[RowError] = []
        self.rows: list[CleanRow] = []
        self.notes: list[str] = []
        self.checked = False
        self._existing: dict[tuple[str, str], int] | None = None

    # ------------------------------------------------------------------ reading

    def _raw_rows(self) -> Iterator[tuple[int, list[Any]]]:
        name = self.filename.lower()
        if name.endswith(".xlsx") or self.data[:2] == b"PK":
            yield from self._xlsx_rows()
        elif name.endswith((".csv", ".txt", ".tsv")) or not name.rpartition(".")[1]:
            yield from self._csv_rows()
        else:
            raise UnreadableFile(_("expected a .csv or .xlsx file."))

    def _decode(self) -> str:
        text, notes = decode_text(self.data)
        self.notes += notes
        return text

    def _csv_rows(self) -> Iterator[tuple[int, list[Any]]]:
        dialect: Any = csv.excel_tab if self.filename.lower().endswith(".tsv") else csv.excel
        rows: Iterator[tuple[int, list[Any]]] = csv_rows(self._decode(), dialect=dialect)
        yield from rows

    def _xlsx_rows(self) -> Iterator[tuple[int, list[Any]]]:
        import zipfile
        import zlib
        from xml.etree.ElementTree import ParseError

        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(self.data), read_only=True, data_only=False)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
            raise UnreadableFile(
                _("the file is not a valid .xlsx workbook (%(error)s).") % {"error": exc}
            ) from exc
        number = 0
        try:
            sheet = workbook.worksheets[0]
            # read-only mode parses the sheet's XML row by row, so a broken sheet (bad XML, an
            # undefined entity, a corrupt zip member) only fails here, while iterating
            for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
                yield number, list(row)
        except (ParseError, zipfile.BadZipFile, zlib.error, KeyError, OSError, ValueError) as exc:
            raise UnreadableFile(
                _("%(file)s: the first sheet cannot be read after row %(row)s (%(error)s).")
                % {"file": self.filename or "upload.xlsx", "row": number, "error": exc}
            ) from exc
        finally:
            workbook.close()

    # ------------------------------------------------------------------ checking

    def _header(self, row: list[Any]) -> dict[int, str]:
        known = {_key(c): c for c in COLUMNS + EXTRA_COLUMNS}
        known.update({_key(alias): column for alias, column in HEADER_ALIASES.items()})
        mapping: dict[int, str] = {}
        ignored: list[str] = []
        for position, cell in enumerate(row):
            text = _text(cell)
            if not text:
                continue
            column = known.get(_key(text))
            if column is None:
                ignored.append(text)
            elif column in mapping.values():
                raise UnreadableFile(
                    _("the column %(column)s appears twice in the header row.") % {"column": column}
                )
            else:
                mapping[position] = column
        missing = [c for c in REQUIRED if c not in mapping.values()]
        if missing:
            raise UnreadableFile(
                _(
                    "row 1 must be the header row with at least the columns %(required)s (found: %(found)s). "
                    "Expected columns: %(columns)s."
                )
                % {
                    "required": ", ".join(REQUIRED),
                    "found": ", ".join(_text(c) for c in row if _text(c)) or _("nothing"),
                    "columns": ", ".join(COLUMNS),
                }
            )
        if ignored:
            self.notes.append(_("Columns ignored: %(columns)s.") % {"columns": ", ".join(ignored)})
        return mapping

    def check(self) -> bool:
        """Read and validate every row; True when the file can be imported."""
        if self.checked:
            return not self.errors
        self.checked = True
        try:
            rows = self._raw_rows()
            header: dict[int, str] | None = None
            seen: dict[tuple[str, str], int] = {}
            for number, raw in rows:
                if header is None:
                    if not any(_text(c) for c in raw):
                        continue
                    header = self._header(raw)
                    continue
                if not any(_text(c) for c in raw):
                    continue
                cells = {column: (raw[i] if i < len(raw) else None) for i, column in header.items()}
                clean = self._clean_row(number, cells)
                if clean is None:
                    continue
                key = match_key(clean.values["name"], clean.values.get("website", ""))
                if key in seen:
                    self._error(
                        number,
                        "name",
                        _("the same name and website as row %(row)s; keep one of them.") % {"row": seen[key]},
                    )
                    continue
                seen[key] = number
                self.rows.append(clean)
            if header is None:
                raise UnreadableFile(
                    _("the file is empty; row 1 must be the header row (%(columns)s).")
                    % {"columns": ", ".join(COLUMNS)}
                )
            if not self.rows and not self.errors:
                raise UnreadableFile(_("the file has a header row but no organisations."))
        except UnreadableFile as exc:
            self.errors = [RowError(0, "", str(exc))]
            self.rows = []
        except _TooMany:
            pass
        if self.errors:
            self.rows = []
        return not self.errors

    def _error(self, row: int, column: str, message: str) -> None:
        self.errors.append(RowError(row, column, message))
        if len(self.errors) >= MAX_ERRORS:
            self.errors.append(
                RowError(
                    0,
                    "",
                    _("More than %(n)s problems; stopped checking. Fix these first.") % {"n": MAX_ERRORS},
                )
            )
            raise _TooMany

    def _clean_row(self, number: int, cells: dict[str, Any]) -> CleanRow | None:
        values: dict[str, Any] = {}
        present: set[str] = set()
        ok = True
        for column, raw in cells.items():
            text = _text(raw)
            if not text and column not in REQUIRED:
                continue
            try:
                values[column] = _PARSERS[column](raw, text)
                present.add(column)
            except _Bad as bad:
                self._error(number, column, bad.message)
                ok = False
        return CleanRow(number, values, present) if ok else None

    # ------------------------------------------------------------------ preview and writing

    def _existing_keys(self) -> dict[tuple[str, str], int]:
        if self._existing is None:
            self._existing = {
                match_key(name, website): pk
                for pk, name, website in Organisation.objects.filter(workspace=self.workspace).values_list(
                    "pk", "name", "website"
                )
            }
        return self._existing

    def counts(self) -> tuple[int, int]:
        """(to create, to update) for a checked file."""
        existing = self._existing_keys()
        updates = sum(
            1 for r in self.rows if match_key(r.values["name"], r.values.get("website", "")) in existing
        )
        return len(self.rows) - updates, updates

    def preview(self, limit: int = 10) -> list[dict[str, Any]]:
        out = []
        for row in self.rows[:limit]:
            values = {c: row.values.get(c, "") for c in COLUMNS}
            for c in ("industries", "technologies"):
                values[c] = "; ".join(values[c]) if isinstance(values[c], list) else values[c]
            out.append({"row": row.row, "values": [values[c] for c in COLUMNS]})
        return out

    def run(self, progress: Callable[[int, int], None] | None = None) -> ImportResult:
        if not self.check():
            raise ImportRejected(self.errors, self.filename)
        with transaction.atomic():
            self._existing = None
            existing = self._existing_keys()
            version = search.bump_version(self.workspace.pk)
            now = timezone.now()
            creates: list[Organisation] = []
            update_rows: list[tuple[int, CleanRow]] = []
            for row in self.rows:
                pk = existing.get(match_key(row.values["name"], row.values.get("website", "")))
                if pk is None:
                    creates.append(self._new(row, version))
                else:
                    update_rows.append((pk, row))
            done = 0
            total = len(self.rows)
            for start in range(0, len(creates), BATCH):
                Organisation.objects.bulk_create(creates[start : start + BATCH], batch_size=BATCH)
                done += len(creates[start : start + BATCH])
                if progress:
                    progress(done, total)
            for start in range(0, len(update_rows), BATCH):
                chunk = update_rows[start : start + BATCH]
                objects = Organisation.objects.in_bulk([pk for pk, _ in chunk])
                fields: set[str] = {"search_stamp", "updated_at", "source_detail"}
                changed = []
                for pk, row in chunk:
                    org = objects[pk]
                    for column, value in row.values.items():
                        setattr(org, column, value)
                        fields.add(column)
                    if "industries" in row.values:
                        org.industry_keys = industry_keys(org.industries)
                        fields.add("industry_keys")
                    org.search_stamp = version
                    org.updated_at = now
                    org.source_detail = self.filename[:200]
                    changed.append(org)
                _update_rows(changed, sorted(fields))
                done += len(chunk)
                if progress:
                    progress(done, total)
        return ImportResult(
            created=len(creates), updated=len(update_rows), rows=total, notes=list(self.notes)
        )

    def _new(self, row: CleanRow, version: int) -> Organisation:
        values = dict(row.values)
        org = Organisation(
            workspace=self.workspace,
            source=Source.IMPORT,
            source_detail=self.filename[:200],
            created_by=self.by,
            search_stamp=version,
            **values,
        )
        org.industry_keys = industry_keys(org.industries)
        return org


def _update_rows(objects: list[Organisation], fields: list[str]) -> None:
    """Write `fields` of `objects` (existing rows): `bulk_update` in small batches, or on PostgreSQL
    one `UPDATE ... FROM (VALUES ...)` per batch."""
    if connection.vendor != "postgresql":
        Organisation.objects.bulk_update(objects, fields, batch_size=UPDATE_BATCH)
        return
    meta = Organisation._meta
    pk = meta.pk
    assert pk is not None
    model_fields = [meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    types = [pk.db_type(connection)] + [f.db_type(connection) for f in model_fields]
    columns = [pk.column] + [f.column for f in model_fields]
    row_sql = "(" + ", ".join(f"%s::{t}" for t in types) + ")"
    assignments = ", ".join(f"{quote(c)} = v.{quote(c)}" for c in columns[1:])
    table = quote(meta.db_table)
    for start in range(0, len(objects), BATCH):
        batch = objects[start : start + BATCH]
        params: list[Any] = []
        for obj in batch:
            params.append(obj.pk)
            params.extend(f.get_db_prep_save(getattr(obj, f.attname), connection) for f in model_fields)
        sql = (
            f"UPDATE {table} SET {assignments} "
            f"FROM (VALUES {', '.join([row_sql] * len(batch))}) AS v({', '.join(quote(c) for c in columns)}) "
            f"WHERE {table}.{quote(pk.column)} = v.{quote(pk.column)}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


class _TooMany(Exception):
    pass


class _Bad(Exception):
    def __init__(self, message: str) -> None:
        self.message = message


def _got(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "…"


def _parse_name(raw: Any, text: str) -> str:
    if not text:
        raise _Bad(_("required; the organisation's name is missing."))
    if len(text) > 200:
        raise _Bad(_("at most 200 characters (got %(n)s).") % {"n": len(text)})
    return text


def _enum(text: str, allowed: list[str], aliases: dict[str, str]) -> str:
    key = _key(text)
    for value in allowed:
        if key == _key(value):
            return value
    if key in aliases:
        return aliases[key]
    raise _Bad(
        _('expected one of %(allowed)s; got "%(value)s"')
        % {"allowed": ", ".join(allowed), "value": _got(text)}
    )


def _parse_kind(raw: Any, text: str) -> str:
    if not text:
        raise _Bad(
            _("required; expected one of %(allowed)s.") % {"allowed": ", ".join(OrganisationKind.values)}
        )
    return _enum(text, OrganisationKind.values, {_key(k): v for k, v in KIND_ALIASES.items()})


def _parse_list(raw: Any, text: str) -> list[str]:
    items = [item.strip() for item in _SPLIT.split(text) if item.strip()]
    for item in items:
        if len(item) > 100:
            raise _Bad(_("each item (separated by ;) must be at most 100 characters."))
    return list(dict.fromkeys(items))


def _parse_text(raw: Any, text: str) -> str:
    if len(text) > 20000:
        raise _Bad(_("at most 20,000 characters (got %(n)s).") % {"n": len(text)})
    return text


def _parse_website(raw: Any, text: str) -> str:
    value = with_scheme(text)
    if len(value) > 300:
        raise _Bad(_("at most 300 characters."))
    if not is_safe_web_url(value):
        raise _Bad(
            _('expected a web address such as https://example.co.jp; got "%(value)s"') % {"value": _got(text)}
        )
    return value


def _parse_country(raw: Any, text: str) -> str:
    if len(text) > 60:
        raise _Bad(_("at most 60 characters."))
    return text


def _parse_founded(raw: Any, text: str) -> int:
    this_year = timezone.localdate().year
    year: int | None = None
    if isinstance(raw, datetime | date):
        year = raw.year
    elif isinstance(raw, int | float) and float(raw).is_integer():
        year = int(raw)
    else:
        match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", unicodedata.normalize("NFKC", text))
        if match:
            try:
                if match.group(3):
                    date.fromisoformat(match.group(0))
                year = int(match.group(1))
            except ValueError:
                year = None
    if year is None or not 1600 <= year <= this_year + 1:
        raise _Bad(
            _('expected a year such as 2015 or an ISO date such as 2015-04-01; got "%(value)s"')
            % {"value": _got(text)}
        )
    return year


def _integer(raw: Any, text: str, maximum: int) -> int:
    if isinstance(raw, bool):
        raise _Bad(_('expected a whole number; got "%(value)s"') % {"value": _got(text)})
    if isinstance(raw, int | float):
        if not float(raw).is_integer():
            raise _Bad(_('expected a whole number; got "%(value)s"') % {"value": _got(text)})
        value = int(raw)
    else:
        cleaned = (
            unicodedata.normalize("NFKC", text).replace(",", "").replace("人", "").replace("日", "").strip()
        )
        if not re.fullmatch(r"\d+", cleaned):
            raise _Bad(_('expected a whole number; got "%(value)s"') % {"value": _got(text)})
        value = int(cleaned)
    if not 0 <= value <= maximum:
        raise _Bad(_("expected a number from 0 to %(max)s; got %(value)s") % {"max": maximum, "value": value})
    return value


_PARSERS: dict[str, Callable[[Any, str], Any]] = {
    "name": _parse_name,
    "kind": _parse_kind,
    "description": _parse_text,
    "industries": _parse_list,
    "technologies": _parse_list,
    "tags": _parse_list,
    "website": _parse_website,
    "country": _parse_country,
    "founded": _parse_founded,
    "employees": lambda raw, text: _integer(raw, text, 10_000_000),
    "stage": lambda raw, text: _enum(text, Stage.values, {_key(k): v for k, v in STAGE_ALIASES.items()}),
    "decision_lead_days": lambda raw, text: _integer(raw, text, 3650),
    "quality_approach": lambda raw, text: _enum(
        text, QualityApproach.values, {_key(k): v for k, v in QUALITY_ALIASES.items()}
    ),
    "risk_appetite": lambda raw, text: _enum(
        text, RiskAppetite.values, {_key(k): v for k, v in RISK_ALIASES.items()}
    ),
    "oi_experience_count": lambda raw, text: _integer(raw, text, 10_000),
    "company_wide_support": lambda raw, text: _enum(
        text, YesNoUnknown.values, {_key(k): v for k, v in YES_NO_ALIASES.items()}
    ),
}
