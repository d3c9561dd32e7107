"""Changing SSO settings needs a recent sign-in: allauth's reauthentication (password, passkey or the IdP)."""

from allauth.account.decorators import reauthentication_required

__all__ = ["reauthentication_required"]
