"""The public website's personal data answers access and erasure requests: contact messages, newsletter, comments."""

import pytest
from wagtail.contrib.forms.models import FormSubmission

from cms.models import Comment, HomePage, Subscriber
from core.personal_data import erase_person, export_person
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
