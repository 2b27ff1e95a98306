"""gunicorn with the project's deploy config, started for a measurement and stopped after it (the benchmark and the
reliability tests both use it)."""

import contextlib
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@contextlib.contextmanager
def gunicorn(env, port, workers=2):
    """Yield the running server process once `/health/live` answers on 127.0.0.1:`port`."""
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", "deploy/gunicorn.conf.py", "config.wsgi:application"],
        # No worker recycling (deploy/gunicorn.conf.py's leak guard): a worker restarting in the middle of a
        # measurement is noise, not speed.
        cwd=ROOT, env={"GUNICORN_MAX_REQUESTS": "0", **env, "GUNICORN_BIND": f"127.0.0.1:{port}",
                       "GUNICORN_WORKERS": str(workers)},
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
    )
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/health/live", timeout=1).read()
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError("gunicorn did not come up:\n" + process.stderr.read().decode())
        yield process
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
