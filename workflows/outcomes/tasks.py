"""The self-assessments as steps of the course, done by the municipality's people (`steps.nodes.MunicipalityStep`):
the goals and starting point before the kickoff, the midway assessment in month 9, the final assessment with the
evaluation of the course in month 17. Each asks the case's indicators (`models.indicators_for`), shows the earlier
answers beside each, shows the answers back before they are sent (`ReviewedStepView`) and saves them through
`services.submit`."""

from django.utils.functional import cached_property

from ..steps.views import ReviewedStepView
from . import results, services
from .forms import AssessmentForm
from .models import SelfAssessment, indicators_for


class AssessmentView(ReviewedStepView):
    form_class = AssessmentForm
    kind = None
    receipt_template_name = "workflows/outcomes/receipt.html"

    @cached_property
    def registration(self):
        return self.request.activation.process.registration

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "kind": self.kind, "indicators": indicators_for(self.registration),
                "earlier": services.earlier_answers(self.registration)}

    def apply(self, form):
        """Saved as sent by the case's person, or, when a member of staff fills it in for the municipality (the
        step's `can_execute` let only them through, `steps.stand_in`), as filled in by them."""
        person = self.request.user.case_people.current().filter(registration=self.registration).first()
        services.submit(self.registration, self.kind, answers=form.answers(), by=person,
                        filled_in_by=None if person else self.request.user,
                        goals=form.cleaned_data.get("goals", ""),
                        course_evaluation=form.cleaned_data.get("course_evaluation", ""))

    @classmethod
    def receipt_context(cls, task):
        """What the receipt shows once the step is done: the assessment it saved and, midway and at the end, the
        municipality's progress beside its cohort's (`progress`: each Comparison with its own change and the
        cohort's median change written out, the latter None until `results.MINIMUM_GROUP` municipalities have
        answered). Only the municipality's people see a receipt (`municipality.tasks.receipt`); staff read the same
        answers on the case page."""
        registration = task.process.coerced.registration
        progress = [(compared, results.number(compared.change, signed=True),
                     results.number(compared.cohort.median, signed=True) if compared.cohort.shown else None)
                    for compared in results.compare(registration, cls.kind)] if cls.kind in results.LATER else []
        return {"assessment": registration.self_assessments.filter(kind=cls.kind).first(),
                "outcomes": services.outcomes(registration), "progress": progress,
                "minimum": results.MINIMUM_GROUP}


class GoalsView(AssessmentView):
    kind = SelfAssessment.Kind.BASELINE


class MidwayAssessmentView(AssessmentView):
    kind = SelfAssessment.Kind.MIDWAY


class FinalAssessmentView(AssessmentView):
    kind = SelfAssessment.Kind.FINAL
