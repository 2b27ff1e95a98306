#!/usr/bin/env python3
"""Replay the slow-body attack against a proxy on this machine, and say how many health checks still answered.

A few connections each POST a form body of 100 kB, 10 bytes every 3 seconds. A proxy that hands the request to
gunicorn before the body is in leaves a gunicorn worker waiting on every such connection (a sync worker serves one
request at a time), and health checks time out once every worker waits. A proxy that reads the whole body first
(nginx does; the Caddyfile says `request_buffers`) keeps gunicorn free. Meanwhile this script asks the health
address every few seconds, on a new connection each time, and counts the answers that came in time.

    python3 deploy/slow_body_check.py http://127.0.0.1:8080
    python3 deploy/slow_body_check.py https://127.0.0.1 --host peer.example.dk --insecure --connections 12

It only talks to loopback addresses (127.0.0.0/8, ::1), never opens more than 50 connections at a time, and sends
health checks for at most 10 minutes (--duration; starting and stopping add at most 15 seconds and one health-check
timeout). Standard library only. Exit status 0 when every health check answered, 1 when some did not, 2 when
it could not run.
"""

import argparse
import http.client
import ipaddress
import json
import select
import socket
import ssl
import sys
import threading
import time
from urllib.parse import urlsplit

MAX_CONNECTIONS = 50
MAX_SECONDS = 600
MAX_BODY_BYTES = 10 * 1024 * 1024


class Refused(Exception):
    pass


def loopback_only(host, port):
    """Refuse any target that is not on this machine: every address the name resolves to must be loopback."""
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)}
    except OSError as error:
        raise Refused(f"{host} does not resolve: {error}") from None
    strangers = sorted(a for a in addresses if not ipaddress.ip_address(a.split("%")[0]).is_loopback)
    if not addresses or strangers:
        raise Refused(f"{host} is not a loopback address ({', '.join(strangers)}); this check runs on loopback only")


class Target:
    def __init__(self, url, host_header, insecure):
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise Refused(f"{url} is not an http:// or https:// address")
        self.https = parts.scheme == "https"
        self.address = parts.hostname
        self.port = parts.port or (443 if self.https else 80)
        loopback_only(self.address, self.port)
        default_port = self.port == (443 if self.https else 80)
        self.host = host_header or (parts.hostname if default_port else f"{parts.hostname}:{self.port}")
        self.context = None
        if self.https:
            self.context = ssl.create_default_context()
            if insecure:
                self.context.check_hostname = False
                self.context.verify_mode = ssl.CERT_NONE

    def connect(self, timeout):
        sock = socket.create_connection((self.address, self.port), timeout=timeout)
        if self.context:
            sock = self.context.wrap_socket(sock, server_hostname=self.host.rsplit(":", 1)[0])
        return sock

    def get(self, path, timeout):
        """The status of GET `path` on a new connection, or raise OSError / http.client errors."""
        connection = http.client.HTTPConnection(self.address, self.port, timeout=timeout)
        try:
            connection.sock = self.connect(timeout)  # TLS with the Host header as server name, as the slow ones
            connection.request("GET", path, headers={"Host": self.host, "Connection": "close"})
            response = connection.getresponse()
            response.read()
            return response.status
        finally:
            connection.close()


class SlowBody(threading.Thread):
    """One connection that POSTs `size` bytes, `chunk` bytes every `every` seconds, until `stop` is set."""

    def __init__(self, target, path, size, chunk, every, stop):
        super().__init__(daemon=True)
        self.target, self.path, self.size, self.chunk, self.every, self.stop = target, path, size, chunk, every, stop
        self.sent = 0
        self.outcome = "not connected"
        self.connected = threading.Event()

    def run(self):
        try:
            sock = self.target.connect(timeout=10)
        except OSError as error:
            self.outcome = f"could not connect: {error}"
            self.connected.set()
            return
        try:
            head = (f"POST {self.path} HTTP/1.1\r\nHost: {self.target.host}\r\n"
                    "Content-Type: application/x-www-form-urlencoded\r\n"
                    f"Content-Length: {self.size}\r\nConnection: close\r\n\r\n")
            sock.sendall(head.encode("ascii"))
            self.outcome = "sending"
            self.connected.set()
            body = b"email=" + b"a" * (self.size - len(b"email="))
            started = time.monotonic()
            while self.sent < self.size and not self.stop.wait(self.every):
                ended = self.ended_by_server(sock)
                if ended:
                    self.outcome = f"{ended} (seen after {time.monotonic() - started:.0f} s)"
                    return
                piece = body[self.sent:self.sent + self.chunk]
                sock.sendall(piece)
                self.sent += len(piece)
            self.outcome = "sending" if self.sent < self.size else "body complete"
        except OSError:
            self.outcome = "cut off by the server"
        finally:
            self.connected.set()
            sock.close()


    @staticmethod
    def ended_by_server(sock):
        """What the server did if it gave up on this request (an answer such as 408, or closing), else None."""
        if not select.select([sock], [], [], 0)[0]:
            return None
        sock.setblocking(False)
        try:
            data = sock.recv(64)
        except (ssl.SSLWantReadError, BlockingIOError):  # TLS housekeeping (a session ticket), no answer yet
            return None
        finally:
            sock.settimeout(10)
        if data.startswith(b"HTTP/"):
            return "answered " + data.split(b" ", 2)[1].decode("ascii", "replace") + " by the server"
        return "cut off by the server"


def run(target, args):
    stop = threading.Event()
    slow = [SlowBody(target, args.path, args.body_bytes, args.chunk_bytes, args.every, stop)
            for _ in range(args.connections)]
    for client in slow:
        client.start()
    deadline = time.monotonic() + 10
    for client in slow:
        client.connected.wait(timeout=max(0.0, deadline - time.monotonic()))
    time.sleep(min(args.every, 2))  # the requests reach the app before the first health check

    checks = []
    started = time.monotonic()
    while time.monotonic() - started < args.duration:
        asked = time.monotonic()
        try:
            status = target.get(args.health_path, timeout=args.health_timeout)
        except (OSError, http.client.HTTPException) as error:
            status = type(error).__name__
        took = time.monotonic() - asked
        checks.append({"at": round(asked - started, 1), "status": status, "seconds": round(took, 3)})
        time.sleep(max(0.0, args.health_every - took))
    stop.set()
    deadline = time.monotonic() + 5
    for client in slow:
        client.join(timeout=max(0.0, deadline - time.monotonic()))

    answered = [check for check in checks if check["status"] == 200]
    outcomes = {}
    for client in slow:
        outcomes[client.outcome] = outcomes.get(client.outcome, 0) + 1
    return {
        "target": f"{'https' if target.https else 'http'}://{target.address}:{target.port}",
        "health_checks": len(checks),
        "answered": len(answered),
        "slowest_answer_seconds": max((check["seconds"] for check in answered), default=None),
        "slow_connections": outcomes,
        "checks": checks,
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url", help="the proxy, e.g. http://127.0.0.1:8080 (loopback only)")
    parser.add_argument("--host", help="Host header (and TLS server name), e.g. peer.example.dk")
    parser.add_argument("--insecure", action="store_true", help="https: accept any certificate")
    parser.add_argument("--path", default="/nyhedsbrev/", help="where to POST the slow bodies (a form that reads them)")
    parser.add_argument("--connections", type=int, default=6)
    parser.add_argument("--body-bytes", type=int, default=100_000)
    parser.add_argument("--chunk-bytes", type=int, default=10)
    parser.add_argument("--every", type=float, default=3.0, help="seconds between two pieces of a body")
    parser.add_argument("--duration", type=float, default=30.0, help="seconds of health checks")
    parser.add_argument("--health-path", default="/health/live")
    parser.add_argument("--health-every", type=float, default=2.0)
    parser.add_argument("--health-timeout", type=float, default=5.0, help="an answer later than this is missed")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args(argv)

    if not 1 <= args.connections <= MAX_CONNECTIONS:
        parser.error(f"--connections must be 1 to {MAX_CONNECTIONS}")
    if not 0 < args.duration <= MAX_SECONDS or not 0 < args.every <= 60 or not 0 < args.health_every <= 60:
        parser.error(f"--duration must be at most {MAX_SECONDS} s, --every and --health-every at most 60 s")
    if not 16 <= args.body_bytes <= MAX_BODY_BYTES or not 1 <= args.chunk_bytes <= args.body_bytes:
        parser.error(f"--body-bytes must be 16 to {MAX_BODY_BYTES}, --chunk-bytes at most --body-bytes")
    if not 0 < args.health_timeout <= 60:
        parser.error("--health-timeout must be at most 60 s")

    try:
        target = Target(args.url, args.host, args.insecure)
    except Refused as error:
        print(f"refused: {error}", file=sys.stderr)
        return 2
    result = run(target, args)
    if args.json:
        print(json.dumps(result))
    else:
        slowest = result["slowest_answer_seconds"]
        print(f"{result['target']}: {args.connections} connections each sending {args.body_bytes} bytes, "
              f"{args.chunk_bytes} every {args.every:g} s, to {args.path}")
        print(f"health checks answered within {args.health_timeout:g} s: {result['answered']} of "
              f"{result['health_checks']}" + (f" (slowest {slowest:.2f} s)" if slowest is not None else ""))
        print("slow connections at the end: " + ", ".join(f"{n} {what}" for what, n in
                                                         sorted(result["slow_connections"].items())))
        for check in result["checks"]:
            if check["status"] != 200:
                print(f"  missed at {check['at']:.1f} s: {check['status']} after {check['seconds']:.1f} s")
    return 0 if result["answered"] == result["health_checks"] else 1


if __name__ == "__main__":
    sys.exit(main())
