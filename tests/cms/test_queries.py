"""Public pages ask the database few questions, and as many for 1 item as for 50 (no N+1 queries).

The budget holds without any cache: it is what every request that misses a cache costs.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from cms.models import HomePage, NewsArticlePage, NewsIndexPage, PublicationIndexPage
from devtools.factories.cms import (
    GuideIndexPageFactory,
    GuidePageFactory,
    ImageFactory,
    ModelCatalogueIndexPageFactory,
    NewsArticlePageFactory,
    NewsCategoryFactory,
    NewsIndexPageFactory,
    PeerSupportModelPageFactory,
    PublicationIndexPageFactory,
    PublicationPageFactory,
    StandardPageFactory,
)

# Most SQL queries a public page may make (the performance issue's target, with caches disabled).
QUERY_BUDGET = 15

pytestmark = pytest.mark.django_db


def add_article(index, n):
    category = NewsCategoryFactory(name=f"Kategori {n % 3}", slug=f"kategori-{n % 3}")
    return NewsArticlePageFactory(
        parent=index, title=f"Peer-nyhed {n}", image=ImageFactory(), categories=[category],
        date=datetime.date(2025, 1, 1) + datetime.timedelta(days=n),
    )


def add_publication(index, n):
    publication = PublicationPageFactory(parent=index, issuer=f"Udgiver {n % 4}", year=2010 + n % 7)
    publication.topics.add(f"Emne {n % 5}")
    publication.save_revision().publish()
    return publication


LISTINGS = {
    "news index": (NewsIndexPageFactory, add_article, ""),
    "news index, filtered": (NewsIndexPageFactory, add_article, "?kategori=kategori-0&aar=2025"),
    "home page": (NewsIndexPageFactory, add_article, None),
    "publication index": (PublicationIndexPageFactory, add_publication, ""),
    "publication index, filtered": (PublicationIndexPageFactory, add_publication, "?emne=emne-0&udgiver=Udgiver+0"),
    "guide index": (GuideIndexPageFactory, lambda index, n: GuidePageFactory(parent=index), ""),
    "model catalogue": (ModelCatalogueIndexPageFactory, lambda index, n: PeerSupportModelPageFactory(parent=index), ""),
    "search results": (GuideIndexPageFactory, lambda index, n: GuidePageFactory(parent=index), "/soeg/?q=vejledning"),
}


def count_queries(client, url):
    client.get(url)  # renditions are made on the first visit; count a warm page
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", LISTINGS)
def test_listing_query_count_is_constant_from_1_to_50_items(client, name):
    index_factory, add_item, query = LISTINGS[name]
    index = index_factory(parent=HomePage.objects.get())
    url = "/" if query is None else query if query.startswith("/") else index.url + query
    add_item(index, 0)
    with_one = count_queries(client, url)
    for n in range(1, 50):
        add_item(index, n)
    assert index.get_children().count() == 50
    assert count_queries(client, url) == with_one


def public_urls():
    """Every public page, a later page of the news listing and a search, as `make bench` measures them."""
    urls = [page.url for page in Page.objects.live().public().filter(depth__gte=2)]
    return urls + [NewsIndexPage.objects.get().url + "?side=2", "/soeg/?q=peer"]


def test_every_public_page_stays_within_the_query_budget(client, demo_site):
    counts = {url: count_queries(client, url) for url in public_urls()}
    assert {url: n for url, n in counts.items() if n > QUERY_BUDGET} == {}


def page_types_among_hits(words):
    """The search results page reads each hit's excerpt from its specific page: one query per page type shown."""
    return len({hit.content_type_id for hit in Page.objects.live().public().search(words)[:10]})


def test_public_pages_ask_as_many_queries_with_many_items_as_with_few(client, demo_site):
    urls = public_urls()
    with_few = {url: count_queries(client, url) for url in urls}
    types_with_few = page_types_among_hits("peer")
    news_index, publication_index = NewsIndexPage.objects.get(), PublicationIndexPage.objects.get()
    for n in range(25):  # more than two pages of each listing, and of hits when searching for "peer"
        add_article(news_index, 1000 + n)
        add_publication(publication_index, n)
    with_few["/soeg/?q=peer"] += page_types_among_hits("peer") - types_with_few  # never one per hit
    assert {url: count_queries(client, url) for url in urls} == with_few


def test_private_pages_stay_out_of_listings_and_are_not_served(client, demo_site):
    """The view-restriction checks made cheaper here (`exclude_private`, SitePage.get_view_restrictions) still hold,
    for a private article and for everything below a private section."""
    news_index = NewsIndexPage.objects.get()
    private, public = NewsArticlePage.objects.live().child_of(news_index).order_by("-date")[:2]
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    assert private.title not in client.get("/").content.decode()
    assert private.title not in client.get(news_index.url).content.decode()
    assert public.title in client.get(news_index.url).content.decode()
    assert client.get(private.url).status_code == 302  # to the login page
    assert client.get(public.url).status_code == 200

    PageViewRestriction.objects.create(page=news_index, restriction_type=PageViewRestriction.LOGIN)
    assert public.title not in client.get("/").content.decode()
    assert client.get(news_index.url).status_code == 302
    assert client.get(public.url).status_code == 302


def test_a_page_of_an_unexpected_type_below_an_index_is_still_served(client, demo_site):
    """Routing looks a news index's children up as articles; a page of another type there is found all the same."""
    news_index = NewsIndexPage.objects.get()
    StandardPageFactory(parent=news_index, title="Om nyhederne", slug="om-nyhederne")
    assert client.get(news_index.url + "om-nyhederne/").status_code == 200
    assert client.get(news_index.url + "findes-ikke/").status_code == 404
    assert client.get(news_index.url + "rss/").status_code == 200
