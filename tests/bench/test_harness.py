"""The benchmark harness's own arithmetic and files; no benchmark is run here."""

import http.server
import json
import threading

import pytest

from bench import benchmarks, harness, load


def scenario(name="home", **figures):
    base = {
        "requests": 300,
        "errors": 0,
        "duration_s": 15.0,
        "rps": 20.0,
        "p50_ms": 180.5,
        "p95_ms": 231.9,
        "p99_ms": 250.0,
        "max_ms": 300.12,
    }
    return {"name": name, **base, **figures}


def document(db="sqlite", version="3.40.1", scenarios=None, **extra):
    return harness.result_document(
        benchmark="http",
        db=db,
        database={"vendor": {"sqlite": "sqlite", "postgres": "postgresql"}[db], "version": version},
        size=1,
        parameters={"clients": 20},
        scenarios=scenarios or [scenario()],
        date="2026-11-22T20:54:39Z",
        commit="4c69e3d",
        machine_info={"cpu_count": 2, "python": "3.11.7", "platform": "Linux"},
        **extra,
    )


# --- percentiles ----------------------------------------------------------------------------


def test_percentiles_interpolate_between_the_closest_ranks():
    values = [1.0, 2.0, 3.0, 4.0, 5.0]
    assert load.percentile(values, 0) == 1.0
    assert load.percentile(values, 50) == 3.0
    assert load.percentile(values, 95) == pytest.approx(4.8)
    assert load.percentile(values, 100) == 5.0


def test_percentile_of_one_value_is_that_value():
    assert load.percentile([0.2], 99) == 0.2


def test_percentile_of_nothing_is_none():
    assert load.percentile([], 95) is None


def test_percentile_outside_0_100_is_refused():
    with pytest.raises(ValueError):
        load.percentile([1.0], 101)


def test_summary_is_in_milliseconds_and_counts_unanswered_requests():
    latencies = [0.010, 0.030, 0.020, 0.040]  # unsorted on purpose

    summary = load.summarize(latencies, errors=3, unanswered=1, duration_s=2.0)

    assert summary == {
        "requests": 5,
        "errors": 3,
        "duration_s": 2.0,
        "rps": 2.5,
        "p50_ms": 25.0,
        "p95_ms": 38.5,
        "p99_ms": 39.7,
        "max_ms": 40.0,
    }


def test_summary_of_an_empty_run_has_no_latencies():
    summary = load.summarize([], errors=0, unanswered=0, duration_s=0.0)
    assert summary["requests"] == 0
    assert summary["rps"] == 0.0
    assert summary["p95_ms"] is None


# --- the load generator's bounds -------------------------------------------------------------


class _Ok(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        status = 200 if self.path == "/ok" else 404
        self.send_response(status)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


@pytest.fixture
def local_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Ok)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_load_stops_at_max_requests_long_before_the_duration(local_server):
    result = load.run_load(
        port=local_server, path="/ok", clients=3, duration_s=60, warmup_s=0, max_requests=25
    )
    assert result["requests"] == 25
    assert result["errors"] == 0
    assert result["statuses"] == {"200": 25}
    assert result["duration_s"] < 30


def test_load_counts_an_unexpected_status_as_an_error(local_server):
    result = load.run_load(
        port=local_server, path="/missing", clients=2, duration_s=60, warmup_s=0, max_requests=4
    )
    assert result["errors"] == 4
    assert result["statuses"] == {"404": 4}


def test_load_refuses_any_host_but_localhost(capsys):
    with pytest.raises(SystemExit) as exit_info:
        load.main(["--host", "10.0.0.1", "--port", "80", "--path", "/"])
    assert "127.0.0.1" in str(exit_info.value)


# --- result files ----------------------------------------------------------------------------


def test_result_document_has_everything_a_reader_needs():
    doc = document()
    assert set(doc) == {
        "benchmark",
        "db",
        "date",
        "commit",
        "machine",
        "database",
        "size",
        "parameters",
        "scenarios",
    }
    assert set(doc["machine"]) == {"cpu_count", "python", "platform"}
    assert doc["scenarios"][0]["p95_ms"] == 231.9


def test_result_document_refuses_a_scenario_without_its_figures():
    incomplete = scenario()
    del incomplete["p99_ms"]
    with pytest.raises(ValueError, match="p99_ms"):
        document(scenarios=[incomplete])


def test_latest_result_per_benchmark_and_database_replaces_the_previous(tmp_path):
    harness.write_result(document(scenarios=[scenario(rps=10.0)]), tmp_path)
    path = harness.write_result(document(scenarios=[scenario(rps=99.0)]), tmp_path)

    assert path.name == "http-sqlite.json"
    assert [p.name for p in tmp_path.iterdir()] == ["http-sqlite.json"]
    assert json.loads(path.read_text())["scenarios"][0]["rps"] == 99.0


# --- the README table ------------------------------------------------------------------------


def test_table_lists_every_scenario_sqlite_first():
    postgres = document("postgres", "15.20", [scenario("home"), scenario("health", rps=631.5)])
    sqlite = document("sqlite", "3.40.1", [scenario("home", rps=102.4)])

    lines = harness.render_table([postgres, sqlite]).splitlines()

    assert lines[0] == harness.TABLE_HEADER
    assert lines[1].count("---") == lines[0].count("|") - 1
    assert lines[2].startswith("| http | sqlite 3.40.1 | home | 1 | 102.4 |")
    assert lines[3].startswith("| http | postgresql 15.20 | home |")
    assert (
        "| health | 1 | 631.5 | 180.5 | 231.9 | 250.0 | 300.1 | 15.00 | 300 | 0 | – |" in lines[4]
    )
    assert lines[4].endswith("| 2026-11-22 20:54 | 4c69e3d |")
    assert len(lines) == 5


def test_table_shows_a_dash_for_a_missing_figure():
    row = harness.render_table([document(scenarios=[scenario(p99_ms=None)])]).splitlines()[2]
    assert "| – |" in row


def test_table_without_results_says_how_to_get_some():
    assert "python -m bench" in harness.render_table([])


def test_readme_table_is_replaced_between_the_markers_only(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(
        f"# Benchmarks\n\nintro\n\n{harness.MARK_START}\nold table\n{harness.MARK_END}\n\nnotes\n"
    )
    results = tmp_path / "results"
    harness.write_result(document(), results)

    harness.update_readme(readme, results)
    harness.update_readme(readme, results)  # twice: nothing piles up

    text = readme.read_text()
    assert "old table" not in text
    assert text.startswith("# Benchmarks\n\nintro\n\n")
    assert text.endswith(f"{harness.MARK_END}\n\nnotes\n")
    assert text.count("| http | sqlite 3.40.1 | home |") == 1


def test_readme_without_markers_is_refused():
    with pytest.raises(harness.BenchError):
        harness.replace_between_markers("# no markers", "table")


# --- sign-in and registry --------------------------------------------------------------------


def test_csrf_token_is_read_from_the_login_form():
    page = (
        '<form method="post"><input type="hidden" name="csrfmiddlewaretoken" value="abc123">'
        '<input name="username"></form>'
    )
    assert harness.hidden_field(page, "csrfmiddlewaretoken") == "abc123"
    assert harness.hidden_field("<p>nothing</p>", "csrfmiddlewaretoken") is None


def test_every_registered_benchmark_says_what_it_measures_and_can_run():
    assert "http" in benchmarks.BENCHMARKS
    for module in benchmarks.BENCHMARKS.values():
        assert module.DESCRIPTION
        assert callable(module.run)


def test_a_sqlite_site_comes_back_to_its_snapshot(tmp_path):
    site = harness.Site(db="sqlite", var_dir=tmp_path)
    base = tmp_path / harness.SQLITE_FILE
    base.write_bytes(b"before the import")
    site.snapshot()
    base.write_bytes(b"after the import")
    (tmp_path / f"{harness.SQLITE_FILE}-wal").write_bytes(b"left by a killed run")
    site.restore()
    assert base.read_bytes() == b"before the import"
    assert not (tmp_path / f"{harness.SQLITE_FILE}-wal").exists()


def test_repeat_is_recorded_with_the_parameters():
    assert harness.Options(size=1, repeat=3).parameters()["repeat"] == 3
