"""Raised while reading settings from the environment; the CLI turns it into exit 2."""


class SettingsError(Exception):
    pass
