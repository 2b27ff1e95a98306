"""A stand-in for an email provider's HTTP API on localhost (Postmark's /email endpoint)."""

import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakePostmark:
    def __init__(self):
        self.received = []
        self.server = None
        self.port = None
        # While `hanging` is set, a request is never answered nor accepted: `hung` tells that one arrived.
        self.hanging = threading.Event()
        self.hung = threading.Event()

    def start(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                if fake.hanging.is_set():
                    fake.hung.set()
                    while fake.hanging.is_set():
                        time.sleep(0.05)
                    return
                message_id = str(uuid.uuid4())
                token = self.headers.get("X-Postmark-Server-Token")
                fake.received.append({**body, "MessageID": message_id, "token": token})
                payload = json.dumps(
                    {"To": body["To"], "SubmittedAt": "2026-11-23T10:00:00Z", "MessageID": message_id,
                     "ErrorCode": 0, "Message": "OK"}
                ).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port or 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    @property
    def api_url(self):
        return f"http://127.0.0.1:{self.port}/"

    def environment(self):
        """The variables that make an app process (production settings) send its email here."""
        return {"EMAIL_PROVIDER": "postmark", "ANYMAIL_POSTMARK_SERVER_TOKEN": "test-token",
                "ANYMAIL_POSTMARK_API_URL": self.api_url, "ANYMAIL_WEBHOOK_SECRET": "hook:secret"}
