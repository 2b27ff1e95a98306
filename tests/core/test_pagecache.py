"""The anonymous full-page cache (core.pagecache): what it keeps, who bypasses it, and what empties it."""

import pytest
from django.db import connection
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test.utils import CaptureQueriesContext
from django.utils.cache import patch_cache_control

from cms.models import HomePage, SiteSettings
from core import pagecache
from core.pagecache import AnonymousPageCacheMiddleware
from devtools.factories.cms import NewsArticlePageFactory, NewsIndexPageFactory, ProgrammePageFactory
from devtools.factories.core import UserFactory
from devtools.factories.workflows import CohortFactory, ProgrammeFactory, RegistrationFactory, municipality
from workflows.outcomes import results
from workflows.outcomes.models import Indicator
from workflows.registration import links, services

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300


@pytest.fixture
def news_index():
    return NewsIndexPageFactory(parent=HomePage.objects.get(), title="Nyheder", slug="nyheder")


def test_second_anonymous_visit_is_served_from_the_cache_without_the_database(client):
    first = client.get("/")
    assert first["X-Page-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        second = client.get("/")
    assert second["X-Page-Cache"] == "hit"
    assert len(queries) == 0
    assert second.content == first.content
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert "public" in second["Cache-Control"]


def test_each_query_string_is_its_own_page(client, news_index):
    for n in range(12):
        NewsArticlePageFactory(parent=news_index, title=f"Artikel {n}")
    assert client.get("/nyheder/")["X-Page-Cache"] == "miss"
    assert client.get("/nyheder/?side=2")["X-Page-Cache"] == "miss"
    assert client.get("/nyheder/?side=2")["X-Page-Cache"] == "hit"


def test_publishing_a_news_item_shows_it_on_the_index_and_the_home_page_at_once(
    client, news_index, django_capture_on_commit_callbacks
):
    client.get("/nyheder/"), client.get("/")
    article = NewsArticlePageFactory(parent=news_index, title="Helt ny nyhed", live=False)
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    for url in ("/nyheder/", "/"):
        response = client.get(url)
        assert response["X-Page-Cache"] == "miss"
        assert "Helt ny nyhed" in response.content.decode()


def test_unpublishing_removes_the_page_from_cached_listings(client, news_index, django_capture_on_commit_callbacks):
    article = NewsArticlePageFactory(parent=news_index, title="Snart væk")
    assert "Snart væk" in client.get("/nyheder/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()
    assert "Snart væk" not in client.get("/nyheder/").content.decode()
    assert client.get(article.url).status_code == 404


def test_a_draft_does_not_reach_visitors(client, news_index, django_capture_on_commit_callbacks):
    article = NewsArticlePageFactory(parent=news_index, title="Offentlig titel")
    client.get(article.url)
    article.title = "Kladdetitel"
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision()
    response = client.get(article.url)
    assert response["X-Page-Cache"] == "hit"
    assert "Kladdetitel" not in response.content.decode()


def test_changing_the_site_settings_retires_every_page(client, django_capture_on_commit_callbacks):
    client.get("/")
    site_settings = SiteSettings.load()
    site_settings.organisation = "Ny organisation i sidefoden"
    with django_capture_on_commit_callbacks(execute=True):
        site_settings.save()
    assert "Ny organisation i sidefoden" in client.get("/").content.decode()


def test_a_new_registration_updates_the_seats_on_the_cached_programme_page(client, django_capture_on_commit_callbacks):
    programme = ProgrammeFactory(capacity=20)
    page = ProgrammePageFactory(parent=HomePage.objects.get(), programme=programme)
    cohort = CohortFactory(programme=programme)
    assert "20 pladser tilbage" in client.get(page.url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.submit(RegistrationFactory(cohort=cohort, municipality=municipality("aarhus")))
    assert "19 pladser tilbage" in client.get(page.url).content.decode()


def test_signed_in_editors_always_get_a_fresh_page(client):
    client.get("/")
    client.force_login(UserFactory(is_superuser=True))
    response = client.get("/")
    assert "X-Page-Cache" not in response
    assert "private" in response["Cache-Control"]


def test_a_visitor_with_a_flash_message_waiting_gets_a_fresh_page(client):
    client.get("/")
    client.cookies["messages"] = "pending"
    assert "X-Page-Cache" not in client.get("/")


def test_a_page_carrying_a_csrf_token_is_never_stored(rf):
    """Its token belongs to one visitor; handing it to others would disclose that visitor's CSRF secret."""

    def page_with_a_form(request):
        response = HttpResponse(f'<input name="csrfmiddlewaretoken" value="{get_token(request)}">')
        patch_cache_control(response, public=True, max_age=60)
        return response

    middleware = AnonymousPageCacheMiddleware(page_with_a_form)
    first, second = middleware(rf.get("/formular/")), middleware(rf.get("/formular/"))
    assert "X-Page-Cache" not in first and "X-Page-Cache" not in second
    assert first.content != second.content


def test_a_copy_rendered_while_an_editor_published_is_not_served(rf):
    renders = []

    def page(request):
        renders.append(request)
        if len(renders) == 1:
            pagecache.invalidate()  # a publish commits while the first copy is being rendered
        response = HttpResponse(f"udgave {len(renders)}")
        patch_cache_control(response, public=True, max_age=60)
        return response

    middleware = AnonymousPageCacheMiddleware(page)
    middleware(rf.get("/side/"))
    assert middleware(rf.get("/side/")).content == b"udgave 2"
    hit = middleware(rf.get("/side/"))
    assert hit["X-Page-Cache"] == "hit" and hit.content == b"udgave 2"


def test_search_results_are_cached_and_a_published_page_is_found_at_once(
    client, news_index, django_capture_on_commit_callbacks
):
    assert "Solsikkeprojektet" not in client.get("/soeg/?q=solsikkeprojektet").content.decode()
    assert client.get("/soeg/?q=solsikkeprojektet")["X-Page-Cache"] == "hit"
    article = NewsArticlePageFactory(parent=news_index, title="Solsikkeprojektet", live=False)
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    assert "Solsikkeprojektet" in client.get("/soeg/?q=solsikkeprojektet").content.decode()


def test_forms_and_status_pages_are_never_cached(client):
    programme = ProgrammeFactory()
    registration = RegistrationFactory(cohort=CohortFactory(programme=programme))
    for url in (f"/forloeb/{programme.slug}/tilmelding/",
                f"/forloeb/status/{links.status_token(registration)}/"):
        client.get(url)
        assert "X-Page-Cache" not in client.get(url), url


def test_the_cache_is_off_when_its_lifetime_is_zero(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/")
    assert "X-Page-Cache" not in client.get("/")


def cache_directives(response):
    """Cache-Control as {directive: value}, e.g. {"public": True, "max-age": "0"}."""
    directives = {}
    for part in response["Cache-Control"].split(","):
        name, _sep, value = part.strip().partition("=")
        directives[name.lower()] = value or True
    return directives


def test_browsers_ask_again_for_every_page_while_the_page_cache_keeps_it(client):
    """An editor who has just published must see the new page on the next load, not a copy their browser kept; the
    shared cache (and a CDN, through s-maxage) keep serving copies, which publishing retires at once."""
    first = client.get("/")
    directives = cache_directives(first)
    assert directives["public"] is True
    assert directives["max-age"] == "0" and directives["must-revalidate"] is True
    assert directives["s-maxage"] == "300"
    second = client.get("/")
    assert second["X-Page-Cache"] == "hit" and cache_directives(second) == directives


@pytest.fixture
def dead_redis(settings):
    """The shared cache pointed at a port where no Redis answers, as while it restarts."""
    dead = {"BACKEND": "core.cache.RedisCache", "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}}
    settings.CACHES = {**settings.CACHES, "pages": dead}


def test_a_cache_that_does_not_answer_costs_speed_not_pages(client, news_index, dead_redis, caplog,
                                                          django_capture_on_commit_callbacks):
    site_settings = SiteSettings.load()
    site_settings.organisation = "Styrelsen i sidefoden"
    site_settings.save()
    for _ in range(2):
        response = client.get("/")
        assert response.status_code == 200 and "X-Page-Cache" not in response
        assert "Styrelsen i sidefoden" in response.content.decode()  # the frame, built without the cache
    assert client.get("/nyhedsbrev/").status_code == 200
    # A publish while the cache is away is committed; the editor gets no error for the cache.
    with django_capture_on_commit_callbacks(execute=True):
        NewsArticlePageFactory(parent=news_index, title="Udgivet mens cachen var væk").save_revision().publish()
    assert "Udgivet mens cachen var væk" in client.get(news_index.url).content.decode()
    assert "The page cache did not answer" in caplog.text
    # The results block's figures too: computed, not kept.
    indicator = Indicator.objects.first()
    assert [row[0] for row in results.published([indicator.pk])] == [indicator]
