"""The team's own check, run on the migrated tree before anyone reviews it: the old and new ids,
the platform and the changed files in its environment, and never the token that can push.

It runs in a clone of its own (git.Repository.verify_copy) whose git config holds no credentials,
with git's global and system config switched off, and its output is kept as a bounded tail of
bytes (a command that prints for ever costs TAIL_BYTES of memory), with every known encoding of
each secret blanked before anything of it is published."""

from __future__ import annotations

import base64
import contextlib
import os
import signal
import subprocess
import threading
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

TAIL_LINES = 40
TAIL_CHARS = 4000
TAIL_BYTES = 256 * 1024  # what is kept of the output while the command runs
# names that hold credentials in a GitHub Actions job (and the radar's own)
SECRET_NAMES = ("GITHUB_TOKEN", "GH_TOKEN", "INPUT_TOKEN", "RADAR_TOKEN", "ACTIONS_RUNTIME_TOKEN",
                "ACTIONS_ID_TOKEN_REQUEST_TOKEN", "ACTIONS_ID_TOKEN_REQUEST_URL")  # fmt: skip
# git variables that would point the command's git at another repository, config or helper
GIT_NAMES = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR", "GIT_OBJECT_DIRECTORY",
             "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_ASKPASS", "SSH_ASKPASS")  # fmt: skip
NO_GIT_CONFIG = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
                 "GIT_TERMINAL_PROMPT": "0"}  # fmt: skip


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
    secrets: Iterable[str | None], timeout: float,
) -> Verified:  # fmt: skip
    """Run ``command`` with bash in ``tree``; its exit code and the tail of what it printed."""
    hidden = spellings(secrets)
    env = {
        name: value for name, value in os.environ.items()
        if name not in SECRET_NAMES and name not in GIT_NAMES and not name.startswith("GIT_CONFIG")
        and not any(form in value for form in hidden)
    }  # fmt: skip
    env.update(NO_GIT_CONFIG)
    env.update(
        OLD_MODEL=" ".join(old), NEW_MODEL=" ".join(new), PLATFORM=platform,
        CHANGED_FILES="\n".join(files),
    )  # fmt: skip
    code, output, cut = _run(["bash", "-c", command], tree, env, timeout)
    stopped = "" if code is not None else f"\n(stopped after {timeout:g} s)"
    return Verified(blank(command, hidden), code, tail(output, hidden, cut) + stopped)


def _run(
    argv: list[str], cwd: Path, env: dict[str, str], timeout: float
) -> tuple[int | None, bytes, bool]:
    """Exit code (None: stopped at the timeout), the last TAIL_BYTES of the output, whether the
    output was longer. The command and whatever it started are stopped at the timeout."""
    kept = bytearray()
    cut = [False]
    with subprocess.Popen(
        argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, start_new_session=True,
    ) as proc:  # fmt: skip

        def read() -> None:
            assert proc.stdout is not None
            with contextlib.suppress(OSError):
                while chunk := os.read(proc.stdout.fileno(), 65536):
                    kept.extend(chunk)
                    if len(kept) > TAIL_BYTES:
                        del kept[: len(kept) - TAIL_BYTES]
                        cut[0] = True

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        code: int | None
        try:
            code = proc.wait(timeout)
        except subprocess.TimeoutExpired:
            code = None
        if code is not None:
            reader.join(5)  # what is left in the pipe; children of the command may still hold it
        if code is None or reader.is_alive():
            _stop(proc)
            proc.wait()
            reader.join(5)
    return code, bytes(kept), cut[0]


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """The command and its process group (its own session: what it started too)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (OSError, AttributeError):  # already gone; Windows has no process groups to kill
        proc.kill()


def spellings(secrets: Iterable[str | None]) -> list[str]:
    """Each secret as it may be printed: raw, URL-encoded, base64 (alone and as git's basic
    ``x-access-token:`` header, standard and URL-safe alphabets) and hex; longest first."""
    forms: set[str] = set()
    for secret in filter(None, secrets):
        forms |= {secret, urllib.parse.quote(secret, safe=""), urllib.parse.quote_plus(secret)}
        for raw in (secret.encode(), f"x-access-token:{secret}".encode()):
            for encode in (base64.b64encode, base64.urlsafe_b64encode):
                forms.add(encode(raw).decode().rstrip("="))
        forms.add(secret.encode().hex())
    return sorted((form for form in forms if len(form) >= 4), key=len, reverse=True)


def blank(text: str, hidden: list[str]) -> str:
    for form in hidden:
        text = text.replace(form, "***")
    return text


def tail(output: bytes, hidden: list[str], cut: bool = False) -> str:
    """The last lines, short enough for a pull request body, with every secret's spelling blanked
    (a cut through a secret at either end blanks what is left of it)."""
    text = output.decode("utf-8", "replace")
    if cut:  # the kept bytes may start inside a secret
        text = text[max(map(len, hidden), default=0) :]
    text = blank(text, hidden)
    for form in hidden:
        for n in range(len(form) - 1, 3, -1):  # stopped in the middle of printing it
            if text.endswith(form[:n]):
                text = text[:-n] + "***"
                break
    lines = text.rstrip("\n").splitlines()[-TAIL_LINES:]
    return "\n".join(lines)[-TAIL_CHARS:]
