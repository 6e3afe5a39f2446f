"""The radar's parts where the end-to-end tests cannot reach every case: the REST client's paging
and errors (against the fake API on 127.0.0.1, and a port nobody listens on), what makes a commit
the radar's, the verify command's environment, and Markdown that survives odd file names."""

from __future__ import annotations

import socket
import subprocess
from datetime import date
from pathlib import Path

import pytest

from claude_model_lint.radar.bodies import MAX_BODY, Change, issue_body, pull_body
from claude_model_lint.radar.git import RADAR_EMAIL, TRAILER, Commit
from claude_model_lint.radar.github import GitHub, GitHubError
from claude_model_lint.radar.plan import Dates, Finding, Group
from claude_model_lint.radar.verify import run_verify

from .fake_github import FakeGitHub

TOKEN = "ghs_parts-token-42"


@pytest.fixture
def fake(tmp_path: Path) -> FakeGitHub:
    subprocess.run(["git", "init", "-q", "--bare", str(tmp_path / "r.git")], check=True)
    return FakeGitHub(tmp_path / "r.git", "acme/chat", TOKEN)


def test_a_listing_follows_the_link_header_to_its_last_page(fake: FakeGitHub) -> None:
    with fake:
        client = GitHub(fake.url, "acme/chat", TOKEN)
        for n in range(5):
            client.create_issue(f"issue {n}", "body", ["radar"] if n % 2 == 0 else [])
        fake.max_per_page = 2  # GitHub caps per_page; the client must follow rel="next"
        found = client.labelled_issues("radar")
        pages = [c for c in fake.calls if c[0] == "GET" and c[1].endswith("/issues")]
    assert sorted(i.number for i in found) == [1, 3, 5]  # issues 0, 2 and 4
    assert len(pages) == 2  # 3 labelled issues, 2 a page


def test_errors_are_one_line_with_the_call_and_github_s_message(fake: FakeGitHub) -> None:
    with fake:
        client = GitHub(fake.url, "acme/chat", TOKEN)
        with pytest.raises(
            GitHubError, match=r"^POST /repos/acme/chat/pulls: 422 Validation Failed$"
        ):
            client.create_pull("no-such-branch", "main", "t", "b")
        with pytest.raises(GitHubError, match=r"^PATCH /repos/acme/chat/issues/9: 404 Not Found$"):
            client.update_issue(9, state="closed")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nobody listens there
    with pytest.raises(GitHubError, match=r"^GET /repos/acme/chat: .*refused"):
        GitHub(f"http://127.0.0.1:{port}", "acme/chat", TOKEN, timeout=5).default_branch()


@pytest.mark.parametrize(
    ("author", "committer", "message", "ours"),
    [
        pytest.param(RADAR_EMAIL, RADAR_EMAIL, f"Migrate\n\n{TRAILER}: x-api\n", True, id="radar"),
        pytest.param(RADAR_EMAIL, RADAR_EMAIL, "Migrate\n", False, id="no-trailer"),
        pytest.param("ada@example.com", RADAR_EMAIL, f"m\n\n{TRAILER}: x\n", False, id="amended"),
        pytest.param(RADAR_EMAIL, "ada@example.com", f"m\n\n{TRAILER}: x\n", False, id="rebased"),
    ],
)
def test_only_the_radar_s_identity_and_trailer_make_a_commit_its_own(
    author: str, committer: str, message: str, ours: bool
) -> None:
    assert Commit("0" * 40, author, committer, message).by_radar is ours


def test_verify_never_sees_the_token_and_its_output_never_shows_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
    monkeypatch.setenv("SOME_COPY", f"Bearer {TOKEN}")  # any variable holding the token
    monkeypatch.setenv("UNRELATED", "kept")
    command = 'env | grep -c "parts-token" ; echo "$UNRELATED $PLATFORM"; echo leaked: ' + TOKEN
    done = run_verify(command, tmp_path, ["a"], ["b"], "vertex", ["f.py"], [TOKEN], timeout=30)
    assert done.exit_code == 0 and done.tail.splitlines() == ["0", "kept vertex", "leaked: ***"]


def test_verify_that_does_not_finish_is_not_verified(tmp_path: Path) -> None:
    done = run_verify("echo started; sleep 30", tmp_path, [], [], "api", [], [], timeout=1)
    assert done.exit_code is None and not done.passed
    assert done.tail.startswith("started") and "stopped after 1 s" in done.tail


def test_file_names_with_pipes_and_backticks_keep_the_tables_whole() -> None:
    odd = "docs/a|b `c`.md"
    finding = Finding(odd, 3, 1, "claude-2.1", "claude-2.1", "retired", None, date(2025, 7, 21),
                      "prose", "unsafe", "claude-2.1 is retired", "api")  # fmt: skip
    group = Group("claude-2.1-api", [("claude-2.1", "api")], left=[finding])
    dates = {("claude-2.1", "api"): Dates(date(2025, 7, 21), "api", "api", False, ())}
    body = pull_body(
        group, [Change(odd, 3, "claude-2.1", "claude-opus-4-8", "claude-2.1")], dates, None,
        date(2026, 12, 7), date(2027, 2, 5), "2026-11-29", None, "f",
    )  # fmt: skip
    rows = [line for line in body.splitlines() if line.startswith("| ``")]
    assert len(rows) == 2
    for row in rows:  # four cells: the pipe in the name is escaped, the backticks fenced
        assert row.replace("\\|", "").count("|") == 5 and "`` docs/a\\|b `c`.md ``" in row
    assert "retired on **2025-07-21**, 504 days before 2026-12-07" in body


def test_a_repository_with_thousands_of_ids_gets_bodies_github_takes(fake: FakeGitHub) -> None:
    """A copy of Aider-AI/aider gave an issue of 2,449 rows (367 kB): GitHub refuses bodies over
    65,536 characters. The tables stop at MAX_ROWS and say how many more there are."""
    left = [
        Finding(f"aider/website/_data/leaderboard_{n // 40}.yml", n, 9, "claude-3-opus-20240229",
                "claude-3-opus-20240229", "retired", None, date(2026, 1, 5), "catalog", None,
                "claude-3-opus-20240229 is retired (not fixed: a benchmark table row)", "api")
        for n in range(3000)
    ]  # fmt: skip
    dates = {("claude-3-opus-20240229", "api"): Dates(date(2026, 1, 5), "api", "api", False, ())}
    body = issue_body(left, dates, date(2026, 12, 7), date(2027, 2, 5), "2026-11-29", "f")
    assert len(body) <= MAX_BODY and "… and 2850 more occurrences" in body
    with fake:
        client = GitHub(fake.url, "acme/chat", TOKEN)
        client.create_issue("fits", body, [])
        with pytest.raises(GitHubError, match="body is too long"):
            client.create_issue("does not", "x" * (MAX_BODY + 1), [])


def test_verify_s_git_reads_no_config_but_its_own_clone_s(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Credentials can reach git through the environment (GIT_CONFIG_COUNT/KEY/VALUE, as the
    radar itself pushes) and through the global config (a credential helper in ~/.gitconfig):
    the verify command's git sees neither."""
    subprocess.run(["git", "init", "-q", str(tmp_path / "copy")], check=True)
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / ".gitconfig").write_text("[credential]\n\thelper = store\n")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("GIT_CONFIG_COUNT", "1")
    monkeypatch.setenv("GIT_CONFIG_KEY_0", "http.https://github.com/.extraheader")
    monkeypatch.setenv("GIT_CONFIG_VALUE_0", "AUTHORIZATION: basic c2VjcmV0")
    command = "git config --get-regexp 'extraheader|credential'; echo found=$?"
    done = run_verify(command, tmp_path / "copy", [], [], "api", [], [], timeout=30)
    assert done.tail == "found=1"
