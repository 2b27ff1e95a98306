"""What a person sees when a form's cross-site check fails (settings.CSRF_FAILURE_VIEW): a Danish page in the site's
own layout that says what happened and how to send again, instead of Django's unstyled technical page. It happens
to real people: a page left open for a long time, or a browser that blocks this site's cookies."""

from django.shortcuts import render


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)
