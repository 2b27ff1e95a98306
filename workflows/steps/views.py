"""The base of every step's screen: a form that applies its decision through the domain's services, then completes
the task (`activation.execute()`).

The view runs with the task's activation on the request (`request.activation`), as viewflow runs a task's view.
It renders the bare form (`workflows/steps/form.html`); the staff workspace dresses it as an admin page
(`staff.task_screen`). When the step is done it sends the browser back to the task's address, where the workspace
says that it is done and moves on to the case."""

from django.http import HttpResponseRedirect
from django.views import generic


class StepView(generic.FormView):
    template_name = "workflows/steps/form.html"

    def apply(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        self.apply(form)
        self.request.activation.execute()
        return HttpResponseRedirect(self.request.path)
