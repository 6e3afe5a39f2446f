"""The retirement radar end to end: the console script against real git repositories (a bare
remote, a clone for the CI job, a clone for a person) and a local fake of GitHub's REST API
(tests/fake_github.py). Dates are pinned: the run is "today" 2026-12-07, looking 60 days ahead.

The project is a minimal reproduction of real code: app/chat.py is the Messages example of the
Anthropic Python SDK's README (anthropics/anthropic-sdk-python), app/bedrock.py the Bedrock
client example of the same README, tests/cassettes/ a vcrpy cassette as projects record them.
The deprecation of Claude Opus 4.5 comes from an overlay with the facts of registry-facts.md 0b
(anthropic 2.17.0: deprecated 2026-11-23, end of life 2027-01-22), so the tests do not move
when the bundled data does."""

from __future__ import annotations

import base64
import copy
import os
import shutil
import subprocess
import sys
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .fake_github import FakeGitHub

RADAR = str(Path(sys.executable).parent / "claude-model-lint-radar")
TOKEN = "ghs_test-token-0123456789"
TODAY = "2026-12-07"
OPUS_BRANCH = "claude-model-lint/retire-claude-opus-4-5-20251101-api"
BEDROCK_BRANCH = "claude-model-lint/retire-claude-opus-4-5-20251101-bedrock"

OPUS_DEPRECATED = """\
[sources]
"SDK-2.17" = "anthropic 2.17.0 on PyPI (2026-12-03): _data/deprecated_models.py, CHANGELOG 2.13.0"

[models."claude-opus-4-5-20251101"]
deprecated = 2026-11-23
retired = 2027-01-22
replacement = "claude-opus-5-5"
sources = ["SDK-2.17"]
"""
# not a published fact: a deprecation made up for the tests, so that a second one can arrive
SONNET_DEPRECATED = """\
[models."claude-sonnet-4-6"]
deprecated = 2026-12-01
retired = 2027-01-30
replacement = "claude-sonnet-5-5"
"""

PROJECT = {
    "app/chat.py": (
        "import anthropic\n\nclient = anthropic.Anthropic()\n\n"
        "message = client.messages.create(\n"
        "    max_tokens=1024,\n"
        '    messages=[{"role": "user", "content": "Hello, Claude"}],\n'
        '    model="claude-opus-4-5-20251101",\n'
        ")\nprint(message.content)\n"
    ),
    "app/bedrock.py": (
        "from anthropic import AnthropicBedrock\n\nclient = AnthropicBedrock()\n\n"
        "message = client.messages.create(\n"
        '    model="us.anthropic.claude-opus-4-5-20251101-v1:0",\n'
        "    max_tokens=256,\n"
        '    messages=[{"role": "user", "content": "Hello!"}],\n'
        ")\n"
    ),
    "app/models.py": 'SUPPORTED = {"claude-opus-4-5-20251101", "claude-opus-5-5"}\n',
    "tests/cassettes/hello.yaml": (
        'interactions:\n- request:\n    body: \'{"max_tokens": 1024, "model": '
        '"claude-opus-4-5-20251101"}\'\n    method: POST\n    uri: https://api.anthropic.com/v1/messages\n'
    ),
}


class World:
    """The remote, the CI job's clone, a person's clone, the overlays and the fake API."""

    def __init__(self, tmp: Path, fake: FakeGitHub) -> None:
        self.tmp, self.fake = tmp, fake
        self.remote, self.ci, self.person = tmp / "origin.git", tmp / "ci", tmp / "person"
        self.overlays: list[Path] = []

    def git(self, where: Path, *args: str) -> str:
        env = {**os.environ, "GIT_AUTHOR_NAME": "Ada", "GIT_AUTHOR_EMAIL": "ada@example.com",
               "GIT_COMMITTER_NAME": "Ada", "GIT_COMMITTER_EMAIL": "ada@example.com"}  # fmt: skip
        return subprocess.run(
            ["git", *args], cwd=where, env=env, capture_output=True, text=True, check=True
        ).stdout

    def overlay(self, name: str, text: str) -> None:
        path = self.tmp / name
        path.write_text(text)
        self.overlays.append(path)

    def push_main(self, files: dict[str, str | None], message: str, first: bool = False) -> None:
        """A person's commit on the default branch."""
        if not first:
            self.git(self.person, "fetch", "-q", "origin")
            self.git(self.person, "checkout", "-q", "-B", "main", "origin/main")
        for name, text in files.items():
            path = self.person / name
            if text is None:
                path.unlink()
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text)
        self.git(self.person, "add", "-A")
        self.git(self.person, "commit", "-q", "-m", message)
        self.git(self.person, "push", "-q", "origin", "main")

    def radar(self, *args: str, exit: int = 0, **env: str) -> subprocess.CompletedProcess[str]:
        overlays = [a for p in self.overlays for a in ("--registry", p.name)]
        full_env = {**os.environ, "GITHUB_TOKEN": TOKEN, "GITHUB_REPOSITORY": "acme/chat",
                    "GITHUB_API_URL": self.fake.url, **env}  # fmt: skip
        full_env.pop("GITHUB_OUTPUT", None)
        done = subprocess.run(
            [RADAR, "--repo-dir", str(self.ci), "--today", TODAY, *overlays, *args],
            env=full_env, capture_output=True, text=True, timeout=120, cwd=self.tmp,
        )  # fmt: skip
        assert done.returncode == exit, done.stderr
        return done

    def branch_head(self, branch: str) -> str | None:
        out = self.git(
            self.remote, "for-each-ref", "--format=%(objectname)", f"refs/heads/{branch}"
        )
        return out.strip() or None

    def pull_for(self, branch: str) -> dict[str, Any]:
        (pull,) = [p for p in self.fake.pulls() if p["head"]["ref"] == branch]
        return pull


def _make_world(tmp: Path, fake_state: FakeGitHub | None = None) -> Iterator[World]:
    remote = tmp / "origin.git"
    if not remote.exists():
        subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(remote)], check=True)
    with FakeGitHub(remote, "acme/chat", TOKEN) as fake:
        w = World(tmp, fake)
        w.overlays.append(tmp / "opus.toml")
        if fake_state is not None:  # a copy of the world after a first run
            fake.items, fake.comments = copy.deepcopy((fake_state.items, fake_state.comments))
            for clone in (w.ci, w.person):
                w.git(clone, "remote", "set-url", "origin", str(remote))
            yield w
            return
        (tmp / "opus.toml").write_text(OPUS_DEPRECATED)
        subprocess.run(
            ["git", "clone", "-q", str(remote), str(w.person)], check=True, capture_output=True
        )
        w.git(w.person, "checkout", "-q", "-b", "main")
        w.push_main(dict(PROJECT), "the project", first=True)  # type: ignore[arg-type]
        subprocess.run(["git", "clone", "-q", str(remote), str(w.ci)], check=True)
        yield w


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    """The project on the remote; the radar has not run yet."""
    yield from _make_world(tmp_path)


@pytest.fixture(scope="module")
def _after_first_run(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Path, FakeGitHub, str]]:
    tmp = tmp_path_factory.mktemp("first-run")
    for w in _make_world(tmp):
        yield tmp, w.fake, w.radar().stdout


@pytest.fixture
def ran(tmp_path: Path, _after_first_run: tuple[Path, FakeGitHub, str]) -> Iterator[World]:
    """The world after the radar's first run (made once, copied for each test)."""
    source, fake, _ = _after_first_run
    shutil.copytree(source, tmp_path / "w", symlinks=True)
    yield from _make_world(tmp_path / "w", fake)


def test_first_run_opens_a_pull_request_per_platform_and_one_issue(
    ran: World, _after_first_run: tuple[Path, FakeGitHub, str]
) -> None:
    world = ran
    assert _after_first_run[2] == "opened=2 3\nupdated=\nclosed=\nissue=1\n"
    (issue,) = world.fake.issues()
    assert issue["title"] == "claude-model-lint: retiring model ids that need a person"
    assert "tests/cassettes/hello.yaml" in issue["body"] and "never rewritten" in issue["body"]
    assert "app/models.py" in issue["body"] and "catalog" in issue["body"]
    api = world.pull_for(OPUS_BRANCH)
    assert api["base"]["ref"] == "main" and api["state"] == "open"
    assert {"name": "claude-model-lint-radar"} in api["labels"]
    body = api["body"]
    assert "| `app/chat.py` | 8 | `claude-opus-4-5-20251101` | `claude-opus-5-5` |" in body
    assert (
        "retires on **2027-01-22**: in 46 days as of 2026-12-07 (Claude API's dates; sources: "
        in body
    )
    assert ", SDK-2.17)." in body
    assert "SDK-2.17: anthropic 2.17.0 on PyPI" in body  # the dates' source
    assert "Not verified" in body and f"#{issue['number']}" in body
    assert "`app/models.py`" in body  # what the safe fix left, and why
    bedrock = world.pull_for(BEDROCK_BRANCH)
    assert "us.anthropic.claude-opus-5-5" in bedrock["body"]
    assert "Amazon Bedrock publishes none, so the Claude API's dates apply" in bedrock["body"]
    # the branch: one commit by the radar, on main, changing only the id
    world.git(world.person, "fetch", "-q", "origin")
    log = world.git(
        world.person, "log", "--format=%ae %s%n%b", f"origin/main..origin/{OPUS_BRANCH}"
    )
    assert log.startswith("claude-model-lint-radar@users.noreply.github.com Migrate")
    assert "Claude-Model-Lint-Radar: claude-opus-4-5-20251101-api" in log
    diff = world.git(world.person, "diff", "origin/main", f"origin/{OPUS_BRANCH}", "--stat")
    assert "app/chat.py" in diff and "bedrock" not in diff and "1 file changed" in diff
    assert TOKEN not in (body + issue["body"])


def test_a_second_run_with_nothing_new_changes_nothing(ran: World) -> None:
    world = ran
    heads = {b: world.branch_head(b) for b in (OPUS_BRANCH, BEDROCK_BRANCH)}
    writes = len(world.fake.writes())
    done = world.radar()
    assert world.fake.writes()[writes:] == [] and "opened=\n" in done.stdout
    assert {b: world.branch_head(b) for b in heads} == heads
    assert f"{OPUS_BRANCH}: #" in done.stderr and "is current" in done.stderr


def test_a_new_deprecation_updates_the_same_pull_request(world: World) -> None:
    world.push_main({"app/summarize.py": 'MODEL = "claude-sonnet-4-6"\n'}, "summaries")
    world.radar("--group", "all")
    (pull,) = world.fake.pulls()
    head = world.branch_head("claude-model-lint/retire-all")
    assert "claude-sonnet-4-6" not in pull["body"]
    world.overlay("sonnet.toml", SONNET_DEPRECATED)  # Anthropic deprecates another model
    done = world.radar("--group", "all")
    assert f"updated={pull['number']}" in done.stdout and len(world.fake.pulls()) == 1
    assert "| `app/summarize.py` | 1 | `claude-sonnet-4-6` | `claude-sonnet-5-5` |" in pull["body"]
    assert "| `app/chat.py` | 8 |" in pull["body"]
    assert world.branch_head("claude-model-lint/retire-all") != head  # replaced: all its own


def test_a_person_s_commit_on_the_branch_stops_the_pushes(ran: World) -> None:
    world = ran
    world.git(world.person, "fetch", "-q", "origin")
    world.git(world.person, "checkout", "-q", "-b", "mine", f"origin/{OPUS_BRANCH}")
    (world.person / "app" / "chat.py").write_text(
        (world.person / "app" / "chat.py").read_text().replace("1024", "2048")
    )
    world.git(world.person, "commit", "-qam", "more tokens for Opus 5.5")
    world.git(world.person, "push", "-q", "origin", f"mine:{OPUS_BRANCH}")
    theirs = world.branch_head(OPUS_BRANCH)
    world.push_main({"app/again.py": 'M = "claude-opus-4-5-20251101"\n'}, "another call")
    done = world.radar()
    assert world.branch_head(OPUS_BRANCH) == theirs  # no force-push over the person's commit
    pull = world.pull_for(OPUS_BRANCH)
    comments = world.fake.comments[pull["number"]]
    assert len(comments) == 1 and "not the radar's" in comments[0]["body"]
    assert "nothing pushed" in done.stderr
    world.radar()
    assert len(world.fake.comments[pull["number"]]) == 1  # said once


def test_a_pull_request_a_person_closed_is_not_reopened(ran: World) -> None:
    world = ran
    pull = world.pull_for(OPUS_BRANCH)
    world.fake.close(pull["number"])
    world.push_main({"app/again.py": 'M = "claude-opus-4-5-20251101"\n'}, "another call")
    done = world.radar()
    assert pull["state"] == "closed" and len(world.fake.pulls()) == 2
    assert not [c for c in world.fake.writes() if c[1].endswith(f"/pulls/{pull['number']}")]
    assert "closed by a person; not reopened" in done.stderr


def test_the_fix_landing_on_the_default_branch_closes_both(ran: World) -> None:
    world = ran
    pulls, (issue,) = world.fake.pulls(), world.fake.issues()
    fixed = {name: text.replace("claude-opus-4-5-20251101", "claude-opus-5-5")
             for name, text in PROJECT.items()}  # fmt: skip
    fixed["app/bedrock.py"] = PROJECT["app/bedrock.py"].replace("-4-5-20251101-v1:0", "-5-5")
    world.push_main(fixed, "migrate to Opus 5.5")  # type: ignore[arg-type]
    done = world.radar()
    assert all(p["state"] == "closed" for p in pulls) and issue["state"] == "closed"
    assert "closed=" in done.stdout and world.branch_head(OPUS_BRANCH) is None
    for pull in pulls:
        assert "left on `main`: the ids are gone" in world.fake.comments[pull["number"]][-1]["body"]
    writes = len(world.fake.writes())
    world.radar()
    assert world.fake.writes()[writes:] == []  # nothing to do, nothing reopened


# the team's check: it sees the ids, the platform and the files, and not the token; it passes on
# the Claude API's migration and fails on Bedrock's (as an eval against the wrong endpoint would)
CHECK = (
    'echo "old=$OLD_MODEL new=$NEW_MODEL platform=$PLATFORM files=$CHANGED_FILES"; '
    'echo "token=${GITHUB_TOKEN:-none}"; grep -c claude-opus-5-5 $CHANGED_FILES; '
    'if [ "$PLATFORM" = bedrock ]; then echo "FAILED tests/test_chat.py::test_reply"; exit 3; fi'
)


def test_verify_passing_and_failing(world: World) -> None:
    world.radar("--verify", CHECK)
    body = world.pull_for(OPUS_BRANCH)["body"]
    assert "exited 0: **passed** on the migrated tree" in body
    assert "old=claude-opus-4-5-20251101 new=claude-opus-5-5 platform=api files=app/chat.py" in body
    assert "token=none" in body and TOKEN not in body
    body = world.pull_for(BEDROCK_BRANCH)["body"]
    assert "exited 3: **failed** on the migrated tree" in body
    assert "FAILED tests/test_chat.py::test_reply" in body


def test_the_cap_on_new_pull_requests(world: World) -> None:
    done = world.radar("--max-new", "1")
    assert len(world.fake.pulls()) == 1 and "cap of 1 new pull requests" in done.stderr
    world.radar("--max-new", "1")
    assert len(world.fake.pulls()) == 2


def test_a_wrong_token_is_one_line(world: World) -> None:
    env = {**os.environ, "GITHUB_TOKEN": "wrong", "GITHUB_REPOSITORY": "acme/chat",
           "GITHUB_API_URL": world.fake.url}  # fmt: skip
    done = subprocess.run(
        [RADAR, "--repo-dir", str(world.ci)], env=env, capture_output=True, text=True
    )
    assert done.returncode == 2
    assert (
        done.stderr == "claude-model-lint-radar: error: GET /repos/acme/chat: 401 Bad credentials\n"
    )


def test_a_file_with_two_retiring_models_is_changed_by_one_pull_request(world: World) -> None:
    world.overlay("sonnet.toml", SONNET_DEPRECATED)
    world.push_main(
        {"app/pair.py": 'FAST = "claude-sonnet-4-6"\nSMART = "claude-opus-4-5-20251101"\n',
         "app/summarize.py": 'MODEL = "claude-sonnet-4-6"\n'},
        "two models",
    )  # fmt: skip
    world.radar()
    opus = world.pull_for(OPUS_BRANCH)["body"]  # retires first: fixes the whole file
    assert "| `app/pair.py` | 2 | `claude-opus-4-5-20251101` | `claude-opus-5-5` |" in opus
    assert "| `app/pair.py` | 1 | `claude-sonnet-4-6` | `claude-sonnet-5-5` (another model" in opus
    sonnet = world.pull_for("claude-model-lint/retire-claude-sonnet-4-6-api")["body"]
    assert "| `app/summarize.py` | 1 |" in sonnet and "| `app/pair.py`" not in sonnet
    assert f"- `app/pair.py`: branch `{OPUS_BRANCH}`" in sonnet
    world.git(world.person, "fetch", "-q", "origin")
    changed = world.git(
        world.person, "diff", "--name-only", "origin/main",
        "origin/claude-model-lint/retire-claude-sonnet-4-6-api",
    )  # fmt: skip
    assert changed.split() == ["app/summarize.py"]


def test_verify_cannot_read_the_token_the_checkout_persisted(world: World) -> None:
    """Review B17: actions/checkout (persist-credentials) keeps the token in the clone's
    .git/config as a basic extraheader; the radar's work tree shared that config, so `verify`
    read it and the pull request published its base64 (only the raw token was blanked). Now the
    check runs in a clean copy, and every spelling of the token is blanked anyway."""
    basic = base64.b64encode(f"x-access-token:{TOKEN}".encode()).decode()
    world.git(world.ci, "config", "http.https://github.com/.extraheader",
              f"AUTHORIZATION: basic {basic}")  # fmt: skip
    snoop = (
        'git config --show-origin --get-regexp "extraheader|remote"; git remote -v;'
        ' cat "$(git rev-parse --git-common-dir)/config"; env | grep -c test-token;'
        f' echo "printed: {TOKEN} {basic} {urllib.parse.quote(TOKEN, safe="")}"; exit 1'
    )
    done = world.radar("--max-new", "1", "--verify", snoop)
    ((body,),) = [[p["body"] for p in world.fake.pulls()]]
    output = body.split("<summary>The last lines of its output</summary>")[1]
    assert "extraheader" not in output and "AUTHORIZATION" not in output  # not in its config
    assert str(world.ci) not in output  # no remote pointing back at the checkout
    assert "\n0\nprinted: *** *** ***\n" in output
    for spelling in (TOKEN, basic, basic.rstrip("="), urllib.parse.quote(TOKEN, safe="")):
        assert spelling not in body
    assert "could still read the checkout's .git/config" in done.stderr


def _answer_of(method: str, path: str, query_has: str, shape: object) -> Any:
    """A hostile API (/tmp/reviewB-radar/api.py's modes): one call's answer replaced."""

    def tamper(m: str, p: str, query: dict[str, str], answer: Any) -> Any:
        hit = (
            m == method
            and p == path
            and query_has in "&".join(f"{k}={v}" for k, v in query.items())
        )
        return shape if hit else answer

    return tamper


PULLS = "/repos/acme/chat/pulls"


@pytest.mark.parametrize(
    ("tamper", "said"),
    [
        pytest.param(_answer_of("GET", "/repos/acme/chat", "", {}),
                     "GET /repos/acme/chat: the answer's default_branch: missing", id="nodefault"),
        pytest.param(_answer_of("GET", "/repos/acme/chat", "", [1, 2]),
                     "GET /repos/acme/chat: the answer's default_branch: missing (a list, not an object)",
                     id="listrepo"),
        pytest.param(_answer_of("GET", "/repos/acme/chat", "", {"default_branch": "--upload-pack=touch x"}),
                     "GET /repos/acme/chat: the answer's default_branch: '--upload-pack=touch x'"
                     " is not a branch name", id="optdefault"),
        pytest.param(_answer_of("GET", PULLS, "head=", [{"number": "x", "state": "open"}]),
                     f"GET {PULLS}: the answer's [0].number: 'x' is not an issue number",
                     id="badnumber"),
        pytest.param(_answer_of("GET", PULLS, "state=open", [{"number": 5, "state": "open", "body": "x"}]),
                     f"GET {PULLS}: the answer's [0].head: missing", id="nohead"),
        pytest.param(_answer_of("GET", "/repos/acme/chat/issues", "labels=", [{"number": 1, "state": "shut"}]),
                     "GET /repos/acme/chat/issues: the answer's [0].state: 'shut' is neither open"
                     " nor closed", id="issuestate"),
    ],
)  # fmt: skip
def test_an_answer_of_the_wrong_shape_is_one_line_before_anything_is_done(
    world: World, tamper: Any, said: str
) -> None:
    """Review B12: {} -> KeyError default_branch, a list -> TypeError, a pull request number "x"
    -> ValueError, an open pull request without a head -> KeyError after opening two. Every
    listing is read and checked before the first write."""
    world.fake.tamper = tamper
    done = world.radar(exit=2)
    assert done.stderr.splitlines()[-1] == f"claude-model-lint-radar: error: {said}"
    assert "internal error" not in done.stderr and "Traceback" not in done.stderr
    assert world.fake.writes() == [] and done.stdout == ""


@pytest.mark.parametrize("number", ["7\nissue=FORGED", {"a": 1}, True, -3], ids=repr)
def test_a_created_pull_request_without_a_number_says_what_was_done(
    world: World, number: object
) -> None:
    """The pull request exists once GitHub answers: the run stops there, saying what it did (the
    issue it opened), and a forged number never reaches the step's outputs."""
    world.fake.tamper = _answer_of("POST", PULLS, "", {"number": number, "state": "open"})
    done = world.radar(exit=2)
    assert done.stdout == "opened=\nupdated=\nclosed=\nissue=1\n"
    assert "the lines above say what was done" in done.stderr
    assert done.stderr.splitlines()[-1].startswith(
        f"claude-model-lint-radar: error: POST {PULLS}: the answer's number: "
    )
