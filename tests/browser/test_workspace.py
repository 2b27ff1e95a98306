"""A day in the staff workspace, in headless Chromium, done entirely in the Wagtail admin: an adviser, a coordinator,
a competence partner and an editor sign in at the Wagtail login, find their work, do it, and see the case and the
municipality's status page change. Every workspace page on the way passes axe-core's WCAG 2.1 A/AA checks at
1280 and 375 px with nothing cut off at the right edge (`browser_support.assert_accessible`), and the pictures in
docs/screenshots/ are taken here (`make screenshots`)."""

import re
from datetime import date, timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client

from cms.models import Comment, NewsArticlePage
from core import scheduler
from devtools.demo import cms as demo
from devtools.factories.cms import CommentFactory
from devtools.factories.core import UserFactory
from devtools.factories.workflows import InformationMeetingFactory, local
from tests.support.browser import assert_accessible, open_tab, row_of, screenshot, sign_in, write_news_item
from tests.support.course import (
    AUTUMN,
    KICKOFF,
    accepted_registration,
    course_under_way,
    do_task,
    nominate,
    open_task,
    staff,
)
from workflows.course.flows import CourseFlow, WorkshopFlow
from workflows.permissions import Role
from workflows.registration import links

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_advisers_day(live_server, page, tmp_path):
    anne, bo, carla = staff()
    client = Client()
    with time_machine.travel(AUTUMN, tick=False):
        registration = accepted_registration(adviser=anne)
    course_under_way(client, registration, anne, carla)
    workshop = registration.course.workshops.get()
    with time_machine.travel(workshop.starts_at - timedelta(days=3), tick=False):
        do_task(client, anne, open_task(registration, WorkshopFlow.prepare), {"agenda": "Roller og forventninger"})
    with time_machine.travel(workshop.starts_at - timedelta(days=2), tick=False):
        scheduler.run_due_jobs()
    with time_machine.travel(workshop.ends_at + timedelta(minutes=5), tick=False):
        scheduler.run_due_jobs()
        task = open_task(registration, WorkshopFlow.record_outcome)
        with task.activation() as activation:  # Anne is ill: her task goes back to the advisers' queue
            activation.unassign()

    with time_machine.travel(workshop.ends_at + timedelta(hours=20), tick=True):
        # Bo signs in; the dashboard's panel tells him what waits for him and his group.
        sign_in(page, live_server.url, bo.username)
        assert page.url == live_server.url + "/admin/"
        assert page.get_by_test_id("panel-inbox").inner_text() == "0 opgaver til mig"
        assert page.get_by_test_id("panel-queue").inner_text() == "1 opgave i mine gruppers kø"
        assert_accessible(page, "dashboard")
        page.get_by_test_id("panel-queue").click()

        # The queue: the step, the municipality, and a "Take" button in the row.
        page.wait_for_url("**/admin/opgaver/koe/")
        row = row_of(page, task)
        assert "Registrér workshoppens resultat" in row.inner_text() and "Aarhus" in row.inner_text()
        assert_accessible(page, "queue")
        with page.expect_navigation():
            row.get_by_role("button", name="Tag", exact=True).click()
        assert "Opgaven er nu din." in page.locator(".messages").inner_text()
        assert row_of(page, task).count() == 0  # no longer in the queue

        # My tasks: the task is his now; its title opens the task's screen.
        page.get_by_role("button", name="Sagsbehandling").click()  # the menu
        page.get_by_role("link", name=re.compile(r"^Mine opgaver")).click()
        page.wait_for_url("**/admin/opgaver/")
        assert "Aarhus" in row_of(page, task).inner_text()  # his now: in My tasks
        assert_accessible(page, "my tasks")
        row_of(page, task).get_by_role("link", name="Registrér workshoppens resultat").click()

        # The task's screen: what the step is for, and the municipality's answers in a side panel.
        page.wait_for_url(f"**/admin/opgaver/{task.pk}/")
        assert "Hvor mange deltog" in page.get_by_test_id("task-header").inner_text()
        assert_accessible(page, "task screen")
        page.get_by_role("button", name="Vis kommunens svar").click()
        answers = page.get_by_test_id("answers-panel")
        answers.wait_for()
        assert registration.motivation.splitlines()[0] in answers.inner_text()
        assert_accessible(page, "task screen with the answers")
        screenshot(page, "task-screen", tmp_path)
        page.get_by_role("button", name="Vis sagens historik").click()
        assert "Forbered workshoppen" in page.get_by_test_id("history-panel").inner_text()
        page.get_by_label("Antal deltagere").fill("11")
        page.get_by_label("Noter").fill("Ledelsen bakker op.")
        page.get_by_label("Aftalte handlinger").fill("Ansæt to peers.")
        with page.expect_navigation():
            page.get_by_role("button", name="Udfør opgaven").click()

        # Done: he lands on the case, which says so; the timeline shows what he recorded.
        page.wait_for_url(f"**/admin/sager/{registration.pk}/")
        assert "Du udførte »Registrér workshoppens resultat«" in page.locator(".messages").inner_text()
        timeline = open_tab(page, "Tidslinje").inner_text()
        assert "Registrér workshoppens resultat" in timeline and "Bo Kollega" in timeline
        assert "Workshop (Ledelse): 11 deltog. Aftalte handlinger: Ansæt to peers." in timeline
        assert "Timeout" not in timeline  # the steps people do, not the flow's timers
        for tab in ("Overblik", "Opgaver", "Tidslinje", "Kontakter og svar", "Workshops og kompetencer", "Noter"):
            open_tab(page, tab)
            assert_accessible(page, f"case page, tab {tab}")
        open_tab(page, "Tidslinje")
        screenshot(page, "case-page", tmp_path)

        page.goto(live_server.url + "/admin/opgaver/arkiv/")
        assert "Registrér workshoppens resultat" in row_of(page, task).inner_text()
        assert_accessible(page, "archive")
        row_of(page, task).get_by_role("link", name="Registrér workshoppens resultat").click()  # read it again
        page.wait_for_url(f"**/admin/opgaver/{task.pk}/indsendt/")
        submitted = page.locator("main").inner_text()
        assert "Det indsendte" in submitted and "Bo Kollega" in submitted and "Ansæt to peers." in submitted
        assert page.get_by_role("button", name="Udfør opgaven").count() == 0  # read-only
        assert_accessible(page, "what was submitted")

        # The municipality's status page shows the workshop's outcome.
        page.goto(live_server.url + f"/forloeb/status/{links.status_token(registration)}/")
        assert "11 deltagere. Aftalte handlinger: Ansæt to peers." in page.locator("main").inner_text()
        assert_accessible(page, "status page")


def test_a_coordinators_day(live_server, page, tmp_path, two_cases):
    anne, bo, carla = two_cases.adviser, two_cases.colleague, two_cases.coordinator
    aarhus, odense = two_cases.aarhus, two_cases.odense
    pia = UserFactory(username="pia", first_name="Pia", last_name="Partner", groups=[Role.PARTNER])
    client = Client()
    with time_machine.travel(AUTUMN, tick=False):
        aalborg = accepted_registration("aalborg", adviser=anne, cohort=aarhus.cohort)
    course_under_way(client, aarhus, anne, carla)
    InformationMeetingFactory(programme=aarhus.programme, host=carla, starts_at=local(date(2027, 1, 20), 14))
    with time_machine.travel(KICKOFF + timedelta(minutes=1), tick=False):
        nominate(aarhus, "Mette Peer")
    annes_tasks = [open_task(aarhus, CourseFlow.enrol_participants), open_task(aarhus, WorkshopFlow.prepare)]

    with time_machine.travel(KICKOFF + timedelta(days=1), tick=True):
        # Carla signs in; the dashboard shows the programme's phases; the whole overview is one link away.
        sign_in(page, live_server.url, carla.username)
        assert page.get_by_test_id("chart-phases").is_visible()
        assert_accessible(page, "coordinator's dashboard")
        page.get_by_role("link", name="Hele overblikket").click()
        page.wait_for_url("**/admin/overblik/")
        assert_accessible(page, "overview")
        screenshot(page, "overview", tmp_path)

        # A bar of the chart leads to the cases behind it.
        page.get_by_test_id("chart-phases").get_by_role("link", name=re.compile(r"^Optaget\s*2")).click()
        page.wait_for_url("**/admin/sager/?status=accepted")
        listing = page.locator("#listing-results").inner_text()
        assert "Odense" in listing and "Aalborg" in listing and "Aarhus" not in listing
        assert_accessible(page, "case list, filtered")

        # Odense needs its lead adviser: she takes the task on the case page and assigns Bo and the partner.
        page.get_by_role("link", name="Odense").click()
        open_tab(page, "Opgaver")
        assign = open_task(odense, CourseFlow.assign_lead_adviser)
        with page.expect_navigation():
            row_of(page, assign).get_by_role("button", name="Tag", exact=True).click()
        assert "Opgaven er nu din." in page.locator(".messages").inner_text()
        page.get_by_role("link", name="Udpeg fast rådgiver").click()
        page.wait_for_url(f"**/admin/opgaver/{assign.pk}/")
        assert_accessible(page, "task screen: assign lead adviser")
        page.get_by_label("Fast rådgiver").select_option(label="Bo Kollega")
        page.get_by_label("Kompetencepartner").select_option(label="Pia Partner")
        with page.expect_navigation():
            page.get_by_role("button", name="Udfør opgaven").click()
        assert "Du udførte »Udpeg fast rådgiver«" in page.locator(".messages").inner_text()
        header = page.get_by_test_id("case-header").inner_text()
        assert "Fast rådgiver: Bo Kollega" in header and "Kompetencepartner: Pia Partner" in header
        odense.refresh_from_db()
        assert odense.lead_adviser == bo and odense.course.competence_partner == pia
        assert "Planlæg opstart" in open_tab(page, "Opgaver").inner_text()

        # Anne is away: Carla hands her two tasks to Bo from the list of all open tasks.
        page.get_by_role("button", name="Sagsbehandling").click()
        page.get_by_role("link", name="Alle åbne opgaver").click()
        page.wait_for_url("**/admin/opgaver/alle/")
        assert_accessible(page, "all open tasks")
        for task in annes_tasks:
            row_of(page, task).get_by_role("checkbox").check()
        page.get_by_role("link", name="Giv de valgte opgaver til en kollega").click()
        page.wait_for_url("**/admin/bulk/viewflow/task/reassign/**")
        assert "Hvem skal have disse opgaver?" in page.locator("main").inner_text()
        assert_accessible(page, "bulk action: give to a colleague")
        page.get_by_label("Giv til").select_option(label="Bo Kollega")
        mail.outbox.clear()
        with page.expect_navigation():
            page.get_by_role("button", name="Ja").click()
        page.wait_for_url("**/admin/opgaver/alle/**")
        assert "2 opgaver er givet til Bo Kollega." in page.locator(".messages").inner_text()
        for task in annes_tasks:
            assert "Bo Kollega" in row_of(page, task).inner_text()
            task.refresh_from_db()
            assert task.owner == bo
        assert [message.to for message in mail.outbox] == [[bo.email]] * 2  # each task's assignment email
        screenshot(page, "task-list", tmp_path)

        # Aalborg withdraws by phone: Carla withdraws the case on its page, with the reason, and confirms.
        page.goto(live_server.url + f"/admin/sager/{aalborg.pk}/")
        page.get_by_role("link", name="Afmeld kommunen").click()
        page.wait_for_url(f"**/admin/sager/{aalborg.pk}/afmeld/")
        assert_accessible(page, "withdraw")
        page.get_by_label("Begrundelse").fill("Kommunen har ikke ressourcer til forløbet i år.")
        page.get_by_label("Jeg forstår").check()
        with page.expect_navigation():
            page.get_by_role("button", name="Afmeld kommunen").click()
        assert "Kommunen er afmeldt, og pladsen er givet fri." in page.locator(".messages").inner_text()
        assert page.get_by_test_id("status").text_content().strip() == "Afmeldt"
        assert page.get_by_role("link", name="Afmeld kommunen").count() == 0
        notes = open_tab(page, "Noter").inner_text()
        assert "Afmeldt: Kommunen har ikke ressourcer til forløbet i år." in notes
        assert "Ingen åbne opgaver." in open_tab(page, "Opgaver").inner_text()
        page.goto(live_server.url + "/admin/overblik/")
        assert page.get_by_test_id("chart-phases").get_by_role("link", name=re.compile(r"^Afmeldt\s*1")).count()

        page.goto(live_server.url + f"/forloeb/status/{links.status_token(aalborg)}/")
        assert page.get_by_test_id("status").inner_text() == "Afmeldt"

        # The calendar: her own information meeting, and everyone's events.
        page.goto(live_server.url + "/admin/")
        page.get_by_role("button", name="Sagsbehandling").click()
        page.get_by_role("link", name="Kalender", exact=True).click()
        page.wait_for_url("**/admin/kalender/")
        assert "Informationsmøde" in page.locator("main").inner_text()
        page.get_by_role("link", name="Alles").click()
        page.wait_for_url("**/admin/kalender/?hvem=alle")
        assert "Workshop (ledelse): Aarhus" in page.locator("main").inner_text()
        assert_accessible(page, "calendar")
        screenshot(page, "calendar", tmp_path)


def test_a_competence_partners_day(live_server, page, two_cases):
    anne, carla, aarhus, odense = two_cases.adviser, two_cases.coordinator, two_cases.aarhus, two_cases.odense
    pia = UserFactory(username="pia", first_name="Pia", last_name="Partner", groups=[Role.PARTNER])
    client = Client()
    course_under_way(client, aarhus, anne, carla, partner=pia)
    with time_machine.travel(KICKOFF + timedelta(minutes=1), tick=False):  # the municipality's nominations
        nominate(aarhus, "Mette Hansen", "Jonas Berg", modules=aarhus.programme.modules.filter(mandatory=True))
    enrol = open_task(aarhus, CourseFlow.enrol_participants)

    with time_machine.travel(KICKOFF + timedelta(days=300), tick=True):  # ten months in: the deadline nears
        status_page = live_server.url + f"/forloeb/status/{links.status_token(aarhus)}/"  # a link lasts 90 days
        # Pia, of the university college, sees her one task and nothing of the advisers' work.
        sign_in(page, live_server.url, pia.username)
        assert page.get_by_test_id("panel-inbox").inner_text() == "1 opgave til mig"
        assert page.get_by_test_id("panel-queue").count() == 0
        page.get_by_role("button", name="Sagsbehandling").click()
        submenu = page.locator(".sidebar-sub-menu-panel").filter(has_text="Mine opgaver")
        menu = [name.strip() for name in submenu.locator("a").all_text_contents()]
        assert [re.sub(r" \(\d+\)$", "", name) for name in menu] == ["Mine opgaver", "Arkiv", "Sager"]
        assert_accessible(page, "partner's dashboard")
        page.get_by_role("link", name=re.compile(r"^Sager")).click()
        page.wait_for_url("**/admin/sager/")
        assert page.locator("#listing-results tbody tr").all_inner_texts()[0].startswith("Aarhus")
        assert page.locator("#listing-results tbody tr").count() == 1
        page.get_by_role("button", name="Sagsbehandling").click()
        page.get_by_role("link", name=re.compile(r"^Mine opgaver")).click()
        page.wait_for_url("**/admin/opgaver/")
        assert page.locator("#listing-results tbody tr").count() == 1
        assert "Overskredet" in row_of(page, enrol).inner_text()
        assert_accessible(page, "partner's tasks")

        # She confirms the municipality's two nominations for the mandatory module on the task's screen.
        row_of(page, enrol).get_by_role("link", name="Bekræft indstillingerne").click()
        page.wait_for_url(f"**/admin/opgaver/{enrol.pk}/")
        assert_accessible(page, "task screen: confirm the nominations")
        assert "Ingen er tilmeldt endnu." in page.locator("main").inner_text()  # who is enrolled, above the form
        main = page.locator("main").inner_text()
        assert "Mette Hansen (" in main and "Jonas Berg (" in main
        confirm = page.locator("input[type=radio][name^=decision_][value=confirm]")
        assert confirm.count() == 2
        for at in range(2):
            confirm.nth(at).check()
        with page.expect_navigation():
            page.get_by_role("button", name="Udfør opgaven").click()

        # The case, where she sees only the competence development, now warns of the near deadline; so does the
        # municipality's status page.
        page.wait_for_url(f"**/admin/sager/{aarhus.pk}/")
        assert "Du udførte »Bekræft indstillingerne«" in page.locator(".messages").inner_text()
        assert page.get_by_role("tab").all_inner_texts() == ["Workshops og kompetencer"]
        competence = page.get_by_role("tabpanel", name="Workshops og kompetencer")
        assert "Mette Hansen" in competence.inner_text() and "Jonas Berg" in competence.inner_text()
        assert "fristen er 4. januar 2028" in page.get_by_test_id("competence-at-risk").inner_text()
        assert_accessible(page, "case page for the competence partner")
        page.goto(status_page)
        assert "Husk: de obligatoriske moduler skal være gennemført senest 4. januar 2028." in page.inner_text("main")

        # Both complete the mandatory module: the warning goes from the case page and the status page.
        page.go_back()
        enrolment = lambda participant: page.locator(  # noqa: E731 (their rows in the enrolments, not the nominations)
            "table:not([data-testid=nominations]) tr", has_text=participant)
        for participant in ("Mette Hansen", "Jonas Berg"):
            with page.expect_navigation():
                enrolment(participant).get_by_role("button", name="Markér som gennemført").click()
            assert "31. oktober 2027" in enrolment(participant).inner_text()  # completed today
        assert page.get_by_test_id("competence-at-risk").count() == 0
        page.goto(status_page)
        assert "Husk: de obligatoriske moduler" not in page.inner_text("main")

        # Another municipality's case and task are closed to her.
        page.goto(live_server.url + f"/admin/sager/{odense.pk}/")
        assert page.url == live_server.url + "/admin/" and "Odense" not in page.inner_text("main")
        page.goto(live_server.url + f"/admin/opgaver/{open_task(odense).pk}/")
        assert "Du har ikke adgang til denne sag." in page.locator(".messages").inner_text()


def test_an_editors_day(live_server, page):
    """Editors run the public site: they approve readers' comments and write and publish news themselves."""
    demo.build(lambda message: None)
    editor = UserFactory(username="erik", first_name="Erik", last_name="Redaktør", groups=[Role.EDITOR])
    article = NewsArticlePage.objects.get(slug="hvad-er-peer-stoette")
    CommentFactory(article=article, name="Jonas", body="Tak, det var en hjælp.", approved=False)
    CommentFactory(article=article, name="Sælger", email="saelger@example.dk", body="Køb billige ure her.",
                   approved=False)

    # Readers' comments wait: the dashboard's panel leads to them; Erik approves one and rejects another.
    sign_in(page, live_server.url, editor.username)
    panel = page.locator("#pending-comments-section")
    waiting = Comment.objects.filter(approved=False).count()  # the demo has one waiting already
    assert f"{waiting} kommentarer til nyhederne venter på en redaktør." in panel.inner_text()
    assert page.get_by_test_id("panel-inbox").count() == 0  # no case handling for editors
    assert_accessible(page, "editor's dashboard")
    panel.get_by_role("link", name="Læs og godkend dem").click()
    page.wait_for_url("**/admin/news_comments/?status=pending")
    assert_accessible(page, "comments waiting")
    with page.expect_navigation():  # one click from the list of waiting comments
        page.get_by_role("button", name="Godkend kommentaren fra Jonas").click()
    assert "Kommentaren fra Jonas vises nu på siden." in page.locator(".messages").inner_text()
    page.get_by_role("link", name="Afvis… kommentaren fra Sælger").click()
    assert_accessible(page, "reject a comment")
    page.get_by_label("Begrundelse for afvisning").fill("Reklamer hører ikke hjemme i kommentarerne.")
    mail.outbox.clear()
    with page.expect_navigation():
        page.get_by_role("button", name="Afvis og send").click()
    assert "Kommentaren fra Sælger er afvist." in page.locator(".messages").inner_text()
    [rejection] = mail.outbox
    assert rejection.to == ["saelger@example.dk"] and "Reklamer hører ikke hjemme" in rejection.body
    assert "Tak, det var en hjælp" not in page.locator("main").inner_text()  # the list shows the waiting ones
    page.goto(live_server.url + article.url)
    comments = page.locator("#kommentarer").inner_text()
    assert "Tak, det var en hjælp." in comments and "billige ure" not in comments
    page.goto(live_server.url + "/admin/")
    assert f"{waiting - 2} kommentar til nyhederne venter" in page.locator("#pending-comments-section").inner_text()

    # He writes a news item and publishes it himself (cms migration 0009: no moderators' approval in between).
    write_news_item(page, live_server.url, "Nyt hold i august", "Tilmeld jer senest 1. oktober.")
    with page.expect_navigation():
        page.locator("button[name=action-publish]").click()
    assert NewsArticlePage.objects.get(title="Nyt hold i august").live
    page.goto(live_server.url + "/nyheder/")
    page.get_by_role("link", name="Nyt hold i august").click()
    assert "Tilmeld jer senest 1. oktober." in page.locator("main").inner_text()
