"""Accuracy of builds of claude-model-lint against each other on real repositories: their
findings, the difference, and precision and recall per code from findings read by hand.

    python bench/accuracy.py run --build base=/path/to/old-venv --build new=.venv \\
        --as-of 2026-12-07 --out /tmp/acc REPO...
    python bench/accuracy.py sample --out /tmp/acc [--per-stratum 3] [--misses 4] [--seed 30]
    python bench/accuracy.py score --out /tmp/acc

``run`` writes each build's JSON findings per repository (a HOME of its own, no scan cache) and
prints the counts per code and the difference (what one build reports and the other does not, or
says otherwise). ``sample`` writes ``labels.jsonl``: every finding of the difference, a stratified
sample of the findings both builds agree on (up to ``--per-stratum`` per repository, code and
file kind), and a sample of the candidate tokens (``claude`` followed by a version, in the files
git lists) that no build reports. Fill in each row's ``label`` by reading its line:

* a finding: ``tp`` (the code is right for what the text names), ``fp`` (wrong code, or not a
  model id), ``lenient`` (CML004 on text a person would also question: a typo test string);
* an unreported candidate: ``miss:CODE`` (a build should have said CODE), ``ok`` (rightly silent).

``score`` prints, per repository and code, each build's precision (strict and lenient) and
recall, the agreed findings weighted by the size of their stratum. Recall's truth is what is
right for that code (``tp``; a ``lenient`` CML004 names something else): the true findings of
either build and the misses found among the unreported candidates, weighted likewise. Figures go in issue notes; nothing is asserted. No fetched code is kept here.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import random
import re
import subprocess
import tempfile
from pathlib import Path
from typing import Any

Finding = dict[str, Any]
_CANDIDATE = re.compile(r"claude[-.][a-z0-9]+(?:[-.@:][a-z0-9]+)*")
_VERSION = re.compile(r"\d")
_TEXT_SUFFIXES = {
    ".py", ".ipynb", ".md", ".mdx", ".rst", ".txt", ".json", ".yaml", ".yml", ".toml", ".js",
    ".ts", ".tsx", ".sh", ".cfg", ".ini", ".env", ".html",
}  # fmt: skip


def _key(finding: Finding) -> tuple[str, int, int, str]:
    return finding["path"], finding["line"], finding["column"], finding["code"]


def _kind(path: str) -> str:
    suffix = Path(path).suffix.lower()
    return {".py": "python", ".ipynb": "notebook", ".md": "markdown", ".mdx": "markdown"}.get(
        suffix, "data" if suffix in (".json", ".yaml", ".yml", ".toml") else "other"
    )


def run(options: argparse.Namespace) -> None:
    out: Path = options.out
    out.mkdir(parents=True, exist_ok=True)
    builds = dict(item.split("=", 1) for item in options.build)
    meta = {"builds": list(builds), "repos": [str(Path(r).resolve()) for r in options.repos]}
    (out / "meta.json").write_text(json.dumps(meta, indent=1))
    with tempfile.TemporaryDirectory() as homes:
        for name, venv in builds.items():
            tool = str(Path(venv).resolve() / "bin" / "claude-model-lint")
            env = {"PATH": os.environ["PATH"], "HOME": os.path.join(homes, name)}
            for repo in meta["repos"]:
                command = [tool, "--no-cache", "--format", "json", "--as-of", options.as_of]
                done = subprocess.run(
                    [*command, "--exit-zero", "."], cwd=repo, env=env, capture_output=True,
                    text=True, check=True,
                )  # fmt: skip
                (out / f"{name}--{Path(repo).name}.json").write_text(done.stdout)
    for repo in meta["repos"]:
        _report(out, meta["builds"], Path(repo).name)


def _findings(out: Path, build: str, repo: str) -> list[Finding]:
    loaded: list[Finding] = json.loads((out / f"{build}--{repo}.json").read_text())
    return loaded


def _report(out: Path, builds: list[str], repo: str) -> None:
    first, second = (_findings(out, b, repo) for b in builds[:2])
    counts = [collections.Counter(f["code"] for f in found) for found in (first, second)]
    codes = sorted(set(counts[0]) | set(counts[1]))
    line = ", ".join(f"{c} {counts[0][c]}->{counts[1][c]}" for c in codes)
    print(f"{repo}: {len(first)} -> {len(second)} findings ({line})")
    for tag, finding in _difference(first, second):
        print(f"  {tag} {finding['path']}:{finding['line']} {finding['code']} {finding['model']}")


def _difference(first: list[Finding], second: list[Finding]) -> list[tuple[str, Finding]]:
    """('-', f) reported by the first build only, ('+', f) by the second only, ('~', f) the
    second's finding where both report the place and code but say or class it otherwise."""
    old, new = {_key(f): f for f in first}, {_key(f): f for f in second}
    rows = [("-", f) for k, f in old.items() if k not in new]
    rows += [("+", f) for k, f in new.items() if k not in old]
    rows += [
        ("~", f)
        for k, f in new.items()
        if k in old and (old[k]["message"], old[k]["context"]) != (f["message"], f["context"])
    ]
    return rows


def sample(options: argparse.Namespace) -> None:
    out: Path = options.out
    meta = json.loads((out / "meta.json").read_text())
    builds = meta["builds"]
    rows: list[dict[str, Any]] = []
    for repo_path in meta["repos"]:
        repo = Path(repo_path).name
        chooser = random.Random(f"{options.seed}:{repo}")  # a repository's sample is its own
        first, second = (_findings(out, b, repo) for b in builds[:2])
        for tag, finding in _difference(first, second):
            rows.append(_row(repo_path, repo, "diff" + tag, finding, 1.0))
        changed = {_key(f) for _, f in _difference(first, second)}
        agreed = [f for f in second if _key(f) not in changed]
        strata: dict[tuple[str, str], list[Finding]] = collections.defaultdict(list)
        for finding in agreed:
            strata[finding["code"], _kind(finding["path"])].append(finding)
        for members in strata.values():
            picked = chooser.sample(members, min(options.per_stratum, len(members)))
            for finding in picked:  # each read finding stands for its share of the stratum
                rows.append(_row(repo_path, repo, "agreed", finding, len(members) / len(picked)))
        unreported = _unreported(Path(repo_path), first + second)
        picked_tokens = chooser.sample(unreported, min(options.misses, len(unreported)))
        for path, line, token in picked_tokens:
            finding = {"path": path, "line": line, "column": 0, "code": "-", "model": token}
            share = len(unreported) / len(picked_tokens)
            rows.append(_row(repo_path, repo, "unreported", finding, share))
    labels = out / "labels.jsonl"
    if labels.exists():  # a new sample keeps the labels already given to the same rows
        given = {_row_key(r): r["label"] for r in map(json.loads, labels.open())}
        for row in rows:
            row["label"] = given.get(_row_key(row))
    with labels.open("w") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    todo = sum(row["label"] is None for row in rows)
    print(f"{len(rows)} rows, {todo} to label, in {labels}")


def _row_key(row: dict[str, Any]) -> tuple[str, ...]:
    return tuple(str(row[k]) for k in ("repo", "kind", "path", "line", "code", "model"))


def _row(root: str, repo: str, kind: str, finding: Finding, weight: float) -> dict[str, Any]:
    try:
        lines = (Path(root) / finding["path"]).read_text(encoding="utf-8", errors="replace")
        source = lines.splitlines()[finding["line"] - 1].strip()[:300]
    except (OSError, IndexError):
        source = ""
    return {
        "repo": repo, "kind": kind, "weight": weight, "path": finding["path"],
        "line": finding["line"], "code": finding["code"], "model": finding["model"],
        "context": finding.get("context"), "message": finding.get("message", "")[:200],
        "source": source, "label": None,
    }  # fmt: skip


def _unreported(repo: Path, reported: list[Finding]) -> list[tuple[str, int, str]]:
    """Candidate tokens with a version (``claude-3-opus``, not ``claude-code``) on lines where no
    build reports anything, in the text files git lists."""
    seen = {(f["path"], f["line"]) for f in reported}
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=repo, capture_output=True, text=True, check=True
    ).stdout.split("\0")
    found = []
    for name in filter(None, listed):
        if Path(name).suffix.lower() not in _TEXT_SUFFIXES:
            continue
        try:
            text = (repo / name).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        for number, line in enumerate(text.splitlines(), 1):
            if "claude" not in line or (name, number) in seen:
                continue
            found += [(name, number, m.group(0)) for m in _CANDIDATE.finditer(line)]
    return [row for row in found if _VERSION.search(row[2])]


def score(options: argparse.Namespace) -> None:
    out: Path = options.out
    builds = json.loads((out / "meta.json").read_text())["builds"][:2]
    rows = [json.loads(line) for line in (out / "labels.jsonl").open()]
    unlabelled = sum(row["label"] is None for row in rows)
    if unlabelled:
        print(f"note: {unlabelled} rows have no label yet and are left out")
    for repo in sorted({row["repo"] for row in rows}):
        mine = [row for row in rows if row["repo"] == repo and row["label"] is not None]
        codes = sorted({row["code"] for row in mine if row["code"] != "-"})
        for code in codes:
            print(
                f"{repo} {code}: "
                + "; ".join(_figures(mine, code, b, i) for i, b in enumerate(builds))
            )


def _figures(rows: list[dict[str, Any]], code: str, build: str, which: int) -> str:
    """Weighted precision (strict, lenient) and recall of one build for one code."""
    own, other = ("diff-", "diff+") if which == 0 else ("diff+", "diff-")
    mine = [r for r in rows if r["code"] == code and r["kind"] in ("agreed", "diff~", own)]
    weight = sum(r["weight"] for r in mine)
    strict = sum(r["weight"] for r in mine if r["label"] == "tp")
    lenient = sum(r["weight"] for r in mine if r["label"] in ("tp", "lenient"))
    found = strict  # recall counts what is right for that code: a 'lenient' CML004 is not
    missed = sum(r["weight"] for r in rows if r["code"] == code and r["kind"] == other
                 and r["label"] == "tp")  # fmt: skip
    missed += sum(r["weight"] for r in rows if r["label"] == f"miss:{code}")
    recall = found / (found + missed) if found + missed else 1.0
    if not weight:
        return f"{build} P - R {recall:.1%}"
    return (
        f"{build} P {strict / weight:.1%} (lenient {lenient / weight:.1%}) R {recall:.1%} "
        f"[read {len(mine)} of {weight:.0f}]"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    first = commands.add_parser("run")
    first.add_argument("--build", action="append", required=True, metavar="NAME=VENV")
    first.add_argument("--as-of", default="2026-12-07")
    first.add_argument("--out", type=Path, required=True)
    first.add_argument("repos", nargs="+")
    second = commands.add_parser("sample")
    second.add_argument("--out", type=Path, required=True)
    second.add_argument("--per-stratum", type=int, default=3)
    second.add_argument("--misses", type=int, default=4)
    second.add_argument("--seed", type=int, default=30)
    third = commands.add_parser("score")
    third.add_argument("--out", type=Path, required=True)
    options = parser.parse_args()
    {"run": run, "sample": sample, "score": score}[options.command](options)


if __name__ == "__main__":
    main()
