"""An email's plain-text part carries what people typed exactly as they typed it (`& < > " '` and Danish letters),
and its HTML part escapes it once (core.email renders the text without HTML escaping, then frames it). Checked on
every email that echoes something a visitor or a member of staff wrote, sent the way the product sends it."""

import pytest
from django.core import mail
from wagtail.models import Page

from core.models import OutboxMessage
from devtools.factories.cms import ContactPageFactory
from devtools.factories.core import UserFactory
from devtools.factories.workflows import CohortFactory, MeetingSignupFactory, RegistrationFactory, municipality
from workflows.course.models import Course
from workflows.course.notifications import send_kickoff_invitation
from workflows.meetings import notifications as meeting_notifications
from workflows.registration import notifications, services
from workflows.steps.notifications import send_task_assigned

pytestmark = pytest.mark.django_db

TYPED = "Karen & Co <b>\"test\"</b> 'Ærø'"
ESCAPED = "Karen &amp; Co &lt;b&gt;&quot;test&quot;&lt;/b&gt; &#x27;Ærø&#x27;"


def assert_as_typed(message, typed=TYPED):
    assert typed in message.body_text, message.template
    assert "&amp;" not in message.body_text and "&lt;" not in message.body_text, message.template
    assert ESCAPED in message.body_html, message.template  # escaped once in the HTML part
    assert "&amp;lt;" not in message.body_html and "<b>\"test\"</b>" not in message.body_html, message.template


def test_every_email_that_echoes_what_people_typed(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        signup = MeetingSignupFactory(name=TYPED)
        meeting_notifications.send_meeting_confirmation(signup)
        meeting_notifications.send_meeting_reminder(signup)
        meeting_notifications.send_meeting_cancellation(signup)
        meeting_notifications.send_meeting_followup(signup)

        cohort = CohortFactory()
        registration = services.submit(RegistrationFactory.build(
            cohort=cohort, programme=cohort.programme, municipality=municipality("aeroe"), contact_name=TYPED,
            second_contact_name="Søren <i>Øster</i>", second_contact_email="soeren@aeroe.example.dk"))
        notifications.send_status_link(registration)
        services.decide(registration, "decline", reason=f"Begrundelse: {TYPED}")

        course = Course.objects.create(registration=registration, starts_on=cohort.starts_on,
                                       kickoff_at=cohort.registration_closes, kickoff_place=TYPED)
        send_kickoff_invitation(course)

        contact = ContactPageFactory(parent=Page.objects.get(depth=2))
        client.post(contact.url, {"navn": TYPED, "e_mail": "karen@aeroe.example.dk", "emne": "Andet",
                                  "besked": TYPED})

        owner = UserFactory(first_name="Åse", last_name="<Hansen> & Co")
        task = registration.processes.get().task_set.get(flow_task_type="HUMAN")
        task.owner = owner
        send_task_assigned(task)

    for template in ("meeting_confirmation", "meeting_reminder", "meeting_cancelled", "meeting_followup",
                     "registration_received", "status_link", "registration_decision", "contact_submission"):
        message = OutboxMessage.objects.filter(template=template).first()
        assert message is not None, template
        assert_as_typed(message)
    for message in OutboxMessage.objects.filter(template="course_kickoff"):
        assert f"Sted: {TYPED}" in message.body_text  # the place, as typed
    second = OutboxMessage.objects.get(template="course_kickoff", recipient="soeren@aeroe.example.dk")
    assert second.body_text.startswith("Kære Søren <i>Øster</i>\n")  # greeted by their own name
    assert "Kære Søren &lt;i&gt;Øster&lt;/i&gt;" in second.body_html
    assigned = OutboxMessage.objects.get(template="task_assigned")
    assert "Kære Åse <Hansen> & Co" in assigned.body_text
    notice = OutboxMessage.objects.get(template="contact_submission")
    assert notice.subject == "Henvendelse fra hjemmesiden: Andet"  # the page's subject, then the chosen topic
    assert mail.outbox  # they were sent, too


def test_the_answers_in_the_confirmation_and_the_managers_copy_are_as_typed(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        cohort = CohortFactory()
        services.submit(RegistrationFactory.build(
            cohort=cohort, programme=cohort.programme, municipality=municipality("aeroe"), motivation=TYPED,
            manager_name=TYPED, manager_email="leder@aeroe.example.dk"))
    confirmation, copy = OutboxMessage.objects.filter(template="registration_received").order_by("pk")
    assert copy.recipient == "leder@aeroe.example.dk"
    for message in (confirmation, copy):
        assert_as_typed(message)
        assert f"Motivation:\n{TYPED}\n" in message.body_text
