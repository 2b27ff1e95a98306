"""Settings shared by every environment. Everything that differs between machines comes from the
environment; the README lists each variable."""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qsl

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
CSRF_FAILURE_VIEW = "core.csrf.csrf_failure"  # a Danish page in the site's layout

INSTALLED_APPS = [
    # Our apps first, so that our templates (404.html, 500.html, registration/) win over viewflow's.
    "core",
    "cms",
    "workflows",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "viewflow",
    "viewflow.workflow",
    "anymail",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # Outermost: answers anonymous visitors from the shared page cache before anything else runs (core.pagecache).
    "core.pagecache.AnonymousPageCacheMiddleware",
    # With DEBUG on: the site's Danish 404/403/500 pages, unless TECHNICAL_ERROR_PAGES asks for Django's (consulted
    # last of all for a view's exception, so every other middleware's handling comes first).
    "core.middleware.FriendlyErrorPagesMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "core.csp.SitePolicyMiddleware",
    "core.middleware.PermissionsPolicyMiddleware",
    "core.middleware.StripNullCharactersMiddleware",
    # A view that lost the database answers 503 "try again in a moment" instead of 500 (core.database).
    "core.database.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "cms.middleware.CookielessPublicFormsMiddleware",  # public forms: same-origin check instead of a CSRF cookie
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Two-factor sign-in for staff pages (core.twofactor): OTPMiddleware tells whether the session is verified.
    "django_otp.middleware.OTPMiddleware",
    "core.twofactor.RequireTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # A process lock held by another request (viewflow's FlowLockFailed) anywhere else: a Danish "try again" page.
    "workflows.middleware.FlowLockFailedMiddleware",
    # Last, as django-axes requires: turns a locked-out sign-in into its lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
# With DEBUG on, Django's technical 404 and 500 pages instead of the site's own (core.middleware).
TECHNICAL_ERROR_PAGES = env_bool("TECHNICAL_ERROR_PAGES", False)

# Every address under which staff work. The one list that two-factor sign-in (core.twofactor), the page cache and the
# staff Content-Security-Policy (core.csp) read: a new staff area added here cannot skip any of them.
STAFF_URL_PREFIXES = ("/admin/", "/django-admin/", "/sagsbehandling/")

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.public_layout",
            ],
        },
    },
]

# The page that wraps the programme's public pages (workflows): the public website's, so they wear its header and
# footer. core's plain "core/layout.html" serves when the website is not installed.
PUBLIC_LAYOUT_TEMPLATE = "base.html"

WSGI_APPLICATION = "config.wsgi.application"

# --- Database ------------------------------------------------------------------------------------------
# SQLite is the embedded default for a local run; PostgreSQL is production (DATABASE_URL=postgres://...).
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server, the worker and the scheduler share one file: WAL lets readers run beside the writer,
    # IMMEDIATE transactions queue writers instead of failing with "database is locked".
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
IS_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"

# --- Cache ---------------------------------------------------------------------------------------------
# Per process by default; CACHE_URL=redis://host:6379/0 shares one cache between app hosts.
# "pages" is the anonymous full-page cache (core.pagecache). It must be one cache for every process that changes
# content (web workers, task worker, scheduler), so without Redis it lives in files under VAR_DIR.
# A Redis that does not answer fails a cache call within a second instead of holding the request.
if env("CACHE_URL"):
    _REDIS_TIMEOUTS = {"socket_connect_timeout": 1, "socket_timeout": 1}
    CACHES = {
        "default": {"BACKEND": "core.cache.RedisCache", "LOCATION": env("CACHE_URL"), "OPTIONS": _REDIS_TIMEOUTS},
        "pages": {"BACKEND": "core.cache.RedisCache", "LOCATION": env("CACHE_URL"),
                  "KEY_PREFIX": "pages", "OPTIONS": _REDIS_TIMEOUTS},
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": VAR_DIR / "pagecache",
                  "OPTIONS": {"MAX_ENTRIES": 5000}},
    }
# How long an anonymous visitor's copy of a public page is kept at most (0 turns the page cache off). Publishing
# empties it at once; the limit covers what changes with time alone, such as a registration deadline passing.
PAGE_CACHE_SECONDS = int(env("PAGE_CACHE_SECONDS", "300"))
PAGE_CACHE_EXCLUDED_PREFIXES = (*STAFF_URL_PREFIXES, "/health/")

# --- Authentication ------------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # Brute-force protection: after AXES_FAILURE_LIMIT failed sign-ins for one username from one address,
    # that pair is locked out for AXES_COOLOFF_MINUTES.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# "Jeres forløb": the municipality's people sign in by a one-time link (django-sesame, workflows.municipality.links):
# short-lived, and single-use because the token is bound to the account's last sign-in, which signing in moves on.
SESAME_MAX_AGE = timedelta(minutes=int(env("SIGN_IN_LINK_MINUTES", "15")))
SESAME_ONE_TIME = True
# Staff without an authenticator app are sent to set one up before any staff page (on in production).
STAFF_2FA_REQUIRED = env_bool("STAFF_2FA_REQUIRED", False)
# Wrong codes are limited per sign-in and per account and address (core.twofactor), not per device: django-otp's
# per-device throttle let anyone holding the password keep the real user's correct codes refused.
OTP_TOTP_THROTTLE_FACTOR = 0
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "lockout.html"
# Lockouts count the visitor's address as the rate limits do, behind as many proxies as PROXY_COUNT says.
AXES_CLIENT_IP_CALLABLE = "core.clientip.client_ip"
# One sign-in for editors and advisers: the Wagtail login.
LOGIN_URL = "wagtailadmin_login"
LOGIN_REDIRECT_URL = "wagtailadmin_home"
# Wagtail's "forgot your password?" sends its email through the outbox (core.email), retried like every other.
WAGTAILADMIN_USER_PASSWORD_RESET_FORM = "core.password_reset.PasswordResetForm"

# "Jeres forløb" by MitID Erhverv (workflows.municipality.oidc): OpenID Connect through a broker in front of
# NemLog-in, read by mozilla-django-oidc under its own setting names. Off until OIDC_RP_CLIENT_ID is set; the sign-in
# link by email stays either way. The broker names the person's address and their organisation's CVR number (the
# claims OIDC_EMAIL_CLAIM and OIDC_CVR_CLAIM); only invited people of that municipality's cases get in.
OIDC_RP_CLIENT_ID = env("OIDC_RP_CLIENT_ID", "")
OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
OIDC_RP_CLIENT_SECRET = env("OIDC_RP_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = env("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = env("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = env("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = env("OIDC_OP_JWKS_ENDPOINT", "")
# The broker's issuer identifier (its discovery document's `issuer`): every ID token's `iss` must be exactly this.
OIDC_OP_ISSUER = env("OIDC_OP_ISSUER", "")
OIDC_RP_SIGN_ALGO = env("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = env("OIDC_RP_SCOPES", "openid email profile")
OIDC_EMAIL_CLAIM = env("OIDC_EMAIL_CLAIM", "email")
OIDC_CVR_CLAIM = env("OIDC_CVR_CLAIM", "cvr")
# Added to the request to the broker, as a query string: e.g. "idp_values=mitid_erhverv" picks MitID Erhverv.
OIDC_AUTH_REQUEST_EXTRA_PARAMS = dict(parse_qsl(env("OIDC_AUTH_REQUEST_EXTRA_PARAMS", "")))
OIDC_AUTHENTICATION_CALLBACK_URL = "workflows:municipality_oidc_callback"
OIDC_USE_PKCE = True
OIDC_CREATE_USER = False
OIDC_TIMEOUT = 10  # seconds for each request to the broker: a stalled broker must not hold a web worker
if OIDC_ENABLED:
    _missing = [name for name in ("OIDC_RP_CLIENT_SECRET", "OIDC_OP_AUTHORIZATION_ENDPOINT", "OIDC_OP_TOKEN_ENDPOINT",
                                  "OIDC_OP_USER_ENDPOINT", "OIDC_OP_JWKS_ENDPOINT", "OIDC_OP_ISSUER")
                if not globals()[name]]
    if _missing:
        raise ImproperlyConfigured(f"OIDC_RP_CLIENT_ID is set, so MitID Erhverv needs {', '.join(_missing)} too.")
    AUTHENTICATION_BACKENDS += ["workflows.municipality.oidc.MitIDErhvervBackend"]
# A refused MitID Erhverv sign-in is no guessed password: django-axes does not count it (oidc.exempt_from_lockout).
AXES_WHITELIST_CALLABLE = "workflows.municipality.oidc.exempt_from_lockout"

# --- Internationalisation ------------------------------------------------------------------------------
# The site speaks Danish whatever the browser asks for (no LocaleMiddleware): a Danish public-sector site does not
# switch language by Accept-Language. Staff who prefer English choose it in their Wagtail account settings.
LANGUAGE_CODE = env("LANGUAGE_CODE", "da")
LANGUAGES = [("da", "Dansk"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", "Europe/Copenhagen")
USE_I18N = True
USE_TZ = True
# One Danish way to write a date and a time, everywhere (config/formats/da/formats.py).
FORMAT_MODULE_PATH = ["config.formats"]

# --- Static and media files ----------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static_src"] if (BASE_DIR / "static_src").exists() else []
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# MEDIA_STORAGE=s3 keeps uploads in an S3-compatible bucket, so several app hosts share them.
if env("MEDIA_STORAGE") == "s3":
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL"),
            "region_name": env("AWS_S3_REGION_NAME"),
            "access_key": env("AWS_ACCESS_KEY_ID"),
            "secret_key": env("AWS_SECRET_ACCESS_KEY"),
            "default_acl": None,
            "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH", False),
            "file_overwrite": False,
        },
    }

# --- Email ---------------------------------------------------------------------------------------------
# EMAIL_PROVIDER picks the transport: for local work "local" (each message in a file under var/mail/ and one line
# on the console), "console" or "file"; "smtp"; or the name of any anymail ESP ("postmark", "mailgun", "amazon_ses",
# "brevo", "sendgrid", ...). Every ANYMAIL_* variable in the environment becomes the setting of the same name
# (ANYMAIL_POSTMARK_SERVER_TOKEN, ...).
EMAIL_PROVIDER = env("EMAIL_PROVIDER", "local")
LOCAL_EMAIL_BACKENDS = {
    "local": "core.email.LocalMailbox",
    "console": "django.core.mail.backends.console.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
}
EMAIL_BACKEND = LOCAL_EMAIL_BACKENDS.get(EMAIL_PROVIDER, f"anymail.backends.{EMAIL_PROVIDER}.EmailBackend")
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Peer-rådgivning <noreply@peer-raadgivning.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
for _name, _value in os.environ.items():
    if _name.startswith("ANYMAIL_"):
        globals()[_name] = _value
# How many times the outbox tries a message before it is marked failed, and the first retry delay (seconds);
# each further retry waits twice as long.
EMAIL_MAX_ATTEMPTS = int(env("EMAIL_MAX_ATTEMPTS", "8"))
EMAIL_RETRY_BASE_SECONDS = int(env("EMAIL_RETRY_BASE_SECONDS", "30"))

# --- Background work -----------------------------------------------------------------------------------
# The database queue by default (`manage.py run_worker`); TASKS_BACKEND=django_tasks_rq.RQBackend with
# RQ_URL=redis://... moves background work to Redis and RQ workers when one database queue is no longer enough
# (`manage.py rqworker --job-class django_tasks_rq.Job --with-scheduler default`, deploy/README.md).
TASKS = {"default": {"BACKEND": env("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"), "QUEUES": ["default"]}}
if TASKS["default"]["BACKEND"] == "django_tasks_rq.RQBackend":
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {"default": {"URL": env("RQ_URL", "redis://127.0.0.1:6379/1")}}
# A task RUNNING for longer than this has lost its worker (killed, out of memory) and is queued again (core.jobs).
TASK_STALE_SECONDS = int(env("TASK_STALE_SECONDS", "120"))
# /health/ready reports unavailable when a due task has waited longer than this (the worker is down or stuck).
HEALTH_MAX_QUEUE_AGE_SECONDS = int(env("HEALTH_MAX_QUEUE_AGE_SECONDS", "300"))

# --- Wagtail -------------------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Peer-rådgivning"
WAGTAILADMIN_BASE_URL = env("BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
# Page addresses in ASCII: the admin's slug script transliterates instead of keeping letters that would be
# percent-escaped; the Danish letters are spelt out first (cms.slugs).
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("da", "Dansk"), ("en", "English")]
# No avatar requests to gravatar.com: a privacy leak, and broken images where the network is closed.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# No dashboard banner about Wagtail's English release notes (the help menu leaves them out too: cms.wagtail_hooks).
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
# Nor does the dashboard ask releases.wagtail.io for new versions from each admin's browser, for the same reasons;
# upgrades are the developers' (the lock files), not a banner for staff.
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Search stems Danish words on both databases: PostgreSQL with its "danish" configuration, SQLite through
# cms.search_backend (Wagtail's SQLite backend with Snowball's Danish stemmer).
WAGTAILSEARCH_BACKENDS = {
    "default": (
        {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "danish"} if IS_POSTGRES
        else {"BACKEND": "cms.search_backend"}
    )
}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "pptx", "odt", "ods", "csv", "txt"]
# Documents are served only by Wagtail's view at /documents/<id>/<name>: it checks the privacy of the document's
# collection (sign-in, groups, password) and counts the download. Never "direct": that links to /media/documents/,
# which skips both and which the proxies do not serve (deploy/proxy/).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# DOCUMENTS_SENT_BY_PROXY=1 (deploy/env.example, for the shipped nginx and Caddy configs): once the view has said
# yes, the proxy sends the file from its internal-only /_documents/ location (X-Accel-Redirect, core/sendfile.py), so
# no download holds a gunicorn worker. Off: Django streams the file itself (make run, tests, no proxy in front).
if env_bool("DOCUMENTS_SENT_BY_PROXY", False):
    SENDFILE_BACKEND = "core.sendfile"
    SENDFILE_ROOT = MEDIA_ROOT / "documents"
    SENDFILE_URL = "/_documents/"
WAGTAILDOCS_DOCUMENT_MODEL = "cms.SiteDocument"  # counts downloads
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- Viewflow ------------------------------------------------------------------------------------------
# Keep viewflow from appending its own middleware globally; we wire what we need.
VIEWFLOW = {"AUTOREGISTER": False}

# --- Security headers -------------------------------------------------------------------------------
# Public pages and the staff sign-in carry a strict Content-Security-Policy: no inline script or style anywhere in
# our templates. The rest of the staff workspace gets the same policy, but Wagtail 8's admin still writes inline
# scripts and styles, which it must allow, and it frames its own page previews (core.csp).
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}
STAFF_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],  # an image's preview before upload
        "frame-ancestors": ["'self'"],  # the page editor's live preview
    },
}
# Reverse proxies in front of the app, each appending to X-Forwarded-For; 0 ignores the header (core.clientip).
PROXY_COUNT = int(env("PROXY_COUNT", "0"))
# Per public form and visitor address within ten minutes (core.ratelimit): accepted submissions, and attempts of any
# kind (a generous limit against floods; failed validation never counts towards the first).
PUBLIC_FORM_RATE_LIMIT = int(env("PUBLIC_FORM_RATE_LIMIT", "5"))
PUBLIC_FORM_ATTEMPT_LIMIT = int(env("PUBLIC_FORM_ATTEMPT_LIMIT", "50"))
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"

# --- Logging -------------------------------------------------------------------------------------------
# Link tokens never reach the log: django.request names the path of every 4xx and 5xx (core.logs).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"redact_tokens": {"()": "core.logs.RedactTokens"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact_tokens"]}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
