"""The case page of one municipality: its answers, a timeline of everything that happened (who did what, when),
internal notes, the emails sent with their delivery status, upcoming dates, and the staff's withdrawal."""

from dataclasses import dataclass
from datetime import datetime

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from viewflow.workflow.exceptions import FlowLockFailed
from viewflow.workflow.models import Task

from core.models import OutboxMessage

from .. import journey
from ..models import CaseNote, Enrolment, Registration
from ..models.registrations import WorkArea
from .access import coordinator_required, render_backoffice, staff_required


class NoteForm(forms.ModelForm):
    class Meta:
        model = CaseNote
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


@dataclass(frozen=True)
class Event:
    when: datetime
    what: str
    who: str = ""
    detail: str = ""


def _name(user):
    return (user.get_full_name() or user.username) if user else ""


def case_tasks(registration):
    return Task.objects.filter(process__registrationprocess__registration=registration).select_related(
        "owner", "deadline"
    )


def timeline(registration):
    """Everything that happened on the case, newest first: registration, finished steps, notes and emails."""
    events = [Event(registration.created_at, _("Registration received"), registration.contact_name)]
    for task in case_tasks(registration).filter(finished__isnull=False).exclude(flow_task_type="START"):
        if task.flow_task_type == "HUMAN" or task.status == "CANCELED":
            what = task.flow_task.task_title or str(task.flow_task)
            if task.status == "CANCELED":
                what = _("%(step)s (cancelled)") % {"step": what}
            events.append(Event(task.finished, what, _name(task.owner), _task_detail(task)))
    course = getattr(registration, "course", None)
    if course:
        events += [Event(timezone.make_aware(datetime.combine(session.held_on, datetime.min.time())),
                         _("Guidance session %(number)s") % {"number": session.number}, "", session.notes)
                   for session in course.guidance_sessions.all()]
    events += [Event(note.created_at, _("Internal note"), _name(note.author), note.text)
               for note in registration.notes.select_related("author")]
    events += [Event(message.created_at, _("Email: %(subject)s") % {"subject": message.subject}, message.recipient)
               for message in emails(registration)]
    return sorted(events, key=lambda event: event.when, reverse=True)


def _task_detail(task):
    process = task.process.coerced
    workshop = process.artifact if task.flow_task.name == "record_outcome" else None
    if workshop is not None:
        return _("%(audience)s workshop: %(attendance)s present. Agreed actions: %(actions)s") % {
            "audience": workshop.get_audience_display(), "attendance": workshop.attendance,
            "actions": workshop.agreed_actions,
        }
    return ""


def emails(registration):
    addresses = {registration.contact_email, registration.second_contact_email, registration.manager_email} - {""}
    return OutboxMessage.objects.filter(recipient__in=addresses).order_by("-created_at")


def upcoming(registration, now=None):
    """Dates ahead: open task deadlines, kickoff, workshops and the course's milestones."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    dates = [(task.deadline.due_at, _("Due: %(step)s") % {"step": task.flow_task.task_title})
             for task in case_tasks(registration).filter(finished__isnull=True, deadline__isnull=False)]
    course = getattr(registration, "course", None)
    if course:
        if course.kickoff_at and course.kickoff_at > now:
            dates.append((course.kickoff_at, _("Kickoff")))
        dates += [(workshop.starts_at, _("Workshop: %(audience)s") % {"audience": workshop.get_audience_display()})
                  for workshop in course.workshops.filter(starts_at__gt=now)]
        for day, label in ((course.midway_on, _("Midway status")), (course.mandatory_deadline,
                           _("Mandatory modules completed")), (course.ends_on, _("Course ends"))):
            if day >= today:
                dates.append((timezone.make_aware(datetime.combine(day, datetime.min.time())), label))
    return sorted(dates, key=lambda item: item[0])


@staff_required
def case(request, pk):
    registration = get_object_or_404(
        Registration.objects.select_related("programme", "cohort", "municipality", "lead_adviser"), pk=pk
    )
    note_form = NoteForm(request.POST or None)
    if request.method == "POST" and note_form.is_valid():
        CaseNote.objects.create(registration=registration, author=request.user, text=note_form.cleaned_data["text"])
        messages.success(request, _("The note has been saved."))
        return redirect("backoffice:case", pk)
    course = getattr(registration, "course", None)
    return render_backoffice(request, "workflows/backoffice/case.html", {
        "registration": registration, "course": course, "note_form": note_form,
        "work_areas": [label for value, label in WorkArea.choices if value in registration.work_areas],
        "attended": registration.attended_information_meeting(), "position": registration.waiting_position(),
        "timeline": timeline(registration), "emails": emails(registration), "upcoming": upcoming(registration),
        "open_tasks": case_tasks(registration).filter(finished__isnull=True, flow_task_type="HUMAN"),
        "enrolments": course.enrolments.select_related("module") if course else [],
        "at_risk": course.competence_at_risk() if course else False,
        "workshops": course.workshops.all() if course else [],
        "evaluations": course.evaluations.all() if course else [],
    })


@require_POST
@staff_required
def complete_module(request, pk, enrolment_pk):
    """Record that a participant completed a module, whenever the adviser learns of it."""
    enrolment = get_object_or_404(Enrolment, pk=enrolment_pk, course__registration_id=pk)
    if enrolment.completed_on is None:
        enrolment.completed_on = timezone.localdate()
        enrolment.save(update_fields=["completed_on"])
        messages.success(request, _("%(participant)s has completed %(module)s.") % {
            "participant": enrolment.participant, "module": enrolment.module})
    return redirect("backoffice:case", pk)


WITHDRAWN_BY_STAFF = gettext_lazy("The registration has been withdrawn and its seat freed.")


@require_POST
@coordinator_required
def withdraw(request, pk):
    registration = get_object_or_404(Registration, pk=pk)
    if registration.is_active:
        try:
            journey.withdraw(registration)
        except FlowLockFailed:
            messages.error(request, _("Someone else is working on this case right now. Try again in a moment."))
        else:
            messages.success(request, WITHDRAWN_BY_STAFF)
    return redirect("backoffice:case", pk)
