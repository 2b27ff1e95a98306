"""The visitor's address: the one answer that the rate limits (core.ratelimit), the sign-in lockout (django-axes,
through AXES_CLIENT_IP_CALLABLE) and the gunicorn access log (core.logs) all use.

`PROXY_COUNT` is the number of reverse proxies the site's operators put in front of the app. Each appends the
address it received the request from to X-Forwarded-For, so the visitor is the PROXY_COUNT-th entry from the right;
everything to the left of it was written by the visitor and proves nothing. With PROXY_COUNT=0 the header is not
read at all: the peer of the connection is the visitor. A request whose header has fewer entries than that did not
come through every proxy (a health check on the host, say) and counts as its peer.

python-ipware does the parsing (IPv6, ports, garbage entries) and the counting from the right. Its own notion of
a proxy count leaves out the proxy that connects to the app, hence `PROXY_COUNT - 1`, and it is told to read that
one header only: its default list of headers (X-Real-IP, CF-Connecting-IP, ...) can be forged by any visitor.
"""

from django.conf import settings
from python_ipware import IpWare


def address(meta):
    """The visitor's address from a WSGI environ or `request.META`."""
    proxies = settings.PROXY_COUNT
    if proxies:
        ip, _trusted_route = IpWare(precedence=("HTTP_X_FORWARDED_FOR",), proxy_count=proxies - 1).get_client_ip(
            meta, strict=False
        )
        if ip is not None:
            return str(ip)
    return meta.get("REMOTE_ADDR", "")


def client_ip(request):
    """The visitor's address of a Django request (django-axes calls this too)."""
    return address(request.META)
