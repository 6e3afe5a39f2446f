"""The GitHub Action's step (scripts/action.sh) run as a runner runs it: its environment
variables, a venv in RUNNER_TEMP, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from packaging.requirements import Requirement

from .action_scripts import step_script
from .conftest import AS_OF

ROOT = Path(__file__).parent.parent
SCHEMA = json.loads((Path(__file__).parent / "schemas" / "sarif-2.1.0-rtm.5.json").read_text())
BIN = Path(sys.executable).parent


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / "my dir").mkdir(parents=True)
    (root / "my dir" / "app.py").write_text('A = "claude-3-opus-20240229"\n')
    (root / "other.py").write_text('B = "claude-opus-4@20250805"\n')  # CML004, a warning
    return root


def _venv(runner: Path, windows: bool = False) -> Path:
    """The venv the step installs once per job, made of this test run's own scripts; the
    linter is wrapped so that each of its runs is logged."""
    scripts = runner / "claude-model-lint-venv" / ("Scripts" if windows else "bin")
    scripts.mkdir(parents=True)
    exe = ".exe" if windows else ""
    log = runner / "runs.log"
    (scripts / f"python{exe}").symlink_to(sys.executable)
    (scripts / f"claude-model-lint-registry{exe}").symlink_to(BIN / "claude-model-lint-registry")
    wrapper = scripts / f"claude-model-lint{exe}"
    wrapper.write_text(
        f'#!/bin/sh\necho "$*" >> "{log}"\nexec "{BIN / "claude-model-lint"}" "$@"\n'
    )
    wrapper.chmod(0o755)
    return log


def _step(project: Path, runner: Path, **inputs: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ, "GITHUB_ACTION_PATH": str(ROOT), "RUNNER_TEMP": str(runner),
        "RUNNER_OS": "Linux", "GITHUB_OUTPUT": str(runner / "output"),
        "GITHUB_STEP_SUMMARY": str(runner / "summary.md"), "INPUT_AS_OF": AS_OF,
        "INPUT_FAIL_ON": "error", "INPUT_REFRESH_DATA": "false", "INPUT_SARIF_FILE": "",
        "INPUT_REGISTRY_URL": "", **inputs,
    }  # fmt: skip
    return subprocess.run(
        ["bash", str(ROOT / "scripts" / "action.sh")], cwd=project, env=env,
        capture_output=True, text=True, timeout=900,  # a first step pip-installs
    )  # fmt: skip


def _outputs(runner: Path) -> dict[str, str]:
    lines = (runner / "output").read_text().splitlines()
    return dict(line.split("=", 1) for line in lines)


def test_multi_line_args_quoted_path_one_run_and_outputs(project: Path, tmp_path: Path) -> None:
    runner = tmp_path / "runner"
    log = _venv(runner)
    sarif = runner / "reports" / "not yet" / "out.sarif"  # its directory does not exist
    args = '"my dir/app.py" other.py\n--select CML001\n'
    result = _step(project, runner, INPUT_ARGS=args, INPUT_SARIF_FILE=str(sarif))
    assert result.returncode == 1, result.stderr
    # the second line's --select took effect: other.py's CML004 is not reported
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::error ")]
    assert len(annotations) == 1 and "file=my dir/app.py,line=1," in annotations[0]
    assert "::warning file=" not in result.stdout
    assert len(log.read_text().splitlines()) == 1  # annotations, summary and SARIF: one run
    assert (runner / "summary.md").read_text().count("## claude-model-lint: 1 finding ") == 1
    log_json = json.loads(sarif.read_text())
    jsonschema.Draft4Validator(SCHEMA).validate(log_json)
    assert [r["ruleId"] for r in log_json["runs"][0]["results"]] == ["CML001"]
    assert _outputs(runner) == {
        "findings": "1", "errors": "1", "warnings": "0", "fixable": "1",
        "sarif-file": str(sarif),
    }  # fmt: skip


def test_outputs_without_a_sarif_input(project: Path, tmp_path: Path) -> None:
    runner = tmp_path / "runner"
    _venv(runner)
    result = _step(project, runner, INPUT_ARGS=".", INPUT_FAIL_ON="error")
    assert result.returncode == 1, result.stderr
    outputs = _outputs(runner)
    assert outputs["findings"] == "2" and outputs["errors"] == "1" and outputs["warnings"] == "1"
    assert Path(outputs["sarif-file"]).parent == runner and Path(outputs["sarif-file"]).is_file()


def test_a_windows_runner_uses_the_scripts_directory(project: Path, tmp_path: Path) -> None:
    runner = tmp_path / "runner"
    log = _venv(runner, windows=True)
    result = _step(project, runner, INPUT_ARGS="other.py", RUNNER_OS="Windows")
    assert result.returncode == 0, result.stderr  # a warning, under fail-on error
    assert "::warning file=other.py," in result.stdout and log.read_text().count("\n") == 1


def test_an_unbalanced_quote_in_args_fails_the_step_with_one_line(
    project: Path, tmp_path: Path
) -> None:
    runner = tmp_path / "runner"
    log = _venv(runner)
    result = _step(project, runner, INPUT_ARGS='"my dir/app.py')
    assert result.returncode == 2 and "the args input: No closing quotation" in result.stderr
    assert result.stdout.startswith("::error title=claude-model-lint::the args input")
    assert not log.exists()  # nothing ran on a half-read argument list


def test_action_inputs_and_outputs_match_the_script() -> None:
    action = (ROOT / "action.yml").read_text()
    script = step_script("action.sh")  # with scripts/action-setup.sh, which it sources
    # the check's step only: the radar's is tested by test_radar_action
    check_step = action.split("- name: claude-model-lint radar")[0]
    for name in re.findall(r"\b(INPUT_[A-Z_]+)\b", check_step):
        assert name in script
    for name in ("findings", "errors", "warnings", "fixable", "sarif-file"):
        assert f"steps.lint.outputs.{name} }}}}" in action and f'print(f"{name}=' in script


def test_the_constraints_pin_every_dependency_within_its_range() -> None:
    import tomllib

    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    pins: dict[str, Requirement] = {}
    for line in (ROOT / "scripts" / "action-constraints.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            pin = Requirement(line)
            assert len(pin.specifier) == 1 and next(iter(pin.specifier)).operator == "=="
            pins[pin.name.lower()] = pin
    for text in dependencies:
        wanted = Requirement(text)
        pin = pins[wanted.name.lower()]
        assert wanted.specifier.contains(next(iter(pin.specifier)).version), text
        assert pin.marker == wanted.marker, text


def test_the_first_step_of_a_job_installs_the_pinned_versions(
    project: Path, tmp_path: Path
) -> None:
    """No venv yet, as on a fresh runner: the step makes one and installs the tool from the
    action's checkout with the constraints file (from PyPI, as pre-commit's test does)."""
    runner = tmp_path / "runner"
    runner.mkdir()
    result = _step(project, runner, INPUT_ARGS="other.py")
    assert result.returncode == 0, result.stderr
    assert "::warning file=other.py," in result.stdout
    venv_python = runner / "claude-model-lint-venv" / "bin" / "python"
    freeze = subprocess.run(
        [str(venv_python), "-m", "pip", "freeze", "--exclude", "claude-model-lint"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    installed = {Requirement(line).name.lower(): line for line in freeze.split()}
    pinned = set()
    for line in (ROOT / "scripts" / "action-constraints.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            pin = Requirement(line)
            if pin.marker is None or pin.marker.evaluate():
                assert installed[pin.name.lower()].lower() == str(pin).lower()
                pinned.add(pin.name.lower())
    assert set(installed) == pinned  # every dependency, direct or not, is pinned


def _pull_request(tmp_path: Path, project: Path) -> dict[str, str]:
    """A pull request's event: the project a clone whose base commit has app.py's id, and the
    pull request adds other.py's; the base is only on the remote (a shallow checkout)."""
    import shutil

    def git(cwd: Path, *args: str) -> str:
        return subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
            cwd=cwd, check=True, capture_output=True, text=True,
        ).stdout.strip()  # fmt: skip

    origin = tmp_path / "origin"
    shutil.copytree(project, origin)
    (origin / "other.py").unlink()
    git(origin, "init", "-q", "-b", "main")
    git(origin, "add", "-A")
    git(origin, "commit", "-qm", "base")
    base = git(origin, "rev-parse", "HEAD")
    git(origin, "checkout", "-qb", "pr")
    shutil.copy(project / "other.py", origin / "other.py")
    git(origin, "add", "-A")
    git(origin, "commit", "-qm", "pr")
    shutil.rmtree(project)
    git(tmp_path, "clone", "-q", "--depth=1", "--branch", "pr", f"file://{origin}", str(project))
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"pull_request": {"base": {"sha": base, "ref": "main"}}}))
    return {"GITHUB_EVENT_NAME": "pull_request", "GITHUB_EVENT_PATH": str(event)}


def test_a_pull_request_is_judged_by_what_it_changes(project: Path, tmp_path: Path) -> None:
    runner = tmp_path / "runner"
    log = _venv(runner)
    env = _pull_request(tmp_path, project)
    result = _step(project, runner, INPUT_FAIL_ON="warning", **env)
    assert result.returncode == 1, result.stderr
    assert "::warning file=other.py,line=1," in result.stdout  # the pull request's own id
    assert "my dir/app.py" not in result.stdout  # on the base already: counted, not failed
    assert "--diff-base" in log.read_text()
    assert "Not judged: 1 outside the change since" in (runner / "summary.md").read_text()
    off = _step(project, runner, INPUT_FAIL_ON="warning", INPUT_DIFF_BASE="false", **env)
    assert "file=my dir/app.py" in off.stdout


def test_fixable_counts_what_fix_would_rewrite(project: Path, tmp_path: Path) -> None:
    """A catalog's ids have only unsafe fixes: --fix leaves them, so 'fixable' does not count
    them (it counted every fix: 14 where --fix wrote 12)."""
    (project / "catalog.py").write_text('OLD = {"claude-2.1", "claude-2.0"}\n')
    runner = tmp_path / "runner"
    _venv(runner)
    _step(project, runner, INPUT_ARGS=".")
    outputs = _outputs(runner)
    assert outputs["errors"] == "3" and outputs["fixable"] == "1"  # my dir/app.py's use


def test_the_job_summary_says_the_verdict_and_can_be_turned_off(
    project: Path, tmp_path: Path
) -> None:
    runner = tmp_path / "runner"
    _venv(runner)
    _step(project, runner, INPUT_ARGS=".", INPUT_FAIL_ON="error")
    text = (runner / "summary.md").read_text()
    assert "**Fails**: findings of severity `error` or worse; 1 fixable with `--fix`." in text
    assert "\nCoverage: every file in scope read" in text  # the Action's summary says it too
    (runner / "summary.md").unlink()
    _step(project, runner, INPUT_ARGS="other.py", INPUT_FAIL_ON="error")
    assert "**Passes** (`fail-on: error`)." in (runner / "summary.md").read_text()
    (runner / "summary.md").unlink()
    off = _step(project, runner, INPUT_ARGS=".", INPUT_JOB_SUMMARY="false")
    assert off.returncode == 1 and not (runner / "summary.md").exists()


def test_a_backslash_continues_a_line_of_args(project: Path, tmp_path: Path) -> None:
    runner = tmp_path / "runner"
    log = _venv(runner)
    result = _step(project, runner, INPUT_ARGS='"my dir" \\\n  --select CML004 \\\n  other.py')
    assert result.returncode == 0, result.stderr  # CML004 is a warning; fail-on error
    assert log.read_text().rstrip("\n").endswith("my dir --select CML004 other.py")


def test_a_failed_refresh_is_a_warning_and_said_in_the_summary(
    project: Path, tmp_path: Path
) -> None:
    import socket

    with socket.socket() as closed:  # a port nothing listens on: the fetch fails at once
        closed.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{closed.getsockname()[1]}/model-deprecations.md"
    runner = tmp_path / "runner"
    _venv(runner)
    result = _step(
        project, runner, INPUT_REFRESH_DATA="true", INPUT_REGISTRY_URL=url, INPUT_FAIL_ON="error"
    )
    assert result.returncode == 1  # the findings' verdict, not the refresh's
    assert "could not refresh the model data" in result.stdout
    assert "the model data could not be refreshed" in (runner / "summary.md").read_text()


# issue 36, items 1 and 16: a `sarif-file` holding a newline would add lines such as `errors=0`
# to $GITHUB_OUTPUT; names after `--` in `args` are files, whatever they look like
def test_a_newline_in_sarif_file_fails_the_step_and_forges_nothing(
    project: Path, tmp_path: Path
) -> None:
    runner = tmp_path / "runner"
    log = _venv(runner)
    forged = str(runner / "out.sarif") + "\nerrors=0\nfindings=0"
    result = _step(project, runner, INPUT_ARGS=".", INPUT_SARIF_FILE=forged)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stdout.startswith("::error title=claude-model-lint::the sarif-file input")
    assert not (runner / "output").exists() or "errors=0" not in (runner / "output").read_text()
    assert not log.exists()


def test_names_after_double_dash_in_args_are_files(project: Path, tmp_path: Path) -> None:
    runner = tmp_path / "runner"
    _venv(runner)
    (project / "--exit-zero").write_text('A = "claude-2.1"\n')
    result = _step(project, runner, INPUT_ARGS="-- --exit-zero")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "::error file=--exit-zero,line=1," in result.stdout
    assert _outputs(runner)["errors"] == "1"


def test_a_forged_base_sha_is_never_an_option_to_git_fetch(project: Path, tmp_path: Path) -> None:
    """Review D2: the event's base sha went to ``git fetch`` as is; ``--upload-pack=CMD`` ran CMD."""
    runner = tmp_path / "runner"
    _venv(runner)
    env = _pull_request(tmp_path, project)
    pwned = tmp_path / "PWNED"
    forged = {"pull_request": {"base": {"sha": f"--upload-pack=touch {pwned};", "ref": "main"}}}
    Path(env["GITHUB_EVENT_PATH"]).write_text(json.dumps(forged))
    result = _step(project, runner, INPUT_FAIL_ON="warning", **env)
    assert not pwned.exists()
    assert "base is not a commit id" in result.stdout
    assert "file=my dir/app.py" in result.stdout  # judged in full, as without a base


def test_a_sarif_file_this_run_did_not_write_gives_no_outputs(
    project: Path, tmp_path: Path
) -> None:
    """Review 3 m6: the tool stopped (exit 2) before writing; the step read a stale (committed)
    SARIF at that path and said findings=0."""
    runner = tmp_path / "runner"
    _venv(runner)
    stale = project / "results.sarif"
    stale.write_text(json.dumps({"version": "2.1.0", "runs": [{"results": []}]}))
    result = _step(project, runner, INPUT_ARGS="--select NOPE .", INPUT_SARIF_FILE=str(stale))
    assert result.returncode == 2, result.stdout + result.stderr
    assert not (runner / "output").exists() or "findings=" not in (runner / "output").read_text()
    assert "::warning title=claude-model-lint::this run wrote no SARIF (exit 2)" in result.stdout
    done = _step(project, runner, INPUT_ARGS=".", INPUT_SARIF_FILE=str(runner / "r.sarif"))
    assert done.returncode == 1 and _outputs(runner)["findings"] == "2"  # a written one counts
