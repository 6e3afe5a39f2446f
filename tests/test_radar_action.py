"""The radar's side of the Action: the workflow file docs/radar.md gives to copy is valid (parsed,
its keys and least-privilege permissions, its inputs are the action's), action.yml's radar step
passes every input to scripts/radar.sh, and that step runs as a runner runs it, against the fake
GitHub API, writing the step's outputs."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from .action_scripts import step_script
from .fake_github import FakeGitHub
from .test_radar import OPUS_DEPRECATED, PROJECT, TOKEN

ROOT = Path(__file__).parent.parent
BIN = Path(sys.executable).parent


def _workflow() -> dict[Any, Any]:
    text = (ROOT / "docs" / "radar.md").read_text()
    (block,) = re.findall(r"<!-- workflow -->\n```yaml\n(.*?)```", text, re.DOTALL)
    loaded: dict[Any, Any] = yaml.safe_load(block)
    return loaded


def _action() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ROOT / "action.yml").read_text())
    return loaded


def test_the_documented_workflow_is_valid() -> None:
    workflow = _workflow()
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true, as PyYAML does
    (schedule,) = triggers["schedule"]
    assert len(schedule["cron"].split()) == 5 and "workflow_dispatch" in triggers
    assert workflow["permissions"] == {
        "contents": "write", "pull-requests": "write", "issues": "write"
    }  # fmt: skip
    (job,) = workflow["jobs"].values()
    assert job["runs-on"] and all("uses" in step or "run" in step for step in job["steps"])
    checkout = next(s for s in job["steps"] if s["uses"].startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0
    (ours,) = [
        s for s in job["steps"] if s["uses"].startswith("claude-model-lint/claude-model-lint@")
    ]
    inputs = _action()["inputs"]
    assert set(ours["with"]) <= set(inputs) and ours["with"]["mode"] == "radar"
    assert "token" in ours["with"]


def test_each_step_passes_its_inputs_to_its_script() -> None:
    action = _action()
    inputs = action["inputs"]
    for step in action["runs"]["steps"]:
        (script,) = re.findall(r"scripts/(\w+\.sh)", step["run"])
        text = step_script(script)  # with the setup it sources
        for name, value in step["env"].items():
            assert name in text, (script, name)
            (used,) = re.findall(r"inputs\.([\w-]+)", value)
            assert used in inputs
    for name, output in action["outputs"].items():
        (step, key) = re.findall(r"steps\.(\w+)\.outputs\.([\w-]+)", output["value"])[0]
        script = "radar.sh" if step == "radar" else "action.sh"
        text = step_script(script)
        if step == "radar":  # printed by the radar itself
            radar = (ROOT / "claude_model_lint" / "commands" / "radar.py").read_text()
            assert f'"{key}":' in radar, name
        else:
            assert f'print(f"{key}=' in text, name


def test_the_radar_step_runs_as_a_runner_runs_it(tmp_path: Path) -> None:
    remote, work = tmp_path / "origin.git", tmp_path / "workspace"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(remote)], check=True)
    subprocess.run(["git", "clone", "-q", str(remote), str(work)], check=True, capture_output=True)
    for name, text in PROJECT.items():
        (work / name).parent.mkdir(parents=True, exist_ok=True)
        (work / name).write_text(text)
    (work / ".claude-model-lint.toml").write_text('registry = "opus.toml"\n')
    (work / "opus.toml").write_text(OPUS_DEPRECATED)  # the repository's own overlay
    git = ["git", "-c", "user.name=Ada", "-c", "user.email=ada@example.com"]
    subprocess.run([*git, "checkout", "-q", "-b", "main"], cwd=work, check=True)
    subprocess.run([*git, "add", "-A"], cwd=work, check=True)
    subprocess.run([*git, "commit", "-qm", "project"], cwd=work, check=True)
    subprocess.run([*git, "push", "-q", "origin", "main"], cwd=work, check=True)
    runner = tmp_path / "runner"
    scripts = runner / "claude-model-lint-venv" / "bin"
    scripts.mkdir(parents=True)  # the venv the step installs once per job: this test run's own
    for name in ("python", "claude-model-lint-radar", "claude-model-lint-registry"):
        (scripts / name).symlink_to(BIN / name)
    with FakeGitHub(remote, "acme/chat", TOKEN) as fake:
        env = {
            **os.environ, "GITHUB_ACTION_PATH": str(ROOT), "RUNNER_TEMP": str(runner),
            "RUNNER_OS": "Linux", "GITHUB_OUTPUT": str(runner / "output"),
            "GITHUB_REPOSITORY": "acme/chat", "GITHUB_API_URL": fake.url, "RADAR_TOKEN": TOKEN,
            "INPUT_LOOK_AHEAD": "2027-02-05", "INPUT_GROUP": "all", "INPUT_MAX_PULL_REQUESTS": "5",
            "INPUT_VERIFY": 'test -z "${RADAR_TOKEN:-}" && echo "checked $NEW_MODEL"',
            "INPUT_REFRESH_DATA": "false", "INPUT_REGISTRY_URL": "",
        }  # fmt: skip
        env.pop("GITHUB_TOKEN", None)
        done = subprocess.run(
            ["bash", str(ROOT / "scripts" / "radar.sh")], cwd=work, env=env,
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        (pull,) = fake.pulls()
        assert pull["head"]["ref"] == "claude-model-lint/retire-all"
        assert "exited 0: **passed**" in pull["body"]
        assert "checked us.anthropic.claude-opus-5-5 claude-opus-5-5" in pull["body"]
        (issue,) = fake.issues()
    outputs = (runner / "output").read_text()
    assert outputs == f"opened={pull['number']}\nupdated=\nclosed=\nissue={issue['number']}\n"


def test_both_steps_install_and_refresh_alike(tmp_path: Path) -> None:
    """One setup for both steps (scripts/action-setup.sh): the radar's step, run for real with
    a source that does not answer, says a failed refresh as the check's does: a notice, never
    a warning (issue 29: a failed refresh is never a failure), and the radar still runs."""
    for script in ("action.sh", "radar.sh"):
        text = (ROOT / "scripts" / script).read_text()
        assert 'source "$GITHUB_ACTION_PATH/scripts/action-setup.sh"' in text
        assert " update " not in text and "pip install" not in text  # only in the setup
    runner = tmp_path / "runner"
    scripts = runner / "claude-model-lint-venv" / "bin"
    scripts.mkdir(parents=True)
    for name in ("python", "claude-model-lint-registry"):
        (scripts / name).symlink_to(BIN / name)
    radar = scripts / "claude-model-lint-radar"  # the radar itself is tested above
    radar.write_text('#!/bin/sh\necho "radar ran: $*"\n')
    radar.chmod(0o755)
    env = {
        **os.environ, "GITHUB_ACTION_PATH": str(ROOT), "RUNNER_TEMP": str(runner),
        "RUNNER_OS": "Linux", "INPUT_REFRESH_DATA": "true",
        "INPUT_REGISTRY_URL": "http://127.0.0.1:9/models.md",  # the discard port: refused
        "CLAUDE_MODEL_LINT_CACHE_DIR": str(tmp_path / "cache"),
    }  # fmt: skip
    done = subprocess.run(
        ["bash", str(ROOT / "scripts" / "radar.sh")], cwd=tmp_path, env=env,
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "::notice title=claude-model-lint::could not refresh the model data" in done.stdout
    assert "::warning" not in done.stdout
    assert "radar ran: --repo-dir . --token-env RADAR_TOKEN" in done.stdout
