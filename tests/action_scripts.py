"""The text of an Action step's script as bash runs it: with the files it sources
(scripts/action-setup.sh, shared by the check's and the radar's steps), so that a test reading
which INPUT_ names a step uses reads them all."""

from __future__ import annotations

import re
from pathlib import Path

SCRIPTS = Path(__file__).parent.parent / "scripts"
_SOURCED = re.compile(r'^source "\$GITHUB_ACTION_PATH/scripts/([\w.-]+)"', re.MULTILINE)


def step_script(name: str) -> str:
    """``scripts/<name>`` followed by each script it sources (once each, in order)."""
    text = (SCRIPTS / name).read_text()
    sourced = [(SCRIPTS / other).read_text() for other in dict.fromkeys(_SOURCED.findall(text))]
    return "\n".join([text, *sourced])
