"""Gunicorn settings, from the environment like everything else."""

import multiprocessing
import os

# Loopback unless told otherwise: only the proxy in front should reach the app. A client that reached it directly
# could write X-Forwarded-For itself and so choose the address that rate limits and lockouts count (PROXY_COUNT).
# The container image sets 0.0.0.0:8000 (deploy/Dockerfile): there the proxy reaches it over the compose network.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Load the app once in the master: workers fork with it ready (shared memory, and a recycled worker is back at once
# instead of importing Django and Wagtail again). Connections open lazily, per worker, after the fork.
preload_app = True
# Recycle a worker now and then as a guard against slow leaks; not so often that busy sites pay for it.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = 2000
accesslog = "-"
errorlog = "-"
# Link tokens redacted from both logs, and the visitor's address (PROXY_COUNT) rather than the proxy's (core/logs.py).
logger_class = "core.logs.GunicornLogger"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
