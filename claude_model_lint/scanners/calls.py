"""What the call finders (Python and JavaScript/TypeScript) report for CML007: a Messages API
call whose model is known, and the request parameters it passes with their literal values.

Values are kept as JSON would carry them (dicts, lists, strings, numbers, booleans, None), so the
scan cache stores them as they are and one judge serves every language.
"""

from __future__ import annotations

import re
from typing import NamedTuple, Union

from ..types import FoundId

JSONValue = Union[None, bool, int, float, str, list["JSONValue"], dict[str, "JSONValue"]]  # noqa: UP007

# the request methods: create, stream, count_tokens (countTokens in JS) and batches.create; and
# instructor's client.chat.completions.create (the finders judge the callee itself: this only
# says where a call may be; without it a file of instructor calls was never parsed)
HEAD = re.compile(
    r"(?:messages\s*\.\s*(?:create|stream|count_tokens|countTokens|batches\s*\.\s*create)"
    r"|chat\s*\.\s*completions\s*\.\s*create)\s*\("
)


# Well-known wrappers whose constructor (or call) configures a request: the callee's name, the
# keywords that name the model, whether the first positional argument does, and the keywords
# whose dict carries request parameters. Data, like CML007's rules: a wrapper is a row here.
class Wrapper(NamedTuple):
    model: tuple[str, ...]
    positional: bool = False
    settings: tuple[str, ...] = ()


WRAPPERS: dict[str, Wrapper] = {
    "ChatAnthropic": Wrapper(("model", "model_name"), settings=("model_kwargs",)),  # LangChain
    "ChatAnthropicVertex": Wrapper(("model_name", "model"), settings=("model_kwargs",)),
    "ChatVertexAI": Wrapper(("model_name", "model"), settings=("model_kwargs",)),
    "ChatBedrock": Wrapper(("model_id", "model"), settings=("model_kwargs",)),
    "ChatBedrockConverse": Wrapper(("model", "model_id"), settings=("additional_model_request_fields",)),
    "Anthropic": Wrapper(("model",), settings=("additional_kwargs",)),  # LlamaIndex's LLM
    "AnthropicModel": Wrapper(("model_name",), positional=True, settings=("settings",)),  # pydantic-ai
    "Agent": Wrapper(("model",), positional=True, settings=("model_settings",)),  # pydantic-ai
    "completion": Wrapper(("model",)),  # LiteLLM
    "acompletion": Wrapper(("model",)),
}  # fmt: skip
WRAPPER_HEAD = re.compile(r"\b(?:" + "|".join(WRAPPERS) + r")\s*\(")

# count_tokens takes no sampling parameters: passing one is a TypeError, not the model's 400
NOT_COUNTED = frozenset({"temperature", "top_p", "top_k"})


class ParameterUse(NamedTuple):
    name: str
    value: JSONValue  # the literal passed; keys and items that are not literals are left out
    known: bool  # False: not a literal (a call, an unbound name): never guessed
    start: int  # offsets of 'name=value' ('"name": value' in a dict, 'name: value' in JS)
    end: int  # also the end of the value
    line: int
    column: int
    end_line: int
    end_column: int
    value_start: int  # where the value starts: [value_start, end) is what a fix replaces

    @property
    def explicit_none(self) -> bool:
        """name=None (or null / undefined in JS): the SDK sends nothing."""
        return self.known and self.value is None


class CallSite(NamedTuple):
    """A request: the model id it names and the parameters it passes (a call, a wrapper's
    constructor, a config mapping)."""

    model: FoundId  # the model id the call names
    model_start: int  # offset of that literal in the file (-1 through a name)
    parameters: tuple[ParameterUse, ...]
    # where else an id that feeds this request is written (a constant, a parameter's default),
    # and how the id reaches it ('through MODEL', 'the default of ask()'; '' when in the call)
    feeds: tuple[int, ...] = ()
    via: str = ""
    line: int = 0  # the request's first line
