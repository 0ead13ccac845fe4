"""Work off the UI thread: a task runs on a pool and hands its result back by signal.

As in Anki's taskman, everything that touches the store goes to one single-thread pool
(`store_pool`), so store work runs in the order it was asked for and never on the UI
thread; a task may report progress and be cancelled. Widgets are touched only by the
slots the signals reach, on the UI thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from collector.messages import CATALOGUE, render

log = logging.getLogger(__name__)
_store_pool: QThreadPool | None = None
_running: set[Task] = set()
"""Tasks until their signals have been delivered (Qt owns the runnable, Python the signals)."""


def store_pool() -> QThreadPool:
    global _store_pool
    if _store_pool is None:
        _store_pool = QThreadPool()
        _store_pool.setMaxThreadCount(1)
    return _store_pool


class TaskSignals(QObject):
    done = Signal(object)
    failed = Signal(object)
    progress = Signal(int, int)


class Task(QRunnable):
    """`work(task)` runs on the pool; it may call `task.report(done, total)` and should
    stop early when `task.cancelled` is set."""

    def __init__(self, work: Callable[[Task], Any]):
        super().__init__()
        self.work = work
        self.signals = TaskSignals()
        self._cancel = threading.Event()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def report(self, done: int, total: int) -> None:
        self.signals.progress.emit(done, total)

    def run(self) -> None:
        try:
            result = self.work(self)
        except Exception as err:  # handed to the UI thread, which says what to do
            self.signals.failed.emit(err)
        else:
            self.signals.done.emit(result)


def run_task(
    work: Callable[[Task], Any],
    done: Callable[[Any], None],
    failed: Callable[[Exception], None],
    progress: Callable[[int, int], None] | None = None,
    pool: QThreadPool | None = None,
) -> Task:
    task = Task(work)
    _running.add(task)
    task.signals.done.connect(done)
    task.signals.failed.connect(failed)
    if progress is not None:
        task.signals.progress.connect(progress)
    task.signals.done.connect(lambda _: _running.discard(task))
    task.signals.failed.connect(lambda _: _running.discard(task))
    (pool or store_pool()).start(task)
    return task


def describe_error(err: Exception) -> str:
    """What to tell the user: catalogued errors by their message, bugs as a plain apology
    (the traceback goes to the log, not to a village cadre)."""
    code = getattr(err, "code", None)
    if code in CATALOGUE:
        try:
            return render(code, getattr(err, "params", {}))
        except (KeyError, IndexError):
            return render(code, {"detail": str(err)})
    log.error("unexpected error", exc_info=err)
    return render("ui.unexpected", {"detail": f"{type(err).__name__}: {err}"})
