"""An erasure request leaves nothing behind: a person is put in every place the product stores people, a
coordinator erases them by their address alone, and a full dump of the database (SQLite's .dump, PostgreSQL's
pg_dump) no longer holds their address, name or phone number anywhere. And every text field of every model is
either searched by an erasure or declared free of personal data, so a new field cannot be forgotten."""

import json
import os
import subprocess

import pytest
from django.db import connection
from wagtail.models import Page

from cms.models import Subscriber
from core.personal_data import uncovered_fields
from devtools.factories.cms import CommentFactory, ContactPageFactory, NewsArticlePageFactory, NewsIndexPageFactory
from devtools.factories.workflows import CohortFactory, MeetingSignupFactory, RegistrationFactory, municipality
from tests.support.course import accepted_registration, staff
from workflows.models import CaseNote, Enrolment, GuidanceSession
from workflows.registration import services

EMAIL = "karen.stroemgaard@kommune.example.dk"
NAME = "Karen Strømgaard"
PHONE = "87 65 43 21"


def dump():
    """Every row of every table, as SQL text."""
    if connection.vendor == "sqlite":
        return "\n".join(connection.connection.iterdump())
    db = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
    command = ["pg_dump", "--data-only", "-h", db.get("HOST") or "127.0.0.1", "-p", str(db.get("PORT") or 5432),
               "-U", db.get("USER") or "postgres", db["NAME"]]
    return subprocess.run(command, check=True, capture_output=True, text=True, env=env).stdout


def traces(text):
    """Where the person still stands in `text`: address, name (also as JSON escapes it) and phone, any spacing."""
    wanted = {EMAIL, NAME, json.dumps(NAME)[1:-1], PHONE, PHONE.replace(" ", ""), "Strømgaard",
              json.dumps("Strømgaard")[1:-1]}
    lowered = text.lower()
    return {term: lowered.count(term.lower()) for term in wanted if term.lower() in lowered}


def put_the_person_everywhere(client):
    home = Page.objects.get(depth=2)
    # Public site: a contact-form message (stored, and emailed to the agency with her as reply-to), a newsletter
    # sign-up, a comment of hers and another's comment that names her.
    contact = ContactPageFactory(parent=home)
    response = client.post(contact.url, {"navn": NAME, "e_mail": EMAIL, "emne": "Andet",
                                         "besked": f"Ring gerne på {PHONE}."})
    assert response.status_code in (200, 302)
    Subscriber.objects.create(email=EMAIL, status=Subscriber.Status.CONFIRMED)
    article = NewsArticlePageFactory(parent=NewsIndexPageFactory(parent=home))
    CommentFactory(article=article, name=NAME, email=EMAIL, body="Spændende!")
    CommentFactory(article=article, body=f"Enig med {NAME}.")

    # Programme: an information meeting, her municipality's registration (receipt emailed to her), another
    # municipality whose answers and a staff note mention her, and a course where she is a participant.
    MeetingSignupFactory(name=NAME, email=EMAIL)
    cohort = CohortFactory()
    services.submit(RegistrationFactory.build(
        cohort=cohort, programme=cohort.programme, municipality=municipality("ringkoebing-skjern"),
        contact_name=NAME, contact_email=EMAIL, contact_phone=PHONE,
    ))
    adviser, _colleague, _coordinator = staff()
    course_case = accepted_registration("horsens", adviser=adviser)
    course_case.motivation = f"Vi har talt med {NAME} fra Ringkøbing-Skjern, tlf. {PHONE.replace(' ', '')}."
    course_case.second_contact_name, course_case.second_contact_email = NAME, EMAIL
    course_case.save()
    CaseNote.objects.create(registration=course_case, author=adviser, text=f"Aftalt med {NAME} ({EMAIL}).")
    course = course_case.course
    Enrolment.objects.create(course=course, module=course.registration.programme.modules.first(),
                             participant=f"{NAME} (peer)")
    GuidanceSession.objects.create(course=course, number=1, held_on=course.starts_on,
                                   notes=f"{NAME} deltog og fortalte om sin peer-uddannelse.")


@pytest.mark.django_db(transaction=True)
def test_after_erasure_a_full_dump_holds_no_trace_of_the_person(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        put_the_person_everywhere(client)
    before = traces(dump())
    assert before.get(EMAIL, 0) >= 8 and NAME in before and PHONE in before, before

    coordinator = staff()[2]
    client.force_login(coordinator)
    response = client.post("/admin/persondata/", {"email": EMAIL, "action": "preview"})
    response = client.post("/admin/persondata/", {"email": EMAIL, "action": "erase", "confirm": "on",
                                                  "digest": response.context["digest"]})
    assert response.status_code == 302

    assert traces(dump()) == {}


def test_every_text_field_is_searched_by_erasure_or_declared_free_of_personal_data():
    assert uncovered_fields() == []
