"""Page addresses in Danish without percent-escapes: æ, ø and å are spelt out (ae, oe, aa), as the demo's addresses
always were (`/om-peer-stoette/`, not `/om-peer-st%C3%B8tte/`).

Django's slugify drops ø and æ altogether (they have no ASCII decomposition) and Wagtail's admin script spells them
"o" and "a"; both are told the Danish spelling first. One table serves the server (`danish_slugify`, used by
`SitePage.full_clean` and for anchors) and the admin's script (`DanishSlugInput`, the page editor's slug field, which
fills itself from the title).
"""

from django.utils.text import slugify
from wagtail.admin.widgets import SlugInput

DANISH_LETTERS = {"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"}
_TRANSLITERATION = str.maketrans(DANISH_LETTERS)


def danish_slugify(text):
    """An ASCII slug with the Danish letters spelt out: "Evaluering af peer-støtte 2026" becomes
    "evaluering-af-peer-stoette-2026". Other accents lose their marks (é becomes e), as in Django's slugify."""
    return slugify(str(text).translate(_TRANSLITERATION))


class DanishSlugInput(SlugInput):
    """Wagtail's slug field, with the Danish letters spelt out before the admin's script makes the slug (its
    "formatters" run first, both when the slug follows the title and when an editor types one)."""

    def __init__(self, attrs=None):
        super().__init__(attrs, formatters=list(DANISH_LETTERS.items()))


def sibling_with_slug(parent_page, slug):
    """The page under `parent_page` that already has the address `slug` would get on a new page, or None."""
    slug = danish_slugify(slug or "")
    return parent_page.get_children().filter(slug=slug).first() if slug else None
