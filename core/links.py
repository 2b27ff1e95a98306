"""Absolute addresses for links that leave the site: in emails, calendar files and feeds."""

from django.conf import settings


def absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path
