"""What visitors and editors do on the public site, end to end in headless Chromium."""

import re

import pytest
from django.core import mail
from wagtail.contrib.forms.models import FormSubmission

from cms.models import Comment, NewsArticlePage, PublicationPage, Subscriber
from devtools.demo import cms as demo
from tests.support.browser import sign_in_as_administrator, write_news_item

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server):
    demo.build(lambda message: None)
    return live_server.url


def test_visitor_sends_the_contact_form_and_the_agency_gets_an_email(site, page):
    page.goto(site + "/spoergsmaal/")
    page.get_by_label("Navn").fill("Lise Holm")
    page.get_by_label("E-mail").fill("lise@kommune.dk")
    page.get_by_label("Emne").select_option("Rådgivningsforløbet")
    page.get_by_label("Besked").fill("Hvornår er der informationsmøde?")
    page.get_by_role("button", name="Send", exact=True).click()
    assert "Vi svarer inden for fem arbejdsdage" in page.locator("main").inner_text()
    assert FormSubmission.objects.get().get_data()["emne"] == "Rådgivningsforløbet"
    assert [m.to for m in mail.outbox] == [["kontakt@peer-raadgivning.local"]]
    assert "Hvornår er der informationsmøde?" in mail.outbox[0].body
    assert page.context.cookies() == []


def test_visitor_signs_up_for_the_newsletter_and_confirms_by_the_emailed_link(site, page):
    page.goto(site + "/")
    page.get_by_role("link", name="Tilmeld dig nyhedsbrevet").click()
    page.get_by_label("Din e-mailadresse").fill("mona@example.dk")
    page.get_by_role("button", name="Tilmeld", exact=True).click()
    assert "Vi har sendt dig en e-mail" in page.locator("main").inner_text()
    assert Subscriber.objects.get().status == "pending"
    link = re.search(r"http://[^/\s]+(/nyhedsbrev/bekraeft/\S+/)", mail.outbox[0].body).group(1)
    page.goto(site + link)
    page.get_by_role("button", name="Ja, bekræft").click()
    assert "mona@example.dk får nu vores nyhedsbrev" in page.locator("main").inner_text()
    assert Subscriber.objects.get().status == "confirmed"
    assert page.context.cookies() == []


def test_reader_comments_and_an_editor_approves_it_in_the_admin(site, page):
    article = NewsArticlePage.objects.get(slug="hvad-er-peer-stoette")
    page.goto(site + article.url)
    page.get_by_label("Navn").fill("Jonas")
    page.get_by_label("E-mail").fill("jonas@example.dk")
    page.get_by_role("textbox", name="Kommentar").fill("Tak, det var en hjælp.")
    page.get_by_role("button", name="Send kommentar").click()
    assert "Din kommentar vises, når en redaktør har godkendt den." in page.locator("main").inner_text()
    assert "Tak, det var en hjælp." not in page.locator("#kommentarer").inner_text()

    sign_in_as_administrator(page, site)
    comment = Comment.objects.get(name="Jonas")
    page.goto(site + f"/admin/news_comments/edit/{comment.pk}/")
    page.locator("input[name=approved]").check()
    page.get_by_role("button", name="Gem").click()
    page.wait_for_url(re.compile(r".*/admin/news_comments/$"))
    comment.refresh_from_db()
    assert comment.approved
    page.goto(site + article.url)
    assert "Tak, det var en hjælp." in page.locator("#kommentarer").inner_text()


def test_downloading_a_publication_raises_its_count(site, page):
    publication = PublicationPage.objects.get(title="Inspirationsguide til peer-støtte")
    page.goto(site + publication.url)
    assert page.locator(".download-count").count() == 0  # no "0 downloads" beside a new file
    with page.expect_download() as download:
        page.locator("a.download").first.click()
    assert download.value.suggested_filename.endswith(".pdf")
    page.reload()
    assert "1 download" in page.locator(".downloads").inner_text()


def test_an_administrator_writes_and_publishes_a_news_article(site, page):
    sign_in_as_administrator(page, site)
    write_news_item(page, site, "Nyt hold i august", "Tilmeld jer senest 1. oktober.")
    page.locator("button[name=action-publish]").click()
    page.wait_for_url(re.compile(r".*/admin/pages/\d+/$"))
    assert NewsArticlePage.objects.get(title="Nyt hold i august").live
