"""Emails about the municipality's tasks, sent by the scheduler's hourly run (`workflows.jobs`).

A new task is announced to the case's people at the first run after it was created (`_announce`): its title, its
due date and a link, never its content; to the contact persons who have not signed in yet too. (By the job rather
than as the task is created, so that it goes once whatever runs twice, and after what created the task has said
its own word: the kickoff's invitation comes before the word that the goals are asked for.) Some days before a task
falls due, its case's people get a reminder with a link to the task (never its content); once it is overdue, the
case's lead adviser gets word, with a link to the case. Each goes once per task: the
`steps.models.TaskNotice` row is made in the transaction that queues the email, so a second run, or a second
host, finds it and sends nothing. A task created already inside the reminder window is not announced: its reminder
goes at once, and tells them of it. Only tasks created within the last day are announced, so the first run after
this was deployed does not announce every open task again."""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from core.email import send_email
from core.links import absolute

from ..steps.models import TaskNotice
from . import links
from .models import CasePerson
from .tasks import open_tasks

REMIND_BEFORE = timedelta(days=5)
ANNOUNCE_WITHIN = timedelta(days=1)
NEW_TASK_TEMPLATE = "municipality_task_new"
REMINDER_TEMPLATE = "municipality_task_reminder"
OVERDUE_TEMPLATE = "municipality_task_overdue"


def recipients(registration):
    """{address: name} of the case's people: its current people, and the contact persons the registration names who
    have not signed in yet (their person record comes with their first sign-in); never someone removed."""
    people = {person.user.email.lower(): person.name
              for person in CasePerson.objects.current().filter(registration=registration).select_related("user")}
    removed = {email.lower() for email in registration.people.exclude(removed_at=None).values_list("user__email",
                                                                                                    flat=True)}
    for email, name in ((registration.contact_email, registration.contact_name),
                        (registration.second_contact_email, registration.second_contact_name)):
        if email and email.lower() not in removed:
            people.setdefault(email.lower(), name or registration.contact_name)
    return people


def _once(task, kind, send):
    """Record the notice and queue its email in one transaction; nothing if it was sent already."""
    try:
        with transaction.atomic():
            TaskNotice.objects.create(task=task, kind=kind)
            send()
    except IntegrityError:  # sent already, by an earlier run or another host
        pass


def _remind(task):
    registration = task.process.coerced.registration
    url = absolute(reverse("workflows:municipality_task", args=[registration.pk, task.pk]))
    for email, name in recipients(registration).items():
        send_email(to=email, template=REMINDER_TEMPLATE, context={
            "name": name, "task": task, "registration": registration, "due_at": task.deadline.due_at, "url": url,
            "sign_in_page": links.sign_in_page_url()})


def _announce(task):
    """A new task of the municipality's: its people get word of it."""
    registration = task.process.coerced.registration
    if not registration.is_active or registration.is_anonymised:
        return
    url = absolute(reverse("workflows:municipality_task", args=[registration.pk, task.pk]))
    due_at = task.deadline.due_at
    for email, name in recipients(registration).items():
        send_email(to=email, template=NEW_TASK_TEMPLATE, context={
            "name": name, "task": task, "registration": registration, "due_at": due_at, "url": url,
            "sign_in_page": links.sign_in_page_url()})


def _tell_lead_adviser(task):
    registration = task.process.coerced.registration
    adviser = registration.lead_adviser
    if adviser is not None and adviser.email:
        send_email(to=adviser.email, template=OVERDUE_TEMPLATE, context={
            "adviser": adviser, "task": task, "registration": registration, "due_at": task.deadline.due_at,
            "case_url": absolute(reverse("staff_case", args=[registration.pk]))})


def send_due_notices(now=None):
    """Announce every new task due later than `REMIND_BEFORE`, remind the people of every task due within it, and
    tell the lead adviser of every overdue one; each once."""
    now = now or timezone.now()
    tasks = open_tasks().select_related("process")
    for task in tasks.filter(created__gte=now - ANNOUNCE_WITHIN, deadline__due_at__gt=now + REMIND_BEFORE).exclude(
            notices__kind=TaskNotice.Kind.ANNOUNCED):
        _once(task, TaskNotice.Kind.ANNOUNCED, lambda task=task: _announce(task))
    for task in tasks.filter(deadline__due_at__gt=now, deadline__due_at__lte=now + REMIND_BEFORE).exclude(
            notices__kind=TaskNotice.Kind.REMINDER):
        _once(task, TaskNotice.Kind.REMINDER, lambda task=task: _remind(task))
    for task in tasks.filter(deadline__due_at__lte=now).exclude(notices__kind=TaskNotice.Kind.OVERDUE):
        _once(task, TaskNotice.Kind.OVERDUE, lambda task=task: _tell_lead_adviser(task))
