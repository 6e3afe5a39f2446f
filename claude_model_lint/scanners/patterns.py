"""Strings that match text rather than name a model: a warning filter, a regular expression.

Rewriting the id inside one stops it matching what it was written for (a pytest warning filter
lets the deprecation warning through and the test fails; a regex no longer matches the old
name it exists to catch), so neither --fix nor --unsafe-fixes touches them; the message says why.
"""

from __future__ import annotations

import re

WARNING_FILTER = "a warning filter, which matches the warning's text as it is written"
REGEX = "a regular expression, which matches text as it is written"

# a warnings filter spec: 'ignore:message:Category', 'error::DeprecationWarning'
_ACTION = re.compile(r"[ \t\-\"'\[]*(?:ignore|error|default|always|module|once):")
# a call or keyword whose string argument is a pattern, right before the literal
_PATTERN_ARGUMENT = re.compile(
    r"""
    (?:
        (?P<warning>filterwarnings|simplefilter)[ \t]*\([^()\n]*    # warnings.filterwarnings(...,
      | \bre\.\w+[ \t]*\([ \t]*                                     # re.compile( re.search( ...
      | \b(?:match|pattern|regex)[ \t]*=[ \t]*                      # pytest.raises(match=...
    )
    [rRbBuU]{0,2}\Z""",
    re.VERBOSE,
)
# regex syntax next to the id: an escaped dot or class, '.*', a group, an anchored start or end
_REGEX_SYNTAX = re.compile(r"\\[.dDwWsSb]|\.[*+?]|\(\?|\[\^?[\w.-]*\][*+?]|\A\^|\$\Z")
_REACH = 80  # characters before the literal where its call or keyword is looked for


def pattern_reason(text: str, start: int, end: int) -> str:
    """Why the Python literal at text[start:end] (prefix and quotes included) must not be
    rewritten, or ''. Regex syntax counts in a one-line literal only (a docstring that shows
    a '.*' is no pattern); the caller asks once per literal."""
    literal = text[start:end]
    opener = re.match(r"[rRbBuUfF]{0,2}('''|\"\"\"|'|\")", literal)
    inner = literal[opener.end() : len(literal) - len(opener[1])] if opener else literal
    if _ACTION.match(inner):
        return WARNING_FILTER
    before = text[max(text.rfind("\n", 0, start) + 1, start - _REACH) : start]
    argument = _PATTERN_ARGUMENT.search(before)
    if argument is not None:
        return WARNING_FILTER if argument["warning"] else REGEX
    one_line = "\n" not in inner
    return REGEX if one_line and _REGEX_SYNTAX.search(inner) else ""


def warning_filter_line(line: str) -> bool:
    """Is a line of a text file (pytest.ini, pyproject.toml, setup.cfg) a warning filter?"""
    return _ACTION.match(line) is not None
