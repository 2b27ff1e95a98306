"""The staff side of "Jeres forløb": the case page shows the municipality's people to whoever may see the case's
contacts, the timeline shows who was invited and removed (read from the people's own records), and the audit log
holds both actions."""

import re
from datetime import datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.template.defaultfilters import date as date_filter
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _
from wagtail.log_actions import registry as log_actions
from wagtail.models import ModelLogEntry

from devtools.factories.core import UserFactory
from workflows.municipality import services
from workflows.municipality.models import CasePerson
from workflows.permissions import Role
from workflows.staff.cases import case_people

from .conftest import MID_COURSE, person, plan_url, sign_in

pytestmark = pytest.mark.django_db

COLLEAGUE = "mette.kollega@aarhus.example.dk"
LATER = MID_COURSE + timedelta(days=2)


def case_url(registration):
    return f"/admin/sager/{registration.pk}/"


def day(moment):
    return date_filter(timezone.localtime(moment), "j. F Y")


def staff_page(user, registration):
    client = Client()
    client.force_login(user)
    response = client.get(case_url(registration))
    assert response.status_code == 200
    return response.content.decode()


def row(page, person):
    return re.search(rf'data-testid="case-person-{person.pk}">(.*?)</tr>', page, re.S).group(1)


@pytest.fixture
def invited_and_removed(client, case):
    """Aarhus's contact person signs in, invites Mette Kollega, and removes her two days later, on their own pages."""
    sign_in(client, case.aarhus.contact_email)
    invited = client.post(f"{plan_url(case.aarhus)}folk/inviter/", {"name": "Mette Kollega", "email": COLLEAGUE})
    assert invited.status_code == 302
    colleague = person(case.aarhus, COLLEAGUE)
    with time_machine.travel(LATER, tick=False):
        assert client.post(f"{plan_url(case.aarhus)}folk/{colleague.pk}/fjern/").status_code == 302
    colleague.refresh_from_db()
    return person(case.aarhus, case.aarhus.contact_email), colleague


def test_the_adviser_sees_the_people_and_who_invited_and_removed_them(case, invited_and_removed):
    contact, colleague = invited_and_removed
    page = staff_page(case.adviser, case.aarhus)

    assert _("The municipality's people") in page
    theirs = row(page, contact)
    assert escape(contact.name) in theirs and contact.email in theirs and _("Contact person") in theirs
    assert _("Has access") in theirs and day(contact.created_at) in theirs
    mette = row(page, colleague)
    assert "Mette Kollega" in mette and COLLEAGUE in mette and _("Colleague") in mette
    assert escape(contact.name) in mette  # invited by
    assert day(MID_COURSE) in mette  # since
    assert escape(_("Removed %(when)s by %(name)s") % {"when": day(LATER), "name": contact.name}) in mette


def test_the_timeline_shows_the_invitation_and_the_removal_in_time_order(case, invited_and_removed):
    contact, _colleague = invited_and_removed
    page = staff_page(case.adviser, case.aarhus)
    timeline = re.search(r'data-testid="timeline">(.*?)</ol>', page, re.S).group(1)
    events = [(what.strip(), datetime.fromisoformat(when)) for what, when in re.findall(
        r'<div class="w-label-3">(.*?)</div>.*?<time datetime="([^"]+)"', timeline, re.S)]

    removed = escape(_("Removed from the course: %(name)s (by %(by)s)") % {"name": "Mette Kollega",
                                                                            "by": contact.name})
    invited = escape(_("Colleague invited: %(name)s (by %(by)s)") % {"name": "Mette Kollega", "by": contact.name})
    assert (removed, LATER) in events and (invited, MID_COURSE) in events
    # newest first, among the case's steps and emails: the removal, then the invitation, long after the registration
    assert [when for _what, when in events] == sorted((when for _what, when in events), reverse=True)
    whats = [what for what, _when in events]
    assert whats[0] == removed and whats.index(invited) < whats.index(_("Registration received"))


def test_the_audit_log_holds_the_invitation_and_the_removal_without_the_names(case, invited_and_removed):
    contact, colleague = invited_and_removed
    entries = ModelLogEntry.objects.for_instance(colleague).order_by("timestamp")
    assert [(entry.action, entry.user_id, entry.timestamp) for entry in entries] == [
        (services.PERSON_INVITED, contact.user_id, MID_COURSE), (services.PERSON_REMOVED, contact.user_id, LATER)]
    assert {entry.label for entry in entries} == {str(case.aarhus)}
    assert log_actions.get_action_label(services.PERSON_INVITED) == _("Colleague invited")
    assert log_actions.get_action_label(services.PERSON_REMOVED) == _("Removed from the course")


def test_a_competence_partner_who_may_not_see_contacts_does_not_see_the_people(case, invited_and_removed):
    contact, _colleague = invited_and_removed
    partner = UserFactory(username="pia", first_name="Pia", last_name="Partner", groups=[Role.PARTNER])
    course = case.aarhus.course
    course.competence_partner = partner
    course.save(update_fields=["competence_partner"])

    page = staff_page(partner, case.aarhus)
    assert _("Competence development") in page  # their part of the case
    assert _("The municipality's people") not in page
    assert "Mette Kollega" not in page and COLLEAGUE not in page and contact.email not in page


def test_the_people_are_read_in_one_query_and_the_page_costs_the_same_with_1_and_5(client, case,
                                                                                    django_assert_num_queries):
    sign_in(client, case.aarhus.contact_email)
    contact = person(case.aarhus, case.aarhus.contact_email)

    def queries():
        staff_page(case.adviser, case.aarhus)  # warm the per-process caches
        with CaptureQueriesContext(connection) as captured:
            page = staff_page(case.adviser, case.aarhus)
        return len(captured), page.count('data-testid="case-person-')

    with_1 = queries()
    for n in range(4):
        colleague = services.invite(contact, f"Kollega {n}", f"kollega{n}@aarhus.example.dk")
        if n % 2:
            services.remove(contact, colleague)
    with_5 = queries()
    assert (with_1[1], with_5[1]) == (1, 5)
    assert with_5[0] == with_1[0]

    with django_assert_num_queries(1):
        people = case_people(case.aarhus)
        shown = [(p.name, p.user.email, p.invited_by and p.invited_by.name, p.removed_by and p.removed_by.name,
                  p.has_access) for p in people]
    assert len(shown) == 5
    assert sum(1 for p in people if p.has_access) == 3
    assert CasePerson.objects.current().filter(registration=case.aarhus).count() == 3
