"""The one list of places where the product leans on a Wagtail or viewflow original it cannot extend: templates
copied to change what no catalogue can reach (English spelled out in the template itself, not a translatable
string) and internals of theirs that our code relies on. Each entry names the original and the SHA-256 of the
version it was made from; `tests/core/test_overrides.py` fails when the installed original changes, so an upgrade
makes someone compare and carry the change over (then update the digest here).

Everything else is done through their extension points: hooks, viewsets, template blocks (`{% extends %}`), the
message catalogues (locale/da), and viewflow's nodes and activations."""

from dataclasses import dataclass
from hashlib import sha256
from importlib.util import find_spec
from pathlib import Path


@dataclass(frozen=True)
class Override:
    ours: str  # our file (relative to the project), or "" for an internal we call
    package: str
    original: str  # the original, relative to the installed package
    digest: str  # SHA-256 of the original our file was made from
    why: str

    def installed_digest(self):
        return sha256((Path(find_spec(self.package).origin).parent / self.original).read_bytes()).hexdigest()


OVERRIDES = [
    Override("templates/wagtailadmin/home.html", "wagtail", "admin/templates/wagtailadmin/home.html",
             "7eb3ee7b5a9d1355b79a97fdc4c6a9c8612821bb1cdccf24efdd7a36c827c17d",
             "The page search box only for those who may explore pages; its hidden button says value=\"Search\" "
             "in the template itself."),
    Override("templates/wagtailadmin/shared/header.html", "wagtail", "admin/templates/wagtailadmin/shared/header.html",
             "37d78005e66127118fc8e9eee75c7d8d52aed5a3d3b36696285a176b5b5ba60c",
             "The choosers' hidden search button says value=\"Search\" in the template itself."),
    Override("templates/wagtailadmin/shared/headers/_actions.html", "wagtail",
             "admin/templates/wagtailadmin/shared/headers/_actions.html",
             "facea723b6b917627f718d47a945c79fabcb1cbc516983c66cb6801b6a9a1557",
             "The header's actions say aria-label=\"Actions\" in the template itself."),
    Override("templates/wagtailadmin/tables/boolean_cell.html", "wagtail",
             "admin/templates/wagtailadmin/tables/boolean_cell.html",
             "f52d1f7945b2b176e1921c5014774ceddd883008e0be68a4e3e964cb73e52619",
             "A yes/no column's icon is named \"True\" or \"False\" for screen readers (the value formatted as a "
             "string in the template itself): Ja, Nej, Ukendt."),
    Override("", "viewflow", "workflow/flow/utils.py",
             "b2237d1fee7ad4820988d347ddcf152f770c6f3f9bd554c59f4de66e83cb7b25",
             "The staff task screen (workflows/staff/task_screen.py) runs a step through the node's own execute view "
             "(`view_path`, built by `wrap_view` here): its owner check, lock and transaction must stay as they are."),
]
