"""The demo loader puts two municipalities mid-course (through the real flows), idempotently."""

from datetime import datetime

import pytest
import time_machine
from django.utils import timezone
from viewflow.workflow.models import Task

from devtools.demo import workflows as demo
from devtools.factories.core import UserFactory
from workflows.course.flows import CourseFlow, WorkshopFlow
from workflows.models import CompetenceModule, Registration
from workflows.permissions import Role

pytestmark = pytest.mark.django_db


def test_demo_has_two_municipalities_mid_course():
    adviser = UserFactory(username="adviser", groups=[Role.ADVISER])
    UserFactory(username="coordinator", groups=[Role.COORDINATOR])
    with time_machine.travel(datetime(2026, 11, 23, 10, 0, tzinfo=timezone.get_current_timezone()), tick=False):
        demo.load(step=lambda message: None)
        demo.load(step=lambda message: None)
    assert CompetenceModule.objects.count() == len(demo.MODULES)
    for code in demo.DEMO_COURSES:
        registration = Registration.objects.get(municipality__code=code)
        assert registration.status == Registration.Status.IN_COURSE
        assert registration.lead_adviser == adviser and registration.cohort.label == "August 2026"
        open_tasks = Task.objects.filter(process__registrationprocess__registration=registration,
                                         finished__isnull=True, flow_task_type="HUMAN")
        assert {task.flow_task for task in open_tasks} == {
            CourseFlow.guidance, CourseFlow.enrol_participants, WorkshopFlow.prepare,
        }
        assert all(task.owner == adviser for task in open_tasks)
        assert registration.course.enrolments.count() == 4
