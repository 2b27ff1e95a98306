"""The workspace's addresses outside the admin: the personal calendar feed (reached by calendar programs, without
signing in) and the old back office's addresses, which lead to their places in the admin, so bookmarks and task
links in emails already sent keep working. The workspace itself is registered under /admin/ (`wagtail_hooks`)."""

from django.shortcuts import redirect
from django.urls import path, re_path

from . import calendar


def moved(name):
    def view(request, **kwargs):
        return redirect(name, **kwargs, permanent=True)

    return view


calendar_urls = [path("<str:token>.ics", calendar.feed, name="staff_calendar_feed")]

legacy_urls = [
    path("opgaver/", moved("staff_tasks:inbox")),
    path("opgaver/koe/", moved("staff_tasks:queue")),
    path("opgaver/arkiv/", moved("staff_tasks:archive")),
    path("sager/<int:pk>/", moved("staff_case")),
    path("overblik/", moved("staff_overview")),
    # viewflow's task addresses: <flow>/<process>/<step>/<task>/ with an optional action (detail, execute, assign)
    re_path(r"^[a-z_]+/\d+/[a-z_]+/(?P<task_id>\d+)/(?:[a-z_]+/)?$", moved("staff_task")),
    re_path(r"^", moved("staff_tasks:inbox")),
]
