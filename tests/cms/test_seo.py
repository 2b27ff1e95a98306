"""What search engines and link previews read in every page's head: a description, the canonical address, Open
Graph tags with an image, schema.org JSON-LD for news, publications and the FAQ, and a favicon that never 404s.

extruct (the extractor Scrapy projects use) reads the Open Graph tags and JSON-LD, independently of our templates.
"""

import html as html_lib
import re

import extruct
import pytest
from django.contrib.staticfiles import finders

from cms.models import FAQPage, NewsArticlePage, PublicationPage, SiteSettings
from devtools.factories.cms import StandardPageFactory, paragraph

pytestmark = pytest.mark.django_db

SITE = "http://localhost"  # the test database's Site (cms.sites points it at BASE_URL when asked)


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
    [item] = json_ld
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
    [item] = json_ld
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
    [item] = head_of(client, publication.url)[3]
    assert item["description"] == publication.summary


def test_the_faq_keeps_its_faqpage_json_ld_and_other_pages_have_none(client, demo_site):
    assert [item["@type"] for item in head_of(client, FAQPage.objects.get().url)[3]] == ["FAQPage"]
    assert head_of(client, "/")[3] == []


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
