"""The git side of the radar: a separate work tree at the default branch's head (the checkout the
workflow made is never touched), commits signed with the radar's identity and trailer, and pushes
that never replace a commit someone else made."""

from __future__ import annotations

import base64
import contextlib
import os
import shutil
import subprocess
import tempfile
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

RADAR_NAME = "claude-model-lint radar"
RADAR_EMAIL = "claude-model-lint-radar@users.noreply.github.com"
TRAILER = "Claude-Model-Lint-Radar"


class GitError(Exception):
    """A git command failed: the message is git's own last line."""


class Commit(NamedTuple):
    sha: str
    author_email: str
    committer_email: str
    message: str

    @property
    def by_radar(self) -> bool:
        """The radar's own commit: its identity on both sides and its trailer in the message."""
        return (
            self.author_email == RADAR_EMAIL
            and self.committer_email == RADAR_EMAIL
            and f"\n{TRAILER}: " in self.message
        )


class Repository:
    """A clone whose ``origin`` is the repository the pull requests are opened on."""

    def __init__(self, clone: Path, token: str | None = None) -> None:
        self.clone = clone
        self.tree: Path | None = None
        # actions/checkout keeps its token in the clone's config (persist-credentials): a second
        # Authorization header would make GitHub refuse the push, so the radar adds its own only
        # when the clone has none
        self.persisted = _persisted_secrets(clone)
        self.auth_env = {} if self.persisted else _auth_env(token)

    def git(self, *args: str, cwd: Path | None = None, auth: bool = False) -> str:
        env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", **(self.auth_env if auth else {})}
        done = subprocess.run(
            ["git", *args], cwd=cwd or self.tree or self.clone, env=env,
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if done.returncode != 0:
            last = (done.stderr.strip().splitlines() or ["(no message)"])[-1]
            raise GitError(f"git {args[0]}: {last}")
        return done.stdout

    def fetch(self, default: str) -> str:
        """Fetch the default branch and every radar branch; the default branch's head."""
        self.git(
            "fetch", "--quiet", "--prune", "origin", f"+refs/heads/{default}:refs/remotes/origin/{default}",
            "+refs/heads/claude-model-lint/*:refs/remotes/origin/claude-model-lint/*",
            cwd=self.clone, auth=True,
        )  # fmt: skip
        return self.git("rev-parse", f"refs/remotes/origin/{default}", cwd=self.clone).strip()

    def open_tree(self, base: str) -> Path:
        """A work tree of its own, detached at ``base``: the migrations are made there."""
        self.tree = Path(tempfile.mkdtemp(prefix="claude-model-lint-radar-"))
        self.git("worktree", "add", "--quiet", "--detach", str(self.tree), base, cwd=self.clone)
        return self.tree

    @contextmanager
    def verify_copy(self, sha: str) -> Iterator[Path]:
        """A fresh clone of ``sha`` for the team's check: its .git/config holds no credentials
        (no extraheader, no remote), and neither git's global nor system config is read."""
        where = Path(tempfile.mkdtemp(prefix="claude-model-lint-verify-"))
        env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_CONFIG")}
        env.update(GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1", GIT_TERMINAL_PROMPT="0")
        try:
            for args in (["clone", "--quiet", "--no-checkout", str(self.clone), str(where)],
                         ["-C", str(where), "remote", "remove", "origin"],
                         ["-C", str(where), "checkout", "--quiet", "--detach", sha]):  # fmt: skip
                done = subprocess.run(["git", *args], env=env, capture_output=True, text=True,
                                      check=False)  # fmt: skip
                if done.returncode != 0:
                    last = (done.stderr.strip().splitlines() or ["(no message)"])[-1]
                    raise GitError(f"git {args[0]} (the copy for verify): {last}")
            yield where
        finally:
            shutil.rmtree(where, ignore_errors=True)

    def close_tree(self) -> None:
        if self.tree is not None:
            self.git("worktree", "remove", "--force", str(self.tree), cwd=self.clone)
            self.tree = None

    def reset_to(self, base: str) -> None:
        self.git("checkout", "--quiet", "--detach", "--force", base)
        self.git("clean", "-fdxq")

    def remote_head(self, branch: str) -> str | None:
        done = subprocess.run(
            ["git", "rev-parse", "--verify", "--quiet", f"refs/remotes/origin/{branch}^{{commit}}"],
            cwd=self.clone, capture_output=True, text=True, check=False,
        )  # fmt: skip
        return done.stdout.strip() or None

    def commits_between(self, base: str, head: str) -> list[Commit]:
        """The commits of ``head`` that ``base`` lacks, newest first."""
        out = self.git("log", "--format=%H%x00%ae%x00%ce%x00%B%x1e", f"{base}..{head}")
        commits = []
        for record in out.split("\x1e"):
            if record.strip():
                sha, author, committer, message = record.strip("\n").split("\x00", 3)
                commits.append(Commit(sha, author, committer, message))
        return commits

    def merge_base(self, a: str, b: str) -> str:
        return self.git("merge-base", a, b).strip()

    def changed_files(self) -> list[str]:
        out = self.git("diff", "--name-only", "-z", "HEAD")
        return [name for name in out.split("\0") if name]

    def commit(self, subject: str, key: str) -> str:
        """Commit every change of the work tree as the radar; the new commit's sha."""
        self.git("add", "--all")
        identity = {
            "GIT_AUTHOR_NAME": RADAR_NAME, "GIT_AUTHOR_EMAIL": RADAR_EMAIL,
            "GIT_COMMITTER_NAME": RADAR_NAME, "GIT_COMMITTER_EMAIL": RADAR_EMAIL,
        }  # fmt: skip
        message = f"{subject}\n\n{TRAILER}: {key}\n"
        done = subprocess.run(
            ["git", "-c", "commit.gpgsign=false", "commit", "--quiet", "--no-verify", "-F", "-"],
            cwd=self.tree, input=message, env={**os.environ, **identity},
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if done.returncode != 0:
            raise GitError(f"git commit: {(done.stderr.strip().splitlines() or ['?'])[-1]}")
        return self.git("rev-parse", "HEAD").strip()

    def push(self, branch: str, replacing: str | None) -> None:
        """Push HEAD to ``branch``, replacing only the head this run saw (a lease)."""
        lease = f"--force-with-lease=refs/heads/{branch}:{replacing or ''}"
        self.git("push", "--quiet", lease, "origin", f"HEAD:refs/heads/{branch}", auth=True)

    def delete_branch(self, branch: str, head: str) -> None:
        lease = f"--force-with-lease=refs/heads/{branch}:{head}"
        self.git("push", "--quiet", lease, "origin", f":refs/heads/{branch}", auth=True)


def _persisted_secrets(clone: Path) -> list[str]:
    """Credentials the clone's config keeps (actions/checkout's persisted extraheader, a token in
    a remote's URL): the radar pushes with them, and blanks them wherever it publishes output."""
    config = subprocess.run(
        ["git", "config", "--get-regexp", r"^(http\..*\.extraheader|remote\..*\.url)$"],
        cwd=clone, capture_output=True, text=True, check=False,
    ).stdout  # fmt: skip
    found = []
    for line in config.splitlines():
        name, _, value = line.partition(" ")
        if name.endswith(".extraheader"):
            found.append(value.split()[-1] if value.split() else value)
            with contextlib.suppress(ValueError):  # "AUTHORIZATION: basic base64(user:token)"
                found.append(base64.b64decode(found[-1], validate=True).decode().split(":")[-1])
        else:  # https://x-access-token:TOKEN@host/..., https://TOKEN@host/...
            url = urllib.parse.urlsplit(value)
            found.append(urllib.parse.unquote(url.password or url.username or ""))
    return [secret for secret in found if secret]


def _auth_env(token: str | None) -> dict[str, str]:
    """The token for the server's pushes and fetches, as git config in the environment of the
    git commands that talk to the remote only (never on a command line, never in .git/config)."""
    if not token:
        return {}
    server = os.environ.get("GITHUB_SERVER_URL", "https://github.com").rstrip("/")
    basic = base64.b64encode(f"x-access-token:{token}".encode()).decode()
    return {
        "GIT_CONFIG_COUNT": "1",
        "GIT_CONFIG_KEY_0": f"http.{server}/.extraheader",
        "GIT_CONFIG_VALUE_0": f"AUTHORIZATION: basic {basic}",
    }
