"""Link tokens never reach a log line (core.logs); tests/core/test_served.py shows it for gunicorn's logs end to end."""

import logging

import pytest

from core.logs import RedactTokens, redact_path
from workflows.meetings import links as meeting_links
from workflows.models import MeetingSignup, Registration
from workflows.registration import links

STATUS = links.status_token(Registration(pk=7))
CANCEL = meeting_links.cancel_url(MeetingSignup(pk=8)).rsplit("/", 2)[1]


@pytest.mark.parametrize(("text", "expected"), [
    (f"/forloeb/status/{STATUS}/", "/forloeb/status/[redacted]/"),
    (f"/forloeb/status/{STATUS}", "/forloeb/status/[redacted]"),
    (f"/forloeb/status/{STATUS}/afmeld/?x=1", "/forloeb/status/[redacted]/afmeld/?x=1"),
    (f"/forloeb/moeder/afmeld/{CANCEL}/", "/forloeb/moeder/afmeld/[redacted]/"),
    ("/forloeb/jeres/link/AbC-_x/", "/forloeb/jeres/link/[redacted]/"),
    ("/forloeb/evaluering/Qw3-_anonymous/", "/forloeb/evaluering/[redacted]/"),
    ("/nyhedsbrev/bekraeft/abc123XYZ/", "/nyhedsbrev/bekraeft/[redacted]/"),
    ("/nyhedsbrev/afmeld/abc123XYZ/", "/nyhedsbrev/afmeld/[redacted]/"),
    ("/medarbejderkalender/Zx9-_token.ics", "/medarbejderkalender/[redacted]"),
    ("/forloeb/status/abc/kalender/opstart.ics", "/forloeb/status/[redacted]/kalender/opstart.ics"),
    (f'GET /forloeb/status/{STATUS}/kontakt/ HTTP/1.1" 302 "https://peer.example.dk/forloeb/status/{STATUS}/"',
     'GET /forloeb/status/[redacted]/kontakt/ HTTP/1.1" 302 "https://peer.example.dk/forloeb/status/[redacted]/"'),
    ("/forloeb/moeder/12/tilmeld/", "/forloeb/moeder/12/tilmeld/"),
    ("/forloeb/peer-raadgivning/tilmelding/", "/forloeb/peer-raadgivning/tilmelding/"),
])
def test_redact_path(text, expected):
    assert redact_path(text) == expected


def test_log_records_are_redacted_whatever_their_arguments():
    record = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "Not Found: %s", (
        f"/forloeb/status/{STATUS}/",), None)
    assert RedactTokens().filter(record)
    assert record.getMessage() == "Not Found: /forloeb/status/[redacted]/"
    untouched = logging.LogRecord("x", logging.INFO, __file__, 1, "%(n)d%% done", ({"n": 5},), None)
    RedactTokens().filter(untouched)
    assert untouched.getMessage() == "5% done"
