"""The directory filters have indexes: country (case-insensitive) everywhere, industry (trigram) on PostgreSQL."""

from __future__ import annotations

import pytest
from django.db import connection

from kyoso.partners.models import Organisation


@pytest.mark.django_db
def test_directory_filter_indexes_exist():
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Organisation._meta.db_table)
    assert "partners_org_ws_country_upper" in constraints
    if connection.vendor == "postgresql":
        assert "partners_org_industry_keys_trgm" in constraints
    else:
        assert "partners_org_industry_keys_trgm" not in constraints


@pytest.mark.django_db
def test_filters_still_match_case_insensitively_and_by_industry(workspace):
    from kyoso.partners import selectors

    from .factories import org

    org(workspace, "A", country="Israel", industries=["量子", "AI"])
    org(workspace, "B", country="USA", industries=["AI"])
    qs = Organisation.objects.filter(workspace=workspace)
    assert [o.name for o in selectors.filter_directory(qs, {"country": " israel "})] == ["A"]
    assert [o.name for o in selectors.filter_directory(qs, {"industry": "量子"})] == ["A"]
    assert sorted(o.name for o in selectors.filter_directory(qs, {"industry": "ai"})) == ["A", "B"]
