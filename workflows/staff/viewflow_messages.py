"""Viewflow ships no Danish catalogue. Listing the strings of its staff UI here keeps them in our catalogue
(locale/da) through `makemessages`, so advisers see Danish buttons and menus. Nothing imports this module."""

from django.utils.translation import gettext_noop, pgettext_lazy

MESSAGES = [
    gettext_noop("Inbox"), gettext_noop("Queue"), gettext_noop("Archive"), gettext_noop("Process list"),
    gettext_noop("Assign"), gettext_noop("Assign and continue"), gettext_noop("Unassign"),
    gettext_noop("Execute"), gettext_noop("Execute and continue"), gettext_noop("Start"),
    gettext_noop("Task {task} has been assigned."), gettext_noop("Task {task} has been unassigned."),
    gettext_noop("Owner"), gettext_noop("Task"), gettext_noop("Brief"),
    gettext_noop("Process brief"), gettext_noop("Finished"), gettext_noop("Started"),
    gettext_noop("Log out"), gettext_noop("Profile"),
    gettext_noop("State chart"), gettext_noop("Previous tasks"), gettext_noop("Next tasks"),
    gettext_noop("No previous tasks"), gettext_noop("No next tasks"), gettext_noop("Undo"), gettext_noop("Revive"),
    gettext_noop("Unassign selected tasks"), gettext_noop("Show all"),
]

STATUSES = [
    pgettext_lazy("STATUS", "Assigned"), pgettext_lazy("STATUS", "Canceled"), pgettext_lazy("STATUS", "Done"),
    pgettext_lazy("STATUS", "Error"), pgettext_lazy("STATUS", "New"), pgettext_lazy("STATUS", "Scheduled"),
    pgettext_lazy("STATUS", "Started"),
]
