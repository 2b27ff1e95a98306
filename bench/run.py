"""`make bench`: measure the app under gunicorn (2 workers) on PostgreSQL with production settings.

One run, three phases on one database, each against a fresh gunicorn and each with its own measurement of a
minimal Django view served by that same gunicorn (the yardstick every ratio is taken against):

1. **small dataset** (10 news items, 10 processes), page cache off: SQL queries of every page, and the staff
   workspace's requests/s (task lists, archive, case list, case page, task screen, the coordinators' results), to
   compare with the large set; the public pages include one with the CMS "results" block (its figures, from the
   municipalities' self-assessments, stay in the shared cache with the page cache off too), measured like the others;
   the municipality's workspace ("Jeres forløb": a demo case's plan and an open task, as its contact person) is
   measured with every phase's pages, never cached;
2. **large dataset** (1,000 news items, 200 publications, 98 registered municipalities in 4 cohorts, 10,000 finished
   and 500 active processes), page cache off: every request renders from the database; then registration
   submissions with 16 concurrent clients and the over-booking count;
3. **large dataset, steady state**: the page cache on (Redis when one answers on 127.0.0.1:6379, else files),
   warm; then a news item is published and the news index must show it at once.

It prints one table with the targets of the performance issue beside the figures, and the resident memory per
gunicorn worker. The load comes from wrk when installed (from another process on loopback), else from
bench/load.py.

Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/peer_bench), BENCH_PORT (8765),
BENCH_REDIS_URL (redis://127.0.0.1:6379/15, flushed; "" for the file cache), QUICK=1 for a smaller dataset and
shorter runs, BENCH_SECONDS, BENCH_CLIENTS.
"""

import json
import os
import queue
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import psycopg2
import requests
from psycopg2 import sql

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import load, server  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PORT = int(os.environ.get("BENCH_PORT", "8765"))
BASE = f"http://127.0.0.1:{PORT}"
QUICK = os.environ.get("QUICK") == "1"
SECONDS = float(os.environ.get("BENCH_SECONDS", "3" if QUICK else "8"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "8"))
SUBMIT_CLIENTS = 16
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/peer_bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")

# The performance issue's targets: ratio to the minimal view with the page cache off and in steady state.
TARGETS = {  # kind: (no cache, steady state)
    "page": (0.1, 0.8),
    "search": (0.1, 0.1),
    "form": (0.2, 0.2),
    "status": (0.1, 0.1),
    "staff": (0.05, 0.05),
    # The municipality's workspace ("Jeres forløb": its plan and a task, signed in, never cached): issue 19, no
    # slower than the status page was when it was added.
    "workspace": (0.06, 0.06),
}
PUBLIC_QUERY_BUDGET = 15
STAFF_SCALE_LIMIT = 1.2  # staff pages: at most 1.2x slower with the large dataset than with the small one
SUBMISSIONS_TARGET = 50


def recreate_database(url):
    name = url.rsplit("/", 1)[1]
    admin = psycopg2.connect(url.rsplit("/", 1)[0] + "/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    admin.close()


def redis_cache_url():
    """The production shape: a Redis page cache. Falls back to the file cache when no Redis answers."""
    if not REDIS_URL:
        return None
    parts = urlsplit(REDIS_URL)
    try:
        socket.create_connection((parts.hostname, parts.port or 6379), timeout=1).close()
    except OSError:
        return None
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    return REDIS_URL


def manage(env, *args, capture=False):
    return subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, text=True,
        stdout=subprocess.PIPE if capture else None,
    ).stdout


def seed(env, size, *extra):
    output = manage(env, "bench_seed", "--size", size, *extra, capture=True)
    # Fresh planner statistics, as autovacuum keeps them on a database in use: without them PostgreSQL plans the
    # just-seeded tables as if they were empty.
    connection = psycopg2.connect(DATABASE_URL)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    connection.close()
    return json.loads(output.strip().splitlines()[-1])


def gunicorn(env):
    return server.gunicorn(env, PORT)


def fetch(path, headers=None):
    request = urllib.request.Request(BASE + path, headers=headers or {})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.headers, response.read().decode()


def queries_for(path, headers):
    """SQL queries of a request to a warm worker: each gunicorn worker fills its own per-process caches (content
    types, for one) and the first visit makes image renditions, so the fewest of a few readings."""
    return min(int(fetch(path, headers)[0].get("X-DB-Queries", "-1")) for _ in range(4))


def measure_get(path, headers):
    """Requests/s and p50/p99 latency (ms) for one URL: wrk when installed (less client overhead), else bench.load."""
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
        return {"rps": rps, "p50": _ms(latency["50%"]), "p99": _ms(latency["99%"]), "errors": errors}
    result = load.run(BASE, load.get(path, headers), clients=CLIENTS, seconds=SECONDS)
    return {"rps": result.rps, "p50": result.percentile(50), "p99": result.percentile(99), "errors": result.errors}


def _ms(text):
    for unit, factor in (("us", 0.001), ("ms", 1), ("s", 1000)):
        if text.endswith(unit):
            return float(text[: -len(unit)]) * factor
    return float(text)


def submit_registrations(env, plan):
    """Every municipality registers for each load programme, from 16 clients at once. Each client loads the form
    once (its CSRF cookie), then only submits: the figure is submissions (POSTs) per second."""
    jobs = [(programme, pk, code) for programme in plan["load_programmes"] for pk, code in plan["municipalities"]]
    sessions = queue.SimpleQueue()
    for _ in range(SUBMIT_CLIENTS):
        session = requests.Session()
        session.get(f"{BASE}/forloeb/{jobs[0][0]['slug']}/tilmelding/", timeout=30).raise_for_status()
        sessions.put(session)

    def submit(job):
        programme, pk, code = job
        session = sessions.get()
        try:
            return load.register(BASE, programme["slug"], programme["cohort"], pk, code, session)
        finally:
            sessions.put(session)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=SUBMIT_CLIENTS) as pool:
        accepted = sum(pool.map(submit, jobs))
    elapsed = time.perf_counter() - started
    overbooked = 0
    with psycopg2.connect(DATABASE_URL) as db, db.cursor() as cursor:
        for programme in plan["load_programmes"]:
            cursor.execute(
                "SELECT count(*) FROM workflows_registration r JOIN workflows_programme p ON p.id = r.programme_id "
                "WHERE p.slug = %s AND r.seat IN ('seated', 'offered')", [programme["slug"]])
            overbooked += max(cursor.fetchone()[0] - programme["capacity"], 0)
    db.close()
    return {"submitted": len(jobs), "accepted": accepted, "seconds": elapsed, "rate": len(jobs) / elapsed,
            "overbooked": overbooked}


def worker_rss_mb(master_pid):
    rss = []
    for child in Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split():
        status = Path(f"/proc/{child}/status").read_text()
        kb = int(next(line for line in status.splitlines() if line.startswith("VmRSS")).split()[1])
        rss.append(kb / 1024)
    return rss


def check_invalidation(env, news_index_path):
    """Publish a news item as an editor would, then ask for the (cached) news index: it must be there at once."""
    title = f"Benchmark publish check {time.time_ns()}"
    manage(env, "shell", "-c", (
        "import datetime; from devtools.factories.cms import NewsArticlePageFactory; "
        "from cms.models import NewsArticlePage, NewsIndexPage; "
        "newest = NewsArticlePage.objects.order_by('-date').values_list('date', flat=True).first(); "
        f"page = NewsArticlePageFactory(parent=NewsIndexPage.objects.get(), title={title!r}, live=False, "
        "date=newest + datetime.timedelta(days=1)); page.save_revision().publish()"))
    return title in fetch(news_index_path)[1]


def main():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.bench", "DATABASE_URL": DATABASE_URL}
    env.pop("CACHE_URL", None)
    uncached = {**env, "PAGE_CACHE_SECONDS": "0"}
    print(f"==> Fresh database {DATABASE_URL}", flush=True)
    recreate_database(DATABASE_URL)
    manage(env, "migrate", "--noinput", "-v0")

    print("==> Phase 1: small dataset, page cache off", flush=True)
    small_plan = seed(env, "small")
    small = {}
    with gunicorn(uncached):
        small_minimal = measure_get("/bench/minimal", {})["rps"]
        for name, path, headers, kind in small_plan["pages"]:
            small[name] = {"queries": queries_for(path, headers)}
            if kind == "staff":
                small[name].update(measure_get(path, headers))

    size = "quick" if QUICK else "full"
    print(f"==> Seeding the {size} dataset", flush=True)
    plan = seed(env, size, "--load-programmes", "1" if QUICK else "3")

    print("==> Phase 2: large dataset, page cache off", flush=True)
    cold = {}
    with gunicorn(uncached) as server:
        cold_minimal = measure_get("/bench/minimal", {})["rps"]
        for name, path, headers, _kind in plan["pages"]:
            cold[name] = {"queries": queries_for(path, headers), **measure_get(path, headers)}
            print(f"    measured {name}", flush=True)
        submissions = submit_registrations(env, plan)
        cold_rss = worker_rss_mb(server.pid)

    cache_url = redis_cache_url()
    cached_env = {**env, "PAGE_CACHE_SECONDS": "300", **({"CACHE_URL": cache_url} if cache_url else {})}
    print(f"==> Phase 3: large dataset, steady state (page cache in {cache_url or 'files under var/'})", flush=True)
    warm = {}
    with gunicorn(cached_env) as server:
        warm_minimal = measure_get("/bench/minimal", {})["rps"]
        for name, path, headers, kind in plan["pages"]:
            if kind in ("page", "search"):
                warm[name] = measure_get(path, headers)
                print(f"    measured {name}", flush=True)
        news_index = next(path for name, path, _h, _k in plan["pages"] if name == "news index, page 1")
        invalidated = check_invalidation(cached_env, news_index)
        warm_rss = worker_rss_mb(server.pid)

    report(plan, small, small_minimal, cold, cold_minimal, warm, warm_minimal, submissions, invalidated,
           cold_rss, warm_rss)


def report(plan, small, small_minimal, cold, cold_minimal, warm, warm_minimal, submissions, invalidated,
           cold_rss, warm_rss):
    print(f"\nMinimal Django view (same gunicorn, 2 workers): {small_minimal:.0f} req/s in phase 1, "
          f"{cold_minimal:.0f} in phase 2, {warm_minimal:.0f} in phase 3. Ratios are to the same phase's figure.\n")
    header = (f"{'page':<22} {'queries':>9}  {'page cache off':^28}  {'steady state':^28}  {'targets':<22}\n"
              f"{'':<22} {'10/large':>9}  {'req/s':>7} {'ratio':>6} {'p50':>6} {'p99':>6}  "
              f"{'req/s':>7} {'ratio':>6} {'p50':>6} {'p99':>6}  {'':<22}")
    print(header)
    misses = []
    for name, _path, _headers, kind in plan["pages"]:
        row, off_target, on_target = cold[name], *TARGETS[kind]
        off_ratio = row["rps"] / cold_minimal
        steady = warm.get(name)
        steady_ratio = steady["rps"] / warm_minimal if steady else None
        checks = [(off_ratio >= off_target, f"off>={off_target}")]
        if steady:
            checks.append((steady_ratio >= on_target, f"steady>={on_target}"))
        if kind not in ("staff", "workspace"):  # the signed-in pages hold their counts in tests/*/test_queries.py
            checks.append((row["queries"] <= PUBLIC_QUERY_BUDGET, f"q<={PUBLIC_QUERY_BUDGET}"))
        checks.append((row["queries"] <= small[name]["queries"], "q constant"))
        if kind == "staff":
            slowdown = small[name]["rps"] / row["rps"]
            checks.append((slowdown <= STAFF_SCALE_LIMIT, f"{slowdown:.2f}x of small<={STAFF_SCALE_LIMIT}"))
        failed = [label for ok, label in checks if not ok]
        misses += [f"{name}: {label}" for label in failed]
        steady_cells = (f"{steady['rps']:>7.0f} {steady_ratio:>6.2f} {steady['p50']:>6.1f} {steady['p99']:>6.1f}"
                        if steady else f"{'-':>7} {'':>6} {'':>6} {'':>6}")
        errors = row["errors"] + (steady["errors"] if steady else 0)
        print(f"{name:<22} {small[name]['queries']:>4}/{row['queries']:<4}  {row['rps']:>7.0f} {off_ratio:>6.2f} "
              f"{row['p50']:>6.1f} {row['p99']:>6.1f}  {steady_cells}  "
              f"{'ok' if not failed else 'MISSED ' + ', '.join(failed)}{f'  ({errors} errors)' if errors else ''}")
    print("\n(p50/p99 in ms; staff pages with 10 finished processes: "
          + ", ".join(f"{name} {small[name]['rps']:.0f} req/s" for name, *_r, kind in plan["pages"] if kind == "staff")
          + ")")
    print(f"\nRegistration submissions (POST), {SUBMIT_CLIENTS} concurrent clients: "
          f"{submissions['submitted']} in {submissions['seconds']:.1f}s = {submissions['rate']:.0f}/s, "
          f"{submissions['accepted']} accepted, over-bookings {submissions['overbooked']} "
          f"(target >= {SUBMISSIONS_TARGET}/s, 0 over-bookings)")
    if submissions["rate"] < SUBMISSIONS_TARGET or submissions["overbooked"]:
        misses.append("registration submissions")
    print(f"Publishing a news item with the page cache warm: the news index showed it at once: "
          f"{'yes' if invalidated else 'NO'}")
    if not invalidated:
        misses.append("invalidation on publish")
    print("Resident memory per gunicorn worker: "
          f"{', '.join(f'{mb:.0f} MB' for mb in cold_rss)} (page cache off), "
          f"{', '.join(f'{mb:.0f} MB' for mb in warm_rss)} (steady state)")
    print("\nAll targets met." if not misses else f"\nTargets missed ({len(misses)}): " + "; ".join(misses))


if __name__ == "__main__":
    main()
