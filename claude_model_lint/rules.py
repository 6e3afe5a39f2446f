"""The CML rules: stable codes and their metadata (what ``verdicts`` fires, and the docs show).

Kept apart from the verdicts so that reading a configuration needs none of the registry.
"""

from __future__ import annotations

import enum
from typing import NamedTuple

from .types import Severity

DOCS_URL = "https://github.com/claude-model-lint/claude-model-lint/blob/main/docs/rules.md"


def rule_docs_url(code: str) -> str:
    """The rule's own page (docs/rules/CML001.md, ...)."""
    return DOCS_URL.removesuffix(".md") + f"/{code}.md"


class Code(str, enum.Enum):
    RETIRED_MODEL = "CML001"
    """Retired on the as-of date: every request that names it fails."""
    DEPRECATED_MODEL = "CML002"
    """Deprecated: it still answers, until its retirement date."""
    LEGACY_MODEL = "CML003"
    """Legacy: it gets no more updates and may be deprecated next."""
    UNKNOWN_MODEL = "CML004"
    """Shaped like a Claude model id, but not in the registry: a typo, or newer than the data."""
    FLOATING_ALIAS = "CML005"
    """An alias that moves to a new snapshot without a code change."""
    RETIREMENT_WINDOW_OPEN = "CML006"
    """Active, but its earliest possible retirement date has passed."""
    UNSUPPORTED_PARAMETER = "CML007"
    """A request parameter the call's model rejects."""
    NEW_MODEL = "CML008"
    """Newer than the data: a model released after the data's date, not a mistake."""


class Rule(NamedTuple):
    code: str
    name: str
    severity: Severity
    enabled_by_default: bool
    summary: str
    explanation: str
    fix: str
    example: str


RULES: dict[str, Rule] = {
    rule.code: rule
    for rule in (
        Rule(
            Code.RETIRED_MODEL.value, "retired-model", Severity.ERROR, True,
            "retired on the as-of date: requests fail",
            "After its retirement date Anthropic (or the cloud platform) rejects every request "
            "that names the model, so the code fails at run time. Bedrock and Vertex AI ids are "
            "judged by the platform's own dates where they are published.",
            "Rewritten to the recommended replacement, in the same spelling (Bedrock stays "
            "Bedrock with its regional prefix, Vertex stays Vertex, an alias stays an alias).",
            'client.messages.create(model="claude-3-opus-20240229", ...)',
        ),
        Rule(
            Code.DEPRECATED_MODEL.value, "deprecated-model", Severity.WARNING, True,
            "deprecated; retires on a set date",
            "A deprecated model still answers, but it is closed to new customers and retires on "
            "the date shown; after that date this finding becomes CML001. Move before then.",
            "Rewritten to the recommended replacement, in the same spelling.",
            'model: "us.anthropic.claude-3-haiku-20240307-v1:0"',
        ),
        Rule(
            Code.LEGACY_MODEL.value, "legacy-model", Severity.INFO, True,
            "legacy: still works, no more updates",
            "A legacy model keeps working but gets no more updates and is the next candidate for "
            "deprecation. Information only: under the default --fail-on warning it never fails a "
            "commit. The message names the model Anthropic's page suggests.",
            "No automatic fix; the message suggests the model to consider.",
            'MODEL = "claude-sonnet-4-6"',
        ),
        Rule(
            Code.UNKNOWN_MODEL.value, "unknown-model", Severity.WARNING, True,
            "looks like a Claude model id but is not in the registry",
            "The text has the shape of a Claude model id (family, version, date) but no model of "
            "that spelling is known: usually a typo or a date from another model, which fails "
            "with a 404. An id that looks newer than the registry may be real: update the tool "
            "or add it with a registry overlay.",
            "No fix; the message suggests the closest known ids.",
            'model="claude-opus-4-5-20250929"',
        ),
        Rule(
            Code.FLOATING_ALIAS.value, "floating-alias", Severity.WARNING, False,
            "an alias that moves to new snapshots",
            "Aliases such as claude-3-5-sonnet-latest or claude-sonnet-4-5 point to the newest "
            "snapshot and can change behaviour without a code change. Off by default.",
            "Pinned to the snapshot the alias points to today.",
            'model="claude-haiku-4-5"',
        ),
        Rule(
            Code.RETIREMENT_WINDOW_OPEN.value, "retirement-window-open", Severity.INFO, False,
            "active, but its not-sooner-than retirement date has passed",
            "The model is still active, but Anthropic has passed the earliest date on which it "
            "may retire (the page's 'not sooner than' date); a deprecation notice can come any "
            "time, with at least 60 days' warning. Off by default.",
            "No fix.",
            'model="claude-sonnet-4-5-20250929"',
        ),
        Rule(
            Code.UNSUPPORTED_PARAMETER.value, "unsupported-parameter", Severity.ERROR, True,
            "a request parameter the call's model rejects",
            "Some models reject request parameters or values: temperature, top_p and top_k with a "
            "non-default value return a 400 error on every model from Claude 4.7 on and on Claude "
            "Mythos Preview; Claude Opus 5.5 and Fable 5.1 reject disabled thinking and a fixed "
            "budget_tokens, Sonnet 5.5 disabled thinking; the three reject forced tool use; Opus "
            "5.5 rejects the computer_20251124 tool (the rules are data: see the CML007 page). "
            "Reported in Python and JavaScript/TypeScript calls to messages.create / stream / "
            "count_tokens / batches.create (also beta, Bedrock and Vertex clients) whose model is a "
            "literal or a module constant, for literal values; a model or value the linter cannot "
            "read is not judged. When --fix moves a call to such a model, the fix message says the "
            "call needs attention.",
            "Only with --unsafe-fixes (the request's behaviour changes): a sampling argument is "
            'removed; thinking becomes {"type": "adaptive"} ({"type": "between_tools"} on Sonnet '
            '5.5) and forced tool_choice {"type": "auto"}; the computer tool is left to you.',
            'client.messages.create(model="claude-opus-4-8", temperature=0.2, ...)',
        ),
        Rule(
            Code.NEW_MODEL.value, "new-model", Severity.INFO, True,
            "a newer model of a known family than the data knows",
            "The id parses as a Claude model of a known family with a higher version than any the "
            "model data holds (claude-fable-5-3 when the data stops at Fable 5.2): most likely a "
            "model released after the data's date, so it is information, never a failure under "
            "the default --fail-on warning, and the pre-commit hook passes. "
            "`claude-model-lint-registry update` reads it from Anthropic's sources. Typos and "
            "impossible dates stay CML004.",
            "No fix; update the data to judge it.",
            'model="claude-opus-6"',
        ),
    )
}  # fmt: skip
