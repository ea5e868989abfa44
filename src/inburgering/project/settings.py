"""Django settings, from the environment.

DATABASE_URL: any dj-database-url URL (postgres://…); default an embedded SQLite file
(INBURGERING_DATA/inburgering.sqlite3, INBURGERING_DATA defaults to ./var).
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("INBURGERING_DATA", Path.cwd() / "var"))

DEBUG = os.environ.get("INBURGERING_DEBUG", "") == "1"
SECRET_KEY = os.environ.get("INBURGERING_SECRET_KEY") or "dev-only-not-secret-" + "x" * 40
ALLOWED_HOSTS = [h for h in os.environ.get("INBURGERING_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.admin",
    "inburgering.keten",
    "inburgering.portaal",
    "inburgering.m2m",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "inburgering.project.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]
WSGI_APPLICATION = "inburgering.project.wsgi.application"


def _database():
    url = os.environ.get("DATABASE_URL")
    if url:
        db = dj_database_url.parse(url, conn_max_age=60)
    else:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        db = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(DATA_DIR / "inburgering.sqlite3")}
    if db["ENGINE"].endswith("sqlite3"):
        # WAL lets the portal read while the engine writes; synchronous=NORMAL is durable in WAL mode.
        # A throwaway store (replay) sets INBURGERING_SQLITE_SYNC=OFF.
        sync = os.environ.get("INBURGERING_SQLITE_SYNC", "NORMAL")
        db["OPTIONS"] = {"timeout": 30, "init_command": f"PRAGMA journal_mode=WAL; PRAGMA synchronous={sync};"}
        db.setdefault("CONN_MAX_AGE", 60)  # keep a worker's connection between requests (M2M API throughput)
    return db


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "nl"
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"

# DUO's own OIN (contract §4) and how M2M callers are identified.
INBURGERING_OIN = os.environ.get("INBURGERING_OIN", "00000001800866472000")
INBURGERING_M2M_AUTH = os.environ.get("INBURGERING_M2M_AUTH", "certificaat")

# Background work: Celery when a broker is configured, in-process otherwise.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"kort": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "kort"}},
    "root": {"handlers": ["console"], "level": os.environ.get("INBURGERING_LOGLEVEL", "WARNING")},
}

# --- Portaal Inburgering: accounts, throttled login, two-factor, security headers (inburgering.portaal) ---
INSTALLED_APPS += ["axes", "django_otp", "django_otp.plugins.otp_totp", "django_otp.plugins.otp_static"]
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
                  "whitenoise.middleware.WhiteNoiseMiddleware")
MIDDLEWARE.insert(MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
                  "django_otp.middleware.OTPMiddleware")
MIDDLEWARE += ["inburgering.portaal.middleware.beveiligingskoppen", "axes.middleware.AxesMiddleware"]
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
LOGIN_URL = "portaal:inloggen"
LOGIN_REDIRECT_URL = "portaal:start"
CSRF_FAILURE_VIEW = "inburgering.portaal.views.account.csrf_fout"
WHITENOISE_USE_FINDERS = True  # serve app static files without collectstatic (productie.py: collectstatic)
AXES_FAILURE_LIMIT = 5  # failed logins per username+IP before a cool-off
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "portaal/geblokkeerd.html"
AXES_RESET_ON_SUCCESS = True
SESSION_COOKIE_AGE = 8 * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
OTP_TOTP_ISSUER = "Portaal Inburgering"
PORTAAL_DEMO_TOEGESTAAN = True  # `inburgering demo` may create demo accounts; productie.py: False
PORTAAL_VANDAAG = os.environ.get("INBURGERING_VANDAAG") or None  # fixed "today" (JJJJ-MM-DD) for demos/tests
PORTAAL_VERWERKINGSREGISTER = os.environ.get("INBURGERING_VERWERKINGSREGISTER", "urn:nl:duo:inburgering:verwerkingsactiviteit:")
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
try:  # WhiteNoise warns on every start while STATIC_ROOT does not exist yet (before collectstatic)
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
except OSError:
    pass

# --- Operations: /gezond, /gereed, /metrics (inburgering.project.operatie); M2M API latency per route ---
MIDDLEWARE.insert(0, "inburgering.project.operatie.api_latentie")
