"""`make bench`: production settings on loopback, plus a minimal view and a per-request query counter."""

import os

os.environ.setdefault("SECRET_KEY", "bench-only-Qm7vLx2pR9sT4wY8zB3nC6dF1gH5jK0aE")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")

from .production import *  # noqa: E402,F401,F403
from .production import INSTALLED_APPS, MIDDLEWARE, PAGE_CACHE_EXCLUDED_PREFIXES  # noqa: E402

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
BENCH = True
STAFF_2FA_REQUIRED = False  # the benchmark's adviser signs in with a session cookie only
# Load tests submit forms from one loopback address.
PUBLIC_FORM_RATE_LIMIT = PUBLIC_FORM_ATTEMPT_LIMIT = 1_000_000
INSTALLED_APPS = [*INSTALLED_APPS, "devtools"]  # the seeder and the yardstick view
MIDDLEWARE = ["devtools.bench.QueryCountMiddleware", *MIDDLEWARE]
# The yardstick view stays the bare minimum: not even a page-cache lookup.
PAGE_CACHE_EXCLUDED_PREFIXES = (*PAGE_CACHE_EXCLUDED_PREFIXES, "/bench/")
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
