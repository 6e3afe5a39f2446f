"""Find Claude model ids in text and take their spelling apart.

No I/O and no lifecycle here: this module only knows what an id looks like.
Searching is anchored on the literal ``claude``: a regex with optional prefixes would be tried at
every byte, so the full pattern runs only in a small window around each hit.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from .types import FoundId

_LEFT = r"""
    (?:
        (?<![A-Za-z0-9_.\-])                 # an ordinary left boundary
      | (?<=\\[nrtbfv])                      # an escape right before ("...\nclaude-2.1") is a boundary
      | (?<=%2[Ff])                          # so is a URL-encoded slash (inference-profile%2Fus.anthropic...)
      | (?<=:-)                              # and a shell default, as in ${MODEL:-claude-2.1}
    )"""
_BODY = r"""
    (?:
        (?P<region>
            global|us-gov|us|eu|apac|jp|au         # Bedrock cross-region prefix
          | \$?\{[A-Za-z_][\w.]*\}                # or a template of it: {region}, ${REGION}
          | \{\{[ ]*[A-Za-z_][\w.]*[ ]*\}\}         # or a Jinja one: {{ region }}
        )
        \.(?=anthropic\.claude)
    )?
    (?P<vendor>anthropic\.)?                 # Bedrock vendor prefix
    (?P<core>claude(?:[-.][a-z0-9]+)*)       # lower-case words joined by '-' or '.'
    (?P<vertex>@\d{8})?                      # Vertex snapshot date
    (?:                                      # Bedrock suffixes, only
        (?(vendor)|(?<=-v\d))                #   after 'anthropic.' or right after a '-vN'
        (?P<minor>(?::|%3[Aa])\d+(?![\dk]))? #   version minor, as in -v1:0 (or URL-encoded -v1%3A0)
        (?P<ctx>(?::|%3[Aa])\d+k)?           #   context-window variant, as in :200k
    )?
    (?P<beta>:beta)?                         # OpenRouter ':beta' variant
"""
_ID = re.compile(
    _LEFT
    + _BODY
    + r"""
    (?![A-Za-z0-9_*]|[-.@][A-Za-z0-9*])      # right boundary: not inside a longer token or a glob
    (?!(?<=-v\d):\d)                         # nor a Bedrock id cut before its version minor
    """,
    re.VERBOSE,
)
# Markdown emphasis (**id**, _id_): the same body, closed by the run that opened it (checked by
# _emphasized), which the right boundary above takes for a glob's '*' or a word's '_'
_EMPHASIZED = re.compile(_BODY + r"(?=[*_])", re.VERBOSE)
_EMPHASIS_OPENS_AFTER = frozenset(" \t\r\n([{>|~")  # before an opening run (a quote: a glob)

_ANCHOR = "claude"
_VENDOR = "anthropic."
_REGIONS = ("global.", "us-gov.", "us.", "eu.", "apac.", "jp.", "au.")
_TEMPLATE_MAX = 64  # how far back a region template's '{' is looked for
_WINDOW = 200  # longer than any id; a match touching the window's end is retried on the whole text


def find_ids(text: str) -> list[FoundId]:
    """Every model-id-shaped token in ``text``, known to the registry or not, in order."""
    found: list[FoundId] = []
    pos = 0
    n = len(text)
    while True:
        hit = text.find(_ANCHOR, pos)
        if hit < 0:
            return found
        end = min(n, hit + _WINDOW)
        m = None
        for start in _starts(text, hit):
            if start >= pos:
                m = _ID.match(text, start, end)
                if m is not None:
                    break
        if m is not None and m.end() == end and end < n:
            m = _ID.match(text, m.start())
        if m is None:  # a Markdown emphasis? (a few character tests: no id starts here)
            m = _emphasized(text, hit, pos)
        if m is None:
            pos = hit + len(_ANCHOR)
            continue
        found.append(_found(m, text))
        pos = m.end()


def _starts(text: str, hit: int) -> list[int]:
    """Where an id holding the 'claude' at ``hit`` can begin, longest first: the regex is tried
    at these alone (searching a window for its optional prefixes cost 12 us an id)."""
    vendor = hit - len(_VENDOR)
    if vendor < 0 or not text.startswith(_VENDOR, vendor):
        return [hit]
    for region in _REGIONS:
        if vendor >= len(region) and text.startswith(region, vendor - len(region)):
            return [vendor - len(region), vendor, hit]
    if text.startswith("}.", vendor - 2):  # a templated region: f"{region}.anthropic.claude-..."
        brace = text.rfind("{", max(0, vendor - _TEMPLATE_MAX), vendor - 2)
        if brace >= 0:
            start = brace - (text[brace - 1 : brace] in ("{", "$"))
            return [start, vendor, hit]
    return [vendor, hit]


def _emphasized(text: str, hit: int, pos: int) -> re.Match[str] | None:
    """An id between the same run of one to three '*' or '_', opened after a space or a bracket
    (``**claude-3-opus-20240229**``, ``_claude-2.1_``); a glob such as ``"*claude-3-opus*"``
    (opened after a quote) or ``claude-3-*`` stays unread. Bounded: linear in the window."""
    for start in _starts(text, hit):
        if start < pos:
            continue
        delimiter = text[start - 1 : start]
        if delimiter not in ("*", "_"):
            continue
        opening = start - 1
        while opening > max(0, start - 3) and text[opening - 1] == delimiter:
            opening -= 1
        run = text[opening:start]
        if opening and not _opens(text, opening, run):
            continue
        m = _EMPHASIZED.match(text, start, min(len(text), start + _WINDOW))
        if m is None or not text.startswith(run, m.end()):
            continue
        after = text[m.end() + len(run) : m.end() + len(run) + 1]
        if not (after.isalnum() or after in ("*", "_")):
            return m
    return None


def _opens(text: str, opening: int, run: str) -> bool:
    """Can the run at ``opening`` open an emphasis? After a space or a bracket; after a quote
    or a JSON escape (a notebook's Markdown line) only when doubled, as bold is and globs are not."""
    before = text[opening - 1]
    if before in _EMPHASIS_OPENS_AFTER:
        return True
    doubled = len(run) >= 2
    return doubled and (before in "\"'" or text[opening - 2 : opening] in ("\\n", "\\t"))


def in_pattern(line: str, start: int, end: int) -> bool:
    """Does the id at ``line[start:end]`` stand in a regex (``grep "claude-opus-4\\|claude-sonnet-4"``,
    ``claude-3-opus.*``)? It matches models there, as a comparison does, and names none."""
    after, before = line[end : end + 3], line[max(0, start - 3) : start]
    if after.startswith(".**"):  # a sentence's end in bold: **Use claude-3-opus.**
        return False
    if after.startswith(_PATTERN_AFTER) or before.endswith(_PATTERN_BEFORE):
        return True
    bare_bar = after.startswith("|") or before.endswith("|")  # grep -E 'a|b'; not a table's cell
    return bare_bar and not line.lstrip().startswith("|")


_PATTERN_AFTER = ("\\|", "\\\\|", ".*", ".+", ".?", "\\.", "\\b", "\\d", "\\w", "\\s", "[0-9")
_PATTERN_BEFORE = ("\\|", "^", "\\b")


def is_template(region: str | None) -> bool:
    """Is this region prefix a template ({region}, ${REGION}, {{ region }})? The template
    decides the region, so an id behind one is reported and never fixed."""
    return region is not None and region[0] in "{$"


def _found(m: re.Match[str], text: str) -> FoundId:
    vendor, core, vertex, minor, region, ctx, beta = m.group(
        "vendor", "core", "vertex", "minor", "region", "ctx", "beta"
    )  # one call for all: the groups one by one cost a third of this function
    minor = _colon(minor) if minor else ""
    start, end = m.span()
    before = text[start - 1] if start else ""
    router: re.Match[str] | None = None
    if before in _ROUTER_ENDS:  # a router prefix always ends with one of these
        router = _ROUTER.search(text, max(0, start - _ROUTER_LOOKBACK), start)
    # 'claude-3-haiku-20240307-v1:0' is Bedrock's id written without 'anthropic.'; behind
    # 'vertex_ai/' a '-v2' is Vertex's own word (vertex_ai/claude-3-5-sonnet-v2)
    vertex_word = router is not None and "vertex" in router.group(0) and not minor
    if vendor is None and (minor or _VERSIONED.search(core)) and not vertex and not vertex_word:
        vendor = _VENDOR
    key = (vendor or "") + core + (vertex or "") + minor
    return FoundId(
        start=start,
        end=end,
        text=text[start:end],
        key=key,
        region=region,
        context_suffix=(_colon(ctx) or None) if ctx else None,
        beta=beta is not None,
        router=router.group(0) if router else None,
        in_url=before == "/" and _in_url(text, start),
    )


_ROUTER_ENDS = frozenset("/:")


def _in_url(text: str, start: int) -> bool:
    """Does the id stand in a URL's path? (Only asked after a '/'; bounded, so linear.)"""
    scheme = text.rfind("://", max(0, start - _URL_LOOKBACK), start)
    return scheme >= 0 and _URL_BREAK.search(text, scheme, start) is None


_URL_LOOKBACK = 200
_URL_BREAK = re.compile(r"""[\s"'`<>()]""")  # what ends a URL before the id


def _colon(suffix: str) -> str:
    """A Bedrock suffix with its colon decoded: '%3A0' (a runtime URL) is looked up as ':0'."""
    return suffix.replace("%3A", ":").replace("%3a", ":") if "%" in suffix else suffix


_VERSIONED = re.compile(r"-v\d+\Z")  # Bedrock's version word ends the core: claude-instant-v1


_ROUTER = re.compile(
    r"""
    (?<![A-Za-z0-9_./:-])                                  # the start of the prefix token
    [A-Za-z0-9_./:-]*?                                     # e.g. 'openrouter/', 'vercel_ai_gateway/'
    (?:anthropic|bedrock|vertex_ai|openrouter|vertex)      # a router or provider word
    [A-Za-z0-9_./:-]*?                                     # more path: '/converse/', '/us-east-1/'
    [/:]                                                   # ends with a separator
    \Z                                                     # right before the id
    """,
    re.VERBOSE,
)
_ROUTER_LOOKBACK = 80


# --- what an unknown id must look like to be reported ----------------------------------------

_SHAPE = re.compile(
    r"""
    claude-
    (?:
        (?P<gen>\d(?:[.-]\d)?)-(?P<fam_old>[a-z]+)(?:-v\d)?       # 3.x grammar: claude-3-5-sonnet, claude-3.5-sonnet
      | (?P<fam>[a-z]+)-(?P<ver>\d{1,2}(?:[.-]\d{1,2})?)         # 4.x grammar: claude-sonnet-4-5, claude-opus-4.1
      | (?P<fam_latest>[a-z]+)(?=-latest$)                        # claude-opus-latest
      | (?P<instant>instant-)?(?P<legacy>[12](?:\.\d)?)(?:-\d+k)? # Claude 1, 2 and Instant
    )
    (?:-(?P<date>\d{8}))?                                         # snapshot date
    (?:-latest)?
    """,
    re.VERBOSE,
)
FAMILIES = ("opus", "sonnet", "haiku", "fable", "mythos")


class Shape(NamedTuple):
    """The family and version read off an id, used to judge unknown ids."""

    family: str
    version: tuple[int, ...]


def bare(key: str) -> str:
    """The API-like core of any spelling: no Bedrock vendor or version, no Vertex date."""
    core = key.removeprefix("anthropic.")
    core = re.sub(r"-v\d+(?::\d+)?$", "", core)
    return core.split("@", 1)[0]


@functools.lru_cache(maxsize=8192)
def shape_of(key: str) -> Shape | None:
    """The family/version of a token that looks like a Claude model id, else None.

    Product names (claude-code, claude-agent-sdk) and words that are not a family (or a near
    misspelling of one) have no shape, so they are never reported.
    """
    m = _SHAPE.fullmatch(bare(key))
    if m is None:
        return None
    if m["legacy"]:
        family = "claude-instant" if m["instant"] else f"claude-{m['legacy'][0]}"
        return Shape(family, _version(m["legacy"]))
    family = m["fam_old"] or m["fam"] or m["fam_latest"] or ""
    if not _is_family_like(family):
        return None
    version = m["gen"] or m["ver"] or ""
    return Shape(_nearest_family(family), _version(version))


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.split(r"[.-]", text) if part)


def _is_family_like(word: str) -> bool:
    return any(_distance(word, family) <= 2 for family in FAMILIES) and len(word) >= 4


def _nearest_family(word: str) -> str:
    return min(FAMILIES, key=lambda family: _distance(word, family))


def _distance(a: str, b: str) -> int:
    """Levenshtein distance; the words are short, so the plain table is fast enough."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]
