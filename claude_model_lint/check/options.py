"""What checking a file is asked (``RunOptions``) and what scanning it found (``ScanRecord``):
shared by the engine, the judging, the cache and the layers above, so that none of them imports
the engine to name them."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ..config import Config
from ..types import Occurrence

if TYPE_CHECKING:
    from ..registry.registry import Registry
    from ..repo.configs import Configs
    from ..scanners.calls import CallSite

PYTHON_SUFFIXES = frozenset({".py", ".pyi", ".pyw"})


@dataclass(frozen=True)
class RunOptions:
    config: Config
    registry_source: Registry | Callable[[], Registry]  # a loader: read when an id is judged
    as_of: date
    fix: bool = False  # compute the fixed text (for --fix and --diff)
    write: bool = False  # and write it back (--fix)
    unsafe_fixes: bool = False  # also fixes that change behaviour (removing a rejected parameter)
    configs: Configs | None = None  # each file's config; without it, ``config`` for every file
    overlays: Callable[[tuple[Path, ...]], Registry] | None = None  # a nested config's registry

    @property
    def registry(self) -> Registry:
        source = self.registry_source
        return source() if callable(source) else source

    def registry_for(self, config: Config) -> Registry:
        if self.overlays is None or config.registry == self.config.registry:
            return self.registry
        return self.overlays(config.registry)

    def parameters(
        self, config: Config | None = None, keys: Iterable[str] | None = None
    ) -> frozenset[str]:
        """The request parameters some model rejects: what the CML007 call finder looks for.
        ``keys``: the ids a file names; none of them a model some rule covers, nothing to look
        for (a call's model is a literal or a module constant of the same file)."""
        registry = self.registry_for(config or self.config)
        rules = registry.parameter_rules.values()
        if keys is not None and not any(_judged_by_rules(registry, key) for key in set(keys)):
            return frozenset()
        return frozenset(p for rule in rules for p in rule.parameters)


def _judged_by_rules(registry: Registry, key: str) -> bool:
    """Does a parameter rule cover the model ``key`` names, or the model a fix would move it
    to (a migration asks whether that model accepts the request)?"""
    resolved = registry.resolve(key)
    seen: set[str] = set()
    model = resolved[0] if resolved is not None else None
    while model is not None and model.id not in seen:  # the whole chain: a fix goes past legacy
        if registry.rules_for(model):
            return True
        seen.add(model.id)
        model = registry.models.get(model.replacement) if model.replacement else None
    return False


@dataclass(frozen=True)
class ScanRecord:
    """What scanning one file found: enough to judge it again without reading it."""

    notes: tuple[str, ...] = ()
    checked: bool = True
    occurrences: tuple[Occurrence, ...] = ()
    extra_lines: Mapping[int, int] = field(default_factory=dict)  # occurrence start -> line
    lines: Mapping[int, str] = field(default_factory=dict)  # line number -> text
    calls: tuple[CallSite, ...] = ()  # messages.create calls that pass request parameters
    # Python: '' when the whole module parses, else why not; None until a step needed to know
    syntax: str | None = None
    # Python: the comments holding a pragma, by line (python_pragmas); None: the lines' text
    pragmas: Mapping[int, str] | None = None


NOTHING_FOUND = ScanRecord()  # most files: read, searched, nothing in them
