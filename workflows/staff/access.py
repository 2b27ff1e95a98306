"""The gate of every workspace page: a view names the check from `workflows.permissions` it needs (`allowed`), and
a refused person gets Wagtail's own "no permission" answer (a message and the dashboard), never an error page.
Class-based views take `Access`; function views `gate(check)`. The access-matrix test reads the same checks."""

from functools import wraps

from wagtail.admin.auth import permission_denied

from .. import permissions


class Access:
    allowed = staticmethod(permissions.may_work_cases)

    def dispatch(self, request, *args, **kwargs):
        if not self.allowed(request.user):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)


def gate(check):
    def decorator(view):
        @wraps(view)
        def gated(request, *args, **kwargs):
            if not check(request.user):
                return permission_denied(request)
            return view(request, *args, **kwargs)

        gated.allowed = check
        return gated

    return decorator
