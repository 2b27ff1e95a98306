"""The public website's personal data answers access and erasure requests: contact messages, newsletter, comments."""

import pytest
from wagtail.contrib.forms.models import FormSubmission

from cms.models import Comment, HomePage, Subscriber
from core.models import OutboxMessage
from core.personal_data import erase_person, export_person, preview
from devtools.factories.cms import CommentFactory, ContactPageFactory, NewsArticlePageFactory, SubscriberFactory

pytestmark = pytest.mark.django_db


def test_export_then_erase_everything_the_site_holds_about_a_person():
    home = HomePage.objects.get()
    contact = ContactPageFactory(parent=home)
    lone = {"navn": "Lone", "e_mail": "Lone@Example.dk", "besked": "Hej"}
    FormSubmission.objects.create(page=contact, form_data=lone)
    FormSubmission.objects.create(page=contact, form_data={"navn": "Per", "e_mail": "per@example.dk", "besked": "Hej"})
    SubscriberFactory(email="lone@example.dk")
    CommentFactory(article=NewsArticlePageFactory(parent=home), email="lone@example.dk")

    data = export_person("lone@example.dk")
    assert [m["besked"] for m in data["Henvendelser via kontaktformularen"]] == ["Hej"]
    assert data["Tilmelding til nyhedsbrevet"][0]["email"] == "lone@example.dk"
    assert data["Kommentarer til nyheder"][0]["comment"] == "Tak for en god artikel."

    counts = erase_person("lone@example.dk")
    assert counts["Henvendelser via kontaktformularen"] == 1
    assert counts["Tilmelding til nyhedsbrevet"] == 1 and counts["Kommentarer til nyheder"] == 1
    assert FormSubmission.objects.get().form_data["navn"] == "Per"  # someone else's message stays
    assert not Subscriber.objects.exists() and not Comment.objects.exists()


def test_others_messages_lose_only_the_mention_and_a_namesakes_own_message_is_hers():
    """Lone Berg writes to the agency; Per writes about her; another Lone Berg writes about something else. Erasing
    the first Lone removes her message, the mention in Per's (and in its notification, which is about her too),
    and leaves the namesake's message and notification as they were."""
    contact = ContactPageFactory(parent=HomePage.objects.get())
    mine = FormSubmission.objects.create(page=contact, form_data={"navn": "Lone Berg", "e_mail": "lone@example.dk",
                                                                  "besked": "Hej"})
    pers = FormSubmission.objects.create(page=contact, form_data={
        "navn": "Per Holm", "e_mail": "per@example.dk", "besked": "Jeg har talt med Lone Berg om det."})
    namesakes = FormSubmission.objects.create(page=contact, form_data={
        "navn": "Lone Berg", "e_mail": "lone.berg@other.dk", "besked": "Hvornår starter næste hold?"})
    to_agency = {"recipient": "kontakt@styrelsen.example.dk", "template": "contact_submission", "subject": "Kontakt"}
    per_mail = OutboxMessage.objects.create(**to_agency, reply_to="per@example.dk",
                                            body_text="Navn:\nPer Holm\nBesked:\nJeg har talt med Lone Berg om det.")
    namesake_mail = OutboxMessage.objects.create(**to_agency, reply_to="lone.berg@other.dk",
                                                 body_text="Navn:\nLone Berg\nBesked:\nHvornår starter næste hold?")

    changes = {(c.model, c.pk): c for c in preview("lone@example.dk")}
    assert changes[("wagtailforms.FormSubmission", mine.pk)].action == "delete"
    assert changes[("wagtailforms.FormSubmission", pers.pk)].labels == ["besked"]
    assert ("wagtailforms.FormSubmission", namesakes.pk) not in changes
    assert ("core.OutboxMessage", per_mail.pk) in changes and ("core.OutboxMessage", namesake_mail.pk) not in changes

    erase_person("lone@example.dk")
    assert not FormSubmission.objects.filter(pk=mine.pk).exists()
    pers.refresh_from_db()
    assert pers.form_data == {"navn": "Per Holm", "e_mail": "per@example.dk",
                              "besked": "Jeg har talt med [slettet] om det."}
    namesakes.refresh_from_db()
    assert namesakes.form_data["navn"] == "Lone Berg"
    assert OutboxMessage.objects.get(pk=per_mail.pk).body_text.endswith("talt med [slettet] om det.")
    assert OutboxMessage.objects.get(pk=namesake_mail.pk).body_text.startswith("Navn:\nLone Berg")
