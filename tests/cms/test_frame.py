"""The site's frame (cms.frame): the menu and footer every page shows, read once and retired with the cached pages.

The page cache is off here (as in the suite), so each request renders: these tests prove the frame itself follows
every change an editor makes, on the next request, and that a page then reads none of it from the database."""

import re

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms import frame
from cms.models import GuideIndexPage, NewsIndexPage, SiteSettings, StandardPage
from core import pagecache

pytestmark = pytest.mark.django_db


def menu_of(html):
    menu = re.search(r'<nav class="main-menu".*?</nav>', html, re.S)
    return re.findall(r">([^<]+)</a>", menu.group(0)) if menu else []


def footer_of(html):
    return re.search(r'<footer class="site-footer".*?</footer>', html, re.S).group(0)


def test_a_page_reads_no_site_settings_menu_or_site_once_the_frame_is_kept(client, demo_site):
    first = client.get("/nyhedsbrev/").content.decode()
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/nyhedsbrev/").content.decode()
    tables = " ".join(query["sql"] for query in queries.captured_queries)
    assert "cms_sitesettings" not in tables and "wagtailcore_site" not in tables and "wagtailcore_page" not in tables
    assert menu_of(again) == menu_of(first) and footer_of(again) == footer_of(first)
    assert "Spørgsmål og svar" in menu_of(again)
    assert 'href="/tilgaengelighedserklaering/">Tilgængelighedserklæring</a>' in footer_of(again)


def test_the_menu_and_footer_follow_the_site_settings_on_the_next_request(
        client, demo_site, django_capture_on_commit_callbacks):
    client.get("/nyhedsbrev/")  # the frame is kept
    site_settings = SiteSettings.load()
    site_settings.main_menu = [{"type": "item", "value": {"page": NewsIndexPage.objects.get().pk, "label": "Alt nyt"}}]
    site_settings.phone = "12 34 56 78"
    site_settings.privacy_page = None
    with django_capture_on_commit_callbacks(execute=True):
        site_settings.save()
    html = client.get("/nyhedsbrev/").content.decode()
    assert menu_of(html) == ["Alt nyt"]
    assert 'href="tel:12345678">12 34 56 78</a>' in footer_of(html)
    assert "Privatliv" not in footer_of(html) and "privatliv" not in footer_of(html)


def test_a_menu_page_renamed_moved_or_unpublished_changes_the_menu_at_once(
        client, demo_site, django_capture_on_commit_callbacks):
    guides = GuideIndexPage.objects.get()  # in the menu under its own title
    assert "Vejledninger" in menu_of(client.get("/").content.decode())

    guides.title = "Guider"
    with django_capture_on_commit_callbacks(execute=True):
        guides.save_revision().publish()
    html = client.get("/").content.decode()
    assert "Guider" in menu_of(html) and "Vejledninger" not in menu_of(html)

    guides.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        guides.move(NewsIndexPage.objects.get(), pos="last-child")
    assert 'href="/nyheder/vejledninger/"' in client.get("/").content.decode()

    guides.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        guides.unpublish()
    assert "Guider" not in menu_of(client.get("/").content.decode())


def test_the_footer_links_no_unpublished_legal_page(client, demo_site, django_capture_on_commit_callbacks):
    statement = StandardPage.objects.get(slug="tilgaengelighedserklaering")
    assert "Tilgængelighedserklæring" in footer_of(client.get("/nyhedsbrev/").content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        statement.unpublish()
    assert "Tilgængelighedserklæring" not in footer_of(client.get("/nyhedsbrev/").content.decode())


def test_the_menu_marks_the_section_a_page_lies_in(client, demo_site):
    client.get("/")  # the frame is kept: the marks come from it, not from the settings
    menu = re.search(r'<nav class="main-menu".*?</nav>', client.get("/nyheder/").content.decode(), re.S).group(0)
    assert 'href="/nyheder/" aria-current="page"' in menu
    assert menu.count("aria-current") == 1


def test_a_frame_built_while_an_editor_published_is_built_again(demo_site):
    builds = []

    def build():
        builds.append(1)
        if len(builds) == 1:
            pagecache.invalidate()  # a publish commits while the first frame is being built
        return len(builds)

    assert pagecache.remember("frame:test", build, 60) == 1
    assert pagecache.remember("frame:test", build, 60) == 2
    assert pagecache.remember("frame:test", build, 60) == 2  # kept now


def test_each_host_has_its_own_frame(rf, settings, demo_site):
    settings.ALLOWED_HOSTS = ["peer.example.dk", "www.peer.example.dk"]
    first = frame.for_request(rf.get("/", HTTP_HOST="peer.example.dk"))
    second = frame.for_request(rf.get("/", HTTP_HOST="www.peer.example.dk"))
    assert first == second and first is not second
    assert {link.title for link in first.menu} >= {"Nyheder", "Spørgsmål og svar"}


def test_a_forged_host_header_reaches_no_link_or_canonical_address(client, settings, demo_site):
    """Another allowed host name gets its own frame, whose absolute addresses are still the Site's (BASE_URL), never
    the name the request gave; a host name that is not allowed is refused before any frame is read or kept."""
    settings.ALLOWED_HOSTS = ["testserver", "other.example.dk"]
    html = client.get("/nyhedsbrev/", HTTP_HOST="other.example.dk").content.decode()
    assert "other.example.dk" not in html
    assert 'href="/nyheder/"' in html  # the menu's links stay relative
    assert client.get("/nyhedsbrev/", HTTP_HOST="evil.example.com").status_code == 400
    assert caches["pages"].get(frame._KEY.format(host="evil.example.com")) is None
    assert caches["pages"].get(frame._KEY.format(host="other.example.dk")) is not None
