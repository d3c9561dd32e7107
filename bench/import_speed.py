"""Import speed: rows/s of the CSV organisation import against a raw bulk_create of the same rows.

    .venv/bin/python bench/import_speed.py [--rows 10000] [--database-url URL] [--json FILE]

Writes a realistic CSV (Japanese/English, from `kyoso.core.datagen`), then in one run and on the
same database: (a) baseline — build the same Organisation objects from already-parsed values and
`bulk_create` them; (b) the product path — `OrganisationImport(...).run()`: decode, header aliases,
per-cell parsing and checks, duplicate matching, one transaction, search stamps. Each goes into a
fresh workspace, which is deleted afterwards. Prints rows/s and the ratio (b)/(a).
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import benchlib  # noqa: E402


def make_rows(n: int, seed: int) -> list[dict[str, str]]:
    from kyoso.core.datagen import DESCRIPTION_JA, Generator

    gen = Generator(seed=seed, say=lambda _line: None)
    rng = gen.rng
    rows = []
    for i in range(n):
        kind = gen.weighted([("corporate", 25), ("startup", 65), ("university", 10)])
        rows.append(
            {
                "name": gen.org_name(kind),
                "kind": kind,
                "description": gen.fmt(gen.pick(DESCRIPTION_JA)),
                "industries": "; ".join(rng.sample(["製造業", "金融", "物流", "ヘルスケア", "Retail"], 2)),
                "technologies": "; ".join(
                    rng.sample(["画像認識", "IoT", "LLM", "ブロックチェーン", "OCR"], 2)
                ),
                "website": f"https://www.import-{i}.example.jp",
                "country": "日本",
                "founded": str(rng.randint(1950, 2024)),
                "employees": str(rng.randint(5, 50000)),
                "stage": "series_a" if kind == "startup" else "",
                "decision_lead_days": str(rng.randint(3, 90)),
                "quality_approach": rng.choice(["verify_first", "balanced", "ship_and_iterate"]),
            }
        )
    return rows


def to_csv(rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument(
        "--database-url", default=benchlib.DEFAULT_PG.replace("kyoso_bench", "kyoso_bench_import")
    )
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--json", default=None)
    args = parser.parse_args(argv)

    if args.database_url.startswith("postgres"):
        benchlib.ensure_postgres_database(args.database_url)
    benchlib.setup_django(args.database_url)
    from django.db import transaction

    from kyoso.accounts.models import Workspace
    from kyoso.core import datagen
    from kyoso.partners.importing import OrganisationImport
    from kyoso.partners.models import Organisation, industry_keys

    datagen.migrate_if_needed()
    rows = make_rows(args.rows, args.seed)
    data = to_csv(rows)
    print(f"{args.rows:,} rows, {len(data) / 1e6:.1f} MB of CSV")

    def fresh(slug: str) -> Workspace:
        Workspace.objects.filter(slug=slug).delete()
        return Workspace.objects.create(slug=slug, name=slug)

    # (a) baseline: the same rows, parsed already, straight into bulk_create
    ws = fresh("bench-import-raw")
    started = time.perf_counter()
    with transaction.atomic():
        objs = []
        for r in rows:
            industries = [s.strip() for s in r["industries"].split(";")]
            objs.append(
                Organisation(
                    workspace=ws,
                    name=r["name"],
                    kind=r["kind"],
                    description=r["description"],
                    industries=industries,
                    technologies=[s.strip() for s in r["technologies"].split(";")],
                    industry_keys=industry_keys(industries),
                    website=r["website"],
                    country=r["country"],
                    founded=int(r["founded"]),
                    employees=int(r["employees"]),
                    stage=r["stage"],
                    decision_lead_days=int(r["decision_lead_days"]),
                    quality_approach=r["quality_approach"],
                )
            )
        Organisation.objects.bulk_create(objs, batch_size=1000)
    raw = time.perf_counter() - started
    ws.delete()

    # (b) the product's import, from the CSV bytes
    ws = fresh("bench-import-csv")
    started = time.perf_counter()
    result = OrganisationImport(workspace=ws, data=data, filename="bench.csv").run()
    product = time.perf_counter() - started
    assert result.created == args.rows, result
    # (c) the same file again: every row matches an existing organisation and is updated
    started = time.perf_counter()
    again = OrganisationImport(workspace=ws, data=data, filename="bench.csv").run()
    update = time.perf_counter() - started
    assert again.updated == args.rows, again
    ws.delete()

    figures = {
        "rows": args.rows,
        "raw_bulk_create_rows_per_s": args.rows / raw,
        "csv_import_rows_per_s": args.rows / product,
        "csv_reimport_update_rows_per_s": args.rows / update,
        "ratio_import_vs_raw": product / raw,
        "ratio_reimport_vs_raw": update / raw,
    }
    print(
        f"baseline  raw bulk_create        {figures['raw_bulk_create_rows_per_s']:>9,.0f} rows/s  ({raw:.1f} s)"
    )
    print(
        f"import    CSV, all new rows       {figures['csv_import_rows_per_s']:>9,.0f} rows/s  ({product:.1f} s)"
        f"  {figures['ratio_import_vs_raw']:.1f}x the baseline's time"
    )
    print(
        f"re-import CSV, all rows updated   {figures['csv_reimport_update_rows_per_s']:>9,.0f} rows/s  ({update:.1f} s)"
        f"  {figures['ratio_reimport_vs_raw']:.1f}x the baseline's time"
    )
    benchlib.write_json(args.json, {"benchmark": "import_speed", **figures})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
