"""Doing a municipality's task in "Jeres forløb" as its people would: the form, the summary, sending."""

from django.test import Client
from viewflow.workflow.models import Task

from workflows.municipality.services import ensure_contact_people
from workflows.municipality.tasks import municipality_steps
from workflows.outcomes.forms import field_name
from workflows.outcomes.models import indicators_for
from workflows.steps.views import ReviewedStepView


def municipality_task(registration, node=None):
    """The case's open municipality task (of `node`, if given)."""
    tasks = Task.objects.filter(process__registrationprocess__registration=registration,
                                flow_task__in=[node] if node else municipality_steps(), finished__isnull=True)
    return tasks.exclude(status="CANCELED").get()


def open_municipality_tasks(registration):
    return list(Task.objects.filter(process__registrationprocess__registration=registration,
                                    flow_task__in=municipality_steps(), status="NEW").order_by("pk"))


def contact_person_client(registration):
    """A client signed in as the registration's contact person, their account made as their first sign-in does."""
    client = Client()
    client.force_login(ensure_contact_people(registration.contact_email))
    return client


def task_url(task):
    return f"/forloeb/jeres/{task.process.coerced.registration.pk}/opgaver/{task.pk}/"


def assessment_answers(registration, value=3, **text):
    """A self-assessment's form filled in: `value` for every indicator the case is asked, and `text` (goals,
    course_evaluation)."""
    return {**{field_name(indicator): value for indicator in indicators_for(registration)}, **text}


def send_task(client, task, data):
    """Fill in the task's form, see the summary, send it; return the summary page's HTML. The client is signed in
    as one of the case's people."""
    url = task_url(task)
    summary = client.post(url, data)
    assert summary.status_code == 200, summary.content.decode()
    assert 'data-testid="summary"' in summary.content.decode()
    sent = client.post(url, {**data, ReviewedStepView.CONFIRM: ""})
    assert sent.status_code == 302 and sent["Location"] == url, sent.content.decode()
    return summary.content.decode()


def do_municipality_tasks(client, registration):
    """Send the case's open self-assessments (goals and starting point, midway, final): every indicator 3, with
    goals and an evaluation where the step asks for them."""
    from workflows.course.flows import CourseFlow

    for task in open_municipality_tasks(registration):
        if task.flow_task in (CourseFlow.set_goals, CourseFlow.assess_midway, CourseFlow.assess_final):
            send_task(client, task, assessment_answers(registration, goals="Peers i alle tilbud.",
                                                       course_evaluation="Forløbet gav os et fælles sprog."))
