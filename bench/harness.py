"""What every benchmark needs: a fresh database, a running `comptoir serve`, a logged-in
session, the load generator, and the result files with the README table made from them.

A benchmark module only says what it loads and how (see bench/benchmarks/http.py); the
harness owns the set-up and, above all, the clean-up: the server and its workers are killed
as a process group even when the benchmark fails half-way.
"""

import contextlib
import html.parser
import http.client
import json
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
RESULTS_DIR = BENCH_DIR / "results"
README = BENCH_DIR / "README.md"
COMPTOIR = REPO / ".venv" / "bin" / "comptoir"
HOST = "127.0.0.1"  # the only address a benchmark ever connects to
PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
PG_BENCH_DB = "comptoir_bench"
PG_SNAPSHOT_DB = "comptoir_bench_snapshot"  # Site.snapshot()
SQLITE_FILE = "comptoir.sqlite3"  # the name comptoir/conf/env.py gives it in COMPTOIR_VAR_DIR
SQLITE_SNAPSHOT = "snapshot.sqlite3"
DATABASES = ("sqlite", "postgres")
# Runs of a benchmark's timed step (the parties import), each from the same base: one run
# on this machine is a draw, the median of three a measure (decision 91).
REPEAT = 3

BENCH_USER = "bench"
BENCH_PASSWORD = "bench-Comptoir-2024"  # noqa: S105 - a throw-away user of a throw-away base
BENCH_ROLE = "direction"  # the fullest home page: audit entries and the users chart

MARK_START = "<!-- results:start -->"
MARK_END = "<!-- results:end -->"

SCENARIO_KEYS = ("requests", "errors", "duration_s", "rps", "p50_ms", "p95_ms", "p99_ms", "max_ms")


class BenchError(Exception):
    """The benchmark cannot go on; the message says why in one sentence."""


# --- Result files and the README table ------------------------------------------------------


def utc_now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def git_commit() -> str | None:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None


def machine() -> dict:
    return {
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def result_document(
    *,
    benchmark: str,
    db: str,
    database: dict,
    size: int,
    parameters: dict,
    scenarios: list[dict],
    date: str | None = None,
    commit: str | None = None,
    machine_info: dict | None = None,
) -> dict:
    """The JSON written to bench/results/<benchmark>-<db>.json."""
    for scenario in scenarios:
        missing = [key for key in ("name", *SCENARIO_KEYS) if key not in scenario]
        if missing:
            raise ValueError(f"scenario {scenario.get('name')!r} lacks {', '.join(missing)}")
    return {
        "benchmark": benchmark,
        "db": db,
        "date": date or utc_now(),
        "commit": commit if commit is not None else git_commit(),
        "machine": machine_info or machine(),
        "database": database,
        "size": size,
        "parameters": parameters,
        "scenarios": scenarios,
    }


def result_path(benchmark: str, db: str, results_dir: Path = RESULTS_DIR) -> Path:
    return results_dir / f"{benchmark}-{db}.json"


def write_result(document: dict, results_dir: Path = RESULTS_DIR) -> Path:
    results_dir.mkdir(parents=True, exist_ok=True)
    path = result_path(document["benchmark"], document["db"], results_dir)
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    return path


def load_results(results_dir: Path = RESULTS_DIR) -> list[dict]:
    documents = []
    for path in sorted(results_dir.glob("*.json")):
        documents.append(json.loads(path.read_text()))
    return documents


def _cell(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.1f}".replace(",", " ") if value >= 100 else f"{value:.2f}"
    if isinstance(value, int):
        return f"{value:,}".replace(",", " ")
    return str(value)


TABLE_HEADER = (
    "| Benchmark | Database | Scenario | Size | Ops/s | p50 ms | p95 ms | p99 ms | max ms "
    "| Seconds | Operations | Errors | Target | Date (UTC) | Commit |"
)


def render_table(documents: list[dict]) -> str:
    """One Markdown row per scenario of every result, by benchmark then database."""
    if not documents:
        return "No results yet: run `.venv/bin/python -m bench http --size 1 --db both`."
    order = {db: index for index, db in enumerate(DATABASES)}
    rows = [TABLE_HEADER, "|" + "---|" * TABLE_HEADER.count(" | ") + "---|"]
    for doc in sorted(documents, key=lambda d: (d["benchmark"], order.get(d["db"], 99))):
        database = doc.get("database") or {}
        db_label = " ".join(
            str(part) for part in (database.get("vendor"), database.get("version")) if part
        )
        for scenario in doc["scenarios"]:
            cells = [
                doc["benchmark"],
                db_label or doc["db"],
                scenario["name"],
                doc.get("size"),
                scenario.get("rps"),
                scenario.get("p50_ms"),
                scenario.get("p95_ms"),
                scenario.get("p99_ms"),
                scenario.get("max_ms"),
                scenario.get("duration_s"),
                scenario.get("requests"),
                scenario.get("errors"),
                scenario.get("target"),
                (doc.get("date") or "")[:16].replace("T", " "),
                doc.get("commit"),
            ]
            rows.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
    return "\n".join(rows)


def replace_between_markers(text: str, table: str) -> str:
    start = text.find(MARK_START)
    end = text.find(MARK_END)
    if start == -1 or end == -1 or end < start:
        raise BenchError(f"bench/README.md lacks the {MARK_START} … {MARK_END} markers.")
    return text[: start + len(MARK_START)] + "\n" + table + "\n" + text[end:]


def update_readme(readme: Path = README, results_dir: Path = RESULTS_DIR) -> None:
    table = render_table(load_results(results_dir))
    readme.write_text(replace_between_markers(readme.read_text(), table))


# --- A fresh database --------------------------------------------------------------------------


def _pg_admin(sql: str) -> None:
    import psycopg  # the venv has it; only needed for --db postgres

    with psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=10) as connection:
        connection.execute(sql)


@dataclass
class Site:
    """One prepared Comptoir: its environment, its database, and commands run against it."""

    db: str
    var_dir: Path
    env: dict = field(default_factory=dict)
    database: dict = field(default_factory=dict)

    def comptoir(self, *args: str, timeout: float = 600) -> str:
        completed = subprocess.run(
            [str(COMPTOIR), *args],
            cwd=REPO,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if completed.returncode != 0:
            raise BenchError(
                f"`comptoir {' '.join(args)[:60]}` failed ({completed.returncode}): "
                f"{(completed.stderr or completed.stdout).strip()[-2000:]}"
            )
        return completed.stdout

    def shell(self, code: str, timeout: float = 600) -> str:
        return self.comptoir("shell", "--no-imports", "-c", code, timeout=timeout)

    def snapshot(self) -> None:
        """Keep the database as it is now, for restore() to bring back (a step timed
        several times starts each time from the same base)."""
        if self.db == "postgres":
            _pg_admin(f"DROP DATABASE IF EXISTS {PG_SNAPSHOT_DB} WITH (FORCE)")
            _pg_admin(f"CREATE DATABASE {PG_SNAPSHOT_DB} TEMPLATE {PG_BENCH_DB}")
        else:
            shutil.copyfile(self.var_dir / SQLITE_FILE, self.var_dir / SQLITE_SNAPSHOT)

    def restore(self) -> None:
        if self.db == "postgres":
            _pg_admin(f"DROP DATABASE IF EXISTS {PG_BENCH_DB} WITH (FORCE)")
            _pg_admin(f"CREATE DATABASE {PG_BENCH_DB} TEMPLATE {PG_SNAPSHOT_DB}")
        else:
            for suffix in ("-wal", "-shm"):  # a clean close leaves none; a kill might
                (self.var_dir / f"{SQLITE_FILE}{suffix}").unlink(missing_ok=True)
            shutil.copyfile(self.var_dir / SQLITE_SNAPSHOT, self.var_dir / SQLITE_FILE)

    @contextlib.contextmanager
    def serve(self, *, workers: int | None = None):
        """`comptoir serve` on a free port of 127.0.0.1, until the block ends."""
        with Server(self, workers=workers) as server:
            yield server


DATABASE_INFO = """
import json
from django.db import connection
with connection.cursor() as cursor:
    if connection.vendor == "postgresql":
        cursor.execute("SHOW server_version")
    else:
        cursor.execute("SELECT sqlite_version()")
    version = cursor.fetchone()[0].split()[0]
print(json.dumps({"vendor": connection.vendor, "version": version}))
"""

CREATE_USER = f"""
from django.contrib.auth.models import Group
from comptoir.core.audit import acting_as
from comptoir.core.models import User
with acting_as(None):
    user, _ = User.objects.get_or_create(username={BENCH_USER!r}, defaults={{"first_name": "Bench"}})
    user.set_password({BENCH_PASSWORD!r})
    user.save()
    user.groups.add(Group.objects.get(name={BENCH_ROLE!r}))
"""


@contextlib.contextmanager
def fresh_site(db: str, *, size: int, with_demo: bool = True):
    """A migrated database with the demo company and the bench user, removed afterwards."""
    if db not in DATABASES:
        raise BenchError(f"unknown database {db!r}: choose among {', '.join(DATABASES)}.")
    with tempfile.TemporaryDirectory(prefix=f"comptoir-bench-{db}-") as var_dir:
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
            and not key.startswith("COMPTOIR_")
        }
        env.update(
            COMPTOIR_ENV="local",
            COMPTOIR_VAR_DIR=var_dir,
            ALLOWED_HOSTS="127.0.0.1,localhost",
            COMPTOIR_LOG_LEVEL="WARNING",
            PYTHONUNBUFFERED="1",
            PYTHONPATH=str(REPO),  # bench.probes, imported by `comptoir shell -c`
        )
        if db == "postgres":
            env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{PG_BENCH_DB}"
            _pg_admin(f"DROP DATABASE IF EXISTS {PG_BENCH_DB} WITH (FORCE)")
            _pg_admin(f"CREATE DATABASE {PG_BENCH_DB}")
        site = Site(db=db, var_dir=Path(var_dir), env=env)
        try:
            site.comptoir("migrate", "--noinput")
            if with_demo:
                site.comptoir("demo")
            site.shell(CREATE_USER)
            site.database = json.loads(site.shell(DATABASE_INFO).strip().splitlines()[-1])
            yield site
        finally:
            if db == "postgres":
                for name in (PG_BENCH_DB, PG_SNAPSHOT_DB):
                    with contextlib.suppress(Exception):
                        _pg_admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


# --- The server ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def http_get(port: int, path: str, headers: dict | None = None, timeout: float = 10):
    """(status, headers, body) of one GET to 127.0.0.1."""
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def cookies_from(headers) -> dict:
    cookies = {}
    for line in headers.get_all("Set-Cookie") or []:
        name, _, rest = line.partition("=")
        cookies[name.strip()] = rest.split(";", 1)[0]
    return cookies


class Server:
    """`comptoir serve` as a child process in its own process group, so that stopping it
    also stops every gunicorn worker, whatever happened."""

    READY_PATHS = ("/api/v1/health", "/compte/connexion/")
    START_TIMEOUT_S = 60

    def __init__(self, site: Site, *, workers: int | None = None):
        self.site = site
        self.workers = workers
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        self.log_path = site.var_dir / "server.log"
        self.command = self._command()

    def _command(self) -> list[str]:
        command = [str(COMPTOIR), "serve", "--bind", f"{HOST}:{self.port}"]
        if self.workers:
            command += ["--workers", str(self.workers)]
        return command

    def __enter__(self):
        log = self.log_path.open("wb")
        try:
            self.process = subprocess.Popen(
                self.command,
                cwd=REPO,
                env=self.site.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        finally:
            log.close()
        try:
            self._wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc_info):
        self.stop()

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + self.START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(f"the server stopped at start-up: {self.log_tail()}")
            for path in self.READY_PATHS:
                try:
                    status, _, _ = http_get(self.port, path, timeout=5)
                except OSError:
                    break
                if status == 200:
                    return
            time.sleep(0.3)
        raise BenchError(f"the server did not answer within {self.START_TIMEOUT_S} s.")

    def log_tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> None:
        if self.process is None or self.process.returncode is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=15)
        # gunicorn's workers may outlive the arbiter by a moment; the group must be empty.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)

    def login(self, username: str = BENCH_USER, password: str = BENCH_PASSWORD) -> str:
        """Signs in through the login form, once, and returns the session cookie
        ("sessionid=…") that every client then sends. One try only: django-axes locks the
        account after a few failures, so a wrong password must stop the run, not retry."""
        status, headers, body = http_get(self.port, "/compte/connexion/")
        if status != 200:
            raise BenchError(f"the login page answered {status}.")
        csrf_cookie = cookies_from(headers).get("csrftoken")
        csrf_field = hidden_field(body.decode("utf-8", "replace"), "csrfmiddlewaretoken")
        if not csrf_cookie or not csrf_field:
            raise BenchError("the login page gave no CSRF token.")
        form = urllib.parse.urlencode(
            {"username": username, "password": password, "csrfmiddlewaretoken": csrf_field}
        )
        connection = http.client.HTTPConnection(HOST, self.port, timeout=30)
        try:
            connection.request(
                "POST",
                "/compte/connexion/",
                body=form,
                headers={
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Cookie": f"csrftoken={csrf_cookie}",
                    "Origin": f"http://{HOST}:{self.port}",
                    "Referer": f"http://{HOST}:{self.port}/compte/connexion/",
                },
            )
            response = connection.getresponse()
            response.read()
        finally:
            connection.close()
        session = cookies_from(response.headers).get("sessionid")
        if response.status != 302 or not session:
            raise BenchError(
                f"signing in as {username} failed (HTTP {response.status}, no session cookie)."
            )
        cookie = f"sessionid={session}"
        status, _, _ = http_get(self.port, "/", headers={"Cookie": cookie})
        if status != 200:
            raise BenchError(f"the home page answered {status} to the signed-in user.")
        return cookie


class _HiddenFieldParser(html.parser.HTMLParser):
    def __init__(self, name: str):
        super().__init__()
        self.name = name
        self.value: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "input" and attributes.get("name") == self.name and self.value is None:
            self.value = attributes.get("value")


def hidden_field(page: str, name: str) -> str | None:
    parser = _HiddenFieldParser(name)
    parser.feed(page)
    return parser.value


# --- The load -----------------------------------------------------------------------------------


def run_load(
    *,
    port: int,
    path: str,
    clients: int,
    duration_s: float,
    warmup_s: float,
    max_requests: int,
    headers: dict | None = None,
) -> dict:
    """Runs bench/load.py in its own process and returns its summary."""
    command = [
        sys.executable,
        "-m",
        "bench.load",
        "--port",
        str(port),
        "--path",
        path,
        "--clients",
        str(clients),
        "--duration",
        str(duration_s),
        "--warmup",
        str(warmup_s),
        "--max-requests",
        str(max_requests),
    ]
    for name, value in (headers or {}).items():
        command += ["--header", f"{name}: {value}"]
    completed = subprocess.run(
        command,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=warmup_s + duration_s + 120,
    )
    if completed.returncode != 0:
        raise BenchError(f"the load generator failed: {completed.stderr.strip()[-2000:]}")
    return json.loads(completed.stdout)


@dataclass
class Options:
    """What the command line chose, handed to every benchmark."""

    size: int
    clients: int = 20
    duration_s: float = 15.0
    warmup_s: float = 2.0
    max_requests: int = 100_000
    workers: int | None = None
    repeat: int = REPEAT
    notes: list[str] = field(default_factory=list)

    def parameters(self) -> dict:
        return {
            "clients": self.clients,
            "duration_s": self.duration_s,
            "warmup_s": self.warmup_s,
            "max_requests": self.max_requests,
            "server_workers": self.workers or 2 * (os.cpu_count() or 1) + 1,
            "repeat": self.repeat,
            "notes": list(self.notes),
        }
