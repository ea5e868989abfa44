"""Django settings, from the environment.

DATABASE_URL: any dj-database-url URL (postgres://…); default an embedded SQLite file
(INBURGERING_DATA/inburgering.sqlite3, INBURGERING_DATA defaults to ./var).
"""

import os
from pathlib import Path

import dj_database_url

from inburgering.logboek import logconfig

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("INBURGERING_DATA", Path.cwd() / "var"))

DEBUG = os.environ.get("INBURGERING_DEBUG", "") == "1"

# Secrets come from the environment. The defaults below are for development only and public (they start
# with ONTWIKKELING): `inburgering serve` refuses them on any address but loopback, and the production
# settings (productie.py) refuse them altogether.
ONTWIKKELING = "ontwikkeling-alleen-niet-geheim-"
SECRET_KEY = os.environ.get("INBURGERING_SECRET_KEY") or ONTWIKKELING + "django-" + "x" * 40
# Key of the BSN pseudonyms in the processing log: its own secret, never Django's (whoever knows it can
# test every BSN against the log).
INBURGERING_LOGSLEUTEL = os.environ.get("INBURGERING_LOGSLEUTEL") or ONTWIKKELING + "logsleutel"
# Key that encrypts the TOTP secrets of the DUO roles at rest (portaal.tweede_factor).
INBURGERING_TOTPSLEUTEL = os.environ.get("INBURGERING_TOTPSLEUTEL") or ONTWIKKELING + "totpsleutel"
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

# Contact persons a gemeente may keep at a time (Contactpersoon API; ids run per gemeente up to 99999).
INBURGERING_CONTACTPERSONEN_MAX = int(os.environ.get("INBURGERING_CONTACTPERSONEN_MAX", "500"))

# Application logging: JSON lines on stderr, BSNs (and paths that hold one) masked (inburgering.logboek).
LOGGING = logconfig(os.environ.get("INBURGERING_LOGLEVEL", "WARNING"))

# --- Portaal Inburgering: accounts, throttled login, two-factor, security headers (inburgering.portaal) ---
# django-otp with the portal's own devices (portaal.models: TOTP secret encrypted, reserve codes hashed);
# its plain-text TOTP and static plugins are not installed.
INSTALLED_APPS += ["axes", "django_otp"]
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
                  "whitenoise.middleware.WhiteNoiseMiddleware")
MIDDLEWARE.insert(MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
                  "django_otp.middleware.OTPMiddleware")
MIDDLEWARE += ["inburgering.portaal.middleware.beveiligingskoppen", "inburgering.portaal.middleware.sessieduur",
               "axes.middleware.AxesMiddleware"]
# Every failure under /v1/ answers in the API's JSON form (an unknown path, a server error, …).
MIDDLEWARE.insert(0, "inburgering.m2m.middleware.json_fouten")
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
LOGIN_URL = "portaal:inloggen"
LOGIN_REDIRECT_URL = "portaal:start"
CSRF_FAILURE_VIEW = "inburgering.portaal.views.account.csrf_fout"
WHITENOISE_USE_FINDERS = True  # serve app static files without collectstatic (productie.py: collectstatic)
# Login throttling (django-axes, with portaal.inlogbeperking): failures counted per account on one address,
# per account across addresses (spraying one account from many) and per address across accounts (spraying
# one password over many accounts), each with its own limit, cooled off after 15 minutes.
AXES_HANDLER = "inburgering.portaal.inlogbeperking.Handler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username", "ip_address"]
PORTAAL_INLOGLIMIETEN = {"account_adres": 5, "account": 20, "adres": 30}
AXES_FAILURE_LIMIT = PORTAAL_INLOGLIMIETEN["account_adres"]
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_TEMPLATE = "portaal/geblokkeerd.html"
AXES_RESET_ON_SUCCESS = True  # only the account's own failures on that address (inlogbeperking.Handler)
# The client's address: REMOTE_ADDR, or behind these proxies (comma-separated addresses or networks) the
# right-most X-Forwarded-For entry that is not one of them. A header from anyone else is ignored.
INBURGERING_VERTROUWDE_PROXIES = [p for p in os.environ.get("INBURGERING_VERTROUWDE_PROXIES", "").split(",") if p]
AXES_CLIENT_IP_CALLABLE = "inburgering.portaal.inlogbeperking.client_adres"
SESSION_COOKIE_AGE = 8 * 3600  # a working day at most, however active
PORTAAL_INACTIEF_SECONDEN = int(os.environ.get("INBURGERING_INACTIEF_SECONDEN", str(15 * 60)))  # idle timeout
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
