"""The words of Anthropic's "Model deprecations" page in every form it is published in: Markdown
tables (with or without leading pipes), MDX components, mirrors' front matter, English, Korean,
Japanese and Chinese dates, states and column names.

Only vocabulary and table shapes live here; what the rows mean is page_import's business.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import NamedTuple


class PageError(Exception):
    """The page cannot be read faithfully; the message names the line and what was expected."""


_MONTHS = {
    name: number
    for number, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
         ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
         ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
         ("december", "dec")], 1)
    for name in names
}  # fmt: skip
_CJK_DATE = re.compile(
    r"""(\d{4}) \s* [년年] \s* (\d{1,2}) \s* [월月] \s* (\d{1,2}) \s* [일日]  # 2026년 2월 19일, 2026 年 2 月 19 日""",
    re.VERBOSE,
)
_ENGLISH_DATE = re.compile(r"([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
NOT_SOONER = re.compile(r"not\s+sooner\s+than|이후\s*아님|以降|不早[于於]", re.IGNORECASE)
TO_BE_ANNOUNCED = {"to be announced", "tba", "tbd", "to be determined"}
NONE = {"n/a", "na", "-", "—", "", "none", "不适用", "不適用", "해당 없음", "該当なし"}

STATES = {
    "active": "active", "활성": "active", "アクティブ": "active", "活跃": "active", "活躍": "active",
    "legacy": "legacy", "레거시": "legacy", "レガシー": "legacy", "旧版": "legacy", "舊版": "legacy",
    "deprecated": "deprecated", "지원 중단됨": "deprecated", "지원 중단": "deprecated",
    "廃止予定": "deprecated", "已弃用": "deprecated", "已棄用": "deprecated",
    "retired": "retired", "중단됨": "retired", "廃止済み": "retired", "已停用": "retired",
}  # fmt: skip

STATUS_HEADERS = {
    ("api model name", "current state", "deprecated", "tentative retirement date"),
    ("api 모델 이름", "현재 상태", "지원 중단됨", "예상 중단 날짜"),
    ("apiモデル名", "現在の状態", "廃止予定日", "予定廃止日"),
    ("api 模型名称", "当前状态", "弃用日期", "暂定停用日期"),
    ("api 模型名稱", "當前狀態", "棄用日期", "暫定停用日期"),
}
HISTORY_HEADERS = {
    ("retirement date", "deprecated model", "recommended replacement"),
    ("중단 날짜", "지원 중단된 모델", "권장 대체 모델"),
    ("廃止予定日", "廃止予定モデル", "推奨される置き換え"),
    ("停用日期", "已弃用模型", "推荐替代方案"),
    ("停用日期", "已棄用模型", "推薦替代方案"),
}
PARAMETER_HEADERS = {
    ("parameter", "status", "behavior", "recommended replacement"),
}

_HEADING_DATE = re.compile(
    r"(\d{4}-\d{2}-\d{2})\s*[:\uff1a]"
)  # : or the full-width colon (Chinese pages)
_DASHES = re.compile(r":?-+:?")
_FRONT_MATTER_DATE = re.compile(
    r"^(?:fetched_at|date|last_updated|updated|last_modified)\s*:\s*[\"']?(\d{4}-\d{2}-\d{2})",
    re.MULTILINE,
)


def parse_date(text: str, line: int) -> date:
    """'2026년 1월 5일', '2026年1月5日', 'January 5, 2026' or '2026-01-05'."""
    if len(text) > 200:  # a date cell is short; the patterns need not read a megabyte
        raise PageError(f"line {line}: expected a date, found {len(text)} characters")
    for pattern, order in ((_CJK_DATE, "ymd"), (_ISO_DATE, "ymd"), (_ENGLISH_DATE, "mdy")):
        m = pattern.search(text)
        if m is None:
            continue
        try:
            if order == "ymd":
                return date(int(m[1]), int(m[2]), int(m[3]))
            month = _MONTHS.get(m[1].lower())
            if month is not None:
                return date(int(m[3]), month, int(m[2]))
        except ValueError:
            break
    raise PageError(f"line {line}: expected a date, found {text.strip()!r}")


def front_matter_date(text: str) -> date | None:
    """The date a mirror or the page states in its front matter (the first block(s) fenced by
    '---'), or None: a page's date is never guessed from its contents."""
    lines = text.splitlines()
    i, block = 0, []
    while i < len(lines) and lines[i].strip() == "---":  # one block, or a mirror's then the page's
        end = next((j for j in range(i + 1, len(lines)) if lines[j].strip() == "---"), None)
        if end is None:
            break
        block += lines[i + 1 : end]
        i = end + 1
        while i < len(lines) and not lines[i].strip():
            i += 1
    m = _FRONT_MATTER_DATE.search("\n".join(block))
    if m is None:
        return None
    try:
        return date.fromisoformat(m[1])
    except ValueError:
        return None


class Table(NamedTuple):
    """A Markdown table: its header cells (lower case), its rows with their 1-based line numbers,
    and the history heading's date it stands under (None outside a dated section)."""

    line: int
    header: tuple[str, ...]
    rows: list[tuple[int, list[str]]]
    heading_date: date | None


def cells(line: str) -> list[str]:
    text = line.strip()
    text = text[1:] if text.startswith("|") else text
    text = text[:-1] if text.endswith("|") else text
    return [cell.strip() for cell in text.split("|")]


def tables(text: str) -> Iterator[Table]:
    """Every table: a line with a '|', then a separator line of dashes; rows run to the first line
    without a '|'. A history heading may be empty with its date on the next text line (HTML
    conversions of the page write them so)."""
    lines = text.splitlines()
    heading_date: date | None = None
    awaiting_date = False
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if stripped.startswith("#"):
            title = stripped.lstrip("#").strip()
            heading_date, awaiting_date = _heading_date(title, i + 1), not title
        elif awaiting_date and stripped:
            heading_date, awaiting_date = _heading_date(stripped, i + 1), False
        if "|" in line and i + 1 < len(lines) and _is_separator(lines[i + 1]):
            header = tuple(cell.lower() for cell in cells(line))
            start = i
            i += 2
            rows = []
            while i < len(lines) and "|" in lines[i]:
                rows.append((i + 1, cells(lines[i])))
                i += 1
            yield Table(start + 1, header, rows, heading_date)
            continue
        i += 1


def _is_separator(line: str) -> bool:
    parts = cells(line)
    return "|" in line and all(_DASHES.fullmatch(part) for part in parts)


def _heading_date(title: str, line: int) -> date | None:
    m = _HEADING_DATE.match(title)
    return parse_date(m[1], line) if m else None


_LINK = re.compile(r"\[([^\[\]]*)\]\([^()]*\)")  # each class stops at the next opener: linear


def plain(cell: str) -> str:
    """A cell's text without Markdown links and code marks."""
    return _LINK.sub(r"\1", cell).replace("`", "").strip()
