"""The programme page's cohort table on a phone: every column readable without a hidden sideways scroll."""

from pathlib import Path

import pytest
from django.conf import settings

from cms.models import ProgrammePage
from devtools.demo import cms as demo
from tests.support.browser import WCAG_22_AA, assert_accessible
from tests.support.programme import add_cohorts

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(settings.VAR_DIR) / "screenshots"


@pytest.mark.parametrize("width", [375, 1280])
def test_every_cohort_and_its_seats_left_are_readable_at_phone_and_desktop_width(live_server, page, width):
    demo.build(lambda message: None)
    programme_page = ProgrammePage.objects.get()
    add_cohorts(programme_page.programme)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + programme_page.url)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator(".programme-status").screenshot(path=SCREENSHOTS / f"programme-cohorts-{width}.png")

    table = page.locator(".programme-status table")
    hidden_sideways = table.evaluate("table => table.parentElement.scrollWidth - table.parentElement.clientWidth")
    assert hidden_sideways <= 0, f"{hidden_sideways}px of the table are out of sight at {width}px"
    rows = table.locator("tbody tr")
    assert rows.count() == 2
    for row in rows.all():
        for cell in row.locator("th, td").all():
            box = cell.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= width, (width, cell.inner_text())
        seats = row.locator("td").last
        label = seats.evaluate("cell => getComputedStyle(cell, '::before').content")
        if width < 640:  # stacked: each value says what it is
            assert "Ledige pladser" in label and seats.inner_text().strip() in ("20", "Lukket")
        else:  # a table with its column headings
            assert label in ("none", "normal") and table.locator("thead").is_visible()
    assert_accessible(page, "programme page", widths=(width,), rules=WCAG_22_AA)
