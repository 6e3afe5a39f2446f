"""A per-file time budget: whatever pathology the scanners still hold becomes a note naming the
file, never a stuck hook.

SIGALRM in the process that scans (this one, or a forked worker: each checks one file at a
time), raising an exception the engine turns into that note. Armed only once a file holds
'claude', so the common file costs no system call. No budget where there is no SIGALRM
(Windows) or off the main thread (signals go to the main thread only).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from types import FrameType


class FileTimeout(Exception):
    """Scanning one file took longer than its budget."""


class Budget:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._previous: tuple[object, tuple[float, float], float] | None = None

    def note(self) -> str:
        return (
            f"not checked: scanning took over {self.seconds:g} s (file-timeout); "
            "please report the file, or raise file-timeout"
        )

    def start(self) -> None:
        if self.seconds <= 0 or self._previous is not None or not _can_alarm():
            return
        import signal  # here, not at the top: a run whose files hold no id never needs it

        handler = signal.signal(signal.SIGALRM, _expire)
        outer = signal.setitimer(signal.ITIMER_REAL, self.seconds)
        self._previous = (handler, outer, time.monotonic())

    def stop(self) -> None:
        """Disarm, and give back any timer set outside (a test runner's, say) what is left."""
        if self._previous is None:
            return
        import signal

        signal.setitimer(signal.ITIMER_REAL, 0)
        handler, (remaining, interval), started = self._previous
        self._previous = None
        signal.signal(signal.SIGALRM, handler)  # type: ignore[arg-type]
        if remaining > 0:
            left = max(remaining - (time.monotonic() - started), 1e-3)
            signal.setitimer(signal.ITIMER_REAL, left, interval)


def _can_alarm() -> bool:
    import signal
    import threading

    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def _expire(_signal: int, _frame: FrameType | None) -> None:
    raise FileTimeout
