"""The course's steps: each saves its form to the course's records through `course.services` or the models, and
shows the municipality's answers beside the form (`RegistrationTaskView`) and its goals and self-assessments
above it (`CourseTaskView`)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import permissions
from ..outcomes import services as outcome_services
from ..registration.tasks import RegistrationTaskView
from . import participation, services
from .forms import (
    AgendaForm,
    CompletionForm,
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
    """A step of the course: with the municipality's goals and self-assessments above the form once they have sent
    them, to whoever may see the course's data (`permissions.SEES`)."""

    @property
    def course(self):
        return self.request.activation.process.registration.course

    def get_context_data(self, **kwargs):
        registration = self.request.activation.process.registration
        seen = permissions.may_see(self.request.user, registration, permissions.CaseData.COURSE)
        return super().get_context_data(outcomes=outcome_services.outcomes(registration) if seen else None, **kwargs)


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
        workshop = self.request.activation.process.artifact
        return super().get_context_data(workshop=workshop, workshop_response=participation.response_to(workshop),
                                        **kwargs)

class PrepareWorkshopView(WorkshopTaskView):
    form_class = AgendaForm

    def apply(self, form):
        services.prepare_workshop(form.save(commit=False))


class WorkshopOutcomeView(WorkshopTaskView):
    form_class = OutcomeForm

    def apply(self, form):
        services.record_workshop_outcome(form.save(commit=False))
