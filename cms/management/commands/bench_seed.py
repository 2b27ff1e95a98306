"""Seed the benchmark database and print, as the last line, the JSON plan of what `make bench` measures.

The dataset is the demo site and programme, grown to the sizes the performance issue names: 1,000 news items,
200 publications, the 98 municipalities registered across 4 cohorts, 10,000 finished and 500 active processes
with their tasks. `--quick` seeds a tenth or less of that."""

import json
from datetime import timedelta

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from viewflow.workflow.models import Task

from cms import demo
from cms.factories import NewsArticlePageFactory, PublicationPageFactory, documents
from cms.models import (
    NewsArticlePage,
    NewsIndexPage,
    ProgrammePage,
    PublicationIndexPage,
    PublicationPage,
    SiteDocument,
)
from core.factories import UserFactory
from workflows import demo as workflows_demo
from workflows import journey, links
from workflows.factories import CohortFactory, RegistrationFactory
from workflows.flows import ScreeningFlow
from workflows.models import Municipality, Registration, RegistrationProcess
from workflows.roles import ADVISERS


class Command(BaseCommand):
    help = "Seed a large dataset for `make bench` and print the URLs to measure (JSON, last line)."

    def add_arguments(self, parser):
        parser.add_argument("--quick", action="store_true", help="A small dataset for a quick run.")

    def handle(self, *, quick, **options):
        size = {"news": 10, "publications": 10, "finished": 100, "active": 50} if quick else {
            "news": 1000, "publications": 200, "finished": 10_000, "active": 500}
        step = lambda message: self.stderr.write(f"  · {message}")  # noqa: E731  (stdout carries the plan)
        workflows_demo.load(step)
        demo.build(step)
        self._news(size["news"], step)
        self._publications(size["publications"], step)
        programme_page = ProgrammePage.objects.select_related("programme").get()
        registration = self._registrations(programme_page.programme, step)
        adviser = UserFactory(username="bench-adviser", groups=[ADVISERS])
        self._processes(registration, adviser, size["finished"], size["active"], step)

        news_index = NewsIndexPage.objects.get()
        article = NewsArticlePage.objects.live().order_by("-date").first()
        staff = {"Cookie": f"sessionid={self._session(adviser)}"}
        plan = {
            "pages": [
                ["home", "/", {}],
                ["news index, page 1", news_index.url, {}],
                ["news index, page 40", f"{news_index.url}?side=40", {}],
                ["news article", article.url, {}],
                ["publication index", PublicationIndexPage.objects.get().url, {}],
                ["search", "/soeg/?q=peer", {}],
                ["programme page", programme_page.url, {}],
                ["registration form", f"/forloeb/{programme_page.programme.slug}/tilmelding/", {}],
                ["status page", f"/forloeb/status/{links.status_token(registration)}/", {}],
                ["adviser inbox", "/sagsbehandling/opgaver/", staff],
                ["adviser queue", "/sagsbehandling/opgaver/koe/", staff],
            ],
        }
        self.stdout.write(json.dumps(plan))

    def _news(self, count, step):
        index = NewsIndexPage.objects.get()
        missing = count - NewsArticlePage.objects.count()
        step(f"{max(missing, 0)} news articles")
        for n in range(max(missing, 0)):
            NewsArticlePageFactory(parent=index, title=f"Nyhed fra benchmark {n}", comments_enabled=False)

    def _publications(self, count, step):
        index = PublicationIndexPage.objects.get()
        missing = count - PublicationPage.objects.count()
        step(f"{max(missing, 0)} publications")
        shared = documents(SiteDocument.objects.first())
        for n in range(max(missing, 0)):
            PublicationPageFactory(parent=index, title=f"Publikation fra benchmark {n}", documents=shared,
                                   year=2015 + n % 10)

    def _registrations(self, programme, step):
        step("the 98 municipalities across 4 cohorts")
        cohorts = list(programme.cohorts.all()[:4])
        while len(cohorts) < 4:
            cohorts.append(CohortFactory(programme=programme, label=f"Benchmarkhold {len(cohorts) + 1}"))
        registered = set(Registration.objects.filter(programme=programme).values_list("municipality_id", flat=True))
        for n, municipality in enumerate(Municipality.objects.exclude(pk__in=registered)):
            journey.submit(RegistrationFactory(cohort=cohorts[n % 4], municipality=municipality))
        return Registration.objects.filter(programme=programme).order_by("pk").first()

    @transaction.atomic
    def _processes(self, registration, adviser, finished, active, step):
        existing = RegistrationProcess.objects.count()
        if existing >= finished + active:
            return
        step(f"{finished} finished and {active} active screening processes with their tasks")
        now = timezone.now()
        tasks = []
        for n in range(finished + active):
            done = n < finished
            process = RegistrationProcess.objects.create(
                flow_class=ScreeningFlow, registration=registration, status="DONE" if done else "NEW",
                created=now - timedelta(days=n % 700), finished=now if done else None,
            )
            tasks.append(Task(
                process=process, flow_task=ScreeningFlow.screen, flow_task_type="HUMAN",
                status="DONE" if done else "ASSIGNED" if n % 2 else "NEW",
                owner=adviser if done or n % 2 else None, owner_permission="workflows.screen_registration",
                created=process.created, finished=now if done else None,
            ))
        Task.objects.bulk_create(tasks, batch_size=1000)

    def _session(self, user):
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        return session.session_key
