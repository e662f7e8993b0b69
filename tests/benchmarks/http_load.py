"""The availability search through HTTP: gunicorn serving the production settings, driven by
16 concurrent clients on loopback.

gunicorn runs `innkeep.wsgi` with tests.benchmarks.settings (production settings without the
HTTPS redirect) against the bench database, on a free port of 127.0.0.1, and is stopped at
the end (its whole process group). The 16 clients are 16 keep-alive connections driven by one
thread of this process with non-blocking sockets (gunicorn's sync workers close after each
response, and the client reconnects). Every request carries `Host: <hotel>.<ROOT_DOMAIN>` and an
X-Forwarded-For client address out of 4096, as nginx would send: the throttle keeps one
short history per guest, as in production, instead of one huge one for the benchmark.
"""

from __future__ import annotations

import http.client
import os
import random
import secrets
import selectors
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from urllib.parse import urlencode

import redis

from tests.benchmarks.stats import progress

PROJECT_DIR = Path(__file__).resolve().parents[2]
PATH = "/api/v1/public/availability/"
# What gunicorn says when it is stopped as planned, and what production's settings file
# (JSON logs) writes for every request or expected refusal (a booking's 409).
SHUTDOWN_NOISE = (
    "was sent SIGTERM",
    "Handling signal: term",
    "Shutting down: Master",
    "Worker exiting",
    '"logger": "gunicorn.access"',
    '"status_code": 409',
    '"level": "INFO"',  # the settings file logs gunicorn's own messages at INFO
)
CLIENT_ADDRESSES = 4096


@dataclass(frozen=True)
class ServerConfig:
    worker_class: str  # "sync" or "gthread"
    workers: int
    threads: int = 1
    # Production's gunicorn settings file (docker/gunicorn.conf.py, relative to the project):
    # its keep-alive, preloading, logging; workers and threads through its environment.
    conf_file: str | None = None
    app: str = "innkeep.wsgi:application"

    @property
    def label(self) -> str:
        if self.worker_class == "gthread":
            return f"gthread {self.workers}x{self.threads}"
        return f"sync x{self.workers}"


@dataclass
class LoadResult:
    config: ServerConfig
    nights: int
    clients: int
    latencies_ns: list[int]
    seconds: float
    response_bytes: int
    client_cpu_seconds: float

    @property
    def throughput(self) -> float:
        return len(self.latencies_ns) / self.seconds


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def server_env(
    *, database_url: str, root_domain: str, cache_prefix: str, static_root: str
) -> dict[str, str]:
    """A clean environment: nothing of the caller's (no SENTRY_DSN, no .env surprises)."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "PYTHONPATH": str(PROJECT_DIR),
        "DJANGO_SETTINGS_MODULE": "tests.benchmarks.settings",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "JWT_SIGNING_KEY": secrets.token_urlsafe(40),
        "DATABASE_URL": database_url,
        "CONN_MAX_AGE": "600",
        "ROOT_DOMAIN": root_domain,
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        "CACHE_KEY_PREFIX": cache_prefix,
        "BENCH_CELERY_QUEUE": cache_prefix,
        "LOG_LEVEL": "WARNING",
        "STATIC_ROOT": static_root,
        "TENANT_POOL_SIZE": "0",
    }


@contextmanager
def gunicorn(config: ServerConfig, env: dict[str, str]) -> Iterator[int]:
    """Start gunicorn on a free loopback port; yield the port; stop it (process group)."""
    port = free_port()
    executable = str(Path(sys.executable).with_name("gunicorn"))
    if config.conf_file is not None:
        if config.worker_class != "gthread":
            raise ValueError(f"{config.conf_file} runs gthread workers")
        command = [executable, config.app, f"--config={PROJECT_DIR / config.conf_file}"]
        env = {
            **env,
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "WEB_CONCURRENCY": str(config.workers),
            "GUNICORN_THREADS": str(config.threads),
        }
    else:
        command = [
            executable,
            config.app,
            f"--bind=127.0.0.1:{port}",
            f"--workers={config.workers}",
            f"--worker-class={config.worker_class}",
            f"--threads={config.threads}",
            f"--chdir={PROJECT_DIR}",
            "--log-level=warning",
            "--keep-alive=5",
            "--backlog=256",
        ]
    log = tempfile.TemporaryFile()  # noqa: SIM115 (closed in finally)
    process = subprocess.Popen(
        command, env=env, cwd=PROJECT_DIR, stdout=log, stderr=log, start_new_session=True
    )
    try:
        yield port
    finally:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.seek(0)
        said = [
            line
            for line in log.read().decode(errors="replace").splitlines()
            if line.strip() and not any(noise in line for noise in SHUTDOWN_NOISE)
        ]
        log.close()
        if said:
            progress("gunicorn said:\n" + "\n".join(said[-20:]))


def query(check_in: date, nights: int) -> str:
    params = {
        "check_in": check_in.isoformat(),
        "check_out": (check_in + timedelta(days=nights)).isoformat(),
        "adults": 2,
    }
    return f"{PATH}?{urlencode(params)}"


class Failure(RuntimeError):
    pass


def _get(conn: http.client.HTTPConnection, path: str, headers: dict[str, str]) -> int:
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    body = response.read()
    if response.status != 200:
        raise Failure(f"GET {path} answered {response.status}: {body[:300]!r}")
    return len(body)


def wait_until_ready(port: int, host: str, path: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            _get(conn, path, {"Host": host})
            return
        except (OSError, http.client.HTTPException, Failure) as exc:
            last = exc
            time.sleep(0.2)
        finally:
            conn.close()
    raise RuntimeError(f"gunicorn did not answer in {timeout:.0f} s: {last}")


def drive(
    *, port: int, host: str, paths: list[str], clients: int, seed: int, seconds: float = 0
) -> tuple[list[int], float, int, float]:
    """`clients` connections share the `paths` (one GET each, one at a time per
    connection), until they are all answered or `seconds` have passed (0: no limit); every
    answer must be 200. Returns the latencies (ns), the wall-clock seconds from the first
    request to the last answer, the bytes of the last answer, and the CPU seconds this
    process spent (the clients' own cost)."""
    requests = [
        (
            f"GET {path} HTTP/1.1\r\nHost: {host}\r\n"
            f"X-Forwarded-For: {address}\r\n"
            "Accept: application/json\r\n\r\n"
        ).encode("latin-1")
        for path, address in zip(paths, client_addresses(seed, len(paths)), strict=True)
    ]
    answers, wall, cpu = send_all(
        port=port, requests=requests, clients=clients, seconds=seconds, accept=frozenset({200})
    )
    size = answers[-1].body_bytes if answers else 0
    return [a.latency_ns for a in answers], wall, size, cpu


def client_addresses(seed: int, count: int) -> list[str]:
    """An X-Forwarded-For client address per request, out of CLIENT_ADDRESSES."""
    rng = random.Random(seed)
    addresses = [
        f"10.{n >> 8 & 255}.{n & 255}.{1 + rng.randrange(250)}" for n in range(CLIENT_ADDRESSES)
    ]
    return [addresses[index % len(addresses)] for index in range(count)]


def post_request(*, path: str, host: str, address: str, body: bytes) -> bytes:
    return (
        f"POST {path} HTTP/1.1\r\nHost: {host}\r\n"
        f"X-Forwarded-For: {address}\r\n"
        "Content-Type: application/json\r\nAccept: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode("latin-1") + body


def send_all(
    *,
    port: int,
    requests: list[bytes],
    clients: int,
    seconds: float = 0,
    accept: frozenset[int] | None = None,
) -> tuple[list[Answer], float, float]:
    """`clients` connections share the raw HTTP/1.1 `requests` (one at a time per
    connection), until they are all answered or `seconds` have passed (0: no limit).
    An answer whose status is not in `accept` stops the run (Failure); `accept=None` keeps
    every answer for the caller to judge (the bodies of those that are not 2xx with them).
    Returns the answers in the order they came, the wall-clock seconds from the first
    request to the last answer, and the CPU seconds this process spent.

    One thread drives every connection with non-blocking sockets (`selectors`): the load
    generator shares the server's two cores, and a thread per client spent a third of a core
    on http.client and the GIL; this spends a few percent."""
    pending = iter(requests)
    answers: list[Answer] = []
    selector = selectors.DefaultSelector()
    cpu_before = time.process_time()
    began = time.perf_counter()
    deadline = began + seconds if seconds else None
    connections = [_Connection(port) for _ in range(clients)]
    try:
        for conn in connections:
            request = next(pending, None)
            if request is not None:
                conn.send(request, selector)
        while selector.get_map():
            for key, _ in selector.select(timeout=60) or _timed_out():
                conn = key.data
                answer = conn.receive(selector)
                if answer is None:
                    continue
                if accept is not None and answer.status not in accept:
                    raise Failure(f"{conn.path!r} answered {answer.status}: {answer.body[:300]!r}")
                answers.append(answer)
                out_of_time = deadline is not None and time.perf_counter() >= deadline
                request = None if out_of_time else next(pending, None)
                if request is None:
                    conn.close(selector)
                else:
                    conn.send(request, selector)
        wall = time.perf_counter() - began
    finally:
        for conn in connections:
            conn.close(selector)
        selector.close()
    return answers, wall, time.process_time() - cpu_before


def _timed_out() -> list[tuple[selectors.SelectorKey, int]]:
    raise Failure("no answer in 60 s")


@dataclass
class Answer:
    latency_ns: int
    status: int
    body_bytes: int
    body: bytes  # kept only when the status is not 2xx (an error's code), else b""


class _Connection:
    """One keep-alive HTTP/1.1 client connection, reconnecting when the server closes it
    (gunicorn's sync workers close after each answer). The latency of a request includes
    its connect when it needed one, as for a browser."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.sock: socket.socket | None = None
        self.buffer = bytearray()
        self.started = 0
        self.path = b""

    def send(self, request: bytes, selector: selectors.BaseSelector) -> None:
        self.started = time.perf_counter_ns()
        self.path = request.split(b" ", 2)[1]
        if self.sock is None:
            self.sock = socket.create_connection(("127.0.0.1", self.port), timeout=60)
            self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self.sock.setblocking(False)
            selector.register(self.sock, selectors.EVENT_READ, self)
        # a request is far smaller than a socket buffer: it goes out in one call
        sent = self.sock.send(request)
        if sent != len(request):
            raise Failure(f"sent {sent} of {len(request)} bytes")
        self.buffer.clear()

    def receive(self, selector: selectors.BaseSelector) -> Answer | None:
        """Read what has arrived; the answer once it is complete, else None."""
        assert self.sock is not None
        try:
            chunk = self.sock.recv(262144)
        except BlockingIOError:  # woken with nothing to read after all
            return None
        if chunk:
            self.buffer += chunk
        head_end = self.buffer.find(b"\r\n\r\n")
        if head_end < 0:
            if not chunk:
                raise Failure(f"{self.path!r}: connection closed before an answer")
            return None
        head = bytes(self.buffer[:head_end]).decode("latin-1").split("\r\n")
        status = int(head[0].split(" ", 2)[1])
        fields = {
            name.strip().lower(): value.strip()
            for name, _, value in (line.partition(":") for line in head[1:])
        }
        if "content-length" not in fields:
            raise Failure(f"{self.path!r}: answer without Content-Length: {head}")
        length = int(fields["content-length"])
        body = self.buffer[head_end + 4 :]
        if len(body) < length:
            if not chunk:
                raise Failure(f"{self.path!r}: connection closed mid-answer")
            return None
        latency = time.perf_counter_ns() - self.started
        kept = b"" if 200 <= status < 300 else bytes(body[:length])
        if fields.get("connection", "").lower() == "close" or not chunk:
            self.close(selector)
        return Answer(latency_ns=latency, status=status, body_bytes=length, body=kept)

    def close(self, selector: selectors.BaseSelector) -> None:
        if self.sock is not None:
            selector.unregister(self.sock)
            self.sock.close()
            self.sock = None


def arrivals(rng: random.Random, today: date, nights: int, count: int, days: int) -> list[date]:
    return [today + timedelta(days=rng.randrange(1, days - nights)) for _ in range(count)]


@dataclass
class HttpResults:
    runs: list[LoadResult]
    baseline: LoadResult

    @property
    def client_cpu_share(self) -> float:
        """The clients' CPU, as a share of one core, in the busiest row."""
        return max(r.client_cpu_seconds / r.seconds for r in [*self.runs, self.baseline])


def _measure(
    *,
    config: ServerConfig,
    port: int,
    host: str,
    paths: list[str],
    warm: list[str],
    nights: int,
    clients: int,
    seconds: float,
) -> LoadResult:
    drive(port=port, host=host, paths=warm, clients=clients, seed=1)
    latencies, wall, size, cpu = drive(
        port=port, host=host, paths=paths, clients=clients, seed=2, seconds=seconds
    )
    result = LoadResult(
        config=config,
        nights=nights,
        clients=clients,
        latencies_ns=latencies,
        seconds=wall,
        response_bytes=size,
        client_cpu_seconds=cpu,
    )
    what = f"{nights} nights" if nights else "baseline"
    progress(
        f"http: {config.label}, {what}: {len(latencies)} requests in {wall:.1f} s, "
        f"{result.throughput:.0f}/s"
    )
    return result


def run(
    *,
    configs: list[ServerConfig],
    nights_list: tuple[int, ...],
    database_url: str,
    root_domain: str,
    host: str,
    today: date,
    calendar_days: int,
    requests: int,
    seconds: float,
    warmup: int,
    clients: int,
    baseline_path: str,
) -> HttpResults:
    """For each server configuration: start gunicorn, then per stay length `warmup` untimed
    requests and up to `requests` timed ones (or `seconds`); stop it. The first
    configuration also serves `baseline_path` the same way."""
    cache_prefix = f"bench-avail-{os.getpid()}"
    static_root = tempfile.TemporaryDirectory(prefix="innkeep-bench-static-")
    env = server_env(
        database_url=database_url,
        root_domain=root_domain,
        cache_prefix=cache_prefix,
        static_root=static_root.name,
    )
    rng = random.Random(7)
    runs: list[LoadResult] = []
    baseline: LoadResult | None = None
    try:
        for config in configs:
            progress(
                f"http: gunicorn {config.label}; {clients} clients, up to {requests} requests"
                f" or {seconds:.0f} s per row"
            )
            with gunicorn(config, env) as port:
                wait_until_ready(port, host, query(today + timedelta(days=3), 7))
                measure = partial(
                    _measure, config=config, port=port, host=host, clients=clients, seconds=seconds
                )
                if baseline is None:
                    baseline = measure(
                        paths=[baseline_path] * requests, warm=[baseline_path] * warmup, nights=0
                    )
                for nights in nights_list:
                    days = arrivals(rng, today, nights, warmup + requests, calendar_days)
                    runs.append(
                        measure(
                            paths=[query(d, nights) for d in days[warmup:]],
                            warm=[query(d, nights) for d in days[:warmup]],
                            nights=nights,
                        )
                    )
    finally:
        forget_cache_keys(env["REDIS_URL"], cache_prefix)
        static_root.cleanup()
    if baseline is None:
        raise RuntimeError("no server configuration was run")
    return HttpResults(runs=runs, baseline=baseline)


def forget_cache_keys(redis_url: str, prefix: str) -> None:
    """The throttle's keys of this run (they would expire in a minute anyway), and the
    broker queue its server wrote to (named `prefix` too: tests.benchmarks.settings)."""
    cache = redis_url.rsplit("/", 1)[0] + "/1"  # settings.base: the cache's database
    for location in (cache, redis_url):  # the broker is REDIS_URL itself
        client = redis.Redis.from_url(location)
        try:
            keys = list(client.scan_iter(match=f"*{prefix}*", count=1000))
            if keys:
                client.delete(*keys)
        finally:
            client.close()
