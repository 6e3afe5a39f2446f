"""Object and array literals of JavaScript and TypeScript, read by their brackets: the values
the CML007 call finder judges. Strings, templates, comments and regex literals inside are
stepped over by the lexer; anything that is not a literal is UNKNOWN, never guessed.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .js_lexer import comment_end, regex_end, skip_trivia, string_end, template_chunk_end

MAX_DEPTH = 32  # deeper literals are stepped over as unknown: no recursion without end
_EXPRESSION = re.compile(r"[\"'`/()\[\]{},;]")
_NAME = re.compile(r"[A-Za-z_$][\w$]*|\d[\w.]*")
_NUMBER = re.compile(r"-?(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?(?![\w$.])")
_AS_CONST = re.compile(r"(?:as|satisfies)\s+[\w$.]+")  # TypeScript: `as const`, `as Params`
_WORDS: dict[str, bool | None] = {"true": True, "false": False, "null": None, "undefined": None}
OPENERS, CLOSERS = "([{", ")]}"


class Unknown:
    """Not a literal: a call, an expression, a name bound to nothing the module shows."""


UNKNOWN = Unknown()


class Ref(NamedTuple):
    name: str  # a name, looked up in the module's constants once the file is read


class Prop(NamedTuple):
    name: str | None  # None: a computed key, or a ...spread
    start: int  # the key
    value_start: int
    end: int
    value: Node
    spread: bool = False


class Obj(NamedTuple):
    props: tuple[Prop, ...]


class Arr(NamedTuple):
    items: tuple[Node, ...]


Node = Obj | Arr | Ref | Unknown | str | int | float | bool | None


class LiteralReader:
    """Reads literals of ``text`` at given offsets; each returns the value and its end."""

    def __init__(self, text: str) -> None:
        self.text = text

    def step(self, at: int, depth: int, templates: list[int]) -> tuple[int, int] | None:
        """Past what starts at ``at`` when it is a string, a template's part, a comment, a regex
        literal or an opening bracket: where to go on, and the bracket depth then (``templates``,
        the depth at each open '${', is updated); None for anything else."""
        text = self.text
        char = text[at]
        if char in "\"'":
            return string_end(text, at), depth
        if char == "`" or (char == "}" and templates and templates[-1] == depth):
            if char == "}":
                templates.pop()
                depth -= 1
            pos, opened = self.template(at + 1)
            if opened:
                depth += 1
                templates.append(depth)
            return pos, depth
        if char == "/":
            return comment_end(text, at) or regex_end(text, at) or at + 1, depth
        if char in OPENERS:
            return at + 1, depth + 1
        return None

    def template(self, pos: int) -> tuple[int, bool]:
        """From inside a template's text: past its closing '`', or past '${' (True)."""
        end = template_chunk_end(self.text, pos)
        if self.text.startswith("${", end):
            return end + 2, True
        return min(end + 1, len(self.text)), False

    def value(self, pos: int, depth: int, statement: bool = False) -> tuple[Node, int]:
        """The literal at ``pos`` and where it ends; UNKNOWN (and ``pos``) when it is none.
        ``statement``: a declaration's value, which a line break may end (no semicolon)."""
        text = self.text
        pos = skip_trivia(text, pos)
        if pos >= len(text):
            return UNKNOWN, pos
        char = text[pos]
        node: Node = UNKNOWN
        if char == "{" and depth < MAX_DEPTH:
            node, end = self._object(pos + 1, depth + 1)
        elif char == "[" and depth < MAX_DEPTH:
            node, end = self._array(pos + 1, depth + 1)
        elif char in "\"'`":
            end = string_end(text, pos) if char != "`" else self.template(pos + 1)[0]
            inner = text[pos + 1 : end - 1]
            closed = end - pos >= 2 and text[end - 1] == char
            if closed and "\\" not in inner and not (char == "`" and "${" in inner):
                node = inner  # escapes are not decoded: such a string is not read
        elif (number := _NUMBER.match(text, pos)) is not None:
            end = number.end()
            node = float(number[0]) if any(c in number[0] for c in ".eE") else int(number[0])
        elif (name := _NAME.match(text, pos)) is not None:
            end = name.end()
            node = _WORDS[name[0]] if name[0] in _WORDS else Ref(name[0])
        else:
            return UNKNOWN, pos
        after = skip_trivia(text, end)
        if (suffix := _AS_CONST.match(text, after)) is not None:
            end = suffix.end()
            after = skip_trivia(text, end)
        ended = after >= len(text) or text[after] in ",;)]}"
        if not ended and not (statement and "\n" in text[end:after]):
            return UNKNOWN, pos  # an expression that only starts with a literal
        return node, end

    def _object(self, pos: int, depth: int) -> tuple[Obj, int]:
        text, props = self.text, list[Prop]()
        while (pos := skip_trivia(text, pos)) < len(text):
            char = text[pos]
            if char == "}":
                return Obj(tuple(props)), pos + 1
            if char in ",;":
                pos += 1
                continue
            if char in ")]":
                break  # not ours: the object was left open
            start = pos
            if text.startswith("...", pos):
                value, end = self.value(pos + 3, depth)
                end = self.skip(end)
                props.append(Prop(None, start, skip_trivia(text, pos + 3), end, value, True))
                pos = end
                continue
            name: str | None = None
            if char in "\"'":
                pos = string_end(text, start)
                inner = text[start + 1 : pos - 1]
                name = inner if pos - start >= 2 and text[pos - 1] == char else None
            elif (word := _NAME.match(text, pos)) is not None:
                name, pos = word[0], word.end()
            elif char == "[":
                pos = min(self.skip(pos + 1) + 1, len(text))  # [computed]: no name
            else:
                pos = max(self.skip(pos), pos + 1)
                continue
            colon = skip_trivia(text, pos)
            if colon < len(text) and text[colon] == ":":
                value_start = skip_trivia(text, colon + 1)
                value, end = self.value(value_start, depth)
                if value is UNKNOWN:
                    end = self.skip(value_start)
                props.append(Prop(name, start, value_start, end, value))
                pos = end
            elif colon < len(text) and text[colon] in ",}" and name is not None:
                props.append(Prop(name, start, start, pos, Ref(name)))  # { model }
            else:  # a method, a getter, `async f() {}`: stepped over
                pos = max(self.skip(pos), pos + 1)
        return Obj(tuple(props)), pos

    def _array(self, pos: int, depth: int) -> tuple[Arr, int]:
        text, items = self.text, list[Node]()
        while (pos := skip_trivia(text, pos)) < len(text):
            char = text[pos]
            if char == "]":
                return Arr(tuple(items)), pos + 1
            if char == ",":
                pos += 1
                continue
            if char in ");}":
                break
            value, end = self.value(pos, depth)
            if value is UNKNOWN or text.startswith("...", pos):
                end = max(self.skip(pos), pos + 1)
                value = UNKNOWN
            items.append(value)
            pos = end
        return Arr(tuple(items)), pos

    def skip(self, pos: int) -> int:
        """Past an expression: to the ',' ';' or closing bracket that ends it, brackets,
        strings, templates, comments and regex literals followed."""
        text = self.text
        depth, templates = 0, list[int]()
        while (m := _EXPRESSION.search(text, pos)) is not None:
            at = m.start()
            char = text[at]
            pos = at + 1
            stepped = self.step(at, depth, templates)
            if stepped is not None:
                pos, depth = stepped
            elif depth == 0:  # a closer or a separator of the enclosing literal
                return at
            elif char in CLOSERS:
                depth -= 1
        return len(text)
