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
from urllib.parse import urljoin, urlsplit

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
    """(version, wheel url, release date, the wheel's index entry) of the newest release. Every
    field used is checked, each in one line naming it: the index is someone else's answer."""
    response = get(index_url, deadline, max_bytes=INDEX_BYTES, accept="application/json")
    try:
        data = json.loads(response.body or b"")
    except (ValueError, RecursionError) as exc:
        raise _bad(index_url, f"not JSON: {exc}") from None
    info = data.get("info") if isinstance(data, dict) else None
    files = data.get("urls") if isinstance(data, dict) else None
    if not isinstance(info, dict) or not isinstance(files, list):
        raise _bad(index_url, "expected an object with 'info' and 'urls'")
    version = info.get("version")
    if not isinstance(version, str) or not _VERSION.fullmatch(version):
        raise _bad(index_url, f"info.version: {cut(version)} is not a release version")
    wheels = [
        f for f in files
        if isinstance(f, dict) and isinstance(f.get("filename"), str)
        and f["filename"].endswith(".whl")
    ]  # fmt: skip
    if not wheels:
        raise _bad(index_url, f"release {version} has no wheel")
    wheel = wheels[0]
    uploaded = wheel.get("upload_time_iso_8601")
    try:
        released = date.fromisoformat(str(uploaded)[:10])
    except ValueError:
        raise _bad(index_url, f"upload_time_iso_8601: {cut(uploaded)} is not a date") from None
    if not isinstance(wheel.get("url"), str):
        raise _bad(index_url, f"url: {cut(wheel.get('url'))} is not an address")
    url = urljoin(index_url, wheel["url"])
    remote = urlsplit(index_url).scheme.lower() in ("http", "https")
    if remote and urlsplit(url).scheme.lower() not in ("http", "https"):
        raise _bad(index_url, f"url: {cut(url)} is not an http:// or https:// address")
    size = wheel.get("size")
    if size is not None and (type(size) is not int or size < 0):
        raise _bad(index_url, f"size: {cut(size)} is not a number of bytes")
    if (size or 0) > WHEEL_BYTES:
        raise FetchError(f"{cut(url)}: the wheel is larger than {WHEEL_BYTES} bytes")
    digests = wheel.get("digests")
    expected = digests.get("sha256") if isinstance(digests, dict) else None
    if expected is not None and not (isinstance(expected, str) and _SHA256.fullmatch(expected)):
        raise _bad(index_url, f"digests.sha256: {cut(expected)} is not a SHA-256")
    return version, url, released, wheel


_VERSION = re.compile(r"[0-9A-Za-z][0-9A-Za-z.!+_-]{0,63}")  # PEP 440's characters, bounded
_SHA256 = re.compile(r"[0-9a-fA-F]{64}")


def cut(value: object, limit: int = 80) -> str:
    """``value`` as an error shows it: quoted, and at most ``limit`` characters of it."""
    text = (
        value
        if isinstance(value, str)
        else json.dumps(value)
        if _plain(value)
        else type(value).__name__
    )
    shown = repr(text[:limit]) if isinstance(value, str) else text[:limit]
    return shown + ("..." if len(text) > limit else "")


def _plain(value: object) -> bool:
    return value is None or isinstance(value, (bool, int, float))


def _bad(index_url: str, what: str) -> FetchError:
    return FetchError(f"{index_url}: not the package index's JSON for a package: {what}")


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
