"""The one upload rule (kyoso.core.uploads): file types per use, size limits from settings."""

from __future__ import annotations

import pytest
from django.test import override_settings

from kyoso.core import uploads
from kyoso.core.errors import DomainError


@pytest.mark.parametrize(
    ("policy", "accepted"),
    [(uploads.DOCUMENTS, True), (uploads.ATTACHMENTS, False), (uploads.IMPORTS, False)],
)
def test_only_project_documents_accept_an_archive(policy: uploads.UploadPolicy, accepted: bool) -> None:
    if accepted:
        uploads.check(policy, name="deliverable.ZIP", size=10)
    else:
        with pytest.raises(DomainError) as caught:
            uploads.check(policy, name="deliverable.zip", size=10, field="attachments")
        assert caught.value.field == "attachments"
        assert "deliverable.zip" in caught.value.message


def test_imports_accept_what_the_importer_reads() -> None:
    for name in ("orgs.csv", "orgs.xlsx", "orgs.tsv", "orgs.txt", "orgs"):
        uploads.check(uploads.IMPORTS, name=name, size=10)
    with pytest.raises(DomainError):
        uploads.check(uploads.IMPORTS, name="orgs.pdf", size=10)


def test_the_limits_are_the_documented_defaults() -> None:
    assert (uploads.DOCUMENTS.max_mb, uploads.ATTACHMENTS.max_mb, uploads.IMPORTS.max_mb) == (20, 20, 40)
    uploads.check(uploads.ATTACHMENTS, name="a.pdf", size=20 * 1024 * 1024)
    with pytest.raises(DomainError) as caught:
        uploads.check(uploads.ATTACHMENTS, name="a.pdf", size=20 * 1024 * 1024 + 1)
    assert caught.value.field == "file" and "20 MB" in caught.value.message


@override_settings(KYOSO_UPLOAD_MAX_MB=1, KYOSO_IMPORT_MAX_MB=2)
def test_the_limits_follow_the_settings() -> None:
    assert (uploads.DOCUMENTS.max_mb, uploads.ATTACHMENTS.max_mb, uploads.IMPORTS.max_mb) == (1, 1, 2)
    with pytest.raises(DomainError):
        uploads.check(uploads.DOCUMENTS, name="a.pdf", size=1024 * 1024 + 1)
    uploads.check(uploads.IMPORTS, name="a.csv", size=2 * 1024 * 1024)
