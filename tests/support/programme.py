"""Helpers shared by the programme's tests (tests/programme/) and the tests that need its emails and forms."""

import re
import threading
from datetime import timedelta

from django.core import mail
from django.db import connection
from django.utils import timezone
from icalendar import Calendar

from devtools.factories.workflows import CohortFactory, RegistrationFactory


def add_cohorts(programme):
    """Two cohorts as the demo's programme has them: one open for registration, one whose registration has closed."""
    today = timezone.localdate()
    CohortFactory(programme=programme, label="Januar 2027", starts_on=today + timedelta(days=60))
    CohortFactory(programme=programme, label="August 2027", starts_on=today + timedelta(days=240),
                  registration_closes=timezone.now() - timedelta(days=1))


def at_the_same_moment(work, items, timeout=120):
    """Run `work(item)` for every item in a thread of its own, all released at once, each on its own database
    connection (closed after). Returns the exceptions raised: an empty list when all went well."""
    start = threading.Barrier(len(items))
    errors = []

    def run(item):
        try:
            start.wait()
            work(item)
        except Exception as error:  # noqa: BLE001 - every error is a failure of the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(item,)) for item in items]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return errors


def registration_post(cohort, municipality, **overrides):
    """The POST body of the public registration form, as a browser sends it."""
    answers = RegistrationFactory.build(cohort=cohort, municipality=municipality)
    data = {
        "cohort": cohort.pk, "municipality": municipality.pk,
        "contact_name": answers.contact_name, "contact_email": f"peer@{municipality.code}.example.dk",
        "contact_phone": answers.contact_phone, "second_contact_name": "", "second_contact_email": "",
        "manager_name": answers.manager_name, "manager_title": answers.manager_title,
        "manager_email": f"chef@{municipality.code}.example.dk", "peer_experience": answers.peer_experience,
        "peer_experience_details": answers.peer_experience_details, "work_areas": answers.work_areas,
        "motivation": answers.motivation, "expected_participants": answers.expected_participants, "consent": "on",
    }
    data.update(overrides)
    return data


def emails_to(address):
    return [message for message in mail.outbox if address in message.to]


def only_email_to(address, subject=None):
    [message] = [m for m in emails_to(address) if subject is None or m.subject == subject]
    return message


def html_body(message):
    return next(content for content, mimetype in message.alternatives if mimetype == "text/html")


def links_in(text):
    return re.findall(r"https?://[^\s<>\"]+", text)


def path_of(url):
    return "/" + url.split("//", 1)[1].split("/", 1)[1]


def ics_events(message):
    """Parse every .ics attachment with icalendar and return its VEVENTs."""
    events = []
    for attachment in message.attachments:
        if isinstance(attachment, tuple):
            filename, content, mimetype = attachment
        else:  # a MIME part of its own (core.email sends calendar files base64-encoded with method=)
            filename, content, mimetype = (attachment.get_filename(), attachment.get_payload(decode=True),
                                           attachment.get_content_type())
        if filename.endswith(".ics"):
            assert mimetype.startswith("text/calendar")
            events += Calendar.from_ical(content).walk("VEVENT")
    return events

