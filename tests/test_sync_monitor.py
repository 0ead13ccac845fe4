"""The connectivity monitor, without Qt: back-off while offline, a call when the server
answers again, and a stop that ends the thread."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from server_process import free_port

from collector.sync.client import Connection
from collector.sync.monitor import Monitor, waits


def test_waits_double_up_to_the_longest():
    made = waits(5, 60)
    assert [next(made) for _ in range(7)] == [5, 10, 20, 40, 60, 60, 60]


def test_backs_off_while_offline_and_calls_when_the_server_answers():
    answers = [False, False, False, True, True, False, False, True]
    paused, changes = [], []

    def pause(seconds: float) -> None:
        paused.append(seconds)
        if not answers:
            monitor.stop()

    monitor = Monitor(
        lambda: answers.pop(0), changes.append, first=5, longest=15, online=30, pause=pause
    )
    monitor.run()
    assert changes == [False, True, False, True]
    # Offline 5, 10, 15; online 30, 30; offline again starts from 5.
    assert paused == [5, 10, 15, 30, 30, 5, 10, 30]


def test_a_failed_sync_says_offline_at_once_and_only_once():
    changes = []
    monitor = Monitor(lambda: True, changes.append)
    monitor._tell(True)
    monitor.went_offline()
    monitor.went_offline()
    assert changes == [True, False] and monitor.online is False


class Health(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200 if self.path == "/api/v1/health" else 404)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


def test_a_real_server_coming_back_is_noticed_and_stop_ends_the_thread():
    port = free_port()
    connection = Connection(f"http://127.0.0.1:{port}")
    seen = []
    back = threading.Event()

    def changed(online: bool) -> None:
        seen.append(online)
        if online:
            back.set()

    monitor = Monitor(connection.reachable, changed, first=0.05, longest=0.2, online=0.05)
    monitor.start()
    time.sleep(0.3)
    assert seen == [False]
    server = ThreadingHTTPServer(("127.0.0.1", port), Health)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        assert back.wait(5), seen
        assert seen == [False, True]
    finally:
        server.shutdown()
        server.server_close()
    started = time.monotonic()
    monitor.stop()
    assert time.monotonic() - started < 5
    assert not monitor._thread.is_alive() and monitor.stopped
