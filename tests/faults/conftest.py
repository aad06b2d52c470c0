"""Shared pieces of the fault-injection suite: a fake registry entry and a loopback HTTP server
whose misbehaviour (slow, stalled, dropped, missing) is chosen by the request path."""
from __future__ import annotations

import hashlib
import http.server
import threading
import time

import pytest

from megacity.data import registry
from megacity.data.registry import ExternalFile

PAYLOAD = b"city,pop\n" + b"".join(f"c{i},{i * 1000}\n".encode() for i in range(5000))
SHA = hashlib.sha256(PAYLOAD).hexdigest()


def fake_entry(url: str = "http://127.0.0.1:9/fake.csv", name: str = "fake.csv") -> ExternalFile:
    return ExternalFile(name=name, url=url, sha256=SHA, license="CC0-1.0", citation="test",
                        description="generated test file", size_bytes=len(PAYLOAD))


@pytest.fixture()
def fake(monkeypatch, tmp_path):
    """A registry entry for a generated file, an empty mirror folder and a cache path."""
    entry = fake_entry()
    monkeypatch.setitem(registry.REGISTRY, entry.name, entry)
    mirror, cache = tmp_path / "mirror", tmp_path / "cache"
    mirror.mkdir()
    monkeypatch.delenv(registry.MIRROR_ENV, raising=False)
    monkeypatch.delenv("MEGACITY_DOWNLOAD_TIMEOUT", raising=False)
    return entry, mirror, cache


class _Handler(http.server.BaseHTTPRequestHandler):
    stop: threading.Event

    def log_message(self, *args):
        pass

    def _head(self, length: int) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/csv")
        self.send_header("Content-Length", str(length))
        self.end_headers()
        self.wfile.flush()

    def do_GET(self):  # noqa: N802 (http.server's name)
        try:
            if self.path == "/ok.csv":
                self._head(len(PAYLOAD))
                self.wfile.write(PAYLOAD)
            elif self.path == "/slow.csv":          # one byte a second, for ever
                self._head(len(PAYLOAD))
                for i in range(len(PAYLOAD)):
                    if self.stop.wait(1.0):
                        return
                    self.wfile.write(PAYLOAD[i:i + 1])
                    self.wfile.flush()
            elif self.path == "/stall.csv":         # headers, a first block, then silence
                self._head(len(PAYLOAD))
                self.wfile.write(PAYLOAD[:1000])
                self.wfile.flush()
                self.stop.wait(30)
            elif self.path == "/drop.csv":          # half the bytes, then the connection drops
                self._head(len(PAYLOAD))
                self.wfile.write(PAYLOAD[: len(PAYLOAD) // 2])
                self.wfile.flush()
                self.close_connection = True
            else:
                self.send_error(404, "no such file")
        except (BrokenPipeError, ConnectionResetError):
            pass


@pytest.fixture()
def server():
    """Base URL of a loopback server (paths /ok.csv, /slow.csv, /stall.csv, /drop.csv, else 404)."""
    stop = threading.Event()
    handler = type("H", (_Handler,), {"stop": stop})
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    srv.daemon_threads = True
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    stop.set()
    srv.shutdown()
    srv.server_close()


def run_bounded(func, seconds: float):
    """Run ``func`` in a thread; return (finished, result_or_exception, elapsed).  A call that
    hangs is reported as unfinished instead of hanging the test run."""
    box: dict = {}

    def target():
        try:
            box["value"] = func()
        except BaseException as exc:  # noqa: BLE001 - handed back to the test
            box["value"] = exc

    t0 = time.monotonic()
    th = threading.Thread(target=target, daemon=True)
    th.start()
    th.join(seconds)
    return (not th.is_alive()), box.get("value"), time.monotonic() - t0
