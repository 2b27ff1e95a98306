"""Local development: `make run`. Safe defaults, nothing to configure."""

from .base import *  # noqa: F401,F403
from .base import INSTALLED_APPS, LOGGING, env, env_bool

INSTALLED_APPS = [*INSTALLED_APPS, "devtools"]  # demo content (make run's load_demo) and the factories
DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env("SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")

# A quiet console for `make run`: warnings and errors, the web server's request lines, and one line per email
# (EMAIL_PROVIDER=local). LOG_LEVEL=INFO brings back the audit log, task runs and the rest.
_LEVEL = env("LOG_LEVEL", "WARNING")
LOGGING = {
    **LOGGING,
    "root": {**LOGGING["root"], "level": _LEVEL},
    # Django's own INFO lines would print twice (its DEBUG console and ours); django.server keeps its request lines.
    "loggers": {
        **LOGGING["loggers"], "django": {"level": _LEVEL}, "django.server": {"level": "INFO", "propagate": True},
    },
}
