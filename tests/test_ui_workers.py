"""Work off the UI thread: results, progress and failures come back by signal, a task can
be cancelled, and the event loop keeps running meanwhile."""

from __future__ import annotations

import threading

from PySide6.QtCore import QTimer
from ui_support import drain_pool  # noqa: F401

from collector.storage.keys import WrongPassword
from collector.ui.workers import describe_error, run_task


def test_progress_result_and_a_responsive_loop(qtbot, drain_pool):  # noqa: F811
    release = threading.Event()
    seen, ticks, results = [], [], []

    def work(task):
        for done in range(1, 4):
            task.report(done, 3)
        release.wait(5)
        return threading.current_thread() is not threading.main_thread()

    run_task(work, results.append, results.append, lambda done, total: seen.append(done))
    timer = QTimer(interval=5)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    qtbot.waitUntil(lambda: len(ticks) >= 5, timeout=2000)  # the UI runs while work waits
    release.set()
    qtbot.waitUntil(lambda: bool(results), timeout=5000)
    timer.stop()
    assert results == [True] and seen == [1, 2, 3]


def test_cancel_and_failures(qtbot, drain_pool):  # noqa: F811
    started, results, failures = threading.Event(), [], []

    def work(task):
        started.set()
        while not task.cancelled:
            threading.Event().wait(0.01)
        raise WrongPassword()

    task = run_task(work, results.append, failures.append)
    assert started.wait(5)
    task.cancel()
    qtbot.waitUntil(lambda: bool(failures), timeout=5000)
    assert results == [] and "密码不对" in describe_error(failures[0])
    assert "程序出错了" in describe_error(ZeroDivisionError("x"))
