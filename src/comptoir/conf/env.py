"""Reading settings from the environment, with one clear sentence when a value is wrong.

Every helper raises SettingError rather than Django's ImproperlyConfigured: comptoir.__main__
prints it as a single line and exits, so an operator never has to read a stack trace to learn
that DATABASE_URL has a typo.
"""

import os
import secrets
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url


class SettingError(Exception):
    """A setting is missing or wrong; the message is the sentence shown to the operator."""


def string(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name, "").strip()
    return value or default


def flag(name: str, default: bool = False) -> bool:
    value = string(name)
    if value is None:
        return default
    if value.lower() in ("1", "true", "yes", "on", "oui"):
        return True
    if value.lower() in ("0", "false", "no", "off", "non"):
        return False
    raise SettingError(f"{name} doit valoir 1 ou 0 (reçu « {value} »).")


def integer(name: str, default: int) -> int:
    value = string(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise SettingError(f"{name} doit être un nombre entier (reçu « {value} »).") from None


def choice(name: str, choices: tuple[str, ...], default: str) -> str:
    value = string(name, default)
    if value not in choices:
        raise SettingError(f"{name} doit valoir {' ou '.join(choices)} (reçu « {value} »).")
    return value


def csv(name: str, default: list[str] | None) -> list[str]:
    value = string(name)
    if value is None:
        if default is None:
            raise SettingError(
                f"{name} est obligatoire en production : indiquez les noms de domaine "
                f"servis, séparés par des virgules (ex. crm.exemple.fr)."
            )
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def var_dir() -> Path:
    """Where the local database, the generated secret and uploaded files live."""
    explicit = string("COMPTOIR_VAR_DIR")
    if explicit:
        path = Path(explicit)
    else:
        checkout = Path(__file__).resolve().parents[3]
        path = (checkout if (checkout / "pyproject.toml").exists() else Path.cwd()) / "var"
    path.mkdir(parents=True, exist_ok=True)
    return path


def secret_key(var: Path, *, required: bool) -> str:
    value = string("SECRET_KEY")
    if value:
        return value
    if required:
        raise SettingError(
            "SECRET_KEY est obligatoire en production : donnez-lui une valeur longue et "
            "aléatoire (python -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )
    # Local default: generated once and kept, so sessions survive a restart.
    path = var / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SQLITE_OPTIONS = {
    # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock at BEGIN
    # and the busy timeout makes a second writer wait for it instead of failing with
    # "database is locked" halfway through a transaction.
    # A 64 MB page cache (the default is 2 MB): indexes of a million parties stay in memory.
    "init_command": (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
        "PRAGMA cache_size=-65536;"
    ),
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}


def database(var: Path, *, required: bool) -> dict:
    url = string("DATABASE_URL")
    if url is None:
        if required:
            raise SettingError(
                "DATABASE_URL est obligatoire en production "
                "(ex. postgres://comptoir:motdepasse@127.0.0.1:5432/comptoir)."
            )
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": var / "comptoir.sqlite3",
            "OPTIONS": dict(SQLITE_OPTIONS),
            # A file, not shared memory, so that tests of concurrent writers exercise the same
            # WAL + IMMEDIATE + busy-timeout behaviour as production.
            "TEST": {"NAME": var / "test_comptoir.sqlite3"},
        }
    scheme = url.split("://", 1)[0] if "://" in url else ""
    if scheme not in ("postgres", "postgresql", "pgsql", "sqlite"):
        raise SettingError(
            f"DATABASE_URL n'est pas une adresse de base reconnue (« {scheme or url} ») : "
            "utilisez postgres://utilisateur:motdepasse@hôte:5432/base ou sqlite:///chemin."
        )
    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except ValueError as error:
        raise SettingError(f"DATABASE_URL est mal formée : {error}.") from None
    if config["ENGINE"].endswith("sqlite3"):
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = dict(SQLITE_OPTIONS)
    elif not config.get("NAME"):
        raise SettingError("DATABASE_URL ne nomme pas de base (…:5432/nom_de_la_base).")
    else:
        # JIT compilation pays off on long analytical queries; on a CRM's short indexed ones
        # it adds hundreds of milliseconds whenever the planner's estimate looks large.
        options = config.setdefault("OPTIONS", {})
        options["options"] = (options.get("options", "") + " -c jit=off").strip()
    return config


def email(name: str) -> dict:
    """EMAIL_URL: smtp://user:password@host:587 (STARTTLS with smtp+tls, TLS with smtps)."""
    url = string(name)
    if url is None or url.startswith("console:"):
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtp+tls", "smtps", "file"):
        raise SettingError(
            f"{name} doit commencer par smtp://, smtp+tls://, smtps:// ou console:// "
            f"(reçu « {parts.scheme} »)."
        )
    if parts.scheme == "file":
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": parts.path,
        }
    query = parse_qs(parts.query)
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname or "localhost",
        "EMAIL_PORT": parts.port or (465 if parts.scheme == "smtps" else 587),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": parts.scheme == "smtp+tls",
        "EMAIL_USE_SSL": parts.scheme == "smtps",
        "EMAIL_TIMEOUT": int(query.get("timeout", ["10"])[0]),
    }


def storages(media_root: Path) -> dict:
    """Uploaded files on the local disk, or on S3-compatible storage when a bucket is named."""
    static = {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"}
    bucket = string("COMPTOIR_S3_BUCKET")
    if not bucket:
        return {
            "default": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": media_root, "file_permissions_mode": 0o640},
            },
            "staticfiles": static,
        }
    return {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": bucket,
                "endpoint_url": string("COMPTOIR_S3_ENDPOINT_URL"),
                "region_name": string("COMPTOIR_S3_REGION"),
                "access_key": string("COMPTOIR_S3_ACCESS_KEY"),
                "secret_key": string("COMPTOIR_S3_SECRET_KEY"),
                "default_acl": "private",
                "querystring_auth": True,
                "file_overwrite": False,
            },
        },
        "staticfiles": static,
    }
