"""The public forms: contact, comments, newsletter. Each keeps the visitor's input and answers in Danish on bad
input, throws spam away, limits floods, refuses cross-site posts and keeps personal data only as long as needed."""

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.contrib.forms.models import FormSubmission

from cms.models import Comment, HomePage, NewsletterIssue, Subscriber
from core.models import OutboxMessage, RateLimitCounter
from core.scheduler import run_due_jobs
from devtools.factories.cms import (
    CommentFactory,
    ContactPageFactory,
    FAQPageFactory,
    SubscriberFactory,
)

pytestmark = pytest.mark.django_db

CONTACT = {
    "navn": "Lise Holm", "e_mail": "lise@kommune.dk", "emne": "Peer-uddannelse",
    "besked": "Hvornår starter næste hold?",
}


@pytest.fixture
def contact_page():
    return ContactPageFactory(parent=HomePage.objects.get())


# --- Contact form ---------------------------------------------------------------------------------------


def test_contact_form_shows_the_privacy_warning_and_the_topics(client, contact_page):
    html = client.get(contact_page.url).content.decode()
    assert "Send ikke CPR-numre eller oplysninger om dit eget eller andres helbred." in html
    assert "slettes efter 180 dage" in html
    assert '<option value="Peer-uddannelse">Peer-uddannelse</option>' in html


def test_forms_that_post_to_their_own_page_have_no_empty_action(client, contact_page):
    """An empty action attribute is invalid HTML (it must be a non-empty URL); without one a form posts to its page."""
    for url in (contact_page.url, "/nyhedsbrev/"):
        html = client.get(url).content.decode()
        assert '<form class="public-form" method="post" novalidate>' in html and 'action=""' not in html, url


def test_contact_submission_is_stored_and_emailed(client, contact_page, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(contact_page.url, CONTACT)
    assert response.status_code == 302
    submission = FormSubmission.objects.get(page=contact_page)
    assert submission.get_data()["besked"] == "Hvornår starter næste hold?"
    assert "website" not in submission.form_data
    message = OutboxMessage.objects.get(template="contact_submission")
    assert message.recipient == "kontakt@peer-raadgivning.local" and message.reply_to == "lise@kommune.dk"
    assert len(mail.outbox) == 1
    assert "Hvornår starter næste hold?" in mail.outbox[0].body and "Peer-uddannelse" in mail.outbox[0].body
    assert mail.outbox[0].reply_to == ["lise@kommune.dk"]
    assert not response.cookies


def test_a_sent_contact_form_redirects_so_that_reloading_the_thanks_sends_nothing_again(
    client, contact_page, django_capture_on_commit_callbacks
):
    """Post/Redirect/Get: the thanks is a page of its own (no cookie carries the state), so reloading it or going
    back and forth never submits the form a second time."""
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(contact_page.url, CONTACT)
    assert response.status_code == 302 and response["Location"] == contact_page.url + "?sendt=1"
    assert not response.cookies
    for _reload in range(2):
        thanks = client.get(response["Location"])
        html = thanks.content.decode()
        assert thanks.status_code == 200 and "Tak for din henvendelse" in html
        assert 'name="besked"' not in html
        assert not thanks.cookies and "public" in thanks["Cache-Control"]
    assert FormSubmission.objects.count() == 1 and len(mail.outbox) == 1


def test_contact_form_bad_input_gives_danish_errors_and_keeps_the_input(client, contact_page):
    response = client.post(contact_page.url, {**CONTACT, "e_mail": "ikke-en-adresse", "navn": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Formularen blev ikke sendt" in html
    assert "Indtast en gyldig e-mail-adresse." in html and "Dette felt er påkrævet." in html
    assert 'value="ikke-en-adresse"' in html and "Hvornår starter næste hold?" in html
    assert '<option value="Peer-uddannelse" selected>' in html
    assert not FormSubmission.objects.exists() and not OutboxMessage.objects.exists()


EIGHT_MB = "x" * 8_000_000


def test_contact_form_has_a_maximum_shown_counted_and_enforced(client, contact_page):
    """The attack: an 8 MB message was stored and then mailed as 17 MB. Every text field has a maximum now."""
    html = client.get(contact_page.url).content.decode()
    assert 'maxlength="5000"' in html and "Højst 5.000 tegn." in html and "js/counter.js" in html
    assert 'maxlength="255"' in html  # the one-line name field (Wagtail's own maximum)

    response = client.post(contact_page.url, {**CONTACT, "besked": EIGHT_MB})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Formularen blev ikke sendt" in html
    assert "Denne værdi må højst have 5000 tegn (den har 8000000)." in html
    assert "Lise Holm" in html and 'value="lise@kommune.dk"' in html  # the input is kept
    assert not FormSubmission.objects.exists() and not OutboxMessage.objects.exists()

    for field in ("navn", "e_mail", "emne", "website"):
        response = client.post(contact_page.url, {**CONTACT, field: EIGHT_MB})
        assert response.status_code == 200, field
        assert not FormSubmission.objects.exists() and not OutboxMessage.objects.exists(), field
    assert client.post(contact_page.url, {**CONTACT, "besked": "x" * 5000}).status_code == 302  # the maximum is fine


def test_every_text_field_a_contact_page_can_have_has_a_maximum(contact_page):
    from cms.models.contact import ContactFormField

    for field_type in ("singleline", "multiline", "email", "url", "hidden"):
        ContactFormField.objects.create(page=contact_page, label=f"Felt {field_type}", field_type=field_type,
                                        required=False)
    form = contact_page.get_form(page=contact_page)
    for name, field in form.fields.items():
        if hasattr(field, "max_length"):
            assert field.max_length and field.max_length <= 5000, name


def test_comments_and_newsletter_refuse_eight_megabytes_keeping_the_input(client, article):
    page = client.get(article.url).content.decode()
    assert 'maxlength="3000"' in page and "Højst 3.000 tegn." in page and "js/counter.js" in page
    response = client.post(article.url, {"name": "Mona", "email": "mona@example.dk", "body": EIGHT_MB})
    html = response.content.decode()
    assert response.status_code == 200 and "Denne værdi må højst have 3000 tegn (den har 8000000)." in html
    assert 'value="Mona"' in html
    for field in ("name", "email", "website"):
        data = {"name": "Mona", "email": "mona@example.dk", "body": "Tak", field: EIGHT_MB}
        assert client.post(article.url, data).status_code == 200, field
    assert not Comment.objects.exists()

    for data in ({"email": EIGHT_MB}, {"email": "mona@example.dk", "website": EIGHT_MB}):
        response = client.post("/nyhedsbrev/", data)
        assert response.status_code == 200 and "Formularen blev ikke sendt" in response.content.decode()
    assert not Subscriber.objects.exists() and not OutboxMessage.objects.exists()


def test_contact_form_honeypot_keeps_nothing(client, contact_page):
    response = client.post(contact_page.url, {**CONTACT, "website": "http://spam.example"})
    assert response.status_code == 302  # thanked like anyone else
    assert not FormSubmission.objects.exists() and not OutboxMessage.objects.exists()


def test_contact_form_is_rate_limited_per_visitor(client, contact_page):
    for _ in range(5):
        client.post(contact_page.url, CONTACT)
    response = client.post(contact_page.url, CONTACT)
    html = response.content.decode()
    assert "Du har sendt formularen mange gange på kort tid." in html
    assert "Hvornår starter næste hold?" in html  # input kept
    assert FormSubmission.objects.count() == 5
    assert client.post(contact_page.url, CONTACT, REMOTE_ADDR="10.0.0.9").status_code == 302
    assert FormSubmission.objects.count() == 6  # another visitor is not affected


def test_rate_limit_counts_the_visitor_behind_the_proxy_not_the_proxy(client, contact_page, settings):
    settings.PROXY_COUNT = 1
    for n in range(6):
        client.post(contact_page.url, CONTACT, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    assert FormSubmission.objects.count() == 6


def test_newsletter_and_comments_count_what_was_accepted_each_on_its_own(client, article, settings):
    limit = settings.PUBLIC_FORM_RATE_LIMIT
    for _ in range(limit + 1):  # a visitor who keeps getting the address wrong is never blocked by it
        html = client.post("/nyhedsbrev/", {"email": "mona@"}).content.decode()
        assert "Indtast en gyldig e-mail-adresse." in html and "mange gange" not in html
    for n in range(limit):
        assert client.post("/nyhedsbrev/", {"email": f"mona{n}@example.dk"}).status_code == 302
    html = client.post("/nyhedsbrev/", {"email": "mona@example.dk"}).content.decode()
    assert "Du har sendt formularen mange gange på kort tid." in html and 'value="mona@example.dk"' in html
    assert Subscriber.objects.count() == limit
    comment = {"name": "Mona", "email": "mona@example.dk", "body": "Tak for artiklen"}
    assert client.post(article.url, comment).status_code == 302  # another form, its own count


def test_cross_site_posts_are_refused_and_same_site_posts_accepted(client, contact_page):
    assert client.post(contact_page.url, CONTACT, HTTP_ORIGIN="https://evil.example").status_code == 403
    assert not FormSubmission.objects.exists()
    assert client.post(contact_page.url, CONTACT, HTTP_ORIGIN="http://testserver").status_code == 302
    assert FormSubmission.objects.count() == 1


def test_admin_views_keep_django_csrf_protection(contact_page, django_user_model):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(django_user_model.objects.create_superuser("boss", "b@example.dk", "password-123456"))
    assert client.post(f"/admin/pages/{contact_page.pk}/edit/", {}).status_code == 403


def test_faq_page_form_posts_to_the_contact_page(client, contact_page):
    faq = FAQPageFactory(parent=HomePage.objects.get(), contact_form=contact_page)
    html = client.get(faq.url).content.decode()
    assert f'action="{contact_page.url}"' in html and 'name="besked"' in html


def test_contact_submissions_are_deleted_after_the_retention_period(client, contact_page):
    client.post(contact_page.url, CONTACT)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=100), tick=False):
        client.post(contact_page.url, {**CONTACT, "besked": "Nyere"}, REMOTE_ADDR="10.0.0.2")
    with time_machine.travel(timezone.now() + datetime.timedelta(days=181), tick=False):
        run_due_jobs()
    assert [s.get_data()["besked"] for s in FormSubmission.objects.all()] == ["Nyere"]


# --- Comments -------------------------------------------------------------------------------------------


def test_comment_is_shown_only_after_approval(client, article):
    response = client.post(article.url, {"name": "Jonas", "email": "jonas@example.dk", "body": "Godt skrevet!"})
    assert response.status_code == 302 and response["Location"].endswith("?kommentar=modtaget#kommentarer")
    page = client.get(response["Location"]).content.decode()
    assert "Din kommentar vises, når en redaktør har godkendt den." in page
    assert "Godt skrevet!" not in page
    Comment.objects.update(approved=True)
    assert "Godt skrevet!" in client.get(article.url).content.decode()
    assert "jonas@example.dk" not in client.get(article.url).content.decode()


def test_comment_bad_input_keeps_the_text(client, article):
    response = client.post(article.url, {"name": "", "email": "nej", "body": "Min lange kommentar"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Dette felt er påkrævet." in html and "Indtast en gyldig e-mail-adresse." in html
    assert "Min lange kommentar" in html and 'value="nej"' in html
    assert "no-cache" in response["Cache-Control"]
    assert not Comment.objects.exists()


def test_comment_honeypot_and_closed_comments(client, article):
    client.post(article.url, {"name": "Bot", "email": "bot@example.dk", "body": "Køb nu", "website": "x"})
    assert not Comment.objects.exists()
    article.comments_enabled = False
    article.save_revision().publish()
    html = client.get(article.url).content.decode()
    assert "Der er lukket for kommentarer" in html and 'name="body"' not in html
    client.post(article.url, {"name": "Jonas", "email": "jonas@example.dk", "body": "Hej"})
    assert not Comment.objects.exists()


def test_editor_approves_a_comment_in_the_admin(client, article, django_user_model):
    comment = CommentFactory(article=article, approved=False, body="Venter på godkendelse")
    client.force_login(django_user_model.objects.create_superuser("ed", "ed@example.dk", "password-123456"))
    dashboard = client.get("/admin/").content.decode()
    assert "1 kommentar til nyhederne venter på en redaktør." in dashboard
    listing = client.get(reverse("news_comments:index") + "?approved=false").content.decode()
    assert "Venter på godkendelse" in listing
    response = client.post(reverse("news_comments:edit", args=[comment.pk]),
                           {"approved": "on", "name": comment.name, "body": comment.body})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.approved


def test_unapproved_comments_are_deleted_after_three_months(article):
    CommentFactory(article=article, approved=False, body="Glemt")
    CommentFactory(article=article, approved=True, body="Godkendt")
    with time_machine.travel(timezone.now() + datetime.timedelta(days=91), tick=False):
        run_due_jobs()
    assert list(Comment.objects.values_list("body", flat=True)) == ["Godkendt"]


# --- Newsletter -----------------------------------------------------------------------------------------


def confirm_link(message):
    return re.search(r"http://[^/]+(/nyhedsbrev/bekraeft/[^/]+/)", message.body).group(1)


def test_newsletter_double_opt_in_and_unsubscribe(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/nyhedsbrev/", {"email": "Mona@Example.dk"})
    assert response.status_code == 302 and response["Location"] == "/nyhedsbrev/?sendt=1"
    assert "Vi har sendt dig en e-mail" in client.get(response["Location"]).content.decode()
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "mona@example.dk" and subscriber.status == "pending"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["mona@example.dk"]
    link = confirm_link(mail.outbox[0])
    confirm_page = client.get(link)
    assert "Vil du have vores nyhedsbrev" in confirm_page.content.decode()
    assert "private" in confirm_page["Cache-Control"] and not confirm_page.cookies
    subscriber.refresh_from_db()
    assert subscriber.status == "pending"  # opening the link (or a mail scanner) confirms nothing
    confirmed = client.post(link)
    assert confirmed.status_code == 302 and confirmed["Location"] == link  # reloading the answer confirms nothing
    assert "får nu vores nyhedsbrev" in client.get(link).content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == "confirmed" and subscriber.confirmed_at
    unsubscribed = client.post(subscriber.unsubscribe_url())
    assert unsubscribed.status_code == 302 and unsubscribed["Location"] == subscriber.unsubscribe_url()
    assert "får ikke længere vores nyhedsbrev" in client.get(subscriber.unsubscribe_url()).content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == "unsubscribed"


def test_newsletter_signup_does_not_resend_to_confirmed_subscribers(client, django_capture_on_commit_callbacks):
    SubscriberFactory(email="kendt@example.dk", status="confirmed")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/nyhedsbrev/", {"email": "kendt@example.dk"})
    assert response.status_code == 302
    assert not mail.outbox


def test_newsletter_bad_input_and_unknown_tokens(client):
    response = client.post("/nyhedsbrev/", {"email": "mona@"})
    html = response.content.decode()
    assert response.status_code == 200 and "Indtast en gyldig e-mail-adresse." in html and 'value="mona@"' in html
    assert client.get("/nyhedsbrev/bekraeft/findes-ikke/").status_code == 404
    assert client.post("/nyhedsbrev/afmeld/findes-ikke/").status_code == 404
    assert not Subscriber.objects.exists()


def test_unconfirmed_signups_are_forgotten_after_two_weeks():
    SubscriberFactory(email="glemt@example.dk")
    SubscriberFactory(email="bekraeftet@example.dk", status="confirmed")
    with time_machine.travel(timezone.now() + datetime.timedelta(days=15), tick=False):
        run_due_jobs()
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["bekraeftet@example.dk"]


def test_staff_export_the_subscriber_list(client, django_user_model):
    SubscriberFactory(email="a@example.dk", status="confirmed")
    client.force_login(django_user_model.objects.create_superuser("staff", "s@example.dk", "password-123456"))
    response = client.get(reverse("newsletter_subscribers:index") + "?export=csv")
    assert response.status_code == 200
    assert "a@example.dk" in b"".join(response.streaming_content).decode()


# --- Any input at all -----------------------------------------------------------------------------------


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=200), email=st.one_of(st.emails(), st.text(max_size=50)))
def test_public_forms_never_fail_on_any_input(client, contact_page, article, text, email):
    RateLimitCounter.objects.all().delete()  # every example is a fresh visitor
    for url, data in (
        (contact_page.url, {"navn": text, "e_mail": email, "emne": text, "besked": text}),
        (article.url, {"name": text, "email": email, "body": text}),
        ("/nyhedsbrev/", {"email": email}),
    ):
        response = client.post(url, data)
        assert response.status_code in (200, 302), (url, data)


# --- Sending a newsletter -------------------------------------------------------------------------------


def test_newsletter_goes_to_confirmed_subscribers_each_with_an_unsubscribe_link(
    client, django_user_model, django_capture_on_commit_callbacks
):
    confirmed = [SubscriberFactory(email=f"{name}@example.dk", status="confirmed") for name in ("anna", "bo")]
    SubscriberFactory(email="ventende@example.dk")
    SubscriberFactory(email="afmeldt@example.dk", status="unsubscribed")
    issue = NewsletterIssue.objects.create(subject="Nyt fra peer-rådgivningen", body="<p>Nye hold i august.</p>")
    client.force_login(django_user_model.objects.create_superuser("staff", "s@example.dk", "password-123456"))
    send_url = reverse("newsletter_issues:send", args=[issue.pk])
    assert send_url in client.get(reverse("newsletter_issues:index")).content.decode()
    assert "2 bekræftede abonnenter" in client.get(send_url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(send_url).status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == ["anna@example.dk", "bo@example.dk"]
    for subscriber in confirmed:
        message = next(m for m in mail.outbox if m.to == [subscriber.email])
        assert message.subject == "Nyt fra peer-rådgivningen" and "Nye hold i august." in message.body
        assert subscriber.unsubscribe_url() in message.body
        assert subscriber.unsubscribe_url() in message.alternatives[0][0]
    issue.refresh_from_db()
    assert issue.sent_at and issue.recipient_count == 2
    with django_capture_on_commit_callbacks(execute=True):
        client.post(send_url)  # a second click sends nothing
    assert len(mail.outbox) == 2
