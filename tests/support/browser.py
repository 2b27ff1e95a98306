"""Helpers for the browser tests: signing in at the Wagtail login and to "Jeres forløb" by an emailed link, finding
a task's row and a case page's tab, filling in a self-assessment, axe-core's WCAG checks at desktop and phone width,
and the screenshots in docs/screenshots/."""

import io
import os
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe

from cms.models import NewsIndexPage
from devtools.factories.core import UserFactory
from tests.municipality.conftest import SIGN_IN, last_link

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# The public pages also meet WCAG 2.2 AA's target size, which Lighthouse checks; Wagtail's admin is held to 2.1.
WCAG_22_AA = [*WCAG_21_AA, "wcag22aa"]
DESKTOP, PHONE = 1280, 375
HEIGHT = 800
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

_axe = Axe()


def sign_in(page, base_url, username, password="password-for-tests"):
    """Sign in through the Wagtail login form, as a person does, and land on the dashboard."""
    page.set_default_timeout(10_000)  # a missing element fails in seconds, not half a minute
    page.goto(base_url + "/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.click("button[type=submit]")


def sign_in_by_link(page, base_url, address):
    """Sign one of a municipality's people in to "Jeres forløb" as they do: ask for a link on the sign-in page, open
    the newest link emailed to `address` and press its button; they land on their plan."""
    page.set_default_timeout(10_000)
    page.goto(base_url + SIGN_IN)
    page.get_by_label("Din e-mailadresse på arbejdet").fill(address)
    with page.expect_navigation():
        page.get_by_role("button", name="Send mig et link til at logge ind").click()
    page.goto(base_url + last_link(address))
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name="Log ind").click()


def row_of(page, task):
    """A task's row in a task list or a case's task tab (its title carries the task's id)."""
    return page.locator("tr").filter(has=page.locator(f"#task_{task.pk}_title"))


def open_tab(page, name):
    """Open a tab of a case's page; returns its panel."""
    page.get_by_role("tab", name=name).click()
    return page.get_by_role("tabpanel", name=name)


def fill_self_assessment(page, scale, number):
    """Answer every question of a self-assessment's form in "Jeres forløb": `scale` on each 1–5 scale, `number` in
    each number field."""
    for field in page.locator("main input[type=number]").all():
        field.fill(str(number))
    for name in {radio.get_attribute("name") for radio in page.locator("main input[type=radio]").all()}:
        page.locator(f'input[name="{name}"][value="{scale}"]').check()


def sign_in_as_administrator(page, base_url):
    UserFactory(username="admin", is_superuser=True, is_staff=True)
    sign_in(page, base_url, "admin")


def write_news_item(page, base_url, title, text):
    """Write a news item in Wagtail's page editor, as an editor does, and leave the editor's action menu open."""
    index = NewsIndexPage.objects.get()
    page.goto(base_url + f"/admin/pages/add/cms/newsarticlepage/{index.pk}/")
    page.locator("#id_title").fill(title)
    page.locator("#id_intro").fill("Der er stadig pladser på holdet, der starter i august.")
    body = page.locator("[data-contentpath=body]")
    body.get_by_role("button", name="Indsæt en blok").first.click()
    page.get_by_role("option", name="Tekst").first.click()
    editor = body.locator(".public-DraftEditor-content").first
    editor.click()
    editor.press_sequentially(text, delay=20)
    page.wait_for_timeout(300)
    page.locator("button[data-w-dropdown-target=toggle]").last.click()


def settled(page):
    """Wait until the page's short animations and transitions have ended: Wagtail fades its messages in, and
    half-faded text fails the contrast rule. (Long ones, like the help menu's 25-second "new" badge, run on.)"""
    page.wait_for_function("""() => document.getAnimations().every(animation =>
        animation.playState !== 'running' || animation.effect.getComputedTiming().endTime > 2000)""")


def violations(page, rules=WCAG_21_AA):
    """axe-core's violations of the rules tagged `rules` (all of axe's default rules, best practices included, when
    None) on the whole page, Wagtail's own sidebar and header included. None is set aside: the pages visited have
    none, Wagtail's markup included."""
    settled(page)
    options = {"resultTypes": ["violations"]}
    if rules is not None:
        options["runOnly"] = {"type": "tag", "values": rules}
    results = _axe.run(page, options=options).response["violations"]
    found = []
    for violation in results:
        found.append(f"{violation['id']} ({violation['help']}): " + "; ".join(
            f"{' '.join(map(str, node['target']))} {node['html'][:160]}" for node in violation["nodes"]))
    return found


def sideways_overflow(page):
    """What reaches past the right edge of the page, or None: a page that scrolls sideways, or (since Wagtail's
    body hides horizontal overflow, so its documents never scroll sideways) something in the main content that is
    cut off. Content in a box that scrolls by itself (a wide table) is fine, and so is what is not shown
    (visibility: hidden)."""
    return page.evaluate("""() => {
        const root = document.documentElement;
        const sideways = root.scrollWidth - root.clientWidth;
        if (sideways > 0) return `the page scrolls ${sideways}px sideways`;
        const main = document.querySelector('main');
        if (!main) return null;
        const edge = main.getBoundingClientRect().right;
        const inScrollingBox = el => {
            for (let up = el.parentElement; up && up !== main; up = up.parentElement) {
                if (getComputedStyle(up).overflowX !== 'visible') return true;
            }
            return false;
        };
        const describe = el => {
            const classes = typeof el.className === 'string' ? el.className.trim().split(/\\s+/) : [];
            return el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + classes.map(c => c && '.' + c).join('');
        };
        for (const el of main.querySelectorAll('*')) {
            const right = el.getBoundingClientRect().right;
            if (right > edge + 1 && getComputedStyle(el).visibility !== 'hidden' && !inScrollingBox(el)) {
                return `${Math.round(right - edge)}px of ${describe(el)} is cut off at the right`;
            }
        }
        return null;
    }""")


def assert_accessible(page, label, widths=(DESKTOP, PHONE), rules=WCAG_21_AA):
    """axe-core finds no violation of `rules` at each width, and nothing is cut off at the right edge. Leaves the
    page at desktop width."""
    problems = []
    for width in widths:
        page.set_viewport_size({"width": width, "height": HEIGHT})
        problems += [f"{label} at {width}px: {problem}" for problem in violations(page, rules)]
        overflow = sideways_overflow(page)
        if overflow:
            problems.append(f"{label} at {width}px: {overflow}")
    page.set_viewport_size({"width": DESKTOP, "height": HEIGHT})
    assert not problems, "\n".join(problems)


def screenshot(page, name, tmp_path):
    """A 1280 px wide PNG of what the person sees. It goes to docs/screenshots/ when UPDATE_SCREENSHOTS is set
    (`make screenshots`), else to the test's temporary folder, so an ordinary run leaves the work tree alone.
    Reduced to 256 colours: a screenshot of the admin stays well under 100 kB."""
    from PIL import Image

    page.set_viewport_size({"width": DESKTOP, "height": HEIGHT})
    page.mouse.move(0, 0)  # no hover effects in the picture
    page.evaluate("document.activeElement && document.activeElement.blur()")  # nor a focus ring
    image = Image.open(io.BytesIO(page.screenshot(animations="disabled", caret="hide")))
    folder = SCREENSHOTS if os.environ.get("UPDATE_SCREENSHOTS") else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)
    return path
