"""The course's steps: each saves its form to the course's records through `course.services` or the models, and
shows the municipality's answers beside the form (`RegistrationTaskView`)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..registration.tasks import RegistrationTaskView
from . import services
from .forms import (
    AgendaForm,
    CompletionForm,
    EnrolmentForm,
    EvaluationForm,
    GuidanceBookingForm,
    GuidanceForm,
    KickoffForm,
    LeadAdviserForm,
    OutcomeForm,
    WorkshopForm,
)
from .models import Evaluation, GuidanceSession


class CourseTaskView(RegistrationTaskView):
    @property
    def course(self):
        return self.request.activation.process.registration.course


class LeadAdviserView(CourseTaskView):
    form_class = LeadAdviserForm

    def get_initial(self):
        return {"lead_adviser": self.course.registration.lead_adviser,
                "competence_partner": self.course.competence_partner}

    def apply(self, form):
        services.assign_lead_adviser(self.course, form.cleaned_data["lead_adviser"],
                                     form.cleaned_data["competence_partner"])


class KickoffView(CourseTaskView):
    form_class = KickoffForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.course}

    def apply(self, form):
        services.schedule_kickoff(form.save(commit=False))


class PlanWorkshopForm(WorkshopForm):
    plan_another = forms.BooleanField(label=_("Plan another workshop afterwards"), required=False)


class PlanWorkshopView(CourseTaskView):
    """One workshop per task; ticking "plan another" brings the task back (a loop in the flow)."""

    form_class = PlanWorkshopForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "course": self.course}

    def apply(self, form):
        services.plan_workshop(self.course, form.save(commit=False))
        self.request.activation.task.data = {"plan_another": form.cleaned_data["plan_another"]}


class EnrolmentView(CourseTaskView):
    """Enrol participants, seeing who is already enrolled in which module (a role is the module's audience)."""

    form_class = EnrolmentForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(enrolled=self.course.enrolments.select_related("module"), **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "programme": self.course.registration.programme}

    def apply(self, form):
        services.enrol(self.course, form.cleaned_data["modules"], form.cleaned_data["participants"])


class CompletionView(CourseTaskView):
    form_class = CompletionForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "course": self.course}

    def apply(self, form):
        for enrolment in form.cleaned_data["completed"]:
            services.record_completion(enrolment, form.cleaned_data["completed_on"], self.request.user)


class BookGuidanceView(CourseTaskView):
    form_class = GuidanceBookingForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(falls_due=self.course.next_guidance_on(), **kwargs)

    def apply(self, form):
        services.book_guidance_session(self.course, form.save(commit=False))


class GuidanceView(CourseTaskView):
    """Record the session that was booked (a course from before booking records a new one)."""

    form_class = GuidanceForm

    def get_form_kwargs(self):
        session = self.course.booked_guidance_session()
        return {**super().get_form_kwargs(), "course": self.course,
                "instance": session or GuidanceSession(course=self.course)}

    def get_initial(self):
        session = self.course.booked_guidance_session()
        return {"held_on": session.day if session else timezone.localdate()}

    def apply(self, form):
        services.record_guidance_session(self.course, form.save(commit=False))


class EvaluationView(CourseTaskView):
    form_class = EvaluationForm
    kind = None

    def apply(self, form):
        services.record_evaluation(self.course, self.kind, form.save(commit=False))


class MidwayView(EvaluationView):
    kind = Evaluation.Kind.MIDWAY


class FinalEvaluationView(EvaluationView):
    kind = Evaluation.Kind.FINAL


class WorkshopTaskView(CourseTaskView):
    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.request.activation.process.artifact}

    def get_context_data(self, **kwargs):
        return super().get_context_data(workshop=self.request.activation.process.artifact, **kwargs)

class PrepareWorkshopView(WorkshopTaskView):
    form_class = AgendaForm

    def apply(self, form):
        services.prepare_workshop(form.save(commit=False))


class WorkshopOutcomeView(WorkshopTaskView):
    form_class = OutcomeForm

    def apply(self, form):
        services.record_workshop_outcome(form.save(commit=False))
