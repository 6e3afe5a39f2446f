"""Our .gitignore matching (two combined regexes) answers as pathspec's GitIgnoreSpec does for
every entry a walk meets: each directory on the way down, then the file."""

from __future__ import annotations

import pathspec
from hypothesis import given, settings
from hypothesis import strategies as st

from claude_model_lint.run.gitignore import _Ignore

PARTS = ["a", "b", "build", "x.py", "x.pyc", ".env", "doc", "_build", "lib64"]
PATTERN_PARTS = [*PARTS, "*", "?", "*.py[cod]", "**", "*.py", ".*", "b*"]


@st.composite
def patterns(draw: st.DrawFn) -> str:
    words = draw(st.lists(st.sampled_from(PATTERN_PARTS), min_size=1, max_size=3))
    pattern = "/".join(words)
    if draw(st.booleans()):
        pattern = "/" + pattern
    if draw(st.booleans()):
        pattern += "/"
    return pattern


def _walk_verdict(check: object, path: list[str]) -> bool:
    """Ignored as a walk sees it: some directory on the way, or the file itself."""
    for depth in range(1, len(path) + 1):
        is_dir = depth < len(path)
        rel = "/".join(path[:depth])
        if check(rel, path[depth - 1], is_dir):  # type: ignore[operator]
            return True
    return False


@settings(max_examples=300, deadline=None)
@given(
    lines=st.lists(patterns(), min_size=1, max_size=6),
    path=st.lists(st.sampled_from(PARTS), min_size=1, max_size=4),
)
def test_combined_regexes_agree_with_pathspec(lines: list[str], path: list[str]) -> None:
    ours = _Ignore(lines)
    spec = pathspec.GitIgnoreSpec.from_lines(lines)

    def theirs(rel: str, _name: str, is_dir: bool) -> bool:
        return bool(spec.match_file(rel + "/" if is_dir else rel))

    assert _walk_verdict(ours.check, path) == _walk_verdict(theirs, path)
