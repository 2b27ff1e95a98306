"""`make bench`: measure the app under gunicorn on PostgreSQL with production settings.

1. creates a fresh PostgreSQL database, migrates and seeds it (`manage.py bench_seed`), which prints the URLs to
   measure as JSON;
2. starts gunicorn (2 workers) on loopback;
3. drives each URL from separate client processes and, side by side in the same run, the minimal Django view;
4. prints one table: requests/s, the ratio to the minimal view, p50/p99 latency, SQL queries per request;
   then POST workloads, and the resident memory of each gunicorn worker.

Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/peer_bench), QUICK=1 for a small
dataset and short runs, BENCH_SECONDS, BENCH_CLIENTS.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psycopg2
from psycopg2 import sql

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import load  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PORT = int(os.environ.get("BENCH_PORT", "8765"))
BASE = f"http://127.0.0.1:{PORT}"
QUICK = os.environ.get("QUICK") == "1"
SECONDS = float(os.environ.get("BENCH_SECONDS", "3" if QUICK else "8"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "8"))
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/peer_bench")


def recreate_database(url):
    name = url.rsplit("/", 1)[1]
    admin = psycopg2.connect(url.rsplit("/", 1)[0] + "/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    admin.close()


def manage(env, *args, capture=False):
    return subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, text=True,
        stdout=subprocess.PIPE if capture else None,
    ).stdout


def start_gunicorn(env):
    process = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "--config", "deploy/gunicorn.conf.py", "config.wsgi:application"],
        cwd=ROOT, env={**env, "GUNICORN_BIND": f"127.0.0.1:{PORT}", "GUNICORN_WORKERS": "2"},
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(BASE + "/health/live", timeout=1).read()
            return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("gunicorn did not come up:\n" + process.stderr.read().decode())


def queries_for(path, headers):
    request = urllib.request.Request(BASE + path, headers=headers)
    with urllib.request.urlopen(request, timeout=30) as response:
        return int(response.headers.get("X-DB-Queries", "-1"))


def measure_get(path, headers):
    """Requests/s and latency for one URL: wrk when installed (less client overhead), else bench.load."""
    load.run(BASE, load.get(path, headers), clients=2, seconds=0.5)  # warm up caches and connections
    if shutil.which("wrk"):
        header_args = [arg for name, value in headers.items() for arg in ("-H", f"{name}: {value}")]
        out = subprocess.run(
            ["wrk", "-t2", f"-c{CLIENTS}", f"-d{max(1, int(SECONDS))}s", "--latency", *header_args, BASE + path],
            capture_output=True, text=True, check=True,
        ).stdout
        rps = float(out.split("Requests/sec:")[1].split()[0])
        latency = {line.split()[0]: line.split()[1] for line in out.splitlines() if line.strip()[:3] in {"50%", "99%"}}
        errors = int(out.split("Non-2xx or 3xx responses:")[1].split()[0]) if "Non-2xx" in out else 0
        return rps, _ms(latency["50%"]), _ms(latency["99%"]), errors
    result = load.run(BASE, load.get(path, headers), clients=CLIENTS, seconds=SECONDS)
    return result.rps, result.percentile(50), result.percentile(99), result.errors


def _ms(text):
    for unit, factor in (("us", 0.001), ("ms", 1), ("s", 1000)):
        if text.endswith(unit):
            return float(text[: -len(unit)]) * factor
    return float(text)


def worker_rss_mb(master_pid):
    rss = []
    for child in Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split():
        status = Path(f"/proc/{child}/status").read_text()
        kb = int(next(line for line in status.splitlines() if line.startswith("VmRSS")).split()[1])
        rss.append(kb / 1024)
    return rss


def main():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.bench", "DATABASE_URL": DATABASE_URL}
    print(f"==> Fresh database {DATABASE_URL}", flush=True)
    recreate_database(DATABASE_URL)
    manage(env, "migrate", "--noinput", "-v0")
    print("==> Seeding" + (" (QUICK)" if QUICK else ""), flush=True)
    plan = json.loads(manage(env, "bench_seed", *(["--quick"] if QUICK else []), capture=True).strip().splitlines()[-1])
    gunicorn = start_gunicorn(env)
    try:
        rows = []
        minimal_rps = None
        for name, path, headers in [("minimal Django view", "/bench/minimal", {}), *plan["pages"]]:
            rps, p50, p99, errors = measure_get(path, headers)
            minimal_rps = minimal_rps or rps
            rows.append((name, path, rps, rps / minimal_rps, p50, p99, queries_for(path, headers), errors))
            print(f"    measured {name}", flush=True)
        print()
        print(f"{'page':<34} {'req/s':>8} {'ratio':>6} {'p50 ms':>8} {'p99 ms':>8} {'queries':>7} {'errors':>6}")
        for name, _path, rps, ratio, p50, p99, queries, errors in rows:
            print(f"{name:<34} {rps:>8.0f} {ratio:>6.2f} {p50:>8.1f} {p99:>8.1f} {queries:>7} {errors:>6}")
        rss = worker_rss_mb(gunicorn.pid)
        print(f"\nresident memory per gunicorn worker: {', '.join(f'{mb:.0f} MB' for mb in rss)}")
    finally:
        os.killpg(gunicorn.pid, signal.SIGTERM)
        gunicorn.wait(timeout=30)


if __name__ == "__main__":
    main()
