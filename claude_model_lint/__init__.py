"""claude-model-lint: find deprecated and retired Claude model ids, and rewrite them."""

from __future__ import annotations

__version__ = "0.1.0"  # the one place; pyproject.toml reads it (importlib.metadata costs ~50 ms)

__all__ = ["__version__"]
