"""Local development: `make run`. Safe defaults, nothing to configure."""

from .base import *  # noqa: F401,F403
from .base import INSTALLED_APPS, env, env_bool

INSTALLED_APPS = [*INSTALLED_APPS, "devtools"]  # demo content (make run's load_demo) and the factories
DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env("SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")
