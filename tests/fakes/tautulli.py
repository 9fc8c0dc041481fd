"""A fake Tautulli on loopback: the captured answers over real HTTP, with faults on demand.

It serves ``GET /api/v2?apikey=..&cmd=..`` from the bundled sample answers, and from
``tests/data/tautulli/`` for the variants only tests need. Variant files are picked from the
parameters: ``user_id`` → ``__user``/``__two_users``, ``y_axis`` other than ``plays`` →
``__duration``, ``grouping=0`` → ``__ungrouped``, ``time_range=7`` → ``__7d``. It checks the API
key like Tautulli (HTTP 400 with the captured error answers of ``tests/data/tautulli/``)
and records every request. Typical use::

    @pytest.fixture
    def tautulli() -> Iterator[FakeTautulli]:
        with FakeTautulli() as fake:
            yield fake

    def test_x(tautulli: FakeTautulli) -> None:
        client = TautulliClient(tautulli.url, tautulli.api_key, backoff=0)
        tautulli.fail(500, times=1)          # the next request gets HTTP 500, then all is well
        ...
        assert [r.cmd for r in tautulli.requests] == [...]

What a test can read: ``url`` (no ``/api/v2``, as an admin configures it), ``api_url``,
``api_key``, ``requests`` / ``calls(cmd)`` (``RecordedRequest``: method, path, params, cmd),
``max_in_flight``; ``reset()`` forgets requests and faults.

Faults: ``fail(status=500, retry_after=None)`` (HTML error page), ``slow(seconds)`` (then the
normal answer), ``send_garbage()`` (200, not JSON), ``send_wrong_shape()`` (200, ``series``
missing), ``answer(body, status=200)`` (anything else), ``forget_command(cmd)`` ("Unknown
command", as an older Tautulli), ``wait_for_concurrent(n, timeout=5)`` (requests are held in
groups of ``n``; HTTP 500 if fewer arrive), ``share_one_cpu(work, contention)`` (answers take
time like a real, GIL-bound Tautulli under load: see there), ``go_down()`` / ``come_up()``
(port closed, then reopened). Faults apply to every command unless ``command=`` names one,
and last until ``clear_faults()`` unless ``times=`` limits them; the first matching fault
wins. ``stop()`` and ``go_down()`` release every request being held, so they return at once.

Given a ``log`` (``tests.fakes.tautulli_log.PlayLog``), it answers ``get_history``, the daily and
monthly graphs, ``get_home_stats`` (with the 2.17.2 dated-call bug), the libraries and the users
from that play log instead (see there); every other command still replays captured answers.
``latency`` (seconds, or a function of the command) delays each answer, for benchmarks only.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any, Self
from urllib.parse import parse_qs, urlsplit

from renderer.sample import has_sample, sample_answer, sample_name
from tests.fakes.tautulli_log import LOG_COMMANDS, PlayLog
from tests.fakes.tautulli_log import answer as log_answer

DEFAULT_API_KEY = "0123456789abcdef0123456789abcdef"
"""32 hex digits, like a key Tautulli generates."""

_DATA = Path(__file__).resolve().parents[1] / "data" / "tautulli"
_CAPTURED_USER_ID = "3464780"
_CPU_SLICE = 0.005


@dataclass(frozen=True)
class RecordedRequest:
    """One request as it arrived; ``params`` holds the query (``apikey`` included)."""

    method: str
    path: str
    params: dict[str, str]

    @property
    def cmd(self) -> str | None:
        return self.params.get("cmd")


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes
    content_type: str = "application/json"
    headers: Mapping[str, str] = field(default_factory=dict[str, str])


@dataclass
class _Fault:
    command: str | None
    remaining: int | None
    delay: float = 0.0
    answer: Callable[[Answer], Answer] | None = None

    def claim(self, command: str | None) -> bool:
        if self.command is not None and self.command != command:
            return False
        if self.remaining is not None:
            if self.remaining <= 0:
                return False
            self.remaining -= 1
        return True


def _envelope(data: object, *, result: str = "success", message: str | None = None) -> bytes:
    return json.dumps({"response": {"result": result, "message": message, "data": data}}).encode()


def _error_file(name: str) -> dict[str, Any]:
    return json.loads((_DATA / f"error__{name}.json").read_bytes())


def _answer_body(cmd: str, params: Mapping[str, str]) -> bytes | None:
    for variant in [*_variants(cmd, params), ""]:
        test_only = _DATA / sample_name(cmd, variant)
        if test_only.is_file():
            return test_only.read_bytes()
        if has_sample(cmd, variant):
            return sample_answer(cmd, variant)
    return None


def _variants(cmd: str, params: Mapping[str, str]) -> list[str]:
    variants: list[str] = []
    user_id = params.get("user_id", "")
    if cmd == "get_user":
        return [] if user_id == _CAPTURED_USER_ID else ["unknown_id"]
    if "," in user_id:
        variants.append("two_users")
    elif user_id:
        variants.append("user")
    if params.get("y_axis", "plays") != "plays":
        variants.append("duration")
    if params.get("grouping") == "0":
        variants.append("ungrouped")
    if params.get("time_range") == "7":
        variants.append("7d")
    return variants


class FakeTautulli:
    """A Tautulli API v2 on ``127.0.0.1`` (free port); start/stop it or use ``with``."""

    def __init__(
        self,
        api_key: str = DEFAULT_API_KEY,
        *,
        log: PlayLog | None = None,
        latency: float | Callable[[str | None], float] = 0.0,
        version: str = "v2.17.2",
    ) -> None:
        self.api_key = api_key
        self.log = log
        self.version = version
        """What ``get_tautulli_info`` reports; the play log answers dated home stats like it."""
        self._latency = latency
        self._lock = threading.Lock()
        self._requests: list[RecordedRequest] = []
        self._faults: list[_Fault] = []
        self._forgotten: set[str] = set()
        self._in_flight = 0
        self._max_in_flight = 0
        self._gate: threading.Barrier | None = None
        self._gate_timeout = 0.0
        self._cpu: tuple[float, float] | None = None
        self._stopping = threading.Event()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._port = 0
        unknown = _error_file("unknown_cmd")["response"]["message"]
        self._unknown_template = unknown.replace("get_plays_by_nothing", "{cmd}", 1)
        listed = unknown.partition("Possible commands are: ")[2]
        self._known = frozenset(name.strip() for name in listed.split(","))

    # -- lifetime --------------------------------------------------------------------------
    def start(self) -> Self:
        self._stopping.clear()
        self._listen()
        return self

    def stop(self) -> None:
        self._release_held()
        self._close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """Base URL as an admin would configure it (no ``/api/v2``)."""
        return f"http://127.0.0.1:{self._port}"

    @property
    def api_url(self) -> str:
        return f"{self.url}/api/v2"

    # -- what happened ---------------------------------------------------------------------
    @property
    def requests(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._requests)

    def calls(self, cmd: str) -> list[RecordedRequest]:
        return [request for request in self.requests if request.cmd == cmd]

    @property
    def max_in_flight(self) -> int:
        """The most requests the fake was answering at the same moment."""
        with self._lock:
            return self._max_in_flight

    def reset(self) -> None:
        """Forget recorded requests and clear every fault."""
        with self._lock:
            self._requests.clear()
            self._max_in_flight = 0
        self.clear_faults()

    # -- faults ----------------------------------------------------------------------------
    def clear_faults(self) -> None:
        with self._lock:
            self._faults.clear()
            self._forgotten.clear()
            self._gate = None
            self._cpu = None

    def fail(
        self,
        status: int = 500,
        *,
        times: int | None = None,
        command: str | None = None,
        retry_after: float | str | None = None,
    ) -> None:
        """Answer HTTP ``status`` with a short HTML page (what a crashing server sends);
        ``retry_after`` (seconds, or an HTTP date) becomes a ``Retry-After`` header."""
        if retry_after is None:
            headers = {}
        elif isinstance(retry_after, str):
            headers = {"Retry-After": retry_after}
        else:
            headers = {"Retry-After": f"{retry_after:g}"}
        page = f"<html><body><h1>{status}</h1></body></html>".encode()
        answer = Answer(status, page, "text/html", headers)
        self._add(_Fault(command, times, answer=lambda _normal: answer))

    def slow(self, seconds: float, *, times: int | None = None, command: str | None = None) -> None:
        """Wait ``seconds`` before the normal answer (woken early by ``stop()``)."""
        self._add(_Fault(command, times, delay=seconds))

    def send_garbage(self, *, times: int | None = None, command: str | None = None) -> None:
        """HTTP 200 with a body that is not JSON (a login page of a proxy, say)."""
        answer = Answer(200, b"<html>Please log in</html>", "text/html")
        self._add(_Fault(command, times, answer=lambda _normal: answer))

    def send_wrong_shape(self, *, times: int | None = None, command: str | None = None) -> None:
        """A success envelope whose data lost a part: ``series`` for graphs, else the data."""

        def mangle(normal: Answer) -> Answer:
            answer = json.loads(normal.body)
            data = answer["response"]["data"]
            if isinstance(data, dict) and "series" in data:
                del data["series"]
            else:
                answer["response"]["data"] = "unexpected"
            return Answer(200, json.dumps(answer).encode())

        self._add(_Fault(command, times, answer=mangle))

    def answer(
        self,
        body: bytes | Mapping[str, Any],
        *,
        status: int = 200,
        times: int | None = None,
        command: str | None = None,
    ) -> None:
        """Any other answer: raw bytes, or a mapping sent as JSON."""
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        answer = Answer(status, raw)
        self._add(_Fault(command, times, answer=lambda _normal: answer))

    def forget_command(self, command: str) -> None:
        """Answer "Unknown command" for ``command``, like a Tautulli too old to have it."""
        with self._lock:
            self._forgotten.add(command)

    def wait_for_concurrent(self, n: int, *, timeout: float = 5.0) -> None:
        """Hold each request until ``n`` are in flight together; fail them (HTTP 500) if fewer
        arrive within ``timeout``. Proves concurrency without timing assumptions."""
        with self._lock:
            self._gate = threading.Barrier(n)
            self._gate_timeout = timeout

    def share_one_cpu(self, work: float, contention: float) -> None:
        """Answer like one Python process (Tautulli) that serves requests on threads sharing the
        GIL: each request needs ``work`` seconds of the one CPU, the ``k`` requests in flight
        share it equally, and each extra request in flight slows every one of them by a further
        ``contention`` (thread switches, lock convoys). A burst then takes longer in all than
        the same requests a few at a time."""
        with self._lock:
            self._cpu = (work, contention)

    def _use_the_cpu(self) -> None:
        with self._lock:
            cpu = self._cpu
        if cpu is None:
            return
        work, contention = cpu
        left = work
        last = time.monotonic()
        while left > 0 and not self._stopping.wait(min(left, _CPU_SLICE)):
            now = time.monotonic()
            with self._lock:
                sharing = max(self._in_flight, 1)
            left -= (now - last) / (sharing * (1 + contention * (sharing - 1)))
            last = now

    def go_down(self) -> None:
        """Close the listening socket: connections to ``url`` are refused. Requests being held
        (``slow``, ``wait_for_concurrent``) are released first; the faults stay set."""
        self._release_held()
        self._close()
        self._stopping.clear()
        with self._lock:
            if self._gate is not None:
                self._gate = threading.Barrier(self._gate.parties)

    def come_up(self) -> None:
        """Listen again on the same port."""
        self._listen(self._port)

    # -- serving ---------------------------------------------------------------------------
    def _release_held(self) -> None:
        self._stopping.set()
        with self._lock:
            gate = self._gate
        if gate is not None:
            gate.abort()

    def _add(self, fault: _Fault) -> None:
        with self._lock:
            self._faults.append(fault)

    def _listen(self, port: int = 0) -> None:
        server = _Server(("127.0.0.1", port), _Handler)
        server.fake = self
        self._port = server.server_address[1]
        # A short poll interval: shutdown() waits for the loop to notice, so stop stays fast.
        thread = threading.Thread(
            target=server.serve_forever, args=(0.02,), name="fake-tautulli", daemon=True
        )
        thread.start()
        self._server, self._thread = server, thread

    def _close(self) -> None:
        server, thread = self._server, self._thread
        self._server = self._thread = None
        if server is not None and thread is not None:
            server.shutdown()
            server.server_close()
            thread.join()

    def _handle(self, method: str, target: str) -> Answer:
        split = urlsplit(target)
        params = {key: values[0] for key, values in parse_qs(split.query, True).items()}
        cmd = params.get("cmd")
        with self._lock:
            self._requests.append(RecordedRequest(method, split.path, params))
            self._in_flight += 1
            self._max_in_flight = max(self._max_in_flight, self._in_flight)
            gate, gate_timeout = self._gate, self._gate_timeout
            fault = next((f for f in self._faults if f.claim(cmd)), None)
        try:
            if gate is not None:
                try:
                    gate.wait(gate_timeout)
                except threading.BrokenBarrierError:
                    return Answer(500, b"fake Tautulli: too few concurrent requests", "text/plain")
            if fault is not None and fault.delay:
                self._stopping.wait(fault.delay)
            latency = self._latency(cmd) if callable(self._latency) else self._latency
            if latency:
                self._stopping.wait(latency)
            self._use_the_cpu()
            normal = self._answer(split.path, params)
            return fault.answer(normal) if fault is not None and fault.answer else normal
        finally:
            with self._lock:
                self._in_flight -= 1

    def _answer(self, path: str, params: Mapping[str, str]) -> Answer:
        if path.rstrip("/") != "/api/v2":
            return Answer(404, b"<html><body>404 Not Found</body></html>", "text/html")
        cmd = params.get("cmd")
        if "apikey" not in params:
            return self._error(_error_file("missing_apikey"))
        if cmd is None:
            return self._error(_error_file("missing_cmd"))
        with self._lock:
            forgotten = cmd in self._forgotten
        if cmd not in self._known or forgotten:
            message = self._unknown_template.format(cmd=cmd)
            return Answer(400, _envelope({}, result="error", message=message))
        if params["apikey"] != self.api_key:
            return self._error(_error_file("invalid_apikey"))
        if self.log is not None and cmd in LOG_COMMANDS:
            status, answer = log_answer(self.log, cmd, params, version=self.version)
            return Answer(status, json.dumps(answer).encode())
        if cmd == "get_tautulli_info":
            info = json.loads(sample_answer(cmd, ""))
            info["response"]["data"]["tautulli_version"] = self.version
            return Answer(200, json.dumps(info).encode())
        body = _answer_body(cmd, params)
        if body is None:
            return Answer(501, f"fake Tautulli has no answer for {cmd}".encode(), "text/plain")
        return Answer(200, body)

    @staticmethod
    def _error(answer: dict[str, Any]) -> Answer:
        return Answer(400, json.dumps(answer).encode())


class _Server(ThreadingHTTPServer):
    fake: FakeTautulli
    daemon_threads = False  # so server_close() waits for every handler

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that gave up (timeout) closed its socket: nothing worth reporting.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    server: _Server  # pyright: ignore[reportIncompatibleVariableOverride]

    def do_GET(self) -> None:
        self._send(self.server.fake._handle("GET", self.path))

    def _send(self, answer: Answer) -> None:
        self.send_response(answer.status)
        self.send_header("Content-Type", answer.content_type)
        self.send_header("Content-Length", str(len(answer.body)))
        for name, value in answer.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(answer.body)

    def log_message(self, format: str, *args: Any) -> None:
        pass
