"""What search engines and link previews read in every page's head: a description, the canonical address, Open
Graph tags with an image, schema.org JSON-LD for news, publications and the FAQ, and a favicon that never 404s.

extruct (the extractor Scrapy projects use) reads the Open Graph tags and JSON-LD, independently of our templates.
"""

import datetime
import html as html_lib
import re

import extruct
import pytest
import time_machine
from django.contrib.staticfiles import finders
from wagtail.models import Page

from cms.models import FAQPage, NewsArticlePage, NewsIndexPage, PublicationPage, SiteSettings
from devtools.factories.cms import StandardPageFactory, paragraph
from devtools.factories.workflows import InformationMeetingFactory

pytestmark = pytest.mark.django_db

SITE = "http://localhost"  # the test database's Site (cms.sites points it at BASE_URL when asked)


def of_type(items, schema_type):
    return [item for item in items if item.get("@type") == schema_type]


def head_of(client, url):
    """(description, canonical, Open Graph as a dict, JSON-LD items) of the page at `url`."""
    response = client.get(url)
    assert response.status_code == 200, url
    text = response.content.decode()
    head = text[: text.index("</head>")]
    description = re.findall(r'<meta name="description" content="([^"]*)">', head)
    canonical = re.findall(r'<link rel="canonical" href="([^"]*)">', head)
    data = extruct.extract(text, base_url=SITE + url, syntaxes=["json-ld", "opengraph"], uniform=True)
    opengraph = {key: value for item in data["opengraph"] for key, value in item.items() if key.startswith("og:")}
    assert len(description) == 1 and len(canonical) <= 1, url
    return html_lib.unescape(description[0]), canonical[0] if canonical else None, opengraph, data["json-ld"]


def test_every_page_type_has_a_description_a_canonical_link_and_open_graph_tags(client, public_pages):
    assert len({type(page) for page in public_pages}) >= 12
    for page in public_pages:
        description, canonical, opengraph, _json_ld = head_of(client, page.url)
        assert description and len(description) <= 160, (page.url, description)
        if page.search_description:
            assert description == page.search_description
        assert canonical == page.full_url == f"{SITE}{page.url}"
        assert opengraph["og:url"] == canonical and opengraph["og:description"] == description
        assert opengraph["og:title"] == page.title and opengraph["og:locale"] == "da_DK"
        assert opengraph["og:image"].startswith(f"{SITE}/"), page.url


def test_the_description_is_the_pages_own_text_when_the_editor_wrote_none(client, demo_site):
    publication = PublicationPage.objects.get(title="To modeller for peer-støtte")
    assert head_of(client, publication.url)[0] == publication.summary
    article = NewsArticlePage.objects.get(slug="hvad-er-peer-stoette")
    assert head_of(client, article.url)[0] == article.intro
    long_text = "Peer-støtte er støtte fra en ligesindet. " * 8
    page = StandardPageFactory(parent=demo_site, title="Uden indledning", intro="",
                               body=[{"type": "heading", "value": "Om siden"}, paragraph(f"<b>{long_text}</b>")])
    description = head_of(client, page.url)[0]
    assert description.startswith("Peer-støtte er støtte fra en ligesindet. Peer-støtte") and "<" not in description
    assert len(description) <= 160 and description.endswith("…") and long_text.startswith(description[:-1])


def test_pages_that_are_not_wagtail_pages_describe_the_site(client, demo_site):
    for url in ("/nyhedsbrev/", "/soeg/?q=peer"):
        description, canonical, _opengraph, _json_ld = head_of(client, url)
        assert "kommuner" in description and "peers" in description, url


def test_open_graph_image_is_the_articles_own_else_the_sites(client, demo_site):
    article = NewsArticlePage.objects.get(slug="saadan-kan-der-skabes-flere-job-til-peers")
    image = head_of(client, article.url)[2]["og:image"]
    assert re.fullmatch(rf"{SITE}/media/images/[^/]+\.fill-1200x630\.format-jpeg[^/]*\.jpg", image), image
    assert article.image.renditions.filter(filter_spec="fill-1200x630|format-jpeg").exists()
    for page in (demo_site, NewsArticlePage.objects.get(slug="hvad-er-peer-stoette")):
        assert head_of(client, page.url)[2]["og:image"] == f"{SITE}/static/img/og-default.png"
    assert finders.find("img/og-default.png")


def test_news_articles_carry_newsarticle_json_ld(client, demo_site):
    article = NewsArticlePage.objects.get(slug="saadan-kan-der-skabes-flere-job-til-peers")
    _description, canonical, opengraph, json_ld = head_of(client, article.url)
    [item] = of_type(json_ld, "NewsArticle")
    assert item["@context"] == "https://schema.org" and item["@type"] == "NewsArticle"
    assert item["headline"] == article.title and item["description"] == article.intro
    assert item["datePublished"] == "2023-09-12"
    assert item["dateModified"] == article.last_published_at.isoformat()
    assert item["author"] == {"@type": "Person", "name": "Redaktionen"}
    assert item["publisher"] == {"@type": "Organization", "name": SiteSettings.load().organisation, "url": f"{SITE}/"}
    assert item["image"] == [opengraph["og:image"]] and item["url"] == canonical
    assert item["inLanguage"] == "da"


def test_publications_carry_report_json_ld_with_publisher_and_date(client, demo_site):
    publication = PublicationPage.objects.get(title="To modeller for peer-støtte")
    _description, canonical, _opengraph, json_ld = head_of(client, publication.url)
    [item] = of_type(json_ld, "Report")
    assert item["@type"] == "Report" and item["name"] == publication.title and item["url"] == canonical
    assert item["publisher"] == {"@type": "Organization", "name": "Peer-støtte i Region Hovedstaden"}
    assert item["datePublished"] == "2017" and item["description"] == publication.summary
    assert item["keywords"] == "Modeller" and item["inLanguage"] == "da"


def test_json_ld_is_safe_inside_its_script_element(client, demo_site):
    """A "</script>" an editor types must not end the element early (and open the page to injected markup)."""
    publication = PublicationPage.objects.get(title="To modeller for peer-støtte")
    publication.summary = 'Om </script><script>alert("x")</script> & mere'
    publication.save_revision().publish()
    text = client.get(publication.url).content.decode()
    assert "</script><script>alert" not in text
    [item] = of_type(head_of(client, publication.url)[3], "Report")
    assert item["description"] == publication.summary


def test_the_faq_keeps_its_faqpage_json_ld_and_a_page_without_a_type_of_its_own_has_only_its_breadcrumb(
        client, demo_site):
    assert [item["@type"] for item in head_of(client, FAQPage.objects.get().url)[3]] == ["FAQPage", "BreadcrumbList"]
    assert [item["@type"] for item in head_of(client, "/cookies/")[3]] == ["BreadcrumbList"]


def test_the_home_page_says_who_the_organisation_is_and_how_to_search_the_site(client, demo_site):
    settings = SiteSettings.load()
    _description, canonical, _opengraph, json_ld = head_of(client, "/")
    [data] = json_ld
    organisation, website = data["@graph"]
    assert organisation["@type"] == "Organization" and organisation["name"] == settings.organisation
    assert organisation["url"] == canonical == f"{SITE}/" and organisation["email"] == settings.email
    assert organisation["telephone"] == settings.phone and "\n" not in organisation["address"]
    assert website["@type"] == "WebSite" and website["url"] == canonical and website["inLanguage"] == "da"
    assert website["publisher"] == {"@id": organisation["@id"]}
    search = website["potentialAction"]
    assert search["target"] == f"{SITE}/soeg/?q={{search_term_string}}"
    assert search["query-input"] == "required name=search_term_string"
    # As data, not a script: the public Content-Security-Policy (which allows no inline script) does not apply.
    assert '<script type="application/ld+json">' in client.get("/").content.decode()


def test_every_page_with_a_breadcrumb_carries_it_as_a_breadcrumblist(client, public_pages):
    with_breadcrumb = 0
    for page in public_pages:
        html = client.get(page.url).content.decode()
        shown = re.findall(r'<nav class="breadcrumbs".*?</nav>', html, re.S)
        lists = of_type(head_of(client, page.url)[3], "BreadcrumbList")
        assert len(lists) == len(shown) <= 1, page.url
        if shown:
            with_breadcrumb += 1
            names = [html_lib.unescape(name) for name in re.findall(r'<a href="[^"]*"[^>]*>([^<]*)</a>', shown[0])]
            items = lists[0]["itemListElement"]
            assert [item["name"] for item in items] == names, page.url
            assert [item["position"] for item in items] == list(range(1, len(names) + 1))
            assert items[0]["item"] == f"{SITE}/" and items[-1]["item"] == page.full_url
    assert with_breadcrumb >= 12


def test_views_that_are_not_pages_have_a_canonical_address_without_the_query(client, demo_site):
    meeting = InformationMeetingFactory()
    programme = meeting.programme
    for url, canonical in (
        ("/nyhedsbrev/?sendt=1", f"{SITE}/nyhedsbrev/"),
        (f"/forloeb/moeder/{meeting.pk}/tilmeld/", f"{SITE}/forloeb/moeder/{meeting.pk}/tilmeld/"),
        (f"/forloeb/{programme.slug}/tilmelding/", f"{SITE}/forloeb/{programme.slug}/tilmelding/"),
    ):
        assert head_of(client, url)[1] == canonical, url


def test_sitemap_has_lastmod_for_every_entry_and_a_listing_is_as_new_as_its_newest_child(client, demo_site):
    """Every page published through Wagtail has a publication date; a listing changes when a child is published."""
    moment = datetime.datetime(2027, 3, 1, 9, tzinfo=datetime.UTC)
    with time_machine.travel(moment, tick=False):
        for page in Page.objects.live().filter(depth__gte=2).specific():
            page.save_revision().publish()
    news_index = NewsIndexPage.objects.get()
    with time_machine.travel(moment + datetime.timedelta(days=9), tick=False):
        news_index.get_children().first().specific.save_revision().publish()
    sitemap = client.get("/sitemap.xml").content.decode()
    entries = re.findall(r"<url><loc>([^<]*)</loc>(?:<lastmod>([^<]*)</lastmod>)?</url>", sitemap)
    assert len(entries) == Page.objects.live().filter(depth__gte=2).count()
    assert [loc for loc, lastmod in entries if not lastmod] == []
    lastmod = dict(entries)
    assert lastmod[news_index.full_url] == "2027-03-10" and lastmod[f"{SITE}/cookies/"] == "2027-03-01"


def test_head_requests_are_answered_as_get(client, demo_site):
    for url in ("/was", "/robots.txt", "/favicon.ico", "/soeg/?q=peer"):
        get, head = client.get(url), client.head(url)
        assert head.status_code == get.status_code != 405, url
        assert head.get("Location") == get.get("Location"), url


def test_a_favicon_on_every_page_and_at_favicon_ico(client, demo_site):
    head = client.get("/").content.decode()
    assert '<link rel="icon" href="/static/favicon.ico" sizes="32x32">' in head
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in head
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"] == "/static/favicon.ico"
    with open(finders.find("favicon.ico"), "rb") as ico:
        assert ico.read(4) == b"\x00\x00\x01\x00"  # an icon file
    with open(finders.find("favicon.svg"), encoding="utf-8") as svg:
        assert svg.read().startswith("<svg")
