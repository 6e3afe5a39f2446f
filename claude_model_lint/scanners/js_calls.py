"""Messages API calls in JavaScript and TypeScript whose argument is an object literal, as
``client.messages.create({ model: "claude-opus-5-5", thinking: { type: "disabled" } })``: what
CML007 judges in .js/.mjs/.cjs/.ts/.tsx/.jsx files.

No JavaScript parser: one pass finds the calls (and the module's ``const NAME = literal``) with
strings, templates, comments and regex literals stepped over, and a small reader follows each
call's object literal by its braces. Anything that is not a literal (a call, a property access,
an expression) is unknown and never guessed. Linear in the input: every piece of text is read a
bounded number of times (see tests/test_adversarial.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from ..model_ids import find_ids
from . import LineIndex
from .calls import NOT_COUNTED, CallSite, JSONValue, ParameterUse
from .js_lexer import comment_end, regex_end, skip_trivia, string_end, template_chunk_end

SUFFIXES = frozenset({".js", ".mjs", ".cjs", ".ts", ".mts", ".cts", ".tsx", ".jsx"})
MAX_DEPTH = 32  # deeper literals are stepped over as unknown: no recursion without end

_NEXT = re.compile(
    r"""
    (?P<head>\bmessages\s*\.\s*(?P<method>create|stream|countTokens|batches\s*\.\s*create)\s*\()
  | (?P<decl>\b(?:const|let|var)\s+(?P<name>[A-Za-z_$][\w$]*)\s*(?::[^=;\r\n]{1,80})?=(?![=>]))
  | [\"'`/()\[\]{}]                        # what changes the lexical state or the nesting
    """,
    re.VERBOSE,
)
_EXPRESSION = re.compile(r"[\"'`/()\[\]{},;]")
_NAME = re.compile(r"[A-Za-z_$][\w$]*|\d[\w.]*")
_NUMBER = re.compile(r"-?(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?(?![\w$.])")
_AS_CONST = re.compile(r"(?:as|satisfies)\s+[\w$.]+")  # TypeScript: `as const`, `as Params`
_WORDS: dict[str, bool | None] = {"true": True, "false": False, "null": None, "undefined": None}
_OPENERS, _CLOSERS = "([{", ")]}"


class _Unknown:
    """Not a literal: a call, an expression, a name bound to nothing the module shows."""


UNKNOWN = _Unknown()


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


Node = Obj | Arr | Ref | _Unknown | str | int | float | bool | None


def find_js_calls(
    text: str, parameters: Iterable[str], index: LineIndex | None = None
) -> list[CallSite]:
    wanted = frozenset(parameters)
    if "messages" not in text or not any(name in text for name in wanted):
        return []
    reader = _Reader(text)
    heads = reader.run()
    finder = _Finder(text, index or LineIndex(text), wanted, reader.constants)
    for method, node in heads:
        finder.visit(method, node)
    return finder.calls


class _Reader:
    """The one pass over the file, and the object-literal reader it calls."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.constants: dict[str, Node] = {}  # module-level const NAME = literal
        self.declared: set[str] = set()

    def run(self) -> list[tuple[str, Node]]:
        text, heads = self.text, []
        pos, depth = 0, 0
        templates: list[int] = []  # the depth at each open '${'
        while (m := _NEXT.search(text, pos)) is not None:
            at, pos = m.start(), m.end()
            char = text[at]
            if m["head"]:
                depth += 1  # its '(': the ')' after the argument closes it
                node, pos = self.value(pos, 0)
                heads.append((re.sub(r"\s+", "", m["method"]), node))
            elif m["decl"]:
                if depth == 0 and not templates:
                    self._declare(m["name"], pos)
            elif char in "\"'":
                pos = string_end(text, at)
            elif char == "`" or (char == "}" and templates and templates[-1] == depth):
                if char == "}":
                    templates.pop()
                    depth -= 1
                pos, opened = self._template(at + 1)
                if opened:
                    depth += 1
                    templates.append(depth)
            elif char == "/":
                pos = comment_end(text, at) or regex_end(text, at) or at + 1
            elif char in _OPENERS:
                depth += 1
            else:
                depth = max(depth - 1, 0)
        return heads

    def _declare(self, name: str, pos: int) -> None:
        """A module-level const: its literal value; a name declared twice is ambiguous."""
        node, _ = self.value(pos, 0, statement=True)
        if name in self.declared:
            node = UNKNOWN
        self.declared.add(name)
        self.constants[name] = node

    def _template(self, pos: int) -> tuple[int, bool]:
        """From inside a template's text: past its closing '`', or past '${' (True)."""
        end = template_chunk_end(self.text, pos)
        if self.text.startswith("${", end):
            return end + 2, True
        return min(end + 1, len(self.text)), False

    # --- the literal reader -------------------------------------------------------------------

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
            end = string_end(text, pos) if char != "`" else self._template(pos + 1)[0]
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
            if char in "\"'":
                pos = string_end(text, at)
            elif char == "`" or (char == "}" and templates and templates[-1] == depth):
                if char == "}":
                    templates.pop()
                    depth -= 1
                pos, opened = self._template(at + 1)
                if opened:
                    depth += 1
                    templates.append(depth)
            elif char == "/":
                pos = comment_end(text, at) or regex_end(text, at) or at + 1
            elif char in _OPENERS:
                depth += 1
            elif depth == 0:  # a closer or a separator of the enclosing literal
                return at
            elif char in _CLOSERS:
                depth -= 1
        return len(text)


class _Finder:
    """The calls the reader found, judged for a model and the wanted parameters."""

    def __init__(
        self, text: str, index: LineIndex, wanted: frozenset[str], constants: dict[str, Node]
    ) -> None:
        self.text, self.index, self.wanted, self.constants = text, index, wanted, constants
        self.calls: list[CallSite] = []

    def visit(self, method: str, node: Node) -> None:
        if isinstance(node, Ref):
            node = self.constants.get(node.name, UNKNOWN)
        if method == "batches.create":  # each request's params: an object with a model
            for inner in _objects(node):
                self._request(inner, "create")
        elif isinstance(node, Obj):
            self._request(node, method)

    def _request(self, node: Obj, method: str) -> None:
        model: Prop | None = None
        uses = []
        for prop in self._props(node):
            if prop.name == "model":
                model = prop
            elif prop.name in self.wanted and not (
                method == "countTokens" and prop.name in NOT_COUNTED
            ):
                uses.append(self._use(prop))
        if model is None or not uses:
            return
        literal = model.value
        if isinstance(literal, Ref):
            literal = self.constants.get(literal.name, UNKNOWN)
        if not isinstance(literal, str):
            return
        found = find_ids(literal)
        if not found:
            return
        start = -1  # through a constant: the fix of the constant is elsewhere
        if not isinstance(model.value, Ref):
            start = self.text.find(found[0].text, model.value_start, model.end)
        self.calls.append(CallSite(found[0], start, tuple(uses)))

    def _props(self, node: Obj) -> list[Prop]:
        """The object's properties, a ...CONSTANT spread's included; an unknown spread may
        override every property before it, so those are dropped."""
        props: list[Prop] = []
        for prop in node.props:
            if not prop.spread:
                props.append(prop)
                continue
            spread = prop.value
            if isinstance(spread, Ref):
                spread = self.constants.get(spread.name, UNKNOWN)
            props = [*props, *spread.props] if isinstance(spread, Obj) else []
        return list({p.name: p for p in props if p.name is not None}.values())

    def _use(self, prop: Prop) -> ParameterUse:
        value = self._json(prop.value, 0)
        known = not isinstance(value, _Unknown)
        line, column = self.index.position(prop.start)
        end_line, end_column = self.index.position(prop.end)
        return ParameterUse(
            prop.name or "", value if known else None, known, prop.start, prop.end,  # type: ignore[arg-type]
            line, column, end_line, end_column, prop.value_start,
        )  # fmt: skip

    def _json(self, node: Node, depth: int) -> JSONValue | _Unknown:
        if depth > MAX_DEPTH:
            return UNKNOWN
        if isinstance(node, Ref):
            return self._json(self.constants.get(node.name, UNKNOWN), depth + 1)
        if isinstance(node, Obj):
            pairs = ((p.name, self._json(p.value, depth + 1)) for p in self._props(node))
            return {k: v for k, v in pairs if k is not None and not isinstance(v, _Unknown)}
        if isinstance(node, Arr):
            items = (self._json(item, depth + 1) for item in node.items)
            return [item for item in items if not isinstance(item, _Unknown)]
        return node


def _objects(node: Node) -> Iterator[Obj]:
    """Every object literal inside ``node`` that names a model, without recursion."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, Obj):
            if any(p.name == "model" for p in current.props):
                yield current
            stack.extend(p.value for p in current.props)
        elif isinstance(current, Arr):
            stack.extend(current.items)
