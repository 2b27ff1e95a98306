"""Back-office URLs, included under /sagsbehandling/ before viewflow's task UI."""

from django.urls import path

from . import cases, dashboard, views

app_name = "backoffice"

urlpatterns = [
    path("opgaver/", views.inbox, name="inbox"),
    path("opgaver/koe/", views.queue, name="queue"),
    path("opgaver/arkiv/", views.archive, name="archive"),
    path("opgaver/<int:task_id>/tag/", views.claim, name="claim"),
    path("opgaver/<int:task_id>/slip/", views.release, name="release"),
    path("opgaver/<int:task_id>/videregiv/", views.reassign, name="reassign"),
    path("sager/<int:pk>/", cases.case, name="case"),
    path("sager/<int:pk>/afmeld/", cases.withdraw, name="withdraw"),
    path("sager/<int:pk>/moduler/<int:enrolment_pk>/gennemfoert/", cases.complete_module, name="complete_module"),
    path("overblik/", dashboard.dashboard, name="dashboard"),
    path("overblik/eksport.<str:fmt>", dashboard.export, name="export"),
]
