"""The load generator: N client threads hammer one URL of a local server, then it prints a
JSON summary of what it measured on stdout.

It runs in its own process (`python -m bench.load …`, started by the harness) so that the
harness, which also prepares data and watches the server, does not steal the GIL from the
clients. Standard library only. It refuses any host but 127.0.0.1: a benchmark must never
load somebody else's machine by mistake.

Each client keeps one `http.client.HTTPConnection` (keep-alive when the server allows it;
gunicorn's sync workers close after every response, and http.client then reconnects by
itself, so the connect time is part of the latency, as it is for a real browser there).
The run is bounded twice: it stops after `--duration` seconds of measurement or after
`--max-requests` measured requests, whichever comes first.
"""

import argparse
import http.client
import json
import math
import sys
import threading
import time

ALLOWED_HOST = "127.0.0.1"


def percentile(sorted_values: list[float], p: float) -> float | None:
    """The p-th percentile (0-100) of already sorted values, interpolating linearly between
    the two closest ranks (numpy's default), or None when there is nothing to measure."""
    if not sorted_values:
        return None
    if not 0 <= p <= 100:
        raise ValueError(f"percentile must be between 0 and 100, not {p}")
    rank = (len(sorted_values) - 1) * p / 100
    low = math.floor(rank)
    high = min(low + 1, len(sorted_values) - 1)
    return sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (rank - low)


def summarize(latencies_s: list[float], *, errors: int, unanswered: int, duration_s: float) -> dict:
    """The figures of one scenario, latencies in milliseconds rounded to 0.01 ms.

    `latencies_s` holds every answered request, wrong statuses included (a slow 500 is still
    slow); `unanswered` requests (refused, reset, timed out) have no latency but are requests
    all the same, and `errors` counts them along with the wrong statuses.
    """
    values = sorted(latencies_s)
    requests = len(values) + unanswered

    def ms(value):
        return None if value is None else round(value * 1000, 2)

    return {
        "requests": requests,
        "errors": errors,
        "duration_s": round(duration_s, 3),
        "rps": round(requests / duration_s, 1) if duration_s > 0 else 0.0,
        "p50_ms": ms(percentile(values, 50)),
        "p95_ms": ms(percentile(values, 95)),
        "p99_ms": ms(percentile(values, 99)),
        "max_ms": ms(values[-1] if values else None),
    }


class Client(threading.Thread):
    def __init__(self, *, run, port, path, headers, expect_status, timeout):
        super().__init__(daemon=True)
        self.run_state = run
        self.port = port
        self.path = path
        self.headers = headers
        self.expect_status = expect_status
        self.timeout = timeout
        self.latencies: list[float] = []
        self.errors = 0
        self.unanswered = 0
        self.statuses: dict[int, int] = {}
        self.last_done = 0.0

    def run(self):
        state = self.run_state
        connection = http.client.HTTPConnection(ALLOWED_HOST, self.port, timeout=self.timeout)
        state.barrier.wait()
        try:
            while True:
                started = time.perf_counter()
                if started >= state.end:
                    return
                measured = started >= state.measure_from
                if measured and not state.take_ticket():
                    return
                try:
                    connection.request("GET", self.path, headers=self.headers)
                    response = connection.getresponse()
                    response.read()
                    status = response.status
                except (OSError, http.client.HTTPException):
                    connection.close()
                    status = None
                done = time.perf_counter()
                if not measured:
                    continue
                self.last_done = done
                if status is None:
                    self.errors += 1
                    self.unanswered += 1
                    continue
                self.latencies.append(done - started)
                self.statuses[status] = self.statuses.get(status, 0) + 1
                if status != self.expect_status:
                    self.errors += 1
        finally:
            connection.close()


class RunState:
    """Times shared by the clients, and the counter that enforces --max-requests."""

    def __init__(self, *, clients: int, warmup_s: float, duration_s: float, max_requests: int):
        self.barrier = threading.Barrier(clients + 1)
        self.warmup_s = warmup_s
        self.duration_s = duration_s
        self.max_requests = max_requests
        self.measure_from = self.end = math.inf
        self._issued = 0
        self._lock = threading.Lock()

    def start(self) -> None:
        now = time.perf_counter()
        self.measure_from = now + self.warmup_s
        self.end = self.measure_from + self.duration_s

    def take_ticket(self) -> bool:
        with self._lock:
            if self._issued >= self.max_requests:
                return False
            self._issued += 1
            return True


def run_load(
    *,
    port: int,
    path: str,
    clients: int,
    duration_s: float,
    warmup_s: float,
    max_requests: int,
    headers: dict | None = None,
    expect_status: int = 200,
    timeout: float = 30.0,
) -> dict:
    state = RunState(
        clients=clients, warmup_s=warmup_s, duration_s=duration_s, max_requests=max_requests
    )
    workers = [
        Client(
            run=state,
            port=port,
            path=path,
            headers={"Host": f"{ALLOWED_HOST}:{port}", **(headers or {})},
            expect_status=expect_status,
            timeout=timeout,
        )
        for _ in range(clients)
    ]
    for worker in workers:
        worker.start()
    state.start()
    state.barrier.wait()
    for worker in workers:
        worker.join()
    latencies = [value for worker in workers for value in worker.latencies]
    errors = sum(worker.errors for worker in workers)
    unanswered = sum(worker.unanswered for worker in workers)
    last_done = max((worker.last_done for worker in workers), default=0.0)
    duration = max(last_done - state.measure_from, 0.0) if last_done else 0.0
    result = summarize(latencies, errors=errors, unanswered=unanswered, duration_s=duration)
    statuses: dict[str, int] = {}
    for worker in workers:
        for status, count in worker.statuses.items():
            statuses[str(status)] = statuses.get(str(status), 0) + count
    result["statuses"] = dict(sorted(statuses.items()))
    return result


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default=ALLOWED_HOST)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--path", required=True)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--duration", type=float, default=15.0)
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument("--max-requests", type=int, default=100_000)
    parser.add_argument("--expect-status", type=int, default=200)
    parser.add_argument(
        "--header", action="append", default=[], help="Name: value (repeatable), e.g. Cookie"
    )
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.host != ALLOWED_HOST:
        sys.exit(f"bench.load only loads {ALLOWED_HOST}, not {args.host}.")
    headers = {}
    for line in args.header:
        name, _, value = line.partition(":")
        headers[name.strip()] = value.strip()
    result = run_load(
        port=args.port,
        path=args.path,
        clients=args.clients,
        duration_s=args.duration,
        warmup_s=args.warmup,
        max_requests=args.max_requests,
        headers=headers,
        expect_status=args.expect_status,
    )
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
