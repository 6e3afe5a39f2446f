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

from ..model_ids import find_ids
from . import LineIndex
from .calls import NOT_COUNTED, CallSite, JSONValue, ParameterUse
from .js_literals import (
    MAX_DEPTH,
    UNKNOWN,
    Arr,
    LiteralReader,
    Node,
    Obj,
    Prop,
    Ref,
    Unknown,
)

_NEXT = re.compile(
    r"""
    (?P<head>\bmessages\s*\.\s*(?P<method>create|stream|countTokens|batches\s*\.\s*create)\s*\(
      # the Vercel AI SDK: generateText({ model: anthropic("…"), temperature: 0.2 })
      | \b(?P<vercel>generateText|streamText|generateObject|streamObject)\s*\()
  | (?P<decl>\b(?:const|let|var)\s+(?P<name>[A-Za-z_$][\w$]*)\s*(?::[^=;\r\n]{1,80})?=(?![=>]))
  | [\"'`/()\[\]{}]                        # what changes the lexical state or the nesting
    """,
    re.VERBOSE,
)


# a Vercel AI SDK provider called with the model id: anthropic("…"), bedrock("…"), vertex("…")
_PROVIDER = re.compile(
    r"""(?:anthropic|bedrock|vertex|vertexAnthropic|amazonBedrock)\s*\(\s*
        (?P<q>["'`])(?P<id>[^"'`\r\n]{1,200})(?P=q)""",
    re.VERBOSE,
)
_VERCEL_NAMES = {"topP": "top_p", "topK": "top_k"}  # its names for the request's parameters


def find_js_calls(
    text: str, parameters: Iterable[str], index: LineIndex | None = None
) -> list[CallSite]:
    wanted = frozenset(parameters)
    if ("messages" not in text and "Text(" not in text and "Object(" not in text) or not any(
        name in text or name.replace("_p", "P").replace("_k", "K") in text for name in wanted
    ):
        return []
    reader = _Pass(text)
    heads = reader.run()
    finder = _Finder(text, index or LineIndex(text), wanted, reader.constants)
    for method, node in heads:
        finder.visit(method, node)
    return finder.calls


class _Pass(LiteralReader):
    """The one pass over the file: the calls, and the module's constants."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.constants: dict[str, Node] = {}  # module-level const NAME = literal
        self.declared: set[str] = set()

    def run(self) -> list[tuple[str, Node]]:
        text, heads = self.text, []
        pos, depth = 0, 0
        templates: list[int] = []  # the depth at each open '${'
        while (m := _NEXT.search(text, pos)) is not None:
            at, pos = m.start(), m.end()
            if m["head"]:
                depth += 1  # its '(': the ')' after the argument closes it
                node, pos = self.value(pos, 0)
                method = "vercel" if m["vercel"] else re.sub(r"\s+", "", m["method"])
                heads.append((method, node))
            elif m["decl"]:
                if depth == 0 and not templates:
                    self._declare(m["name"], pos)
            elif (stepped := self.step(at, depth, templates)) is not None:
                pos, depth = stepped
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
            name = (
                _VERCEL_NAMES.get(prop.name or "", prop.name) if method == "vercel" else prop.name
            )
            if prop.name == "model":
                model = prop
            elif name in self.wanted and not (method == "countTokens" and name in NOT_COUNTED):
                uses.append(self._use(prop)._replace(name=name or ""))
        if model is None or not uses:
            return
        literal = model.value
        if isinstance(literal, Ref):
            literal = self.constants.get(literal.name, UNKNOWN)
        provider = _PROVIDER.match(self.text, model.value_start, model.end)
        if isinstance(literal, Unknown) and provider is not None:
            literal = provider["id"]  # anthropic("claude-…"): the provider's model
        if not isinstance(literal, str):
            return
        found = find_ids(literal)
        if not found:
            return
        start = -1  # through a constant: the fix of the constant is elsewhere
        if not isinstance(model.value, Ref):
            start = self.text.find(found[0].text, model.value_start, model.end)
        self.calls.append(
            CallSite(found[0], start, tuple(uses), line=self.index.position(model.start)[0])
        )

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
        known = not isinstance(value, Unknown)
        line, column = self.index.position(prop.start)
        end_line, end_column = self.index.position(prop.end)
        return ParameterUse(
            prop.name or "", value if known else None, known, prop.start, prop.end,  # type: ignore[arg-type]
            line, column, end_line, end_column, prop.value_start,
        )  # fmt: skip

    def _json(self, node: Node, depth: int) -> JSONValue | Unknown:
        if depth > MAX_DEPTH:
            return UNKNOWN
        if isinstance(node, Ref):
            return self._json(self.constants.get(node.name, UNKNOWN), depth + 1)
        if isinstance(node, Obj):
            pairs = ((p.name, self._json(p.value, depth + 1)) for p in self._props(node))
            return {k: v for k, v in pairs if k is not None and not isinstance(v, Unknown)}
        if isinstance(node, Arr):
            items = (self._json(item, depth + 1) for item in node.items)
            return [item for item in items if not isinstance(item, Unknown)]
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
