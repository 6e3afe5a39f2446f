"""Anthropic's Python SDK as a second first-party source: the package index's JSON API names the
newest release and its wheel; the wheel's `anthropic/types/model.py` lists the model ids and
`anthropic/_data/deprecated_models.py` their end-of-life dates. Anthropic publishes a release
the day a model ships or is deprecated.

The two files are read as text and parsed with `ast`, never imported or executed: the wheel is
someone else's code. Everything is bounded (the index's answer, the wheel, each file) and one
Deadline covers the whole read.
"""

from __future__ import annotations

import ast
import hashlib
import io
import json
import re
import zipfile
from datetime import date
from typing import Any, NamedTuple
from urllib.parse import urljoin

from .id_grammar import is_model_id
from .live import Deadline, FetchError, get
from .page_text import PageError, parse_date

INDEX_BYTES = 8 * 1024 * 1024  # anthropic's JSON was 380 KB in 2026-12
WHEEL_BYTES = 20 * 1024 * 1024  # its wheel 2.9 MB
FILE_BYTES = 1024 * 1024  # the two files: under 1 KB each
MODEL_FILE = "anthropic/types/model.py"
DEPRECATED_FILE = "anthropic/_data/deprecated_models.py"


class SdkRelease(NamedTuple):
    version: str
    released: date  # the wheel's upload date: the source's own date
    url: str  # the wheel's
    ids: tuple[str, ...]
    end_of_life: dict[str, date]


def read_release(index_url: str, deadline: Deadline) -> tuple[str, str, date, dict[str, Any]]:
    """(version, wheel url, release date, the wheel's index entry) of the newest release."""
    response = get(index_url, deadline, max_bytes=INDEX_BYTES, accept="application/json")
    try:
        data = json.loads(response.body or b"")
        version = str(data["info"]["version"])
        wheels = [
            f for f in data["urls"]
            if isinstance(f, dict) and str(f.get("filename", "")).endswith(".whl")
        ]  # fmt: skip
        if not wheels:
            raise ValueError(f"release {version} has no wheel")
        wheel = wheels[0]
        released = date.fromisoformat(str(wheel["upload_time_iso_8601"])[:10])
        url = urljoin(index_url, str(wheel["url"]))
    except (ValueError, KeyError, TypeError, IndexError, RecursionError) as exc:
        raise FetchError(
            f"{index_url}: not the package index's JSON for a package: {exc}"
        ) from None
    if int(wheel.get("size") or 0) > WHEEL_BYTES:
        raise FetchError(f"{url}: the wheel is larger than {WHEEL_BYTES} bytes")
    return version, url, released, wheel


def read_wheel(
    url: str, version: str, released: date, entry: dict[str, Any], deadline: Deadline
) -> SdkRelease:
    """Download the wheel (checked against the index's SHA-256) and read the two files."""
    response = get(url, deadline, max_bytes=WHEEL_BYTES, accept="application/octet-stream")
    body = response.body or b""
    digests = entry.get("digests")
    expected = digests.get("sha256") if isinstance(digests, dict) else None
    if expected and hashlib.sha256(body).hexdigest() != expected:
        raise FetchError(f"{url}: the wheel does not match the index's SHA-256")
    return parse_wheel(body, version, released, url)


def parse_wheel(body: bytes, version: str, released: date, url: str) -> SdkRelease:
    try:
        with zipfile.ZipFile(io.BytesIO(body)) as wheel:
            texts = [_member(wheel, name, url) for name in (MODEL_FILE, DEPRECATED_FILE)]
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise FetchError(f"{url}: not a readable wheel: {exc}") from None
    ids = model_ids(texts[0], f"{url}: {MODEL_FILE}")
    end_of_life = deprecated_models(texts[1], f"{url}: {DEPRECATED_FILE}")
    return SdkRelease(version, released, url, ids, end_of_life)


def _member(wheel: zipfile.ZipFile, name: str, url: str) -> str:
    try:
        info = wheel.getinfo(name)
    except KeyError:
        raise FetchError(f"{url}: the wheel has no {name}") from None
    if info.file_size > FILE_BYTES:
        raise FetchError(f"{url}: {name} is larger than {FILE_BYTES} bytes")
    with wheel.open(info) as handle:
        raw = handle.read(FILE_BYTES + 1)
    if len(raw) > FILE_BYTES:
        raise FetchError(f"{url}: {name} is larger than {FILE_BYTES} bytes")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise FetchError(f"{url}: {name} is not UTF-8 text") from None


def _assigned(text: str, name: str, where: str) -> ast.expr:
    """The value assigned to module-level ``name`` (``X: T = value`` or ``X = value``)."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
        raise FetchError(f"{where}: not Python source: {exc}") from None
    for node in tree.body:
        if isinstance(node, ast.AnnAssign) and _named(node.target, name) and node.value:
            return node.value
        if isinstance(node, ast.Assign) and any(_named(t, name) for t in node.targets):
            return node.value
    raise FetchError(f"{where}: expected the module-level {name} = ...")


def _named(target: ast.expr, name: str) -> bool:
    return isinstance(target, ast.Name) and target.id == name


def model_ids(text: str, where: str) -> tuple[str, ...]:
    """The string literals of ``Model = Union[Literal["claude-...", ...], str]``."""
    value = _assigned(text, "Model", where)
    found = [
        node.value
        for node in ast.walk(value)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]
    ids = tuple(dict.fromkeys(v for v in found if v.startswith("claude-") and is_model_id(v)))
    if not ids:
        raise FetchError(f"{where}: expected model ids in Model's Literal[...]")
    return ids


def deprecated_models(text: str, where: str) -> dict[str, date]:
    """``DEPRECATED_MODELS = {"claude-...": "January 22nd, 2027", ...}``."""
    value = _assigned(text, "DEPRECATED_MODELS", where)
    if not isinstance(value, ast.Dict):
        raise FetchError(f"{where}: expected DEPRECATED_MODELS to be a dict literal")
    result = {}
    for key, item in zip(value.keys, value.values, strict=True):
        if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
            raise FetchError(f"{where}: line {item.lineno}: expected a model id string")
        if not (isinstance(item, ast.Constant) and isinstance(item.value, str)):
            raise FetchError(f"{where}: line {item.lineno}: expected a date string")
        if not is_model_id(key.value):
            raise FetchError(f"{where}: line {item.lineno}: {key.value[:60]!r} is not a model id")
        plain = re.sub(r"(\d)(?:st|nd|rd|th)\b", r"\1", item.value)
        try:
            result[key.value] = parse_date(plain, item.lineno)
        except PageError as exc:
            raise FetchError(f"{where}: {exc}") from None
    return result
