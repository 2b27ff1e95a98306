"""Search understands Danish inflections on both databases: "kommunerne" finds what "kommune" finds.

PostgreSQL stems with its own `danish` text search configuration; SQLite's full-text index (FTS5) has no Danish
stemmer, so `cms.search` stems the indexed text and the query with Snowball's Danish stemmer.
"""

import html as html_lib
import re

import pytest
from django.db import connection

from cms import search as site_search
from devtools.demo import cms as demo
from devtools.factories.cms import StandardPageFactory

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


# --- Search that helps: excerpts, ranking, the nearest matches (on both databases) --------------------------------


def results(client, query):
    """(the addresses found, in order; each hit's heading line and excerpt; the status line) of a search."""
    html = client.get("/soeg/", {"q": query}).content.decode()
    hits = re.findall(r'<li><h2><a href="([^"]+)">([^<]*)</a></h2>(?:<p>(.*?)</p>)?</li>', html, re.S)
    status = re.search(r'<p role="status">(.*?)</p>', html, re.S).group(1)
    return [url for url, _title, _excerpt in hits], hits, status


def assert_search_helps(client):
    demo.build(lambda message: None)
    # Titles and intros before boilerplate: the cookie page names the course once in its body.
    urls, hits, _status = results(client, "rådgivningsforløb")
    assert urls[0] == "/raadgivningsforloeb/" and "/cookies/" in urls
    # Each hit: its title as the heading (never its page type), and an excerpt with the words marked.
    urls, hits, _status = results(client, "kommunerne")
    for _url, title, excerpt in hits:
        assert title not in ("Standardside", "Forløbsside", "Nyhed") and "<mark>" in excerpt, title
    assert all(re.fullmatch(r"[Kk]ommun\w*", word) for word in re.findall(r"<mark>(.*?)</mark>", hits[0][2]))
    # Compounds: a word inside a longer word ("udviklingsworkshops"), a compound written apart ("peer-støtte").
    urls, hits, status = results(client, "workshop")
    assert urls == ["/raadgivningsforloeb/"] and "<mark>udviklingsworkshops</mark>" in hits[0][2]
    assert "workshop" in status
    urls, hits, status = results(client, "peerstøtte")
    assert "/nyheder/hvad-er-peer-stoette/" in urls and len(urls) >= 5
    assert '"peer", "støtte"' in html_lib.unescape(status)
    assert "<mark>Peer</mark>-<mark>støtte</mark>" in hits[0][2]
    # Nothing near at all: zero, with a hint.
    assert results(client, "xyzzyq")[0] == []


def test_search_helps_on_sqlite(client):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite search backend (the PostgreSQL one is tested below)")
    assert_search_helps(client)


def test_search_helps_on_postgresql(client, postgres_only):
    assert_search_helps(client)


def test_excerpts_are_safe_against_html_in_the_page_and_the_query(client, demo_site):
    StandardPageFactory(parent=demo_site, title="Om markup", intro='Peer <script>alert("x")</script> & <b>fed</b>')
    html = client.get("/soeg/", {"q": 'markup <script>alert("y")</script>'}).content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" not in html
    excerpt = re.search(r'<a href="/om-markup/">Om markup</a></h2><p>(.*?)</p>', html, re.S).group(1)
    assert "<" not in excerpt.replace("<mark>", "").replace("</mark>", "")
    assert client.get("/soeg/", {"q": '"<mark>'}).status_code == 200


def test_a_search_that_finds_nothing_costs_a_bounded_amount(client, demo_site, monkeypatch):
    """The nearest matches read the index once a minute, not per search, and try few words, none split past a real
    compound's length: a 200-letter word or forty words cannot make one request scan every page hundreds of times."""
    StandardPageFactory(parent=demo_site, title="Peerstøtte i praksis")
    calls, reads = [], []
    real_found, real_read = site_search._found, site_search._read_index
    monkeypatch.setattr(site_search, "_found", lambda parts, texts: calls.append(parts) or real_found(parts, texts))
    monkeypatch.setattr(site_search, "_read_index", lambda: reads.append(1) or real_read())
    client.get("/soeg/", {"q": "q" * 200})
    assert len(calls) == 1  # looked for whole, never split
    calls.clear()
    client.get("/soeg/", {"q": " ".join(f"ord{n}xq" for n in range(40))})
    assert len(calls) <= 2 * len(site_search._splits("ord0xq")) + 2  # the first word's tries, then it gives up
    client.get("/soeg/", {"q": "zzzyyyxxx"})
    assert reads == [1]  # three searches, the index read once
