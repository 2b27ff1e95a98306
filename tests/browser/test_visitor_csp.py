"""The JSON-LD in the head is data, not script: the public Content-Security-Policy (no inline script) lets it be,
and the browser reports no violation (headless Chromium)."""

import pytest

from devtools.demo import cms as demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_json_ld_raises_no_csp_violation(live_server, page):
    demo.build(lambda message: None)
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    for url in ("/", "/nyheder/hvad-er-peer-stoette/"):
        response = page.goto(live_server.url + url)
        assert "script-src" in response.headers.get("content-security-policy", "")
        assert page.locator('script[type="application/ld+json"]').count() >= 1
    assert [m for m in messages if "Content Security Policy" in m or "Refused" in m] == []
