"""Production settings: ``DJANGO_SETTINGS_MODULE=inburgering.project.productie``.

Everything of ``settings`` plus HTTPS-only cookies, HSTS, no demo accounts, and secrets that must come
from the environment. ``manage.py check --deploy`` is clean with these (see docs/portaal.md).
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .settings import *  # noqa: F401,F403

DEBUG = False

SECRET_KEY = os.environ.get("INBURGERING_SECRET_KEY", "")
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith(ONTWIKKELING):  # noqa: F405
    raise ImproperlyConfigured("zet INBURGERING_SECRET_KEY (minstens 50 willekeurige tekens) in productie")
INBURGERING_LOGSLEUTEL = os.environ.get("INBURGERING_LOGSLEUTEL", "")  # key for the BSN hashes in the processing log
if len(INBURGERING_LOGSLEUTEL) < 32 or INBURGERING_LOGSLEUTEL.startswith(ONTWIKKELING):  # noqa: F405
    raise ImproperlyConfigured("zet INBURGERING_LOGSLEUTEL (minstens 32 willekeurige tekens): de sleutel van het verwerkingslog")
if INBURGERING_LOGSLEUTEL == SECRET_KEY:
    raise ImproperlyConfigured("INBURGERING_LOGSLEUTEL moet een andere sleutel zijn dan INBURGERING_SECRET_KEY")
INBURGERING_TOTPSLEUTEL = os.environ.get("INBURGERING_TOTPSLEUTEL", "")
if len(INBURGERING_TOTPSLEUTEL) < 32 or INBURGERING_TOTPSLEUTEL.startswith(ONTWIKKELING):  # noqa: F405
    raise ImproperlyConfigured("zet INBURGERING_TOTPSLEUTEL (minstens 32 willekeurige tekens): de sleutel waarmee "
                               "TOTP-geheimen versleuteld worden opgeslagen")
if INBURGERING_M2M_AUTH != "certificaat":  # noqa: F405
    raise ImproperlyConfigured("INBURGERING_M2M_AUTH=header is alleen voor ontwikkeling: in productie identificeert "
                               "een gemeente zich met haar PKIoverheid-certificaat")
ALLOWED_HOSTS = [h for h in os.environ.get("INBURGERING_ALLOWED_HOSTS", "").split(",") if h]
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("zet INBURGERING_ALLOWED_HOSTS (komma-gescheiden hostnamen)")
CSRF_TRUSTED_ORIGINS = [f"https://{h}" for h in ALLOWED_HOSTS if not h.startswith(".")]

SECURE_SSL_REDIRECT = os.environ.get("INBURGERING_SSL_REDIRECT", "1") == "1"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if os.environ.get("INBURGERING_ACHTER_PROXY") == "1" else None
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_NAME = "__Host-csrftoken"

PORTAAL_DEMO_TOEGESTAAN = False
PORTAAL_VANDAAG = None
WHITENOISE_USE_FINDERS = False  # run `manage.py collectstatic` at deploy
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
