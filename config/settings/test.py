"""The test suite. DATABASE_URL picks SQLite (default) or PostgreSQL, as in every environment."""

from .base import *  # noqa: F401,F403
from .base import VAR_DIR, env

DEBUG = False
SECRET_KEY = env("SECRET_KEY", "test-only-insecure-key")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_PROVIDER = "locmem"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tasks run in-process unless a test switches to the database queue to exercise the real worker.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}}
MEDIA_ROOT = VAR_DIR / "test-media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# One process: the page cache needs no files. It is off unless a test turns it on (tests/core/test_pagecache.py).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
}
PAGE_CACHE_SECONDS = 0

# The tests package holds a tiny flow of its own (tests/support/flows.py); viewflow resolves flows through apps.
INSTALLED_APPS = [*INSTALLED_APPS, "devtools", "tests"]  # noqa: F405

# Brute-force lockout would trip tests that sign in with client.login(); tests/core/test_security.py turns it on.
AXES_ENABLED = False
