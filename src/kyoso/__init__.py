"""Kyoso (共創): open innovation between corporates and startups."""

__version__ = "0.2.0.dev0"
