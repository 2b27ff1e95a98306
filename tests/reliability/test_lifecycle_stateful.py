"""The whole journey under random sequences of real actions (issue 16, item 6), on PostgreSQL.

A Hypothesis state machine drives one programme of two cohorts the way people drive it: municipalities register,
an adviser screens each registration on its task (accept, waiting list or decline), a coordinator grants or passes a
seat offered from the waiting list on its task, municipalities withdraw (on their status page) or a coordinator
withdraws them, a coordinator assigns the lead adviser and the lead adviser schedules the kickoff, a coordinator
changes a capacity (never below the seats taken: the admin refuses that), and time passes (hours, days or weeks, or
to just around the next registration opening or deadline, start date or kickoff) with the scheduler run after it, so
the flows' timers and the retention jobs fire as in production.

After every step it checks:

1. seats taken (seated or offered, recounted from the rows) never exceed a cohort's or the programme's capacity;
2. `seat_facts` agrees with a recount of the rows, and so does every page that shows the figures: the programme
   page, the home page's call to action, the registration form, the coordinators' overview and its CSV export;
3. an ended case (declined, withdrawn, completed) has no open process and no open task;
4. every open human task has an owner or a queue, and a due date;
5. the journey's current step (`lifecycle.current_milestone`) matches the case's phase, and at each step one case's
   status page (each case in turn) marks that step, and only that one, with `aria-current="step"`;
6. no task of the case has failed and no scheduled job reported an error (the scheduler and viewflow's timer
   sweep log a failure and carry on, so a broken timer would otherwise go unnoticed).

`LIFECYCLE_EXAMPLES` and `LIFECYCLE_STEPS` explore more locally, e.g. `LIFECYCLE_EXAMPLES=200 LIFECYCLE_STEPS=40
DATABASE_URL=postgres://... pytest tests/reliability/test_lifecycle_stateful.py`.
"""

import csv
import io
import itertools
import logging
import os
from collections import Counter
from datetime import date, timedelta
from urllib.parse import urlsplit

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from viewflow.workflow.models import Process, Task

from cms.models import HomePage, ProgrammePage
from core import scheduler
from core.models import OutboxMessage, ScheduledJob
from devtools.factories.cms import ProgrammePageFactory
from devtools.factories.core import UserFactory
from devtools.factories.workflows import CohortFactory, ProgrammeFactory, RegistrationFactory, local, municipality
from tests.support.course import open_task
from workflows.course import lifecycle
from workflows.course import services as course_services
from workflows.course.flows import CourseFlow
from workflows.models import Registration
from workflows.permissions import Role
from workflows.registration import links, services
from workflows.registration.flows import ScreeningFlow, SeatOfferFlow
from workflows.registration.seats import seat_facts
from workflows.steps.models import TaskDeadline

pytestmark = [pytest.mark.django_db(transaction=True)]

Phase = lifecycle.Phase
Seat, Status = Registration.Seat, Registration.Status
TAKEN = (Seat.SEATED, Seat.OFFERED)

START = local(date(2027, 3, 1), 10)  # the machine's clock starts here and only moves forward
MUNICIPALITIES = ("aarhus", "odense", "aalborg", "esbjerg", "vejle", "randers", "kolding")
EXAMPLES = int(os.environ.get("LIFECYCLE_EXAMPLES", "12"))
STEPS = int(os.environ.get("LIFECYCLE_STEPS", "15"))

# Which milestone may be the current one in each phase (`lifecycle.milestones`); a completed case has none left.
CURRENT_STEP = {
    Phase.SCREENING: {"screened"},
    Phase.WAITING: {"waiting"},
    Phase.SEAT_OFFERED: {"waiting"},
    Phase.ACCEPTED: {"lead_adviser", "kickoff"},
    Phase.IN_COURSE: {"midway", "final", "completed"},
    Phase.COMPLETED: {None},
    Phase.DECLINED: {"declined"},
    Phase.WITHDRAWN: {"withdrawn"},
}

# The tasks the machine does (`staff_do_a_task`), by the name of the method that does each.
STEPS_DONE = {
    "screening": ScreeningFlow.screen,
    "seat offer": SeatOfferFlow.offer,
    "lead adviser": CourseFlow.assign_lead_adviser,
    "kickoff": CourseFlow.schedule_kickoff,
}

_examples = itertools.count(1)
SEEN = Counter()  # how often each rule ran and each phase was seen, printed at the end (pytest -s)


class _Failures(logging.Handler):
    """Collects what the scheduler and viewflow's timer sweep log when a job or a timer fails and they carry on."""

    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.records = []

    def emit(self, record):
        self.records.append(f"{record.name}: {record.getMessage()}\n{record.exc_text or ''}")


def _text(node):
    return " ".join(node.get_text(" ", strip=True).split()) if node is not None else ""


def _deadline(moment):
    return date_format(timezone.localtime(moment), "j. F Y \\k\\l. H:i")


def _path(url):
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


class Lifecycle(RuleBasedStateMachine):
    page = placeholder = None  # the programme page, and the programme it shows between examples (set by the test)

    def __init__(self):
        super().__init__()
        self.programme = None
        self.now = START
        self.traveller = time_machine.travel(START, tick=False)
        self.clock = self.traveller.start()
        self.failures = _Failures()
        for name in ("core.scheduler", "viewflow.workflow.timers"):
            logging.getLogger(name).addHandler(self.failures)
        self.adviser = UserFactory(username="anne", first_name="Anne", last_name="Rådgiver", groups=[Role.ADVISER])
        self.coordinator = UserFactory(username="carla", first_name="Carla", last_name="Koordinator",
                                       groups=[Role.COORDINATOR])
        self.staff_client = Client()
        self.steps_checked = 0

    # --- Set-up and tear-down ------------------------------------------------------------------------------------

    @initialize(
        capacity=st.integers(1, 3),  # small, so that cohorts fill up and waiting lists form
        first_cap=st.none() | st.integers(0, 2),
        second_cap=st.none() | st.integers(0, 2),
        first_closes=st.integers(1, 90),  # days from the start
        first_starts=st.integers(0, 30),  # days after its deadline
        second_opens=st.integers(0, 30),
        second_closes=st.integers(1, 90),  # days after it opens
        second_starts=st.integers(0, 30),
    )
    def programme_with_two_cohorts(self, capacity, first_cap, second_cap, first_closes, first_starts, second_opens,
                                   second_closes, second_starts):
        """The first cohort is open at the start; the second opens now or later."""
        n = next(_examples)
        ScheduledJob.objects.all().delete()  # every job is due at once on the machine's clock
        self.programme = ProgrammeFactory(name=f"Forløb {n}", slug=f"livsforloeb-{n}", capacity=capacity)
        closes = START + timedelta(days=first_closes)
        opens = START + timedelta(days=second_opens)
        self.cohorts = [
            CohortFactory(programme=self.programme, label=f"Forår {n}", capacity=first_cap,
                          registration_opens=START - timedelta(days=10), registration_closes=closes,
                          starts_on=timezone.localdate(closes) + timedelta(days=first_starts)),
            CohortFactory(programme=self.programme, label=f"Efterår {n}", capacity=second_cap,
                          registration_opens=opens, registration_closes=opens + timedelta(days=second_closes),
                          starts_on=timezone.localdate(opens + timedelta(days=second_closes))
                          + timedelta(days=second_starts)),
        ]
        # The one programme page (and the home page's call to action) shows this example's programme.
        ProgrammePage.objects.filter(pk=self.page.pk).update(programme=self.programme)

    def teardown(self):
        try:
            if self.programme is not None:
                registrations = Registration.objects.filter(programme=self.programme)
                Process.objects.filter(registrationprocess__registration__in=registrations).delete()
                registrations.delete()
                ProgrammePage.objects.filter(pk=self.page.pk).update(programme=self.placeholder)
                self.programme.delete()
            ScheduledJob.objects.all().delete()  # the next example's clock starts over
            OutboxMessage.objects.all().delete()
        finally:
            self.traveller.stop()
            for name in ("core.scheduler", "viewflow.workflow.timers"):
                logging.getLogger(name).removeHandler(self.failures)

    # --- Reading the state -----------------------------------------------------------------------------------------

    def registrations(self):
        return Registration.objects.filter(programme=self.programme).select_related("cohort", "municipality")

    def by_code(self, code):
        return self.registrations().exclude(status=Status.WITHDRAWN).get(municipality__code=code)

    def codes(self, registrations):
        return sorted(registrations.values_list("municipality__code", flat=True))

    def with_open_task(self, node):
        return self.codes(self.registrations().filter(
            processes__task__flow_task=node, processes__task__finished__isnull=True).distinct())

    def open_cohorts(self):
        return [cohort for cohort in self.cohorts if cohort.is_open(self.now)]

    def free_municipalities(self):
        active = set(self.registrations().exclude(status=Status.WITHDRAWN).values_list("municipality__code",
                                                                                        flat=True))
        return [code for code in MUNICIPALITIES if code not in active]

    def active(self):
        return self.codes(self.registrations().exclude(status__in=(Status.DECLINED, Status.WITHDRAWN)))

    def ready(self):
        return self.programme is not None

    # --- The actions -------------------------------------------------------------------------------------------------

    @precondition(lambda self: self.ready() and self.open_cohorts() and self.free_municipalities())
    @rule(data=st.data())
    def register(self, data):
        """A municipality registers for an open cohort (what the public form saves)."""
        SEEN["register"] += 1
        cohort = data.draw(st.sampled_from(self.open_cohorts()), label="cohort")
        code = data.draw(st.sampled_from(self.free_municipalities()), label="municipality")
        services.submit(RegistrationFactory.build(
            cohort=cohort, programme=self.programme, municipality=municipality(code),
            contact_email=f"peer@{code}.kommune.example.dk"))

    def open_steps(self):
        """(municipality, step) of every open task the machine knows how to do, in a stable order."""
        return sorted((code, name) for name in STEPS_DONE for code in self.with_open_task(STEPS_DONE[name]))

    @precondition(lambda self: self.ready() and self.open_steps())
    @rule(data=st.data())
    def staff_do_a_task(self, data):
        """A member of staff takes an open task and does it, as the task's screen would: an adviser screens, a
        coordinator records the answer to a seat offer or assigns the lead adviser, the lead adviser schedules the
        kickoff. One rule for them all, so that the tasks get their share of the steps."""
        code, step = data.draw(st.sampled_from(self.open_steps()), label="task")
        SEEN[step] += 1
        registration = self.by_code(code)
        task = open_task(registration, STEPS_DONE[step])
        if task.owner_id is None:
            with task.activation() as activation:
                activation.assign(self.coordinator if step in ("seat offer", "lead adviser") else self.adviser)
        with task.activation() as activation:
            activation.start(None)
            getattr(self, step.replace(" ", "_"))(data, registration, activation)
            activation.execute()

    def screening(self, data, registration, activation):
        """`ScreeningView.apply`: only the decisions the form offers for this registration."""
        decision = data.draw(st.sampled_from(services.allowed_decisions(registration)), label="decision")
        SEEN[f"screening: {decision}"] += 1
        services.decide(registration, decision, "Begrundelse for afgørelsen.", by=self.adviser,
                        running=activation.process)

    def seat_offer(self, data, registration, activation):
        """`SeatOfferView.apply`: the municipality takes the seat, or passes and the seat goes to the next."""
        if data.draw(st.booleans(), label="takes the seat"):
            SEEN["seat offer: taken"] += 1
            services.grant_offered_seat(registration)
        else:
            SEEN["seat offer: passed"] += 1
            services.pass_offered_seat(registration, "Kommunen siger nej tak.", running=activation.process)

    def lead_adviser(self, data, registration, activation):
        course_services.assign_lead_adviser(registration.course, self.adviser)

    def kickoff(self, data, registration, activation):
        days_ahead = data.draw(st.integers(1, 60), label="kickoff in days")
        course = registration.course
        course.kickoff_at = local(timezone.localdate(self.now) + timedelta(days=days_ahead), 10)
        course.kickoff_place = "Rådhuset"
        course.save()

    @precondition(lambda self: self.ready() and self.active())
    @rule(data=st.data(), on_status_page=st.booleans())
    def withdraw(self, data, on_status_page):
        """The municipality withdraws on its status page, or a coordinator withdraws it."""
        SEEN["withdraw"] += 1
        registration = self.by_code(data.draw(st.sampled_from(self.active()), label="municipality"))
        if on_status_page:
            token = links.status_token(registration)
            response = Client().post(reverse("workflows:status_withdraw", args=[token]))
            assert response.status_code == 302, response.content.decode()[:2000]
        else:
            services.withdraw(registration, by=self.coordinator, reason="Kommunen har meldt fra i telefonen.")
        registration.refresh_from_db()
        assert registration.status == Status.WITHDRAWN

    def seats_still_matter(self):
        """A capacity changes what happens only while a cohort has not started."""
        return self.ready() and any(timezone.localdate(self.now) < cohort.starts_on for cohort in self.cohorts)

    @precondition(seats_still_matter)
    @rule(data=st.data(), which=st.sampled_from(["programme", "first cohort", "second cohort"]))
    def change_a_capacity(self, data, which):
        """A coordinator changes the programme's capacity or a cohort's own cap (none is a cap too: the cohort then
        shares the programme's seats). The admin refuses a capacity below the seats already taken, so the machine
        never asks for one."""
        SEEN["change_a_capacity"] += 1
        if which == "programme":
            taken = Registration.objects.filter(programme=self.programme, seat__in=TAKEN).count()
            self.programme.refresh_from_db()
            self.programme.capacity = data.draw(st.integers(taken, taken + 3), label="capacity")
            self.programme.save()
        else:
            cohort = self.cohorts[0 if which == "first cohort" else 1]
            taken = Registration.objects.filter(cohort=cohort, seat__in=TAKEN).count()
            cohort.refresh_from_db()
            cohort.capacity = data.draw(st.none() | st.integers(taken, taken + 3), label="capacity")
            cohort.save()

    @precondition(ready)
    @rule(data=st.data(), how=st.sampled_from(["hours", "days", "weeks", "to the next date"]))
    def time_passes(self, data, how):
        """Time moves on: some hours, days or weeks, or to just before, at or just after the next registration
        opening or deadline, start date or kickoff. Then the scheduler runs, as it does every minute."""
        SEEN[f"time passes: {how}"] += 1
        coming = self.next_dates()
        if how == "to the next date" and coming:
            offset = data.draw(st.sampled_from([-1, 0, 1, 3600]), label="seconds after it")
            moment = max(coming[0] + timedelta(seconds=offset), self.now + timedelta(seconds=1))
        elif how == "hours":
            moment = self.now + timedelta(hours=data.draw(st.integers(1, 48), label=how))
        elif how == "weeks":
            moment = self.now + timedelta(weeks=data.draw(st.integers(1, 12), label=how))
        else:
            moment = self.now + timedelta(days=data.draw(st.integers(1, 14), label="days"))
        self.now = moment
        self.clock.move_to(moment)
        scheduler.run_due_jobs()

    def next_dates(self):
        moments = []
        for cohort in self.cohorts:
            cohort.refresh_from_db()
            moments += [cohort.registration_opens, cohort.registration_closes,
                        local(cohort.starts_on), local(cohort.starts_on + timedelta(days=1))]
        moments += [moment for moment in self.registrations().filter(course__kickoff_at__isnull=False)
                    .values_list("course__kickoff_at", flat=True)]
        return sorted(moment for moment in moments if moment > self.now)

    # --- The invariants ----------------------------------------------------------------------------------------------

    def recount(self):
        """The seat figures from the rows, by the rules the issue states (not through `seats.py`)."""
        today = timezone.localdate(self.now)
        rows = list(Registration.objects.filter(programme=self.programme).values_list("cohort_id", "seat"))
        self.programme.refresh_from_db()
        programme_taken = sum(1 for _cohort, seat in rows if seat in TAKEN)
        programme_free = max(self.programme.capacity - programme_taken, 0)
        cohorts = {}
        for cohort in self.cohorts:
            cohort.refresh_from_db()
            taken = sum(1 for pk, seat in rows if pk == cohort.pk and seat in TAKEN)
            waiting = sum(1 for pk, seat in rows if pk == cohort.pk and seat == Seat.WAITING) \
                if cohort.starts_on > today else 0
            is_open = cohort.registration_opens <= self.now < cohort.registration_closes
            own = programme_free if cohort.capacity is None else max(cohort.capacity - taken, 0)
            cohorts[cohort.pk] = {"cohort": cohort, "taken": taken, "waiting": waiting, "is_open": is_open,
                                  "free": min(programme_free, own) if is_open else 0}
        open_ones = sorted((c for c in cohorts.values() if c["is_open"]), key=lambda c: c["cohort"].registration_closes)
        bookable = min(programme_free, sum(c["free"] for c in open_ones))
        return {
            "capacity": self.programme.capacity, "taken": programme_taken, "free": programme_free,
            "waiting": sum(c["waiting"] for c in cohorts.values()), "cohorts": cohorts, "open": open_ones,
            "bookable": bookable, "all_open_full": bool(open_ones) and bookable == 0,
        }

    @precondition(ready)
    @invariant()
    def seats_never_exceed_capacity(self):
        figures = self.recount()
        assert figures["taken"] <= figures["capacity"], figures
        for facts in figures["cohorts"].values():
            if facts["cohort"].capacity is not None:
                assert facts["taken"] <= facts["cohort"].capacity, facts

    @precondition(ready)
    @invariant()
    def seat_facts_agree_with_the_rows(self):
        figures = self.recount()
        facts = seat_facts(self.programme, self.now)
        assert (facts.capacity, facts.taken, facts.free, facts.waiting) == (
            figures["capacity"], figures["taken"], figures["free"], figures["waiting"])
        assert {item.cohort.pk: (item.taken, item.free, item.waiting, item.is_open) for item in facts.cohorts} == {
            pk: (c["taken"], c["free"], c["waiting"], c["is_open"]) for pk, c in figures["cohorts"].items()}
        assert (facts.bookable, facts.all_open_full) == (figures["bookable"], figures["all_open_full"])
        # The waiting list is the one definition every figure reads.
        assert Registration.objects.filter(programme=self.programme).waiting_list(
            timezone.localdate(self.now)).count() == figures["waiting"]

    @precondition(ready)
    @invariant()
    def every_page_shows_the_recount(self):
        figures = self.recount()
        with translation.override("da"):
            self.check_programme_page(figures)
            self.check_home_page(figures)
            self.check_registration_form(figures)
            self.check_overview(figures)
            self.check_export(figures)

    def check_programme_page(self, figures):
        response = Client().get(self.page.url)
        assert response.status_code == 200
        status = BeautifulSoup(response.content, "html.parser").select_one(".programme-status")
        summary = _text(status.select_one("p"))
        if figures["all_open_full"]:
            expected = gettext("Every open cohort is full. A municipality that registers now goes on the waiting "
                               "list as number %(position)s.") % {"position": figures["waiting"] + 1}
        else:
            expected = ngettext("%(seats)s seat left in the programme.", "%(seats)s seats left in the programme.",
                                figures["bookable"]) % {"seats": figures["bookable"]}
        assert expected in summary, summary
        waiting = ngettext("%(waiting)s municipality is on the waiting list.",
                           "%(waiting)s municipalities are on the waiting list.", figures["waiting"]) % {
            "waiting": figures["waiting"]}
        assert (waiting in summary) == bool(figures["waiting"]), summary
        shown = {_text(row.select_one("th")): _text(row.select("td")[-1]) for row in status.select("tbody tr")}
        today = timezone.localdate(self.now)
        expected_rows = {}
        for facts in figures["cohorts"].values():
            cohort = facts["cohort"]
            if cohort.starts_on < today:
                continue
            if facts["is_open"]:
                cell = gettext("Full: waiting list") if not facts["free"] else str(facts["free"])
            elif self.now < cohort.registration_opens:
                cell = gettext("Not open yet")
            else:
                cell = gettext("Closed")
            expected_rows[cohort.label] = cell
        assert shown == expected_rows

    def check_home_page(self, figures):
        response = Client().get("/")
        assert response.status_code == 200
        cta = _text(BeautifulSoup(response.content, "html.parser").select_one("section.cta"))
        with_seats = [facts for facts in figures["open"] if facts["free"]]
        if with_seats:
            # The open cohort with seats whose registration closes first (either one, when two close together).
            first = min(facts["cohort"].registration_closes for facts in with_seats)
            assert any(all(sentence in cta for sentence in [
                gettext("Registration for %(cohort)s closes %(deadline)s.") % {
                    "cohort": facts["cohort"].label, "deadline": _deadline(facts["cohort"].registration_closes)},
                ngettext("%(seats)s seat left in this cohort.", "%(seats)s seats left in this cohort.",
                         facts["free"]) % {"seats": facts["free"]},
            ]) for facts in with_seats if facts["cohort"].registration_closes == first), cta
            return
        if figures["all_open_full"]:
            expected = gettext("Every open cohort is full. A municipality that registers now goes on the waiting "
                               "list as number %(position)s.") % {"position": figures["waiting"] + 1}
        else:
            expected = gettext("Registration is closed at the moment.")
        assert expected in cta, (expected, cta)

    def check_registration_form(self, figures):
        response = Client().get(reverse("workflows:register", args=[self.programme.slug]))
        assert response.status_code == 200
        html = BeautifulSoup(response.content, "html.parser")
        choices = sorted(_text(tag.find_parent("label")) for tag in html.select('input[name="cohort"]'))
        expected = []
        for facts in figures["open"]:
            cohort = facts["cohort"]
            label = gettext("%(label)s, registration closes %(deadline)s") % {
                "label": cohort.label, "deadline": _deadline(cohort.registration_closes)}
            if facts["free"]:
                seats = ngettext("%(count)s seat left", "%(count)s seats left", facts["free"]) % {
                    "count": facts["free"]}
            else:
                seats = gettext("full: waiting list, number %(position)s") % {"position": figures["waiting"] + 1}
            expected.append(f"{label} – {seats}")
        assert choices == sorted(expected)

    def check_overview(self, figures):
        self.staff_client.force_login(self.coordinator)  # a session started days ago (on the machine's clock) is over
        response = self.staff_client.get("/admin/overblik/")
        assert response.status_code == 200
        table = BeautifulSoup(response.content, "html.parser").select_one('[data-testid="chart-seats"] table')
        rows = {_text(cells[0]): (_text(cells[1]), _text(cells[2])) for cells in
                (row.select("td") for row in table.select("tbody tr"))}
        shown = {label: row for label, row in rows.items() if label in self.labels()}
        assert shown == self.expected_overview(figures)

    def labels(self):
        return {gettext("%(programme)s, all cohorts") % {"programme": self.programme.name},
                *(cohort.label for cohort in self.cohorts)}

    def listed_cohorts(self, figures):
        today = timezone.localdate(self.now)
        return [facts for facts in figures["cohorts"].values() if facts["cohort"].ends_on >= today]

    def expected_overview(self, figures):
        rows = {gettext("%(programme)s, all cohorts") % {"programme": self.programme.name}: (
            str(figures["taken"]), gettext("of %(capacity)s, %(free)s free, %(waiting)s waiting") % {
                "capacity": figures["capacity"], "free": figures["free"], "waiting": figures["waiting"]})}
        for facts in self.listed_cohorts(figures):
            cohort = facts["cohort"]
            if cohort.capacity is None:
                note = gettext("no cap of its own, shares the programme's free seats; %(waiting)s waiting") % {
                    "waiting": facts["waiting"]}
            else:
                note = gettext("of %(capacity)s, %(free)s free, %(waiting)s waiting") % {
                    "capacity": cohort.capacity, "free": facts["free"], "waiting": facts["waiting"]}
            rows[cohort.label] = (str(facts["taken"]), note)
        return rows

    def check_export(self, figures):
        response = self.staff_client.get(reverse("staff_overview_export", args=["csv"]))
        assert response.status_code == 200
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
        header = rows[0]
        columns = [header.index(gettext(name)) for name in ("Seats taken", "Cap", "Seats left", "Waiting list")]
        shown = {row[0]: [row[index] for index in columns] for row in rows[1:] if row and row[0] in self.labels()}
        expected = {gettext("%(programme)s, all cohorts") % {"programme": self.programme.name}: [
            str(figures["taken"]), str(figures["capacity"]), str(figures["free"]), str(figures["waiting"])]}
        for facts in self.listed_cohorts(figures):
            cohort = facts["cohort"]
            expected[cohort.label] = [str(facts["taken"]), "" if cohort.capacity is None else str(cohort.capacity),
                                      str(facts["free"]), str(facts["waiting"])]
        assert shown == expected

    def open_tasks(self):
        return Task.objects.filter(process__registrationprocess__registration__programme=self.programme,
                                   finished__isnull=True)

    @precondition(ready)
    @invariant()
    def an_ended_case_has_no_open_work(self):
        for registration in self.registrations():
            if lifecycle.phase_of(registration) in lifecycle.ENDED:
                assert not registration.processes.filter(finished__isnull=True).exists(), (
                    registration, list(registration.processes.filter(finished__isnull=True).values_list(
                        "flow_class", "status")))
                assert not self.open_tasks().filter(process__registrationprocess__registration=registration).exists(), (
                    registration, list(self.open_tasks().filter(
                        process__registrationprocess__registration=registration).values_list("flow_task", "status")))

    @precondition(ready)
    @invariant()
    def every_open_task_has_an_owner_or_a_queue_and_a_due_date(self):
        for task in self.open_tasks().filter(flow_task_type="HUMAN").exclude(status="CANCELED"):
            # A staff step is someone's or a queue's; the municipality's own is its people's, who may all send it:
            # it waits for nobody in particular and must have people to do it.
            if getattr(task.flow_task, "by_municipality", False):
                assert task.owner_id is None, (task.flow_task, task.status)
                assert task.process.coerced.registration.contact_email, (task.flow_task, task.status)
            else:
                assert task.owner_id or task.owner_permission, (task.flow_task, task.status)
            assert TaskDeadline.objects.filter(task=task).exists(), (task.flow_task, task.status)

    @precondition(ready)
    @invariant()
    def the_current_step_matches_the_phase(self):
        """Every case's current milestone is one its phase allows; and one case's status page (a different case at
        each step, in turn) marks that milestone as the current step."""
        cases = list(self.registrations().select_related("course").prefetch_related("course__evaluations"))
        for registration in cases:
            phase = lifecycle.phase_of(registration)
            SEEN[f"phase {phase.value}"] += 1
            current = lifecycle.current_milestone(registration)
            assert (current.key if current else None) in CURRENT_STEP[phase], (
                registration, phase, [(step.key, step.state) for step in lifecycle.milestones(registration)])
        if cases:
            self.steps_checked += 1
            self.check_status_page(cases[self.steps_checked % len(cases)])

    def check_status_page(self, registration):
        response = Client().get(_path(links.status_url(registration)))
        if registration.is_anonymised:
            # A year after a case closed its contact person is erased (workflows.jobs), and with them the link.
            assert response.status_code == 404
            return
        SEEN["status page"] += 1
        assert response.status_code == 200
        html = BeautifulSoup(response.content, "html.parser")
        marked = [_text(item.select_one(".timeline__label")) for item in html.select('[aria-current="step"]')]
        with translation.override("da"):
            current = lifecycle.current_milestone(registration)
            assert marked == ([str(current.label)] if current else []), (
                lifecycle.phase_of(registration), _text(html.select_one('[data-testid="journey"]')))

    @precondition(ready)
    @invariant()
    def nothing_failed_quietly(self):
        assert not self.failures.records, self.failures.records
        assert not Task.objects.filter(process__registrationprocess__registration__programme=self.programme,
                                       status="ERROR").exists()
        assert not ScheduledJob.objects.exclude(last_error="").values_list("name", "last_error").exists(), list(
            ScheduledJob.objects.exclude(last_error="").values_list("name", "last_error"))


def test_random_journeys_keep_their_invariants(postgres_only):
    """Each example gets a programme of its own and removes it again in `teardown` (its rows, its processes and
    tasks); the programme page is made once and shown each example's programme."""
    SEEN.clear()
    Lifecycle.placeholder = ProgrammeFactory(name="Forløb mellem eksemplerne", slug="livsforloeb-0")
    Lifecycle.page = ProgrammePageFactory(parent=HomePage.objects.get(), programme=Lifecycle.placeholder,
                                          title="Rådgivningsforløbet")
    home = HomePage.objects.get()
    home.cta_heading, home.cta_page = "Vil jeres kommune være med?", Lifecycle.page
    home.save_revision().publish()
    run_state_machine_as_test(Lifecycle, settings=settings(
        max_examples=EXAMPLES, stateful_step_count=STEPS, deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
    ))
    print("\n" + "\n".join(f"{name}: {count}" for name, count in sorted(SEEN.items())))
