"""The Wagtail Site record follows BASE_URL (settings.WAGTAILADMIN_BASE_URL).

Wagtail builds every absolute page address (canonical links, the sitemap, the RSS feed) from the default Site's
hostname and port, not from the request. Its initial Site says `localhost:80`, so without this every one of them
pointed at http://localhost/. `manage.py set_site_url` (operators, after changing BASE_URL) and `load_demo` (every
`make run`) call `point_default_site_at_base_url`.
"""

from urllib.parse import urlsplit

from django.conf import settings
from wagtail.models import Site

DEFAULT_PORTS = {"http": 80, "https": 443}


def site_address(base_url):
    """(hostname, port) of the Site that serves `base_url`.

    Wagtail derives the scheme from the port (443 is https, any other port http), so an https address on another
    port, or http on 443, cannot be represented; those raise ValueError rather than give the Site a wrong scheme.
    """
    parts = urlsplit(base_url)
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        raise ValueError(f"{base_url!r} is not an http:// or https:// address")
    port = parts.port or DEFAULT_PORTS[parts.scheme]
    if (parts.scheme == "https") != (port == 443):
        raise ValueError(f"{base_url!r}: Wagtail serves https on port 443 only, and http on any other port")
    return parts.hostname, port


def point_default_site_at_base_url():
    """Give the default Site BASE_URL's host and port; returns the Site and whether it changed."""
    hostname, port = site_address(settings.WAGTAILADMIN_BASE_URL)
    site = Site.objects.get(is_default_site=True)
    if (site.hostname, site.port) == (hostname, port):
        return site, False
    site.hostname, site.port = hostname, port
    site.save(update_fields=["hostname", "port"])
    return site, True
