"""The maintainers' refresh: read Anthropic's sources as `update` does, and fold what they say
into the bundled data file itself (not a user cache), with a summary for the pull request.

It is `update` run into a scratch cache directory, so it takes the same sources, refuses the
same older copies (never backwards) and lists the same disagreements; each fetched layer is
then folded into models.toml under a source name of its own (PAGE-<date>, SDK-<version>).
The summary compares the registry before and after, so it says what the file's diff does.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

from ..errors import RegistryError
from ..safe_read import NotReadable, read_regular
from . import bundled
from . import fetched as fetched_layer
from .data_edit import fold
from .data_in_use import KINDS
from .refresh_summary import summary
from .registry import OVERLAY_BYTES, load_registry
from .updater import run_update

NO_CHANGE = "no change"


class Refreshed(NamedTuple):
    code: int  # 0: refreshed or nothing moved; 2: a source failed (what did come is kept)
    changed: bool
    report: str  # the summary (Markdown), or the one-line reasons


def refresh(
    data: Path, url: str, index: str, source: str = "all", timeout: float = 30.0
) -> Refreshed:
    """Read the sources, fold them into ``data`` (written only when something changed)."""
    try:  # a FIFO named by --data waited for ever, past any --timeout
        before_text = read_regular(data, OVERLAY_BYTES).decode("utf-8")
    except (NotReadable, UnicodeDecodeError) as exc:
        return Refreshed(2, False, f"{data}: cannot read the data file: {exc}")
    with _bundled_at(data), tempfile.TemporaryDirectory(prefix="cml-refresh-") as scratch:
        with _cache_at(Path(scratch)):
            code, message = run_update(url, timeout, force=True, source=source, index=index)
            copies = [c for c in (fetched_layer.read(k)[0] for k in KINDS) if c is not None]
        message = message.replace(f" into {scratch}{os.sep}", " into the scratch copy ")
        copies.sort(key=lambda c: (c.date, KINDS.index(c.kind)))  # as a lint run layers them
        try:
            before = load_registry()
        except RegistryError as exc:
            return Refreshed(2, False, f"{data}: {exc}")
    said = [line.strip() for line in message.splitlines() if not line.startswith("Registry in")]
    text, keys = before_text, {}
    for copy in copies:
        key = f"PAGE-{copy.date}" if copy.kind == "page" else f"SDK-{_version(copy.dated_by)}"
        text, moved = fold(text, copy.overlay, key)
        if moved:
            keys[key] = copy.label()
    if text == before_text:
        return Refreshed(code, False, "\n".join([*said, f"{data}: {NO_CHANGE}"]))
    with tempfile.TemporaryDirectory(prefix="cml-refresh-") as scratch:
        candidate = Path(scratch) / "models.toml"
        candidate.write_text(text, "utf-8")
        with _bundled_at(candidate):
            try:
                after = load_registry()
            except RegistryError as exc:  # the fold made a file that does not load: keep ours
                return Refreshed(2, False, f"{data}: the refreshed data does not load: {exc}")
    data.write_text(text, "utf-8")
    return Refreshed(code, True, summary(before, after, keys, said))


def _version(dated_by: str) -> str:
    return dated_by.removeprefix("release ")


@contextmanager
def _bundled_at(path: Path) -> Iterator[None]:
    """Read ``path`` as the bundled data (the file this refresh writes, a copy in tests)."""
    kept = bundled.PATH
    bundled.PATH = path
    try:
        yield
    finally:
        bundled.PATH = kept


@contextmanager
def _cache_at(path: Path) -> Iterator[None]:
    """`update` writes its layers here, never into the maintainer's own cache."""
    kept = os.environ.get("CLAUDE_MODEL_LINT_CACHE_DIR")
    os.environ["CLAUDE_MODEL_LINT_CACHE_DIR"] = str(path)
    try:
        yield
    finally:
        if kept is None:
            del os.environ["CLAUDE_MODEL_LINT_CACHE_DIR"]
        else:
            os.environ["CLAUDE_MODEL_LINT_CACHE_DIR"] = kept
