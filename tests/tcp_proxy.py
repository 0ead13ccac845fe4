"""A TCP proxy on 127.0.0.1 that can cut connections part-way, as a county link does."""

from __future__ import annotations

import contextlib
import socket
import threading


class CuttingProxy:
    """Forwards to `target`; while `cuts` > 0, each new connection is dropped after
    `after_bytes` bytes have gone through it (either way), and `cuts` counts down."""

    def __init__(self, target_port: int):
        self.target_port = target_port
        self.cuts = 0
        self.after_bytes = 0
        self.cut_count = 0
        self.upstream = 0
        """Bytes that went through towards the target."""
        self._lock = threading.Lock()
        self._open: list[socket.socket] = []
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def cut(self, connections: int, after_bytes: int) -> None:
        """Drop every open connection now, and the next `connections` part-way."""
        with self._lock:
            self.cuts, self.after_bytes = connections, after_bytes
            open_now, self._open = self._open, []
        for s in open_now:
            _close(s)

    def close(self) -> None:
        self._listener.close()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            with self._lock:
                limit = self.after_bytes if self.cuts > 0 else None
                if limit is not None:
                    self.cuts -= 1
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
            with self._lock:
                self._open += [client, upstream]
            budget = [limit]
            for a, b, up in ((client, upstream, True), (upstream, client, False)):
                threading.Thread(target=self._pump, args=(a, b, budget, up), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket, budget: list, up: bool) -> None:
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                with self._lock:
                    self.upstream += len(data) if up else 0
                    if budget[0] is not None:
                        if budget[0] <= len(data):
                            sink.sendall(data[: budget[0]])
                            self.cut_count += 1
                            raise OSError("cut")
                        budget[0] -= len(data)
                sink.sendall(data)
        except OSError:
            pass
        _close(source)
        _close(sink)


def _close(s: socket.socket) -> None:
    with contextlib.suppress(OSError):
        s.shutdown(socket.SHUT_RDWR)
    s.close()
