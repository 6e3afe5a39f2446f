"""Every file passed over is said once, on standard error, in every format; UTF-16 and UTF-32
text with a byte-order mark is not passed over: it is decoded, checked and fixed in place."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import AS_OF, run_cli

TEXT = 'A = 1\r\nM = "claude-2.1"  # é\r\n'
WIDE = ["utf-16", "utf-16-be", "utf-32", "utf-32-be"]
MARKS = {"utf-16-be": b"\xfe\xff", "utf-32-be": b"\x00\x00\xfe\xff"}


def _encode(text: str, encoding: str) -> bytes:
    """With its byte-order mark ('utf-16' and 'utf-32' write one, little-endian here)."""
    return MARKS.get(encoding, b"") + text.encode(encoding)


@pytest.mark.parametrize("encoding", WIDE)
def test_wide_text_with_a_mark_is_checked_and_fixed(tmp_path: Path, encoding: str) -> None:
    (tmp_path / "app.py").write_bytes(_encode(TEXT, encoding))
    (tmp_path / "conf.yaml").write_bytes(_encode("model: claude-2.1\n", encoding))
    result = run_cli("--as-of", AS_OF, "--format", "json", ".", cwd=tmp_path)
    rows = [(r["path"], r["line"], r["column"], r["code"]) for r in json.loads(result.stdout)]
    assert rows == [("app.py", 2, 6, "CML001"), ("conf.yaml", 1, 8, "CML001")], result.stderr
    assert result.stderr == "" or "binary" not in result.stderr
    run_cli("--as-of", AS_OF, "--fix", ".", cwd=tmp_path)
    fixed = TEXT.replace("claude-2.1", "claude-opus-5-5")
    assert (tmp_path / "app.py").read_bytes() == _encode(fixed, encoding)  # mark, CRLF, é kept


SKIPPED = [
    ("blob.dat", b"\x00\x01\x02claude-2.1", "blob.dat: binary (NUL byte in the first 8 KiB)"),
    (
        "no-mark.txt",
        "claude-2.1\n".encode("utf-16-le"),
        "no-mark.txt: binary (NUL byte in the first 8 KiB)",
    ),
    ("odd.txt", b"\xff\xfe" + "claude-2.1".encode("utf-16-le") + b"\x00\xd8!", "odd.txt: not valid UTF-16-LE"),
]  # fmt: skip


@pytest.mark.parametrize("output", ["text", "json"])
def test_every_file_passed_over_is_said_once(tmp_path: Path, output: str) -> None:
    for name, data, _ in SKIPPED:
        (tmp_path / name).write_bytes(data)
    (tmp_path / "big.txt").write_text("claude-2.1\n" + "x" * 2000)
    names = [name for name, _, _ in SKIPPED]
    args = ("--as-of", AS_OF, "--format", output, "--max-file-size", "1K")
    result = run_cli(*args, ".", *names, "big.txt", cwd=tmp_path)  # walked and named
    assert result.returncode == 0, result.stderr
    for _, _, message in [
        *SKIPPED,
        ("", b"", "big.txt: skipped: 2,011 bytes is over max-file-size (1,024 bytes)"),
    ]:
        assert result.stderr.count(message) == 1, result.stderr
    if output == "json":
        assert json.loads(result.stdout) == []  # the array stays an array of findings


def test_a_file_named_and_walked_is_checked_once(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text('M = "claude-2.1"\n')
    for order in ((".", "a.py"), ("a.py", ".")):
        result = run_cli("--as-of", AS_OF, "--format", "json", *order, cwd=tmp_path)
        assert len(json.loads(result.stdout)) == 1, order
