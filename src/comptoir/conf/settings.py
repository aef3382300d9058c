"""Settings of Comptoir, read from the environment (README.md lists every variable).

Two environments:
- local (default): SQLite in var/, a secret key generated once into var/, console e-mail;
- production (COMPTOIR_ENV=production): SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL are
  required, cookies are HTTPS-only. A missing or wrong value stops start-up with one sentence
  (comptoir.conf.env.SettingError, printed by comptoir.__main__).
"""

from pathlib import Path

from django.utils.translation import gettext_lazy as _

from comptoir.conf import env

BASE_DIR = Path(__file__).resolve().parent.parent  # src/comptoir
VAR_DIR = env.var_dir()

ENVIRONMENT = env.choice("COMPTOIR_ENV", ("local", "production"), default="local")
PRODUCTION = ENVIRONMENT == "production"
DEBUG = env.flag("COMPTOIR_DEBUG", default=False)

SECRET_KEY = env.secret_key(VAR_DIR, required=PRODUCTION)
ALLOWED_HOSTS = env.csv(
    "ALLOWED_HOSTS", default=None if PRODUCTION else ["127.0.0.1", "localhost", "[::1]"]
)
CSRF_TRUSTED_ORIGINS = env.csv("CSRF_TRUSTED_ORIGINS", default=[])

DATABASES = {"default": env.database(VAR_DIR, required=PRODUCTION)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "template_partials",
    "ninja",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "comptoir.core",
    "comptoir.parties",
    "comptoir.catalog",
    "comptoir.trade",
    "comptoir.sales",
    "comptoir.web",
    "comptoir.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "comptoir.core.middleware.UserLanguageMiddleware",
    "comptoir.core.middleware.CurrentUserMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a throttled login into our lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "comptoir.conf.urls"
WSGI_APPLICATION = "comptoir.conf.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "comptoir.web.context_processors.shell",
            ],
            "debug": DEBUG,
        },
    }
]

# --- Users, login, throttling -------------------------------------------------------------
AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Five failures in a row lock the (username, address) pair for 15 minutes.
AXES_FAILURE_LIMIT = env.integer("COMPTOIR_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# --- Language, time -----------------------------------------------------------------------
LANGUAGE_CODE = env.choice("LANGUAGE_CODE", ("fr", "en"), default="fr")
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.string("TIME_ZONE", default="Europe/Paris")
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files ------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise warns on every start without it
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = env.storages(MEDIA_ROOT)
WHITENOISE_USE_FINDERS = DEBUG
# Attachments (core.attachments): what an upload may be.
COMPTOIR_UPLOAD_MAX_BYTES = env.integer("COMPTOIR_UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# --- E-mail -------------------------------------------------------------------------------
vars().update(env.email("EMAIL_URL"))
DEFAULT_FROM_EMAIL = env.string("DEFAULT_FROM_EMAIL", default="Comptoir <comptoir@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Background tasks ---------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": env.string("COMPTOIR_TASK_BACKEND", default="django_tasks_db.DatabaseBackend"),
    }
}

# --- Security -----------------------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = PRODUCTION
LANGUAGE_COOKIE_SECURE = PRODUCTION
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PRODUCTION else None
SECURE_SSL_REDIRECT = PRODUCTION and env.flag("COMPTOIR_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = 31536000 if PRODUCTION else 0
# No inline script anywhere: every script is a file under /static/. Inline *style attributes*
# stay allowed because Bootstrap's progress bars and Chart.js set widths that way (decisions.md).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.string("COMPTOIR_LOG_LEVEL", "WARNING")},
}

# --- Comptoir -----------------------------------------------------------------------------
COMPTOIR_SITE_URL = env.string("COMPTOIR_SITE_URL", default="http://127.0.0.1:8000")
# Sales: days before the owner of an unanswered quote is reminded; the credit check of
# orders (a dotted path to `(*, customer, amount) -> CreditDecision`, billing's later).
COMPTOIR_QUOTE_REMINDER_DAYS = env.integer("COMPTOIR_QUOTE_REMINDER_DAYS", 7)
COMPTOIR_CREDIT_CHECK = env.string("COMPTOIR_CREDIT_CHECK", default="")
COMPTOIR_FORBID_BELOW_COST = env.flag("COMPTOIR_FORBID_BELOW_COST", default=False)
