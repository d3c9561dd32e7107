"""Domain errors: exceptions whose message is fit to show the user."""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the domain was broken; `field` names the input at fault, if any."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message
