"""The one upload rule: which file types a use accepts and how large a file may be.

Each use (project documents and log attachments, retrospective attachments, organisation imports)
has a `UploadPolicy`; every upload, from a page, the API or the command line, goes through
`check()`, which raises a `DomainError` naming the file and the field. The size limits come from
settings (`KYOSO_UPLOAD_MAX_MB` for documents, `KYOSO_IMPORT_MAX_MB` for imports), read when a file
is checked so a deployment's settings apply.

Documents and attachments accept the same office, text and image types; only project documents
accept .zip (a partner's deliverable often comes as an archive; a retrospective attachment is a
single record of what happened). Imports accept what the importer reads: CSV (or tab-separated
text) and XLSX, and a file without an extension, whose content decides.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from kyoso.core.errors import DomainError

OFFICE_FILES = frozenset(
    {
        ".pdf",
        ".docx",
        ".xlsx",
        ".pptx",
        ".doc",
        ".xls",
        ".ppt",
        ".txt",
        ".md",
        ".csv",
        ".png",
        ".jpg",
        ".jpeg",
    }
)


@dataclass(frozen=True)
class UploadPolicy:
    extensions: frozenset[str]
    # the setting naming the limit in MB, and the limit when it is not set
    max_mb_setting: str
    default_max_mb: int

    @property
    def max_mb(self) -> int:
        return int(getattr(settings, self.max_mb_setting, self.default_max_mb))

    @property
    def max_bytes(self) -> int:
        return self.max_mb * 1024 * 1024


DOCUMENTS = UploadPolicy(OFFICE_FILES | {".zip"}, "KYOSO_UPLOAD_MAX_MB", 20)
ATTACHMENTS = UploadPolicy(OFFICE_FILES, "KYOSO_UPLOAD_MAX_MB", 20)
IMPORTS = UploadPolicy(frozenset({".csv", ".tsv", ".txt", ".xlsx", ""}), "KYOSO_IMPORT_MAX_MB", 40)
# A whole-workspace archive (kyoso.transfer); its unpacked size and member count have their own limits.
ARCHIVES = UploadPolicy(frozenset({".zip"}), "KYOSO_ARCHIVE_MAX_MB", 500)


def check(policy: UploadPolicy, *, name: str | None, size: int | None, field: str = "file") -> None:
    """Raise a DomainError on `field` when the file's type or size breaks `policy`."""
    name = name or ""
    ext = os.path.splitext(name)[1].lower()
    if ext not in policy.extensions:
        raise DomainError(
            _("%(name)s: this file type is not accepted. Allowed: %(types)s")
            % {"name": name, "types": " ".join(sorted(e for e in policy.extensions if e))},
            field=field,
        )
    if (size or 0) > policy.max_bytes:
        raise DomainError(
            _("%(name)s is larger than %(mb)s MB.") % {"name": name, "mb": policy.max_mb}, field=field
        )
