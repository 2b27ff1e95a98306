"""Production. Refuses to start with an insecure configuration."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403
from .base import DEBUG, EMAIL_PROVIDER, LOCAL_EMAIL_BACKENDS, SECRET_KEY, env, env_bool

if DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production (unset DEBUG or set DEBUG=0).")
if not SECRET_KEY or len(SECRET_KEY) < 32 or SECRET_KEY.startswith(("dev-", "test-")):
    raise ImproperlyConfigured("Set SECRET_KEY to a random value of at least 32 characters in production.")

if EMAIL_PROVIDER not in LOCAL_EMAIL_BACKENDS and ":" not in env("ANYMAIL_WEBHOOK_SECRET", ""):
    raise ImproperlyConfigured(
        "Set ANYMAIL_WEBHOOK_SECRET to 'user:password' so the provider's tracking webhook is authenticated."
    )

STAFF_2FA_REQUIRED = env_bool("STAFF_2FA_REQUIRED", True)

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
