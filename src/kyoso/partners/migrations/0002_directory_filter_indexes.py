"""Indexes for the directory filters: country (case-insensitive) and industry (substring).

The industry filter is `industry_keys LIKE '%;x;%'`, which only a trigram index serves; it is
created on PostgreSQL only (with the pg_trgm extension). SQLite works without it.
"""

import django.db.models.functions.text
from django.db import migrations, models

TRGM_INDEX = "partners_org_industry_keys_trgm"


def create_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {TRGM_INDEX} ON partners_organisation "
        "USING gin (industry_keys gin_trgm_ops)"
    )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {TRGM_INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0001_initial"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="organisation",
            index=models.Index(
                models.F("workspace"),
                django.db.models.functions.text.Upper("country"),
                name="partners_org_ws_country_upper",
            ),
        ),
        migrations.RunPython(create_trigram_index, drop_trigram_index, elidable=False),
    ]
