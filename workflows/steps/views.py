"""The base of every step's screen: a form that applies its decision through the domain's services, then completes
the task (`activation.execute()`).

The view runs with the task's activation on the request (`request.activation`), as viewflow runs a task's view.
It renders the bare form (`workflows/steps/form.html`); the staff workspace dresses it as an admin page
(`staff.task_screen`). When the step is done it sends the browser back to the task's address, where the workspace
says that it is done and moves on to the case.

`ReviewedStepView` adds a summary before the answers are sent, for the municipality's steps (the Danish
self-service pattern: the form, a summary to check, a receipt)."""

from django.http import HttpResponseRedirect
from django.views import generic

from . import stand_in


class StepView(generic.FormView):
    template_name = "workflows/steps/form.html"

    def get_context_data(self, **kwargs):
        """With the municipality's tasks that led here and were gone on without (`stand_in`), so that the staff's
        step says that the municipality did not answer (the midway status without the midway self-assessment). Not
        for a step of the municipality's own: its screens never say so, and the query would be spent on every view."""
        task = getattr(getattr(self.request, "activation", None), "task", None)
        if (task is not None and task.pk and "went_on_without" not in kwargs
                and not getattr(task.flow_task, "by_municipality", False)):
            kwargs["went_on_without"] = stand_in.went_on_without(task)
        return super().get_context_data(**kwargs)

    def apply(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        self.apply(form)
        self.request.activation.execute()
        return HttpResponseRedirect(self.request.path)


class ReviewedStepView(StepView):
    """A step whose answers are shown back before they are sent. The form's first POST answers with the summary
    (`reviewing`, `summary`; the template carries the values on in hidden fields); "Change" (`CHANGE` in the POST)
    shows the form again with them; "Send" (`CONFIRM`) applies the step. Until then nothing is stored, so the view
    runs unlocked; the POST that sends is the workspace's to lock (`municipality.tasks`)."""

    CONFIRM = "send"
    CHANGE = "change"
    # The receipt, at the task's address once it is done: this template with `receipt_context(task)`, under the
    # workspace's own heading (who sent it, when).
    receipt_template_name = None

    @classmethod
    def receipt_context(cls, task):
        return {}

    def form_valid(self, form):
        if self.CHANGE in self.request.POST:
            return self.render_to_response(self.get_context_data(form=form))
        if self.CONFIRM not in self.request.POST:
            return self.render_to_response(self.get_context_data(form=form, reviewing=True,
                                                                 summary=summary(form)))
        return super().form_valid(form)


def summary(form):
    """(label, answer) of each field of a valid form, as the person chose it: a choice by its label."""
    rows = []
    for field in form:
        value = form.cleaned_data.get(field.name)
        choices = {str(key): label for key, label in getattr(field.field, "choices", ())}
        rows.append((field.label, choices.get(str(value), value) if choices else value))
    return rows
