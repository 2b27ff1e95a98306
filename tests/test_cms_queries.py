"""Listing pages ask the database the same number of questions for 1 item as for 50 (no N+1 queries)."""

import datetime

import pytest
import wagtail_factories
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.factories import (
    GuideIndexPageFactory,
    GuidePageFactory,
    ModelCatalogueIndexPageFactory,
    NewsArticlePageFactory,
    NewsCategoryFactory,
    NewsIndexPageFactory,
    PeerSupportModelPageFactory,
    PublicationIndexPageFactory,
    PublicationPageFactory,
)
from cms.models import HomePage

pytestmark = pytest.mark.django_db


def add_article(index, n):
    category = NewsCategoryFactory(name=f"Kategori {n % 3}", slug=f"kategori-{n % 3}")
    return NewsArticlePageFactory(
        parent=index, image=wagtail_factories.ImageFactory(), categories=[category],
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
