"""The lexical pieces of JavaScript and TypeScript the CML007 call finder steps over: strings,
template literals, comments and regular-expression literals. No parser: each function takes the
offset of an opening character and returns where its token ends.

Every pattern here succeeds once its opening character matched (an unterminated string ends at
its line's end, a template or block comment at the file's end), so the regex engine never tries
other ways of splitting a loop: the lexer is linear whatever the input, as the Python lexer.
"""

from __future__ import annotations

import re

_STRING = {
    '"': re.compile(r'"(?:[^"\\\r\n]+|\\(?:\r\n|.)?)*(?:"|(?=[\r\n])|\Z)', re.DOTALL),
    "'": re.compile(r"'(?:[^'\\\r\n]+|\\(?:\r\n|.)?)*(?:'|(?=[\r\n])|\Z)", re.DOTALL),
}
_TEMPLATE_CHUNK = re.compile(r"(?:[^`\\$]+|\\.?|\$(?!\{))*", re.DOTALL)  # up to ` or ${ or end
_LINE_COMMENT = re.compile(r"//[^\r\n]*")
_BLOCK_COMMENT = re.compile(r"/\*(?:[^*]+|\*(?!/))*(?:\*/|\Z)")
_TRIVIA = re.compile(r"(?:\s+|//[^\r\n]*|/\*(?:[^*]+|\*(?!/))*(?:\*/|\Z))*")
# a regex literal: no line break, classes may hold '/'; looked for in a short window only
_REGEX = re.compile(r"/(?![*/])(?:[^/\\\[\r\n]|\\.|\[(?:[^\]\\\r\n]|\\.)*\])+/[a-z]*")
_REGEX_WINDOW = 200
_BEFORE_REGEX = frozenset("(,=:[!&|?{};+-*%<>~^")
_KEYWORDS_BEFORE_REGEX = re.compile(
    r"(?:^|[^\w$.])(?:return|typeof|case|do|else|in|of|new|delete|void|throw|yield|await)$"
)
_LOOK_BACK = 32


def skip_trivia(text: str, pos: int) -> int:
    """Past whitespace and comments."""
    return _TRIVIA.match(text, pos).end()  # type: ignore[union-attr]  # matches the empty string


def string_end(text: str, pos: int) -> int:
    """``pos`` is a quote: the end of its string (its line's end when unterminated)."""
    return _STRING[text[pos]].match(text, pos).end()  # type: ignore[union-attr]


def comment_end(text: str, pos: int) -> int | None:
    """``pos`` is '/': the end of a comment starting there, else None."""
    m = _LINE_COMMENT.match(text, pos) or _BLOCK_COMMENT.match(text, pos)
    return m.end() if m else None


def regex_end(text: str, pos: int) -> int | None:
    """``pos`` is '/' and no comment: the end of a regex literal, if the code before allows one
    there and one closes within a short window (else it is a division)."""
    before = text[max(0, pos - _LOOK_BACK) : pos].rstrip()
    if not (
        (not before and pos < _LOOK_BACK)
        or (before and before[-1] in _BEFORE_REGEX)
        or _KEYWORDS_BEFORE_REGEX.search(before)
    ):
        return None
    m = _REGEX.match(text[pos : pos + _REGEX_WINDOW])
    return pos + m.end() if m else None


def template_chunk_end(text: str, pos: int) -> int:
    """``pos`` is inside a template literal's text: where '`', '${' or the file's end is."""
    return _TEMPLATE_CHUNK.match(text, pos).end()  # type: ignore[union-attr]
