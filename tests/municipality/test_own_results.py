"""The municipality's own progress on the receipt of its midway assessment: its starting point, its answer now and
its change on each indicator, beside its cohort's median change, shown only once at least five municipalities of
the cohort have answered both times, and never another municipality's name or answers."""

from datetime import date

import pytest
import time_machine

from core import scheduler
from devtools.factories.workflows import RegistrationFactory, SelfAssessmentFactory, local
from tests.support.municipality_tasks import (
    assessment_answers,
    contact_person_client,
    do_municipality_tasks,
    municipality_task,
    send_task,
    task_url,
)
from workflows.course.flows import CourseFlow
from workflows.models import Municipality

pytestmark = pytest.mark.django_db

MIDWAY = local(date(2027, 10, 4), 9)  # nine months after the course began on 4 January 2027
KEY = "peer_roles"


def others(registration, changes):
    """A case in the same cohort for each of `changes` ((baseline, midway) on KEY; the other questions unchanged),
    in municipalities other than the cohort's own."""
    taken = registration.cohort.registrations.values("municipality")
    places = Municipality.objects.exclude(pk__in=taken).order_by("name")[:len(changes)]
    cases = []
    for place, (start, now) in zip(places, changes, strict=True):
        case = RegistrationFactory(cohort=registration.cohort, municipality=place)
        SelfAssessmentFactory(registration=case, kind="baseline", answers={KEY: start})
        SelfAssessmentFactory(registration=case, kind="midway", answers={KEY: now})
        cases.append(case)
    return cases


def row(html, key):
    start = html.index(f'data-testid="progress-{key}"')
    return html[start:html.index("</tr>", start)]


@pytest.fixture
def midway_sent(case):
    """Aarhus answered 3 to everything at the start and 4 midway; the clock stands at MIDWAY. Returns the receipt's
    address and a client signed in as Aarhus's contact person."""
    do_municipality_tasks(contact_person_client(case.aarhus), case.aarhus)
    with time_machine.travel(MIDWAY, tick=False):
        scheduler.run_due_jobs()
        municipality = contact_person_client(case.aarhus)
        task = municipality_task(case.aarhus, CourseFlow.assess_midway)
        send_task(municipality, task, assessment_answers(case.aarhus, value=4))
        yield task_url(task), municipality


def test_the_cohorts_change_is_shown_from_five_municipalities(case, midway_sent):
    url, municipality = midway_sent
    four = others(case.aarhus, [(1, 3), (1, 3), (2, 2)])  # with Aarhus: four municipalities
    html = municipality.get(url).content.decode()
    assert 'data-testid="progress"' in html
    roles = row(html, KEY)
    assert "<td data-label=\"Udgangspunkt\">3</td>" in roles and ">4</td>" in roles and ">+1</td>" in roles
    assert html.count('data-testid="cohort-hidden"') == 7  # no cohort figure for any question yet

    fifth = others(case.aarhus, [(1, 3)])  # changes 0, +1, +2, +2, +2: the median is +2
    html = municipality.get(url).content.decode()
    assert 'data-testid="cohort-hidden"' not in html
    assert 'data-testid="cohort-change">+2</td>' in row(html, KEY)
    assert 'data-testid="cohort-change">0</td>' in row(html, "management_anchoring")  # 0 0 0 0 +1
    for other in four + fifth:  # anonymous: no other municipality is named
        assert other.municipality.name not in html
    assert case.odense.municipality.name not in html


def test_the_starting_point_has_no_comparison(case):
    municipality = contact_person_client(case.aarhus)
    task = municipality_task(case.aarhus, CourseFlow.set_goals)
    others(case.aarhus, [(1, 3)] * 5)
    send_task(municipality, task, assessment_answers(case.aarhus, goals="Peers i alle tilbud."))
    html = municipality.get(task_url(task)).content.decode()
    assert 'data-testid="outcomes"' in html and 'data-testid="progress"' not in html
