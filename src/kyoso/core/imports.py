"""What every file import shares: row errors, the all-or-nothing rejection, reading CSV text.

Apps keep their own columns and rules (partners/importing.py, events/services.py); this module
knows no app.

* `RowError(row, column, message)`: one problem. `row` is the row number as the spreadsheet shows
  it (the header is row 1, the first data row 2); 0 means the file as a whole. `column` is the
  column's name in the file's header, or "" when the problem is the whole row.
* `ImportRejected(errors, filename="")`: a `DomainError` (field "file") raised when any row is bad;
  nothing was written. `.errors` lists every `RowError`, `.report()` is the text for a terminal.
* `decode_text(data)`: UTF-8 with or without BOM; a file that is not UTF-8 but decodes as
  Shift_JIS (CP932, what Japanese Excel writes) is read as such with a note saying so; anything
  else raises `UnreadableFile` naming the encoding charset-normalizer guesses.
* `csv_rows(text)`: `(row number, cells)` for every record, numbered as the spreadsheet numbers
  them (blank lines count); a file that is not text or not CSV raises `UnreadableFile`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from kyoso.core.errors import DomainError


@dataclass(frozen=True)
class RowError:
    row: int  # spreadsheet row number; 1 = header, 0 = the whole file
    column: str
    message: str

    def __str__(self) -> str:
        if self.row == 0:
            return self.message
        if self.column:
            return str(
                _("row %(row)s, column %(column)s: %(message)s")
                % {"row": self.row, "column": self.column, "message": self.message}
            )
        return str(_("row %(row)s: %(message)s") % {"row": self.row, "message": self.message})

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


class ImportRejected(DomainError):
    """The file has bad rows (or cannot be read); nothing was written."""

    def __init__(self, errors: Sequence[RowError], filename: str = "") -> None:
        self.errors = list(errors)
        self.filename = filename
        if filename:
            message = _("%(file)s: %(count)s problem(s) found, nothing was imported.") % {
                "file": filename,
                "count": len(self.errors),
            }
        else:
            message = _("Nothing was imported: fix these problems and try again.")
        super().__init__(message, field="file")

    def report(self) -> str:
        """The message, then one line per problem (prefixed with the file name when known)."""
        prefix = f"{self.filename}: " if self.filename else ""
        return "\n".join([self.message] + [f"{prefix}{error}" for error in self.errors])


class UnreadableFile(Exception):
    """The file as a whole cannot be read; `str()` is the reason, fit to show the user."""


UTF8_BOM = b"\xef\xbb\xbf"


def decode_text(data: bytes) -> tuple[str, list[str]]:
    """(text, notes): UTF-8 (BOM removed), else Shift_JIS (CP932) with a note; else UnreadableFile."""
    if data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM) :]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = data.decode("cp932")
    except UnicodeDecodeError:
        text = None
    if text is not None:
        return text, [_("The file was not UTF-8; it was read as Shift_JIS (CP932).")]
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    guess = best.encoding if best is not None else _("unknown")
    raise UnreadableFile(
        _(
            "the file is not UTF-8 (byte %(position)s; it looks like %(encoding)s). "
            "Save it as “CSV UTF-8” and try again."
        )
        % {"position": utf8_error.start, "encoding": guess}
    )


def csv_rows(text: str, *, dialect: Any = csv.excel) -> Iterator[tuple[int, list[str]]]:
    """(spreadsheet row number, cells) for each record of a CSV text, the first being row 1."""
    text = text.removeprefix("\ufeff")
    if "\x00" in text[:10000]:
        raise UnreadableFile(_("the file is not a text CSV file."))
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        yield from enumerate(reader, start=1)
    except csv.Error as exc:
        raise UnreadableFile(_("the CSV file cannot be read (%(error)s).") % {"error": exc}) from exc


def is_blank(cells: Sequence[Any]) -> bool:
    """True for a row with no non-blank cell (skipped by imports, still counted in row numbers)."""
    return not any(str(cell).strip() for cell in cells if cell is not None)
