"""Is the county server there? A thread that asks it, and says when the answer changes.

While the server does not answer, it is asked again after 5 s, then 10, 20, 40 and every
60 s (a village on a mobile link may be without network for days: a laptop must not
spend its battery knocking every few seconds). While it answers, it is asked now and then,
so that a cable pulled out shows as offline without waiting for the next sync. No Qt here:
the desktop program turns `changed` into a signal (`collector.ui.sync`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable

FIRST_WAIT = 5.0
LONGEST_WAIT = 60.0
ONLINE_WAIT = 30.0


def waits(first: float = FIRST_WAIT, longest: float = LONGEST_WAIT):
    """The pauses between probes of a server that stays away: doubling up to `longest`."""
    wait = first
    while True:
        yield wait
        wait = min(wait * 2, longest)


class Monitor:
    """Calls `probe()` (e.g. `Connection.reachable`) on its own thread and
    `changed(online)` on that thread whenever the answer differs from the last one
    (the first answer always counts as a change)."""

    def __init__(
        self,
        probe: Callable[[], bool],
        changed: Callable[[bool], None],
        *,
        first: float = FIRST_WAIT,
        longest: float = LONGEST_WAIT,
        online: float = ONLINE_WAIT,
        pause: Callable[[float], object] | None = None,
    ):
        self.probe = probe
        self.changed = changed
        self.first = first
        self.longest = longest
        self.online_wait = online
        self.online: bool | None = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._pause = pause or self._sleep
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self.run, name="server-monitor", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop probing; waits for a probe in flight (a few seconds at most)."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout)

    @property
    def stopped(self) -> bool:
        return self._stop.is_set()

    def went_offline(self) -> None:
        """A sync found the server gone: say so now and probe again from the shortest wait."""
        self._tell(False)
        self._wake.set()

    def check_now(self) -> None:
        self._wake.set()

    def run(self) -> None:
        """The probing loop (what `start` runs on the thread; a test may call it directly
        with a `pause` that stops it)."""
        backoff = waits(self.first, self.longest)
        while not self._stop.is_set():
            up = self.probe()
            if self._stop.is_set():
                return
            self._tell(up)
            if up:
                backoff = waits(self.first, self.longest)
                self._pause(self.online_wait)
            else:
                self._pause(next(backoff))
            if self._wake.is_set() and not self.online:
                backoff = waits(self.first, self.longest)
            self._wake.clear()

    def _tell(self, up: bool) -> None:
        # The probing thread and a failed sync may both tell at once: one change, once.
        with self._lock:
            news = up != self.online
            self.online = up
        if news:
            self.changed(up)

    def _sleep(self, seconds: float) -> None:
        self._wake.wait(seconds)
