"""``claude-model-lint hook claude-code`` run as Claude Code runs it: the installed command, one
recorded payload of the documented shape on stdin (tests/fixtures/claude_code_hooks), and the
answer read as Claude Code reads it (exit code; JSON on stdout only on exit 0)."""

from __future__ import annotations

import codecs
import json
import os
import re
import resource
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import AS_OF, CLI

PAYLOADS = Path(__file__).parent / "fixtures" / "claude_code_hooks"


def payload(name: str, project: Path) -> dict[str, Any]:
    """A recorded payload moved into ``project``: its cwd and file path point there."""
    data: dict[str, Any] = json.loads((PAYLOADS / name).read_text())
    data["cwd"] = str(project)
    if "file_path" in data["tool_input"]:
        data["tool_input"]["file_path"] = str(project / Path(data["tool_input"]["file_path"]).name)
    return data


def hook(stdin: str | dict[str, Any], cwd: Path) -> tuple[int, dict[str, Any] | None, str]:
    text = stdin if isinstance(stdin, str) else json.dumps(stdin)
    done = subprocess.run(
        [CLI, "hook", "claude-code", "--as-of", AS_OF], input=text, cwd=cwd,
        capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"}, timeout=120,
    )  # fmt: skip
    answer = json.loads(done.stdout) if done.stdout.strip() else None
    return done.returncode, answer, done.stderr


def test_post_write_hands_the_retired_id_back_with_its_fix(tmp_path: Path) -> None:
    event = payload("post_write.json", tmp_path)
    (tmp_path / "hello.py").write_text(event["tool_input"]["content"])  # the tool ran
    code, answer, stderr = hook(event, tmp_path)
    assert (code, stderr) == (0, "")
    assert answer is not None and set(answer) == {"decision", "reason"}
    assert answer["decision"] == "block"
    [title, finding] = answer["reason"].splitlines()
    assert str(tmp_path / "hello.py") in title
    assert finding.startswith("  line 5, column 12: CML001 claude-3-5-sonnet-20241022 is retired")
    assert finding.endswith("-> write claude-sonnet-5-5")


def test_post_edit_of_a_clean_file_says_nothing(tmp_path: Path) -> None:
    event = payload("post_edit.json", tmp_path)
    (tmp_path / "hello.py").write_text('MODEL = "claude-opus-5-5"\nmax_tokens=2000\n')
    assert hook(event, tmp_path) == (0, None, "")


def test_post_follows_the_config_fail_on(tmp_path: Path) -> None:
    event = payload("post_edit.json", tmp_path)
    # claude-sonnet-4-5 is deprecated on AS_OF (retires 2026-11-30): a warning
    (tmp_path / "hello.py").write_text('MODEL = "claude-sonnet-4-5"\n')
    code, answer, _ = hook(event, tmp_path)
    assert code == 0 and answer is not None and "CML002" in answer["reason"]
    (tmp_path / ".claude-model-lint.toml").write_text('fail-on = "error"\n')
    assert hook(event, tmp_path) == (0, None, "")


def test_post_on_an_excluded_or_missing_file_says_nothing(tmp_path: Path) -> None:
    event = payload("post_write.json", tmp_path)
    assert hook(event, tmp_path) == (0, None, "")  # deleted since: nothing to judge
    (tmp_path / "node_modules").mkdir()
    event["tool_input"]["file_path"] = str(tmp_path / "node_modules" / "hello.py")
    (tmp_path / "node_modules" / "hello.py").write_text('MODEL = "claude-2.1"\n')
    assert hook(event, tmp_path) == (0, None, "")


def test_pre_write_of_a_retired_id_is_denied(tmp_path: Path) -> None:
    code, answer, stderr = hook(payload("pre_write.json", tmp_path), tmp_path)
    assert (code, stderr) == (0, "")
    assert answer is not None and set(answer) == {"hookSpecificOutput"}
    decision = answer["hookSpecificOutput"]
    assert decision["hookEventName"] == "PreToolUse"
    assert decision["permissionDecision"] == "deny"
    # the comment's claude-2.1 is prose: only the assignment is a request's model
    [_, finding] = decision["permissionDecisionReason"].splitlines()
    assert "line 5, column 10: CML001 claude-3-5-sonnet-20241022" in finding


def test_pre_write_keeping_an_id_the_file_already_had_is_allowed(tmp_path: Path) -> None:
    event = payload("pre_write.json", tmp_path)
    (tmp_path / "summarise.py").write_text('MODEL = "claude-3-5-sonnet-20241022"\n')
    assert hook(event, tmp_path) == (0, None, "")


def test_pre_edit_judges_what_the_edit_adds(tmp_path: Path) -> None:
    event = payload("pre_edit.json", tmp_path)
    code, answer, _ = hook(event, tmp_path)
    assert code == 0 and answer is not None
    reason = answer["hookSpecificOutput"]["permissionDecisionReason"]
    assert "claude-3-opus-20240229" in reason  # the keyword argument
    assert "claude-3-haiku-20240307" not in reason  # in a comment
    # the same id in the text it replaces: not added by this edit
    event["tool_input"]["old_string"] = '    fallback="claude-3-opus-20240229",'
    assert hook(event, tmp_path) == (0, None, "")


def test_pre_multiedit_reads_every_edit_as_the_file_format(tmp_path: Path) -> None:
    code, answer, _ = hook(payload("pre_multiedit.json", tmp_path), tmp_path)
    assert code == 0 and answer is not None
    reason = answer["hookSpecificOutput"]["permissionDecisionReason"]
    assert "claude-instant-1.2" in reason and "claude-opus-5-5" not in reason


def test_other_tools_and_bad_payloads(tmp_path: Path) -> None:
    assert hook(payload("pre_bash.json", tmp_path), tmp_path) == (0, None, "")
    # a hook that cannot read its input must not block the agent: exit 1, one line to the user
    for stdin in ("not json", "[1, 2]", json.dumps({"hook_event_name": "PostToolUse",
                                                    "tool_name": "Edit", "tool_input": {}})):  # fmt: skip
        code, answer, stderr = hook(stdin, tmp_path)
        assert (code, answer) == (1, None)
        assert stderr.startswith("claude-model-lint hook: ") and stderr.count("\n") == 1
    event = payload("pre_multiedit.json", tmp_path)
    event["tool_input"]["edits"] = "model: claude-2.1"
    code, _, stderr = hook(event, tmp_path)
    assert code == 1 and "tool_input.edits" in stderr


def test_post_on_a_fifo_or_dev_zero_says_so_in_one_line_and_ends(tmp_path: Path) -> None:
    """A FIFO at the edited path blocked the hook for ever; /dev/zero was read without end
    (issue 36 item 9, the agents' doors). Neither is read; the hook says it could not check
    them (exit 1, one line) rather than pass them in silence (review M9)."""
    event = payload("post_write.json", tmp_path)
    os.mkfifo(tmp_path / "pipe.py")
    for target, kind in ((str(tmp_path / "pipe.py"), "a FIFO"), ("/dev/zero", "a character")):
        event["tool_input"]["file_path"] = target
        code, answer, stderr = hook(event, tmp_path)
        assert (code, answer) == (1, None)
        said = f"claude-model-lint hook: {target}: cannot be checked: not a regular file ({kind}"
        assert stderr.startswith(said), stderr
        assert stderr.count("\n") == 1
    pre = payload("pre_write.json", tmp_path)
    pre["tool_input"]["file_path"] = str(tmp_path / "pipe.py")
    code, _, stderr = hook(pre, tmp_path)  # judged on what it writes, the FIFO never read
    assert code in (0, 2) and "Traceback" not in stderr


def test_stdin_without_end_is_refused_within_a_bound(tmp_path: Path) -> None:
    """/dev/zero on stdin grew to 3.5 GB in 5 s (review D9); under a 2 GB address-space limit
    the hook now refuses it in one line instead of dying of MemoryError."""
    limit = 2 * 1024**3
    with open("/dev/zero", "rb") as zero:
        done = subprocess.run(
            [CLI, "hook", "claude-code", "--as-of", AS_OF], stdin=zero, cwd=tmp_path,
            capture_output=True, text=True, timeout=120,
            preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (limit, limit)),
        )  # fmt: skip
    assert done.returncode == 1 and done.stdout == ""
    assert re.fullmatch(r"claude-model-lint hook: stdin is more than \d+ bytes: .*\n", done.stderr)


def test_json_nested_past_the_recursion_limit_is_one_line(tmp_path: Path) -> None:
    code, answer, stderr = hook("[" * 100_000 + "]" * 100_000, tmp_path)  # review D7
    assert (code, answer) == (1, None)
    assert re.fullmatch(r"claude-model-lint hook: stdin is not the hook's JSON .*\n", stderr)


def test_pre_write_the_checker_passes_over_is_never_waved_through(tmp_path: Path) -> None:
    """New text the checker skips (binary here) once passed as 'nothing to say', exit 0."""
    event = payload("pre_write.json", tmp_path)
    event["tool_input"]["content"] = '\0x = "claude-2.1"\n'
    code, answer, stderr = hook(event, tmp_path)
    assert (code, answer) == (1, None)
    assert stderr.startswith("claude-model-lint hook: the new text for ") and "binary" in stderr
    assert stderr.count("\n") == 1


@pytest.mark.slow
def test_pre_write_too_large_to_check_in_time_is_one_line_and_exit_1(tmp_path: Path) -> None:
    """The review's D8: 200,000 lines of a retired id (2.8 MB) printed nothing and exited 0."""
    event = payload("pre_write.json", tmp_path)
    event["tool_input"]["content"] = 'x = "claude-2.1"\n' * 200_000
    code, answer, stderr = hook(event, tmp_path)
    if code == 0:  # checked in time: then the write must be denied
        assert answer is not None and answer["hookSpecificOutput"]["permissionDecision"] == "deny"
    else:
        assert (code, answer) == (1, None) and stderr.count("\n") == 1


@pytest.mark.parametrize(
    ("change", "said"),
    [
        ({"cwd": 5}, "cwd: not a string"),
        ({"cwd": "/tmp\0x"}, "cwd: holds a NUL character"),
        ({"file_path": "app\0.py"}, "tool_input.file_path: holds a NUL character"),
        ({"file_path": "a" * 300 + ".py"}, "File name too long"),
        ({"file_path": "app\ud800.py"}, "tool_input.file_path: holds a character no file name"),
        ({"cwd": "/tmp/\ud800"}, "cwd: holds a character no file name"),  # (verifier N2)
    ],
)
@pytest.mark.parametrize("event_file", ["post_write.json", "pre_write.json"])
def test_payload_fields_the_system_refuses_are_one_line(
    tmp_path: Path, event_file: str, change: dict[str, Any], said: str
) -> None:
    """Review 3 T1: a cwd of 5 (TypeError), a NUL in file_path (ValueError) and a 300-byte name
    before a Write (OSError ENAMETOOLONG) were tracebacks."""
    event = payload(event_file, tmp_path)
    if "cwd" in change:
        event["cwd"] = change["cwd"]
    else:
        event["tool_input"]["file_path"] = str(tmp_path / change["file_path"])
    code, answer, stderr = hook(event, tmp_path)
    if event_file == "post_write.json" and "long" in said:  # no such file can exist: nothing
        assert (code, answer, stderr) == (0, None, "")  # to judge, as a file deleted since
        return
    assert (code, answer) == (1, None) and "Traceback" not in stderr
    assert stderr.startswith("claude-model-lint hook: ") and said in stderr, stderr
    assert stderr.count("\n") == 1


@pytest.mark.parametrize(
    ("name", "data"),
    [
        (
            "latin.py",
            '# -*- coding: latin-1 -*-\nname = "café"\nM = "claude-2.1"\n'.encode("latin-1"),
        ),
        ("wide.py", 'M = "claude-2.1"\n'.encode("utf-16")),
        ("wide.yaml", "model: claude-2.1\n".encode("utf-16")),
    ],
)
def test_post_reads_the_file_as_the_cli_does(tmp_path: Path, name: str, data: bytes) -> None:
    """Review 3 W1: a Latin-1 file with its coding cookie and UTF-16 files (the CLI reports
    CML001 in each) passed the hook in silence: it decoded UTF-8 only."""
    (tmp_path / name).write_bytes(data)
    event = payload("post_write.json", tmp_path)
    event["tool_input"]["file_path"] = str(tmp_path / name)
    code, answer, stderr = hook(event, tmp_path)
    assert code == 0 and answer is not None, stderr
    assert answer["decision"] == "block" and "CML001" in answer["reason"]


def test_post_on_a_file_the_checker_does_not_finish_is_one_line(tmp_path: Path) -> None:
    """Review 3 W2: a file over file-timeout passed in silence, exit 0 (the result said it was
    not checked); and one the CLI skips (a UTF-16 mark, then bytes that are not UTF-16)."""
    (tmp_path / "pyproject.toml").write_text("[tool.claude-model-lint]\nfile-timeout = 0.001\n")
    (tmp_path / "gen.py").write_text("x = [" + "'claude-2.1'," * 60_000 + "]\n")
    (tmp_path / "bad.py").write_bytes(codecs.BOM_UTF16_LE + b"M\0 \0c\0l\0a\0u\0d\0e\0\0\xd8")
    for name, said in (("gen.py", "file-timeout"), ("bad.py", "not valid UTF-16")):
        event = payload("post_write.json", tmp_path)
        event["tool_input"]["file_path"] = str(tmp_path / name)
        code, answer, stderr = hook(event, tmp_path)
        assert (code, answer) == (1, None), stderr
        assert stderr.startswith(f"claude-model-lint hook: {tmp_path / name}: ") and said in stderr
        assert stderr.count("\n") == 1
