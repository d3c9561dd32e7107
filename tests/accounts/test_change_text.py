"""Audit changes and record types read as words on the activity tab and the audit log."""

from __future__ import annotations

from django.utils import translation

from kyoso.accounts.change_text import describe_changes, record_type


def test_stage_change_reads_as_labels_in_both_languages() -> None:
    changes = {"stage": ["exploration", "poc"]}
    with translation.override("ja"):
        [row] = describe_changes("projects.Project", changes, "update")
        assert row["field"] == "ステージ" and "→" in row["text"] and "poc" not in row["text"]
    with translation.override("en"):
        [row] = describe_changes("projects.Project", changes, "update")
        assert row == {"field": "Stage", "text": "Exploration → PoC"}


def test_action_keys_values_money_and_booleans_are_words() -> None:
    with translation.override("en"):
        rows = describe_changes(
            "projects.Project",
            {"viewed": "internal notes", "budget_jpy": ["None", "5000000"], "shared_space": True},
            "update",
        )
    text = " · ".join(f"{r['field']}: {r['text']}" for r in rows)
    assert "{" not in text and "None" not in text and "True" not in text
    assert "¥5,000,000" in text and "Viewed: internal notes" in text


def test_record_types_are_verbose_names_not_dotted_labels() -> None:
    with translation.override("en"):
        assert record_type("partners.Organisation") == "Organisation"
        assert record_type("reports.risk") == "Report"
        assert record_type("gone.Model") == "Other"
