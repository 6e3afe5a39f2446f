"""The team's own check, run on the migrated tree before anyone reviews it: the old and new ids,
the platform and the changed files in its environment, and never the token that can push."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

TAIL_LINES = 40
TAIL_CHARS = 4000
# names that hold credentials in a GitHub Actions job (and the radar's own)
SECRET_NAMES = ("GITHUB_TOKEN", "GH_TOKEN", "INPUT_TOKEN", "RADAR_TOKEN", "ACTIONS_RUNTIME_TOKEN",
                "ACTIONS_ID_TOKEN_REQUEST_TOKEN", "ACTIONS_ID_TOKEN_REQUEST_URL")  # fmt: skip


@dataclass(frozen=True)
class Verified:
    command: str
    exit_code: int | None  # None: it did not finish in time
    tail: str

    @property
    def passed(self) -> bool:
        return self.exit_code == 0


def run_verify(
    command: str, tree: Path, old: list[str], new: list[str], platform: str, files: list[str],
    token: str | None, timeout: float,
) -> Verified:  # fmt: skip
    """Run ``command`` with bash in ``tree``; its exit code and the tail of what it printed."""
    env = {
        name: value for name, value in os.environ.items()
        if name not in SECRET_NAMES and not (token and token in value)
    }  # fmt: skip
    env.update(
        OLD_MODEL=" ".join(old), NEW_MODEL=" ".join(new), PLATFORM=platform,
        CHANGED_FILES="\n".join(files),
    )  # fmt: skip
    try:
        done = subprocess.run(
            ["bash", "-c", command], cwd=tree, env=env, stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=timeout, check=False,
        )  # fmt: skip
        code: int | None = done.returncode
        output = done.stdout
    except subprocess.TimeoutExpired as exc:
        code, output = None, (exc.output or b"") + f"\n(stopped after {timeout:g} s)\n".encode()
    return Verified(command, code, tail(output.decode("utf-8", "replace"), token))


def tail(text: str, token: str | None) -> str:
    """The last lines, short enough for a pull request body, with the token blanked."""
    lines = text.rstrip("\n").splitlines()[-TAIL_LINES:]
    out = "\n".join(lines)[-TAIL_CHARS:]
    return out.replace(token, "***") if token else out
