"""A small closed-loop HTTP load generator: N client processes, each on one keep-alive connection.

Used when `wrk` is not installed, and always for POST workloads. Prints nothing; returns figures.
`register()` is the registration form as a municipality's browser fills it in (the benchmark and the reliability
tests both use it).
"""

import http.client
import multiprocessing
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests


@dataclass
class Result:
    requests: int
    errors: int
    seconds: float
    latencies_ms: list

    @property
    def rps(self):
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, q):
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(q / 100 * len(ordered)))]


def _client(url, seconds, make_request, client_index, queue):
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    latencies, errors, count, n = [], 0, 0, 0
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        method, path, body, headers = make_request(client_index, n)
        n += 1
        started = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            response.read()
            if response.status >= 500 or (method == "GET" and response.status >= 400):
                errors += 1
            if response.getheader("Connection", "").lower() == "close":
                connection.close()
        except (OSError, http.client.HTTPException):
            errors += 1
            connection.close()
            connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        latencies.append((time.perf_counter() - started) * 1000)
        count += 1
    queue.put((count, errors, latencies))


def get(path, headers=None):
    def make_request(client_index, n):
        return "GET", path, None, headers

    return make_request


def run(base_url, make_request, *, clients, seconds):
    """Drive `make_request(client_index, n) -> (method, path, body, headers)` from `clients` processes."""
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    processes = [
        context.Process(target=_client, args=(base_url, seconds, make_request, index, queue))
        for index in range(clients)
    ]
    started = time.perf_counter()
    for process in processes:
        process.start()
    results = [queue.get() for _ in processes]
    for process in processes:
        process.join()
    elapsed = time.perf_counter() - started
    latencies = [latency for _, _, chunk in results for latency in chunk]
    return Result(sum(r[0] for r in results), sum(r[1] for r in results), elapsed, latencies)


def register(base, slug, cohort, municipality_pk, code, session=None):
    """One municipality registers as a browser does: GET the form (CSRF cookie), then POST it. True when the
    thank-you page came back. A `session` that has loaded the form before only POSTs: the CSRF cookie's secret is a
    valid form token."""
    session = session or requests.Session()
    url = f"{base}/forloeb/{slug}/tilmelding/"
    if "csrftoken" not in session.cookies:
        session.get(url, timeout=30).raise_for_status()
    data = {
        "csrfmiddlewaretoken": session.cookies["csrftoken"], "cohort": cohort, "municipality": municipality_pk,
        "contact_name": "Kontakt Person", "contact_email": f"peer@{code}.example.dk", "contact_phone": "12345678",
        "manager_name": "Leder Person", "manager_title": "Socialchef", "manager_email": f"chef@{code}.example.dk",
        "peer_experience": "some", "peer_experience_details": "Frivillige peers.", "work_areas": ["drop_in"],
        "motivation": "Vi vil arbejde systematisk med peers i socialpsykiatrien.", "expected_participants": 10,
        "consent": "on",
    }
    response = session.post(url, data=data, headers={"Referer": url}, timeout=30)
    return response.status_code == 200 and "Tak for jeres tilmelding" in response.text
