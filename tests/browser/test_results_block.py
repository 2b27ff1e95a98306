"""A public page with the "results" block, as an anonymous visitor sees it in headless Chromium: the table of
medians and changes, readable at desktop and phone width, with no axe-core violations."""

from datetime import date

import pytest

from cms.models import HomePage
from devtools.factories.cms import StandardPageFactory
from devtools.factories.workflows import (
    CohortFactory,
    ProgrammeFactory,
    RegistrationFactory,
    SelfAssessmentFactory,
    local,
)
from tests.support.browser import WCAG_22_AA, assert_accessible, screenshot
from workflows.outcomes.models import Indicator, SelfAssessment
from workflows.programme.models import Municipality

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_page_with_the_results_block_passes_axe_at_desktop_and_phone_width(live_server, page, tmp_path):
    cohort = CohortFactory(programme=ProgrammeFactory(), label="Hold A", starts_on=date(2025, 1, 6),
                           registration_opens=local(date(2024, 6, 1)), registration_closes=local(date(2024, 10, 1)))
    for n, municipality in enumerate(Municipality.objects.order_by("pk")[:6]):
        registration = RegistrationFactory(cohort=cohort, municipality=municipality)
        SelfAssessmentFactory(registration=registration, answers={"peer_roles": 1 + n % 3, "peers_employed": n % 2})
        SelfAssessmentFactory(registration=registration, kind=SelfAssessment.Kind.FINAL,
                              answers={"peer_roles": 3 + n % 3, "peers_employed": 2 + n})
    indicators = Indicator.objects.filter(key__in=["peer_roles", "peers_employed"])
    results_page = StandardPageFactory(parent=HomePage.objects.get(), title="Det viser forløbene", body=[
        {"type": "paragraph", "value": "<p>Kommunerne vurderer sig selv ved start og slut.</p>"},
        {"type": "results", "value": {"heading": "Udviklingen i kommunerne", "intro": "",
                                      "indicators": [str(indicator.pk) for indicator in indicators], "cohort": ""}},
    ])

    page.goto(live_server.url + results_page.url)
    table = page.locator(".results-block table")
    assert table.locator("tbody tr").count() == 2
    assert table.locator("caption").inner_text().strip()
    assert table.locator('th[scope="row"]').first.inner_text().startswith(indicators[0].label)
    assert_accessible(page, "a page with the results block", rules=WCAG_22_AA)
    screenshot(page, "results-block", tmp_path)
    page.set_viewport_size({"width": 375, "height": 800})
    page.screenshot(path=tmp_path / "results-block-phone.png", full_page=True)
    assert page.context.cookies() == []
