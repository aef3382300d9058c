"""Start-up refuses a wrong environment with one sentence, never a stack trace."""

import os
import subprocess
import sys

import pytest

from comptoir.conf import env


def run_comptoir(*args, **environ):
    clean = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SECRET_KEY")}
    return subprocess.run(
        [sys.executable, "-m", "comptoir", *args],
        env={**clean, **environ},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_wrong_database_url_stops_with_one_sentence():
    result = run_comptoir("check", DATABASE_URL="mysqll://x@y/z")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "DATABASE_URL" in lines[0] and "postgres://" in lines[0]


def test_unreachable_database_stops_with_one_sentence():
    result = run_comptoir("migrate", "--check", DATABASE_URL="postgres://nobody@127.0.0.1:1/none")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "base de données ne répond pas" in result.stderr


def test_production_requires_its_settings(tmp_path):
    result = run_comptoir("check", COMPTOIR_ENV="production", COMPTOIR_VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_production_requires_allowed_hosts(tmp_path):
    result = run_comptoir(
        "check",
        COMPTOIR_ENV="production",
        COMPTOIR_VAR_DIR=str(tmp_path),
        SECRET_KEY="x" * 50,
        DATABASE_URL="postgres://u@127.0.0.1/db",
    )
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_local_secret_key_is_generated_once_and_kept(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = env.secret_key(tmp_path, required=False)
    assert len(first) >= 50
    assert env.secret_key(tmp_path, required=False) == first
    assert oct((tmp_path / "secret_key").stat().st_mode)[-3:] == "600"


def test_sqlite_runs_in_wal_with_immediate_transactions(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    config = env.database(tmp_path, required=False)
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]
    assert config["OPTIONS"]["timeout"] >= 5


def test_postgres_url_is_parsed(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "postgres://comptoir:s3cret@db.local:5433/crm")
    config = env.database(tmp_path, required=True)
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.local", 5433, "crm")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("smtp+tls://user%40mail:p%40ss@smtp.example.fr:587", ("smtp.example.fr", 587, True)),
        ("smtps://u:p@mail.example.fr", ("mail.example.fr", 465, False)),
    ],
)
def test_email_url(monkeypatch, url, expected):
    monkeypatch.setenv("EMAIL_URL", url)
    config = env.email("EMAIL_URL")
    assert (config["EMAIL_HOST"], config["EMAIL_PORT"], config["EMAIL_USE_TLS"]) == expected
    assert config["EMAIL_HOST_USER"].startswith(("user@", "u"))


def test_email_defaults_to_console(monkeypatch):
    monkeypatch.delenv("EMAIL_URL", raising=False)
    assert env.email("EMAIL_URL")["EMAIL_BACKEND"].endswith("console.EmailBackend")


def test_bad_flag_is_refused(monkeypatch):
    monkeypatch.setenv("COMPTOIR_DEBUG", "peut-être")
    with pytest.raises(env.SettingError, match="COMPTOIR_DEBUG"):
        env.flag("COMPTOIR_DEBUG")
