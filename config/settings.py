"""JalinMitra settings: one file, every value from the environment with a working default."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str = "False") -> bool:
    return os.environ.get(name, default).strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: str) -> int:
    return int(os.environ.get(name, default))


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", "False")
DEV_SECRET_KEY = "dev-only-insecure-jalinmitra-key-change-me"
SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET_KEY)
if not DEBUG and (SECRET_KEY == DEV_SECRET_KEY or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "SECRET_KEY wajib diisi (minimal 50 karakter acak) bila DEBUG mati. "
        "Set SECRET_KEY, atau DEBUG=True untuk pengembangan."
    )

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Quiet hours (city time) hold automatic messages until the morning; each person sets their own
# hours on the preferences page (21:00-07:00 unless changed). "0" turns them off for everybody.
# The tests run with them off, so none depends on the time of day it runs at; the quiet-hours
# tests turn them on.
NOTIFICATIONS_QUIET_HOURS = os.environ.get("NOTIFICATIONS_QUIET_HOURS", "1") != "0"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_tasks",
    "django_tasks_db",
    # Login lockout (ASVS 2.2.1) and two-factor authentication (TOTP plus recovery codes).
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "ninja",  # the API docs page's own static files (CSP: no CDN)
    "jalinmitra.core",
    "jalinmitra.notifications",  # every app may notify (issue 11); imports only core
    # Lowest layer first (tests/test_architecture.py): accounts builds on businesses.
    "jalinmitra.businesses",
    "jalinmitra.accounts",
    "jalinmitra.matching",
    "jalinmitra.events",
    "jalinmitra.agreements",
    "jalinmitra.catalogue",
    "jalinmitra.monitoring",
    "jalinmitra.financing",
    "jalinmitra.api",
    "jalinmitra.privacy",
    "jalinmitra.demo",  # last: the layers above everything (docs/architecture.md)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "jalinmitra.core.middleware.SecurityHeadersMiddleware",
    "csp.middleware.CSPMiddleware",
    "jalinmitra.core.middleware.DatabaseUnavailableMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "jalinmitra.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A signed-in person's writes noted in their session (core.pagecache: their next page is
    # worked out from a fresh stamp); before SessionMiddleware in the answer's way out.
    "jalinmitra.core.middleware.WriteMarkMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "jalinmitra.core.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "jalinmitra.core.middleware.OfficerIdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "jalinmitra.core.middleware.ServiceErrorMiddleware",
    "jalinmitra.core.middleware.AccessDeniedLogMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

if not DEBUG:
    # Production serves collected static files itself; development uses runserver's.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "config.urls"
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "jalinmitra" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "jalinmitra.core.context_processors.city",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        # Production keeps a connection per worker thread for a minute, checked before reuse, so a
        # restarted database server is reconnected to on the next request instead of failing it.
        conn_max_age=envint("DB_CONN_MAX_AGE", "0" if DEBUG else "60"),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    # WAL and a busy timeout let the web process and the task worker share one file; IMMEDIATE
    # takes the write lock when a transaction starts, so two writers wait their turn instead of
    # one failing with "database is locked" when it upgrades a read lock halfway through.
    DATABASES["default"]["OPTIONS"].update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Refuses a locked-out login before the password is even checked (django-axes).
    "jalinmitra.core.ratelimit.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "jalinmitra" / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Jakarta")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "jalinmitra" / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# The body of a request without its files: the longest form (an agreement's clauses) is tens of
# kilobytes, so 1 MB refuses a pasted megabyte before any view or audit row sees it (400).
# Files are limited by each upload's own check (jalinmitra/core/limits.py).
DATA_UPLOAD_MAX_MEMORY_SIZE = envint("DATA_UPLOAD_MAX_MEMORY_SIZE", str(1024 * 1024))

# Mail goes out through SMTP; only development prints it on the console.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", "25")
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "False")
EMAIL_USE_SSL = envbool("EMAIL_USE_SSL", "False")
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", "20")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "JalinMitra <noreply@jalinmitra.local>")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# Who hears about a server error: "Nama <email>, Nama Lain <email2>" (mailed by Django's
# AdminEmailHandler through the same SMTP server).
ADMINS = [
    (entry.split("<")[0].strip() or entry, entry.split("<")[-1].rstrip(">").strip())
    for entry in envlist("ADMINS")
]

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", "False" if DEBUG else "True")
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", "False" if DEBUG else "True")
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "False" if DEBUG else "True")
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000")
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
# Only behind a reverse proxy that sets X-Forwarded-Proto (and X-Forwarded-For) itself may the
# app believe those headers; without one, anybody could send them.
BEHIND_PROXY = envbool("BEHIND_PROXY", "False")
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()"
)

# Content-Security-Policy (django-csp): scripts only from our own files (htmx and app.js), no
# inline script or on*= handler. Inline style attributes are tolerated (progress bars).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Sessions: signed out after two weeks at most; an officer after OFFICER_IDLE_TIMEOUT seconds
# without a request (core.middleware.OfficerIdleTimeoutMiddleware).
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", str(14 * 24 * 3600))
# Django's database sessions, loaded with one plain query (every signed-in request reads one).
SESSION_ENGINE = "jalinmitra.core.sessions"
SESSION_COOKIE_HTTPONLY = True
OFFICER_IDLE_TIMEOUT = envint("OFFICER_IDLE_TIMEOUT", "0" if DEBUG else str(30 * 60))

# Two-factor authentication: officers and admins must use it when TWO_FACTOR_REQUIRED is on
# (on in production, off in development and tests, where force_login has no second factor);
# anyone who set it up is asked for a code at every login.
TWO_FACTOR_REQUIRED = envbool("TWO_FACTOR_REQUIRED", "False" if DEBUG else "True")
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "JalinMitra")

# Login lockout (django-axes): the 31st wrong password for a username, or from one address,
# within the cool-off time is refused even when the password is right, until the time passes.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", "30")
AXES_COOLOFF_TIME = timedelta(seconds=envint("AXES_COOLOFF_SECONDS", str(15 * 60)))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_LOCKOUT_CALLABLE = "jalinmitra.core.ratelimit.lockout_response"
AXES_CLIENT_IP_CALLABLE = "jalinmitra.core.ratelimit.axes_client_ip"
AXES_USERNAME_FORM_FIELD = "username"

# Per-address limits (core.ratelimit): "count/seconds" per client address.
RATE_LIMITS = {
    "password_reset": os.environ.get("RATE_LIMIT_PASSWORD_RESET", "5/900"),
    "signup": os.environ.get("RATE_LIMIT_SIGNUP", "10/3600"),
    "verify_upload": os.environ.get("RATE_LIMIT_VERIFY_UPLOAD", "20/600"),
    "otp_verify": os.environ.get("RATE_LIMIT_OTP_VERIFY", "10/300"),
    "enquiry_erase": os.environ.get("RATE_LIMIT_ENQUIRY_ERASE", "10/3600"),
}
CACHES = {
    "default": {
        # One table shared by every gunicorn worker and the task worker, so a limit counted in
        # one process holds in all of them (a local-memory cache would count per process).
        "BACKEND": os.environ.get("CACHE_BACKEND", "django.core.cache.backends.db.DatabaseCache"),
        "LOCATION": os.environ.get("CACHE_LOCATION", "jalinmitra_cache"),
        # Rate-limit counters, monitoring tokens and figures: a few thousand rows at most. Past
        # MAX_ENTRIES the database cache culls a third of its rows, limit counters included.
        "OPTIONS": {"MAX_ENTRIES": 20000},
    },
    # Whole public pages kept for anonymous visitors (core/pagecache.py): one row per product,
    # business, filter and page, in a table of their own so they never crowd out the above.
    "pages": {
        "BACKEND": os.environ.get("CACHE_BACKEND", "django.core.cache.backends.db.DatabaseCache"),
        "LOCATION": os.environ.get("PAGE_CACHE_LOCATION", "jalinmitra_page_cache"),
        "OPTIONS": {"MAX_ENTRIES": 100000},
    },
}

# A running job whose progress has not moved for this long lost its worker (killed, machine
# restarted): its page shows it failed and the periodic `jobs_check` records it.
JOB_STALE_SECONDS = envint("JOB_STALE_SECONDS", str(15 * 60))

# Backups (`manage.py backup`): where the dated archives go and how many are kept.
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", BASE_DIR / "backups"))
BACKUP_KEEP = envint("BACKUP_KEEP", "14")

# Logs: plain lines, or one JSON object per line (LOG_FORMAT=json) for a log collector.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
        "skip_unavailable": {"()": "jalinmitra.core.jsonlog.SkipServiceUnavailable"},
    },
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
        "json": {"()": "jalinmitra.core.jsonlog.JsonLinesFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        },
        "mail_admins": {
            "level": "ERROR",
            "filters": ["require_debug_false", "skip_unavailable"],
            "class": "django.utils.log.AdminEmailHandler",
        },
    },
    "loggers": {
        "django.request": {
            "handlers": ["console", "mail_admins"],
            "level": "INFO",
            "propagate": False,
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# Seconds an invitation link for a business owner stays valid.
INVITATION_MAX_AGE = envint("INVITATION_MAX_AGE", str(14 * 24 * 3600))

# Days an unverified draft business is kept untouched before the `privacy_retention` job erases
# it (UU PDP 27/2022: personal data is kept no longer than its purpose needs).
PRIVACY_RETENTION_UNVERIFIED_DAYS = envint("PRIVACY_RETENTION_UNVERIFIED_DAYS", "365")
# A catalogue enquirer's name and contact: erased this long after the enquiry was last active
# (buying comes in yearly seasons: Lebaran, the school year, harvests).
PRIVACY_RETENTION_ENQUIRY_DAYS = envint("PRIVACY_RETENTION_ENQUIRY_DAYS", "365")
