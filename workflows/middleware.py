"""Viewflow raises FlowLockFailed when another request holds a process's row lock (two advisers claiming one task
at the same moment). Without this, that is a 500; with it, the adviser gets a clear message and can retry."""

from django.shortcuts import render
from viewflow.workflow.exceptions import FlowLockFailed


class FlowLockFailedMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, FlowLockFailed):
            return render(request, "workflows/busy.html", status=409)
        return None
