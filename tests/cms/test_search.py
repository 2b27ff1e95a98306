"""Search understands Danish inflections on both databases: "kommunerne" finds what "kommune" finds.

PostgreSQL stems with its own `danish` text search configuration; SQLite's full-text index (FTS5) has no Danish
stemmer, so `cms.search` stems the indexed text and the query with Snowball's Danish stemmer.
"""

import re

import pytest
from django.db import connection

from devtools.demo import cms as demo

pytestmark = pytest.mark.django_db

# A word, an inflected form of it, and pages of the demo content that either must find.
INFLECTIONS = [
    ("vejledning", "vejledningen", {"/vejledninger/", "/raadgivningsforloeb/"}),
    ("kommune", "kommunerne", {"/vejledninger/ansaet-peers/", "/privatliv/",
                               "/nyheder/kommuner-kan-nu-tilmelde-sig-raadgivning-om-peers/"}),
    ("ansætte", "ansættelse", {"/vejledninger/ansaet-peers/"}),
    ("modeller", "modellerne", {"/publikationer/to-modeller-for-peer-stoette/",
                                "/publikationer/modeller-for-brug-af-peer-stoette/"}),
]


def found(client, query):
    html = client.get("/soeg/", {"q": query}).content.decode()
    return set(re.findall(r'<li><h2><a href="([^"]+)">', html))


def assert_inflections_find_the_same_pages(client):
    demo.build(lambda message: None)
    for word, inflected, pages in INFLECTIONS:
        assert found(client, word) >= pages, word
        assert found(client, inflected) == found(client, word), inflected
    assert found(client, "Kommunernes vejledninger") >= {"/raadgivningsforloeb/"}  # every word stemmed, in any case


def test_search_stems_danish_on_sqlite(client):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite search backend (the PostgreSQL one is tested below)")
    assert_inflections_find_the_same_pages(client)


def test_search_stems_danish_on_postgresql(client, postgres_only):
    assert_inflections_find_the_same_pages(client)
