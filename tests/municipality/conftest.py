"""A municipality in the middle of its course, and signing in as one of its people."""

import re
from datetime import date
from types import SimpleNamespace

import pytest
import time_machine

from core.models import OutboxMessage
from devtools.factories.workflows import local
from tests.support.course import AUTUMN, accepted_registration, course_under_way, staff
from workflows.municipality import services
from workflows.municipality.models import CasePerson

MID_COURSE = local(date(2027, 1, 20), 12)  # after the kickoff (4 January), before the first workshop (10 February)
LINK = re.compile(r"/forloeb/jeres/link/([^/\s]+)/")
SIGN_IN = "/forloeb/jeres/log-ind/"


@pytest.fixture
def case(client):
    """Aarhus mid-course (kickoff held at Rådhuset, a management workshop planned), led by Anne; Odense accepted to
    the same cohort. The clock stands at MID_COURSE."""
    anne, _bo, carla = staff()
    with time_machine.travel(AUTUMN, tick=False):
        aarhus = accepted_registration(adviser=anne)
        odense = accepted_registration("odense", adviser=anne, cohort=aarhus.cohort)
    course_under_way(client, aarhus, anne, carla)
    with time_machine.travel(MID_COURSE, tick=False):
        aarhus.refresh_from_db()
        yield SimpleNamespace(aarhus=aarhus, odense=odense, adviser=anne, coordinator=carla)


def last_link(address):
    """The path of the newest sign-in link emailed to `address`."""
    message = OutboxMessage.objects.filter(recipient=address).latest("pk")
    return LINK.search(message.body_text).group(0)


def sign_in(client, address):
    """Ask for a link for `address`, follow it and press the button, as the person would."""
    assert client.post(SIGN_IN, {"email": address}).status_code == 302
    assert client.post(last_link(address.lower())).status_code == 302


def person(registration, address):
    return CasePerson.objects.get(registration=registration, user__username=services.username_for(address))


def plan_url(registration):
    return f"/forloeb/jeres/{registration.pk}/"
