"""`manage.py demo_accounts`: the demo's addresses and accounts, printed last by `make run`.

Under `make run` (`--when-ready`) it waits until the web server answers and the worker has sent the demo's emails,
so the list is the last thing on the screen rather than buried under start-up output; then it stays idle until
`make run` stops (honcho stops every process when one exits).
"""

import signal
import socket
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.urls import reverse

from core.models import OutboxMessage
from devtools.demo.workflows import DEMO_COURSES, EARLIER_COHORTS, EARLIER_PROGRAMME
from devtools.management.commands.load_demo import DEMO_USERS
from workflows.models import CasePerson, Registration
from workflows.municipality.tasks import open_tasks

READY_WITHIN = 60  # seconds: print anyway after this, whatever is still starting


class Command(BaseCommand):
    help = "List the demo accounts and where to sign in and read email (make run prints it once the site is up)."

    def add_arguments(self, parser):
        parser.add_argument("--when-ready", metavar="PORT", type=int,
                            help="Wait for the web server on this local port and the outbox to empty, print, idle.")

    def handle(self, *, when_ready, **options):
        if when_ready:
            self.wait_for(when_ready)
        base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"==> The site:  {base}/"))
        self.stdout.write(self.style.SUCCESS(f"==> Staff:     {base}/admin/  (demo accounts, user name and password)"))
        for username, password, _groups, _superuser, name in DEMO_USERS:
            self.stdout.write(f"     {username:<12} {password:<24} {name}")
        course = Registration.objects.filter(municipality__code=DEMO_COURSES[0]).first()
        if course is not None:
            sign_in = base + reverse("workflows:municipality_sign_in")
            self.stdout.write(f"==> Kommune:   {sign_in}  ({course.municipality}, mid-course; the sign-in link"
                              " arrives by email)")
            for person in CasePerson.objects.current().filter(registration=course).select_related("user"):
                self.stdout.write(f"     {person.email:<44} {person.name} ({person.get_role_display()})")
            waiting = [str(task.flow_task.task_title)
                       for task in open_tasks().filter(process__registrationprocess__registration=course)]
            if waiting:
                self.stdout.write(f"     their tasks waiting: {', '.join(waiting)}")
        ended = Registration.objects.filter(programme__slug=EARLIER_PROGRAMME,
                                            municipality__code=EARLIER_COHORTS[0][1][0].code).first()
        person = ended and CasePerson.objects.current().filter(registration=ended).first()
        if person:
            self.stdout.write(f"     {person.email:<44} {person.name} ({ended.municipality}, course ended: its final"
                              " self-assessment shows its progress beside its cohort's)")
        self.stdout.write(f"==> Email:     one line each above; read them in the outbox, {base}"
                          f"{reverse('outboxmessage:index')} (as admin), or whole in var/mail/")
        if when_ready:
            self.stdout.write("==> Ctrl-C stops the site, the worker and the scheduler.")
            self.stdout.flush()
            signal.pause()

    def wait_for(self, port):
        deadline = time.monotonic() + READY_WITHIN
        while time.monotonic() < deadline and not (self.answers(port) and self.outbox_empty()):
            time.sleep(0.5)
        time.sleep(1)  # the worker's last line of output

    @staticmethod
    def answers(port):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
        except OSError:
            return False
        return True

    @staticmethod
    def outbox_empty():
        return not OutboxMessage.objects.filter(status=OutboxMessage.Status.QUEUED).exists()
