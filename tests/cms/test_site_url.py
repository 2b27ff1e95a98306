"""The Site record follows BASE_URL, so canonical links, the sitemap and the RSS feed carry the site's real address
(not Wagtail's initial `localhost:80`)."""

import io
import re
import xml.etree.ElementTree as ET

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Site

from cms.models import NewsArticlePage
from devtools.demo import cms as demo

pytestmark = pytest.mark.django_db

SITEMAP_LOC = "{http://www.sitemaps.org/schemas/sitemap/0.9}loc"


def set_site_url():
    out = io.StringIO()
    call_command("set_site_url", stdout=out)
    return out.getvalue()


def addresses_a_visitor_and_a_crawler_see(client):
    article = NewsArticlePage.objects.get(slug="hvad-er-peer-stoette")
    html = client.get(article.url).content.decode()
    canonical = re.search(r'<link rel="canonical" href="([^"]+)"', html).group(1)
    sitemap = [loc.text for loc in ET.fromstring(client.get("/sitemap.xml").content).iter(SITEMAP_LOC)]
    feed = [link.text for link in ET.fromstring(client.get("/nyheder/rss/").content).iter("link")]
    return [canonical, *sitemap, *feed]


def test_set_site_url_takes_host_port_and_scheme_from_base_url(client, settings):
    demo.build(lambda message: None)
    settings.WAGTAILADMIN_BASE_URL = "https://peer.example.dk"
    assert "https://peer.example.dk" in set_site_url()
    site = Site.objects.get()
    assert (site.hostname, site.port, site.root_url) == ("peer.example.dk", 443, "https://peer.example.dk")
    urls = addresses_a_visitor_and_a_crawler_see(client)
    assert len(urls) > 10 and all(url.startswith("https://peer.example.dk/") for url in urls), urls

    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8100/"
    set_site_url()
    assert Site.objects.get().root_url == "http://127.0.0.1:8100"
    assert all(url.startswith("http://127.0.0.1:8100/") for url in addresses_a_visitor_and_a_crawler_see(client))


def test_set_site_url_is_idempotent(settings):
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
    set_site_url()
    assert "unchanged" in set_site_url()
    assert Site.objects.count() == 1


@pytest.mark.parametrize("base_url", ["https://peer.example.dk:8443", "http://peer.example.dk:443", "peer.example.dk"])
def test_set_site_url_refuses_an_address_wagtail_cannot_represent(settings, base_url):
    """Wagtail derives the scheme from the port (443 is https, every other port http)."""
    settings.WAGTAILADMIN_BASE_URL = base_url
    with pytest.raises(CommandError, match="BASE_URL"):
        set_site_url()


def test_loading_the_demo_points_the_site_at_base_url(settings):
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8100"
    out = io.StringIO()
    call_command("load_demo", force=True, stdout=out)
    assert Site.objects.get().root_url == "http://127.0.0.1:8100"
    assert "http://127.0.0.1:8100/admin/" in out.getvalue()
