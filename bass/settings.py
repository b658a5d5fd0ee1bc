"""Settings of the BASS platform, read from environment variables only.

With no variables set the site runs as a local demo: SQLite in the project folder, Celery
tasks executed in-process, DEBUG on. DATABASE_URL and REDIS_URL switch to PostgreSQL and
Celery over Redis. Production sets DEBUG=false, SECRET_KEY and ALLOWED_HOSTS; the HTTPS
settings then default to the safe values that `manage.py check --deploy` asks for.
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from bass.env import database_from_url, env_bool, env_choice, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", True)

_DEMO_SECRET = "insecure-local-demo-key-only-for-debug-never-in-production"
SECRET_KEY = env_str("SECRET_KEY", _DEMO_SECRET if DEBUG else "")
if not DEBUG and (not SECRET_KEY or SECRET_KEY == _DEMO_SECRET or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured("SECRET_KEY must be set (50+ random characters) when DEBUG is off.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "guardian",
    "simple_history",
    "django_htmx",
    "django_prose_editor",
    "bass",
    "roles",
    "notifications",
    "discussion",
    "specialties",
    "sustainability",
    "plans",
    "clusters",
    "improvement",
    "programme",
    "api",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "bass.middleware.SessionRefreshMiddleware",
    "bass.middleware.DanishByDefaultMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "bass.middleware.StaleVersionMiddleware",
    # Last, as django-axes asks: it turns a lock-out during log-in into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "bass.urls"
WSGI_APPLICATION = "bass.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "notifications.context_processors.unread",
            ],
        },
    },
]

# Database: embedded SQLite for the local demo, PostgreSQL through DATABASE_URL.
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": database_from_url("DATABASE_URL", DATABASE_URL)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / env_str("SQLITE_FILE", "db.sqlite3"),
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # First: refuses any log-in of a locked-out user name or address before a password is
    # checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
    # Names single sign-on log-ins (roles/sso.py); it checks no password itself.
    "roles.sso.SingleSignOnBackend",
]
GUARDIAN_RENDER_403 = False
GUARDIAN_RAISE_403 = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Password guessing: after LOGIN_FAILURE_LIMIT failed log-ins for one user name, or from one
# client address, further log-ins (even with the right password) are refused until the
# cool-down has passed without new failures, or an administrator unlocks (README).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 20, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 30, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "bass.security.client_ip"
AXES_LOCKOUT_CALLABLE = "bass.security.lockout_response"
# Attempts refused during a lock-out do not prolong it: the cool-down is predictable for the
# user, and an attacker cannot keep an account locked for ever with a trickle of guesses
# beyond what the limit lets through once per cool-down.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# A success does not wipe the count: otherwise anyone with one valid account could clear
# the count of their address between guesses at another account.
AXES_RESET_ON_SUCCESS = False
AXES_VERBOSE = False

# Sign-in records (log-ins, failures, log-outs, token use) are kept this long (6 months).
LOGIN_RECORD_RETENTION_DAYS = env_int("LOGIN_RECORD_RETENTION_DAYS", 183, minimum=1)
# How long a superseded export (a PDF no longer the newest of its subject and language) and
# a failed one are kept before the hourly beat job deletes them with their files.
EXPORT_KEEP_DAYS = env_int("EXPORT_KEEP_DAYS", 7, minimum=1)

# Single sign-on with OpenID Connect (roles/sso.py): on when OIDC_ISSUER is set. Users are
# matched by OIDC_USER_CLAIM of the ID token. PASSWORD_LOGIN=admins-only lets only
# administrators log in with a password.
OIDC_ISSUER = env_str("OIDC_ISSUER").rstrip("/")
OIDC_CLIENT_ID = env_str("OIDC_CLIENT_ID")
OIDC_CLIENT_SECRET = env_str("OIDC_CLIENT_SECRET")
OIDC_USER_CLAIM = env_str("OIDC_USER_CLAIM", "sub")
OIDC_SCOPES = env_str("OIDC_SCOPES", "openid email profile")
if OIDC_ISSUER and not (OIDC_CLIENT_ID and OIDC_CLIENT_SECRET):
    raise ImproperlyConfigured("OIDC_ISSUER needs OIDC_CLIENT_ID and OIDC_CLIENT_SECRET.")
if OIDC_ISSUER and not OIDC_ISSUER.startswith(("https://", "http://127.0.0.1", "http://localhost")):
    raise ImproperlyConfigured("OIDC_ISSUER must be an https:// address.")
PASSWORD_LOGIN = env_choice("PASSWORD_LOGIN", ["all", "admins-only"], "all")
if PASSWORD_LOGIN == "admins-only" and not OIDC_ISSUER:
    raise ImproperlyConfigured("PASSWORD_LOGIN=admins-only needs single sign-on (OIDC_ISSUER).")

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# A session ends after this many seconds without a request (inactivity), default 1 hour.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 60 * 60, minimum=60)
# The idle timeout is kept by bass.middleware.SessionRefreshMiddleware (a save a minute).
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Each process's own cache (what is computed from the state of the work: the run-chart
# signals, "Venter på dig", the dashboard's last activity, the measure wall's summaries).
# Django's default keeps 300 entries, which the measure wall's summary per measure fills at
# regional scale (300 measures), evicting the rest on every view of the wall.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 10_000},
    }
}

# Language and formats: Danish first, English complete.
LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["bass.formats"]

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Uploaded and generated files (PDF exports, attachments) are private: they are served only
# through permission-checked views, never from a public folder.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# Attachments on comments' pages (discussion): per file and in all on one object.
ATTACHMENT_MAX_FILE_MB = env_int("ATTACHMENT_MAX_FILE_MB", 20, minimum=1)
ATTACHMENT_MAX_TOTAL_MB = env_int("ATTACHMENT_MAX_TOTAL_MB", 100, minimum=1)

# Celery: tasks run in-process without a broker; with REDIS_URL they go through Redis.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL and not REDIS_URL.startswith(("redis://", "rediss://")):
    raise ImproperlyConfigured(
        f"REDIS_URL must start with redis:// or rediss://, not {REDIS_URL!r}."
    )
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
# With the broker down, queueing fails within seconds instead of hanging the request.
CELERY_BROKER_CONNECTION_TIMEOUT = 3
# A message taken by a worker that dies unacknowledged goes back to the queue after the
# visibility timeout: longer than the longest render (3 minutes with its limits), shorter
# than an hour. The export sweeper usually finds such work sooner (bass.exports).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 3,
    "socket_timeout": 5,
    "visibility_timeout": 30 * 60,
    # Sending a task (from a request) tries the broker twice, 0.2 s apart, instead of
    # kombu's default of sleeping 6 s between retries: with the broker down the page saves
    # at once and the outbox sweepers send the work when it is back.
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Acknowledge a task when it has finished, and hand it back to the queue when the worker
# process running it dies (killed, out of memory); tasks are idempotent on their rows.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# A render under way when the broker connection drops finishes and saves its PDF; the
# message that comes back later finds the export done and does nothing.
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = False
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BEAT_SCHEDULE = {
    "sweep-exports": {
        "task": "bass.tasks.sweep_exports",
        "schedule": 60,
        "options": {"expires": 55},
    },
    # The programme guide, rendered ahead once its data have changed and settled
    # (bass.exports.prerender_exports): asked for, it is there at once.
    "prerender-exports": {
        "task": "bass.tasks.prerender_exports",
        "schedule": 3 * 60,
        "options": {"expires": 170},
    },
    # Superseded exports (older than EXPORT_KEEP_DAYS, not the newest of their subject and
    # language) and old failed ones are deleted with their files (bass.exports.prune_exports).
    "prune-exports": {
        "task": "bass.tasks.prune_exports",
        "schedule": crontab(minute=45),
    },
    "apply-role-assignment-dates": {
        "task": "roles.tasks.sync_permissions_for_dates",
        "schedule": 15 * 60,
    },
    "notifications-send-waiting-email": {
        "task": "notifications.tasks.sweep_outbox",
        "schedule": 60,
    },
    "roles-prune-sign-in-records": {
        "task": "roles.tasks.prune_sign_in_records",
        "schedule": crontab(hour=3, minute=15),
    },
    "notifications-daily-digest": {
        "task": "notifications.tasks.send_daily_digest",
        "schedule": crontab(hour=7, minute=0),
    },
    "improvement-overdue-cycles": {
        "task": "improvement.tasks.announce_overdue_cycles",
        "schedule": crontab(hour=6, minute=30),
    },
    "plans-overdue-milestones": {
        "task": "plans.tasks.announce_overdue_milestones",
        "schedule": crontab(hour=6, minute=30),
    },
}
# Absolute links in e-mails, e.g. https://bass.regionsjaelland.dk (no trailing slash).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Rich text of a long ambition can exceed Django's 2.5 MB default; the form then gives
# a clear length message instead of a bare 400 page.
DATA_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "bass@regionsjaelland.example")
# Where the accessibility statement (/was) sends feedback.
ACCESSIBILITY_CONTACT_EMAIL = env_str("ACCESSIBILITY_CONTACT_EMAIL", DEFAULT_FROM_EMAIL)

# HTTPS: on by default whenever DEBUG is off.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): scripts and styles only from our own static files,
# so an injected <script> or on...= handler does not run. The one inline script is the
# rich-text editor's import map, which carries the request's nonce ({% form_media %}). The
# one inline style is the <style> element the editor (Tiptap) adds for ProseMirror's base
# rules; its hash allows exactly that text (a new editor version with other rules shows
# up as a violation in the browser tests, which fail on any).
EDITOR_STYLE_HASH = "'sha256-PlumsSlvJ7vvWzjqibGAYKq92O3y/4JTxWWsWJvyUYA='"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, EDITOR_STYLE_HASH],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
if OIDC_ISSUER:
    # The log-out form's answer sends the browser on to the provider's end-session endpoint;
    # Chromium applies form-action to that redirect too.
    _issuer = urlsplit(OIDC_ISSUER)
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"].append(
        f"{_issuer.scheme}://{_issuer.netloc}"
    )

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {
        "handlers": ["console"],
        "level": env_choice("LOG_LEVEL", ["DEBUG", "INFO", "WARNING", "ERROR"], "INFO"),
    },
    "loggers": {
        "bass.security": {"level": "INFO"},
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
