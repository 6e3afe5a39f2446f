"""BLAKE2, the content hash of the scan cache, without loading OpenSSL: ``hashlib`` imports
``_hashlib`` first (about 4 ms of every run's start, a pre-commit hook's whole budget)."""

from __future__ import annotations

try:
    from _blake2 import blake2b
except ImportError:  # an interpreter built without it: hashlib has one either way
    from hashlib import blake2b

__all__ = ["blake2b"]
