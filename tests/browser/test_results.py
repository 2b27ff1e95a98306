"""The coordinators' results page in headless Chromium: a coordinator opens it from the menu, reads a cohort's
figures, filters by cohort, and drills down to a cohort's municipalities; every page passes axe-core's WCAG 2.1 A/AA
checks at 1280 and 375 px with nothing cut off at the right edge."""

import pytest

from devtools.factories.core import UserFactory
from tests.staff.test_results import BASELINE, MIDWAY, answered, cohort, municipalities
from tests.support.browser import assert_accessible, sign_in
from workflows.permissions import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_reads_and_filters_the_results(live_server, page):
    january, later = cohort("Januar 2027"), cohort("Januar 2028", 2028)
    answered(january, municipalities("hovedstaden", 6), (BASELINE, [1, 2, 2, 3, 4, 5]), (MIDWAY, [3, 3, 4, 4, 5]))
    answered(later, municipalities("syddanmark", 4), (BASELINE, [2, 2, 3, 3]))
    UserFactory(username="carla", first_name="Carla", last_name="Koordinator", groups=[Role.COORDINATOR])
    sign_in(page, live_server.url, "carla")

    page.get_by_role("button", name="Sagsbehandling").click()  # the menu
    page.locator('a[href="/admin/overblik/resultater/"]').click()
    page.wait_for_url("**/admin/overblik/resultater/")
    baseline = page.get_by_test_id("line-baseline").first
    assert baseline.locator("td").all_inner_texts() == ["6", "1", "1", "1"]  # the first question: a number, all 1
    roles = page.locator("main section").filter(has_text="Hvor klart er de roller, jeres peers har?")
    assert roles.get_by_test_id("line-baseline").first.locator("td").all_inner_texts() == ["6", "2,5", "2", "3,75"]
    assert roles.get_by_test_id("too-few").count() == 2 + 5  # January's end; every line of 2028 (four answered)
    assert_accessible(page, "results")

    page.get_by_label("Hold").select_option(label="Januar 2028")
    with page.expect_navigation():
        page.get_by_role("button", name="Vis", exact=True).click()
    assert f"cohort={later.pk}" in page.url
    tables = [table.get_attribute("data-testid") for table in page.locator("table[data-testid^=result-]").all()]
    assert len(tables) == 7 and all(table.endswith(f"-{later.pk}") for table in tables)  # seven questions, one cohort
    assert page.get_by_test_id("bar").count() == 0  # four municipalities: no figure, no bar
    assert_accessible(page, "results filtered by cohort")

    page.goto(live_server.url + f"/admin/overblik/resultater/hold/{january.pk}/")
    assert page.get_by_test_id("cohort-municipalities").locator("tbody tr").count() == 6
    assert_accessible(page, "a cohort's municipalities")
