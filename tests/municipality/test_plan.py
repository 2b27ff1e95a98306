"""The plan of "Jeres forløb": the course's milestones and coming dates as `course.lifecycle` has them, read at a
fixed moment in the middle of the course."""

import re

import pytest
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from workflows.course import lifecycle

from .conftest import plan_url, sign_in

pytestmark = pytest.mark.django_db


def _item(page, testid):
    match = re.search(rf'<li[^>]*data-testid="{testid}"[^>]*>(.*?)</li>', page, re.S)
    assert match, testid
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


def test_the_plan_shows_every_milestone_and_coming_date_of_the_lifecycle(client, case):
    sign_in(client, case.aarhus.contact_email)
    page = client.get(plan_url(case.aarhus)).content.decode()

    steps = lifecycle.milestones(case.aarhus)
    assert [step.key for step in steps] == ["registered", "screened", "accepted", "lead_adviser", "kickoff", "midway",
                                            "final", "completed"]
    states = {step.key: step.state for step in steps}
    assert states["kickoff"] == "done" and states["midway"] == "current" and states["final"] == "later"
    for step in steps:
        item = _item(page, f"milestone-{step.key}")
        assert str(step.label) in item
        assert {"done": _("done"), "current": _("next step"), "later": _("later")}[step.state] in item
        if step.when:
            assert date_format(step.when, "j. F Y") in item
    assert "4. januar 2027" in _item(page, "milestone-kickoff")  # the kickoff as held
    assert "4. oktober 2027" in _item(page, "milestone-midway")  # nine months after the course's start

    coming = lifecycle.coming_dates(case.aarhus)
    assert [date.key.split("-")[0] for date in coming] == ["workshop", "midtvejsstatus", "slutevaluering",
                                                           "afslutning"]
    workshop = _item(page, f"coming-{coming[0].key}")
    assert "onsdag 10. februar 2027" in workshop and "09:00" in workshop and "Rådhuset, mødelokale 2" in workshop
    for date in coming:
        assert date_format(date.starts_at, "j. F Y") in _item(page, f"coming-{date.key}")
    assert case.adviser.email in page  # the lead adviser
    assert case.aarhus.contact_name in _item(page, "person-" + str(case.aarhus.people.get().pk))
