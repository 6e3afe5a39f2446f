"""Ctrl-C ends a run with one line ("interrupted", exit 130), never a traceback.

Python raises KeyboardInterrupt wherever the main thread is; raised inside a finalizer (a
subprocess's or a file's ``__del__``) or a callback it cannot propagate: Python printed
"Exception ignored in ... KeyboardInterrupt" and the run went on. And a second Ctrl-C during the
clean-up (temporary files, git greps) interrupted the clean-up. So: the first SIGINT raises once
and later ones are ignored; one swallowed by a finalizer is raised again in the main thread.
"""

from __future__ import annotations

import _thread
import signal
import sys
from types import FrameType
from typing import Any


def interrupt_once() -> None:
    """Install the handler (in the main thread, before the run starts)."""
    signal.signal(signal.SIGINT, _interrupted)
    previous = sys.unraisablehook

    def unraisable(info: Any) -> None:
        if isinstance(info.exc_value, KeyboardInterrupt):
            signal.signal(signal.SIGINT, _interrupted)
            _thread.interrupt_main(signal.SIGINT)  # raised again where it can end the run
            return
        previous(info)

    sys.unraisablehook = unraisable


def _interrupted(_signum: int, _frame: FrameType | None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    raise KeyboardInterrupt
