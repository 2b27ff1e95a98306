"""Seed the benchmark database and print, as the last line, the JSON plan of what `make bench` measures.

The dataset is the demo site and programme, grown to the sizes the performance issue names: 1,000 news items,
200 publications, the 98 municipalities registered across 4 cohorts, 10,000 finished and 500 active processes
with their tasks (`--size full`), and the municipality's workspace ("Jeres forløb": the plan and a task) of a demo
case mid-course, signed in as its contact person. The coordinators' results page and a public page with the
"results" block read the self-assessments (start, midway, end) of `ASSESSED` municipalities in each of two cohorts,
the same in every size, so those pages are compared on the same figures while the rest of the data grows.
`--size small` seeds 10 news items, 10 publications and 10 finished processes (and a page of open tasks), to compare
query counts and the inbox against; `--size quick` sits between, for `make bench QUICK=1`. Seeding only adds what is
missing, so small then full grows one database. Empty programmes with one cohort each (`--load-programmes`) take the
registration load."""

import json
from datetime import timedelta

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from cms.models import (
    HomePage,
    NewsArticlePage,
    NewsIndexPage,
    ProgrammePage,
    PublicationIndexPage,
    PublicationPage,
    SiteDocument,
    StandardPage,
)
from core import pagecache
from devtools.demo import cms as demo
from devtools.demo import workflows as workflows_demo
from devtools.factories.cms import (
    NewsArticlePageFactory,
    PublicationPageFactory,
    StandardPageFactory,
    documents,
    paragraph,
)
from devtools.factories.core import UserFactory
from devtools.factories.workflows import (
    CohortFactory,
    ProgrammeFactory,
    RegistrationFactory,
    SelfAssessmentFactory,
)
from devtools.management.commands.load_demo import DEMO_USERS
from workflows.models import Municipality, Registration, RegistrationProcess
from workflows.municipality import tasks as municipality_tasks
from workflows.municipality.models import CasePerson
from workflows.outcomes.models import Indicator, SelfAssessment
from workflows.permissions import Role
from workflows.registration import links, services
from workflows.registration.flows import ScreeningFlow

ASSESSED = 8  # municipalities with self-assessments in each of the first two cohorts: above the threshold of five
RESULTS_SLUG = "resultater-af-forloebene"


class Command(BaseCommand):
    help = "Seed a large dataset for `make bench` and print the URLs to measure (JSON, last line)."

    SIZES = {
        # Few items and almost no history, but a full page of tasks in the inbox and the queue, as in the large set.
        "small": {"news": 10, "publications": 10, "finished": 10, "active": 50},
        "quick": {"news": 100, "publications": 30, "finished": 1000, "active": 100},
        "full": {"news": 1000, "publications": 200, "finished": 10_000, "active": 500},
    }

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=self.SIZES, default="full")
        parser.add_argument("--load-programmes", type=int, default=0,
                            help="Empty programmes (capacity 40, one cohort) for the registration load.")

    def handle(self, *, size, load_programmes, **options):
        size = self.SIZES[size]
        step = lambda message: self.stderr.write(f"  · {message}")  # noqa: E731  (stdout carries the plan)
        # The demo's staff (no superuser, and the tests' password, not the demo's): with them the demo brings its two
        # cases mid-course through the real flows, and one of them is the municipality's workspace measured below.
        for username, _password, groups, superuser, name in DEMO_USERS:
            if not superuser:
                UserFactory(username=username, first_name=name, last_name="(demo)", groups=groups)
        workflows_demo.load(step)
        demo.build(step)
        self._news(size["news"], step)
        self._publications(size["publications"], step)
        programme_page = ProgrammePage.objects.select_related("programme").get()
        registrations = self._registrations(programme_page.programme, step)
        adviser = get_user_model().objects.filter(username="bench-adviser").first() or UserFactory(
            username="bench-adviser", groups=[Role.ADVISER])
        self._processes(registrations, adviser, size["finished"], size["active"], step)
        self._assessments(registrations, step)
        results_page = self._results_page()

        # The case and task a person opens from the lists: the second case and the adviser's oldest open task.
        other_case = registrations[1]
        own_task = Task.objects.filter(owner=adviser, status="ASSIGNED").order_by("pk").first()
        registration = registrations[0]
        news_index = NewsIndexPage.objects.get()
        article = NewsArticlePage.objects.live().order_by("-date").first()
        staff = {"Cookie": f"sessionid={self._session(adviser)}"}
        coordinator = {"Cookie": f"sessionid={self._session(get_user_model().objects.get(username='coordinator'))}"}
        person, municipality_task = self._workspace()
        workspace = {"Cookie": f"sessionid={self._session(person.user)}"}
        plan = {
            # name, path, request headers, kind (what the targets are for: page, search, form, status, staff,
            # workspace)
            "pages": [
                ["home", "/", {}, "page"],
                ["news index, page 1", news_index.url, {}, "page"],
                ["news index, page 40", f"{news_index.url}?side=40", {}, "page"],
                ["news article", article.url, {}, "page"],
                ["publication index", PublicationIndexPage.objects.get().url, {}, "page"],
                ["programme page", programme_page.url, {}, "page"],
                ["results block", results_page.url, {}, "page"],
                ["search", "/soeg/?q=peer", {}, "search"],
                ["registration form", f"/forloeb/{programme_page.programme.slug}/tilmelding/", {}, "form"],
                ["status page", f"/forloeb/status/{links.status_token(registration)}/", {}, "status"],
                ["my tasks", reverse("staff_tasks:inbox"), staff, "staff"],
                ["task queue", reverse("staff_tasks:queue"), staff, "staff"],
                ["task archive", reverse("staff_tasks:archive"), staff, "staff"],
                ["case list", reverse("staff_cases:index"), staff, "staff"],
                ["case page", reverse("staff_case", args=[other_case.pk]), staff, "staff"],
                ["task screen", reverse("staff_task", args=[own_task.pk]), staff, "staff"],
                ["results", reverse("staff_results"), coordinator, "staff"],
                ["workspace plan", reverse("workflows:municipality_plan", args=[person.registration_id]), workspace,
                 "workspace"],
                ["workspace task", reverse("workflows:municipality_task",
                                           args=[person.registration_id, municipality_task.pk]), workspace,
                 "workspace"],
            ],
            "load_programmes": [self._load_programme(n) for n in range(load_programmes)],
            "municipalities": list(Municipality.objects.values_list("pk", "code")),
        }
        pagecache.invalidate()  # factories save pages without publishing signals
        self.stdout.write(json.dumps(plan))

    def _news(self, count, step):
        index = NewsIndexPage.objects.get()
        existing = NewsArticlePage.objects.count()
        step(f"{max(count - existing, 0)} news articles")
        for n in range(existing, count):
            NewsArticlePageFactory(parent=index, title=f"Nyhed fra benchmark {n}", comments_enabled=False)

    def _publications(self, count, step):
        index = PublicationIndexPage.objects.get()
        existing = PublicationPage.objects.count()
        step(f"{max(count - existing, 0)} publications")
        shared = documents(SiteDocument.objects.first())
        for n in range(existing, count):
            PublicationPageFactory(parent=index, title=f"Publikation fra benchmark {n}", documents=shared,
                                   year=2015 + n % 10)

    def _registrations(self, programme, step):
        step("the 98 municipalities across 4 cohorts")
        cohorts = list(programme.cohorts.all()[:4])
        while len(cohorts) < 4:
            cohorts.append(CohortFactory(programme=programme, label=f"Benchmarkhold {len(cohorts) + 1}"))
        registered = set(Registration.objects.filter(programme=programme).values_list("municipality_id", flat=True))
        for n, municipality in enumerate(Municipality.objects.exclude(pk__in=registered)):
            services.submit(RegistrationFactory(cohort=cohorts[n % 4], municipality=municipality))
        return list(Registration.objects.filter(programme=programme).order_by("pk"))

    @transaction.atomic
    def _processes(self, registrations, adviser, finished, active, step):
        """Screening processes spread over the cases (a case's history grows with the dataset, as a real one
        does), finished over the last two years: the adviser's archive, and a page of open tasks."""
        # Count only the benchmark's own processes: the demo's registrations run screenings of their own, which
        # made the small and quick datasets seed no active tasks at all (an empty inbox to compare against).
        seeded = RegistrationProcess.objects.filter(data__bench=True)
        done = seeded.filter(status="DONE").count()
        running = seeded.count() - done
        plan = [True] * max(finished - done, 0) + [False] * max(active - running, 0)
        if not plan:
            return
        step(f"{plan.count(True)} finished and {plan.count(False)} active screening processes with their tasks")
        now = timezone.now()
        tasks = []
        for n, is_done in enumerate(plan, start=seeded.count()):
            created = now - timedelta(days=n % 700, minutes=n)
            finished_at = created + timedelta(hours=2) if is_done else None
            process = RegistrationProcess.objects.create(
                flow_class=ScreeningFlow, registration=registrations[n % len(registrations)],
                status="DONE" if is_done else "NEW", created=created, finished=finished_at, data={"bench": True},
            )
            tasks.append(Task(
                process=process, flow_task=ScreeningFlow.screen, flow_task_type="HUMAN",
                status="DONE" if is_done else "ASSIGNED" if n % 2 else "NEW",
                owner=adviser if is_done or n % 2 else None, owner_permission="workflows.screen_registration",
                created=created, finished=finished_at,
            ))
        Task.objects.bulk_create(tasks, batch_size=1000)

    @transaction.atomic
    def _assessments(self, registrations, step):
        """Start, midway and end of `ASSESSED` cases in each of two cohorts, with answers that mostly rise and a case
        now and then without its midway assessment, as real courses go. Cases the demo assessed are left alone."""
        assessed = set(SelfAssessment.objects.values_list("registration_id", flat=True))
        by_cohort = {}
        for registration in registrations:
            by_cohort.setdefault(registration.cohort_id, []).append(registration)
        indicators = list(Indicator.objects.active())
        added = 0
        for cases in list(by_cohort.values())[:2]:
            missing = max(ASSESSED - sum(case.pk in assessed for case in cases), 0)
            for n, case in enumerate([case for case in cases if case.pk not in assessed][:missing]):
                for kind, step_up in ((SelfAssessment.Kind.BASELINE, 0), (SelfAssessment.Kind.MIDWAY, 1),
                                      (SelfAssessment.Kind.FINAL, 1 + (n % 4 != 0))):
                    if kind == SelfAssessment.Kind.MIDWAY and n % 7 == 3:
                        continue
                    SelfAssessmentFactory(registration=case, kind=kind, answers={
                        indicator.key: min(1 + n % 3 + step_up, 5) if indicator.is_scale else n % 3 + 2 * step_up
                        for indicator in indicators})
                added += 1
        step(f"self-assessments of {added} municipalities")

    def _results_page(self):
        """A public page with the "results" block on every active indicator, all cohorts."""
        page = StandardPage.objects.filter(slug=RESULTS_SLUG).first()
        if page is None:
            page = StandardPageFactory(parent=HomePage.objects.get(), title="Resultater af forløbene",
                                       slug=RESULTS_SLUG, body=[
                paragraph("Kommunerne vurderer sig selv ved forløbets start, midtvejs og ved afslutningen."),
                {"type": "results", "value": {
                    "heading": "Det har forløbene flyttet", "intro": "",
                    "indicators": [str(pk) for pk in Indicator.objects.active().values_list("pk", flat=True)],
                    "cohort": ""}},
            ])
        return page

    def _load_programme(self, n):
        programme = ProgrammeFactory(slug=f"belastning-{n}", name=f"Belastningsprøve {n}", capacity=40)
        return {"slug": programme.slug, "cohort": CohortFactory(programme=programme).pk,
                "capacity": programme.capacity}

    def _workspace(self):
        """The contact person of a case mid-course and an open task of its municipality, for "Jeres forløb". The
        demo brings its cases there through the real flows (`devtools.demo.workflows`): kickoff held, goals sent, a
        workshop planned whose invitation the municipality is to answer."""
        people = (CasePerson.objects.current().select_related("user", "registration")
                  .filter(role=CasePerson.Role.CONTACT,
                          registration__municipality__code__in=workflows_demo.DEMO_COURSES)
                  .order_by("registration_id", "pk"))
        for person in people:
            task = municipality_tasks.case_tasks(person.registration).filter(status=STATUS.NEW).order_by("pk").first()
            if task is not None:
                return person, task
        raise CommandError("The demo has no case mid-course with a contact person and an open municipality task.")

    def _session(self, user):
        """A signed-in session: the adviser's (config.settings.bench turns the two-factor step off), or a person's
        of a municipality, as the sign-in link makes one (`municipality.auth.sign_in`, by the model backend)."""
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        return session.session_key
