"""The mistakes a user makes, each reported as one line and exit status 2, never a traceback."""

from __future__ import annotations


class UserError(Exception):
    """A one-line reason to exit 2."""


class UsageProblem(UserError):
    """A mistake on the command line."""


class ConfigError(UserError):
    """A configuration mistake: the message names the file and the key."""


class RegistryError(UserError):
    """A registry file that cannot be used: the message names the file, the entry and the field."""
