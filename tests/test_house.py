"""The house: every import points down the layers, and no module imports itself round a circle.

The imports are read from the source (ast), every one of them: at the top, inside a function (a
lazy import still ties the layers) and under ``TYPE_CHECKING``. The layer order is written once,
here; a new folder must take its place in it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "claude_model_lint"
NAME = PACKAGE.name

# Top to bottom. A module may import its own folder and any layer below its own; folders on one
# line are siblings and may not import each other. The package's own top-level modules
# (model_ids, rules, types, config, dates, ...) are the vocabulary at the bottom.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("__main__",),  # python -m claude_model_lint
    ("commands",),  # click, thin: the entry points
    ("agents",),  # the agent hook and MCP server (the MCP tools answer as the server does)
    ("server", "usage", "radar", "gate"),  # the LSP server, the usage audit, the radar, the gate
    ("run",),  # which files, on which cores, cached
    ("check",),  # one file in, one result out
    ("scanners", "registry", "reporters", "repo"),  # find; know the models; print; the files
)
VOCABULARY = len(LAYERS)

# The one circle left, by design a recursion: an example in a docstring or a Markdown block is
# scanned as the format it is written in (each side imports the other lazily). Listed so that no
# new circle can come in; break it, strike it here.
KNOWN_CIRCLES = [
    [f"{NAME}.scanners.examples", f"{NAME}.scanners.python", f"{NAME}.scanners.text"],
]


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The package's modules that ``name`` imports, wherever in the file the import stands."""
    is_package = path.name == "__init__.py"
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.split(".")[0] == NAME)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".") if is_package else name.split(".")[:-1]
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            if target.split(".")[0] != NAME:
                continue
            for alias in node.names:  # `from . import roles` imports a module, not a name
                submodule = f"{target}.{alias.name}"
                found.add(submodule if submodule in modules else target)
    found.discard(name)
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(name, path, modules) for name, path in modules.items()}


def _folder(module: str) -> str:
    """The module's folder below the package (a folder's ``__init__`` is its folder's), or ''
    for the vocabulary at the top level."""
    parts = module.split(".")
    if len(parts) > 2:
        return parts[1]
    if len(parts) == 2 and (parts[1] == "__main__" or (PACKAGE / parts[1]).is_dir()):
        return parts[1]
    return ""


def _rank(module: str) -> int:
    folder = _folder(module)
    if folder == "":
        return VOCABULARY
    for rank, folders in enumerate(LAYERS):
        if folder in folders:
            return rank
    raise AssertionError(f"{module}: its folder {folder!r} has no place in LAYERS")


def upward_imports(graph: dict[str, set[str]]) -> list[str]:
    """Every import of a layer above (or of a sibling folder on the same line), as 'a -> b'."""
    wrong = []
    for module, imported in sorted(graph.items()):
        for target in sorted(imported):
            same_folder = _folder(module) == _folder(target)
            if not same_folder and _rank(target) <= _rank(module):
                wrong.append(f"{module} -> {target}")
    return wrong


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in graph:
                    continue
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_every_import_points_down() -> None:
    assert upward_imports(_graph()) == []


def test_no_module_imports_itself_round_a_circle() -> None:
    assert circles(_graph()) == KNOWN_CIRCLES


def test_every_folder_has_a_layer() -> None:
    folders = {path.name for path in PACKAGE.iterdir() if (path / "__init__.py").exists()}
    placed = {folder for line in LAYERS for folder in line}
    assert folders - placed == set()


@pytest.mark.parametrize(
    ("graph", "wrong"),
    [
        pytest.param(
            {f"{NAME}.check.engine": {f"{NAME}.run.files"}, f"{NAME}.run.files": set()},
            [f"{NAME}.check.engine -> {NAME}.run.files"],
            id="check-imports-run",
        ),
        pytest.param(
            {f"{NAME}.server.linting": {f"{NAME}.commands.lint"}, f"{NAME}.commands.lint": set()},
            [f"{NAME}.server.linting -> {NAME}.commands.lint"],
            id="server-imports-commands",
        ),
        pytest.param(
            {f"{NAME}.scanners.text": {f"{NAME}.registry.registry"}},
            [f"{NAME}.scanners.text -> {NAME}.registry.registry"],
            id="siblings",
        ),
        pytest.param(
            {f"{NAME}.types": {f"{NAME}.scanners"}},
            [f"{NAME}.types -> {NAME}.scanners"],
            id="vocabulary-imports-a-folder",
        ),
        pytest.param(
            {f"{NAME}.run.files": {f"{NAME}.check.engine", f"{NAME}.repo.root", f"{NAME}.types"}},
            [],
            id="down",
        ),
    ],
)
def test_upward_imports_are_found(graph: dict[str, set[str]], wrong: list[str]) -> None:
    assert upward_imports(graph) == wrong


def test_circles_are_found() -> None:
    graph = {
        "a": {"b"},
        "b": {"c"},
        "c": {"a", "d"},
        "d": set(),
        "e": {"e2"},
        "e2": {"e"},
    }
    assert circles(graph) == [["a", "b", "c"], ["e", "e2"]]


def test_imports_are_read_wherever_they_stand(tmp_path: Path) -> None:
    source = tmp_path / "judging.py"
    source.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from .engine import RunOptions\n"
        "def judge():\n"
        "    from ..scanners import KEYED\n"
        "    from . import roles\n"
    )
    modules = {f"{NAME}.check.engine": source, f"{NAME}.check.roles": source}
    assert _imports(f"{NAME}.check.judging", source, modules) == {
        f"{NAME}.check.engine",
        f"{NAME}.scanners",
        f"{NAME}.check.roles",
    }
