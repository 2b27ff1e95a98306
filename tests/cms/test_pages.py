"""The public website as a visitor's browser sees it: every page type, no cookies, cache headers, SEO, downloads."""

import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings as settings_module
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.models import Page
from wagtail.test.utils.form_data import querydict_from_html

from cms.models import (
    ContactPage,
    ContactPerson,
    FAQPage,
    GuidePage,
    NewsArticlePage,
    NewsIndexPage,
    PeerSupportModelPage,
    PublicationIndexPage,
    PublicationPage,
    SiteDocument,
    SiteSettings,
    StandardPage,
)
from devtools.demo import cms as demo
from devtools.factories.cms import DocumentFactory, NewsArticlePageFactory, documents

pytestmark = pytest.mark.django_db


def test_demo_content_has_every_page_type(public_pages):
    types = {type(page).__name__ for page in public_pages}
    assert types >= {
        "HomePage", "StandardPage", "NewsIndexPage", "NewsArticlePage", "GuideIndexPage", "GuidePage",
        "PublicationIndexPage", "PublicationPage", "ModelCatalogueIndexPage", "PeerSupportModelPage", "FAQPage",
        "ContactPage",
    }
    assert GuidePage.objects.count() >= 2
    assert {"Individuel peer-støtte", "Peer-undervisning i gruppeforløb"} <= set(
        PeerSupportModelPage.objects.values_list("title", flat=True)
    )
    assert all(doc.file.read(5) == b"%PDF-" for doc in SiteDocument.objects.all())


DANISH_DATE = re.compile(r"\b\d{1,2}\. (januar|februar|marts|april|maj|juni|juli|august|september|oktober|november"
                         r"|december)\b")


def test_demo_copy_leaves_deadlines_to_the_data_and_has_one_contact_person(public_pages):
    """Deadlines in prose go stale and contradict the live cohort table: the copy refers to the table instead."""
    for page in public_pages:
        text = " ".join(str(value) for value in page.__dict__.values() if isinstance(value, str))
        text += " ".join(str(block.value) for block in getattr(page, "body", []) or [])
        for sentence in re.split(r"(?<=[a-zæøå][.!?])\s", text):
            if re.search(r"tilmeld|frist|lukker", sentence, re.I):
                assert not DANISH_DATE.search(sentence), (page.url, sentence)
    assert ContactPerson.objects.count() == 1
    pages_with_one = [page for page in Page.objects.specific() if getattr(page, "contact_person_id", None)]
    assert pages_with_one and {page.contact_person_id for page in pages_with_one} == {ContactPerson.objects.get().pk}


def test_demo_content_is_idempotent(demo_site):
    count = Page.objects.count()
    demo.build(lambda message: None)
    assert Page.objects.count() == count


def test_every_public_page_renders_in_danish_sets_no_cookie_and_is_cacheable(client, public_pages):
    for page in public_pages:
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert not response.cookies, f"{page.url} set cookies {list(response.cookies)}"
        assert "Set-Cookie" not in response.headers
        assert "public" in response["Cache-Control"] and "max-age=0" in response["Cache-Control"]
        html = response.content.decode()
        assert '<html lang="da">' in html
        assert html.count("<h1") == 1, page.url
        assert '<link rel="canonical" href="http://localhost' in html
        assert 'property="og:title"' in html
        assert ">Tilgængelighedserklæring</a>" in html  # footer link on every page, with that text


def test_other_public_views_set_no_cookies(client, demo_site):
    for url in ["/soeg/?q=peer", "/nyhedsbrev/", "/nyheder/rss/", "/robots.txt", "/sitemap.xml"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert not response.cookies, url


def test_signed_in_editors_get_private_uncached_pages(client, demo_site, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("editor1", "e@example.dk", "password-123456"))
    response = client.get("/nyheder/")
    assert "private" in response["Cache-Control"] and "no-cache" in response["Cache-Control"]


def test_breadcrumbs_and_main_menu(client, demo_site):
    article = NewsArticlePage.objects.get(slug="hvad-er-peer-stoette")
    html = client.get(article.url).content.decode()
    crumbs = re.search(r'<nav class="breadcrumbs".*?</nav>', html, re.S).group(0)
    assert re.findall(r">([^<]+)</a>", crumbs) == ["Forside", "Nyheder", "Hvad er peer-støtte?"]
    assert 'aria-current="page"' in crumbs
    menu = re.search(r'<nav class="main-menu".*?</nav>', html, re.S).group(0)
    assert 'href="/nyheder/" aria-current="true"' in menu
    assert ">Spørgsmål og svar</a>" in menu


def test_main_menu_follows_the_site_settings(client, demo_site):
    settings_ = SiteSettings.load()
    settings_.main_menu = [{"type": "item", "value": {"page": NewsIndexPage.objects.get().pk, "label": "Alt nyt"}}]
    settings_.save()
    menu = re.search(r'<nav class="main-menu".*?</nav>', client.get("/").content.decode(), re.S).group(0)
    assert re.findall(r">([^<]+)</a>", menu) == ["Alt nyt"]


def test_was_redirects_to_the_accessibility_statement(client, demo_site):
    response = client.get("/was")
    assert response.status_code == 302
    assert response["Location"] == StandardPage.objects.get(slug="tilgaengelighedserklaering").url
    SiteSettings.objects.update(accessibility_page=None)
    assert client.get("/was").status_code == 404


def test_robots_txt_points_to_the_sitemap_and_the_sitemap_lists_pages(client, public_pages):
    robots = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in robots and "Disallow: /admin/" in robots
    tree = ET.fromstring(client.get("/sitemap.xml").content)
    locations = [loc.text for loc in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert any(loc.endswith("/modelkatalog/individuel/") for loc in locations)
    assert len(locations) == len(public_pages)


def test_home_page_shows_cta_latest_news_and_entry_points(client, demo_site):
    html = client.get("/").content.decode()
    assert "Vil I have støtte til at inddrage peers?" in html
    assert 'href="/raadgivningsforloeb/"' in html
    assert html.count('class="teaser"') == 3
    entry_points = re.search(r'<section aria-labelledby="entry-points">.*?</section>', html, re.S).group(0)
    assert 'href="/vejledninger/"' in entry_points and 'href="/publikationer/"' in entry_points


def test_news_index_filters_by_category_and_year_and_paginates(client, demo_site):
    def titles(query):
        html = client.get("/nyheder/" + query).content.decode()
        return re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>', html)

    assert len(titles("")) == 4
    assert titles("?kategori=fra-samarbejdspartnere") == ["Sådan kan der skabes flere job til peers"]
    assert titles("?aar=2024") == ["Nye hold i peer-uddannelsen", "Kommuner kan nu tilmelde sig rådgivning om peers"]
    assert titles("?aar=2024&kategori=om-peer-stoette") == []
    index = NewsIndexPage.objects.get()
    for _ in range(8):
        NewsArticlePageFactory(parent=index)
    assert len(titles("")) == 10
    assert len(titles("?side=2")) == 2
    assert titles("?side=99") == titles("?side=2")  # past the end: the last page, not an error


def test_rss_feed_lists_the_latest_articles(client, demo_site):
    response = client.get("/nyheder/rss/")
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    items = channel.findall("item")
    assert len(items) == 4
    assert items[0].find("title").text == "Nye hold i peer-uddannelsen"
    assert items[0].find("link").text.startswith("http://")
    assert {c.text for c in channel.iter("category")} >= {"Nyheder", "Om peer-støtte"}


def test_guide_has_ordered_steps_references_and_related_guides(client, demo_site):
    html = client.get("/vejledninger/ansaet-peers/").content.decode()
    steps = re.search(r'<ol class="steps">.*?</ol>', html, re.S).group(0)
    assert steps.index("Beskriv stillingen") < steps.index("Slå stillingen op") < steps.index("Tag godt imod")
    assert "Socialstyrelsen (2016). <cite>Peer-støtte på det psykosociale og psykiatriske område</cite>." in html
    assert 'href="/vejledninger/implementering/"' in html


def test_publication_shows_download_with_type_size_and_count(client, demo_site):
    publication = PublicationPage.objects.get(title="To modeller for peer-støtte")
    document = publication.documents[0].value
    html = client.get(publication.url).content.decode()
    assert f"(PDF, {round(document.file_size / 1024)} KB)" in html
    assert "Hovedopgaverne for peer-medarbejdere" in html
    assert "download-count" not in html and "0 downloads" not in html  # a zero reads as "nobody wants this"
    SiteDocument.objects.filter(pk=document.pk).update(download_count=3)
    html = client.get(publication.url).content.decode()
    assert '<span class="download-count">3 downloads</span>' in html
    assert f"(PDF, {round(document.file_size / 1024)} KB)" in html


def test_serving_a_document_counts_the_download(client, demo_site):
    document = DocumentFactory(title="Rapport")
    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    client.get(document.url)
    document.refresh_from_db()
    assert document.download_count == 2


def test_document_labels():
    document = SiteDocument(title="x", file_size=835_420)
    document.file.name = "documents/rapport.pdf"
    assert document.label == "PDF, 816 KB"
    document.file_size = 2_516_582
    assert document.label == "PDF, 2,4 MB"


def test_publication_index_filters_by_issuer_year_and_topic(client, demo_site):
    def titles(query):
        html = client.get("/publikationer/" + query).content.decode()
        return sorted(re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>', html))

    assert len(titles("")) == 3
    assert titles("?udgiver=Socialstyrelsen") == [
        "Inspirationsguide til peer-støtte", "Modeller for brug af peer-støtte",
    ]
    assert titles("?aar=2017") == ["To modeller for peer-støtte"]
    assert titles("?emne=modeller&udgiver=Socialstyrelsen") == ["Modeller for brug af peer-støtte"]
    assert PublicationIndexPage.objects.get().get_children().count() == 3


def test_model_catalogue_filters_by_context_and_shows_the_logic_model_as_a_table(client, demo_site):
    html = client.get("/modelkatalog/?kontekst=regional").content.decode()
    assert "Peer-undervisning i gruppeforløb" in html and "Individuel peer-støtte" not in html
    html = client.get("/modelkatalog/individuel/").content.decode()
    table = re.search(r'<table class="logic-model">.*?</table>', html, re.S).group(0)
    assert len(re.findall(r'<th scope="col">', table)) == 4
    assert "<li>Brobygning til netværk og tilbud i lokalområdet</li>" in table
    # On a phone each column is a block headed by its name (site.css), so every cell carries its column's name.
    headings = re.findall(r'<th scope="col">([^<]*)</th>', table)
    assert re.findall(r'<td data-label="([^"]*)">', table) == headings
    assert "Funktionsbeskrivelse" in html  # appendix document


def test_faq_has_anchors_schema_org_markup_and_ends_with_the_contact_form(client, demo_site):
    html = client.get(FAQPage.objects.get().url).content.decode()
    assert 'id="hvem-kan-blive-peer-stoettemedarbejder"' in html
    assert 'href="#hvem-kan-blive-peer-stoettemedarbejder"' in html
    schema = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert schema["@type"] == "FAQPage"
    assert len(schema["mainEntity"]) == 6
    assert schema["mainEntity"][0]["acceptedAnswer"]["text"].startswith("Støtte fra en person")
    assert f'action="{ContactPage.objects.get().url}"' in html
    assert "To modeller for peer-støtte" in html and "downloads" in html  # the material the answers refer to
    assert html.rindex("<form") > html.rindex('class="question"')


def test_contact_person_box_on_pages_that_choose_one(client, demo_site):
    assert "Mette Lund" in client.get("/kontakt/").content.decode()
    assert "Mette Lund" not in client.get("/cookies/").content.decode()


def test_search_shows_titles_and_excerpts_not_page_types_and_paginates(client, demo_site):
    html = client.get("/soeg/?q=peer").content.decode()
    results = re.search(r'<ol class="search-results">.*?</ol>', html, re.S).group(0)
    assert "Modelbeskrivelse" not in results and "Peer-støttemodel" not in results and "Standardside" not in results
    assert results.count("<li>") == 10 and results.count("<mark>") >= 10
    assert re.search(r"\d+ resultater for", html)
    assert client.get("/soeg/?q=").status_code == 200
    assert client.get("/soeg/?q=peer&side=abc").status_code == 200


def test_news_article_attached_documents_are_listed(client, demo_site):
    index = NewsIndexPage.objects.get()
    article = NewsArticlePageFactory(parent=index, documents=documents(DocumentFactory(title="Bilag A")))
    assert "Bilag A" in client.get(article.url).content.decode()


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=st.text(max_size=30))
def test_listing_filters_never_fail_on_odd_input(client, demo_site, value):
    for url in ("/nyheder/", "/publikationer/", "/modelkatalog/", "/soeg/"):
        response = client.get(url, {"kategori": value, "aar": value, "udgiver": value, "emne": value,
                                    "kontekst": value, "side": value, "q": value})
        assert response.status_code == 200, (url, value)


def test_editors_open_and_preview_every_page_type(client, public_pages, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("ed", "ed@example.dk", "password-123456"))
    for page in public_pages:
        assert client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200, page.url
        preview = page.make_preview_request()
        assert preview.status_code == 200, page.url
        assert "public" not in preview.get("Cache-Control", ""), page.url


def test_editors_preview_a_news_article_before_it_is_saved(client, demo_site, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("ed", "ed@example.dk", "password-123456"))
    url = f"/admin/pages/add/cms/newsarticlepage/{NewsIndexPage.objects.get().pk}/"
    data = querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form")
    fields = {"title": "Nyt hold i august", "slug": "nyt-hold-i-august", "intro": "Der er stadig pladser."}
    fields.update({f"{name}-count": "0" for name in ("body", "documents", "related")})  # drawn by the admin's script
    for name, value in fields.items():
        data[name] = value
    assert client.post(url + "preview/", data).json() == {"is_valid": True, "is_available": True}
    preview = client.get(url + "preview/")
    assert preview.status_code == 200 and "Nyt hold i august" in preview.content.decode()
    assert not NewsArticlePage.objects.filter(title="Nyt hold i august").exists()


def test_search_uses_danish_stemming_on_postgresql(client, demo_site, postgres_only):
    html = client.get("/soeg/", {"q": "modellerne"}).content.decode()
    assert "To modeller for peer-støtte" in html


def test_the_home_page_heading_is_a_real_heading_not_the_page_title(client, demo_site):
    html = client.get("/").content.decode()
    assert demo_site.title == "Forside"
    assert re.findall(r"<h1>([^<]*)</h1>", html) == [demo_site.heading] != ["Forside"]
    demo_site.heading = "Inddrag peers i jeres socialpsykiatri"
    demo_site.save_revision().publish()
    assert "<h1>Inddrag peers i jeres socialpsykiatri</h1>" in client.get("/").content.decode()


def test_article_images_are_responsive_and_as_wide_as_the_text(client, demo_site):
    """The article's own image and an image in its body: one <figure>, renditions up to 1600 px for the browser to
    choose from by the text's width (site.css makes a figure's image the text's full width, without an indent)."""
    article = NewsArticlePage.objects.get(slug="saadan-kan-der-skabes-flere-job-til-peers")
    article.body = [*[(block.block_type, block.value) for block in article.body], ("image", article.image)]
    article.save_revision().publish()
    html = client.get(article.url).content.decode()
    figures = re.findall(r"<figure>.*?</figure>", html, re.S)
    assert len(figures) == 2
    for figure in figures:
        assert 'sizes="(max-width: 72.5rem) calc(100vw - 2.5rem), 70rem"' in figure
        assert re.search(r'srcset="[^"]*\.width-400[^"]* 400w, [^"]*\.width-800[^"]* 800w', figure), figure
    css = (settings_module.BASE_DIR / "static_src" / "css" / "site.css").read_text()
    assert "figure { margin: 1.5rem 0; }" in css and "figure img { display: block; width: 100%; }" in css
