"""Who may use the back office. Advisers and coordinators work here; coordinators also see the dashboard and
may hand any task to a colleague. Editors (the public site's authors) and everyone else are refused."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from ..roles import ADVISERS, COORDINATORS


def _group_names(user):
    """The user's group names, read once and kept on the user object, which lives as long as the request: a page
    asks several times (the view's access check, the navigation, the task actions)."""
    if not hasattr(user, "_backoffice_groups"):
        user._backoffice_groups = frozenset(user.groups.values_list("name", flat=True))
    return user._backoffice_groups


def in_group(user, *names):
    return user.is_superuser or not _group_names(user).isdisjoint(names)


def is_staff_member(user):
    return in_group(user, ADVISERS, COORDINATORS)


def is_coordinator(user):
    return in_group(user, COORDINATORS)


def _require(check):
    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


staff_required = _require(is_staff_member)
coordinator_required = _require(is_coordinator)


def render_backoffice(request, template, context):
    """Render a back-office page; the navigation shows the dashboard to coordinators only."""
    return render(request, template, {"is_coordinator": is_coordinator(request.user), **context})
