"""The steps' screens of who takes part (`course.participation`).

The municipality's people nominate participants for the competence modules (`NominateView`) and answer before each
workshop who comes and what they wish on the agenda (`WorkshopAnswerView`): lists of people, checked in a summary
before they are sent. The competence partner's enrolment step confirms or declines the nominations; confirmed ones
become the course's enrolments. (Someone the nominations missed is enrolled by hand on the case page,
`staff.cases.EnrolView`, the partner's and adviser's tool for corrections.)"""

from ..steps.views import ReviewedStepView
from . import participation
from .models import WorkshopResponse
from .participation_forms import ConfirmNominationsForm, NominationsForm, WorkshopAnswerForm
from .tasks import CourseTaskView


class ConfirmNominationsView(CourseTaskView):
    """Decide each nomination awaiting a decision, seeing who is already enrolled in which module."""

    form_class = ConfirmNominationsForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "nominations": participation.awaiting(self.course)}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(enrolled=self.course.enrolments.select_related("module"), **kwargs)
        context["nominations_awaiting"] = context["form"].nominations
        return context

    def apply(self, form):
        participation.decide(form.decisions(), self.request.user)


class PeopleListStepView(ReviewedStepView):
    """A municipality's step whose form is a list of people (`participation_forms.PeopleListForm`): the form with
    "Add a person", the summary, the receipt (`municipality.tasks` dresses all three in the public site's look)."""

    ADD = "add"

    @property
    def course(self):
        return self.request.activation.process.registration.course

    @property
    def person(self):
        """The municipality's person sending the step (None if they are no longer one of the case's people)."""
        return self.course.registration.people.filter(user=self.request.user).first()

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "adding": self.ADD in self.request.POST}

    def post(self, request, *args, **kwargs):
        if self.ADD in request.POST:  # one more row, nothing checked yet
            return self.render_to_response(self.get_context_data(form=self.get_form()))
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        context.update(step_form_template=form.template_name_people, step_hidden_template=form.template_name_hidden,
                       add=self.ADD)
        if context.get("reviewing"):
            context["summary"] = form.summary()
        return context


class NominateView(PeopleListStepView):
    """The municipality nominates its managers, staff and peers for the competence modules."""

    form_class = NominationsForm
    receipt_template_name = "workflows/course/nominations_receipt.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "course": self.course}

    def apply(self, form):
        participation.nominate(self.course, form.people.people(), by=self.person)

    @classmethod
    def receipt_context(cls, task):
        course = task.process.coerced.registration.course
        return {"nominations": course.nominations.prefetch_related("modules")}


class WorkshopAnswerView(PeopleListStepView):
    """Before a workshop, the municipality says who comes and what it wishes on the agenda."""

    form_class = WorkshopAnswerForm
    receipt_template_name = "workflows/course/workshop_answer_receipt.html"

    @property
    def workshop(self):
        return self.request.activation.process.artifact

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": WorkshopResponse(workshop=self.workshop)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(workshop=self.workshop, **kwargs)

    def apply(self, form):
        participation.respond_to_workshop(self.workshop, form.people.people(), form.cleaned_data["citizens"],
                                          form.cleaned_data["agenda_wishes"], by=self.person)

    @classmethod
    def receipt_context(cls, task):
        workshop = task.process.coerced.artifact
        return {"workshop": workshop, "response": participation.response_to(workshop)}
