"""One settings module, strictly parsed from the environment (see .env.example)."""

import json
import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"Set {name} (see .env.example).")
    return value


def _json_object(name: str) -> dict[str, object]:
    """An environment variable holding a JSON object ({} when unset); else a message naming it."""
    try:
        value = json.loads(env(name, "{}"))
    except json.JSONDecodeError as err:
        raise ImproperlyConfigured(f"{name} is not valid JSON: {err}") from None
    if not isinstance(value, dict):
        raise ImproperlyConfigured(f'{name} must be a JSON object, like {{"bucket_name": "cocopa"}}')
    return value


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() not in {"true", "false", "1", "0"}:
        raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")
    return raw.lower() in {"true", "1"}


DEBUG = env_bool("DEBUG", default=False)
# Without SECRET_KEY the server refuses to start unless DEBUG is on; `make run` writes one
# into var/secret_key on first start so a newcomer needs no set-up.
_secret_file = BASE_DIR / "var" / "secret_key"
SECRET_KEY = os.environ.get("SECRET_KEY") or (
    _secret_file.read_text().strip() if _secret_file.exists() else ("insecure-dev-key" if DEBUG else "")
)
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "Set SECRET_KEY (see .env.example) or run `make run` once to create var/secret_key."
    )

ALLOWED_HOSTS = [
    # Django's test client calls itself `testserver`: settings_test.py adds it, production never.
    h.strip()
    for h in env("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in env("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

INSTALLED_APPS = [
    "modeltranslation",  # must precede django.contrib.admin
    "cocopa.core.apps.AdminConfig",  # django.contrib.admin without leaflet's GeoDjango admin
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",  # /sitemap.xml (cocopa/public/sitemaps.py)
    "simple_history",
    "ninja",
    "leaflet",
    "django_countries",
    "bootstrap_italia_template",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "rules",  # the {% has_perm %} template tag; the rules themselves are registered by each app
    "post_office",  # the outbox (cocopa/core/outbox.py); before core, whose admin hides its models
    "cocopa.core",
    "cocopa.apitokens",
    "cocopa.network",
    "cocopa.cooperation",
    "cocopa.governance",
    "cocopa.fees",
    "cocopa.demo",
    "cocopa.members",
    "cocopa.library",
    "cocopa.news",
    "cocopa.events",
    "cocopa.campaigns",
    "cocopa.diplomacy",
    "cocopa.education",
    "cocopa.public",
    "cocopa.factsheet",
    "cocopa.office",
    "cocopa.search",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "cocopa.core.middleware.StaffSessionIdleMiddleware",
    "cocopa.core.middleware.StaffOTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cocopa.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "cocopa" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "csp.context_processors.nonce",
            ],
        },
    },
]

WSGI_APPLICATION = "cocopa.wsgi.application"

DATABASE_URL = env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'cocopa.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=int(env("CONN_MAX_AGE", "60")))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Django's backend, but the database file (password hashes, TOTP keys) is created with mode
    # 0600 (cocopa/core/db/sqlite3/base.py; docs/decisions/0013).
    DATABASES["default"]["ENGINE"] = "cocopa.core.db.sqlite3"
    # WAL lets the public site read while the office writes; see docs/decisions/0001-databases.md.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "it"
LANGUAGES = [("it", _("Italiano")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "cocopa" / "locale"]
TIME_ZONE = "Europe/Rome"
# Dates as people write them in each language (cocopa/formats/<lang>/formats.py).
FORMAT_MODULE_PATH = ["cocopa.formats"]
USE_I18N = True
USE_TZ = True

MODELTRANSLATION_DEFAULT_LANGUAGE = "it"
MODELTRANSLATION_LANGUAGES = ("it", "en")
# An English page shows the Italian text where no English exists, and vice versa.
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("it", "en"), "it": ("en",)}

STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "var" / "static")))
# Uploaded documents go through Django's storage API only (cocopa/core/documents.py serves them
# after the reader's right is checked; there is no public media URL). Several app servers share
# one object storage: MEDIA_STORAGE_BACKEND=storages.backends.s3.S3Storage (django-storages, not
# installed by default) with its options as JSON in MEDIA_STORAGE_OPTIONS (README, "Documents").
STORAGES = {
    "default": {
        "BACKEND": env("MEDIA_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage"),
        "OPTIONS": _json_object("MEDIA_STORAGE_OPTIONS"),
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))

# The theme's own settings (design-django-theme): serve its assets from our static files.
JS_DEFAULT_DATE_FORMAT = "dd/MM/yyyy"
DJANGO_BOOTSTRAP_ITALIA_USE_CDN = False
DJANGO_BOOTSTRAP_ITALIA_CDN = ""

# IATI publishing (cooperation/iati.py). The reporting organisation's identifier comes from the
# IATI organisation registry; without one the export refuses to run rather than invent it.
IATI_REPORTING_ORG_REF = env("IATI_REPORTING_ORG_REF", "")
IATI_REPORTING_ORG_NAME = env("IATI_REPORTING_ORG_NAME", "Co.Co.Pa. - Coordinamento Comuni per la Pace")
IATI_REPORTING_ORG_TYPE = env("IATI_REPORTING_ORG_TYPE", "11")
# The network's publisher name on the IATI Registry (lower case): what `cocopa iati_registry_metadata`
# names the datasets after (public/iati.py).
IATI_REGISTRY_PUBLISHER = env("IATI_REGISTRY_PUBLISHER", "")
# Activities above which the Registry is given the activity file in parts (per start year or per
# country): a software default (some 20 MB of XML), not a rule of IATI or of the network.
IATI_ACTIVITIES_PER_FILE = int(env("IATI_ACTIVITIES_PER_FILE", "5000"))
# Optional folder with the official IATI 2.03 XSD: when set, exports and imports are also
# validated against it (the schema is not shipped with cocopa).
IATI_SCHEMA_DIR = env("IATI_SCHEMA_DIR", "")
# Largest file an import (IATI, ISTAT) accepts, in MB: a default of the software, not a rule of the
# network. 40 is IATI's own limit per published file, so any file the IATI Registry takes imports
# (10,000 activities of the bench's shape are 38 MB). The IATI import parses the file as a stream,
# but keeps a record of each activity and plans every row before its one write transaction, so
# its memory still follows the file: about 12 × its size (bench/iati_import.py: 446 MB of peak
# growth for 37.8 MB), some 500 MB at the default. A bigger file is refused with a message naming
# it, its size and this setting (docs/decisions/0012-imports-plan-then-write.md).
COCOPA_MAX_IMPORT_MB = float(env("COCOPA_MAX_IMPORT_MB", "40"))
# Largest document (agenda document, council act) an office uploads, in MB: a default of the
# software, not a rule of the network (cocopa/core/documents.py). A reverse proxy in front must
# accept request bodies at least this big (nginx: client_max_body_size).
COCOPA_MAX_UPLOAD_MB = float(env("COCOPA_MAX_UPLOAD_MB", "20"))
# Who issues fee receipts (printed on each receipt when the office issues it). No default: a
# blank name prints "issuer not configured" rather than an invented issuer.
RECEIPT_ISSUER_NAME = env("RECEIPT_ISSUER_NAME", "")
RECEIPT_ISSUER_ADDRESS = env("RECEIPT_ISSUER_ADDRESS", "")
RECEIPT_ISSUER_TAX_CODE = env("RECEIPT_ISSUER_TAX_CODE", "")

# The data controller the privacy notice (/privacy/) names: the network's lead body, e.g.
# "Comune di Grugliasco, piazza …, protocollo@…". Blank: the notice says its name is not on record.
COCOPA_PRIVACY_CONTROLLER = env("COCOPA_PRIVACY_CONTROLLER", "")
# API tokens (cocopa/apitokens/README.md) always expire: after COCOPA_API_TOKEN_DAYS unless their
# creator chose another date, never later than COCOPA_API_TOKEN_MAX_DAYS. Defaults of the
# software, not rules of the network: a lost secret stops working by itself.
COCOPA_API_TOKEN_DAYS = int(env("COCOPA_API_TOKEN_DAYS", "90"))
COCOPA_API_TOKEN_MAX_DAYS = int(env("COCOPA_API_TOKEN_MAX_DAYS", "365"))

# Maps (django-leaflet): OpenStreetMap tiles, attributed as their licence requires.
LEAFLET_CONFIG = {
    "DEFAULT_CENTER": (20.0, 10.0),
    "DEFAULT_ZOOM": 2,
    "MIN_ZOOM": 1,
    "MAX_ZOOM": 12,
    "TILES": [
        (
            "OpenStreetMap",
            env("MAP_TILES_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"),
            {"attribution": "&copy; OpenStreetMap contributors"},
        )
    ],
    "RESET_VIEW": False,
}

# E-mail goes out through the SMTP server of EMAIL_HOST. Without one nothing is sent, and only
# the fact is logged (core/mail.py): a password-reset message holds a link that sets a password,
# so the console and file backends, which write whole messages out, need DEBUG.
EMAIL_HOST = env("EMAIL_HOST", "")
EMAIL_PORT = int(env("EMAIL_PORT", "587"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=False)
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=not EMAIL_USE_SSL)
EMAIL_TIMEOUT = int(env("EMAIL_TIMEOUT", "30"))  # a stuck server must not hold a worker for ever
# The backend that delivers: the outbox worker hands each queued message to it.
EMAIL_DELIVERY_BACKEND = env("EMAIL_BACKEND", "") or (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "cocopa.core.mail.NotSentEmailBackend"
)
if not DEBUG and EMAIL_DELIVERY_BACKEND in {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
}:
    raise ImproperlyConfigured(
        f"EMAIL_BACKEND={EMAIL_DELIVERY_BACKEND} writes every message, password-reset links included, where "
        "others can read them: only with DEBUG=true. Set EMAIL_HOST to send (see .env.example)."
    )
# Every message (invitations, convocations, reminders, password resets) is first a row of the
# outbox (django-post-office): send_mail and EmailMessage.send queue it, the worker
# (`cocopa send_outbox --loop`, started by `make run`) delivers it and retries a failure with a
# growing delay, and the office sees each message's state at /office/outbox/ (core/outbox.py).
EMAIL_BACKEND = "post_office.EmailBackend"
POST_OFFICE = {
    "BACKENDS": {"default": EMAIL_DELIVERY_BACKEND},
    "DEFAULT_PRIORITY": "medium",  # queued, never sent inside the request
    # Attempts after the first failure, each after a delay doubling from RETRY_INTERVAL
    # (cocopa.core.outbox.back_off): 5, 10, 20, 40, 80 and 160 minutes, about five hours in all.
    "MAX_RETRIES": 6,
    "RETRY_INTERVAL": timedelta(minutes=5),
    "LOG_LEVEL": 2,  # one log row per attempt, sent or failed: the attempts and errors the office sees
    "MESSAGE_ID_ENABLED": True,
    "THREADS_PER_PROCESS": 1,
}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "cocopa@localhost")

# ---- Login security (issue 5): passwords, lockout, second factor, HTTPS, CSP ---------------

# Argon2 first: new and re-saved passwords are hashed with it; older hashes still verify and
# are upgraded at the next login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

# django-axes watches every login (site and admin) and refuses one username from one address
# after AXES_FAILURE_LIMIT failures, for AXES_COOLOFF_TIME. Its backend must come first.
# Rights come from the rules each app registers (cocopa/<app>/permissions.py) and nothing else:
# the last backend logs people in but grants no stored permission (docs/decisions/0006).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "cocopa.core.backends.AuthenticationOnlyBackend",
]
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env("AXES_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_HTTP_RESPONSE_CODE = 429

# Staff (is_staff, superusers, the peace and administrative offices) confirm a TOTP code
# (cocopa/core/middleware.py; docs/decisions/0013); member representatives are never asked.
# - Writes: every unsafe request (POST, PUT, PATCH, DELETE) of a staff session, on any page or
#   API endpoint, except the views named in COCOPA_STAFF_OTP_WRITE_EXEMPT_VIEWS (logging in
#   and out, the second-factor pages themselves, switching language). An API call with a
#   bearer token is judged by its token, never by a session beside it.
# - Reading: the pages under these prefixes (also under /en/).
# The test settings turn it off by default; the tests of the second factor turn it on.
COCOPA_REQUIRE_STAFF_OTP = env_bool("COCOPA_REQUIRE_STAFF_OTP", True)
COCOPA_STAFF_OTP_PATH_PREFIXES = ["/admin/", "/office/", "/fees/", "/api/v1/fees/", "/documents/"]
COCOPA_STAFF_OTP_EXEMPT_PREFIXES = ["/fees/mine/"]
COCOPA_STAFF_OTP_WRITE_EXEMPT_VIEWS = [
    "login",
    "logout",
    "admin:login",
    "admin:logout",
    "otp-setup",
    "otp-verify",
    "otp-enrol",
    "invitation",
    "set_language",
]
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", "cocopa")
# A staff login enrols an authenticator only with an invitation link (`cocopa invite_to_enrol`)
# or an already confirmed second factor; the link is one-time and lasts this long (a default).
COCOPA_OTP_ENROL_INVITATION_HOURS = int(env("COCOPA_OTP_ENROL_INVITATION_HOURS", "48"))
# An invitation to a role (/office/people/) is a one-time link that lasts this long (a default).
COCOPA_INVITATION_HOURS = int(env("COCOPA_INVITATION_HOURS", "72"))
# The address links printed by commands start with (enrolment invitations).
COCOPA_SITE_URL = env("COCOPA_SITE_URL", "http://127.0.0.1:8000")

# Sessions. Staff sessions end after this many hours without a request (a default, not from the
# statutes): a forgotten office browser does not stay logged in with its second factor for
# days. Other logins (member representatives) keep Django's SESSION_COOKIE_AGE, two weeks:
# their rights are those of one member, and they log in rarely.
COCOPA_STAFF_SESSION_IDLE_HOURS = float(env("COCOPA_STAFF_SESSION_IDLE_HOURS", "12"))

# HTTPS. Off by default so `make run` works on http://127.0.0.1; production sets COCOPA_HTTPS=true
# (README, "Production settings"): HTTPS redirect, secure cookies, HSTS.
HTTPS = env_bool("COCOPA_HTTPS", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY", False) else None
if SECURE_PROXY_SSL_HEADER:
    # One proxy in front: axes takes the client address it appended to X-Forwarded-For.
    AXES_IPWARE_PROXY_COUNT = 1
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000")) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if not SECURE_HSTS_PRELOAD:
    # Preloading commits the domain to HTTPS in browsers for good: the operator's choice, so
    # its deploy-check warning (security.W021) is silenced while it is off.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True


def _tile_source(url_template: str) -> str:
    """The origin of a Leaflet tile URL template; {s} subdomains become a wildcard."""
    parts = urlsplit(url_template)
    return f"{parts.scheme}://{parts.netloc.replace('{s}', '*')}"


# Content Security Policy (django-csp 4): scripts from our origin or carrying the request's nonce
# (base.html, the map); styles may be inline, as the theme injects its @font-face rules from
# JavaScript; images also from the map's tile server.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", _tile_source(LEAFLET_CONFIG["TILES"][0][1])],  # type: ignore[index]
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
    # The outbox library logs each pass at INFO through a handler of its own unless one is set.
    "loggers": {
        "post_office": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING"), "propagate": False}
    },
}

# Representatives and office staff log in on the site; after login, their own page.
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "self_service:home"
LOGOUT_REDIRECT_URL = "public:home"
